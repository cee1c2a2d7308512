"""Xentral's own published examples for the V1 business documents (and the product, price, liability,
production and payment-terms views whose links and amounts once used our shared shapes), answered through
the generated client.

Our document models were rewritten from the vendor's per-operation schemas (issue #13) instead of one shared
Address/Reference/position shape for every document. The vendor's published example of each answer is
the cheapest proof that the split is right: it must parse with no validation issue at all (a shared shape
that does not fit an operation shows up as an issue here), declare every member it carries (a published
field kept only as an undeclared extra is a field the user cannot reach by name) and dump back
byte-identically in JSON terms.
The examples are read from the read-only team folder; without it the test skips and says so.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = ROOT.parent / "shared" / "vendor-docs" / "xentral" / "published" / "xentral-api.openapi-3.0.0.json"


def _first(result: Any) -> Any:
    """One record of a list call (pager or plain list), or the record itself."""
    if hasattr(result, "first_page"):
        return list(result.first_page().items)
    return result


# published path -> how the client calls it (each call fetches one answer from the mock transport)
CALLS: dict[str, Callable[[Any], Any]] = {
    "/api/v1/salesOrders": lambda c: _first(c.sales_orders.list()),
    "/api/v1/salesOrders/{id}": lambda c: c.sales_orders.retrieve("1"),
    "/api/v1/salesOrders/{id}/documents/{documentId}": lambda c: c.sales_order_documents.retrieve("1", "2"),
    "/api/v1/purchaseOrders/{id}": lambda c: c.purchase_orders.retrieve("1"),
    "/api/v1/deliveryNotes/{id}": lambda c: c.delivery_notes.retrieve("1"),
    "/api/v1/deliveryNotes/{id}/shipments": lambda c: c.delivery_notes.list_shipments("1"),
    "/api/v1/invoices/{id}": lambda c: c.invoices.retrieve("1"),
    "/api/v1/invoices/{id}/balance": lambda c: c.invoices.retrieve_balance("1"),
    "/api/v1/invoices/{id}/documents": lambda c: c.invoices.list_related_documents("1"),
    "/api/v1/creditNotes/{id}": lambda c: c.credit_notes.retrieve("1"),
    "/api/v1/creditNotes/{id}/documents": lambda c: c.credit_notes.list_related_documents("1"),
    "/api/v1/customers/{id}": lambda c: c.customers.retrieve("1"),
    "/api/v1/customers/{id}/contactPerson": lambda c: _first(c.customer_contact_persons.list("1")),
    "/api/v1/products/{id}/salesOrdersPositions": lambda c: _first(c.products.list_sales_order_positions("1")),
    "/api/v1/products/{id}/purchaseOrdersPositions": lambda c: _first(c.products.list_purchase_order_positions("1")),
    "/api/v1/products/{id}/productionsPositions": lambda c: _first(c.products.list_production_positions("1")),
    # links and amounts that once pointed at the shared Reference/Money but are published in other shapes
    # (an id that is not required, a name that is, an id that may be null, amountGross/taxRate beside amount)
    "/api/v1/products": lambda c: _first(c.products.list()),
    "/api/v1/products/{id}": lambda c: c.products.retrieve("1"),
    "/api/v1/products/{id}/crossSelling": lambda c: _first(c.product_cross_selling.list("1")),
    "/api/v1/products/{id}/parts": lambda c: _first(c.product_parts.list("1")),
    "/api/v1/products/{id}/reservations": lambda c: _first(c.products.list_reservations("1")),
    "/api/v1/products/{id}/externalReferences": lambda c: _first(c.product_external_references.list("1")),
    "/api/v1/products/{id}/properties": lambda c: _first(c.products.list_properties("1")),
    "/api/v1/products/{id}/purchasePrices": lambda c: _first(c.products.list_purchase_prices("1")),
    "/api/v1/products/{id}/salesPrices": lambda c: _first(c.products.list_sales_prices("1")),
    "/api/v1/salesPrices": lambda c: _first(c.sales_prices.list()),
    "/api/v1/salesPrices/{id}": lambda c: c.sales_prices.retrieve("1"),
    "/api/v1/productsCategories": lambda c: _first(c.product_categories.list()),
    "/api/v1/productsCategories/{id}": lambda c: c.product_categories.retrieve("1"),
    "/api/v1/productsMerchandiseGroups": lambda c: _first(c.product_merchandise_groups.list()),
    "/api/v1/productsMerchandiseGroups/{id}": lambda c: c.product_merchandise_groups.retrieve("1"),
    "/api/v1/liabilities": lambda c: _first(c.liabilities.list()),
    "/api/v1/liabilities/{id}": lambda c: c.liabilities.retrieve("1"),
    "/api/v1/paymentTermsGroups": lambda c: _first(c.payment_terms_groups.list()),
    "/api/v1/paymentTermsGroups/{id}": lambda c: c.payment_terms_groups.retrieve("1"),
    "/api/v1/productions": lambda c: _first(c.productions.list()),
    "/api/v1/productions/{id}": lambda c: c.productions.retrieve("1"),
}


def _published() -> dict[str, Any]:
    if not PUBLISHED.is_file():
        pytest.skip(f"the vendor's published file is not here: {PUBLISHED}")
    doc: dict[str, Any] = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    return doc


def _resolve(doc: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = doc
        for token in node["$ref"][2:].split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def _example(doc: dict[str, Any], path: str) -> Any:
    """The published example of the 200 JSON answer: whole-body (the first named one), or the data member's (wrapped)."""
    content = doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    schema = _resolve(doc, content.get("schema", {}))
    if "example" in content:
        return content["example"]
    for named in content.get("examples", {}).values():
        return named["value"]
    if "example" in schema:
        return schema["example"]
    data = _resolve(doc, schema["properties"]["data"])
    if "example" in data:
        return {"data": data["example"]}
    return {"data": [_resolve(doc, data["items"])["example"]]}


def _records(body: Any) -> list[Any]:
    data = body["data"]
    return data if isinstance(data, list) else [data]


def _undeclared(value: Any, at: str = "") -> list[str]:
    """Members of the answer that no model declares (kept as extras): each one is a published field we lack."""
    from pydantic import BaseModel

    found: list[str] = []
    if isinstance(value, BaseModel):
        found += [f"{at}/{key}" for key in value.model_extra or {}]
        for name in type(value).model_fields:
            found += _undeclared(getattr(value, name), f"{at}/{name}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _undeclared(item, f"{at}/{index}")
    return found


def _dump(model: Any) -> str:
    return json.dumps(model.model_dump(mode="json", by_alias=True, exclude_unset=True), sort_keys=True)


@pytest.mark.parametrize("path", sorted(CALLS))
def test_published_example_parses_cleanly_and_round_trips(path: str) -> None:
    import xentral_client

    body = _example(_published(), path)
    client = xentral_client.Xentral(
        xentral_id="acme",
        token="1|example-token",
        transport=httpx.MockTransport(lambda request: httpx.Response(200, json=body)),
        max_retries=0,
        strict=True,  # any deviation from our spec raises: the vendor's own example must fit it
    )
    result = CALLS[path](client)
    got = result if isinstance(result, list) else [result]
    want = _records(body)
    assert len(got) == len(want)
    for model, record in zip(got, want, strict=True):
        assert not xentral_client.validation_issues(model)
        assert not _undeclared(model), "published members our models do not declare"
        assert _dump(model) == json.dumps(record, sort_keys=True)
