"""The client-side limiter: never more than N requests in any window of `period` seconds."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import httpx

from generator.runtime import RateLimit
from generator.runtime._ratelimit import RateLimiter

from .fakes import LIST_CUSTOMERS, FakeClock, Script, json_response


def _max_in_window(times: list[float], period: float) -> int:
    times = sorted(times)
    best = 0
    start = 0
    for end, t in enumerate(times):
        while t - times[start] >= period:
            start += 1
        best = max(best, end - start + 1)
    return best


def test_sync_300_calls_at_100_per_minute(make_sync: Any, clock: FakeClock) -> None:
    seen: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(clock.now)
        return json_response(200, [])

    client = make_sync(handler, rate_limit=RateLimit(requests=100, period=60.0))
    for _ in range(300):
        client.request(LIST_CUSTOMERS)
    assert len(seen) == 300
    assert _max_in_window(seen, 60.0) == 100
    assert seen[-1] - seen[0] >= 120.0  # three full windows


def test_async_300_calls_at_100_per_minute(make_async: Any, clock: FakeClock) -> None:
    seen: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(clock.now)
        return json_response(200, [])

    async def main() -> None:
        client = make_async(handler, rate_limit=RateLimit(requests=100, period=60.0))
        await asyncio.gather(*(client.request(LIST_CUSTOMERS) for _ in range(300)))

    asyncio.run(main())
    assert len(seen) == 300
    assert _max_in_window(seen, 60.0) == 100


def test_a_wait_for_the_rate_limit_is_logged(make_sync: Any, make_async: Any, clock: FakeClock, caplog: Any) -> None:
    import logging

    caplog.set_level(logging.INFO)
    client = make_sync(lambda request: json_response(200, []), rate_limit=RateLimit(requests=2, period=10.0))
    for _ in range(3):
        client.request(LIST_CUSTOMERS)
    waits = [r.getMessage() for r in caplog.records if "rate limit" in r.getMessage()]
    assert len(waits) == 1 and waits[0].startswith("rate limit of 2 requests per 10s reached: waiting ")

    caplog.clear()

    async def main() -> None:
        aclient = make_async(lambda request: json_response(200, []), rate_limit=RateLimit(requests=1, period=5.0))
        for _ in range(2):
            await aclient.request(LIST_CUSTOMERS)

    asyncio.run(main())
    assert [r.getMessage()[:45] for r in caplog.records if "rate limit" in r.getMessage()] == [
        "rate limit of 1 requests per 5s reached: wait"
    ]


def test_retries_and_logins_count(make_sync: Any, clock: FakeClock) -> None:
    seen: list[float] = []
    script = Script(json_response(503, {}), json_response(200, []))

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(clock.now)
        return script(request)

    client = make_sync(handler, rate_limit=RateLimit(requests=2, period=10.0))
    client.request(LIST_CUSTOMERS)
    client.request(LIST_CUSTOMERS)
    assert len(seen) == 3
    assert seen[2] - seen[0] >= 10.0


def test_threads_share_one_limiter_in_real_time() -> None:
    limiter = RateLimiter(RateLimit(requests=5, period=0.2))
    starts: list[float] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(5):
            slot = limiter.acquire()
            with lock:
                starts.append(time.monotonic())
            limiter.release(slot)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(starts) == 20
    assert _max_in_window(starts, 0.15) <= 5  # 50 ms of slack for thread scheduling between acquire and append
