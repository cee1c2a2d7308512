# Copied from the generator's runtime (generator/runtime/_retry.py); do not edit by hand.
"""When to try again, and how long to wait first.

Defaults follow the Stainless-generated SDKs: 2 retries, 0.5 s doubling to 8 s with up to 25 % jitter, on
408/429/500/502/503/504 and on connection errors and timeouts; a server's `Retry-After` (seconds or HTTP
date) or `retry-after-ms` wins, capped at 60 s. 409 is not retried: it means "conflict", not "busy".

The safety rule for writes (POST/PUT/PATCH/DELETE): retry only when the body carries the operation's
idempotency field (`x-idempotency`, the same value on every attempt), or when the failure proves the
request never reached the server (connection refused/DNS/TLS, connect timeout, no free pooled
connection). A read timeout or a dropped connection after sending could mean the write happened, so it is
never repeated: a duplicated invoice is worse than an error.
"""

from __future__ import annotations

import email.utils
import math
import random
from collections.abc import Callable

import httpx

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "INITIAL_RETRY_DELAY",
    "MAX_RETRY_AFTER",
    "MAX_RETRY_DELAY",
    "RETRYABLE_STATUSES",
    "backoff_delay",
    "may_retry_exception",
    "may_retry_status",
    "never_reached_server",
    "retry_after",
]

DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_TRANSIENT = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


def backoff_delay(retries_taken: int, rand: Callable[[], float] = random.random) -> float:
    """0.5, 1, 2, 4, 8, 8 ... seconds, each shortened by up to 25 % so clients do not retry in step."""
    delay = min(INITIAL_RETRY_DELAY * 2.0**retries_taken, MAX_RETRY_DELAY)
    return delay * (1.0 - 0.25 * rand())


def retry_after(headers: httpx.Headers, now: float) -> float | None:
    """The server's requested wait in seconds (`retry-after-ms`, then `Retry-After`), capped at 60 s;
    None when absent or unreadable. `now` is wall-clock time, for the HTTP-date form."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            asked = _clamp(float(millis) / 1000.0)
        except ValueError:
            asked = None
        if asked is not None:
            return asked
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return _clamp(float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
        return _clamp(when.timestamp() - now)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _clamp(seconds: float) -> float | None:
    """Within [0, 60] s. `nan` is unreadable (None: the usual backoff applies); `inf` and huge values wait the
    cap, negative ones nothing. `time.sleep(nan)` raises and `asyncio.sleep(nan)` never returns."""
    if math.isnan(seconds):
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def never_reached_server(exc: BaseException) -> bool:
    """Failures raised before any request byte could have been sent."""
    return isinstance(exc, _NEVER_SENT)


def may_retry_exception(exc: BaseException, *, is_write: bool, idempotent: bool) -> bool:
    if not isinstance(exc, _TRANSIENT):
        return False
    return not is_write or idempotent or never_reached_server(exc)


def may_retry_status(status: int, *, is_write: bool, idempotent: bool) -> bool:
    # A status answer proves the server saw the request: a plain write is never repeated.
    return status in RETRYABLE_STATUSES and (not is_write or idempotent)
