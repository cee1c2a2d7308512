# Copied from the generator's runtime (generator/runtime/__init__.py); do not edit by hand.
"""The runtime every generated client carries (copied verbatim as `<package>/_runtime/`).

Hand-written and tested once in the generator's repository; generated resource methods only gather
their arguments and call `request`/`paginate` with an `OperationSpec`. See docs/runtime.md.

Names are loaded on first use (PEP 562 `__getattr__`): `from ._runtime import SyncClient` imports the
client's modules only, not pydantic's model machinery (`WireModel`, the `Wire*` field types) that only the
generated models need, so a plain `import <vendor>_client` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    from ._issues import ValidationIssue, validation_issues
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
    from ._tolerant import WireModel
    from ._types import NOT_GIVEN, Created, NotGiven, RequestOptions
    from ._wire import DateTime, FlexNumber, Money, MoneyString, Number, encode_money

    # The names generated models import (prefixed: a spec's own `Number` or `DateTime` schema keeps its name).
    WireNumber = Number
    WireFlexNumber = FlexNumber
    WireMoney = Money
    WireMoneyString = MoneyString
    WireDateTime = DateTime

#: exported name -> (module, attribute); the `Wire*` names generated models import are prefixed so a
#: spec's own `Number` or `DateTime` schema keeps its name
_EXPORTS: dict[str, tuple[str, str]] = {
    "APIConnectionError": ("_exceptions", "APIConnectionError"),
    "APIError": ("_exceptions", "APIError"),
    "ApiKeyAuth": ("_auth", "ApiKeyAuth"),
    "APIResponse": ("_response", "APIResponse"),
    "APIResponseValidationError": ("_exceptions", "APIResponseValidationError"),
    "APIStatusError": ("_exceptions", "APIStatusError"),
    "APITimeoutError": ("_exceptions", "APITimeoutError"),
    "async_to_raw_response_wrapper": ("_response", "async_to_raw_response_wrapper"),
    "async_to_streamed_response_wrapper": ("_response", "async_to_streamed_response_wrapper"),
    "AsyncStreamedAPIResponse": ("_response", "AsyncStreamedAPIResponse"),
    "StreamedAPIResponse": ("_response", "StreamedAPIResponse"),
    "to_streamed_response_wrapper": ("_response", "to_streamed_response_wrapper"),
    "AsyncAPIResource": ("_base_client", "AsyncAPIResource"),
    "AsyncClient": ("_async_client", "AsyncClient"),
    "AsyncPager": ("_pagination", "AsyncPager"),
    "AuthenticationError": ("_exceptions", "AuthenticationError"),
    "AuthStrategy": ("_auth", "AuthStrategy"),
    "BadRequestError": ("_exceptions", "BadRequestError"),
    "BasicAuth": ("_auth", "BasicAuth"),
    "BearerAuth": ("_auth", "BearerAuth"),
    "choose_rate_limit": ("_ratelimit", "choose_rate_limit"),
    "ClientError": ("_exceptions", "ClientError"),
    "ConflictError": ("_exceptions", "ConflictError"),
    "Coordination": ("_coordination", "Coordination"),
    "CoordinationError": ("_coordination", "CoordinationError"),
    "Created": ("_types", "Created"),
    "DateTime": ("_wire", "DateTime"),
    "DuplicateInFlightError": ("_exceptions", "DuplicateInFlightError"),
    "encode_money": ("_wire", "encode_money"),
    "FlexNumber": ("_wire", "FlexNumber"),
    "InternalServerError": ("_exceptions", "InternalServerError"),
    "LazyModule": ("_lazy", "LazyModule"),
    "LocalCoordination": ("_coordination", "LocalCoordination"),
    "LoginAuth": ("_login", "LoginAuth"),
    "Money": ("_wire", "Money"),
    "MoneyString": ("_wire", "MoneyString"),
    "NonceSource": ("_nonce", "NonceSource"),
    "NOT_GIVEN": ("_types", "NOT_GIVEN"),
    "NotFoundError": ("_exceptions", "NotFoundError"),
    "NotGiven": ("_types", "NotGiven"),
    "Number": ("_wire", "Number"),
    "OperationSpec": ("_operation", "OperationSpec"),
    "Page": ("_pagination", "Page"),
    "PaginationLoopError": ("_exceptions", "PaginationLoopError"),
    "PaginationSpec": ("_operation", "PaginationSpec"),
    "ParamSpec": ("_operation", "ParamSpec"),
    "PermissionDeniedError": ("_exceptions", "PermissionDeniedError"),
    "PollSpec": ("_operation", "PollSpec"),
    "PollTimeoutError": ("_exceptions", "PollTimeoutError"),
    "RateLimit": ("_ratelimit", "RateLimit"),
    "RateLimitError": ("_exceptions", "RateLimitError"),
    "RateLimitOption": ("_ratelimit", "RateLimitOption"),
    "redact_body": ("_logging", "redact_body"),
    "redact_headers": ("_logging", "redact_headers"),
    "redact_url": ("_logging", "redact_url"),
    "RedisCoordination": ("_coordination", "RedisCoordination"),
    "RequestOptions": ("_types", "RequestOptions"),
    "RsaLoginAuth": ("_login", "RsaLoginAuth"),
    "SessionAuth": ("_login", "SessionAuth"),
    "SyncAPIResource": ("_base_client", "SyncAPIResource"),
    "SyncClient": ("_sync_client", "SyncClient"),
    "SyncPager": ("_pagination", "SyncPager"),
    "to_raw_response_wrapper": ("_response", "to_raw_response_wrapper"),
    "UnprocessableEntityError": ("_exceptions", "UnprocessableEntityError"),
    "validation_issues": ("_issues", "validation_issues"),
    "ValidationIssue": ("_issues", "ValidationIssue"),
    "WireModel": ("_tolerant", "WireModel"),
    "WireNumber": ("_wire", "Number"),
    "WireFlexNumber": ("_wire", "FlexNumber"),
    "WireMoney": ("_wire", "Money"),
    "WireMoneyString": ("_wire", "MoneyString"),
    "WireDateTime": ("_wire", "DateTime"),
}


def __getattr__(name: str) -> Any:
    found = _EXPORTS.get(name)
    if found is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{found[0]}"), found[1])
    globals()[name] = value  # later reads are plain module attributes
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


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
