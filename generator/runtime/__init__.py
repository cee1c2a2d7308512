"""The runtime every generated client carries (copied verbatim as `<package>/_runtime/`).

Hand-written and tested once in the generator's repository; generated resource methods only gather
their arguments and call `request`/`paginate` with an `OperationSpec`. See docs/runtime.md.
"""

from __future__ import annotations

from ._async_client import AsyncClient
from ._auth import ApiKeyAuth, AuthStrategy, BasicAuth, BearerAuth
from ._base_client import AsyncAPIResource, SyncAPIResource
from ._coordination import Coordination, CoordinationError, LocalCoordination, RedisCoordination
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ClientError,
    ConflictError,
    DuplicateInFlightError,
    InternalServerError,
    NotFoundError,
    PaginationLoopError,
    PermissionDeniedError,
    PollTimeoutError,
    RateLimitError,
    UnprocessableEntityError,
)
from ._lazy import LazyModule
from ._logging import redact_body, redact_headers, redact_url
from ._login import LoginAuth, RsaLoginAuth, SessionAuth
from ._nonce import NonceSource
from ._operation import OperationSpec, PaginationSpec, ParamSpec, PollSpec
from ._pagination import AsyncPager, Page, SyncPager
from ._ratelimit import RateLimit, RateLimitOption, choose_rate_limit
from ._response import (
    APIResponse,
    AsyncStreamedAPIResponse,
    StreamedAPIResponse,
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from ._sync_client import SyncClient
from ._tolerant import ValidationIssue, WireModel, validation_issues
from ._types import NOT_GIVEN, Created, NotGiven, RequestOptions
from ._wire import DateTime, FlexNumber, Money, MoneyString, Number, encode_money

# The names generated models import (prefixed: a spec's own `Number` or `DateTime` schema keeps its name).
WireNumber = Number
WireFlexNumber = FlexNumber
WireMoney = Money
WireMoneyString = MoneyString
WireDateTime = DateTime

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "ApiKeyAuth",
    "AsyncAPIResource",
    "AsyncClient",
    "AsyncPager",
    "AsyncStreamedAPIResponse",
    "AuthStrategy",
    "AuthenticationError",
    "BadRequestError",
    "BasicAuth",
    "BearerAuth",
    "ClientError",
    "ConflictError",
    "Coordination",
    "CoordinationError",
    "Created",
    "DateTime",
    "DuplicateInFlightError",
    "FlexNumber",
    "InternalServerError",
    "LazyModule",
    "LocalCoordination",
    "LoginAuth",
    "Money",
    "MoneyString",
    "NonceSource",
    "NotFoundError",
    "NotGiven",
    "Number",
    "OperationSpec",
    "Page",
    "PaginationLoopError",
    "PaginationSpec",
    "ParamSpec",
    "PermissionDeniedError",
    "PollSpec",
    "PollTimeoutError",
    "RateLimit",
    "RateLimitError",
    "RateLimitOption",
    "RedisCoordination",
    "RequestOptions",
    "RsaLoginAuth",
    "SessionAuth",
    "StreamedAPIResponse",
    "SyncAPIResource",
    "SyncClient",
    "SyncPager",
    "UnprocessableEntityError",
    "ValidationIssue",
    "WireDateTime",
    "WireFlexNumber",
    "WireModel",
    "WireMoney",
    "WireMoneyString",
    "WireNumber",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "choose_rate_limit",
    "encode_money",
    "redact_body",
    "redact_headers",
    "redact_url",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
    "validation_issues",
]
