"""`x-unwrap` as a list of pointers: the server picks one of several root keys for the same value."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
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


def test_pointers_leading_to_different_types_are_warned_about(tmp_path: Path) -> None:
    from generator.diagnostics import Diagnostics
    from generator.ir import build_api
    from generator.spec import read_spec

    mixed = SPEC.replace('credit_note: {$ref: "#/components/schemas/Doc"}', "credit_note: {type: string}")
    path = tmp_path / "openapi.yaml"
    path.write_text(mixed, encoding="utf-8")
    diagnostics = Diagnostics()
    build_api(read_spec(path, diagnostics), "roots", diagnostics)
    (warning,) = [d for d in diagnostics if d.code == "unwrap.types"]
    assert warning.pointer.endswith("/x-unwrap") and "/invoice" in warning.message
    same = Diagnostics()
    path.write_text(SPEC, encoding="utf-8")
    build_api(read_spec(path, same), "roots", same)
    assert not [d for d in same if d.code == "unwrap.types"]
