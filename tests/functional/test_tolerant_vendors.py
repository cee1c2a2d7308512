"""The real vendor packages (generated/) answered with real-world-shaped bodies (../shared/vendor-docs/README.md,
"What real traffic shows", written here by hand): the call succeeds, the JSON dump is exactly the body (ints stay
ints), every deviation is reported once and raises with strict=True. Assertions are about the contract, not
about which fields the (evolving) specs declare."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest


def wire(value: Any) -> str:
    """JSON text with sorted keys: 22 and 22.0, "22" and 22 differ (a dict == would not tell 22 from 22.0)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


XENTRAL_ORDER: dict[str, Any] = {
    "id": "44",
    "documentNumber": "AB-200044",
    "status": "sent",
    "date": "0000-00-00",
    "language": {"iso2": "DE"},
    "createdBy": {"name": "Ana Silva"},
    "customer": {"id": "12"},
    "positions": [
        {"id": 7, "product": {"id": 31}, "quantity": 2, "price": {"amount": "83.16", "currency": "EUR"}},
        {"id": 8, "product": {"sku": "TS-BLUE"}, "quantity": 1.5, "price": {"amount": 12, "currency": "EUR"}},
    ],
    "netSales": 70,
    "total": {"amount": 83.16, "currency": "EUR"},
    "updatedAt": "2024-08-13 12:01:14",
}

IX_INVOICE: dict[str, Any] = {
    "id": 8765,
    "status": "draft",
    "archived": False,
    "type": "Invoice",
    "sequence_number": "rascunho",
    "sequence_id": 1234,
    "date": "13/08/2024",
    "due_date": "12/09/2024",
    "sum": 10,
    "discount": 0.0,
    "before_taxes": 10,
    "taxes": 2.3,
    "total": 12.3,
    "currency": "Euro",
    "client": {"id": 55, "name": "Ana", "send_options": 1, "payment_days": 30},
    "items": [{"name": "Coffee", "unit_price": "10.0", "quantity": "1.0", "tax": {"id": 1, "name": "IVA23", "value": ""}}],
}


def _handler(path_part: str, body: Any) -> Callable[[httpx.Request], httpx.Response]:
    def handle(request: httpx.Request) -> httpx.Response:
        assert path_part in request.url.path
        return httpx.Response(200, json=body)

    return handle


def _xentral(**kwargs: Any) -> Any:
    import xentral_client

    answer = {"data": XENTRAL_ORDER, "extra": {"totalCount": 1}}
    client = xentral_client.Xentral(
        xentral_id="acme",
        token="1|s3cr3t-token-value",
        transport=httpx.MockTransport(_handler("/salesOrders/44", answer)),
        max_retries=0,
        **kwargs,
    )
    return xentral_client, lambda c: c.sales_orders.retrieve("44"), client, XENTRAL_ORDER


def _invoicexpress(**kwargs: Any) -> Any:
    import invoicexpress_client

    answer = {"invoice": IX_INVOICE}
    client = invoicexpress_client.InvoiceXpress(
        account_name="acme",
        api_key="ix-s3cr3t-api-key",
        transport=httpx.MockTransport(_handler("/invoices/8765", answer)),
        max_retries=0,
        **kwargs,
    )
    return invoicexpress_client, lambda c: c.invoices.retrieve(8765), client, IX_INVOICE


VENDORS = {"xentral": _xentral, "invoicexpress": _invoicexpress}


@pytest.mark.parametrize("vendor", sorted(VENDORS))
def test_messy_answer_through_the_vendor_package(vendor: str, caplog: pytest.LogCaptureFixture) -> None:
    package, call, client, body = VENDORS[vendor]()
    with caplog.at_level(logging.WARNING):
        result = call(client)  # must not raise: the call succeeded on the server
    assert wire(result.model_dump(mode="json", by_alias=True, exclude_unset=True)) == wire(body)
    assert wire(json.loads(result.model_dump_json(by_alias=True, exclude_unset=True))) == wire(body)
    issues = result.validation_issues
    assert issues, "these bodies deviate from any published description; the deviations must be reported"
    assert package.validation_issues(result) == issues
    assert len([r for r in caplog.records if r.levelno == logging.WARNING and "validation issue" in r.getMessage()]) == 1
    assert all(issue.pointer.startswith("/") for issue in issues)
    _, _, strict, _ = VENDORS[vendor](strict=True)
    with pytest.raises(package.APIResponseValidationError) as info:
        call(strict)
    assert issues[0].pointer in str(info.value)
    assert "s3cr3t" not in str(info.value) and "s3cr3t" not in repr(info.value)


def test_unknown_status_is_an_open_enum_member() -> None:
    package, call, client, _ = _xentral()
    order = call(client)
    assert isinstance(order.status, package.models.SalesOrderStatus) and order.status == "sent"
    assert any(i.pointer == "/status" and "enum" in i.message for i in order.validation_issues)


def test_ints_stay_ints_in_vendor_models() -> None:
    _package, call, client, _body = _invoicexpress()
    invoice = call(client)
    dumped = invoice.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert type(dumped["sum"]) is int and type(dumped["before_taxes"]) is int and type(dumped["discount"]) is float
