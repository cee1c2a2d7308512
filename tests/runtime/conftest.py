"""Fixtures for the runtime tests (the fakes themselves live in fakes.py)."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from generator.runtime import AsyncClient, SyncClient

from .fakes import BASE_URL, FakeClock, ScriptedServer


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_sync(clock: FakeClock) -> Callable[..., SyncClient]:
    def build(handler: Callable[[httpx.Request], Any], **kwargs: Any) -> SyncClient:
        kwargs.setdefault("base_url", BASE_URL)
        kwargs.setdefault("logger_name", "runtime_test")
        return SyncClient(
            transport=httpx.MockTransport(handler), _clock=clock.monotonic, _wall_clock=clock.wall, _sleep=clock.sleep, **kwargs
        )

    return build


@pytest.fixture
def make_async(clock: FakeClock) -> Callable[..., AsyncClient]:
    def build(handler: Callable[[httpx.Request], Any], **kwargs: Any) -> AsyncClient:
        kwargs.setdefault("base_url", BASE_URL)
        kwargs.setdefault("logger_name", "runtime_test")
        return AsyncClient(
            transport=httpx.MockTransport(handler), _clock=clock.monotonic, _wall_clock=clock.wall, _sleep=clock.asleep, **kwargs
        )

    return build


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    scripted = ScriptedServer()
    scripted.thread.start()
    try:
        yield scripted
    finally:
        scripted.httpd.shutdown()
        scripted.httpd.server_close()


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def private_key() -> rsa.RSAPrivateKey:
    """A real RSA key pair, as a Wisedat server would hold (generated once: it takes a moment)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)
