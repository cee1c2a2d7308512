"""`x-pagination` with `select_by`/`when`: a request parameter picks the paging style, and the generated iterator
follows the style it asked for (generator, template and runtime together, on a spec of our own)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest

SPEC = """
openapi: 3.0.3
info: {title: Docs, version: "1.0"}
servers: [{url: "https://docs.example"}]
paths:
  /docs:
    get:
      operationId: listDocs
      x-name: list
      tags: [docs]
      x-pagination:
        style: cursor
        items: /data
        cursor_param: cursor
        next_cursor: /meta/nextCursor
        size_param: perPage
        select_by: x-paging
        select_default: simple
        when:
          simple: {style: page, page_param: page}
          table: {style: page, page_param: page, total_pages: /meta/lastPage}
      parameters:
        - {name: x-paging, in: header, schema: {type: string, enum: [simple, table, cursor], default: cursor}}
        - {name: perPage, in: query, schema: {type: integer}}
        - {name: page, in: query, schema: {type: integer}}
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {$ref: "#/components/schemas/Doc"}}
                  meta: {type: object}
components:
  schemas:
    Doc:
      type: object
      properties: {id: {type: integer}}
"""

ROWS = [{"id": i} for i in range(1, 8)]  # 7 rows, pages of 3: 3 + 3 + 1


def server(requests: list[httpx.Request]) -> Callable[[httpx.Request], httpx.Response]:
    def handle(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        style = request.headers.get("x-paging", "simple")
        size = int(request.url.params.get("perPage", "3"))
        if style == "cursor":
            start = int(request.url.params.get("cursor", "0"))
            nxt = str(start + size) if start + size < len(ROWS) else None
            return httpx.Response(200, json={"data": ROWS[start : start + size], "meta": {"nextCursor": nxt}})
        page = int(request.url.params.get("page", "1"))
        meta: dict[str, Any] = {"currentPage": page} | ({"lastPage": 3} if style == "table" else {})
        return httpx.Response(200, json={"data": ROWS[(page - 1) * size : page * size], "meta": meta})

    return handle


@pytest.fixture
def docs(make_client: Callable[..., ModuleType]) -> ModuleType:
    return make_client(SPEC, package="docs_client", client="DocsApi")


@pytest.mark.parametrize(
    ("style", "sent", "walk"),
    [
        ("cursor", "cursor", ("cursor", [None, "3", "6"])),  # the header's default, sent by the client
        ("simple", "simple", ("page", [None, "2", "3"])),
        ("table", "table", ("page", [None, "2", "3"])),
        (None, None, ("page", [None, "2", "3"])),  # header left out: the server's own default (simple)
    ],
)
def test_iterator_follows_the_style_the_request_asks_for(docs: ModuleType, style: Any, sent: Any, walk: Any) -> None:
    requests: list[httpx.Request] = []
    client = docs.DocsApi(transport=httpx.MockTransport(server(requests)), max_retries=0)
    kwargs = {} if style == "cursor" else {"x_paging": style}
    ids = [d.id for d in client.docs.list(per_page=3, **kwargs)]
    assert ids == [1, 2, 3, 4, 5, 6, 7]
    assert [r.headers.get("x-paging") for r in requests] == [sent] * 3
    param, values = walk
    assert [r.url.params.get(param) for r in requests] == values
