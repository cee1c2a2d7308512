"""Strictly increasing nonces (`x-nonce`, Gestix POST/PUT): the vendor rejects a value that is not greater
than the last one it saw, so a nonce is never reused: not across threads, tasks, retries or restarts.

Each value is `max(last + 1, now in ms)`. Without a state file the source never runs ahead of the clock:
it hands a value out only once the clock has passed it (waiting up to a millisecond, more when a burst
asks for more than one value per millisecond), so a restarted process that seeds from the clock starts
above every value issued before. (Running ahead, a burst of 10,000 values in one second
left the next process 9 seconds below its predecessor.) Only a clock that went back by more than
`MAX_AHEAD_MS` while the process ran makes it continue from `last + 1` without waiting.

With `state_path`, a ceiling is persisted ahead of use (atomic write, every `reserve_ms` values) and a new
process starts above it, so a restart never goes back even when the clock did. One source per client,
shared by its `with_options` copies; one process per file. Several processes or hosts share one sequence
through the Redis coordination backend (`_coordination.py`), which applies the same rules to the value
held in Redis.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

__all__ = ["MAX_AHEAD_MS", "NonceSource"]

_INT64_MAX = 2**63 - 1
#: a value this far ahead of the clock means the clock went back: continue from `last + 1` without waiting
MAX_AHEAD_MS = 1000


class NonceSource:
    def __init__(
        self,
        state_path: str | os.PathLike[str] | None = None,
        *,
        clock: Callable[[], float] = time.time,
        reserve_ms: int = 60_000,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._path = Path(state_path) if state_path is not None else None
        self._clock = clock
        self._sleep = sleep
        self._reserve = reserve_ms
        # The lock is held only for arithmetic (and, about once a minute, a small file write), so it is
        # also fine to take from async code.
        self._lock = threading.Lock()
        self._last = self._ceiling = _read_state(self._path) if self._path else 0

    def next(self) -> int:
        value, wait = self.draw()
        if wait > 0:
            self._sleep(wait)
        return value

    def draw(self) -> tuple[int, float]:
        """The next value and how long to wait before using it: without a state file a value is used
        only once the clock has passed it, so a restart seeding from the clock starts above it (at most
        one value per millisecond; ~1 ms per call). Async callers await the wait instead of sleeping."""
        with self._lock:
            now = self._clock()
            value = max(self._last + 1, int(now * 1000))
            wait = 0.0
            if self._path is None and value - int(now * 1000) <= MAX_AHEAD_MS:
                wait = max(0.0, (value + 1) / 1000 - now)
            if value > _INT64_MAX:
                raise OverflowError("nonce exceeded int64")
            if self._path is not None and value > self._ceiling:
                self._ceiling = value + self._reserve
                _write_state(self._path, self._ceiling)
            self._last = value
            return value, wait

    @property
    def last(self) -> int:
        """The last value issued (0 before the first): a floor for a shared sequence."""
        return self._last

    def advance(self, value: int) -> None:
        """Record a value issued elsewhere (the shared sequence), so this source never goes below it."""
        with self._lock:
            self._last = max(self._last, value)

    def __repr__(self) -> str:
        return f"NonceSource(last={self._last}, state_path={str(self._path) if self._path else None!r})"


def _read_state(path: Path) -> int:
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return 0
    try:
        return int(text)
    except ValueError:
        # Starting from 0 could reuse nonces: refuse instead of guessing.
        raise ValueError(f"nonce state file {path} does not hold an integer") from None


def _write_state(path: Path, value: int) -> None:
    """Write-then-rename, so a crash leaves the old ceiling or the new one, never half a number."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(f"{value}\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
