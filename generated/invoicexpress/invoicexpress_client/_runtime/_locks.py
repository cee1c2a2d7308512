# Copied from the generator's runtime (generator/runtime/_locks.py); do not edit by hand.
"""An asyncio lock that follows the running event loop.

asyncio locks bind to the loop that first waits on them, but one client (and its auth state) may be used
from several `asyncio.run()` calls in turn, e.g. a test suite; each loop gets its own lock.
"""

from __future__ import annotations

import asyncio
import threading

__all__ = ["LoopLock"]


class LoopLock:
    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._lock: asyncio.Lock | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def get(self) -> asyncio.Lock:
        """The lock for the running loop (call from inside a coroutine)."""
        loop = asyncio.get_running_loop()
        with self._guard:
            if self._lock is None or self._loop is not loop:
                self._lock = asyncio.Lock()
                self._loop = loop
            return self._lock
