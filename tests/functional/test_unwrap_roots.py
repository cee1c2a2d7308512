"""`x-unwrap` as a list of pointers: the server picks one of several root keys for the same value."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import httpx

SPEC = """
openapi: 3.0.3
info: {title: Docs, version: "1"}
paths:
  /{kind}.json:
    post:
      operationId: createDoc
      tags: [docs]
      x-unwrap: [/invoice, /credit_note]
      parameters:
        - {name: kind, in: path, required: true, schema: {type: string}}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema:
                type: object
                properties:
                  invoice: {$ref: "#/components/schemas/Doc"}
                  credit_note: {$ref: "#/components/schemas/Doc"}
components:
  schemas:
    Doc:
      type: object
      properties:
        id: {type: integer}
"""


def test_the_first_root_present_is_returned_as_the_declared_model(make_client: Callable[..., ModuleType]) -> None:
    docs = make_client(SPEC, package="roots_client", client="Roots")
    answers = iter([{"credit_note": {"id": 7}}, {"invoice": {"id": 8}}])

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(201, json=next(answers))

    client = docs.Roots(base_url="https://x.example", transport=httpx.MockTransport(handler))
    first = client.docs.create_doc("credit_notes")
    second = client.docs.create_doc("invoices")
    assert isinstance(first, docs.models.Doc) and isinstance(second, docs.models.Doc)
    assert (first.id, second.id) == (7, 8)
