"""Runtime faults a hostile or broken server can cause: unreadable Retry-After values, pagination that never
ends, and a 403 that means "forbidden" rather than "session expired"."""

from __future__ import annotations

import asyncio
import json
import math
from typing import Any

import httpx
import pytest

from generator.runtime import OperationSpec, PaginationLoopError, PaginationSpec, PermissionDeniedError
from generator.runtime._retry import MAX_RETRY_AFTER, retry_after

from .fakes import Customer, FakeClock, Script, json_response
from .test_auth import CUSTOMERS, gestix_auth

LIST = OperationSpec("listCustomers", "GET", "/customers")

HOSTILE_RETRY_AFTER = {
    "nan": None,
    "NaN": None,
    "inf": MAX_RETRY_AFTER,
    "-inf": 0.0,
    "Infinity": MAX_RETRY_AFTER,
    "-5": 0.0,
    "1e400": MAX_RETRY_AFTER,
    "99999999999": MAX_RETRY_AFTER,
    "Fri, 31 Dec 9999 23:59:59 GMT": MAX_RETRY_AFTER,
    "Mon, 01 Jan 0001 00:00:00 GMT": 0.0,
    "soon": None,
}


@pytest.mark.parametrize(("value", "expected"), HOSTILE_RETRY_AFTER.items())
def test_retry_after_is_bounded_or_ignored(value: str, expected: float | None) -> None:
    assert retry_after(httpx.Headers({"Retry-After": value}), 1_700_000_000.0) == expected
    millis = retry_after(httpx.Headers({"retry-after-ms": value}), 1_700_000_000.0)
    assert millis is None or 0.0 <= millis <= MAX_RETRY_AFTER


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "1e400", "Fri, 31 Dec 9999 23:59:59 GMT"])
def test_sync_client_waits_a_bounded_time(make_sync: Any, clock: FakeClock, value: str) -> None:
    script = Script(json_response(503, {}, {"Retry-After": value}), json_response(200, []))
    make_sync(script, max_retries=2).request(LIST)
    assert len(script.requests) == 2
    assert clock.sleeps and all(math.isfinite(s) and 0.0 <= s <= MAX_RETRY_AFTER for s in clock.sleeps), clock.sleeps


@pytest.mark.parametrize("value", ["nan", "inf", "-1"])
def test_async_client_waits_a_bounded_time(value: str) -> None:
    from generator.runtime import AsyncClient

    asked: list[float] = []

    async def sleep(seconds: float) -> None:
        asked.append(seconds)
        await asyncio.sleep(0 if math.isfinite(seconds) else seconds)  # asyncio.sleep(nan) would never return

    async def main() -> None:
        script = Script(json_response(503, {}, {"Retry-After": value}), json_response(200, []))
        client = AsyncClient(base_url="https://api.test/v1", transport=httpx.MockTransport(script), _sleep=sleep, max_retries=2)
        await asyncio.wait_for(client.request(LIST), timeout=5)

    asyncio.run(main())
    assert asked and all(math.isfinite(s) and 0.0 <= s <= MAX_RETRY_AFTER for s in asked), asked


CURSOR = OperationSpec(
    "v3List", "GET", "/cursor", pagination=PaginationSpec(style="cursor", items="/data", cursor_param="cursor", next_cursor="/meta/next")
)
OFFSET = OperationSpec(
    "gestixList", "GET", "/offset", pagination=PaginationSpec(style="offset", items="", offset_param="skip", size_param="limit")
)
PAGES = OperationSpec(
    "pages", "GET", "/pages", pagination=PaginationSpec(style="page", items="/data", page_param="page", size_param="per_page")
)


def cycling(request: httpx.Request) -> httpx.Response:
    """A -> B -> A -> B ... (each page has its own items, so only the cursors give the cycle away)."""
    cursor = request.url.params.get("cursor")
    nxt = {None: "A", "A": "B", "B": "A"}[cursor]
    base = {None: 0, "A": 10, "B": 20}[cursor]
    return json_response(200, {"data": [{"id": base + i, "name": "x"} for i in range(2)], "meta": {"next": nxt}})


def ignores_skip(request: httpx.Request) -> httpx.Response:
    return json_response(200, [{"id": i, "name": "x"} for i in range(int(request.url.params.get("limit", "3")))])


def ignores_page(request: httpx.Request) -> httpx.Response:
    return json_response(200, {"data": [{"id": i, "name": "x"} for i in range(5)]})


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    ("op", "handler", "params", "detail"),
    [
        (CURSOR, cycling, {}, "a second time"),
        (OFFSET, ignores_skip, {"limit": 3}, "already sent"),
        (PAGES, ignores_page, {"per_page": 5}, "already sent"),
    ],
    ids=["cursor-cycle", "ignores-skip", "ignores-page"],
)
def test_pagination_loop_stops_with_an_error(
    make_sync: Any, make_async: Any, op: OperationSpec, handler: Any, params: dict[str, Any], detail: str
) -> None:
    script = Script(handler)
    seen: list[int] = []
    with pytest.raises(PaginationLoopError, match=detail):
        for item in make_sync(script).paginate(op, params=params, item_type=Customer):
            seen.append(item.id)
    assert len(script.requests) <= 4, "the loop was caught at the first repeat"

    async def walk() -> None:
        async for _ in make_async(Script(handler)).paginate(op, params=params, item_type=Customer):
            pass

    with pytest.raises(PaginationLoopError, match=detail):
        asyncio.run(walk())


class ForbiddingGestix:
    """Sessions are valid, but /customers is forbidden to this user: 403 every time (Gestix uses 403 for both)."""

    def __init__(self) -> None:
        self.logins = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/helo"):
            self.logins += 1
            return json_response(200, {"xa-token": f"session-{self.logins}"})
        if request.url.path.endswith("/customers"):
            return json_response(403, {"code": "AUTH_FAILED", "message": "not allowed"})
        return json_response(200, [])


def test_forbidden_403_does_not_throw_the_session_away_on_every_call(make_sync: Any, clock: FakeClock) -> None:
    server = ForbiddingGestix()
    client = make_sync(server, auth=gestix_auth())
    for _ in range(5):
        with pytest.raises(PermissionDeniedError):
            client.request(CUSTOMERS)
    # first call: the initial login, one re-login to tell "expired" from "forbidden"; later calls: none
    assert server.logins == 2
    client.request(OperationSpec("other", "GET", "/articles", security=(("session",),)))
    assert server.logins == 2, "the valid session is still in use"
    clock.now += 3600  # much later a refusal may again mean "expired": one re-login is allowed
    with pytest.raises(PermissionDeniedError):
        client.request(CUSTOMERS)
    assert server.logins == 3


def test_retried_idempotent_create_in_flight_409_says_what_happened(make_sync: Any) -> None:
    from generator.runtime import ConflictError, DuplicateInFlightError

    from .fakes import CREATE_IDEMPOTENT

    script = Script(httpx.ReadTimeout("no answer"), json_response(409, {"reason": "A request with this proprietary_uid is in progress"}))
    with pytest.raises(DuplicateInFlightError) as info:
        make_sync(script, max_retries=2).request(CREATE_IDEMPOTENT, body={"proprietary_uid": "order-77", "client": {"name": "x"}})
    error = info.value
    assert isinstance(error, ConflictError), "callers catching ConflictError still catch it"
    assert error.idempotency_key == "order-77"
    assert "may have created" in str(error) and "proprietary_uid='order-77'" in str(error)
    assert len(script.requests) == 2


def test_plain_409_stays_a_conflict(make_sync: Any) -> None:
    from generator.runtime import ConflictError, DuplicateInFlightError

    from .fakes import CREATE_IDEMPOTENT

    with pytest.raises(ConflictError) as info:
        make_sync(Script(json_response(409, {"reason": "duplicate"}))).request(CREATE_IDEMPOTENT, body={"proprietary_uid": "u1"})
    assert not isinstance(info.value, DuplicateInFlightError), "no retry happened: nothing may have been created twice"


# --- secrets: a server that echoes every credential back, over a real socket (so httpx and httpcore log) ----

ECHO_KEY = "ak-ECHO-7f3a91"
ECHO_TOKEN = "tok-ECHO-c0ffee"
ECHO_SESSION = "sess-ECHO-beef42"
ECHO_PASSWORD = 'pw "ECHO"/+&=?'  # characters that URL- and JSON-escape: the escaped forms must be masked too


def test_no_secret_in_any_channel_when_the_server_echoes_them(
    server: Any, tmp_path: Any, caplog: pytest.LogCaptureFixture, private_key: Any, clock: FakeClock
) -> None:
    import logging

    from generator.runtime import (
        ApiKeyAuth,
        APIResponseValidationError,
        APIStatusError,
        BearerAuth,
        RsaLoginAuth,
        SessionAuth,
        SyncClient,
    )
    from generator.runtime._recording import RecordingTransport

    from .fakes import LOGIN, PRODUCTS, STATUS, Action, WisedatServer

    caplog.set_level(logging.DEBUG)  # our logger, httpx and httpcore all at DEBUG
    from urllib.parse import quote

    echo = {
        "X-Echo-Key": ECHO_KEY,
        "X-Echo-Session": ECHO_SESSION,
        "X-Trace": f"token={ECHO_TOKEN}",
        "X-Seen": quote(ECHO_PASSWORD, safe=""),
    }
    server.plan("/helo", Action(body={"xa-token": ECHO_SESSION}, headers=echo))
    server.plan(
        "/customers",
        Action(
            status=400,
            body={"code": ECHO_KEY, "message": f"bad session {ECHO_SESSION} for {ECHO_PASSWORD}", "echo": [ECHO_TOKEN]},
            headers=echo,
        ),
    )
    server.plan("/broken", Action(status=200, body={"id": ECHO_SESSION, "name": ECHO_TOKEN}, headers=echo))
    server.plan("/list", Action(body=[{"id": 1, "name": "x", "filter[0][key]": "name"}], headers=echo))
    helo = OperationSpec("helo", "GET", "/helo", security=(("apiToken",),))
    auth = {
        "apiToken": BearerAuth(ECHO_TOKEN),
        "session": SessionAuth(login=helo, token_pointer="/xa-token", login_scheme="apiToken", login_params={"password": ECHO_PASSWORD}),
        "key": ApiKeyAuth(ECHO_KEY, name="X-Key", location="header"),
    }
    recordings = tmp_path / "recordings"
    client = SyncClient(
        base_url=server.base_url,
        auth=auth,
        max_retries=0,
        logger_name="echo_test",
        http_client=httpx.Client(transport=RecordingTransport(httpx.HTTPTransport(), directory=recordings)),
        strict=True,  # a body that differs from the type raises (tolerant parsing would keep it): the error must be clean
    )
    printed: list[str] = []
    with pytest.raises(APIStatusError) as status_error:
        client.request(OperationSpec("listCustomers", "GET", "/customers", security=(("session", "key"),)))
    err = status_error.value
    printed += [str(err), repr(err), str(err.error_code), str(err.error_message), repr(err.body), err.message]
    with pytest.raises(APIResponseValidationError) as validation_error:
        client.request(OperationSpec("getThing", "GET", "/broken", security=(("session",),)), cast_to=list[Customer])
    printed += [str(validation_error.value), repr(validation_error.value), repr(validation_error.value.body)]
    client.request(OperationSpec("list", "GET", "/list", params=(), security=(("session",),)), params={"filter[0][key]": "name"})

    # Wisedat: a login error that echoes the decrypted `api_key;user;password`
    wisedat = WisedatServer(private_key, clock, api_key="wd-ECHO-key")

    def echoing(request: httpx.Request) -> httpx.Response:
        answer = wisedat(request)
        if request.url.path.endswith("/authentication/login"):
            return json_response(401, {"message": f"invalid credentials {wisedat.plaintexts[-1]}", "input": wisedat.ciphertexts[-1]})
        return answer

    rsa_auth = RsaLoginAuth(STATUS, "/PublicKey", LOGIN, "/auth_token", api_key="wd-ECHO-key", username="ana", password="wd-ECHO-pass")
    wd_client = SyncClient(
        base_url="https://wd.test",
        auth={"wdapi": rsa_auth},
        max_retries=0,
        logger_name="echo_test_wd",
        http_client=httpx.Client(transport=RecordingTransport(httpx.MockTransport(echoing), directory=recordings)),
    )
    with pytest.raises(APIStatusError) as wd_error:
        wd_client.request(PRODUCTS)
    printed += [str(wd_error.value), repr(wd_error.value), repr(wd_error.value.body), str(wd_error.value.error_message)]

    recorded = "\n".join(p.read_text() for p in sorted(recordings.glob("*.yaml")))
    channels = {"logs": caplog.text, "exceptions": "\n".join(printed), "recordings": recorded}
    secrets = [
        ECHO_KEY,
        ECHO_TOKEN,
        ECHO_SESSION,
        ECHO_PASSWORD,
        quote(ECHO_PASSWORD, safe=""),  # echoed URL-encoded (X-Seen)
        json.dumps(ECHO_PASSWORD)[1:-1],  # echoed inside a JSON string
        "wd-ECHO-key",
        "wd-ECHO-pass",
        *wisedat.ciphertexts,
    ]
    leaks = {name: [s for s in secrets if s in text] for name, text in channels.items()}
    assert leaks == {"logs": [], "exceptions": [], "recordings": []}
    assert "httpcore" in caplog.text and "receive_response_headers" in caplog.text, "httpcore's DEBUG lines were captured"
    assert "X-Echo-Key" in caplog.text or "x-echo-key" in caplog.text, "response headers were logged (masked)"
    assert "filter[0][key]: name" in recorded or 'filter[0][key]": name' in recorded or "filter[0][key]" in recorded
    assert "<redacted>" not in recorded.split("filter[0][key]")[1].split("\n")[0], "a harmless name stays readable"


def test_harmless_names_are_not_redacted() -> None:
    from generator.runtime._logging import is_secret_name, redact_body, redact_url

    assert not is_secret_name("filter[0][key]") and not is_secret_name("order[0][key]")
    assert is_secret_name("user[password]") and is_secret_name("key") and is_secret_name("api_key") and is_secret_name("xa-token")
    url = "https://x/api/v1/products?filter%5B0%5D%5Bkey%5D=name&filter%5B0%5D%5Bop%5D=contains&api_key=k-123"
    assert redact_url(url) == "https://x/api/v1/products?filter%5B0%5D%5Bkey%5D=name&filter%5B0%5D%5Bop%5D=contains&api_key=<redacted>"
    assert redact_body({"filter[0][key]": "name", "key": "k-1"}) == {"filter[0][key]": "name", "key": "<redacted>"}


def test_a_new_session_token_is_masked_in_recordings_without_debug_logging(tmp_path: Any) -> None:
    from generator.runtime import BearerAuth, SessionAuth, SyncClient
    from generator.runtime._recording import RecordingTransport

    fresh = "sess-NEW-0a1b2c3d"

    def vendor(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/helo"):
            return json_response(200, {"xa-token": fresh})
        return json_response(200, [{"id": 1, "name": "x", "seen": fresh}], {"X-Echo": fresh})

    helo = OperationSpec("helo", "GET", "/helo", security=(("apiToken",),))
    client = SyncClient(
        base_url="https://gx.test",
        auth={"apiToken": BearerAuth("api-tok-99"), "session": SessionAuth(login=helo, token_pointer="/xa-token", login_scheme="apiToken")},
        logger_name="quiet_client",
        http_client=httpx.Client(transport=RecordingTransport(httpx.MockTransport(vendor), directory=tmp_path)),
    )
    client.request(OperationSpec("list", "GET", "/customers", security=(("session",),)))
    recorded = "\n".join(p.read_text() for p in tmp_path.glob("*.yaml"))
    assert "/customers" in recorded and fresh not in recorded
