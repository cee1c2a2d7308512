"""The one error tree of a generated client, so callers catch what they mean::

    ClientError                         the package exports it as <Vendor>Error
     └── APIError                       a request was involved: .request, .body
          ├── APIConnectionError        no HTTP answer (refused, reset, DNS, TLS)
          │    └── APITimeoutError
          ├── APIStatusError            a non-2xx answer: .status_code .response .body .request_id
          │    ├── BadRequestError            400
          │    ├── AuthenticationError        401
          │    ├── PermissionDeniedError      403
          │    ├── NotFoundError              404
          │    ├── ConflictError              409
          │    │    └── DuplicateInFlightError  409 on the retry of an idempotent create
          │    ├── UnprocessableEntityError   422
          │    ├── RateLimitError             429
          │    └── InternalServerError        >= 500
          ├── APIResponseValidationError a 2xx answer whose body is not what the spec declares
          ├── PaginationLoopError       auto-pagination was sent back to a page it had already read
          └── PollTimeoutError          still "not ready" (x-poll) when the timeout ran out

Vendors disagree on error bodies (Gestix `apiError {code, message, request_id}`, Xentral problem+json with
`violations`, InvoiceXpress `{errors: {error}}`), so the body is parsed with the operation's declared
error model and `error_code`/`error_message`/`request_id` are also read heuristically from common fields.
Messages go through `redact_text`: they never carry credentials.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import httpx
import pydantic

from ._json import loads_body, type_adapter
from ._logging import mask_deep, mask_values, redact_text, redact_url

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientError",
    "ConflictError",
    "DuplicateInFlightError",
    "InternalServerError",
    "NotFoundError",
    "PaginationLoopError",
    "PermissionDeniedError",
    "PollTimeoutError",
    "RateLimitError",
    "UnprocessableEntityError",
    "describe_error_body",
    "header_request_id",
    "make_status_error",
]

_CODE_KEYS = ("code", "error_code", "errorCode", "type")
_MESSAGE_KEYS = ("message", "error_message", "errorMessage", "detail", "title", "error_description", "reason", "error")
_REQUEST_ID_KEYS = ("request_id", "requestId", "trace_id", "traceId", "correlation_id")
_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-correlation-id", "x-trace-id")


_REQUEST_ID_RAW = {name.encode("ascii"): rank for rank, name in enumerate(_REQUEST_ID_HEADERS)}


def header_request_id(headers: httpx.Headers) -> str | None:
    """The server's id for an exchange, from the usual headers, in `_REQUEST_ID_HEADERS` order (none of our
    four vendors documents one: whichever of these a server or the proxy in front of it sends is taken).
    One pass over the raw headers: this runs on every parsed answer (a lookup per name cost ~10 us)."""
    found: tuple[int, bytes] | None = None
    for key, value in headers.raw:
        rank = _REQUEST_ID_RAW.get(key.lower())
        if rank is not None and value and (found is None or rank < found[0]):
            found = (rank, value)
    return found[1].decode(headers.encoding) if found is not None else None


class ClientError(Exception):
    """Base of every error the client raises on purpose."""


class APIError(ClientError):
    message: str
    request: httpx.Request
    body: object

    def __init__(self, message: str, request: httpx.Request, *, body: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body


class APIConnectionError(APIError):
    def __init__(self, request: httpx.Request, message: str = "Connection error.") -> None:
        super().__init__(message, request)


class APITimeoutError(APIConnectionError):
    def __init__(self, request: httpx.Request, message: str = "Request timed out.") -> None:
        super().__init__(request, message)


class APIStatusError(APIError):
    """A non-2xx answer. `body` is the declared error model when it parsed, else the raw JSON or text."""

    response: httpx.Response
    status_code: int
    request_id: str | None
    error_code: str | None
    error_message: str | None

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object,
        request_id: str | None = None,
        error_code: str | None = None,
        error_message: str | None = None,
    ) -> None:
        super().__init__(message, response.request, body=body)
        self.response = response
        self.status_code = response.status_code
        self.request_id = request_id
        self.error_code = error_code
        self.error_message = error_message


class BadRequestError(APIStatusError):
    pass


class AuthenticationError(APIStatusError):
    pass


class PermissionDeniedError(APIStatusError):
    pass


class NotFoundError(APIStatusError):
    pass


class ConflictError(APIStatusError):
    pass


class DuplicateInFlightError(ConflictError):
    """An idempotent create was retried (its first attempt got no usable answer) and the retry was refused as a
    duplicate of a request still in progress: the first attempt may well have created the object.
    `idempotency_key` is the value both attempts carried (InvoiceXpress `proprietary_uid`)."""

    idempotency_key: str | None


class UnprocessableEntityError(APIStatusError):
    pass


class RateLimitError(APIStatusError):
    pass


class InternalServerError(APIStatusError):
    pass


class APIResponseValidationError(APIError):
    """A 2xx body that does not parse as the declared type; `error` is the pydantic (or JSON) error."""

    response: httpx.Response
    status_code: int
    error: Exception | None

    def __init__(
        self, response: httpx.Response, body: object, error: Exception | None = None, message: str | None = None
    ) -> None:
        text = (
            message or f"{response.status_code} body from {_where(response.request)} does not match the declared type"
        )
        if error is not None and message is None:
            text += f": {_short(error)}"
        super().__init__(redact_text(text), response.request, body=mask_deep(body))
        self.response = response
        self.status_code = response.status_code
        self.error = error


class PaginationLoopError(APIError):
    """The server sent auto-pagination back to a page it had already served (a cursor cycle, or a server that
    ignores `skip`/`page` and repeats the same page): stopped instead of looping forever."""

    def __init__(self, request: httpx.Request, detail: str) -> None:
        super().__init__(f"pagination stopped at {_where(request)}: {detail}", request)


class PollTimeoutError(APIError):
    """The operation still answered its "not ready" status (x-poll) when `timeout` ran out."""

    response: httpx.Response
    elapsed: float

    def __init__(self, response: httpx.Response, elapsed: float) -> None:
        message = f"still {response.status_code} after {elapsed:.1f}s polling {_where(response.request)}"
        super().__init__(message, response.request)
        self.response = response
        self.elapsed = elapsed


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def _where(request: httpx.Request) -> str:
    return f"{request.method} {redact_url(request.url)}"


def _short(error: Exception) -> str:
    text = str(error).splitlines()
    return "; ".join(text[:3])


def _error_model(error_models: tuple[tuple[str, Any], ...], status: int) -> Any:
    """The declared model for a status: exact code first, then its range ("4XX"), then "default"."""
    table = {key.upper(): model for key, model in error_models}
    for key in (str(status), f"{status // 100}XX", "DEFAULT"):
        if key in table:
            return table[key]
    return None


def _parse_body(error_models: tuple[tuple[str, Any], ...], response: httpx.Response) -> object:
    try:
        raw = loads_body(response)
    except ValueError:
        return response.text
    model = _error_model(error_models, response.status_code)
    if model is None or raw is None:
        return raw
    try:
        parsed = type_adapter(model).validate_python(raw)
    except pydantic.ValidationError:
        return raw
    # A oneOf of problem types parses into a RootModel; callers want the problem itself (`err.body.violations`).
    return parsed.root if isinstance(parsed, pydantic.RootModel) else parsed


def _lookup(data: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    lowered = {str(k).lower(): v for k, v in data.items()}
    for key in keys:
        value = lowered.get(key.lower())
        if value not in (None, "", [], {}):
            return value
    return None


def _text(value: Any) -> str | None:
    """A message from a field that may be a string, an `{error|message}` object or a list of either."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, Mapping):
        return _text(_lookup(value, ("error", "message", "detail", "title")))
    if isinstance(value, list) and value:
        return "; ".join(t for t in (_text(v) for v in value[:3]) if t)
    return None


def _violations(data: Mapping[str, Any]) -> str | None:
    items = data.get("violations")
    if not isinstance(items, list) or not items:
        return None
    shown = [
        f"{v.get('propertyPath') or v.get('field') or '?'}: {v.get('message') or v.get('title')}"
        for v in items[:3]
        if isinstance(v, Mapping)
    ]
    more = f" (+{len(items) - 3} more)" if len(items) > 3 else ""
    return "; ".join(shown) + more


def _field_errors(value: Any) -> str | None:
    """Field violations in the shapes vendors use: `{"name": ["is required"]}` (Laravel-style `errors`),
    `[["name", "is not available"]]` (pairs, InvoiceXpress 422)."""
    if (
        isinstance(value, Mapping)
        and value
        and not {"error", "message", "detail", "title"} & {str(k).lower() for k in value}
    ):
        fields = [
            (k, v)
            for k, v in value.items()
            if isinstance(v, str) or (isinstance(v, list) and v and all(isinstance(x, str) for x in v))
        ]
        parts = [f"{k}: {t}" for k, v in fields[:3] if (t := _text(v))]
        more = f" (+{len(fields) - 3} more)" if len(fields) > 3 else ""
        return "; ".join(parts) + more if parts else None
    if (
        isinstance(value, list)
        and value
        and all(isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) for p in value)
    ):
        more = f" (+{len(value) - 3} more)" if len(value) > 3 else ""
        return "; ".join(f"{p[0]}: {_text(p[1]) or ''}".strip(": ") for p in value[:3]) + more
    return None


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _plain_text(body: str) -> str | None:
    """A text body as a message: an HTML page gives its <title> (or its text), never the markup."""
    text = body.strip()
    if text.startswith("<"):
        title = _TITLE.search(text)
        text = title.group(1) if title else _TAG.sub(" ", text)
    text = " ".join(text.split())
    return text[:300] or None


def describe_error_body(body: object) -> tuple[str | None, str | None, str | None]:
    """(error_code, error_message, request_id) read from the usual places in an error body: an object with
    `message`/`error`/`errors`/`detail`/`title` (or Xentral's `{"error": {code, message}}`), problem+json
    `violations`/`messages`, a list of error objects or of `[field, message]` pairs, or plain text/HTML."""
    if isinstance(body, pydantic.BaseModel):
        body = body.model_dump(mode="json", by_alias=True)
    if isinstance(body, str):
        return None, _plain_text(body), None
    if isinstance(body, list):
        return None, _field_errors(body) or _text(body), None
    if not isinstance(body, Mapping):
        return None, None, None
    nested = body.get("error")
    source = nested if isinstance(nested, Mapping) else body  # Xentral: {"error": {"code", "http_code", "message"}}
    code = _text(_lookup(source, _CODE_KEYS))
    message = (
        _text(_lookup(body, _MESSAGE_KEYS))
        or _text(body.get("errors"))
        or _text(body.get("messages"))
        or _field_errors(body)
    )
    details = [d for d in (_field_errors(body.get("errors")), _violations(body)) if d and d != message]
    if isinstance(body.get("messages"), list) and message != _text(body.get("messages")):
        details.append(_text(body["messages"]) or "")
    details = [d for d in details if d]
    if details:
        # the vendor's sentence stays verbatim (so it can be searched for); the details follow it
        message = f"{message.rstrip(': ')} ({'; '.join(details)})" if message else "; ".join(details)
    return code, message, _text(_lookup(source, _REQUEST_ID_KEYS)) or _text(_lookup(body, _REQUEST_ID_KEYS))


def make_status_error(
    error_models: tuple[tuple[str, Any], ...], response: httpx.Response, secrets: Iterable[str] = ()
) -> APIStatusError:
    """The typed error for a non-2xx answer, its body parsed with the operation's declared error model."""
    secrets = tuple(secrets)
    body = mask_deep(_parse_body(error_models, response), secrets)  # a server may echo credentials back
    code, message, request_id = describe_error_body(body)
    request_id = request_id or header_request_id(response.headers)
    text = f"{response.status_code} {response.reason_phrase} from {_where(response.request)}"
    if code or message:
        text += ": " + " ".join(p for p in (f"[{code}]" if code else None, message) if p)
    if request_id:
        text += f" (request_id {request_id})"
    status = response.status_code
    cls = _STATUS_CLASSES.get(status, InternalServerError if status >= 500 else APIStatusError)
    if message:
        message = mask_values(redact_text(message), secrets)
    return cls(
        mask_values(redact_text(text), secrets),
        response=response,
        body=body,
        request_id=request_id,
        error_code=code,
        error_message=message,
    )
