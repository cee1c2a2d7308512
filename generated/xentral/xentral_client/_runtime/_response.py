# Copied from the generator's runtime (generator/runtime/_response.py); do not edit by hand.
"""Turning a 2xx answer into the declared python value, and raw-response access.

`to_raw_response_wrapper(method)` sets a context variable for the duration of the call; `request` sees
it and returns the `APIResponse` instead of the parsed value. Context variables are per thread and per
asyncio task, so concurrent callers never see each other's mode.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import logging
import re
from collections.abc import Awaitable, Callable, Iterable
from contextvars import ContextVar
from typing import Any, Generic, ParamSpec, TypeVar, cast

import httpx
import pydantic

from ._exceptions import APIResponseValidationError
from ._json import MISSING, loads_body, resolve_pointer, type_adapter
from ._logging import mask_values, redact_text, redact_url
from ._operation import OperationSpec
from ._tolerant import ValidationIssue, mentions_python_names, tolerant_validate
from ._types import Created

__all__ = [
    "APIResponse",
    "async_to_raw_response_wrapper",
    "is_raw_mode",
    "parse_success",
    "read_json",
    "to_raw_response_wrapper",
    "validate_answer",
]

P = ParamSpec("P")
R = TypeVar("R")

_raw_mode: ContextVar[bool] = ContextVar("raw_response_mode", default=False)


def is_raw_mode() -> bool:
    return _raw_mode.get()


class APIResponse(Generic[R]):
    """The HTTP answer of one call, with `parse()` giving what the method would have returned."""

    def __init__(
        self,
        http_response: httpx.Response,
        parser: Callable[[httpx.Response], R],
        *,
        retries_taken: int = 0,
        elapsed: float = 0.0,
    ) -> None:
        self.http_response = http_response
        self.retries_taken = retries_taken
        self._elapsed = elapsed
        self._parser = parser
        self._parsed: list[R] = []

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def elapsed(self) -> dt.timedelta:
        """Time to send the (last) attempt and read its answer, on the client's clock."""
        return dt.timedelta(seconds=self._elapsed)

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def validation_issues(self) -> tuple[ValidationIssue, ...]:
        """Where the parsed body differed from the declared model (parses the body if not done yet)."""
        self.parse()
        found = self.http_response.extensions.get(_ISSUES)
        return tuple(found) if isinstance(found, tuple) else ()

    def parse(self) -> R:
        """Parsed once, then cached."""
        if not self._parsed:
            self._parsed.append(self._parser(self.http_response))
        return self._parsed[0]

    def __repr__(self) -> str:
        request = self.http_response.request
        return f"<APIResponse [{self.status_code} {self.http_response.reason_phrase}] {request.method} {redact_url(request.url)}>"


def read_json(response: httpx.Response) -> Any:
    """The whole body as JSON (no unwrap); a body that is not JSON is a validation error."""
    try:
        return loads_body(response)
    except ValueError as exc:
        raise APIResponseValidationError(response, response.text, exc, "response body is not JSON") from exc


def _created(op: OperationSpec, response: httpx.Response) -> Created:
    location = response.headers.get(op.location_header or "Location")
    if location is None:
        return Created(id=None, location=None)
    match = re.search(op.location_pattern or r"([^/]+)/?$", location)
    return Created(id=match.group(1) if match and match.groups() else None, location=location)


def unwrap_body(body: Any, unwrap: str | tuple[str, ...]) -> Any:
    """The value at the first unwrap pointer present in `body`; the body itself when none is (vendors send both
    wrapped and bare values). Several pointers: the server picks the root key (`invoice`, `invoice_receipt`)."""
    for pointer in (unwrap,) if isinstance(unwrap, str) else unwrap:
        inner = resolve_pointer(body, pointer)
        if inner is not MISSING:
            return inner
    return body


_ISSUES = "validation_issues"


def validate_answer(
    cast_to: Any,
    body: Any,
    response: httpx.Response,
    *,
    content: bytes | None = None,
    strict: bool = False,
    logger: logging.Logger | None = None,
    secrets: Iterable[str] = (),
) -> Any:
    """`body` as `cast_to`: pydantic on the whole body first (from `content`, the raw JSON, when given);
    when that fails, the tolerant walk that keeps every value and reports where it differed
    (docs/runtime.md, "Tolerant, lossless parsing"). `strict=True` raises instead."""
    error: Exception | None = None
    if mentions_python_names(cast_to, response.content):
        # A key under a field's python name (`pdf_url` for `pdfUrl`): pydantic would read it into the field
        # and dump it under the alias; validated by alias only (from python data: validate_json by alias
        # only drops such a key, pydantic-core 2.46) it stays as sent and is read into the field as well.
        if body is MISSING:
            body = read_json(response)
        value, issues = tolerant_validate(cast_to, body, by_name=False)
        if not issues:
            return value
    else:
        adapter = type_adapter(cast_to)
        try:
            return adapter.validate_json(content) if content is not None else adapter.validate_python(body)
        except pydantic.ValidationError as exc:
            error = exc
        if body is MISSING:
            body = read_json(response)  # raises when the body is not JSON at all
        value, issues = tolerant_validate(cast_to, body)
        if not issues:  # the walk found nothing to forgive: what failed is not a shape difference
            raise APIResponseValidationError(response, body, error)
    previous = response.extensions.get(_ISSUES)
    response.extensions[_ISSUES] = (previous if isinstance(previous, tuple) else ()) + issues
    summary = "; ".join(str(issue) for issue in issues[:3]) + (f" (+{len(issues) - 3} more)" if len(issues) > 3 else "")
    summary = mask_values(redact_text(summary), secrets)  # the client's own credentials, wherever they appear
    if strict:
        message = f"{response.status_code} body from {response.request.method} {redact_url(response.request.url)} differs from the declared type: {summary}"
        raise APIResponseValidationError(response, body, error, message)
    if logger is not None:
        logger.warning(
            "%s %s: %d response validation issue(s), values kept: %s",
            response.request.method,
            redact_url(response.request.url),
            len(issues),
            summary,
        )
    return value


def parse_success(
    op: OperationSpec,
    response: httpx.Response,
    cast_to: Any,
    *,
    strict: bool = False,
    logger: logging.Logger | None = None,
    secrets: Iterable[str] = (),
) -> Any:
    """The value a generated method returns for a 2xx answer (see docs/runtime.md, "Responses")."""
    if op.location_header:
        return _created(op, response)
    if op.poll is not None and response.status_code == op.poll.status:
        return None  # "not ready yet" and the caller did not ask to wait
    if cast_to is None:
        return None
    if cast_to is bytes:
        return response.content
    if cast_to is str:
        return response.text
    if op.success_kind in ("binary", "text") and not response.content:
        return None
    if not op.unwrap and response.content.strip():
        # The common case: the whole body is the value; pydantic reads the JSON itself (no json.loads).
        return validate_answer(
            cast_to, MISSING, response, content=response.content, strict=strict, logger=logger, secrets=secrets
        )
    body = read_json(response)
    if op.unwrap:
        body = unwrap_body(body, op.unwrap)
    if body is None and response.status_code == 204:
        return None
    return validate_answer(cast_to, body, response, strict=strict, logger=logger, secrets=secrets)


def _as_raw(result: object) -> APIResponse[Any]:
    if isinstance(result, APIResponse):
        return result
    convert = getattr(result, "_as_raw_response", None)
    if convert is None:
        raise TypeError("to_raw_response_wrapper needs a method that calls request() or paginate()")
    raw = convert()
    if inspect.iscoroutine(raw):  # an AsyncPager cannot fetch its first page without an event loop
        raw.close()
        raise TypeError("wrap async methods, paginated ones included, with async_to_raw_response_wrapper")
    return cast("APIResponse[Any]", raw)


def to_raw_response_wrapper(func: Callable[P, R]) -> Callable[P, APIResponse[R]]:
    """`client.with_raw_response.x.create(...)`: same arguments, returns the APIResponse."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        token = _raw_mode.set(True)
        try:
            result = func(*args, **kwargs)
            return cast("APIResponse[R]", _as_raw(result))
        finally:
            _raw_mode.reset(token)

    return wrapped


def async_to_raw_response_wrapper(func: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[APIResponse[R]]]:
    """The async twin: awaits the method inside raw mode and returns the APIResponse."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        token = _raw_mode.set(True)
        try:
            result: Any = await func(*args, **kwargs)
            convert = getattr(result, "_as_raw_response", None)
            if not isinstance(result, APIResponse) and convert is not None:
                result = await convert()
            return cast("APIResponse[R]", _as_raw(result))
        finally:
            _raw_mode.reset(token)

    return wrapped
