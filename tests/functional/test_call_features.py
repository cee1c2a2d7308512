"""What every generated method offers beyond its own arguments: `with_streaming_response`, `extra_body`, the
request id on results; and `x-always-returned`, which types an answer's id non-optional."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator.diagnostics import SpecError

SPEC = """
openapi: 3.0.3
info: {title: Things, version: "1"}
paths:
  /things:
    post:
      operationId: createThing
      tags: [things]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/ThingInput"}}}
      responses: {"201": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}}
  /things/{id}/pdf:
    get:
      operationId: thingPdf
      tags: [things]
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses: {"200": {description: ok, content: {application/pdf: {schema: {type: string, format: binary}}}}}
  /things/{id}:
    get:
      operationId: getThing
      tags: [things]
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}}
components:
  schemas:
    ThingInput:
      type: object
      required: [name]
      properties:
        name: {type: string}
    Thing:
      type: object
      x-always-returned: {properties: [id], evidence: every answer in the vendor's examples carries id}
      properties:
        id: {type: integer}
        name: {type: string}
"""


def _things(make_client: Callable[..., ModuleType], spec: str = SPEC) -> ModuleType:
    return make_client(spec, package="things_client", client="Things")


def test_x_always_returned_types_the_id_non_optional_and_parsing_stays_tolerant(make_client: Callable[..., ModuleType]) -> None:
    things = _things(make_client)
    field = things.models.Thing.model_fields["id"]
    assert field.is_required() and "None" not in str(field.annotation)
    assert not things.models.Thing.model_fields["name"].is_required()  # only what the extension names
    answers = iter([{"id": 5, "name": "a"}, {"name": "no id"}])
    client = things.Things(base_url="https://x.example", transport=httpx.MockTransport(lambda r: httpx.Response(201, json=next(answers))))
    assert client.things.create_thing(name="a").id == 5
    missing = client.things.create_thing(name="b")  # a server that breaks the promise does not fail the call
    assert missing.id is None and missing.name == "no id"
    assert [issue.pointer for issue in missing.validation_issues] == ["/id"]


def test_x_always_returned_on_a_schema_a_request_sends_is_refused(make_client: Callable[..., ModuleType]) -> None:
    spec = SPEC.replace("      x-always-returned: {properties: [id], evidence: every answer in the vendor's examples carries id}\n", "")
    spec = spec.replace(
        "    ThingInput:\n      type: object\n",
        "    ThingInput:\n      type: object\n      x-always-returned: {properties: [name], evidence: e}\n",
    )
    with pytest.raises(SpecError) as info:
        _things(make_client, spec)
    assert "always-returned.in-request" in str(info.value)


@pytest.mark.parametrize(
    "marked",
    ["{properties: [idd], evidence: e}", "{properties: [id]}", "[id]"],
    ids=["undeclared-property", "no-evidence", "bare-list"],
)
def test_x_always_returned_must_name_declared_properties_with_evidence(make_client: Callable[..., ModuleType], marked: str) -> None:
    spec = SPEC.replace("{properties: [id], evidence: every answer in the vendor's examples carries id}", marked)
    with pytest.raises(SpecError) as info:
        _things(make_client, spec)
    assert "always-returned.invalid" in str(info.value)


def test_extra_body_request_id_and_streaming_on_a_generated_client(make_client: Callable[..., ModuleType]) -> None:
    things = _things(make_client)
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.path.endswith("/pdf"):
            return httpx.Response(200, content=b"%PDF-1.7 body", headers={"X-Request-Id": "r-pdf"})
        return httpx.Response(201, json={"id": 9, "name": "a"}, headers={"X-Request-Id": "r-1"})

    client = things.Things(base_url="https://x.example", transport=httpx.MockTransport(handler))
    thing = client.things.create_thing(name="a", extra_body={"colour": "red"}, extra_headers={"X-Trace": "t"})
    assert json.loads(sent[-1].content) == {"name": "a", "colour": "red"} and sent[-1].headers["X-Trace"] == "t"
    assert thing._request_id == "r-1"
    assert "extra_body" not in client.things.thing_pdf.__code__.co_varnames  # a GET sends no body
    with client.things.with_streaming_response.thing_pdf(9) as response:
        assert response.request_id == "r-pdf"
        assert b"".join(response.iter_bytes()) == b"%PDF-1.7 body"
    assert response.http_response.is_closed

    async def main() -> bytes:
        aclient = things.AsyncThings(base_url="https://x.example", transport=httpx.MockTransport(handler))
        async with aclient, aclient.things.with_streaming_response.thing_pdf(9) as streamed:
            return b"".join([chunk async for chunk in streamed.aiter_bytes()])

    assert asyncio.run(main()) == b"%PDF-1.7 body"


def test_every_resource_has_both_wrappers_for_every_method(make_client: Callable[..., ModuleType]) -> None:
    things = _things(make_client)
    client: Any = things.Things(base_url="https://x.example")
    for name in ("create_thing", "thing_pdf", "get_thing"):
        assert callable(getattr(client.things.with_streaming_response, name))
        assert callable(getattr(client.things.with_raw_response, name))
