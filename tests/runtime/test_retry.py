"""Retries over httpx.MockTransport: which failures are retried, how long the client waits, and that a
write is never sent twice unless that is provably safe."""

from __future__ import annotations

import email.utils
import json
from typing import Any

import httpx
import pytest

from generator.runtime import (
    APIConnectionError,
    APITimeoutError,
    ConflictError,
    InternalServerError,
    RateLimitError,
    RequestOptions,
)
from generator.runtime._retry import backoff_delay, retry_after

from .fakes import CREATE_CUSTOMER, CREATE_IDEMPOTENT, LIST_CUSTOMERS, FakeClock, Script, json_response

OK = json_response(200, [])


def test_backoff_schedule_and_jitter() -> None:
    assert [backoff_delay(n, rand=lambda: 0.0) for n in range(6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert backoff_delay(0, rand=lambda: 1.0) == 0.375


def test_retry_after_forms() -> None:
    now = 1_700_000_000.0
    assert retry_after(httpx.Headers({"retry-after": "3"}), now) == 3.0
    assert retry_after(httpx.Headers({"retry-after-ms": "250", "retry-after": "9"}), now) == 0.25
    assert retry_after(httpx.Headers({"retry-after": "3600"}), now) == 60.0
    date = email.utils.formatdate(now + 7, usegmt=True)
    assert retry_after(httpx.Headers({"retry-after": date}), now) == pytest.approx(7.0)
    assert retry_after(httpx.Headers({"retry-after": "soon"}), now) is None
    assert retry_after(httpx.Headers(), now) is None


def test_429_sequence_honours_retry_after(make_sync: Any, clock: FakeClock) -> None:
    script = Script(json_response(429, {}, {"Retry-After": "2"}), json_response(429, {}, {"retry-after-ms": "1500"}), OK)
    assert make_sync(script).request(LIST_CUSTOMERS, cast_to=list[int]) == []
    assert len(script.requests) == 3
    assert clock.sleeps == [2.0, 1.5]


def test_5xx_sequence_backs_off_then_gives_up_with_typed_error(make_sync: Any, clock: FakeClock) -> None:
    script = Script(json_response(500, {}), json_response(502, {}), json_response(503, {"message": "maintenance"}))
    with pytest.raises(InternalServerError) as info:
        make_sync(script).request(LIST_CUSTOMERS)
    assert info.value.status_code == 503 and info.value.error_message == "maintenance"
    assert len(script.requests) == 3  # 1 + max_retries (2)
    assert 0.375 <= clock.sleeps[0] <= 0.5 and 0.75 <= clock.sleeps[1] <= 1.0


def test_retry_after_is_capped(make_sync: Any, clock: FakeClock) -> None:
    make_sync(Script(json_response(503, {}, {"Retry-After": "86400"}), OK)).request(LIST_CUSTOMERS)
    assert clock.sleeps == [60.0]


def test_409_and_4xx_are_not_retried(make_sync: Any, clock: FakeClock) -> None:
    script = Script(json_response(409, {}))
    with pytest.raises(ConflictError):
        make_sync(script).request(LIST_CUSTOMERS)
    assert len(script.requests) == 1 and clock.sleeps == []


def test_max_retries_per_client_and_per_call(make_sync: Any) -> None:
    script = Script(json_response(500, {}))
    client = make_sync(script, max_retries=4)
    with pytest.raises(InternalServerError):
        client.request(LIST_CUSTOMERS)
    assert len(script.requests) == 5
    with pytest.raises(InternalServerError):
        client.request(LIST_CUSTOMERS, options=RequestOptions(max_retries=0))
    assert len(script.requests) == 6


def test_read_timeouts_on_reads_are_retried(make_sync: Any, clock: FakeClock) -> None:
    script = Script(httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("dropped"), OK)
    assert make_sync(script).request(LIST_CUSTOMERS, cast_to=list[int]) == []
    assert len(script.requests) == 3 and len(clock.sleeps) == 2


def test_read_timeout_exhausts_into_api_timeout_error(make_sync: Any) -> None:
    with pytest.raises(APITimeoutError):
        make_sync(Script(httpx.ReadTimeout("slow"))).request(LIST_CUSTOMERS)


@pytest.mark.parametrize(
    "failure",
    [
        json_response(500, {}),
        json_response(503, {}),
        json_response(429, {"Retry-After": "1"}),
        httpx.ReadTimeout("after send"),
        httpx.RemoteProtocolError("server dropped"),
    ],
)
def test_plain_write_is_never_repeated(make_sync: Any, failure: Any) -> None:
    script = Script(failure, json_response(201, {}))
    with pytest.raises((InternalServerError, RateLimitError, APIConnectionError)):
        make_sync(script).request(CREATE_CUSTOMER, body={"name": "once"})
    assert script.count("POST", "/v1/customers") == 1


@pytest.mark.parametrize("failure", [httpx.ConnectError("refused"), httpx.ConnectTimeout("no route"), httpx.PoolTimeout("pool")])
def test_write_that_never_reached_the_server_is_retried(make_sync: Any, failure: Exception) -> None:
    script = Script(failure, json_response(201, {"id": 1}))
    make_sync(script).request(CREATE_CUSTOMER, body={"name": "x"})
    assert len(script.requests) == 2


def test_write_with_idempotency_field_is_retried_with_the_same_value(make_sync: Any) -> None:
    script = Script(json_response(503, {}), httpx.ReadTimeout("slow"), json_response(201, {}))
    make_sync(script).request(CREATE_IDEMPOTENT, body={"proprietary_uid": "uid-42", "client": {"name": "A"}})
    assert len(script.requests) == 3
    bodies = {r.content for r in script.requests}
    assert len(bodies) == 1 and json.loads(bodies.pop())["invoice"]["proprietary_uid"] == "uid-42"


def test_idempotent_operation_without_the_field_is_not_retried(make_sync: Any) -> None:
    script = Script(json_response(503, {}), json_response(201, {}))
    with pytest.raises(InternalServerError):
        make_sync(script).request(CREATE_IDEMPOTENT, body={"client": {"name": "A"}})
    assert len(script.requests) == 1


def test_connection_error_exhausts_into_api_connection_error(make_sync: Any, clock: FakeClock) -> None:
    script = Script(httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError) as info:
        make_sync(script, max_retries=3).request(LIST_CUSTOMERS)
    assert not isinstance(info.value, APITimeoutError)
    assert len(script.requests) == 4 and len(clock.sleeps) == 3
