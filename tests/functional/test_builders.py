"""`x-builder`: a positional shorthand for small models, typed and validated like the model itself."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import httpx
import pydantic
import pytest

SPEC = """
openapi: 3.0.3
info: {title: Lists, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      tags: [things]
      parameters:
        - {name: filter, in: query, style: deepObject, explode: true, schema: {type: array, items: {$ref: "#/components/schemas/Cond"}}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}}
components:
  schemas:
    Cond:
      type: object
      x-builder: Where
      required: [key, op]
      properties:
        key: {type: string}
        op: {type: string, enum: [eq, in]}
        value: {type: string}
"""


def test_builder_is_positional_typed_and_sent_as_the_model(make_client: Callable[..., ModuleType]) -> None:
    lists = make_client(SPEC, package="lists_client", client="Lists")
    condition = lists.Where("name", "eq", value="tee")
    assert isinstance(condition, lists.models.Cond)
    assert condition.model_dump(by_alias=True, exclude_unset=True) == {"key": "name", "op": "eq", "value": "tee"}
    with pytest.raises(pydantic.ValidationError):
        lists.Where("name", "like")  # not one of the documented operators
    with pytest.raises(TypeError):
        lists.Where(key="name", op="eq")  # required fields are positional-only, as the shorthand promises
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=[])

    client = lists.Lists(base_url="https://x.example", transport=httpx.MockTransport(handler))
    client.things.list_things(filter=[condition, lists.Where("id", "in", value="1,2")])
    assert sent[0].url.params["filter[0][key]"] == "name" and sent[0].url.params["filter[1][value]"] == "1,2"
