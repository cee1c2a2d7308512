# Copied from the generator's runtime (generator/runtime/__init__.py); do not edit by hand.
"""The runtime every generated client carries (copied verbatim as `<package>/_runtime/`).

Hand-written and tested once in the generator's repository; generated resource methods only gather
their arguments and call `request`/`paginate` with an `OperationSpec`. See docs/runtime.md.
"""

from __future__ import annotations

from ._async_client import AsyncClient
from ._auth import ApiKeyAuth, AuthStrategy, BasicAuth, BearerAuth
from ._base_client import AsyncAPIResource, SyncAPIResource
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
    InternalServerError,
    NotFoundError,
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
from ._ratelimit import RateLimit
from ._response import APIResponse, async_to_raw_response_wrapper, to_raw_response_wrapper
from ._sync_client import SyncClient
from ._types import NOT_GIVEN, Created, NotGiven, RequestOptions

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
    "AuthStrategy",
    "AuthenticationError",
    "BadRequestError",
    "BasicAuth",
    "BearerAuth",
    "ClientError",
    "ConflictError",
    "Created",
    "InternalServerError",
    "LazyModule",
    "LoginAuth",
    "NonceSource",
    "NotFoundError",
    "NotGiven",
    "OperationSpec",
    "Page",
    "PaginationSpec",
    "ParamSpec",
    "PermissionDeniedError",
    "PollSpec",
    "PollTimeoutError",
    "RateLimit",
    "RateLimitError",
    "RequestOptions",
    "RsaLoginAuth",
    "SessionAuth",
    "SyncAPIResource",
    "SyncClient",
    "SyncPager",
    "UnprocessableEntityError",
    "async_to_raw_response_wrapper",
    "redact_body",
    "redact_headers",
    "redact_url",
    "to_raw_response_wrapper",
]
