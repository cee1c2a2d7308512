"""Fault injection over real HTTP on 127.0.0.1: a scripted server answers 429/5xx, stalls past the read
timeout, drops the connection after reading the request, or is not there at all."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from generator.runtime import (
    APIConnectionError,
    APITimeoutError,
    BearerAuth,
    InternalServerError,
    OperationSpec,
    RateLimitError,
    SessionAuth,
    SyncClient,
)

from .fakes import CREATE_CUSTOMER, CREATE_IDEMPOTENT, LIST_CUSTOMERS, Action, FakeClock, ScriptedServer

pytestmark = pytest.mark.slow  # over real sockets: left out of `make test-fast`


def _client(base_url: str, clock: FakeClock, **kwargs: Any) -> SyncClient:
    timeout = httpx.Timeout(2.0, read=0.3)
    return SyncClient(
        base_url=base_url,
        timeout=timeout,
        _clock=clock.monotonic,
        _wall_clock=clock.wall,
        _sleep=clock.sleep,
        logger_name="runtime_test",
        **kwargs,
    )


def test_429_then_5xx_then_success(server: ScriptedServer, clock: FakeClock) -> None:
    server.plan("/customers", Action(status=429, headers={"Retry-After": "5"}), Action(status=502), Action(status=200, body=[]))
    with _client(server.base_url, clock) as client:
        assert client.request(LIST_CUSTOMERS, cast_to=list[int]) == []
    assert len(server.hits("GET", "/customers")) == 3
    assert clock.sleeps[0] == 5.0 and 0.75 <= clock.sleeps[1] <= 1.0


def test_persistent_429_surfaces_rate_limit_error(server: ScriptedServer, clock: FakeClock) -> None:
    server.plan("/customers", Action(status=429, headers={"Retry-After": "1"}, body={"message": "slow down"}))
    with _client(server.base_url, clock) as client, pytest.raises(RateLimitError) as info:
        client.request(LIST_CUSTOMERS)
    assert info.value.error_message == "slow down"
    assert len(server.hits("GET", "/customers")) == 3 and clock.sleeps == [1.0, 1.0]


def test_read_timeout_retried_for_reads(server: ScriptedServer, clock: FakeClock) -> None:
    server.plan("/customers", Action(delay=0.6, body=[]), Action(body=[]))
    with _client(server.base_url, clock) as client:
        assert client.request(LIST_CUSTOMERS, cast_to=list[int]) == []
    assert len(server.hits("GET", "/customers")) == 2


def test_read_timeout_on_a_write_is_not_repeated(server: ScriptedServer, clock: FakeClock) -> None:
    server.plan("/customers", Action(delay=0.6, status=201, body={}), Action(status=201, body={}))
    with _client(server.base_url, clock) as client, pytest.raises(APITimeoutError):
        client.request(CREATE_CUSTOMER, body={"name": "only once"})
    assert len(server.hits("POST", "/customers")) == 1


def test_dropped_connection_read_retried_write_not(server: ScriptedServer, clock: FakeClock) -> None:
    server.plan("/customers", Action(kind="drop"), Action(status=200, body=[]))
    with _client(server.base_url, clock) as client:
        assert client.request(LIST_CUSTOMERS, cast_to=list[int]) == []
        server.plan("/customers", Action(kind="drop"), Action(status=201, body={}))
        with pytest.raises(APIConnectionError) as info:
            client.request(CREATE_CUSTOMER, body={"name": "x"})
    assert not isinstance(info.value, APITimeoutError)
    assert len(server.hits("GET", "/customers")) == 2
    assert len(server.hits("POST", "/customers")) == 1


def test_dropped_connection_on_idempotent_write_is_retried_with_same_body(server: ScriptedServer, clock: FakeClock) -> None:
    server.plan("/invoices.json", Action(kind="drop"), Action(status=503), Action(status=201, body={"invoice": {"id": 1}}))
    with _client(server.base_url, clock) as client:
        client.request(CREATE_IDEMPOTENT, body={"proprietary_uid": "u-7"})
    hits = server.hits("POST", "/invoices.json")
    assert len(hits) == 3 and len({h.body for h in hits}) == 1


def test_connection_refused_write_is_retried_then_fails(closed_port: int, clock: FakeClock) -> None:
    with _client(f"http://127.0.0.1:{closed_port}", clock) as client, pytest.raises(APIConnectionError):
        client.request(CREATE_CUSTOMER, body={"name": "x"})
    assert len(clock.sleeps) == 2  # refused: provably never sent, so even a write is retried


def test_5xx_exhausted_on_real_http(server: ScriptedServer, clock: FakeClock) -> None:
    server.plan("/customers", Action(status=500, body={"code": "DB_TIMEOUT", "message": "try later"}))
    with _client(server.base_url, clock, max_retries=1) as client, pytest.raises(InternalServerError) as info:
        client.request(LIST_CUSTOMERS)
    assert info.value.error_code == "DB_TIMEOUT"
    assert len(server.hits("GET", "/customers")) == 2


def test_session_403_mid_stream_over_http(server: ScriptedServer, clock: FakeClock) -> None:
    helo = OperationSpec("helo", "GET", "/helo", security=(("apiToken",),))
    customers = OperationSpec("listCustomers", "GET", "/customers", security=(("session",),))
    create = OperationSpec("createCustomer", "POST", "/customers", security=(("session",),), nonce_param="nonce")
    server.plan("/helo", Action(body={"xa-token": "s1"}), Action(body={"xa-token": "s2"}))
    server.plan(
        "/customers", Action(body=[]), Action(status=403, body={"code": "AUTH_FAILED", "message": "expired"}), Action(status=201, body={})
    )
    auth = {"apiToken": BearerAuth("api-token"), "session": SessionAuth(login=helo, token_pointer="/xa-token", login_scheme="apiToken")}
    with _client(server.base_url, clock, auth=auth) as client:
        client.request(customers)
        client.request(create, body={"name": "x"})
    calls = [(r.method, r.headers["authorization"]) for r in server.received if r.path.startswith("/customers")]
    assert calls == [("GET", "Bearer s1"), ("POST", "Bearer s1"), ("POST", "Bearer s2")]
    assert [r.headers["authorization"] for r in server.hits("GET", "/helo")] == ["Bearer api-token"] * 2
