"""Inline spec -> generated client -> the exact HTTP request it sends and the typed value it returns."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest

SPEC = """
openapi: 3.0.3
info: {title: Shop, version: "1.0"}
servers: [{url: "https://{tenant}.shop.example/api", variables: {tenant: {default: demo}}}]
security: [{token: []}]
paths:
  /items/{itemId}:
    get:
      operationId: getItem
      tags: [items]
      parameters:
        - {name: itemId, in: path, required: true, schema: {type: integer}}
        - {name: X-Trace, in: header, schema: {type: string}}
        - {name: session, in: cookie, schema: {type: string}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}}
        "404": {description: missing, content: {application/json: {schema: {$ref: "#/components/schemas/Problem"}}}}
    delete:
      operationId: deleteItem
      tags: [items]
      parameters: [{name: itemId, in: path, required: true, schema: {type: integer}}]
      responses: {"204": {description: gone}}
  /items:
    get:
      operationId: listItems
      tags: [items]
      parameters:
        - {name: tag, in: query, style: form, explode: true, schema: {type: array, items: {type: string}}}
        - {name: ids, in: query, style: form, explode: false, schema: {type: array, items: {type: integer}}}
        - {name: filter, in: query, style: deepObject, explode: true, schema: {type: object, properties: {name: {type: string}, min: {type: integer}}}}
        - {name: sort, in: query, schema: {type: string, enum: [name, -name]}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Item"}}}}}
    post:
      operationId: createItem
      tags: [items]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/ItemInput"}}}
      responses:
        "201": {description: created, content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}}
        "422": {description: invalid, content: {application/json: {schema: {$ref: "#/components/schemas/Problem"}}}}
  /items/{itemId}/photo:
    put:
      operationId: uploadPhoto
      tags: [items]
      parameters: [{name: itemId, in: path, required: true, schema: {type: integer}}]
      requestBody:
        required: true
        content: {image/png: {schema: {type: string, format: binary}}}
      responses: {"204": {description: stored}}
    get:
      operationId: getPhoto
      tags: [items]
      parameters: [{name: itemId, in: path, required: true, schema: {type: integer}}]
      responses: {"200": {description: png, content: {image/png: {schema: {type: string, format: binary}}}}}
  /login:
    post:
      operationId: login
      tags: [session]
      security: []
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, required: [user], properties: {user: {type: string}, remember: {type: boolean}}}
      responses: {"200": {description: ok, content: {text/plain: {schema: {type: string}}}}}
  /files:
    post:
      operationId: uploadFile
      tags: [files]
      requestBody:
        content:
          multipart/form-data:
            schema: {type: object, required: [file], properties: {file: {type: string, format: binary}, note: {type: string}}}
      responses: {"200": {description: ok}}
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
  schemas:
    Item:
      type: object
      required: [id, name]
      properties:
        id: {type: integer}
        name: {type: string}
        unitPrice: {type: number}
        tags: {type: array, items: {type: string}}
        listPrice:
          description: a decimal the server sends as a string or as a number
          anyOf: [{type: string}, {type: number}]
    ItemInput:
      type: object
      required: [name]
      properties:
        name: {type: string}
        unitPrice: {type: number}
        kind: {type: string, enum: [physical, digital]}
    Problem:
      type: object
      properties: {code: {type: string}, message: {type: string}}
"""


class Recorder:
    """An httpx transport that remembers requests and answers from a queue."""

    def __init__(self, *answers: httpx.Response) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


@pytest.fixture
def shop(make_client: Callable[..., ModuleType]) -> ModuleType:
    return make_client(SPEC, package="shop_client", client="Shop")


def client_with(shop: ModuleType, *answers: httpx.Response) -> tuple[Any, Recorder]:
    recorder = Recorder(*answers)
    return shop.Shop(tenant="acme", token="secret-token", transport=httpx.MockTransport(recorder), max_retries=0), recorder


def test_path_header_cookie_and_typed_model(shop: ModuleType) -> None:
    client, rec = client_with(shop, httpx.Response(200, json={"id": 7, "name": "Kaffee", "unitPrice": 12.5, "origin": "BR"}))
    item = client.items.get_item(7, x_trace="abc", session="s1")
    request = rec.requests[0]
    assert request.method == "GET"
    assert str(request.url) == "https://acme.shop.example/api/items/7"
    assert request.headers["x-trace"] == "abc"
    assert "session=s1" in request.headers.get("cookie", "")
    assert request.headers["authorization"] == "Bearer secret-token"
    assert isinstance(item, shop.models.Item)
    assert (item.id, item.name, item.unit_price) == (7, "Kaffee", 12.5)
    assert item.model_dump(by_alias=True, exclude_unset=True) == {"id": 7, "name": "Kaffee", "unitPrice": 12.5, "origin": "BR"}


def test_query_styles(shop: ModuleType) -> None:
    client, rec = client_with(shop, httpx.Response(200, json=[]))
    assert client.items.list_items(tag=["a", "b"], ids=[1, 2], filter={"name": "x", "min": 3}, sort="-name") == []
    params = rec.requests[0].url.params
    assert params.get_list("tag") == ["a", "b"]
    assert params["ids"] == "1,2"
    assert params["filter[name]"] == "x" and params["filter[min]"] == "3"
    assert params["sort"] == "-name"


def test_optional_query_left_out(shop: ModuleType) -> None:
    client, rec = client_with(shop, httpx.Response(200, json=[]))
    client.items.list_items()
    assert rec.requests[0].url.query == b""


def test_json_body_from_keywords(shop: ModuleType) -> None:
    client, rec = client_with(shop, httpx.Response(201, json={"id": 1, "name": "Tee"}))
    created = client.items.create_item(name="Tee", kind="digital")
    request = rec.requests[0]
    assert request.headers["content-type"].startswith("application/json")
    assert json.loads(request.content) == {"name": "Tee", "kind": "digital"}
    assert created.id == 1


def test_binary_body_and_binary_response(shop: ModuleType) -> None:
    client, rec = client_with(shop, httpx.Response(204), httpx.Response(200, content=b"\x89PNG", headers={"content-type": "image/png"}))
    assert client.items.upload_photo(3, body=b"\x89PNGdata") is None
    assert rec.requests[0].content == b"\x89PNGdata"
    assert rec.requests[0].headers["content-type"] == "image/png"
    assert client.items.get_photo(3) == b"\x89PNG"
    assert rec.requests[1].headers["accept"] == "image/png"


def test_form_body_and_text_response_without_auth(shop: ModuleType) -> None:
    client, rec = client_with(shop, httpx.Response(200, text="welcome", headers={"content-type": "text/plain"}))
    assert client.session.login(user="ana", remember=True) == "welcome"
    request = rec.requests[0]
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert dict(x.split("=") for x in request.content.decode().split("&")) == {"user": "ana", "remember": "true"}
    assert "authorization" not in request.headers


def test_multipart_body(shop: ModuleType) -> None:
    client, rec = client_with(shop, httpx.Response(200))
    client.files.upload_file(file=b"hello", note="n1")
    request = rec.requests[0]
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="file"' in request.content and b"hello" in request.content and b'name="note"' in request.content


def test_error_tree_carries_parsed_body(shop: ModuleType) -> None:
    client, _ = client_with(shop, httpx.Response(404, json={"code": "NOPE", "message": "no item 9"}))
    with pytest.raises(shop.NotFoundError) as info:
        client.items.get_item(9)
    error = info.value
    assert isinstance(error, shop.APIStatusError) and isinstance(error, shop.APIError) and isinstance(error, shop.ShopError)
    assert error.status_code == 404
    assert isinstance(error.body, shop.models.Problem) and error.body.code == "NOPE"
    assert "secret-token" not in str(error) and "secret-token" not in repr(error)


def test_unprocessable_entity(shop: ModuleType) -> None:
    client, _ = client_with(shop, httpx.Response(422, json={"code": "INVALID", "message": "name"}))
    with pytest.raises(shop.UnprocessableEntityError):
        client.items.create_item(name="")


def test_response_that_differs_is_kept_and_reported_and_strict_raises(shop: ModuleType) -> None:
    client, _ = client_with(shop, httpx.Response(200, json={"id": "not-a-number"}))
    item = client.items.get_item(1)  # tolerant by default: the call succeeded, so must the method
    assert item.model_dump(mode="json", by_alias=True, exclude_unset=True) == {"id": "not-a-number"}
    assert [(i.pointer, i.message) for i in item.validation_issues] == [
        ("/id", "does not match the declared type"),
        ("/name", "required field missing"),
    ]
    strict = shop.Shop(tenant="acme", token="secret-token", transport=client._http._transport, max_retries=0, strict=True)
    with pytest.raises(shop.APIResponseValidationError) as info:
        strict.items.get_item(1)
    assert "/id" in str(info.value) and "/name: required field missing" in str(info.value)
    assert "secret-token" not in str(info.value)


def test_raw_response_and_per_call_options(shop: ModuleType) -> None:
    client, rec = client_with(shop, httpx.Response(200, json={"id": 2, "name": "x"}, headers={"x-request-id": "r-1"}))
    raw = client.items.with_raw_response.get_item(2, extra_headers={"X-Extra": "1"}, extra_query={"debug": "1"}, timeout=3.0)
    assert raw.status_code == 200 and raw.headers["x-request-id"] == "r-1"
    assert raw.parse().id == 2
    assert rec.requests[0].headers["x-extra"] == "1"
    assert rec.requests[0].url.params["debug"] == "1"


def test_with_options_and_context_manager(shop: ModuleType) -> None:
    recorder = Recorder(httpx.Response(200, json=[]))
    with shop.Shop(tenant="acme", token="t", transport=httpx.MockTransport(recorder)) as client:
        other = client.with_options(default_headers={"X-Team": "ops"}, max_retries=0)
        other.items.list_items()
    assert recorder.requests[0].headers["x-team"] == "ops"


def test_delete_returns_none(shop: ModuleType) -> None:
    client, rec = client_with(shop, httpx.Response(204))
    assert client.items.delete_item(5) is None
    assert rec.requests[0].method == "DELETE"


def test_async_client(shop: ModuleType) -> None:
    recorder = Recorder(httpx.Response(200, json={"id": 4, "name": "async"}))

    async def run() -> Any:
        async with shop.AsyncShop(tenant="acme", token="t", transport=httpx.MockTransport(recorder)) as client:
            return await client.items.get_item(4)

    item = asyncio.run(run())
    assert item.name == "async" and str(recorder.requests[0].url).endswith("/items/4")


def test_base_url_override_and_credential_from_environment(shop: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOP_TOKEN", "from-env")
    recorder = Recorder(httpx.Response(200, json=[]))
    client = shop.Shop(tenant="x", base_url="http://127.0.0.1:9/v2", transport=httpx.MockTransport(recorder))
    client.items.list_items()
    assert str(recorder.requests[0].url) == "http://127.0.0.1:9/v2/items"
    assert recorder.requests[0].headers["authorization"] == "Bearer from-env"


def test_scalar_union_field_keeps_the_wire_type(shop: ModuleType) -> None:
    """`anyOf: [string, number]` is a plain `str | float` field (no wrapper model to unwrap): "12.50" stays a
    string, 12.5 a number, and both dump back as received."""
    for wire_value in ("12.50", 12.5):
        client, _ = client_with(shop, httpx.Response(200, json={"id": 7, "name": "Kaffee", "listPrice": wire_value}))
        item = client.items.get_item(7)
        assert item.list_price == wire_value and type(item.list_price) is type(wire_value)
        assert item.model_dump(by_alias=True, exclude_unset=True)["listPrice"] == wire_value
    assert not any(name.startswith("ItemListPrice") for name in dir(shop.models))


UNION_BODY_SPEC = """
openapi: 3.0.3
info: {title: Lines, version: "1.0"}
servers: [{url: "https://lines.example"}]
paths:
  /lines:
    post:
      operationId: addLine
      tags: [lines]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/AnyLine"}}}
      responses: {"204": {description: added}}
components:
  schemas:
    AnyLine:
      oneOf: [{$ref: "#/components/schemas/ProductLine"}, {$ref: "#/components/schemas/Heading"}]
    ProductLine:
      type: object
      required: [product, quantity]
      properties: {product: {type: string}, quantity: {type: number}}
    Heading:
      type: object
      required: [type]
      properties: {type: {type: string, enum: [heading]}, name: {type: string}}
"""


def test_a_union_body_takes_the_union_or_any_alternative_as_it_is(make_client: Callable[..., ModuleType]) -> None:
    """Xentral V3 line-item creates: a product line or an intermediate line. The caller passes the alternative it
    means without wrapping it in the union's RootModel, and the annotation says so (mypy --strict checks callers)."""
    import inspect

    lines = make_client(UNION_BODY_SPEC, package="lines_client", client="Lines")
    recorder = Recorder(*[httpx.Response(204) for _ in range(3)])
    client = lines.Lines(transport=httpx.MockTransport(recorder), max_retries=0)
    models = lines.models
    hint = inspect.signature(type(client.lines).add_line).parameters["body"].annotation
    assert hint == "_models.AnyLine | _models.ProductLine | _models.Heading"
    client.lines.add_line(body=models.ProductLine(product="P-1", quantity=2))
    client.lines.add_line(body=models.Heading(type="heading", name="Accessories"))
    client.lines.add_line(body=models.AnyLine(models.Heading(type="heading")))
    assert [json.loads(r.content) for r in recorder.requests] == [
        {"product": "P-1", "quantity": 2},
        {"type": "heading", "name": "Accessories"},
        {"type": "heading"},
    ]
