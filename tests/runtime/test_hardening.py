"""Runtime faults a hostile or broken server can cause: unreadable Retry-After values, pagination that never
ends, and a 403 that means "forbidden" rather than "session expired"."""

from __future__ import annotations

import asyncio
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
