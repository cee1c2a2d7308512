"""End to end: a scripted InvoiceXpress session through the generated client against the mock vendor.

Everything goes over real sockets: `running_mock("invoicexpress")` serves the recordings on 127.0.0.1 and
the generated `InvoiceXpress` client talks to it through a real `httpx.HTTPTransport`, wrapped only to
keep a log of what went over the wire. The runtime's injectable `_sleep` records the waits (polling,
backoff) instead of waiting, so the whole module runs in a few seconds.

The session: create a client, create an invoice receipt with a `proprietary_uid`, finalize it, list the
month's invoices across two pages, ask for an invoice's PDF and poll 202 -> 202 -> 200, register a
partial payment on that invoice, and cancel the invoice receipt with a reason. Around it: dates typed as
`datetime.date`, the API key only in the query string (never in logs, reprs or errors), a duplicate
`proprietary_uid` as `ConflictError`, and the retry rule for writes on a 503.

Recordings used: createClient, createInvoice__invoice_receipts, changeInvoiceState__invoice_receipts,
listInvoices__page1/__page2, generatePdf__pending1/__pending2/__ready, generatePayment,
changeInvoiceState__invoice_receipts_canceled, createInvoice__duplicate_uid, getInvoice__not_found,
listClients.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import traceback
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import httpx
import pytest

from generator.mock import running_mock
from tests.e2e.wire import AsyncWireLog, Exchange, WireLog

ix_package = pytest.importorskip("invoicexpress_client", reason="generated/invoicexpress is not generated yet")

from invoicexpress_client import (  # noqa: E402
    AsyncInvoiceXpress,
    ConflictError,
    InternalServerError,
    InvoiceXpress,
    NotFoundError,
    models,
)

pytestmark = [pytest.mark.slow]

API_KEY = "ixk-7f3c9a1e5b2d4c6f8a0e-e2e"  # distinctive, so any leak is found by a plain substring search
ACCOUNT = "padaria-exemplo"
PDF_URL = "https://files.invoicexpress.example/pdfs/padaria-exemplo/FT-A2024-7.pdf"
MARCH = {
    "type": ["Invoice", "InvoiceReceipt"],
    "status": ["sent", "settled"],
    "non_archived": True,
    "date_from": dt.date(2024, 3, 1),
    "date_to": dt.date(2024, 3, 31),
    "per_page": 10,
}


# ------------------------------------------------------------------------------------------- harness
@dataclass
class Harness:
    ix: InvoiceXpress
    wire: WireLog
    sleeps: list[float] = field(default_factory=list)

    def on(self, path: str) -> list[Exchange]:
        return [e for e in self.wire.exchanges if e.path == path]


def make_harness(base_url: str) -> Harness:
    wire = WireLog()
    sleeps: list[float] = []
    ix = InvoiceXpress(account_name=ACCOUNT, api_key=API_KEY, base_url=base_url, transport=wire, _sleep=sleeps.append)
    return Harness(ix, wire, sleeps)


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    with running_mock("invoicexpress") as base_url:
        yield base_url


@pytest.fixture
def session(mock_url: str) -> Iterator[Harness]:
    """A fresh client on the shared mock, with every replay sequence restarted."""
    assert httpx.post(f"{mock_url}/__mock__/reset", timeout=5).status_code == 200
    harness = make_harness(mock_url)
    with harness.ix:
        yield harness


def cafe_ficcao() -> models.DocumentClientInput:
    return models.DocumentClientInput(
        name="Café Ficção, Lda",
        code="CLI-0042",
        email="contabilidade@cafe-ficcao.example.pt",
        address="Rua Augusta, 100, 2.º",
        city="Lisboa",
        postal_code="1100-053",
        fiscal_id="509876544",
        country="Portugal",
    )


def pasteis(quantity: float = 12) -> list[models.LineInput]:
    return [
        models.LineInput(
            name="Pastéis de nata (caixa de 6)",
            description="Caixa de seis pastéis de nata",
            unit_price=6.5,
            quantity=quantity,
            unit="unit",
            tax=models.TaxRef(name="IVA13"),
        )
    ]


def consultoria() -> list[models.LineInput]:
    return [
        models.LineInput(
            name="Consultoria informática",
            description="Apoio técnico remoto, março 2024",
            unit_price=45.0,
            quantity=2,
            unit="hour",
            tax=models.TaxRef(name="IVA23"),
        )
    ]


def assert_dates(document: models.Document) -> None:
    for name in ("date", "due_date"):
        value = getattr(document, name)
        assert type(value) is dt.date, f"{document.id}.{name} is {value!r}, not a datetime.date"


# ------------------------------------------------------------------------------------------- session
def test_scripted_session(session: Harness) -> None:
    ix = session.ix

    # 1. a client
    client = ix.clients.create(
        name="Café Ficção, Lda",
        code="CLI-0042",
        email="contabilidade@cafe-ficcao.example.pt",
        address="Rua Augusta, 100, 2.º",
        city="Lisboa",
        postal_code="1100-053",
        fiscal_id="509876544",
        country="Portugal",
        language="pt",
    )
    assert (client.id, client.name, client.fiscal_id) == (1310421, "Café Ficção, Lda", "509876544")  # id arrives as "1310421"

    # 2. an invoice receipt, created idempotently
    uid = uuid.uuid4().hex
    draft = ix.invoice_receipts.create(
        date=dt.date(2024, 3, 15), due_date=dt.date(2024, 3, 15), client=cafe_ficcao(), items=pasteis(), proprietary_uid=uid
    )
    assert (draft.id, draft.status, draft.type, draft.total) == (30510002, "draft", "InvoiceReceipt", Decimal("88.14"))
    assert draft.date == dt.date(2024, 3, 15)
    assert_dates(draft)
    sent = session.on("/invoice_receipts.json")[-1].json()
    assert sent["proprietary_uid"] == uid  # beside `invoice`, not inside it
    assert (sent["invoice"]["date"], sent["invoice"]["due_date"]) == ("15/03/2024", "15/03/2024")  # x-date-format on the wire
    assert sent["invoice"]["client"]["code"] == "CLI-0042"

    # 3. finalize it (an invoice receipt goes straight to settled)
    final = ix.invoice_receipts.change_state(draft.id, state="finalized")
    assert (final.id, final.status, final.sequence_number) == (draft.id, "settled", "3/A2024")
    assert final.atcud and final.saft_hash
    assert_dates(final)
    assert final.model_dump(mode="json", by_alias=True, exclude_none=True)["date"] == "15/03/2024"  # dumps back in the vendor format

    # 4. the month's invoices, two pages of the shared list
    documents = list(ix.invoices.list(**MARCH))
    assert len(documents) == 12
    assert len({d.id for d in documents}) == 12
    assert {final.id, 30510001} <= {d.id for d in documents}
    for document in documents:
        assert_dates(document)
        assert document.date is not None and dt.date(2024, 3, 1) <= document.date <= dt.date(2024, 3, 31)
    first, second = session.on("/invoices.json")
    assert first.param("page") is None and second.param("page") == "2"  # page 2 because total_pages says so
    for page in (first, second):
        assert page.param("per_page") == "10"
        assert (page.param("date[from]"), page.param("date[to]")) == ("01/03/2024", "31/03/2024")
        assert [v for k, v in page.items if k == "type[]"] == ["Invoice", "InvoiceReceipt"]  # exploded array, wire names

    # 5. an invoice's PDF: 202, 202, then 200 with the URL; the runtime waited 1 s, then 1.5 s (never really)
    invoice = next(d for d in documents if d.type == "Invoice" and d.status == "final")
    assert invoice.id == 30510001
    output = ix.pdf.generate(invoice.id, second_copy=False, wait=True)
    assert output is not None and output.pdf_url == PDF_URL
    assert [e.status for e in session.on(f"/api/pdf/{invoice.id}.json")] == [202, 202, 200]
    assert session.sleeps == [1.0, 1.5]

    # 6. a partial payment on that invoice: its receipt comes back
    receipt = ix.documents.create_partial_payment(
        invoice.id,
        amount=50.0,
        payment_mechanism="TB",
        note="Transferência recebida a 20/03/2024",
        serie="R2024",
        payment_date=dt.date(2024, 3, 20),
    )
    assert (receipt.type, receipt.status, receipt.total, receipt.date) == ("Receipt", "final", 50.0, dt.date(2024, 3, 20))
    paid = session.on(f"/documents/{invoice.id}/partial_payments.json")[-1].json()
    assert paid == {
        "partial_payment": {
            "amount": 50.0,
            "payment_mechanism": "TB",
            "note": "Transferência recebida a 20/03/2024",
            "serie": "R2024",
            "payment_date": "20/03/2024",
        }
    }

    # 7. cancel the invoice receipt, with the reason the vendor requires
    reason = "Fatura-recibo emitida em duplicado"
    canceled = ix.invoice_receipts.change_state(final.id, state="canceled", message=reason)
    assert (canceled.id, canceled.status) == (final.id, "canceled")
    assert session.on(f"/invoice_receipts/{final.id}/change-state.json")[-1].json() == {"invoice": {"state": "canceled", "message": reason}}

    # the whole conversation: 10 requests, each answered as recorded, the key always (and only) in the query
    assert [(e.method, e.status) for e in session.wire.exchanges] == [
        ("POST", 201), ("POST", 201), ("PUT", 200), ("GET", 200), ("GET", 200),
        ("GET", 202), ("GET", 202), ("GET", 200), ("POST", 200), ("PUT", 200),
    ]  # fmt: skip
    for exchange in session.wire.exchanges:
        assert exchange.param("api_key") == API_KEY
        assert API_KEY not in str(list(exchange.headers.items())) and API_KEY.encode() not in exchange.body


def test_pdf_without_wait_returns_none_while_pending(session: Harness) -> None:
    """Without `wait` each 202 gives None; the mock answers the three recordings in order, then the last."""
    ix = session.ix
    assert ix.pdf.generate(30510001, second_copy=False) is None
    assert ix.pdf.generate(30510001, second_copy=False) is None
    ready = ix.pdf.generate(30510001, second_copy=False)
    assert ready is not None and ready.pdf_url == PDF_URL
    again = ix.pdf.generate(30510001, second_copy=False, wait=True)
    assert again is not None and again.pdf_url == PDF_URL
    assert [e.status for e in session.wire.exchanges] == [202, 202, 200, 200]
    assert session.sleeps == []


# ------------------------------------------------------------------------------------- errors
def duplicate_create(ix: Any) -> Any:
    """The request of createInvoice__duplicate_uid: an invoice whose proprietary_uid is still in flight."""
    return ix.invoices.create(
        date=dt.date(2024, 3, 15),
        due_date=dt.date(2024, 4, 14),
        reference="PO-2024-118",
        client=cafe_ficcao(),
        items=consultoria(),
        proprietary_uid="erp-order-2024-000118",
    )


def test_duplicate_proprietary_uid_is_a_conflict_error(session: Harness) -> None:
    duplicate_create(session.ix)  # the first create with this uid is accepted; the mock remembers it
    with pytest.raises(ConflictError) as info:
        duplicate_create(session.ix)
    error = info.value
    assert error.status_code == 409
    assert isinstance(error.body, models.ConflictResponse)
    assert error.body.reason == "There's an ongoing document creation with the provided UID erp-order-2024-000118"
    assert error.error_message == error.body.reason and error.body.reason in str(error)
    # idempotent and with max_retries=2, but a 409 is an answer, not a failure: sent exactly once
    assert [(e.path, e.status) for e in session.wire.exchanges] == [("/invoices.json", 201), ("/invoices.json", 409)]
    assert session.sleeps == []


def test_create_with_proprietary_uid_is_retried_on_503_with_the_same_uid() -> None:
    # seed 8 makes the fault RNG's first three draws 503, pass, 503 (one draw per request)
    with running_mock("invoicexpress", faults="503:0.5", seed=8) as base_url:
        harness = make_harness(base_url)
        uid = uuid.uuid4().hex
        created = harness.ix.invoice_receipts.create(
            date=dt.date(2024, 3, 15), due_date=dt.date(2024, 3, 15), client=cafe_ficcao(), items=pasteis(), proprietary_uid=uid
        )
        assert created.id == 30510002
        attempts = harness.wire.exchanges
        assert [e.status for e in attempts] == [503, 201]
        assert attempts[0].body == attempts[1].body  # the body is encoded once: the same uid both times
        assert attempts[0].json()["proprietary_uid"] == uid
        assert len(harness.sleeps) == 1 and 0.375 <= harness.sleeps[0] <= 0.5  # first backoff: 0.5 s less up to 25 % jitter

        # the same write without a proprietary_uid may already have happened: surfaced, never repeated
        harness.wire.exchanges.clear()
        with pytest.raises(InternalServerError) as info:
            harness.ix.invoice_receipts.create(
                date=dt.date(2024, 3, 15), due_date=dt.date(2024, 3, 15), client=cafe_ficcao(), items=pasteis()
            )
        assert info.value.status_code == 503
        assert info.value.error_message == "injected fault: 503"  # the vendor's {errors: {error}} shape, parsed
        assert [e.status for e in harness.wire.exchanges] == [503]
        assert "proprietary_uid" not in harness.wire.exchanges[0].json()
        assert len(harness.sleeps) == 1
        harness.ix.close()


# ----------------------------------------------------------------------------------- secrets
@pytest.fixture
def debug_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[logging.Logger]:
    """INVOICEXPRESS_CLIENT_LOG=debug, and the client logger put back as it was afterwards (the handler the
    runtime adds writes to this test's captured stderr, which is gone after it)."""
    monkeypatch.setenv("INVOICEXPRESS_CLIENT_LOG", "debug")
    logger = logging.getLogger("invoicexpress_client")
    level, handlers = logger.level, list(logger.handlers)
    for handler in handlers:
        logger.removeHandler(handler)
    try:
        yield logger
    finally:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        for handler in handlers:
            logger.addHandler(handler)
        logger.setLevel(level)


def test_api_key_travels_in_the_query_and_nowhere_else(
    mock_url: str, debug_env: logging.Logger, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    httpx.post(f"{mock_url}/__mock__/reset", timeout=5)
    caplog.set_level(logging.DEBUG)  # every logger: the client's, httpx's and httpcore's
    harness = make_harness(mock_url)
    ix = harness.ix
    assert debug_env.level == logging.DEBUG and debug_env.handlers, "INVOICEXPRESS_CLIENT_LOG=debug was not honoured"

    printed: list[str] = [repr(ix), repr(ix.with_options(max_retries=0))]
    ix.clients.create(name="Café Ficção, Lda", code="CLI-0042")
    output = ix.pdf.generate(30510001, second_copy=False, wait=True)
    assert output is not None
    pager = ix.invoices.list(**MARCH)
    printed.append(repr(pager))
    assert len(list(pager)) == 12
    raw = ix.invoice_receipts.with_raw_response.change_state(30510002, state="finalized")
    printed += [repr(raw), repr(raw.parse())]
    errors: list[BaseException] = []
    duplicate_create(ix)
    with pytest.raises(ConflictError) as conflict:
        duplicate_create(ix)
    errors.append(conflict.value)
    with pytest.raises(NotFoundError) as missing:
        ix.invoices.retrieve(39999999)
    errors.append(missing.value)
    for error in errors:
        printed += [str(error), repr(error), "".join(traceback.format_exception(error))]

    logged = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    stderr = capfd.readouterr().err
    assert "api_key=<redacted>" in logged  # the URLs were logged, with the key masked
    assert "request POST" in logged and "response headers=" in logged  # DEBUG lines, bodies included
    assert "HTTP Request: GET" in logged and "send_request_headers" in logged  # httpx's and httpcore's own lines too
    assert "api_key=<redacted>" in stderr  # the env var's stderr handler printed them too
    for where, text in [("logs", logged), ("stderr", stderr), *(("repr/str/traceback", p) for p in printed)]:
        assert API_KEY not in text, f"the API key leaked into {where}: {text[:300]}"
    # ...while every request did carry it, as a query parameter
    assert len(harness.wire.exchanges) == 1 + 3 + 2 + 1 + 2 + 1
    assert all(e.param("api_key") == API_KEY for e in harness.wire.exchanges)
    harness.ix.close()


# -------------------------------------------------------------------------------------- async
def test_async_client_polls_pages_and_raises_typed_errors(mock_url: str) -> None:
    """The same machinery through AsyncInvoiceXpress: polling with an async sleep, async pages, errors."""
    httpx.post(f"{mock_url}/__mock__/reset", timeout=5)
    wire = AsyncWireLog()
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async def scenario() -> None:
        async with AsyncInvoiceXpress(account_name=ACCOUNT, api_key=API_KEY, base_url=mock_url, transport=wire, _sleep=fake_sleep) as ix:
            output = await ix.pdf.generate(30510001, second_copy=False, wait=True)
            assert output is not None and output.pdf_url == PDF_URL
            pages = [page async for page in ix.invoices.list(**MARCH).iter_pages()]
            assert [len(page.items) for page in pages] == [10, 2]
            assert all(type(d.date) is dt.date for page in pages for d in page.items)
            await duplicate_create(ix)
            with pytest.raises(ConflictError):
                await duplicate_create(ix)

    asyncio.run(scenario())
    assert sleeps == [1.0, 1.5]
    assert [e.status for e in wire.exchanges] == [202, 202, 200, 200, 200, 201, 409]


# ------------------------------------------------------------------------------------- found bugs
def test_first_page_without_a_page_number_gets_the_recorded_first_page(session: Harness) -> None:
    clients = list(session.ix.clients.list())  # GET /clients.json, no page, no per_page
    assert [c.name for c in clients] == ["Café Ficção, Lda", "Maria Exemplo Santos"]  # listClients.yaml (page '1')
