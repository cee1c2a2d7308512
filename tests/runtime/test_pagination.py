"""Auto-pagination, every style over 0, 1 and many pages, sync and async."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from generator.runtime import NOT_GIVEN, OperationSpec, PaginationSpec, SyncAPIResource, SyncPager, to_raw_response_wrapper
from generator.runtime._pagination import next_page_params

from .fakes import Customer, json_response

ROWS = [{"id": i, "name": f"c{i}"} for i in range(1, 24)]  # 23 rows

PAGE_TOTAL = OperationSpec(
    "wisedatList",
    "GET",
    "/customers",
    pagination=PaginationSpec(
        style="page", items="/customers", page_param="page", size_param="limit", total_pages="/pagination/number_pages"
    ),
)
PAGE_ITEMS = OperationSpec(
    "xentralList",
    "GET",
    "/api/v1/customers",
    pagination=PaginationSpec(
        style="page", items="/data", page_param="page[number]", size_param="page[size]", total_items="/meta/totalCount"
    ),
)
PAGE_SHORT = OperationSpec("plainPages", "GET", "/plain", pagination=PaginationSpec(style="page", items="", page_param="page"))
OFFSET = OperationSpec(
    "gestixList", "GET", "/gestix/customers", pagination=PaginationSpec(style="offset", items="", offset_param="skip", size_param="limit")
)
CURSOR = OperationSpec(
    "v3List",
    "GET",
    "/api/v3/salesOrders",
    pagination=PaginationSpec(style="cursor", items="/data", cursor_param="cursor", next_cursor="/meta/nextCursor"),
)


def backend(rows: list[dict[str, Any]], default_size: int = 10) -> Callable[[httpx.Request], httpx.Response]:
    """One fake server speaking all styles, paging over `rows`."""

    def handle(request: httpx.Request) -> httpx.Response:
        q = request.url.params
        path = request.url.path
        if path.endswith("/api/v3/salesOrders"):
            start = int(q.get("cursor", "0"))
            chunk = rows[start : start + default_size]
            nxt = str(start + default_size) if start + default_size < len(rows) else None
            return json_response(200, {"data": chunk, "meta": {"nextCursor": nxt}})
        if path.endswith("/api/v1/customers"):
            size, number = int(q["page[size]"]), int(q.get("page[number]", "1"))
            return json_response(200, {"data": rows[(number - 1) * size : number * size], "meta": {"totalCount": len(rows)}})
        if path.endswith("/plain"):
            page = int(q.get("page", "1"))
            return json_response(200, rows[(page - 1) * default_size : page * default_size])
        if path.endswith("/gestix/customers"):
            skip, limit = int(q.get("skip", "0")), int(q.get("limit", default_size))
            return json_response(200, rows[skip : skip + limit])
        page, limit = int(q.get("page", "1")), int(q.get("limit", default_size))
        pages = max(1, -(-len(rows) // limit))
        chunk = rows[(page - 1) * limit : page * limit]
        return json_response(
            200, {"customers": chunk, "pagination": {"limit": limit, "page": page, "number_pages": pages, "number_items": len(rows)}}
        )

    return handle


class Counting:
    def __init__(self, handler: Callable[[httpx.Request], httpx.Response]) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)


CASES = [
    (PAGE_TOTAL, {"limit": 5}),
    (PAGE_ITEMS, {"page[size]": 5}),
    (PAGE_SHORT, {}),
    (OFFSET, {"limit": 5, "skip": NOT_GIVEN}),
    (OFFSET, {}),
    (CURSOR, {}),
]


@pytest.mark.parametrize(("op", "params"), CASES, ids=lambda v: v.operation_id if isinstance(v, OperationSpec) else str(sorted(v)))
@pytest.mark.parametrize("count", [0, 1, 5, 23])
def test_sync_styles(make_sync: Any, op: OperationSpec, params: dict[str, Any], count: int) -> None:
    server = Counting(backend(ROWS[:count]))
    pager = make_sync(server).paginate(op, params=params, item_type=Customer)
    assert server.requests == []  # lazy
    items = list(pager)
    assert [c.id for c in items] == list(range(1, count + 1))
    assert all(isinstance(c, Customer) for c in items)
    assert len(server.requests) <= count // 5 + 2  # no runaway paging


@pytest.mark.parametrize(("op", "params"), CASES, ids=lambda v: v.operation_id if isinstance(v, OperationSpec) else str(sorted(v)))
@pytest.mark.parametrize("count", [0, 1, 23])
def test_async_styles(make_async: Any, op: OperationSpec, params: dict[str, Any], count: int) -> None:
    async def main() -> tuple[list[int], int]:
        client = make_async(backend(ROWS[:count]))
        items = [c.id async for c in client.paginate(op, params=params, item_type=Customer)]
        pages = [p async for p in client.paginate(op, params=params, item_type=Customer).iter_pages()]
        return items, sum(len(p.items) for p in pages)

    items, total = asyncio.run(main())
    assert items == list(range(1, count + 1)) and total == count


def test_pages_expose_raw_response_and_next_params(make_sync: Any) -> None:
    pager = make_sync(backend(ROWS)).paginate(PAGE_TOTAL, params={"limit": 10}, item_type=Customer)
    pages = list(pager.iter_pages())
    assert [len(p.items) for p in pages] == [10, 10, 3]
    assert pages[0].raw["pagination"]["number_pages"] == 3
    assert pages[0].response.status_code == 200
    assert pages[0].has_next_page() and pages[0].next_page_params() == {"limit": 10, "page": 2}
    assert not pages[-1].has_next_page() and pages[-1].next_page_params() is None
    first = pager.first_page()
    assert first is pager.first_page()  # cached


def test_starts_from_callers_page(make_sync: Any) -> None:
    server = Counting(backend(ROWS))
    ids = [c.id for c in make_sync(server).paginate(PAGE_TOTAL, params={"page": 2, "limit": 10}, item_type=Customer)]
    assert ids == list(range(11, 24))
    assert [r.url.params["page"] for r in server.requests] == ["2", "3"]


def test_async_await_first_page(make_async: Any) -> None:
    async def main() -> int:
        client = make_async(backend(ROWS))
        page = await client.paginate(CURSOR, item_type=Customer)
        again = await client.paginate(CURSOR, item_type=Customer).first_page()
        return len(page.items) + len(again.items)

    assert asyncio.run(main()) == 20


def test_cursor_that_repeats_stops() -> None:
    spec = PaginationSpec(style="cursor", items="/data", cursor_param="cursor", next_cursor="/next")
    assert next_page_params(spec, {"cursor": "abc"}, {"data": [1], "next": "abc"}, 1, None) is None
    assert next_page_params(spec, {}, {"data": [1], "next": ""}, 1, None) is None
    assert next_page_params(spec, {}, {"data": [1], "next": "n2"}, 1, None) == {"cursor": "n2"}


def test_page_count_as_string_and_bare_list_fallback(make_sync: Any) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        if page == 1:
            return json_response(200, {"customers": ROWS[:2], "pagination": {"number_pages": "2"}})
        return json_response(200, ROWS[2:3])  # a server that forgot the wrapper

    ids = [c.id for c in make_sync(handler).paginate(PAGE_TOTAL, item_type=Customer)]
    assert ids == [1, 2, 3]


def test_raw_response_of_a_pager(make_sync: Any) -> None:
    class Customers(SyncAPIResource):
        def list(self) -> SyncPager[Customer]:
            return self._client.paginate(PAGE_TOTAL, params={"limit": 10}, item_type=Customer)

    server = Counting(backend(ROWS))
    resource = Customers(make_sync(server))
    raw = to_raw_response_wrapper(resource.list)()
    assert raw.status_code == 200 and len(server.requests) == 1
    pager = raw.parse()
    assert [c.id for c in pager] == list(range(1, 24))
    assert len(server.requests) == 3  # the first page was not fetched twice


def test_incomplete_spec_is_refused_up_front(make_sync: Any) -> None:
    op = OperationSpec("bad", "GET", "/bad", pagination=PaginationSpec(style="cursor", items="/data", cursor_param="cursor"))
    with pytest.raises(ValueError, match="needs next_cursor"):
        make_sync(backend([])).paginate(op, item_type=Customer)


def test_post_filter_body_is_sent_with_every_page(make_sync: Any) -> None:
    op = OperationSpec(
        "listClientInvoices",
        "POST",
        "/clients/{client_id}/invoices.json",
        pagination=PaginationSpec(style="page", items="/invoices", page_param="page", total_pages="/pagination/total_pages"),
    )
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        page = int(request.url.params.get("page", "1"))
        return json_response(200, {"invoices": ROWS[(page - 1) * 2 : page * 2], "pagination": {"total_pages": 2}})

    pager = make_sync(handler).paginate(
        op, path_params={"client_id": 7}, params={"page": 1}, body={"filter": {"status": ["final"]}}, item_type=Customer
    )
    assert [c.id for c in pager] == [1, 2, 3, 4]
    assert [r.content for r in seen] == [b'{"filter":{"status":["final"]}}'] * 2


SELECTED = OperationSpec(
    "v3Selected",
    "GET",
    "/api/v3/selected",
    pagination=PaginationSpec(
        style="cursor",
        items="/data",
        cursor_param="cursor",
        next_cursor="/meta/nextCursor",
        size_param="perPage",
        select_by="x-pagination",
        select_default="simple",
        when=(
            ("simple", PaginationSpec(style="page", items="/data", page_param="page", size_param="perPage")),
            ("table", PaginationSpec(style="page", items="/data", page_param="page", size_param="perPage", total_pages="/meta/lastPage")),
        ),
    ),
)


def selected_backend(rows: list[dict[str, Any]]) -> Callable[[httpx.Request], httpx.Response]:
    """A Xentral-V3-like list: the `x-pagination` header (default simple) picks the paging style of the answer."""

    def handle(request: httpx.Request) -> httpx.Response:
        style = request.headers.get("x-pagination", "simple")
        q = request.url.params
        size = int(q.get("perPage", "10"))
        if style == "cursor":
            start = int(q.get("cursor", "0"))
            nxt = str(start + size) if start + size < len(rows) else None
            return json_response(200, {"data": rows[start : start + size], "meta": {"nextCursor": nxt}})
        page = int(q.get("page", "1"))
        meta: dict[str, Any] = {"currentPage": page}
        if style == "table":
            meta |= {"lastPage": max(1, -(-len(rows) // size)), "total": len(rows)}
        return json_response(200, {"data": rows[(page - 1) * size : page * size], "meta": meta})

    return handle


@pytest.mark.parametrize("style", ["cursor", "simple", "table", None])
def test_a_parameter_selects_the_paging_style(make_sync: Any, style: str | None) -> None:
    server = Counting(selected_backend(ROWS))
    headers = {"x-pagination": style} if style is not None else {}
    items = list(make_sync(server).paginate(SELECTED, params={"perPage": 10}, headers=headers, item_type=Customer))
    assert [c.id for c in items] == list(range(1, 24))
    assert len(server.requests) == 3  # 10 + 10 + 3: every style stops on its own signal, none after page 1
    if style in ("simple", "table", None):
        assert [r.url.params.get("page") for r in server.requests] == [None, "2", "3"]
    else:
        assert [r.url.params.get("cursor") for r in server.requests] == [None, "10", "20"]


def test_selection_reads_values_and_defaults() -> None:
    spec = SELECTED.pagination
    assert spec is not None
    assert spec.chosen({}, {"X-Pagination": "table"}).total_pages == "/meta/lastPage"  # header names are case-insensitive
    assert spec.chosen({}, {}).style == "page"  # select_default: the server's own default
    assert spec.chosen({}, {"x-pagination": "cursor"}) is spec  # a value not under `when` keeps the base
    plain = PaginationSpec(style="cursor", items="/data", cursor_param="c", next_cursor="/n")
    assert plain.chosen({}, {"x-pagination": "table"}) is plain  # no select_by: nothing to choose
