"""Client-side rate limiting (`x-rate-limit`), so bulk work stays under the vendor's limit instead of
collecting 429s.

A plain token bucket of N tokens refilled at N/period lets 2N requests through in one period (a full
bucket, then the refill), which breaks "at most 100 per minute". This keeps a sliding-window log instead:
never more than N requests in any window of `period` seconds.

What is counted is the moment a request reaches the vendor, which the client cannot see: it lies somewhere
between "about to send" and "answer received". So a request holds a slot from just before it goes on the
wire (`acquire`, nothing may wait between it and the send) until its answer is in (`release`), and then
counts as started at the release time for `period` more seconds. Every arrival time the vendor could
observe therefore falls inside what the window counted: for any N+1 requests, the one that asked last saw
the other N either still in flight or released less than `period` before, and waited. (Counting the
slot's start time instead lets N+1 requests reach the server in one window as soon as one send is
delayed: a thread switch, a slow connect.) The cost is one round trip per window of throughput.

One limiter is shared by all threads (or tasks) of a client and its `with_options` copies, and it is
consulted before every HTTP attempt: retries and logins count too. `_coordination.py` holds the variant
shared by several processes through Redis.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal, TypeAlias

from ._locks import LoopLock

__all__ = ["AsyncRateLimiter", "RateLimit", "RateLimitOption", "RateLimiter", "Window", "choose_rate_limit"]

#: how long a waiter sleeps at most when every slot is held by a request still in flight (real clocks only)
_IN_FLIGHT_POLL = 1.0


@dataclass(frozen=True)
class RateLimit:
    """At most `requests` requests reaching the server in any `period` seconds."""

    requests: int
    period: float = 60.0

    def __post_init__(self) -> None:
        if isinstance(self.requests, bool) or not isinstance(self.requests, int) or self.requests < 1:
            raise ValueError(f"RateLimit needs requests >= 1 (an int), got {self.requests!r}")
        if (
            not isinstance(self.period, (int, float))
            or isinstance(self.period, bool)
            or not self.period > 0
            or self.period == float("inf")
        ):
            raise ValueError(f"RateLimit needs a finite period > 0 seconds, got {self.period!r}")


#: what a generated constructor's `rate_limit=` takes: the vendor's documented limit, none, or your own
RateLimitOption: TypeAlias = "RateLimit | Literal['vendor', 'off']"


def choose_rate_limit(option: RateLimitOption, vendor: RateLimit | None) -> RateLimit | None:
    """`"vendor"`: the vendor's documented limit (None when it documents none); `"off"`: no client-side
    limit; a `RateLimit`: that one (e.g. a share of the account's limit when other tools use it too)."""
    if isinstance(option, RateLimit):
        return option
    other: object = option
    if hasattr(other, "requests") and hasattr(other, "period"):  # another generated package's RateLimit
        return RateLimit(getattr(other, "requests"), getattr(other, "period"))  # noqa: B009
    if option == "vendor":
        return vendor
    if option == "off":
        return None
    raise ValueError(f"rate_limit must be 'vendor', 'off' or RateLimit(requests=..., period=...), got {option!r}")


class Window:
    """Requests in flight and the release times of the last ones; pure, so every limiter shares it."""

    def __init__(self, limit: RateLimit) -> None:
        self.limit = limit
        self._released: deque[float] = deque()
        self.in_flight = 0

    def reserve(self, now: float) -> float | None:
        """Take a slot at `now` and return 0; or how long to wait before asking again; or None when every
        slot is held by a request in flight (wait for a `release`)."""
        while self._released and now - self._released[0] >= self.limit.period:
            self._released.popleft()
        if len(self._released) + self.in_flight < self.limit.requests:
            self.in_flight += 1
            return 0.0
        if not self._released:
            return None
        return self._released[0] + self.limit.period - now

    def release(self, now: float) -> None:
        """The request holding a slot has its answer (or failed): it counts as started `now`."""
        self.in_flight -= 1
        if self._released and now < self._released[-1]:  # a clock that went back: keep the log sorted
            now = self._released[-1]
        self._released.append(now)


class RateLimiter:
    """The limiter of a blocking client: `acquire()` right before sending, `release()` once answered."""

    def __init__(
        self,
        limit: RateLimit,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limit = limit
        self._window = Window(limit)
        self._clock = clock
        self._sleep = sleep
        self._turn = threading.Lock()  # one waiter at a time, so callers are served in order
        self._state = threading.Condition()  # guards the window; releases do not wait for sleepers

    def acquire(self) -> object:
        """Wait for a slot and take it; returns the slot to hand to `release` (None here)."""
        with self._turn:
            while True:
                with self._state:
                    wait = self._window.reserve(self._clock())
                    if wait is None:
                        self._state.wait(_IN_FLIGHT_POLL)
                        continue
                    if wait <= 0:
                        return None
                self._sleep(wait)

    def release(self, slot: object = None) -> None:
        with self._state:
            self._window.release(self._clock())
            self._state.notify_all()


class AsyncRateLimiter:
    """The limiter of an async client (one event loop at a time, like the client itself)."""

    def __init__(
        self,
        limit: RateLimit,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.limit = limit
        self._window = Window(limit)
        self._clock = clock
        self._sleep = sleep
        self._turn = LoopLock()
        self._released: list[asyncio.Event] = []

    async def acquire(self) -> object:
        async with self._turn.get():
            while True:
                wait = self._window.reserve(self._clock())
                if wait is None:
                    event = asyncio.Event()
                    self._released.append(event)
                    waiter = asyncio.ensure_future(event.wait())
                    await asyncio.wait({waiter}, timeout=_IN_FLIGHT_POLL)
                    waiter.cancel()
                    continue
                if wait <= 0:
                    return None
                await self._sleep(wait)

    async def release(self, slot: object = None) -> None:
        self._window.release(self._clock())
        waiting, self._released = self._released, []
        for event in waiting:
            event.set()
