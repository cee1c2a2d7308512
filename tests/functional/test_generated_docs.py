"""What a user reads: docstrings link the vendor's public docs (never our internal files), the README says how to
install from a private index and shows a call per method, `wait` is documented, confidence is spelled out."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

SPEC = """
openapi: 3.0.3
info: {title: Docs, version: "1.0"}
servers: [{url: "https://docs.example/api"}]
x-codegen: {distribution: docs-client, package: docs_client, client: Docs, version: 0.1.0, docs: "https://vendor.example/reference"}
paths:
  /orders/{orderId}:
    get:
      operationId: getOrder
      tags: [orders]
      x-source: {doc: ../shared/vendor-docs/acme/operations.tsv, section: row GET /orders, confidence: documented}
      parameters: [{name: orderId, in: path, required: true, schema: {type: integer}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object}}}}}
  /orders:
    post:
      operationId: createOrder
      tags: [orders]
      x-source: {doc: "https://vendor.example/reference/orders#create", section: Create, confidence: inferred}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [customer]
              properties: {customer: {type: string}, note: {type: string}}
      responses: {"201": {description: created}}
  /pdf/{id}:
    get:
      operationId: getPdf
      tags: [pdf]
      x-poll: {status: 202, interval: 1.0, timeout: 30}
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        "200": {description: ready, content: {application/json: {schema: {type: object}}}}
        "202": {description: preparing}
"""


def test_docstrings_link_public_docs_and_say_how_sure_we_are(make_client: Callable[..., ModuleType]) -> None:
    docs = make_client(SPEC, package="docs_client", client="Docs")
    client = docs.Docs(base_url="http://127.0.0.1:9")
    get_doc = inspect.getdoc(client.orders.get_order) or ""
    assert "Vendor docs: https://vendor.example/reference\n" in get_doc + "\n"
    assert "(as the vendor documents it)" in get_doc
    assert "../shared" not in get_doc and "operations.tsv" not in get_doc
    create_doc = inspect.getdoc(client.orders.create_order) or ""
    assert "Vendor docs: https://vendor.example/reference/orders#create" in create_doc  # the operation's own URL wins
    assert "(inferred: the vendor's documentation does not show all of it" in create_doc
    pdf_doc = inspect.getdoc(client.pdf.get_pdf) or ""
    assert "wait: False (default) returns None while the vendor is still preparing the result (HTTP 202)" in pdf_doc


def test_readme_installs_from_a_private_index_and_shows_calls(make_client: Callable[..., ModuleType]) -> None:
    docs = make_client(SPEC, package="docs_client", client="Docs")
    readme = (Path(docs.__file__).parent.parent / "README.md").read_text()
    assert "pip install --index-url https://pypi.example.internal/simple/ docs-client" in readme
    assert "The vendor's own API reference: https://vendor.example/reference" in readme
    assert "client.orders.get_order(order_id)\nclient.orders.create_order(customer=...)\n" in readme
    assert "client.pdf.get_pdf(id)" in readme
    assert "../shared" not in readme


def test_a_docs_url_must_be_plain_https(make_client: Callable[..., ModuleType]) -> None:
    hostile = SPEC.replace('"https://vendor.example/reference"', '"javascript:alert(1)"')
    docs = make_client(hostile, package="docs_client", client="Docs")
    readme = (Path(docs.__file__).parent.parent / "README.md").read_text()
    assert "javascript:" not in readme
    client = docs.Docs(base_url="http://127.0.0.1:9")
    assert "Vendor docs:" not in (inspect.getdoc(client.orders.get_order) or "")
