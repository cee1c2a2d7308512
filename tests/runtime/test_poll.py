"""`x-poll`: 202 means "not ready"; with poll=True the client asks again with backoff until 2xx or timeout."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from generator.runtime import NotFoundError, OperationSpec, PollSpec, PollTimeoutError, to_raw_response_wrapper

from .fakes import POLL_OP, FakeClock, Script, json_response

READY = json_response(200, {"output": {"pdfUrl": "https://cdn.test/1.pdf"}})
PENDING = json_response(202, {})


def test_202_202_200(make_sync: Any, clock: FakeClock) -> None:
    script = Script(PENDING, PENDING, READY)
    result = make_sync(script).request(POLL_OP, path_params={"id": 1}, cast_to=dict[str, str], poll=True)
    assert result == {"pdfUrl": "https://cdn.test/1.pdf"}
    assert len(script.requests) == 3
    assert clock.sleeps == [1.0, 1.5]


def test_without_wait_a_202_returns_none(make_sync: Any) -> None:
    script = Script(PENDING, READY)
    assert make_sync(script).request(POLL_OP, path_params={"id": 1}, cast_to=dict[str, str]) is None
    assert len(script.requests) == 1


def test_timeout_raises_poll_timeout_error(make_sync: Any, clock: FakeClock) -> None:
    script = Script(PENDING)
    with pytest.raises(PollTimeoutError) as info:
        make_sync(script).request(POLL_OP, path_params={"id": 1}, cast_to=dict[str, str], poll=True)
    assert info.value.response.status_code == 202
    assert sum(clock.sleeps) == pytest.approx(10.0)  # never sleeps past the timeout
    assert max(clock.sleeps) <= 10.0


def test_retry_after_on_202_and_error_while_polling(make_sync: Any, clock: FakeClock) -> None:
    script = Script(json_response(202, {}, {"Retry-After": "3"}), json_response(404, {"errors": {"error": "gone"}}))
    with pytest.raises(NotFoundError):
        make_sync(script).request(POLL_OP, path_params={"id": 1}, poll=True)
    assert clock.sleeps == [3.0]


def test_writes_are_not_polled(make_sync: Any) -> None:
    op = OperationSpec("export", "POST", "/saft", poll=PollSpec())
    script = Script(PENDING, READY)
    assert make_sync(script).request(op, poll=True, cast_to=dict[str, Any]) is None
    assert len(script.requests) == 1


def test_async_polling_and_raw(make_async: Any, make_sync: Any, clock: FakeClock) -> None:
    async def main() -> Any:
        client = make_async(Script(PENDING, READY))
        return await client.request(POLL_OP, path_params={"id": 1}, cast_to=dict[str, str], poll=True)

    assert asyncio.run(main()) == {"pdfUrl": "https://cdn.test/1.pdf"}
    client = make_sync(Script(PENDING))

    def pdf(wait: bool = False) -> Any:
        return client.request(POLL_OP, path_params={"id": 1}, cast_to=dict[str, str], poll=wait)

    raw = to_raw_response_wrapper(pdf)()
    assert raw.status_code == 202 and raw.parse() is None
