"""The mock vendor as a Starlette app: route -> auth -> validate -> answer (recording, example).

Order matters and mirrors a real server: an unknown path is 404 before anything else, missing credentials
are refused before the input is looked at, bad input gets the vendor's validation error, and only then is
a recorded (or example) answer replayed.
"""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any, NamedTuple

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..conformance.checks import make_request, request_issues
from ..conformance.oas import Operation
from ..conformance.recordings import Recording, load_recording
from ..conformance.specdoc import load_spec_dict
from .auth import AuthState, LoginRole
from .errors import error_answer
from .faults import FaultConfig, FaultPlan
from .middleware import FaultMiddleware
from .replay import Replay, canonical_json, example_answer
from .routing import Router

__all__ = ["MockServer", "build_app"]

_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
_SKIP_HEADERS = {"content-length", "transfer-encoding", "connection", "content-encoding", "date", "server"}
SESSION_HEADER = "x-mock-session"
ANSWER_HEADER = "x-mock-answer"
"""Where an answer came from: `recorded <file>`, `example`, `nearest <file>` (recorded for another
request), `synthesized <why>` (made up by the mock): tests can tell recorded answers from invented ones."""


def build_app(
    spec_path: str | Path,
    recordings_dir: str | Path | None,
    faults: FaultConfig | None = None,
    seed: int | None = None,
) -> Starlette:
    """A mock of the API in `spec_path` answering from the recordings in `recordings_dir`."""
    spec = load_spec_dict(spec_path)
    directory = Path(recordings_dir) if recordings_dir is not None else None
    files = sorted(directory.glob("*.yaml")) if directory is not None and directory.is_dir() else []
    server = MockServer(spec, [load_recording(p) for p in files])
    routes = [
        Route("/__mock__/reset", server.reset, methods=["POST", "GET"]),
        Route("/__mock__/expire", server.expire, methods=["POST", "GET"]),
        Route("/__mock__/stats", server.stats, methods=["GET"]),
        Route("/{path:path}", server.handle, methods=_METHODS),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(FaultMiddleware, plan=FaultPlan(faults, seed), answer=server.fault_answer)
    app.state.mock = server
    return app


class _Answer(NamedTuple):
    status: int
    content_type: str | None
    payload: Any
    headers: dict[str, str]


class MockServer:
    """State of one mock app: router, auth, replay positions and nonces."""

    def __init__(self, spec: dict[str, Any], recordings: list[Recording]) -> None:
        self.spec = spec
        self.router = Router(spec)
        self.auth = AuthState(spec)
        self.roles = self.auth.roles()
        self.ignored = self.router.ignored_query()
        self.replay = Replay(spec, recordings, self.ignored)
        self.nonces: dict[str, int] = {}
        self.seen: dict[str, set[str]] = {}
        """Requests answered per session: what a later 409 conflicts with (a created record, a uid in flight)."""
        self.traffic = Traffic()

    async def reset(self, request: Request) -> Response:
        """Restart sequences and forget created records and nonces: of one `x-mock-session` when the
        request names one, else of every session, with the traffic counts (tokens stay valid)."""
        session = request.headers.get(SESSION_HEADER)
        if session is None:
            self.replay.reset()
            self.nonces.clear()
            self.seen.clear()
            self.traffic = Traffic()
        else:
            self.replay.reset_session(session)
            self.seen.pop(session, None)
        return JSONResponse({"reset": session if session is not None else True})

    async def stats(self, request: Request) -> Response:
        """What this mock has seen: requests, logins, nonce rejections; with `?period=S`, the most
        requests that arrived within any `S` seconds (to check a client's rate limit on the server side)."""
        period = request.query_params.get("period")
        try:
            window = float(period) if period is not None else None
        except ValueError:
            return JSONResponse({"error": f"period must be a number of seconds, got {period!r}"}, status_code=400)
        return JSONResponse(self.traffic.summary(window))

    async def expire(self, request: Request) -> Response:
        return JSONResponse({"expired": self.auth.expire()})

    def fault_answer(self, status: int, path: str) -> Response:
        answer = error_answer(self.spec, None, status, f"injected fault: {status}", path)
        headers = {"retry-after": "1"} if status == 429 else {}
        return _json(answer.status, answer.content_type, answer.body, {**headers, ANSWER_HEADER: "synthesized fault"})

    async def handle(self, request: Request) -> Response:
        self.traffic.arrivals.append(time.time())
        path = self.router.strip(request.url.path)
        method = request.method.upper()
        op, known_path = self.router.find(method, path)
        if op is None:
            status = 405 if known_path else 404
            return self._error(None, status, f"no operation {method} {path}", path)
        headers = {k.lower(): v for k, v in request.headers.items()}
        query = {k: request.query_params.getlist(k) for k in request.query_params}
        failure = self.auth.check(op.node, headers, {k: v[0] for k, v in query.items()})
        if failure is not None:
            return self._error(op.node, failure.status, failure.message, path)
        body = await request.body()
        invalid = self._validate(op, method, path, query, headers, body)
        if invalid is not None:
            return invalid
        return self._answer(op, method, path, query, headers, body)

    def _validate(
        self, op: Operation, method: str, path: str, query: dict[str, list[str]], headers: dict[str, str], body: bytes
    ) -> Response | None:
        """The vendor's validation error for bad input (declared 400/422 schema), else None."""
        mock_request = make_request(self.spec, op.node, method, path, query, headers, body)
        issues = [i for i in request_issues(self.spec, mock_request, op) if i.where != "security"]
        nonce_error = self._nonce_error(op, query, headers)
        if not issues and nonce_error is None:
            return None
        status = self._validation_status(op.node, body_error=any(i.where == "body" for i in issues))
        message = "; ".join(f"{i.where} {i.pointer or '/'}: {i.message}" for i in issues) or str(nonce_error)
        return self._error(op.node, status, message, path, issues)

    def _nonce_error(self, op: Operation, query: dict[str, list[str]], headers: dict[str, str]) -> str | None:
        """An `x-nonce` parameter must grow strictly within a session (per credential)."""
        for param in op.parameters(self.spec):
            name = str(param.get("name"))
            if param.get("x-nonce") and name in query:
                session = headers.get("authorization", "")
                try:
                    value = int(query[name][0])
                except ValueError:
                    return f"{name} must be an integer"
                if value <= self.nonces.get(session, -1):
                    self.traffic.nonce_rejections += 1
                    return f"{name} {value} is not greater than the previous {self.nonces[session]}"
                self.nonces[session] = value
        return None

    def _validation_status(self, node: dict[str, Any], body_error: bool) -> int:
        declared = {str(s) for s in (node.get("responses") or {})}
        preferred = ("422", "400") if body_error else ("400", "422")
        return int(next((s for s in preferred if s in declared), "400"))

    def _answer(self, op: Operation, method: str, path: str, query: dict[str, list[str]], headers: dict[str, str], body: bytes) -> Response:
        role = self.roles.get(op.parent_id)
        subject = (query.get("username") or ["mock-user"])[0]
        if role is not None and role.role == "login" and role.flow.get("kind") == "rsa-login":
            credentials = self.auth.rsa_credentials(role.flow, headers)
            if credentials is None:
                status = self.auth.failure_status(op.node, {"x-auth-flow": role.flow})
                return self._error(op.node, status, "login failed: the credentials do not decrypt to key;user;password", path)
            subject = credentials[1] if len(credentials) > 1 else subject
        parsed = _parse_body(body, headers.get("content-type", ""))
        session = headers.get(SESSION_HEADER, "")
        identity = _request_identity(method, path, query, parsed, self.ignored)
        seen = self.seen.setdefault(session, set())
        chosen = self._choose(op, method, path, query, parsed, session, headers.get("accept", ""), identity in seen)
        seen.add(identity)
        if chosen is None:
            if self.replay.knows_operation(op):
                return self._error(op.node, 404, f"mock: nothing recorded at {method} {path}", path)
            return self._error(op.node, 501, f"mock: no recording or example for {op.operation_id}", path)
        if role is not None and 200 <= chosen.status < 300:
            if role.role != "key":
                self.traffic.logins += 1
            chosen = chosen._replace(payload=self._login_payload(role, chosen.payload, subject))
        return _response(chosen)

    def _choose(
        self,
        op: Operation,
        method: str,
        path: str,
        query: dict[str, list[str]],
        body: Any,
        session: str,
        accept: str = "",
        repeated: bool = False,
    ) -> _Answer | None:
        """Recording, else the nearest recording of the same record, else (for an operation nobody
        recorded) the spec example; None means 404 (recorded operation, unknown record) or 501."""
        found = self.replay.answer(op, method, path, query, body, session, accept, repeated)
        if found is not None:
            answer = _from_recording(found[0])
            unrecorded = sorted(set(query) - set(found[0].request.query) - self.ignored)
            if unrecorded:  # the recording never saw these parameters (a filter, say): an approximation
                note = f"nearest {found[0].path.name} (unrecorded: {', '.join(unrecorded)})"
                answer = answer._replace(headers={**answer.headers, ANSWER_HEADER: note})
            if found[1]:  # past the last recorded page: the same envelope without items or next cursor
                paging = op.node["x-pagination"]
                payload = _set_pointer(copy.deepcopy(answer.payload), str(paging.get("items", "")), [])
                if paging.get("next_cursor"):
                    payload = _set_pointer(payload, str(paging["next_cursor"]), None)
                answer = answer._replace(payload=payload, headers={**answer.headers, ANSWER_HEADER: "synthesized past the last page"})
            return answer
        nearest = self.replay.loose(op, path, query, session)
        if nearest is not None:
            answer = _from_recording(nearest)
            return answer._replace(headers={**answer.headers, ANSWER_HEADER: f"nearest {nearest.path.name}"})
        if self.replay.knows_operation(op):
            return None
        example = example_answer(self.spec, op, self.router.variant_of(op, query))
        if example is not None:
            return _Answer(example.status, example.content_type, example.body, {ANSWER_HEADER: "example"})
        return None

    def _login_payload(self, role: LoginRole, payload: Any, subject: str) -> Any:
        """Put a fresh token (or the real public key) where the flow's pointers say."""
        payload = copy.deepcopy(payload) if isinstance(payload, (dict, list)) else {}
        if role.role == "key":
            return _set_pointer(payload, str(role.flow.get("key", "/PublicKey")), self.auth.public_key_value())
        return _set_pointer(payload, str(role.flow.get("token", "/token")), self.auth.issue(role.flow, subject))

    def _error(self, node: dict[str, Any] | None, status: int, message: str, path: str, issues: Any = ()) -> Response:
        answer = error_answer(self.spec, node, status, message, path, issues)
        return _json(answer.status, answer.content_type, answer.body, {ANSWER_HEADER: f"synthesized {status}"})


class Traffic:
    """Counts kept by the mock: arrival times (wall clock, taken as the handler starts), logins answered
    with a token, and requests refused because their nonce did not grow."""

    def __init__(self) -> None:
        self.arrivals: list[float] = []
        self.logins = 0
        self.nonce_rejections = 0

    def max_in_window(self, period: float) -> int:
        """The most arrivals within any `period` seconds (a half-open window [t, t + period))."""
        times = sorted(self.arrivals)
        best = start = 0
        for end, moment in enumerate(times):
            while moment - times[start] >= period:
                start += 1
            best = max(best, end - start + 1)
        return best

    def summary(self, period: float | None) -> dict[str, Any]:
        result: dict[str, Any] = {"requests": len(self.arrivals), "logins": self.logins, "nonce_rejections": self.nonce_rejections}
        if period is not None:
            result["period"] = period
            result["max_in_window"] = self.max_in_window(period)
        return result


def _parse_body(body: bytes, content_type: str) -> Any:
    if not body:
        return None
    if "json" in content_type:
        try:
            return json.loads(body)
        except ValueError:
            return body.decode("utf-8", "replace")
    return body.decode("utf-8", "replace")


def _request_identity(method: str, path: str, query: dict[str, list[str]], body: Any, ignored: set[str]) -> str:
    """The same request again (nonces and credentials aside), as a key."""
    kept = {k: v for k, v in sorted(query.items()) if k not in ignored}
    return json.dumps([method, path, kept, canonical_json(body)])


def _from_recording(rec: Recording) -> _Answer:
    response = rec.response
    headers = {k: v for k, v in response.headers.items() if k not in _SKIP_HEADERS and k != "content-type"}
    headers[ANSWER_HEADER] = f"recorded {rec.path.name}"
    payload: Any = response.body_file if response.body_file is not None else response.body
    return _Answer(response.status, response.headers.get("content-type"), payload, headers)


def _response(answer: _Answer) -> Response:
    status, content_type, payload, headers = answer
    if payload is None or status == 204:
        return Response(status_code=status, headers=headers)
    if isinstance(payload, bytes) or (isinstance(payload, str) and "json" not in (content_type or "")):
        return Response(payload, status_code=status, headers=headers, media_type=content_type)
    return _json(status, content_type or "application/json", payload, headers)


def _json(status: int, content_type: str, payload: Any, headers: dict[str, str] | None = None) -> Response:
    raw = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return Response(raw, status_code=status, headers=headers, media_type=content_type)


def _set_pointer(document: Any, pointer: str, value: Any) -> Any:
    """Set `value` at JSON pointer `pointer` inside `document`, creating objects on the way."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    if not tokens:
        return value
    node = document if isinstance(document, dict) else {}
    root = node
    for token in tokens[:-1]:
        child = node.get(token)
        node[token] = child if isinstance(child, dict) else {}
        node = node[token]
    node[tokens[-1]] = value
    return root
