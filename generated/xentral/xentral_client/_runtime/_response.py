# Copied from the generator's runtime (generator/runtime/_response.py); do not edit by hand.
"""Turning a 2xx answer into the declared python value, and raw-response access.

`to_raw_response_wrapper(method)` sets a context variable for the duration of the call; `request` sees
it and returns the `APIResponse` instead of the parsed value. Context variables are per thread and per
asyncio task, so concurrent callers never see each other's mode.

`to_streamed_response_wrapper(method)` does the same inside a context manager and also asks the client to
send with `stream=True`: the call (retries, re-login, typed errors) completes when the context is entered,
with only the headers of the 2xx answer read; the body is read as the caller iterates, and the response
is closed when the context exits. Error answers are read in full before they are judged, so they retry
and raise exactly as without streaming.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import TracebackType
from typing import Any, Generic, ParamSpec, TypeVar, cast

import httpx
import pydantic

from ._exceptions import APIResponseValidationError, header_request_id
from ._issues import ValidationIssue
from ._json import MISSING, collector_paused, loads_body, resolve_pointer, type_adapter, validate_json
from ._logging import mask_values, redact_text, redact_url
from ._operation import OperationSpec
from ._types import Created

__all__ = [
    "APIResponse",
    "AsyncStreamedAPIResponse",
    "AsyncStreamedResponseContext",
    "StreamedAPIResponse",
    "StreamedResponseContext",
    "anote_streamed",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "buffered",
    "is_raw_mode",
    "note_streamed",
    "parse_success",
    "read_json",
    "streamed_responses",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
    "validate_answer",
]

P = ParamSpec("P")
R = TypeVar("R")

_raw_mode: ContextVar[bool] = ContextVar("raw_response_mode", default=False)


#: set by a streaming wrapper: the responses the client opened with `stream=True` during this call
_streamed: ContextVar[list[httpx.Response] | None] = ContextVar("streamed_responses", default=None)


def is_raw_mode() -> bool:
    return _raw_mode.get()


def streamed_responses() -> list[httpx.Response] | None:
    """Where the client notes each response it sends with `stream=True`; None when the call is not streamed."""
    return _streamed.get()


@contextmanager
def buffered() -> Iterator[None]:
    """Inside a streamed call, what is not the caller's download (a login, a page) is read in full."""
    token = _streamed.set(None)
    try:
        yield
    finally:
        _streamed.reset(token)


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
    def request_id(self) -> str | None:
        """The server's id for this exchange (`X-Request-Id` and the like), to quote to the vendor's support."""
        return header_request_id(self.http_response.headers)

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
        """Parsed once, then cached. A model result carries the answer's request id as `_request_id`."""
        if not self._parsed:
            value = self._parser(self.http_response)
            if isinstance(value, pydantic.BaseModel):
                _tolerant().attach_request_id(value, self.http_response.headers)
            self._parsed.append(value)
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


@functools.cache
def _tolerant() -> Any:
    """The tolerant-parsing module, bound on first use: importing the client must not load it, and an import
    statement inside the per-call functions cost about a microsecond on every call."""
    from . import _tolerant as module

    return module


def validate_answer(
    cast_to: Any,
    body: Any,
    response: httpx.Response,
    *,
    content: bytes | None = None,
    strict: bool = False,
    logger: logging.Logger | None = None,
    secrets: Iterable[str] | Callable[[], Iterable[str]] = (),
) -> Any:
    """`body` as `cast_to`: pydantic on the whole body first (from `content`, the raw JSON, when given);
    when that fails, the tolerant walk that keeps every value and reports where it differed
    (docs/runtime.md, "Tolerant, lossless parsing"). `strict=True` raises instead."""
    tolerant = _tolerant()
    error: Exception | None = None
    if tolerant.mentions_python_names(cast_to, response.content):
        # A key under a field's python name (`pdf_url` for `pdfUrl`): pydantic would read it into the field
        # and dump it under the alias; validated by alias only (from python data: validate_json by alias
        # only drops such a key, pydantic-core 2.46) it stays as sent and is read into the field as well.
        with collector_paused(len(response.content)):  # builds as many objects as pydantic would
            if body is MISSING:
                body = read_json(response)
            value, issues = tolerant.tolerant_validate(cast_to, body, by_name=False)
        if not issues:
            return value
    else:
        adapter = type_adapter(cast_to)
        try:
            return validate_json(adapter, content) if content is not None else adapter.validate_python(body)
        except pydantic.ValidationError as exc:
            # Without its traceback: kept with one, the error would hold this frame (the whole body with it) in a
            # reference cycle that only a full collection frees. Its messages are all it is kept for.
            error = exc.with_traceback(None)
        with collector_paused(len(response.content)):
            if body is MISSING:
                body = read_json(response)  # raises when the body is not JSON at all
            value, issues = tolerant.tolerant_validate(cast_to, body)
        if not issues:  # the walk found nothing to forgive: what failed is not a shape difference
            raise APIResponseValidationError(response, body, error)
    previous = response.extensions.get(_ISSUES)
    response.extensions[_ISSUES] = (previous if isinstance(previous, tuple) else ()) + issues
    summary = "; ".join(str(issue) for issue in issues[:3]) + (f" (+{len(issues) - 3} more)" if len(issues) > 3 else "")
    if callable(secrets):  # asked for only here: collecting them on every call would cost each call
        secrets = secrets()
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
    secrets: Iterable[str] | Callable[[], Iterable[str]] = (),
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


def note_streamed(response: httpx.Response) -> None:
    """Called by the client for each response it opened with `stream=True`: error answers are read now (they
    are judged, retried and raised from their body as usual); a 2xx answer is left for the caller to read."""
    opened = _streamed.get()
    if opened is not None:
        opened.append(response)
    if not response.is_success:
        response.read()  # also closes it


async def anote_streamed(response: httpx.Response) -> None:
    """The async twin of `note_streamed`."""
    opened = _streamed.get()
    if opened is not None:
        opened.append(response)
    if not response.is_success:
        await response.aread()


class StreamedAPIResponse(Generic[R]):
    """A 2xx answer whose body has not been read: iterate it (`iter_bytes()`), or `read()`/`parse()` it.

    Returned by `client.x.with_streaming_response.method(...)` inside a `with` block, which closes it.
    """

    def __init__(self, response: APIResponse[R]) -> None:
        self._response = response
        self.http_response = response.http_response

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        return self._response.request_id

    @property
    def retries_taken(self) -> int:
        return self._response.retries_taken

    @property
    def elapsed(self) -> dt.timedelta:
        return self._response.elapsed

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body as it arrives (decoded from any content encoding), in chunks of `chunk_size` if given."""
        return self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        return self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        return self.http_response.iter_lines()

    def read(self) -> bytes:
        """The whole (rest of the) body, in memory."""
        return self.http_response.read()

    def parse(self) -> R:
        """What the method returns without streaming (reads the whole body first)."""
        self.http_response.read()
        return self._response.parse()

    def close(self) -> None:
        self.http_response.close()

    def __repr__(self) -> str:
        return repr(self._response).replace("<APIResponse", "<StreamedAPIResponse", 1)


class AsyncStreamedAPIResponse(Generic[R]):
    """The async twin of `StreamedAPIResponse`: `async for chunk in response.aiter_bytes()`, `await response.parse()`."""

    def __init__(self, response: APIResponse[R]) -> None:
        self._response = response
        self.http_response = response.http_response

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        return self._response.request_id

    @property
    def retries_taken(self) -> int:
        return self._response.retries_taken

    @property
    def elapsed(self) -> dt.timedelta:
        return self._response.elapsed

    def aiter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        return self.http_response.aiter_bytes(chunk_size)

    def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The same as `aiter_bytes` (the name OpenAI's SDK uses for its async responses)."""
        return self.http_response.aiter_bytes(chunk_size)

    def aiter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        return self.http_response.aiter_text(chunk_size)

    def aiter_lines(self) -> AsyncIterator[str]:
        return self.http_response.aiter_lines()

    async def read(self) -> bytes:
        return await self.http_response.aread()

    async def parse(self) -> R:
        await self.http_response.aread()
        return self._response.parse()

    async def close(self) -> None:
        await self.http_response.aclose()

    def __repr__(self) -> str:
        return repr(self._response).replace("<APIResponse", "<AsyncStreamedAPIResponse", 1)


class StreamedResponseContext(Generic[R]):
    """`with client.x.with_streaming_response.method(...) as response:`; the request is sent on entry."""

    def __init__(self, call: Callable[[], APIResponse[R]]) -> None:
        self._call = call
        self._opened: list[httpx.Response] = []

    def __enter__(self) -> StreamedAPIResponse[R]:
        token = _streamed.set(self._opened)
        try:
            return StreamedAPIResponse(self._call())
        except BaseException:
            self._close()
            raise
        finally:
            _streamed.reset(token)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._close()

    def _close(self) -> None:
        for response in self._opened:  # the answer, and any "not ready yet" answers a polling call left behind
            response.close()


class AsyncStreamedResponseContext(Generic[R]):
    """`async with client.x.with_streaming_response.method(...) as response:`."""

    def __init__(self, call: Callable[[], Awaitable[APIResponse[R]]]) -> None:
        self._call = call
        self._opened: list[httpx.Response] = []

    async def __aenter__(self) -> AsyncStreamedAPIResponse[R]:
        token = _streamed.set(self._opened)
        try:
            return AsyncStreamedAPIResponse(await self._call())
        except BaseException:
            await self._close()
            raise
        finally:
            _streamed.reset(token)

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self._close()

    async def _close(self) -> None:
        for response in self._opened:
            await response.aclose()


def to_streamed_response_wrapper(func: Callable[P, R]) -> Callable[P, StreamedResponseContext[R]]:
    """`with client.with_streaming_response.x.download(...) as response: for chunk in response.iter_bytes()`."""
    raw = to_raw_response_wrapper(func)

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> StreamedResponseContext[R]:
        return StreamedResponseContext(lambda: raw(*args, **kwargs))

    return wrapped


def async_to_streamed_response_wrapper(func: Callable[P, Awaitable[R]]) -> Callable[P, AsyncStreamedResponseContext[R]]:
    """The async twin: `async with ... as response: async for chunk in response.aiter_bytes()`."""
    raw = async_to_raw_response_wrapper(func)

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncStreamedResponseContext[R]:
        return AsyncStreamedResponseContext(lambda: raw(*args, **kwargs))

    return wrapped
