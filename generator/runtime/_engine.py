"""The request state machine, written once for both clients.

`exchange` is a generator: it decides everything (auth, nonce, retries, re-login, polling) and *yields*
each thing that needs I/O as an effect (`Send`, `Sleep`, `EnsureToken`). The sync client performs effects
with blocking calls, the async client awaits them; neither contains any decision, so the two can never
drift apart.

Performing a `Send` is one fixed sequence that the clients cannot order differently: (for a nonce
operation) take the session's nonce turn and draw the nonce, build the request, take a rate-limit slot,
send, give the slot back, end the turn. So a request goes on the wire right after its slot is counted
(nothing waits in between), and nonces reach the server in the order they were drawn.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from ._auth import AuthStrategy
from ._exceptions import APIConnectionError, APITimeoutError, PollTimeoutError
from ._logging import mask_values, redact_body, redact_headers, redact_url
from ._login import LoginAuth
from ._operation import PollSpec
from ._request import PreparedCall, build_request
from ._retry import backoff_delay, may_retry_exception, may_retry_status, retry_after

__all__ = ["EnsureToken", "Env", "Exchange", "Flow", "Send", "Sent", "Sleep", "exchange", "exchange_polling"]

T = TypeVar("T")

#: polling waits grow from `interval` by this factor, up to MAX_POLL_DELAY (or `interval`, if larger)
POLL_BACKOFF = 1.5
MAX_POLL_DELAY = 10.0
_LOGGED_BODY = 2000


@dataclass(slots=True)  # made on every call: a frozen dataclass's __init__ costs several times more
class Send:
    """Send one attempt: `build(nonce)` makes the request (`nonce` is None unless `ordered`); with
    `ordered`, the client draws the nonce inside the session's nonce turn and holds the turn until the
    answer is in. The rate-limit slot is taken after building, right before the wire. Answers `Sent`."""

    build: Callable[[int | None], httpx.Request]
    ordered: bool = False


@dataclass(slots=True)  # per call, like Send
class Sent:
    """What became of a `Send`: the answer, or the transport error (returned, not raised)."""

    request: httpx.Request
    response: httpx.Response | None
    error: httpx.RequestError | None
    elapsed: float  # seconds, send + read


@dataclass(frozen=True)
class Sleep:
    seconds: float


@dataclass(frozen=True)
class EnsureToken:
    """A usable token of a login strategy; `stale` is one the server rejected (forces a new login)."""

    strategy: LoginAuth
    stale: str | None = None


Effect = Send | Sleep | EnsureToken
Flow = Generator[Effect, Any, T]


@dataclass(frozen=True)
class Env:
    """What a flow may use directly (no I/O): request building, clocks, the logger."""

    http: httpx.Client | httpx.AsyncClient
    logger: logging.Logger
    clock: Callable[[], float]
    wall_clock: Callable[[], float]
    secrets: Callable[[], tuple[str, ...]]


@dataclass(slots=True)  # per call, like Send
class Exchange:
    response: httpx.Response
    retries_taken: int
    elapsed: float  # seconds, the last attempt's send + read


def _request_body(request: httpx.Request) -> bytes:
    try:
        return request.content[:_LOGGED_BODY]
    except httpx.RequestNotRead:  # multipart with files: not worth reading just to log it
        return b"<stream>"


def _response_body(response: httpx.Response) -> bytes:
    try:
        return response.content[:_LOGGED_BODY]
    except httpx.ResponseNotRead:  # with_streaming_response: the caller reads it
        return b"<stream>"


def _shown_body(env: Env, content: bytes) -> str:
    shown = redact_body(content).decode("utf-8", "replace")
    return mask_values(shown, env.secrets())


def _log_request(env: Env, request: httpx.Request, attempt: int) -> None:
    if env.logger.isEnabledFor(logging.DEBUG):
        env.logger.debug(
            "request %s %s attempt=%d headers=%s body=%r",
            request.method,
            redact_url(request.url),
            attempt,
            redact_headers(request.headers),
            _shown_body(env, _request_body(request)),
        )


def _log_response(env: Env, request: httpx.Request, response: httpx.Response, attempt: int, elapsed: float) -> None:
    # Checked first: redacting the URL costs tens of microseconds per call, wasted when nobody listens.
    if env.logger.isEnabledFor(logging.INFO):
        env.logger.info(
            "%s %s -> %d attempt=%d elapsed=%.3fs",
            request.method,
            redact_url(request.url),
            response.status_code,
            attempt,
            elapsed,
        )
    if env.logger.isEnabledFor(logging.DEBUG):
        env.logger.debug(
            "response headers=%s body=%r", redact_headers(response.headers), _shown_body(env, _response_body(response))
        )


def _connection_error(exc: httpx.RequestError, request: httpx.Request) -> APIConnectionError:
    """Names the server (scheme, host and port only: never the path or query, which may hold secrets)."""
    url = request.url
    where = f"{url.scheme}://{url.host}" + (f":{url.port}" if url.port else "")
    reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(request, f"Request to {where} timed out ({reason})")
    return APIConnectionError(request, f"Could not connect to {where} ({reason})")


def _rejected_by(strategies: tuple[AuthStrategy, ...], status: int) -> LoginAuth | None:
    return next((s for s in strategies if isinstance(s, LoginAuth) and status in s.relogin_status), None)


def _tokens(call: PreparedCall) -> Flow[dict[AuthStrategy, str]]:
    tokens: dict[AuthStrategy, str] = {}
    for strategy in call.strategies:
        if isinstance(strategy, LoginAuth):
            tokens[strategy] = yield EnsureToken(strategy)
    return tokens


@dataclass(slots=True)  # per call, like Send
class _Attempt:
    request: httpx.Request
    number: int
    elapsed: float
    response: httpx.Response | None = None
    error: httpx.RequestError | None = None


def _attempt(call: PreparedCall, env: Env, tokens: dict[AuthStrategy, str], number: int) -> Flow[_Attempt]:
    """One HTTP attempt, rate-limited, logged; a transport failure is returned, not raised."""

    # Checked once per attempt: DEBUG on implies INFO on, so with INFO off neither log line is made.
    logging_on = env.logger.isEnabledFor(logging.INFO)

    def build(nonce: int | None) -> httpx.Request:
        # A fresh nonce per attempt (drawn by the client inside the nonce turn): the vendor rejects any
        # value it has already seen, and any value lower than one it saw before.
        request = build_request(env.http, call, tokens, nonce)
        if logging_on:
            _log_request(env, request, number)
        return request

    sent: Sent = yield Send(build, ordered=bool(call.op.nonce_param))
    request = sent.request
    if sent.error is not None:
        if logging_on:  # redacting costs tens of microseconds: only when someone listens
            env.logger.info(
                "%s %s failed (%s) attempt=%d elapsed=%.3fs",
                request.method,
                redact_url(request.url),
                type(sent.error).__name__,
                number,
                sent.elapsed,
            )
        return _Attempt(request, number, sent.elapsed, error=sent.error)
    assert sent.response is not None
    if logging_on:
        _log_response(env, request, sent.response, number, sent.elapsed)
    return _Attempt(request, number, sent.elapsed, response=sent.response)


def _retry_delay(call: PreparedCall, env: Env, attempt: _Attempt, retries: int) -> float | None:
    """Seconds to wait before trying again, or None when this outcome must not be retried (see _retry)."""
    if retries >= call.max_retries:
        return None
    op = call.op
    if attempt.error is not None:
        return (
            backoff_delay(retries)
            if may_retry_exception(attempt.error, is_write=op.is_write, idempotent=call.idempotent)
            else None
        )
    assert attempt.response is not None
    if not may_retry_status(attempt.response.status_code, is_write=op.is_write, idempotent=call.idempotent):
        return None
    asked = retry_after(attempt.response.headers, env.wall_clock())
    return backoff_delay(retries) if asked is None else asked


def exchange(call: PreparedCall, env: Env) -> Flow[Exchange]:
    """Send one logical request: attempts, retries with backoff, and one re-login when a token is refused."""
    retries = 0
    relogged = False
    while True:
        tokens = (yield from _tokens(call)) if call.strategies else {}
        attempt = yield from _attempt(call, env, tokens, retries + 1)
        rejected = (
            _rejected_by(call.strategies, attempt.response.status_code)
            if call.strategies and attempt.response is not None
            else None
        )
        if rejected is not None and relogged:
            # The token the re-login just fetched was refused too: this status means "forbidden" here.
            rejected.refused_fresh(tokens[rejected], env.clock())
        elif rejected is not None and rejected.known_forbidden(tokens[rejected], env.clock()):
            rejected = None  # a proven-fresh session refused again: an error for this call, not a reason to log in
        if rejected is not None and not relogged:
            # The token was refused before any business logic ran, so repeating the request, a write
            # included, cannot duplicate anything. Once only: a second refusal is a real error.
            relogged = True
            env.logger.info("token refused, logging in again")
            yield EnsureToken(rejected, stale=tokens[rejected])
            continue
        delay = _retry_delay(call, env, attempt, retries)
        if delay is None:
            if attempt.error is not None:
                raise _connection_error(attempt.error, attempt.request) from attempt.error
            assert attempt.response is not None
            return Exchange(attempt.response, retries, attempt.elapsed)
        env.logger.info("retrying %s %s in %.2fs", attempt.request.method, redact_url(attempt.request.url), delay)
        retries += 1
        yield Sleep(delay)


def exchange_polling(call: PreparedCall, env: Env) -> Flow[Exchange]:
    """`x-poll`: with `poll=True`, ask again while the answer is the "not ready" status, until timeout.

    Only reads are repeated: a write that answered 202 was accepted, and sending it again would
    duplicate it, so for writes the 202 is returned as is. Without polling this is `exchange` itself
    (no wrapping generator on every call).
    """
    spec = call.op.poll
    if spec is None or not call.poll or call.op.is_write:
        return exchange(call, env)
    return _polling(call, env, spec)


def _polling(call: PreparedCall, env: Env, spec: PollSpec) -> Flow[Exchange]:
    started = env.clock()
    delay = spec.interval
    while True:
        result = yield from exchange(call, env)
        if result.response.status_code != spec.status:
            return result
        elapsed = env.clock() - started
        remaining = spec.timeout - elapsed
        if remaining <= 0:
            raise PollTimeoutError(result.response, elapsed)
        asked = retry_after(result.response.headers, env.wall_clock())
        wait = min(asked if asked is not None else delay, remaining)
        env.logger.info("%d: not ready, polling again in %.2fs", spec.status, wait)
        yield Sleep(wait)
        delay = min(delay * POLL_BACKOFF, max(spec.interval, MAX_POLL_DELAY))
