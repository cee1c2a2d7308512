# Copied from the generator's runtime (generator/runtime/_ratelimit.py); do not edit by hand.
"""Client-side rate limiting (`x-rate-limit`), so bulk work stays under the vendor's limit instead of
collecting 429s.

A plain token bucket of N tokens refilled at N/period lets 2N requests through in one period (a full
bucket, then the refill), which breaks "at most 100 per minute". This keeps the start times of the last
N requests instead (a sliding-window log) and waits until the oldest is `period` old: never more than N
in any window of `period` seconds. One limiter is shared by all threads (or tasks) of a client and its
`with_options` copies, and it is consulted before every HTTP attempt: retries and logins count too.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from ._locks import LoopLock

__all__ = ["AsyncRateLimiter", "RateLimit", "RateLimiter"]


@dataclass(frozen=True)
class RateLimit:
    """At most `requests` requests started in any `period` seconds."""

    requests: int
    period: float = 60.0

    def __post_init__(self) -> None:
        if self.requests < 1 or self.period <= 0:
            raise ValueError("RateLimit needs requests >= 1 and period > 0")


class _Window:
    """The start times of the last `requests` requests; pure, so the sync and async limiters share it."""

    def __init__(self, limit: RateLimit) -> None:
        self._limit = limit
        self._starts: deque[float] = deque()

    def reserve(self, now: float) -> float:
        """Take a slot at `now` and return 0, or return how long to wait before asking again."""
        while self._starts and now - self._starts[0] >= self._limit.period:
            self._starts.popleft()
        if len(self._starts) < self._limit.requests:
            self._starts.append(now)
            return 0.0
        return self._starts[0] + self._limit.period - now


class RateLimiter:
    def __init__(
        self,
        limit: RateLimit,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limit = limit
        self._window = _Window(limit)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()

    def acquire(self) -> None:
        # Waiting while holding the lock keeps callers in order and the window exact.
        with self._lock:
            while (wait := self._window.reserve(self._clock())) > 0:
                self._sleep(wait)


class AsyncRateLimiter:
    def __init__(
        self,
        limit: RateLimit,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.limit = limit
        self._window = _Window(limit)
        self._clock = clock
        self._sleep = sleep
        self._lock = LoopLock()

    async def acquire(self) -> None:
        async with self._lock.get():
            while (wait := self._window.reserve(self._clock())) > 0:
                await self._sleep(wait)
