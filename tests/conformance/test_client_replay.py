"""Conformance checks 2-4, per recording: the generated client sends exactly the recorded request (raw path,
query values, headers with the Authorization scheme, body with its JSON types), returns what the recording's
`expect` block says a user gets (type by name, fields, list length, every item across the named follow-up
pages, the error class and message), and the result dumps back to the received JSON with every declared
field on its declared attribute. (Check 1, recordings validating against the spec and the format, including
the `expect` block, is in test_recordings_valid.py.)

Nothing here reads the IR's return type or unwrap pointer: the IR only says which method serves the
operation and how to log in.
"""

from __future__ import annotations

import base64
import json
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, RootModel

from .expect import attribute, differences, field_json, json_form, lossless_problems, type_problems
from .replay import (
    Recording,
    Target,
    call_arguments,
    constructor_kwargs,
    declared_keys,
    find_method,
    recordings,
    response_for,
    target,
)

RECORDINGS = recordings()
BY_NAME = {(r.vendor, r.path.stem): r for r in RECORDINGS}
_UNCHECKED_HEADERS = {"user-agent", "host", "content-length", "accept-encoding", "connection"}


@pytest.fixture(scope="module")
def rsa_public_key() -> list[str]:
    from cryptography.hazmat.primitives.asymmetric import rsa

    numbers = rsa.generate_private_key(public_exponent=65537, key_size=1024).public_key().public_numbers()

    def b64(n: int) -> str:
        return base64.b64encode(n.to_bytes((n.bit_length() + 7) // 8, "big")).decode()

    return [b64(numbers.n), b64(numbers.e)]


def _set(pointer: str, value: Any) -> Any:
    document: Any = value
    for token in reversed([t for t in pointer.split("/")[1:]]):
        document = {token.replace("~1", "/").replace("~0", "~"): document}
    return document


def _auth_answers(api: Any, public_key: list[str]) -> dict[tuple[str, str], Any]:
    """Answers for the login dance (session exchange, RSA login), from the spec's x-auth-flow."""
    ops = {op.const: op for op in api.operations}
    answers: dict[tuple[str, str], Any] = {}
    for scheme in api.auth:
        if scheme.kind == "session":
            for key in ("login", "alt_login"):
                op = ops.get(scheme.get(key) or "")
                if op:
                    answers[(op.method, op.path)] = _set(scheme.get("token"), "conformance-session-token")
        elif scheme.kind == "rsa-login":
            key_op, login_op = ops.get(scheme.get("key_operation") or ""), ops.get(scheme.get("login") or "")
            if key_op:
                answers[(key_op.method, key_op.path)] = _set(scheme.get("key"), public_key)
            if login_op:
                answers[(login_op.method, login_op.path)] = _set(scheme.get("token"), "conformance.jwt.token")
    return answers


def raw_path(request: httpx.Request) -> str:
    """The path exactly as sent, percent-encoding included (never decoded)."""
    return request.url.raw_path.split(b"?", 1)[0].decode("ascii")


def _query_lists(request: httpx.Request) -> dict[str, list[str]]:
    """Query values in the order sent, per name (names in any order)."""
    found: dict[str, list[str]] = {}
    for key, value in urllib.parse.parse_qsl(request.url.query.decode("ascii"), keep_blank_values=True):
        found.setdefault(key, []).append(value)
    return found


def check_request(rec: Recording, sent: httpx.Request, secret_params: set[str], nonce: str | None) -> list[str]:
    """Exactly the recorded request: method, raw path, query values, headers, body (JSON types included)."""
    problems = []
    recorded = rec.request
    if sent.method != str(recorded.get("method")).upper():
        problems.append(f"method: sent {sent.method}, recorded {recorded.get('method')}")
    if raw_path(sent) != str(recorded.get("path")):
        problems.append(f"path: sent {raw_path(sent)!r}, recorded {recorded.get('path')!r}")
    want = {k: [str(x) for x in v] if isinstance(v, list) else [str(v)] for k, v in (recorded.get("query") or {}).items()}
    got = _query_lists(sent)
    if nonce and nonce in got:
        values = got.pop(nonce)
        if want.pop(nonce, ["<nonce>"]) == ["<nonce>"] and not all(v.isdigit() for v in values):
            problems.append(f"nonce: sent {values}, expected an integer")
    for name in secret_params | {k for k, v in want.items() if v == ["<redacted>"]}:
        if name in want:
            want.pop(name)
            if not any(got.pop(name, [])):
                problems.append(f"query {name}: recorded (redacted) but not sent")
        else:
            got.pop(name, None)  # docs/recordings.md: a secret query value may be left out of the recording
    if want != got:
        problems.append(f"query: sent {got}, recorded {want}")
    for name, value in (recorded.get("headers") or {}).items():
        name, value = name.lower(), str(value)
        if name in _UNCHECKED_HEADERS:
            continue
        have = sent.headers.get(name)
        if "<redacted>" in value:
            scheme = value.split("<redacted>")[0]
            if have is None or not have.startswith(scheme) or len(have) <= len(scheme):
                problems.append(
                    f"header {name}: recorded {value!r}, sent {'nothing' if have is None else repr(have.split(' ')[0] + ' ...')}"
                )
            continue
        if name == "content-type":
            have, value = (have or "").split(";")[0].strip(), value.split(";")[0].strip()
        if have != value:
            problems.append(f"header {name}: sent {have!r}, recorded {value!r}")
    body = recorded.get("body")
    media = sent.headers.get("content-type", "")
    if body is None:
        if sent.content:
            problems.append(f"body: recorded none, sent {sent.content[:200]!r}")
    elif "json" in media:
        try:
            sent_body = json.loads(sent.content)
        except ValueError:
            return [*problems, f"body: sent non-JSON {sent.content[:200]!r} with {media}"]
        problems += [f"body {d}" for d in differences(body, sent_body)]
    elif "x-www-form-urlencoded" in media and isinstance(body, dict):
        parsed = dict(urllib.parse.parse_qsl(sent.content.decode(), keep_blank_values=True))
        problems += [f"form body {d}" for d in differences({k: str(v) for k, v in body.items()}, parsed)]
    elif not isinstance(body, str) or sent.content != body.encode():
        problems.append(f"body: sent {sent.content[:200]!r}, recorded {body!r:.200}")
    return problems


@dataclass
class Wire:
    """A MockTransport handler that answers the recorded exchanges in order (the last one again if asked
    again, as a server would), the login dance from the spec's auth answers, and nothing else."""

    queue: list[Recording]
    auth: dict[tuple[str, str], Any]
    served: list[tuple[Recording, httpx.Request]] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        key = (request.method, raw_path(request))
        position = min(len(self.served), len(self.queue) - 1)
        rec = self.queue[position]
        if key == (str(rec.request.get("method")).upper(), str(rec.request.get("path"))):
            self.served.append((rec, request))
            return response_for(rec)
        if key in self.auth:
            return httpx.Response(200, json=self.auth[key])
        self.unexpected.append(f"{request.method} {request.url}")
        return httpx.Response(599, json={"unexpected": True})


def _bound_method(tgt: Target, where: tuple[str, ...], method: Any, wire: Wire) -> Callable[..., Any]:
    client_cls = getattr(tgt.package, tgt.api.client_class)
    resource: Any = client_cls(transport=httpx.MockTransport(wire), **constructor_kwargs(tgt.api))
    for attr in where:
        resource = getattr(resource, attr)
    return getattr(resource, method.name)  # type: ignore[no-any-return]


def _is_pager(value: Any) -> bool:
    return hasattr(value, "first_page") and hasattr(value, "iter_pages")


def result_problems(tgt: Target, rec: Recording, expect: dict[str, Any], value: Any) -> list[str]:
    """The success result against the `expect` block, then against the received body (lossless)."""
    problems = type_problems(value, str(expect.get("result")), tgt.package.models)
    if "length" in expect and (not isinstance(value, list) or len(value) != expect["length"]):
        problems.append(f"length: expected {expect['length']}, got {len(value) if isinstance(value, list) else _name(value)}")
    for path, want in (expect.get("fields") or {}).items():
        try:
            got = field_json(value, str(path))
        except AssertionError as exc:
            problems.append(str(exc))
            continue
        problems += [f"field {path}: {d.removeprefix('/: ')}" for d in differences(want, got)]
    response = rec.response
    if response.get("body_file"):
        expected_bytes = (rec.path.parent / str(response["body_file"])).read_bytes()
        if value != expected_bytes:
            problems.append("binary result differs from the recorded body_file")
    elif response.get("body") is None:
        if value is not None and type(value).__name__ != "Created":
            problems.append(f"the recorded body is null, but the client returned {_name(value)}")
    elif isinstance(value, (bytes, str)) and isinstance(response["body"], str):
        if value != (response["body"].encode() if isinstance(value, bytes) else response["body"]):
            problems.append(f"text result {value!r:.200} differs from the recorded body")
    elif value is not None and type(value).__name__ != "Created":
        problems += lossless_problems(value, response["body"], declared_keys(rec.vendor))
    return problems


def _name(value: Any) -> str:
    return type(value).__name__


# Known gaps in the lossless contract, each a strict expected failure (fixing one makes the run fail
# until the entry is removed). See docs/runtime.md, "Tolerant, lossless parsing".
KNOWN_GAPS: dict[str, str] = {}


@pytest.mark.parametrize(
    "rec",
    [pytest.param(r, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[r.id])) if r.id in KNOWN_GAPS else r for r in RECORDINGS],
    ids=[r.id for r in RECORDINGS],
)
def test_recording_replays_through_the_client(rec: Recording, rsa_public_key: list[str]) -> None:
    expect = rec.data.get("expect")
    assert isinstance(expect, dict), f"{rec.path.name}: no `expect` block (docs/recordings.md)"
    tgt = target(rec.vendor)
    where, method, path_vals = find_method(tgt, rec)
    args, kwargs = call_arguments(method, rec, path_vals)
    auth = _auth_answers(tgt.api, rsa_public_key)
    secret_params = {s.get("name") for s in tgt.api.auth if s.kind == "apikey" and s.get("location") == "query"}
    wire = Wire([rec], auth)
    function = _bound_method(tgt, where, method, wire)
    status = int(rec.response.get("status", 200))

    if status >= 400:
        assert "error" in expect, f"status {status}: the expect block must name the error class"
        with pytest.raises(tgt.package.APIError) as info:
            result = function(*args, **kwargs)
            if _is_pager(result):
                result.first_page()
        error = info.value
        assert type(error).__name__ == expect["error"], f"raised {type(error).__name__}: {error}"
        assert getattr(error, "status_code", None) == status
        if "message" in expect:
            assert str(expect["message"]) in str(error), f"message {expect['message']!r} not in {str(error)!r}"
        _check_error_body(tgt, method, rec, error)
    else:
        assert "error" not in expect, f"status {status} is a success, but the expect block names {expect['error']}"
        result = function(*args, **kwargs)
        value = list(result.first_page().items) if _is_pager(result) else result
        problems = result_problems(tgt, rec, expect, value)
        assert not problems, "\n".join(problems)
    assert wire.served, f"the client never sent the recorded request; it sent: {wire.unexpected}"
    problems = check_request(rec, wire.served[-1][1], secret_params, method.op.nonce_param)
    assert not problems, "\n".join(problems)
    assert not wire.unexpected, f"unexpected requests: {wire.unexpected}"


def _check_error_body(tgt: Target, method: Any, rec: Recording, error: Any) -> None:
    """The parsed vendor error body dumps back to exactly what was received."""
    models = dict(method.op.error_models)
    status = str(rec.response.get("status"))
    declared = models.get(status) or models.get(f"{status[0]}XX") or models.get("default")
    recorded_type = str({k.lower(): v for k, v in (rec.response.get("headers") or {}).items()}.get("content-type", "application/json"))
    body = rec.response.get("body")
    if declared and declared.startswith("_models.") and isinstance(body, dict | list) and "json" in recorded_type:
        model = getattr(tgt.package.models, declared.split(".", 1)[1])
        expected = model.model_validate(body)
        if isinstance(expected, RootModel):  # a oneOf of error types: the runtime hands over the member itself
            expected = expected.root
        assert type(error.body) is type(expected), f"error body {error.body!r} is not a {type(expected).__name__}"
        if isinstance(error.body, BaseModel):
            problems = lossless_problems(error.body, body, declared_keys(rec.vendor))
            assert not problems, "\n".join(problems)


PAGINATED = [r for r in RECORDINGS if isinstance(r.data.get("expect"), dict) and "items" in r.data["expect"]]


@pytest.mark.parametrize("rec", PAGINATED, ids=[r.id for r in PAGINATED])
def test_auto_paginator_yields_every_item(rec: Recording, rsa_public_key: list[str]) -> None:
    """Iterating the auto-paginator over this recording and its named follow-up pages yields exactly the
    expected keys, each page requested exactly as recorded."""
    expect = rec.data["expect"]
    follow_ups = []
    for name in expect.get("pages") or []:
        assert (rec.vendor, name) in BY_NAME, f"pages: no recording {rec.vendor}/{name}.yaml"
        follow_ups.append(BY_NAME[(rec.vendor, name)])
    tgt = target(rec.vendor)
    where, method, path_vals = find_method(tgt, rec)
    args, kwargs = call_arguments(method, rec, path_vals)
    wire = Wire([rec, *follow_ups], _auth_answers(tgt.api, rsa_public_key))
    pager = _bound_method(tgt, where, method, wire)(*args, **kwargs)
    assert _is_pager(pager), f"{method.name}() returned {_name(pager)}, not an auto-paginator"
    key = str(expect["items"]["key"])
    got = [json_form(attribute(item, key)) for item in pager]
    problems = [f"items {d}" for d in differences(list(expect["items"]["values"]), got)]
    asked = [r.path.stem for r, _ in wire.served]
    if asked != [r.path.stem for r in wire.queue]:
        problems.append(f"pages requested: {asked}, expected {[r.path.stem for r in wire.queue]}")
    secret_params = {s.get("name") for s in tgt.api.auth if s.kind == "apikey" and s.get("location") == "query"}
    for served, request in wire.served:
        problems += [f"{served.path.stem}: {p}" for p in check_request(served, request, secret_params, method.op.nonce_param)]
    problems += [f"unexpected request {u}" for u in wire.unexpected]
    assert not problems, "\n".join(problems)
