"""What the clients of one vendor account share: the rate-limit window, the nonce sequence and the login
tokens. `LocalCoordination` keeps them in this process (the default); `RedisCoordination` keeps them in
Redis, so many worker processes on many hosts behave as one client.

Chosen by the client's `coordination=` argument or the `<LOGGER_NAME>_COORDINATION` environment variable
(e.g. `GESTIX_CLIENT_COORDINATION=redis://127.0.0.1:6379/0`); see docs/runtime.md, "Coordination".

In Redis, every key starts with `openapi-client:<logger name>:<account>:<credentials>:`, where `<account>`
is a hash of the base URL (it holds the account) and `<credentials>` a hash of the configured credentials,
never the values themselves:
- `ratelimit` (sorted set): one member per request in flight (score: a lease in the future) or answered
  less than `period` ago (score: the Redis time of its answer, in microseconds). Expires on its own.
- `nonce` (string): the last nonce issued; no expiry. `nonce:lock`: the per-session send order.
- `token:<scheme>` (string, JSON `{token, refresh_at, expires_at}`): the shared login token, expiring with
  it when its lifetime is known. `token:<scheme>:lock`: held by the one process logging in.

All times inside Redis come from the Redis server's clock (`TIME`), so hosts whose clocks disagree still
share one window and one nonce sequence.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import threading
import time
import uuid
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from ._exceptions import ClientError
from ._locks import LoopLock
from ._nonce import MAX_AHEAD_MS, NonceSource
from ._ratelimit import AsyncRateLimiter, RateLimit, RateLimiter

__all__ = [
    "AsyncSlots",
    "Coordination",
    "CoordinationError",
    "LocalCoordination",
    "RedisCoordination",
    "StoredToken",
    "SyncSlots",
    "credential_fingerprint",
    "make_coordination",
    "safe_url",
]

KEY_PREFIX = "openapi-client"
#: a request in flight holds its rate-limit slot at most this long (a crashed process frees it after)
SLOT_LEASE = 300.0
#: how often a waiter asks Redis again while every slot is held by a request still in flight
IN_FLIGHT_POLL = 0.005
#: the nonce order lock and the login lock expire after this long if their holder died (at least; a client
#: whose timeouts allow longer requests gets twice its total timeout)
ORDER_LEASE = 120.0
LOCK_POLL = 0.002

_REDIS_EXTRA = "pip install '{distribution}[redis]'"


class CoordinationError(ClientError):
    """The coordination backend (Redis) is missing, misconfigured or unreachable."""


class SyncSlots(Protocol):
    limit: RateLimit

    def acquire(self) -> object: ...

    def release(self, slot: object = None) -> None: ...


class AsyncSlots(Protocol):
    limit: RateLimit

    async def acquire(self) -> object: ...

    async def release(self, slot: object = None) -> None: ...


@dataclass(frozen=True)
class StoredToken:
    token: str
    refresh_at: float | None  # wall-clock seconds
    expires_at: float | None


def credential_fingerprint(values: tuple[str, ...]) -> str:
    """A short hash naming a set of credentials in shared keys (never the credentials themselves)."""
    digest = hashlib.sha256(b"openapi-client-credentials\0")
    for value in sorted(values):
        digest.update(value.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()[:16]


def safe_url(url: str) -> str:
    """The URL without its password (for messages and reprs)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparsable URL>"
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))


class Coordination:
    """The in-process coordination every client has by default (also the interface of the others).

    `nonce_turn` hands out the right to draw one nonce and send it: it is held from the draw until the
    answer is in, so concurrent writes of one session reach the server in nonce order.
    """

    kind = "local"

    def __init__(self, *, nonce_state_path: str | os.PathLike[str] | None, wall_clock: Callable[[], float]) -> None:
        self.nonces = NonceSource(nonce_state_path, clock=wall_clock)
        self._order = threading.Lock()
        self._async_order = LoopLock()

    def limiter(self, limit: RateLimit, clock: Callable[[], float], sleep: Callable[[float], None]) -> SyncSlots:
        return RateLimiter(limit, clock=clock, sleep=sleep)

    def async_limiter(
        self, limit: RateLimit, clock: Callable[[], float], sleep: Callable[[float], Awaitable[None]]
    ) -> AsyncSlots:
        return AsyncRateLimiter(limit, clock=clock, sleep=sleep)

    @contextmanager
    def nonce_turn(self) -> Iterator[Callable[[], int]]:
        with self._order:
            yield self.nonces.next

    @asynccontextmanager
    async def async_nonce_turn(self) -> AsyncIterator[Callable[[], Awaitable[int]]]:
        async def draw() -> int:
            value, wait = self.nonces.draw()
            if wait > 0:
                await asyncio.sleep(wait)
            return value

        async with self._async_order.get():
            yield draw

    def tokens(self, scheme: str) -> SharedTokens | None:
        """The cross-process token store of a login scheme (None: the strategy's own state is enough)."""
        return None

    def close(self) -> None:
        """Drop connections (the client's `close()`); using it again reconnects."""

    async def aclose(self) -> None:
        """Drop the running loop's connections (the async client's `close()`)."""

    def __repr__(self) -> str:
        return "LocalCoordination()"


LocalCoordination = Coordination


class SharedTokens(Protocol):
    def load(self) -> StoredToken | None: ...

    def save(self, token: StoredToken, now: float) -> None: ...

    def lock(self) -> Any: ...

    async def aload(self) -> StoredToken | None: ...

    async def asave(self, token: StoredToken, now: float) -> None: ...

    def alock(self) -> Any: ...


# --- Redis ----------------------------------------------------------------------------------------------

# A slot: drop answers older than the window, count the rest (in flight ones included); take one when
# fewer than the limit, else say how long until the oldest leaves (or -1 when all are in flight).
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local period = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - period)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[4])
  redis.call('PEXPIRE', KEYS[1], math.ceil((period + tonumber(ARGV[3])) / 1000) + 1000)
  return 0
end
local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
if oldest > now then
  return -1
end
return math.max(1, oldest + period - now)
"""

# The request holding slot ARGV[1] has its answer: it counts from now on (Redis time).
_RELEASE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2]) / 1000) + 1000)
return 1
"""

# The next nonce: max(last + 1, floor + 1, now in ms), stored; answered with how long (microseconds) the
# caller must wait before using it so that the Redis clock has passed it (0 when the clock went back by
# more than ARGV[2] ms: the stored value still never goes back).
_NONCE = """
local t = redis.call('TIME')
local now_us = tonumber(t[1]) * 1000000 + tonumber(t[2])
local now = math.floor(now_us / 1000)
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
local value = math.max(last + 1, tonumber(ARGV[1]) + 1, now)
redis.call('SET', KEYS[1], string.format('%d', value))
local wait = 0
if value - now <= tonumber(ARGV[2]) then
  wait = math.max(0, (value + 1) * 1000 - now_us)
end
return {string.format('%d', value), wait}
"""


def _import_redis(distribution: str) -> Any:
    try:
        import redis
        import redis.asyncio
    except ImportError:
        raise CoordinationError(
            f"coordination through Redis needs the `redis` package: {_REDIS_EXTRA.format(distribution=distribution)}"
        ) from None
    return redis


class RedisCoordination(Coordination):
    """Rate limit, nonces and tokens shared through one Redis server (see the module docstring)."""

    kind = "redis"

    def __init__(
        self,
        url: str,
        *,
        namespace: str,
        distribution: str,
        wall_clock: Callable[[], float],
        connect_timeout: float = 2.0,
        lease: float = ORDER_LEASE,
    ) -> None:
        super().__init__(nonce_state_path=None, wall_clock=wall_clock)
        self._redis_module = _import_redis(distribution)
        self.url = url
        self.namespace = namespace
        self._shown_url = safe_url(url)
        self._connect_timeout = connect_timeout
        self.lease = max(ORDER_LEASE, lease)
        try:
            self._sync = self._redis_module.Redis.from_url(url, socket_connect_timeout=connect_timeout)
        except ValueError as exc:
            raise CoordinationError(f"coordination URL {self._shown_url!r} is not a Redis URL: {exc}") from None
        self._scripts = {
            name: self._sync.register_script(src)
            for name, src in (("reserve", _RESERVE), ("release", _RELEASE), ("nonce", _NONCE))
        }
        self._guard = threading.Lock()
        self._async: tuple[asyncio.AbstractEventLoop, Any, dict[str, Any]] | None = None

    # --- plumbing ---

    def key(self, *parts: str) -> str:
        return ":".join((self.namespace, *parts))

    def ping(self) -> None:
        """Fail now, with a clear message, when the server cannot be reached."""
        self.call(self._sync.ping)

    def fail(self, exc: BaseException) -> CoordinationError:
        return CoordinationError(f"Redis coordination at {self._shown_url} failed: {type(exc).__name__}: {exc}")

    def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except self._redis_module.RedisError as exc:
            raise self.fail(exc) from None

    async def acall(self, fn: Callable[..., Awaitable[Any]], *args: Any, **kwargs: Any) -> Any:
        try:
            return await fn(*args, **kwargs)
        except self._redis_module.RedisError as exc:
            raise self.fail(exc) from None

    def aredis(self) -> tuple[Any, dict[str, Any]]:
        """The asyncio client of the running loop (asyncio connections belong to one loop)."""
        loop = asyncio.get_running_loop()
        with self._guard:
            if self._async is None or self._async[0] is not loop:
                client = self._redis_module.asyncio.Redis.from_url(
                    self.url, socket_connect_timeout=self._connect_timeout
                )
                scripts = {
                    name: client.register_script(src)
                    for name, src in (("reserve", _RESERVE), ("release", _RELEASE), ("nonce", _NONCE))
                }
                self._async = (loop, client, scripts)
            return self._async[1], self._async[2]

    # --- rate limit ---

    def limiter(self, limit: RateLimit, clock: Callable[[], float], sleep: Callable[[float], None]) -> SyncSlots:
        return _RedisLimiter(self, limit, sleep)

    def async_limiter(
        self, limit: RateLimit, clock: Callable[[], float], sleep: Callable[[float], Awaitable[None]]
    ) -> AsyncSlots:
        return _AsyncRedisLimiter(self, limit, sleep)

    def window_args(self, limit: RateLimit, slot: str) -> list[Any]:
        return [limit.requests, int(limit.period * 1_000_000), int(max(SLOT_LEASE, self.lease) * 1_000_000), slot]

    # --- nonces ---

    def nonce_args(self) -> tuple[list[str], list[int]]:
        return [self.key("nonce")], [self.nonces.last, MAX_AHEAD_MS]

    @contextmanager
    def nonce_turn(self) -> Iterator[Callable[[], int]]:
        def draw() -> int:
            keys, args = self.nonce_args()
            value, wait_us = self.call(self._scripts["nonce"], keys=keys, args=args)
            if int(wait_us) > 0:
                time.sleep(int(wait_us) / 1_000_000)  # the Redis clock passes the value before it is used
            self.nonces.advance(int(value))
            return int(value)

        with self._order:
            lock = self._sync.lock(self.key("nonce", "lock"), timeout=self.lease, sleep=LOCK_POLL, thread_local=False)
            self.call(lock.acquire)
            try:
                yield draw
            finally:
                self.call(_release_quietly, lock)

    @asynccontextmanager
    async def async_nonce_turn(self) -> AsyncIterator[Callable[[], Awaitable[int]]]:
        async def draw() -> int:
            _, scripts = self.aredis()
            keys, args = self.nonce_args()
            value, wait_us = await self.acall(scripts["nonce"], keys=keys, args=args)
            if int(wait_us) > 0:
                await asyncio.sleep(int(wait_us) / 1_000_000)
            self.nonces.advance(int(value))
            return int(value)

        async with self._async_order.get():
            client, _ = self.aredis()
            lock = client.lock(self.key("nonce", "lock"), timeout=self.lease, sleep=LOCK_POLL, thread_local=False)
            await self.acall(lock.acquire)
            try:
                yield draw
            finally:
                await self.acall(_arelease_quietly, lock)

    # --- tokens ---

    def tokens(self, scheme: str) -> SharedTokens | None:
        return _RedisTokens(self, scheme)

    def close(self) -> None:
        self._sync.close()

    async def aclose(self) -> None:
        with self._guard:
            current, self._async = self._async, None
        if current is not None and current[0] is asyncio.get_running_loop():
            await current[1].aclose()

    def __repr__(self) -> str:
        return f"RedisCoordination(url={self._shown_url!r}, namespace={self.namespace!r})"


def _release_quietly(lock: Any) -> None:
    """Release a lock we hold; one that expired meanwhile (a very slow request) is not an error here."""
    try:
        lock.release()
    except Exception as exc:
        if type(exc).__name__ != "LockNotOwnedError" and type(exc).__name__ != "LockError":
            raise


async def _arelease_quietly(lock: Any) -> None:
    try:
        await lock.release()
    except Exception as exc:
        if type(exc).__name__ != "LockNotOwnedError" and type(exc).__name__ != "LockError":
            raise


class _RedisLimiter:
    def __init__(self, coord: RedisCoordination, limit: RateLimit, sleep: Callable[[float], None]) -> None:
        self.limit = limit
        self._coord = coord
        self._sleep = sleep
        self._key = coord.key("ratelimit")
        self._turn = threading.Lock()  # the threads of this process queue here, not in Redis

    def acquire(self) -> object:
        slot = uuid.uuid4().hex
        args = self._coord.window_args(self.limit, slot)
        with self._turn:
            while True:
                wait = int(self._coord.call(self._coord._scripts["reserve"], keys=[self._key], args=args))
                if wait == 0:
                    return slot
                self._sleep(IN_FLIGHT_POLL if wait < 0 else wait / 1_000_000)

    def release(self, slot: object = None) -> None:
        self._coord.call(
            self._coord._scripts["release"], keys=[self._key], args=[str(slot), int(self.limit.period * 1_000_000)]
        )


class _AsyncRedisLimiter:
    def __init__(self, coord: RedisCoordination, limit: RateLimit, sleep: Callable[[float], Awaitable[None]]) -> None:
        self.limit = limit
        self._coord = coord
        self._sleep = sleep
        self._key = coord.key("ratelimit")
        self._turn = LoopLock()

    async def acquire(self) -> object:
        slot = uuid.uuid4().hex
        args = self._coord.window_args(self.limit, slot)
        async with self._turn.get():
            while True:
                _, scripts = self._coord.aredis()
                wait = int(await self._coord.acall(scripts["reserve"], keys=[self._key], args=args))
                if wait == 0:
                    return slot
                await self._sleep(IN_FLIGHT_POLL if wait < 0 else wait / 1_000_000)

    async def release(self, slot: object = None) -> None:
        _, scripts = self._coord.aredis()
        await self._coord.acall(
            scripts["release"], keys=[self._key], args=[str(slot), int(self.limit.period * 1_000_000)]
        )


class _RedisTokens:
    """One login scheme's token in Redis: read by every worker, written by the one holding the lock."""

    def __init__(self, coord: RedisCoordination, scheme: str) -> None:
        self._coord = coord
        self._key = coord.key("token", scheme)

    @staticmethod
    def _decode(raw: Any) -> StoredToken | None:
        if raw is None:
            return None
        try:
            data = json.loads(raw)
            return StoredToken(str(data["token"]), data.get("refresh_at"), data.get("expires_at"))
        except (ValueError, KeyError, TypeError):
            return None  # unreadable: log in again and overwrite it

    @staticmethod
    def _encode(token: StoredToken, now: float) -> tuple[str, int | None]:
        payload = json.dumps({"token": token.token, "refresh_at": token.refresh_at, "expires_at": token.expires_at})
        ttl_ms = None if token.expires_at is None else max(1, int((token.expires_at - now) * 1000))
        return payload, ttl_ms

    def load(self) -> StoredToken | None:
        return self._decode(self._coord.call(self._coord._sync.get, self._key))

    def save(self, token: StoredToken, now: float) -> None:
        payload, ttl_ms = self._encode(token, now)
        self._coord.call(self._coord._sync.set, self._key, payload, px=ttl_ms)

    @contextmanager
    def lock(self) -> Iterator[None]:
        lock = self._coord._sync.lock(
            self._key + ":lock", timeout=self._coord.lease, sleep=LOCK_POLL, thread_local=False
        )
        self._coord.call(lock.acquire)
        try:
            yield
        finally:
            self._coord.call(_release_quietly, lock)

    async def aload(self) -> StoredToken | None:
        client, _ = self._coord.aredis()
        return self._decode(await self._coord.acall(client.get, self._key))

    async def asave(self, token: StoredToken, now: float) -> None:
        client, _ = self._coord.aredis()
        payload, ttl_ms = self._encode(token, now)
        await self._coord.acall(client.set, self._key, payload, px=ttl_ms)

    @asynccontextmanager
    async def alock(self) -> AsyncIterator[None]:
        client, _ = self._coord.aredis()
        lock = client.lock(self._key + ":lock", timeout=self._coord.lease, sleep=LOCK_POLL, thread_local=False)
        await self._coord.acall(lock.acquire)
        try:
            yield
        finally:
            await self._coord.acall(_arelease_quietly, lock)


def _env_name(logger_name: str, suffix: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in logger_name).upper() + suffix


def make_coordination(
    coordination: str | Coordination | None,
    *,
    fallback: bool | None,
    logger_name: str,
    distribution: str,
    base_url: str,
    credentials: tuple[str, ...],
    nonce_state_path: str | os.PathLike[str] | None,
    wall_clock: Callable[[], float],
    request_seconds: float | None = None,
) -> Coordination:
    """The client's coordination: an object passed in, a `redis://` URL (argument, else the environment
    variable `<LOGGER_NAME>_COORDINATION`), or in-process. An unreachable Redis is a `CoordinationError`,
    unless `fallback` (or `<LOGGER_NAME>_COORDINATION_FALLBACK=1`) asks for in-process with a warning."""
    if isinstance(coordination, Coordination):
        return coordination
    if coordination is None:
        coordination = os.environ.get(_env_name(logger_name, "_COORDINATION")) or None
    if fallback is None:
        fallback = os.environ.get(_env_name(logger_name, "_COORDINATION_FALLBACK"), "").lower() in ("1", "true", "yes")
    if coordination is None or coordination in ("local", "in-process"):
        return Coordination(nonce_state_path=nonce_state_path, wall_clock=wall_clock)
    if not coordination.startswith(("redis://", "rediss://", "unix://")):
        raise CoordinationError(
            f"coordination must be 'local' or a redis://, rediss:// or unix:// URL, got {safe_url(coordination)!r}"
        )
    account = hashlib.sha256(base_url.encode("utf-8")).hexdigest()[:12]
    namespace = f"{KEY_PREFIX}:{logger_name}:{account}:{credential_fingerprint(credentials)}"
    try:
        redis_coordination = RedisCoordination(
            coordination,
            namespace=namespace,
            distribution=distribution,
            wall_clock=wall_clock,
            lease=2 * (request_seconds or 0),
        )
        redis_coordination.ping()
    except CoordinationError as exc:
        if not fallback:
            raise CoordinationError(
                f"{exc} (pass coordination_fallback=True or set {_env_name(logger_name, '_COORDINATION_FALLBACK')}=1 "
                "to fall back to in-process coordination)"
            ) from None
        warnings.warn(
            f"{exc}; falling back to in-process coordination (this process only)", RuntimeWarning, stacklevel=4
        )
        return Coordination(nonce_state_path=nonce_state_path, wall_clock=wall_clock)
    return redis_coordination
