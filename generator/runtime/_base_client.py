"""What the sync and async clients share, and the base classes of generated resources.

`SyncClient` and `AsyncClient` (their own modules) only *perform* the effects that `_engine.exchange`
yields (send, sleep, wait for the rate limiter, make sure a login token exists); every decision lives in
the engine. A client and its `with_options` copies share the connection pool, the auth state (tokens),
the nonce source and the rate limiter.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar, cast

import httpx

from ._auth import AuthStrategy, select_auth
from ._coordination import Coordination, SharedTokens, make_coordination
from ._engine import Env, Exchange
from ._exceptions import APIStatusError, DuplicateInFlightError, make_status_error
from ._logging import configure_logger, redact_url, register_secrets
from ._login import LoginAuth, LoginCall, SessionAuth
from ._operation import OperationSpec
from ._request import PreparedCall, normalize_timeout, pool_headers, prepare_call
from ._response import APIResponse
from ._types import NOT_GIVEN, NotGiven, TimeoutTypes

if TYPE_CHECKING:
    from ._async_client import AsyncClient
    from ._sync_client import SyncClient

__all__ = ["AsyncAPIResource", "BaseClient", "Parser", "SyncAPIResource", "WireParams"]

C = TypeVar("C", bound="BaseClient")
Parser: TypeAlias = Callable[[httpx.Response], Any]
#: parameters keyed by wire name, as generated methods pass them
WireParams: TypeAlias = Mapping[str, Any] | None


def _check_auth(schemes: Mapping[str, AuthStrategy]) -> None:
    """A session must log in with a configured static scheme (a login scheme that logs in would deadlock)."""
    for name, strategy in schemes.items():
        if isinstance(strategy, SessionAuth) and strategy.login_scheme is not None:
            target = schemes.get(strategy.login_scheme)
            if target is None or isinstance(target, LoginAuth):
                raise ValueError(
                    f"auth scheme {name!r}: login_scheme {strategy.login_scheme!r} must name a configured non-login scheme"
                )


def _idempotency_key(op: OperationSpec, request: httpx.Request) -> str | None:
    try:
        data = json.loads(request.content)
    except (ValueError, httpx.RequestNotRead):
        return None
    if op.request_root and isinstance(data, dict):
        data = data.get(op.request_root)
    value = data.get(op.idempotency_field) if isinstance(data, dict) and op.idempotency_field else None
    return None if value is None else str(value)


def _in_flight(op: OperationSpec, error: APIStatusError) -> DuplicateInFlightError:
    """The 409 a retried idempotent create can get, said plainly: the first attempt may have worked."""
    key = _idempotency_key(op, error.request)
    field = f"{op.idempotency_field}={key!r}" if key is not None else str(op.idempotency_field)
    message = (
        f"{error.message} -- the first attempt of {op.operation_id} got no usable answer and was retried with the same "
        f"{field}; the server refused the retry as a duplicate still in progress, so the first attempt may have created it. "
        f"Do not create it again with a new {op.idempotency_field}: look it up first (list recent documents and match "
        f"{op.idempotency_field}), or repeat this call later with the same {op.idempotency_field}, which cannot create a second one."
    )
    found = DuplicateInFlightError(
        message,
        response=error.response,
        body=error.body,
        request_id=error.request_id,
        error_code=error.error_code,
        error_message=error.error_message,
    )
    found.idempotency_key = key
    return found


class BaseClient:
    """Configuration and request preparation; subclasses add the HTTP pool and perform the effects."""

    #: per security scheme, the constructor arguments that configure it (set by the generated client)
    _auth_hints: Mapping[str, str] = {}

    def __init__(
        self,
        *,
        base_url: str,
        auth: Mapping[str, AuthStrategy] | None,
        timeout: TimeoutTypes,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        logger_name: str,
        user_agent: str,
        nonce_state_path: str | os.PathLike[str] | None,
        clock: Callable[[], float],
        wall_clock: Callable[[], float],
        coordination: str | Coordination | None = None,
        coordination_fallback: bool | None = None,
        strict: bool = False,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._auth: dict[str, AuthStrategy] = dict(auth or {})
        _check_auth(self._auth)
        register_secrets(self._secrets())  # masked in every log line, error and recording from now on
        self.timeout = normalize_timeout(timeout)
        self.max_retries = max_retries
        self._default_headers: dict[str, str] = {"User-Agent": user_agent, **(default_headers or {})}
        # Headers the connection pool sends by itself (lower-case names); set by a subclass that creates its pool.
        self._pool_headers: dict[str, str] = {}
        self._logger = configure_logger(logger_name)
        self._coord = make_coordination(
            coordination,
            fallback=coordination_fallback,
            logger_name=logger_name,
            distribution=user_agent.split("/")[0],
            base_url=self.base_url,
            credentials=tuple(
                f"{name}:{v}" for name, strategy in sorted(self._auth.items()) for v in strategy.identity()
            ),
            nonce_state_path=nonce_state_path,
            wall_clock=wall_clock,
            request_seconds=sum(
                t for t in (self.timeout.connect, self.timeout.write, self.timeout.read, self.timeout.pool) if t
            ),
        )
        self._nonce = self._coord.nonces
        self._shared_tokens: dict[int, SharedTokens | None] = {
            id(s): self._coord.tokens(name) for name, s in self._auth.items()
        }
        self._clock = clock
        self._wall_clock = wall_clock
        # strict=True: a 2xx body that differs from the spec raises APIResponseValidationError instead of
        # being kept and reported (docs/runtime.md, "Tolerant, lossless parsing").
        self._strict = strict

    @property
    def coordination(self) -> Coordination:
        """Where the rate-limit window, nonce sequence and login tokens live (in-process or Redis)."""
        return self._coord

    def _own_pool_headers(self) -> dict[str, str]:
        """Headers for a connection pool this client creates (a caller's `http_client` is left as it is)."""
        headers = pool_headers(self._default_headers)
        self._pool_headers = {name.lower(): value for name, value in headers.items()}
        return headers

    def _env(self, http: httpx.Client | httpx.AsyncClient) -> Env:
        return Env(
            http=http, logger=self._logger, clock=self._clock, wall_clock=self._wall_clock, secrets=self._secrets
        )

    def _secrets(self) -> tuple[str, ...]:
        found = tuple(secret for strategy in self._auth.values() for secret in strategy.secrets())
        register_secrets(found)
        return found

    def _prepare(self, op: OperationSpec, strategies: tuple[AuthStrategy, ...] | None, **kwargs: Any) -> PreparedCall:
        if strategies is None:
            strategies = select_auth(op.operation_id, op.security, self._auth, self._auth_hints) if op.security else ()
        return prepare_call(
            op,
            base_url=self.base_url,
            default_headers=self._default_headers,
            timeout=self.timeout,
            max_retries=self.max_retries,
            strategies=strategies,
            pool_headers=self._pool_headers,
            **kwargs,
        )

    def _login_strategies(self, call: LoginCall) -> tuple[AuthStrategy, ...]:
        return (self._auth[call.scheme],) if call.scheme else ()

    def _finish(self, op: OperationSpec, result: Exchange, parser: Parser) -> APIResponse[Any]:
        if not result.response.is_success:
            error = make_status_error(op.error_models, result.response, self._secrets())
            if result.response.status_code == 409 and op.idempotency_field and result.retries_taken:
                raise _in_flight(op, error) from None
            raise error
        return APIResponse(result.response, parser, retries_taken=result.retries_taken, elapsed=result.elapsed)

    def with_options(
        self: C,
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
    ) -> C:
        """A copy with other defaults that shares the pool, tokens, nonce source and rate limiter."""
        new = copy.copy(self)
        if not isinstance(timeout, NotGiven):
            new.timeout = normalize_timeout(timeout)
        if not isinstance(max_retries, NotGiven):
            new.max_retries = max_retries
        if default_headers:
            # Header names are case-insensitive: `user-agent` replaces `User-Agent` instead of sending both.
            replaced = {name.lower() for name in default_headers}
            kept = {name: value for name, value in self._default_headers.items() if name.lower() not in replaced}
            new._default_headers = {**kept, **default_headers}
        # Resources hold their client: give the copy its own, bound to the copy (namespaces rebuild
        # their children in their constructor, which takes only the client).
        for name, value in list(vars(new).items()):
            if isinstance(value, (SyncAPIResource, AsyncAPIResource)):
                setattr(new, name, cast(Any, type(value))(new))
        return new

    def __repr__(self) -> str:
        schemes = ", ".join(f"{name}={strategy!r}" for name, strategy in sorted(self._auth.items()))
        return f"<{type(self).__name__} base_url={redact_url(self.base_url)!r} auth=[{schemes}]>"


class SyncAPIResource:
    """Base of a generated resource (one per tag) or namespace: it only holds the client."""

    def __init__(self, client: SyncClient) -> None:
        self._client = client


class AsyncAPIResource:
    """Base of a generated async resource or namespace: it only holds the client."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client
