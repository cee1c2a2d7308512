"""Auth strategies: static schemes, selection per operation, the Gestix session and the Wisedat RSA login."""

from __future__ import annotations

import asyncio
import base64
import threading
import time
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from generator.runtime import (
    ApiKeyAuth,
    AuthenticationError,
    BasicAuth,
    BearerAuth,
    ClientError,
    OperationSpec,
    PaginationSpec,
    PermissionDeniedError,
    RsaLoginAuth,
    SessionAuth,
)

from .fakes import LOGIN, PRODUCTS, STATUS, FakeClock, Script, WisedatServer, json_response

HELO = OperationSpec("helo", "GET", "/helo", security=(("apiToken",),))
AUTH = OperationSpec("auth", "POST", "/auth", nonce_param="nonce")
CUSTOMERS = OperationSpec("listCustomers", "GET", "/customers", security=(("session",),))
CREATE = OperationSpec("createCustomer", "POST", "/customers", security=(("session",),), nonce_param="nonce")


def gestix_auth(api_token: str | None = "api-token-1") -> dict[str, Any]:
    return {
        "apiToken": BearerAuth(api_token),
        "session": SessionAuth(login=HELO, token_pointer="/xa-token", login_scheme="apiToken", relogin_status=(403,)),
    }


class GestixServer:
    """/helo hands out session-1, session-2, ...; /customers accepts only the newest session."""

    def __init__(self, *, login_delay: float = 0.0, reject: int = 0) -> None:
        self.logins = 0
        self.current: str | None = None
        self.reject = reject  # answer 403 to this many otherwise valid calls ("session expired")
        self.login_delay = login_delay
        self.lock = threading.Lock()
        self.calls: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        if request.url.path.endswith("/helo") or request.url.path.endswith("/auth"):
            time.sleep(self.login_delay)
            with self.lock:
                self.logins += 1
                self.current = f"session-{self.logins}"
            return json_response(200, {"xa-token": self.current})
        if request.headers.get("Authorization") != f"Bearer {self.current}":
            return json_response(403, {"code": "AUTH_FAILED", "message": "invalid session"})
        with self.lock:
            if self.reject:
                self.reject -= 1
                return json_response(403, {"code": "AUTH_FAILED", "message": "session expired"})
        return json_response(201 if request.method == "POST" else 200, [])


def test_static_strategies(make_sync: Any) -> None:
    script = Script(json_response(200, {}))
    op = OperationSpec("x", "GET", "/x", security=(("key",), ("basic",)))
    make_sync(script, auth={"key": ApiKeyAuth("k1", name="api_key", location="query")}).request(op)
    make_sync(script, auth={"key": ApiKeyAuth("k2", name="X-Api-Key", location="header", prefix="Key ")}).request(op)
    make_sync(script, auth={"key": ApiKeyAuth("k3", name="sid", location="cookie")}).request(op)
    make_sync(script, auth={"key": ApiKeyAuth(None), "basic": BasicAuth("user", "pw")}).request(op)
    make_sync(script, auth={"bearer": BearerAuth("t")}).request(OperationSpec("y", "GET", "/y", security=(("bearer",),)))
    query, header, cookie, basic, bearer = script.requests
    assert query.url.params["api_key"] == "k1"
    assert header.headers["X-Api-Key"] == "Key k2"
    assert cookie.headers["Cookie"] == "sid=k3"
    assert basic.headers["Authorization"] == "Basic " + base64.b64encode(b"user:pw").decode()
    assert bearer.headers["Authorization"] == "Bearer t"


def test_missing_credentials_name_the_constructor_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    from gestix_client import Gestix, GestixError

    for name in ("GESTIX_API_TOKEN", "GESTIX_USERNAME", "GESTIX_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(GestixError) as info:
        next(iter(Gestix(account="acme", base_url="http://127.0.0.1:9").customers.list()))
    assert str(info.value) == (
        "listCustomers needs credentials: pass api_token= (or GESTIX_API_TOKEN), "
        "or username= (or GESTIX_USERNAME) and password= (or GESTIX_PASSWORD) to the client"
    )


def test_selection_needs_configured_credentials(make_sync: Any) -> None:
    script = Script(json_response(200, {}))
    client = make_sync(script, auth={"bearer": BearerAuth(None)})
    with pytest.raises(ClientError, match="y needs credentials: pass bearer to the client"):
        client.request(OperationSpec("y", "GET", "/y", security=(("bearer",),)))
    client.request(OperationSpec("z", "GET", "/z", security=(("bearer",), ())))  # auth optional
    client.request(OperationSpec("n", "GET", "/n"))
    assert all("Authorization" not in r.headers for r in script.requests)


def test_session_login_is_lazy_and_reused(make_sync: Any) -> None:
    server = GestixServer()
    client = make_sync(server, auth=gestix_auth())
    assert server.logins == 0
    client.request(CUSTOMERS)
    client.request(CUSTOMERS)
    assert server.logins == 1
    helo = server.calls[0]
    assert helo.url.path == "/v1/helo" and helo.headers["Authorization"] == "Bearer api-token-1"
    assert server.calls[1].headers["Authorization"] == "Bearer session-1"


def test_session_403_relogs_once_and_repeats_even_a_write(make_sync: Any) -> None:
    server = GestixServer(reject=1)
    client = make_sync(server, auth=gestix_auth())
    client.request(CREATE, body={"name": "x"})
    assert server.logins == 2
    posts = [r for r in server.calls if r.method == "POST" and r.url.path == "/v1/customers"]
    assert [r.headers["Authorization"] for r in posts] == ["Bearer session-1", "Bearer session-2"]
    nonces = [int(r.url.params["nonce"]) for r in posts]
    assert nonces[0] < nonces[1]  # the repeat carries a fresh nonce


def test_second_403_is_permission_denied(make_sync: Any) -> None:
    server = GestixServer(reject=2)
    client = make_sync(server, auth=gestix_auth())
    with pytest.raises(PermissionDeniedError) as info:
        client.request(CUSTOMERS)
    assert info.value.error_code == "AUTH_FAILED"
    assert server.logins == 2


@pytest.mark.timeout(10)  # a runtime that re-logs forever fails here at 10 s instead of hanging the run
def test_a_server_that_always_rejects_the_session_cannot_loop_the_client(make_sync: Any) -> None:
    server = GestixServer(reject=10**9)
    client = make_sync(server, auth=gestix_auth())
    with pytest.raises(PermissionDeniedError):
        client.request(CUSTOMERS)
    assert server.logins == 2  # one login, one re-login, then the 403 surfaces


def test_session_expiring_mid_stream(make_sync: Any) -> None:
    server = GestixServer()
    client = make_sync(server, auth=gestix_auth())
    for _ in range(3):
        client.request(CUSTOMERS)
    server.reject = 1
    for _ in range(3):
        client.request(CUSTOMERS)
    assert server.logins == 2


def test_login_failure_surfaces(make_sync: Any) -> None:
    client = make_sync(Script(json_response(403, {"code": "AUTH_FAILED", "message": "bad api token"})), auth=gestix_auth())
    with pytest.raises(PermissionDeniedError, match="bad api token"):
        client.request(CUSTOMERS)


def test_twenty_threads_first_call_log_in_once(make_sync: Any) -> None:
    server = GestixServer(login_delay=0.05)
    client = make_sync(server, auth=gestix_auth())
    barrier = threading.Barrier(20)
    errors: list[BaseException] = []

    def call() -> None:
        barrier.wait()
        try:
            client.request(CUSTOMERS)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert server.logins == 1


def test_twenty_tasks_first_call_log_in_once(make_async: Any) -> None:
    server = GestixServer()

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/helo"):
            await asyncio.sleep(0.02)
        return server(request)

    async def main() -> None:
        async with make_async(handler, auth=gestix_auth()) as client:
            await asyncio.gather(*(client.request(CUSTOMERS) for _ in range(20)))
            server.reject = 1
            await asyncio.gather(*(client.request(CUSTOMERS) for _ in range(5)))

    asyncio.run(main())
    assert server.logins == 2


def test_alternative_username_password_login(make_sync: Any) -> None:
    server = GestixServer()
    session = SessionAuth(
        login=HELO,
        token_pointer="/xa-token",
        login_scheme="apiToken",
        alt_login=AUTH,
        alt_login_params={"username": "ana", "password": "pw-1"},
    )
    client = make_sync(server, auth={"apiToken": BearerAuth(None), "session": session})
    client.request(CUSTOMERS)
    login = server.calls[0]
    assert login.method == "POST" and login.url.path == "/v1/auth"
    assert login.url.params["username"] == "ana" and login.url.params["password"] == "pw-1" and "nonce" in login.url.params


def test_session_needs_a_static_login_scheme(make_sync: Any) -> None:
    with pytest.raises(ValueError, match="login_scheme"):
        make_sync(Script(json_response(200, {})), auth={"session": SessionAuth(login=HELO, token_pointer="/t", login_scheme="missing")})


# --- Wisedat RSA login ------------------------------------------------------------------------------


def wisedat_auth(**kwargs: Any) -> dict[str, Any]:
    return {
        "wdapi": RsaLoginAuth(
            key_operation=STATUS,
            key_pointer="/PublicKey",
            login=LOGIN,
            token_pointer="/auth_token",
            api_key="key-123",
            username="ana",
            password="pw-secret",
            **kwargs,
        )
    }


def test_rsa_login_encrypts_key_user_password(make_sync: Any, clock: FakeClock, private_key: rsa.RSAPrivateKey) -> None:
    server = WisedatServer(private_key, clock)
    client = make_sync(server, auth=wisedat_auth())
    client.request(PRODUCTS)
    client.request(PRODUCTS)
    assert server.plaintexts == ["key-123;ana;pw-secret"]
    assert server.calls[-1].headers["Authorization"] == f"Bearer {server.tokens[0]}"


def test_rsa_relogin_before_jwt_exp(make_sync: Any, clock: FakeClock, private_key: rsa.RSAPrivateKey) -> None:
    server = WisedatServer(private_key, clock, lifetime=1800)
    client = make_sync(server, auth=wisedat_auth())
    client.request(PRODUCTS)
    clock.now += 1800 - 90
    client.request(PRODUCTS)
    assert len(server.tokens) == 1
    clock.now += 45  # now 45 s before exp: inside the 60 s margin
    client.request(PRODUCTS)
    assert len(server.tokens) == 2  # renewed before the server could refuse the old one
    assert server.calls[-1].headers["Authorization"] == f"Bearer {server.tokens[1]}"
    assert server.reject == 0 and len(server.calls) == 3 + 1 + 3  # no 401 was ever answered


def test_rsa_ttl_without_exp_claim(make_sync: Any, clock: FakeClock, private_key: rsa.RSAPrivateKey) -> None:
    server = WisedatServer(private_key, clock, lifetime=None)
    client = make_sync(server, auth=wisedat_auth(ttl=600))
    client.request(PRODUCTS)
    clock.now += 600 - 59
    client.request(PRODUCTS)
    assert len(server.tokens) == 2


def test_rsa_401_relogs_once_then_authentication_error(make_sync: Any, clock: FakeClock, private_key: rsa.RSAPrivateKey) -> None:
    server = WisedatServer(private_key, clock)
    client = make_sync(server, auth=wisedat_auth())
    client.request(PRODUCTS)
    server.reject = 1  # the daily key rotation invalidated the token
    client.request(PRODUCTS)
    assert len(server.tokens) == 2
    server.reject = 2
    with pytest.raises(AuthenticationError, match="token expired"):
        client.request(PRODUCTS)
    assert len(server.tokens) == 3


def test_rsa_async(make_async: Any, clock: FakeClock, private_key: rsa.RSAPrivateKey) -> None:
    server = WisedatServer(private_key, clock)

    async def main() -> None:
        async with make_async(server, auth=wisedat_auth()) as client:
            await asyncio.gather(*(client.request(PRODUCTS) for _ in range(10)))

    asyncio.run(main())
    assert server.plaintexts == ["key-123;ana;pw-secret"]


def test_session_refused_in_the_middle_of_pagination(make_sync: Any) -> None:
    op = OperationSpec(
        "listCustomers",
        "GET",
        "/customers",
        security=(("session",),),
        pagination=PaginationSpec(style="offset", items="", offset_param="skip", size_param="limit"),
    )
    rows = list(range(7))
    server = GestixServer()

    def handler(request: httpx.Request) -> httpx.Response:
        answer = server(request)
        if answer.status_code != 200 or request.url.path.endswith("/helo"):
            return answer
        skip = int(request.url.params["skip"]) if "skip" in request.url.params else 0
        if skip == 4 and server.logins == 1:
            server.reject = 1  # the session expires between page 2 and page 3
            return server(request)
        return json_response(200, rows[skip : skip + 2])

    client = make_sync(handler, auth=gestix_auth())
    assert list(client.paginate(op, params={"limit": 2}, item_type=int)) == rows
    assert server.logins == 2
