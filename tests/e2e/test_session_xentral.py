"""Scripted Xentral sessions, end to end: the generated client talks to the mock over real sockets.

V1: a filtered, ordered product sync over three pages; a shop order imported (`Created` from Location),
dispatched, its invoice downloaded as PDF; a validation error with violations; a 429 waited out; the
client-side limit of 100 requests per minute. V3: a sales order created and released, invoices listed
across three cursor pages, a purchase order cancelled, and the 409 of cancelling a completed one.

Every request goes through `Wire`, a transport that keeps what was sent and what came back, so each step
also checks the exact request. Tests that share the module's mock use their own `x-mock-session`, so
replay sequences never leak from one test into another.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from xentral_client import BadRequestError, ConflictError, Created, Xentral, models
from xentral_client._runtime import RateLimit

from generator.mock import running_mock

pytestmark = pytest.mark.slow  # end-to-end against the mock over sockets: left out of `make test-fast`


class Wire(httpx.HTTPTransport):
    """A real HTTP transport that remembers every exchange: (request, status, response headers)."""

    def __init__(self) -> None:
        super().__init__()
        self.exchanges: list[tuple[httpx.Request, int, httpx.Headers]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        self.exchanges.append((request, response.status_code, response.headers))
        return response

    def sent(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r, _, _ in self.exchanges if r.method == method and r.url.path == path]

    def last(self) -> httpx.Request:
        return self.exchanges[-1][0]


def query(request: httpx.Request) -> dict[str, str]:
    return dict(parse_qsl(request.url.query.decode(), keep_blank_values=True))


def body(request: httpx.Request) -> Any:
    return json.loads(request.content) if request.content else None


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    with running_mock("xentral") as base_url:
        yield base_url


def client(base_url: str, wire: Wire, session: str, **runtime: Any) -> Xentral:
    return Xentral(
        xentral_id="acme",
        token="e2e-session-token",
        base_url=base_url,
        transport=wire,
        default_headers={"x-mock-session": session},
        **runtime,
    )


# ------------------------------------------------------------------------------------------------
# V1


FILTER = [models.ListFilter(key="name", op="contains", value="shirt")]
ORDER = [models.ListOrder(field="name", dir="asc")]
FILTER_QUERY = {
    "page[size]": "2",
    "filter[0][key]": "name",
    "filter[0][op]": "contains",
    "filter[0][value]": "shirt",
    "order[0][field]": "name",
    "order[0][dir]": "asc",
}


def address(model: Any, zip_code: str = "10115") -> Any:
    """The billing/shipping address of salesOrdersImport.yaml as the import's own address model."""
    return model(
        name="Café Morgenrot UG",
        contact_person="Jana Beispiel",
        department="",
        sub_department="",
        street="Musterstraße 12",
        zip_code=zip_code,
        city="Berlin",
        state="",
        country="DE",
        gln="",
    )


def shop_order(**changes: Any) -> dict[str, Any]:
    """The keyword arguments of the order in salesOrdersImport.yaml, with `changes` applied."""
    quantity = changes.pop("quantity", 6)
    shipping_zip = changes.pop("shipping_zip", "10115")
    order: dict[str, Any] = dict(
        date=dt.date(2024, 11, 18),
        external_order_number="SW-100982",
        external_order_id="a41f0c3e9d",
        transaction_number="PP-4GX71822KL",
        customer_order_number="B-2024-311",
        auto_create_documents="deliveryNote+invoice",
        vat_check=True,
        desired_delivery_date=dt.date(2024, 11, 22),
        desired_delivery_date_as_calendar_week=False,
        tags=[models.Reference(id="4")],
        customer=models.Reference(id="10007"),
        project=models.Reference(id="1"),
        sales_channel=models.Reference(id="2"),
        language=models.Language(iso2="DE"),
        financials=models.SalesOrderImportFinancials(
            payment_method=models.Reference(id="3"),
            currency="EUR",
            billing_address=address(models.SalesOrderImportFinancialsBillingAddress),
        ),
        delivery=models.SalesOrderImportDelivery(
            shipping_method=models.Reference(id="2"),
            shipping_address=address(models.SalesOrderImportDeliveryShippingAddress, shipping_zip),
            email="bestellung@cafe-morgenrot.example",
            auto_shipping=False,
        ),
        positions=[
            models.SalesOrderImportPositionsItem(
                product=models.SalesOrderImportPositionsItemProduct(id="1042"),
                quantity=quantity,
                price=models.SalesOrderImportPositionsItemPrice(amount="20.47", currency="EUR"),
            )
        ],
    )
    return {**order, **changes}


def test_v1_product_sync_walks_three_filtered_pages(mock_url: str) -> None:
    wire = Wire()
    xe = client(mock_url, wire, "v1-product-sync")

    products = list(xe.products.list(filter=FILTER, order=ORDER, page_size="2"))

    assert [p.name for p in products] == [
        "Funktionsshirt Laufen Herren blau L",
        "Kapuzensweatshirt Bio grau M",
        "Langarmshirt Bio-Baumwolle weiß M",
        "Poloshirt Piqué marine XL",
        "Sweatshirt Rundhals anthrazit L",
    ]
    assert all(isinstance(p, models.Product) for p in products)
    assert products[1].sales_price_gross is not None and products[1].sales_price_gross.amount == Decimal("49.90")
    pages = wire.sent("GET", "/api/v1/products")
    # page 1 without page[number]; then 2 and 3; stopped by extra.totalCount (5 = 2 + 2 + 1), no 4th request
    assert [query(r) for r in pages] == [
        FILTER_QUERY,
        {"page[number]": "2", **FILTER_QUERY},
        {"page[number]": "3", **FILTER_QUERY},
    ]
    assert [status for _, status, _ in wire.exchanges] == [200, 200, 200]
    assert all(r.headers["authorization"] == "Bearer e2e-session-token" for r in pages)


def test_v1_order_session_create_dispatch_invoice_and_validation_error(mock_url: str) -> None:
    wire = Wire()
    xe = client(mock_url, wire, "v1-order")

    created = xe.sales_orders.create(**shop_order())
    assert created == Created(id="5170", location="https://acme.xentral.biz/api/v1/salesOrders/5170")
    sent = wire.last()
    assert (sent.method, sent.url.path) == ("POST", "/api/v1/salesOrders/actions/import")
    assert body(sent)["positions"] == [{"product": {"id": "1042"}, "quantity": 6, "price": {"amount": "20.47", "currency": "EUR"}}]

    assert created.id is not None
    assert xe.sales_orders.dispatch(created.id) is None
    assert (wire.last().method, wire.last().url.path, wire.exchanges[-1][1]) == ("POST", "/api/v1/salesOrders/5170/actions/dispatch", 204)

    pdf = xe.invoices.pdf("3301")
    assert isinstance(pdf, bytes)
    assert wire.last().headers["accept"] == "application/pdf"
    # the bytes themselves: test_v1_invoice_pdf_download

    with pytest.raises(BadRequestError) as info:
        xe.sales_orders.create(
            **shop_order(
                external_order_number="SW-100983",
                external_order_id="b52e1d4fa0",
                transaction_number="PP-7HQ20931MN",
                customer_order_number="B-2024-312",
                quantity=0,
                shipping_zip="1011",
            )
        )
    error = info.value
    assert error.status_code == 400
    # The 400 is a oneOf of problem types; the runtime hands over the member that matched.
    assert isinstance(error.body, models.ProblemRequestValidation)
    problem = error.body
    assert isinstance(problem, models.ProblemRequestValidation)
    assert problem.type.value == "https://api.xentral.biz/problems/request-validation"
    # the payload mirrored, each invalid value replaced by its messages (the published problem shape)
    assert problem.violations.root == {
        "positions": [{"quantity": ["This value should be greater than 0."]}],
        "delivery": {"shippingAddress": {"zipCode": ["This value is not a valid postal code for DE."]}},
    }
    assert "Request payload validation failed." in str(error)
    assert "e2e-session-token" not in str(error)


def test_v1_invoice_pdf_download(mock_url: str) -> None:
    wire = Wire()
    xe = client(mock_url, wire, "v1-invoice-pdf")

    pdf = xe.invoices.pdf("3301")

    assert wire.last().headers["accept"] == "application/pdf"
    assert pdf.startswith(b"%PDF")


def test_v1_rate_limited_get_is_waited_out() -> None:
    """429:0.5 with seed 1: the first draw (0.134) answers 429 with Retry-After: 1, the second (0.847) passes."""
    wire = Wire()
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        time.sleep(seconds)

    with running_mock("xentral", faults="429:0.5", seed=1) as base_url:
        xe = client(base_url, wire, "v1-429", _sleep=sleep)
        started = time.monotonic()
        raw = xe.products.with_raw_response.retrieve("1042")
        elapsed = time.monotonic() - started

    assert raw.status_code == 200
    assert raw.retries_taken == 1
    assert raw.parse().name == "Screw M10x20"  # the vendor's published example (productsView.yaml)
    assert [(r.url.path, status, headers.get("retry-after")) for r, status, headers in wire.exchanges] == [
        ("/api/v1/products/1042", 429, "1"),
        ("/api/v1/products/1042", 200, None),
    ]
    assert waits == [1.0]  # Retry-After wins over the 0.5 s backoff
    assert elapsed >= 1.0


def test_v1_client_keeps_under_100_requests_per_minute(mock_url: str) -> None:
    """The limit comes from the spec's x-rate-limit; a fake clock shows the 101st request waits for the window."""
    now = [1_000.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    wire = Wire()
    xe = client(mock_url, wire, "v1-rate-limit", _clock=lambda: now[0], _sleep=sleep)
    assert xe._limiter is not None and xe._limiter.limit == RateLimit(requests=100, period=60.0)

    for _ in range(100):
        xe.products.retrieve("1042")
    assert waits == []
    xe.products.retrieve("1042")

    assert waits == [60.0]
    assert len(wire.exchanges) == 101 and {status for _, status, _ in wire.exchanges} == {200}


# ------------------------------------------------------------------------------------------------
# V3


def v3_order(**changes: Any) -> dict[str, Any]:
    """The keyword arguments of the order in v3SalesOrdersCreate.yaml, with `changes` applied."""
    quantities = changes.pop("quantities", (6, 3))
    order: dict[str, Any] = dict(
        address=models.V3Reference(id="318"),
        document_date=dt.date(2024, 5, 6),
        language="de",
        project=models.V3NullableReference(id="1"),
        tags=[models.V3TagReference(title="B2B")],
        line_items=[
            models.V3LineItemCreate(
                product=models.V3Reference(id="1021"), quantity=quantities[0], price={"net": {"amount": 24.9, "currency": "EUR"}}
            ),
            models.V3LineItemCreate(product=models.V3Reference(id="1022"), quantity=quantities[1]),
        ],
        external_order_number="SHOP-100482",
        customer_order_number="B-2024-117",
        shipping_method=models.V3Reference(id="2"),
        desired_delivery_date=dt.date(2024, 5, 10),
        create_documents="deliveryNoteAndInvoice",
    )
    return {**order, **changes}


def test_v3_session_order_release_invoices_and_purchase_orders(mock_url: str) -> None:
    wire = Wire()
    xe = client(mock_url, wire, "v3-session")

    order = xe.v3.sales_orders.create(**v3_order())
    assert isinstance(order, models.V3SalesOrder)  # unwrapped from {data: ...}
    assert (order.id, order.status, order.customer_number) == ("5012", models.V3SalesOrderStatus.DRAFT, "10318")
    assert (wire.last().method, wire.last().url.path, wire.exchanges[-1][1]) == ("POST", "/api/v3/salesOrders", 201)

    assert xe.v3.sales_orders.release(order.id) is None
    assert (wire.last().method, wire.last().url.path, wire.exchanges[-1][1]) == ("PATCH", "/api/v3/salesOrders/5012/actions/release", 204)

    invoices = list(xe.v3.invoices.list(per_page=2))
    assert [i.id for i in invoices] == ["7301", "7302", "7303", "7304", "7305"]
    assert all(isinstance(i, models.V3Invoice) for i in invoices)
    pages = wire.sent("GET", "/api/v3/invoices")
    assert [query(r) for r in pages] == [
        {"perPage": "2"},
        {"perPage": "2", "cursor": "eyJpZCI6NzMwMiwiX3BvaW50c1RvTmV4dEl0ZW1zIjp0cnVlfQ"},
        {"perPage": "2", "cursor": "eyJpZCI6NzMwNCwiX3BvaW50c1RvTmV4dEl0ZW1zIjp0cnVlfQ"},
    ]
    assert all(r.headers["x-pagination"] == "cursor" for r in pages)  # the header parameter's default, never passed

    assert xe.v3.purchase_orders.cancel("3307") is None
    assert (wire.last().method, wire.last().url.path, wire.exchanges[-1][1]) == ("PATCH", "/api/v3/purchaseOrders/3307/actions/cancel", 204)

    with pytest.raises(ConflictError) as info:
        xe.v3.purchase_orders.cancel("3291")
    error = info.value
    assert error.status_code == 409
    assert error.response.headers["content-type"] == "application/problem+json"
    problem = error.body  # V3 answers 409 with one problem shape (published: type, title, detail), no union
    assert isinstance(problem, models.V3ProblemStateConflict)
    assert problem.type == "https://api.xentral.biz/problems/invalid-status"
    assert problem.detail == "Purchase order BE-2024-00291 is completed and can no longer be cancelled."
    assert error.error_code == "https://api.xentral.biz/problems/invalid-status"
    assert "BE-2024-00291 is completed" in str(error)


def test_v3_recorded_validation_error_is_answered(mock_url: str) -> None:
    xe = client(mock_url, Wire(), "v3-validation")

    with pytest.raises(BadRequestError) as info:
        xe.v3.sales_orders.create(**v3_order(address=models.V3Reference(id="99999"), quantities=(6, 0)))

    error = info.value
    assert isinstance(error.body, models.V3ProblemRequestValidation)
    assert error.body.violations.root["lineItems.1.quantity"] == ["The lineItems.1.quantity field must be greater than 0."]
