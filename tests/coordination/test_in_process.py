"""One process, the default in-process coordination: nonces reach the server in order, the rate limit is
counted where the server counts it, and a restart without a state file never issues a lower nonce."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from generator.runtime import NonceSource, OperationSpec, RateLimit, SyncClient

from .support import ACCOUNT, API_TOKEN, mock_stats

gestix_client = pytest.importorskip("gestix_client")
from gestix_client import AsyncGestix, Gestix  # noqa: E402

LIST = OperationSpec("listThings", "GET", "/things")


def test_concurrent_gestix_creates_reach_the_mock_with_zero_nonce_rejections(gestix_mock: str) -> None:
    gx = Gestix(account=ACCOUNT, api_token=API_TOKEN, base_url=gestix_mock, max_retries=0)
    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(lambda _: gx.customers.create(name="Exemplo Comércio Lda").id, range(120)))
    stats = mock_stats(gestix_mock)
    assert ids == [42] * 120
    assert stats["nonce_rejections"] == 0
    assert stats["requests"] == 121  # one login (GET /helo) and the creates
    assert stats["logins"] == 1


def test_concurrent_async_gestix_creates_zero_nonce_rejections(gestix_mock: str) -> None:
    async def main() -> list[Any]:
        async with AsyncGestix(account=ACCOUNT, api_token=API_TOKEN, base_url=gestix_mock, max_retries=0) as gx:
            return await asyncio.gather(*(gx.customers.create(name="Exemplo Comércio Lda") for _ in range(60)))

    created = asyncio.run(main())
    assert [c.id for c in created] == [42] * 60
    assert mock_stats(gestix_mock)["nonce_rejections"] == 0


def test_rate_limit_on_the_wire_as_the_mock_counts_it(gestix_mock: str) -> None:
    """8 threads, 24 reads, 4 per 0.3 s: the mock never sees a 5th within 0.3 s, and the 5th waits."""
    limit = RateLimit(requests=4, period=0.3)
    gx = Gestix(account=ACCOUNT, api_token=API_TOKEN, base_url=gestix_mock, rate_limit=limit)
    gx.system.status()  # log in first (GET /helo, then the status itself)
    time.sleep(limit.period)
    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: gx.system.status(), range(24)))
    elapsed = time.monotonic() - started
    stats = mock_stats(gestix_mock, period=limit.period)
    assert stats["requests"] == 26
    assert stats["max_in_window"] == limit.requests
    assert elapsed >= 5 * limit.period  # 24 requests in windows of 4: the 5th, 9th, ... waited


def test_slot_counts_from_the_answer_not_from_the_reservation() -> None:
    """A send delayed after its slot was taken (here: 5 s before the server sees it) must not let the
    N+1th request arrive within `period` of it; counting reservations would let 3 arrive in [5, 15)."""
    now = [1000.0]
    arrivals: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if not arrivals:
            now[0] += 5.0  # the first request reaches the server 5 s after its slot
        arrivals.append(now[0])
        return httpx.Response(200, json=[])

    def sleep(seconds: float) -> None:
        now[0] += seconds

    client = SyncClient(
        base_url="https://api.test",
        transport=httpx.MockTransport(handler),
        rate_limit=RateLimit(requests=2, period=10.0),
        _clock=lambda: now[0],
        _wall_clock=lambda: now[0],
        _sleep=sleep,
    )
    for _ in range(3):
        client.request(LIST)
    assert arrivals[0] == arrivals[1] == 1005.0
    assert arrivals[2] >= arrivals[0] + 10.0


def test_limiter_waits_for_requests_in_flight() -> None:
    """With every slot held by a request still waiting for its answer, the next one does not start."""
    release = threading.Event()
    inside: list[int] = []
    most = [0]
    lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        with lock:
            inside.append(1)
            most[0] = max(most[0], len(inside))
        release.wait(2)
        with lock:
            inside.pop()
        return httpx.Response(200, json=[])

    client = SyncClient(base_url="https://api.test", transport=httpx.MockTransport(handler), rate_limit=RateLimit(requests=2, period=0.05))
    threads = [threading.Thread(target=client.request, args=(LIST,)) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    assert most[0] == 2  # the third waits although the window's period passed long ago
    release.set()
    for thread in threads:
        thread.join()


def test_restart_without_state_file_never_goes_back() -> None:
    first = NonceSource()
    burst = [first.next() for _ in range(400)]  # far more than one per millisecond is asked for
    assert burst == sorted(set(burst))
    restarted = NonceSource()  # a new process: no state file, seeds from the clock
    assert restarted.next() > burst[-1]


def test_async_limiter_waits_for_requests_in_flight() -> None:
    from generator.runtime import AsyncClient

    async def main() -> int:
        release = asyncio.Event()
        inside = [0]
        most = [0]

        async def handler(request: httpx.Request) -> httpx.Response:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
            await release.wait()
            inside[0] -= 1
            return httpx.Response(200, json=[])

        client = AsyncClient(
            base_url="https://api.test", transport=httpx.MockTransport(handler), rate_limit=RateLimit(requests=2, period=0.05)
        )
        tasks = [asyncio.ensure_future(client.request(LIST)) for _ in range(3)]
        await asyncio.sleep(0.3)
        seen = most[0]
        release.set()
        await asyncio.gather(*tasks)
        return seen

    assert asyncio.run(main()) == 2  # the third waits for an answer although the period passed long ago
