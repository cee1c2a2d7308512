"""A tiny fake "generated package" for the runtime tests: hand-built OperationSpecs, models, a fake clock,
scripted MockTransport handlers and a scripted real HTTP server on 127.0.0.1.

The runtime is imported directly as `generator.runtime`, exactly the files a generated package copies.
"""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pydantic
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from generator.runtime import OperationSpec, PaginationSpec, ParamSpec, PollSpec

BASE_URL = "https://api.test/v1"


class Customer(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="allow", populate_by_name=True)

    id: int
    name: str
    vat_number: str | None = pydantic.Field(default=None, alias="vatNumber")


class ApiErrorModel(pydantic.BaseModel):
    code: str
    message: str
    request_id: str | None = None


GET_CUSTOMER = OperationSpec("getCustomer", "GET", "/customers/{id}", params=(ParamSpec("id", "path"),), unwrap="/customer")
LIST_CUSTOMERS = OperationSpec("listCustomers", "GET", "/customers", error_models=(("4XX", ApiErrorModel),))
CREATE_CUSTOMER = OperationSpec("createCustomer", "POST", "/customers", error_models=(("400", ApiErrorModel),))
CREATE_IDEMPOTENT = OperationSpec("createInvoice", "POST", "/invoices.json", idempotency_field="proprietary_uid", request_root="invoice")


@dataclass
class FakeClock:
    """Monotonic and wall clock in one; `sleep` records the wait and moves time on (no real waiting)."""

    now: float = 1_700_000_000.0
    sleeps: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def monotonic(self) -> float:
        return self.now

    def wall(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.sleeps.append(seconds)
            self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


Step = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class Script:
    """A MockTransport handler answering with the given steps in order (the last one repeats)."""

    def __init__(self, *steps: Step) -> None:
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []
        self._lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests.append(request)
            step = self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
        if isinstance(step, Exception):
            raise step
        if callable(step):
            return step(request)
        # a fresh copy: a Response object that went through one client cannot go through another
        return httpx.Response(step.status_code, headers=step.headers, content=step.content)

    def count(self, method: str, path: str) -> int:
        return sum(1 for r in self.requests if r.method == method and r.url.path == path)


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def make_jwt(claims: dict[str, Any]) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'RS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk"


# --- a scripted HTTP server on 127.0.0.1 ------------------------------------------------------------


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Action:
    """respond: status/headers/body; drop: read the request, close without answering; delay: then respond."""

    kind: str = "respond"
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class ScriptedServer:
    def __init__(self) -> None:
        self.plans: dict[str, list[Action]] = {}
        self.received: list[Received] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = self.path.split("?")[0]
                with server.lock:
                    server.received.append(Received(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                    plan = server.plans.get(path) or [Action(status=404, body={"message": "no plan"})]
                    action = plan.pop(0) if len(plan) > 1 else plan[0]
                if action.kind == "drop":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if action.delay:
                    time.sleep(action.delay)
                payload = b"" if action.body is None else json.dumps(action.body).encode()
                try:
                    self.send_response(action.status)
                    for key, value in action.headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    self.close_connection = True

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def plan(self, path: str, *actions: Action) -> None:
        with self.lock:
            self.plans[path] = list(actions)

    def hits(self, method: str, path: str) -> list[Received]:
        return [r for r in self.received if r.method == method and r.path.split("?")[0] == path]


PAGE_OP = OperationSpec(
    "listProducts",
    "GET",
    "/products",
    pagination=PaginationSpec(
        style="page", items="/products", page_param="page", size_param="limit", total_pages="/pagination/number_pages"
    ),
)
POLL_OP = OperationSpec("getPdf", "GET", "/api/pdf/{id}.json", poll=PollSpec(status=202, interval=1.0, timeout=10.0), unwrap="/output")


# --- Wisedat: GET /status gives the RSA key, POST /authentication/login takes the encrypted credentials --

STATUS = OperationSpec("getStatus", "GET", "/status")
LOGIN = OperationSpec("login", "POST", "/authentication/login")
PRODUCTS = OperationSpec("listProducts", "GET", "/products", security=(("wdapi",),))


def _b64_int(value: int) -> str:
    return base64.b64encode(value.to_bytes((value.bit_length() + 7) // 8, "big")).decode()


class WisedatServer:
    def __init__(self, key: rsa.RSAPrivateKey, clock: FakeClock, *, lifetime: float | None = 1800.0, api_key: str = "key-123") -> None:
        self.key = key
        self.api_key = api_key
        self.clock = clock
        self.lifetime = lifetime
        self.plaintexts: list[str] = []
        self.ciphertexts: list[str] = []
        self.tokens: list[str] = []
        self.reject = 0
        self.calls: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        auth = request.headers.get("Authorization", "")
        if request.url.path.endswith("/status"):
            assert auth == f"WDAPI {self.api_key}"
            numbers = self.key.public_key().public_numbers()
            return json_response(200, {"PublicKey": [_b64_int(numbers.n), _b64_int(numbers.e)], "Version": "1.7"})
        if request.url.path.endswith("/authentication/login"):
            assert request.content == b""
            scheme, ciphertext = auth.split(" ", 1)
            assert scheme == "WDAPI"
            self.ciphertexts.append(ciphertext)
            self.plaintexts.append(self.key.decrypt(base64.b64decode(ciphertext), padding.PKCS1v15()).decode())
            claims: dict[str, Any] = {"sub": "ana", "n": len(self.tokens)}
            if self.lifetime is not None:
                claims["exp"] = int(self.clock.wall() + self.lifetime)
            self.tokens.append(make_jwt(claims))
            return json_response(200, {"auth_token": self.tokens[-1]})
        if not self.tokens or auth != f"Bearer {self.tokens[-1]}" or self.reject:
            self.reject = max(0, self.reject - 1)
            return json_response(401, {"message": "token expired"})
        return json_response(200, {"products": []})
