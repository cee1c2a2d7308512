"""Auto-pagination (`x-pagination`): a lazy pager that walks pages and yields items.

Three styles cover the vendors: `page` (page number, stop by total pages, total items, or a short or
empty page), `offset` (skip/limit: add the number of items received, stop on a short or empty page) and
`cursor` (send back the next cursor until there is none). Deciding the next page is pure
(`next_page_params`), so the sync and async pagers only differ in how they fetch.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Generator, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import httpx

from ._exceptions import PaginationLoopError
from ._issues import ValidationIssue, validation_issues
from ._json import MISSING, resolve_pointer
from ._operation import OperationSpec, PaginationSpec
from ._params import is_given
from ._response import APIResponse, is_raw_mode, validate_answer
from ._types import RequestOptions

if TYPE_CHECKING:
    from ._async_client import AsyncClient
    from ._sync_client import SyncClient

__all__ = ["AsyncPager", "Page", "SyncPager", "next_page_params"]

T = TypeVar("T")

_REQUIRED = {"page": ("page_param",), "offset": ("offset_param",), "cursor": ("cursor_param", "next_cursor")}


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or not is_given(value) or value is MISSING:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _next_page(
    spec: PaginationSpec, params: Mapping[str, Any], raw: Any, count: int, size: int | None
) -> dict[str, Any] | None:
    assert spec.page_param is not None
    current = _int(params.get(spec.page_param)) or 1
    total_pages = _int(resolve_pointer(raw, spec.total_pages)) if spec.total_pages else None
    total_items = _int(resolve_pointer(raw, spec.total_items)) if spec.total_items else None
    if total_pages is not None:
        more = current < total_pages
    elif total_items is not None and size:
        more = current * size < total_items
    else:
        more = size is None or count >= size
    return {**params, spec.page_param: current + 1} if more else None


def _next_offset(
    spec: PaginationSpec, params: Mapping[str, Any], count: int, size: int | None
) -> dict[str, Any] | None:
    assert spec.offset_param is not None
    if size is not None and count < size:
        return None
    return {**params, spec.offset_param: (_int(params.get(spec.offset_param)) or 0) + count}


def _next_cursor(spec: PaginationSpec, params: Mapping[str, Any], raw: Any) -> dict[str, Any] | None:
    assert spec.cursor_param is not None and spec.next_cursor is not None
    cursor = resolve_pointer(raw, spec.next_cursor)
    if cursor is MISSING or cursor is None or cursor == "" or cursor == params.get(spec.cursor_param):
        return None  # the repeated-cursor check stops a server that would loop forever
    return {**params, spec.cursor_param: cursor}


def next_page_params(
    spec: PaginationSpec, params: Mapping[str, Any], raw: Any, count: int, size_hint: int | None
) -> dict[str, Any] | None:
    """The caller's params for the next page, or None on the last one.

    `size_hint` is the page size when the caller did not set one: the first page's length.
    """
    if spec.style == "cursor":
        return _next_cursor(spec, params, raw)
    if count == 0:
        return None
    size = (_int(params.get(spec.size_param)) if spec.size_param else None) or size_hint
    if spec.style == "page":
        return _next_page(spec, params, raw, count, size)
    return _next_offset(spec, params, count, size)


class Page(Generic[T]):
    """One page: its items (parsed), the raw body and the HTTP response."""

    def __init__(
        self,
        *,
        items: list[T],
        raw: Any,
        response: httpx.Response,
        spec: PaginationSpec,
        params: Mapping[str, Any],
        size_hint: int | None,
    ) -> None:
        self.items = items
        self.raw = raw
        self.response = response
        self._next = next_page_params(spec, params, raw, len(items), size_hint)

    def has_next_page(self) -> bool:
        return self._next is not None

    @property
    def validation_issues(self) -> tuple[ValidationIssue, ...]:
        """Where this page's items differed from the declared model (values kept; see docs/runtime.md)."""
        return validation_issues(self.items)

    def next_page_params(self) -> dict[str, Any] | None:
        return dict(self._next) if self._next is not None else None

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return f"Page(items={len(self.items)}, has_next_page={self.has_next_page()})"


_list_types: dict[Any, Any] = {}


def _list_of(item_type: Any) -> Any:
    """One `list[item_type]` object per item type: the parsing caches key some answers by the type's identity,
    and `list[X]` is a new object on every call (a long walk through pages would grow them without end)."""
    try:
        return _list_types.setdefault(item_type, list[item_type])
    except TypeError:  # unhashable annotation metadata
        return list[item_type]


def _items(response: APIResponse[Any], spec: PaginationSpec, item_type: Any, client: Any) -> tuple[Any, list[Any]]:
    raw = response.parse()
    found = resolve_pointer(raw, spec.items)
    if found is MISSING:
        found = raw if isinstance(raw, list) else []  # vendors send both wrapped and bare lists
    items = validate_answer(
        _list_of(item_type),
        found or [],
        response.http_response,
        strict=getattr(client, "_strict", False),
        logger=getattr(client, "_logger", None),
    )
    return raw, cast("list[Any]", items)


class _LoopGuard:
    """Remembers every page of one walk: a cursor sent twice (A -> B -> A) or a page whose body was already
    served (a server that ignores `skip`/`page` answers the first page again) ends the walk with an error."""

    def __init__(self, spec: PaginationSpec) -> None:
        self._spec = spec
        self._cursors: set[str] = set()
        self._bodies: set[str] = set()

    def check(self, params: Mapping[str, Any], page: Page[Any]) -> None:
        if self._spec.cursor_param is not None and self._spec.style == "cursor":
            cursor = params.get(self._spec.cursor_param)
            if cursor is not None and is_given(cursor):
                key = json.dumps(cursor, sort_keys=True, default=str)
                if key in self._cursors:
                    raise PaginationLoopError(
                        page.response.request, f"the server sent cursor {cursor!r} a second time (a cycle)"
                    )
                self._cursors.add(key)
        if not page.items:
            return
        body = hashlib.sha256(page.response.content).hexdigest()
        if body in self._bodies:
            raise PaginationLoopError(
                page.response.request,
                "the server answered with a page it had already sent (does it ignore the page/offset parameter?)",
            )
        self._bodies.add(body)


class _Pager(Generic[T]):
    def __init__(
        self,
        op: OperationSpec,
        *,
        path_params: Mapping[str, Any] | None,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, Any] | None,
        body: Any,
        item_type: Any,
        options: RequestOptions | None,
    ) -> None:
        if op.pagination is None:
            raise ValueError(f"{op.operation_id} has no x-pagination")
        spec = op.pagination.chosen(params, headers)  # the style the request asks the server for
        missing = [name for name in _REQUIRED[spec.style] if getattr(spec, name) is None]
        if missing:
            raise ValueError(f"{op.operation_id}: x-pagination style {spec.style} needs {', '.join(missing)}")
        self._op = op
        self._spec = spec
        self._path_params = path_params
        self._params = dict(params or {})
        self._headers = headers
        self._body = body  # sent unchanged with every page (InvoiceXpress filters by POST body)
        self._item_type = item_type
        self._options = options
        self._size_hint: int | None = None
        self._first: Page[T] | None = None

    def _page(self, response: APIResponse[Any], params: Mapping[str, Any]) -> Page[T]:
        raw, items = _items(response, self._spec, self._item_type, getattr(self, "_client", None))
        if self._size_hint is None and items:
            self._size_hint = len(items)
        return Page(
            items=items,
            raw=raw,
            response=response.http_response,
            spec=self._spec,
            params=params,
            size_hint=self._size_hint,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._op.operation_id})"


class SyncPager(_Pager[T]):
    """`for item in pager` walks every page; pages are fetched only as they are needed."""

    def __init__(self, client: SyncClient, op: OperationSpec, **kwargs: Any) -> None:
        super().__init__(op, **kwargs)
        self._client = client

    def _fetch(self, params: Mapping[str, Any]) -> tuple[APIResponse[Any], Page[T]]:
        response = self._client._fetch_page(
            self._op,
            path_params=self._path_params,
            params=params,
            headers=self._headers,
            body=self._body,
            options=self._options,
        )
        return response, self._page(response, params)

    def first_page(self) -> Page[T]:
        if self._first is None:
            _, self._first = self._fetch(self._params)
        return self._first

    def iter_pages(self) -> Iterator[Page[T]]:
        guard = _LoopGuard(self._spec)
        page = self.first_page()
        guard.check(self._params, page)
        yield page
        while (params := page.next_page_params()) is not None:
            _, page = self._fetch(params)
            guard.check(params, page)
            yield page

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.items

    def _as_raw_response(self) -> APIResponse[SyncPager[T]]:
        response, self._first = self._fetch(self._params)
        return APIResponse(
            response.http_response,
            lambda _: self,
            retries_taken=response.retries_taken,
            elapsed=response.elapsed.total_seconds(),
        )


class AsyncPager(_Pager[T]):
    """`async for item in pager`; `await pager` is the first page."""

    def __init__(self, client: AsyncClient, op: OperationSpec, **kwargs: Any) -> None:
        super().__init__(op, **kwargs)
        self._client = client
        self._raw = is_raw_mode()  # created by a raw-response wrapper: `await` gives the raw first page

    async def _fetch(self, params: Mapping[str, Any]) -> tuple[APIResponse[Any], Page[T]]:
        response = await self._client._fetch_page(
            self._op,
            path_params=self._path_params,
            params=params,
            headers=self._headers,
            body=self._body,
            options=self._options,
        )
        return response, self._page(response, params)

    async def first_page(self) -> Page[T]:
        if self._first is None:
            _, self._first = await self._fetch(self._params)
        return self._first

    async def iter_pages(self) -> AsyncIterator[Page[T]]:
        guard = _LoopGuard(self._spec)
        page = await self.first_page()
        guard.check(self._params, page)
        yield page
        while (params := page.next_page_params()) is not None:
            _, page = await self._fetch(params)
            guard.check(params, page)
            yield page

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item

    async def _awaited(self) -> Any:
        if self._raw:
            response, self._first = await self._fetch(self._params)
            first = self._first
            return APIResponse(
                response.http_response,
                lambda _: first,
                retries_taken=response.retries_taken,
                elapsed=response.elapsed.total_seconds(),
            )
        return await self.first_page()

    def __await__(self) -> Generator[Any, None, Page[T]]:
        return self._awaited().__await__()

    async def _as_raw_response(self) -> APIResponse[AsyncPager[T]]:
        response, self._first = await self._fetch(self._params)
        return APIResponse(
            response.http_response,
            lambda _: self,
            retries_taken=response.retries_taken,
            elapsed=response.elapsed.total_seconds(),
        )
