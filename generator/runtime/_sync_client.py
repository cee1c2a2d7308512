"""The blocking client a generated `<Vendor>` class subclasses."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, TypeVar

import httpx

from ._auth import AuthStrategy
from ._base_client import BaseClient, Parser, WireParams
from ._coordination import Coordination
from ._engine import EnsureToken, Flow, Send, Sent, Sleep, exchange_polling
from ._login import LoginCall
from ._operation import OperationSpec
from ._pagination import SyncPager
from ._ratelimit import RateLimit
from ._request import DEFAULT_TIMEOUT
from ._response import APIResponse, buffered, is_raw_mode, note_streamed, parse_success, read_json, streamed_responses
from ._retry import DEFAULT_MAX_RETRIES
from ._types import NOT_GIVEN, RequestOptions, TimeoutTypes

__all__ = ["SyncClient"]

T = TypeVar("T")
C = TypeVar("C", bound="SyncClient")


class SyncClient(BaseClient):
    def __init__(
        self,
        *,
        base_url: str,
        auth: Mapping[str, AuthStrategy] | None = None,
        rate_limit: RateLimit | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        logger_name: str = "api_client",
        user_agent: str = "api-client",
        nonce_state_path: str | os.PathLike[str] | None = None,
        coordination: str | Coordination | None = None,
        coordination_fallback: bool | None = None,
        strict: bool = False,
        _clock: Callable[[], float] = time.monotonic,
        _wall_clock: Callable[[], float] = time.time,
        _sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(
            base_url=base_url,
            auth=auth,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            logger_name=logger_name,
            user_agent=user_agent,
            nonce_state_path=nonce_state_path,
            strict=strict,
            clock=_clock,
            wall_clock=_wall_clock,
            coordination=coordination,
            coordination_fallback=coordination_fallback,
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(
            transport=transport, timeout=self.timeout, headers=self._own_pool_headers()
        )
        self._sleep = _sleep
        self._limiter = (
            self._coord.limiter(rate_limit, _clock, self._rate_limit_wait(rate_limit, _sleep)) if rate_limit else None
        )
        self._engine_env = self._env(self._http)

    def _rate_limit_wait(self, limit: RateLimit, sleep: Callable[[float], None]) -> Callable[[float], None]:
        """The limiter's sleep, said in the log: a bulk job that stalls for a minute must show why."""

        def wait(seconds: float) -> None:
            self._logger.info(
                "rate limit of %d requests per %gs reached: waiting %.2fs", limit.requests, limit.period, seconds
            )
            sleep(seconds)

        return wait

    def request(
        self,
        op: OperationSpec,
        *,
        path_params: WireParams = None,
        params: WireParams = None,
        headers: WireParams = None,
        body: Any = NOT_GIVEN,
        files: WireParams = None,
        cast_to: Any = None,
        options: RequestOptions | None = None,
        poll: bool = False,
    ) -> Any:
        """Send `op` and return the parsed 2xx body (an APIResponse inside a raw-response wrapper)."""
        response = self._execute(
            op,
            parser=lambda r: parse_success(
                op, r, cast_to, strict=self._strict, logger=self._logger, secrets=self._secrets
            ),
            path_params=path_params,
            params=params,
            headers=headers,
            body=body,
            files=files,
            options=options,
            poll=poll,
        )
        return response if is_raw_mode() else response.parse()

    def paginate(
        self,
        op: OperationSpec,
        *,
        path_params: WireParams = None,
        params: WireParams = None,
        headers: WireParams = None,
        body: Any = NOT_GIVEN,
        item_type: Any,
        options: RequestOptions | None = None,
    ) -> SyncPager[Any]:
        """A lazy pager over `op`'s pages (nothing is sent until it is iterated)."""
        return SyncPager(
            self,
            op,
            path_params=path_params,
            params=params,
            headers=headers,
            body=body,
            item_type=item_type,
            options=options,
        )

    def _fetch_page(self, op: OperationSpec, **kwargs: Any) -> APIResponse[Any]:
        with buffered():  # a page is parsed at once, also inside a streamed call
            return self._execute(op, parser=read_json, **kwargs)

    def _execute(
        self, op: OperationSpec, *, parser: Parser, strategies: tuple[AuthStrategy, ...] | None = None, **kwargs: Any
    ) -> APIResponse[Any]:
        call = self._prepare(op, strategies, **kwargs)
        return self._finish(op, self._run(exchange_polling(call, self._engine_env)), parser)

    def _login_call(self, call: LoginCall) -> APIResponse[Any]:
        with buffered():  # a login made for a streamed call is read like any other
            return self._execute(
                call.op,
                parser=read_json,
                strategies=self._login_strategies(call),
                params=call.params,
                headers=call.headers,
            )

    def _run(self, flow: Flow[T]) -> T:
        value: Any = None
        error: Exception | None = None
        while True:
            try:
                effect = flow.throw(error) if error is not None else flow.send(value)
            except StopIteration as done:
                result: T = done.value
                return result
            value, error = None, None
            try:
                value = self._perform(effect)
            except Exception as exc:  # handed to the flow, which retries or re-raises it
                error = exc

    def _perform(self, effect: Send | Sleep | EnsureToken) -> Any:
        if isinstance(effect, Send):
            return self._send(effect)
        if isinstance(effect, Sleep):
            self._sleep(effect.seconds)
            return None
        shared = self._shared_tokens.get(id(effect.strategy))
        return effect.strategy.ensure_sync(self._login_call, self._auth, self._wall_clock, effect.stale, shared)

    def _send(self, effect: Send) -> Sent:
        if not effect.ordered:
            return self._transmit(effect.build(None))
        with self._coord.nonce_turn() as draw:  # held until the answer is in: the server sees nonces in order
            return self._transmit(effect.build(draw()))

    def _transmit(self, request: httpx.Request) -> Sent:
        """Slot, wire, answer, slot back: nothing may wait between taking the slot and sending."""
        slot = self._limiter.acquire() if self._limiter is not None else None
        started = self._clock()
        stream = streamed_responses() is not None  # a with_streaming_response call: the body stays unread
        try:
            response = self._http.send(request, stream=stream)
        except httpx.RequestError as exc:
            return Sent(request, None, exc, self._clock() - started)
        finally:
            if self._limiter is not None:
                self._limiter.release(slot)
        if stream:
            try:
                note_streamed(response)
            except httpx.RequestError as exc:  # the error body broke off: a transport failure like any other
                return Sent(request, None, exc, self._clock() - started)
        return Sent(request, response, None, self._clock() - started)

    @property
    def is_closed(self) -> bool:
        return self._http.is_closed

    def close(self) -> None:
        """Close the connection pool if the client created it (a passed `http_client` is the caller's)."""
        if self._owns_http:
            self._http.close()
        self._coord.close()

    def __enter__(self: C) -> C:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
