"""A scripted Gestix session: the generated client against the mock server over real sockets.

helo -> status -> create customer -> create invoice -> customers across two skip/limit pages -> invoice PDF
-> the mock expires every token -> the next calls log in again (GET /helo) and still succeed. Along the way:
every POST carries a fresh, strictly increasing nonce (also the POST repeated after the re-login), a
recorded 400 apiError arrives as a typed exception, and the username+password constructor logs in with
POST /auth instead of GET /helo.

Answers come from tests/recordings/gestix/ (listCustomers__page2.yaml holds the second customers page).
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gestix_client import BadRequestError, Gestix, GestixError, models

from generator.mock import running_mock
from tests.e2e.wire import WireLog, expire_tokens

pytestmark = pytest.mark.slow  # the end-to-end tier, left out of `make test-fast`

RECORDINGS = Path(__file__).resolve().parents[1] / "recordings" / "gestix"
ACCOUNT = "03101176"


@pytest.fixture
def mock_url() -> Iterator[str]:
    with running_mock("gestix") as base_url:
        yield base_url


def billing_address() -> models.PostalAddress:
    return models.PostalAddress(postal_address="Rua da Liberdade 1", city="Lisboa", zip_code="1000-001", country="PT")


def invoice_arguments(**changes: Any) -> dict[str, Any]:
    """The invoice of tests/recordings/gestix/createInvoice.yaml, as keyword arguments."""
    arguments: dict[str, Any] = {
        "document_set": "FT",
        "seq_number": "FT2024/1002",
        "date": dt.date(2024, 11, 15),
        "currency": "EUR",
        "net_amount": 1000.0,
        "vat": 230.0,
        "total_amount": 1230.0,
        "payment_type": "Transferência Bancária",
        "customer": models.ThirdParty(name="Exemplo Comércio Lda", vat_id="PT123456789", billing_address=billing_address()),
        "items": [
            models.DocumentLine(
                item_code="CONSULT", description="Serviços de consultoria - novembro 2024", qty=2.0, unit_price=500.0, vat=23.0
            )
        ],
    }
    return {**arguments, **changes}


def nonces(wire: WireLog) -> list[int]:
    """The nonce of every POST that needs one (all but POST /auth), in sending order."""
    posts = [e for e in wire.exchanges if e.method == "POST" and e.path != "/auth"]
    assert all("nonce" in e.query for e in posts), [e for e in posts if "nonce" not in e.query]
    assert all(e.query["nonce"].isdigit() for e in posts), [e.query["nonce"] for e in posts]
    return [int(e.query["nonce"]) for e in posts]


def test_scripted_session(mock_url: str, wire: WireLog) -> None:
    started_ms = int(time.time() * 1000)
    gx = Gestix(account=ACCOUNT, api_token="example-api-token", base_url=mock_url, transport=wire, max_retries=0)

    # helo: the API token buys a session token (the mock issues fresh ones, never the recorded one)
    token = gx.session.helo()
    assert isinstance(token, models.SessionToken)
    assert token.xa_token.startswith("mock-session-")
    assert wire.exchanges[-1].authorization == "Bearer example-api-token"

    # status: the first call that needs a session logs in by itself, then sends the session token
    mark = len(wire.exchanges)
    status = gx.system.status()
    assert isinstance(status, models.StatusResponse)
    assert status.status.startswith("ready")
    assert status.versions.called_api_version == "v4.0.0"
    assert wire.since(mark) == [("GET", "/helo", 200), ("GET", "/status", 200)]
    session = wire.exchanges[-1].authorization
    assert session.startswith("Bearer mock-session-") and session != f"Bearer {token.xa_token}"

    # create a customer, then an invoice (both POSTs with a nonce; the mock refuses a stale one with 400)
    customer = gx.customers.create(
        name="Exemplo Comércio Lda", vat_id="PT123456789", country_iso="PT", email="faturacao@exemplo.pt", billing_address=billing_address()
    )
    assert isinstance(customer, models.EntityCreated)
    assert (customer.id, customer.entity_code) == (42, "C0042")
    invoice = gx.invoices.create(**invoice_arguments())
    assert isinstance(invoice, models.DocumentCreated)
    assert (invoice.id, invoice.document_series, invoice.document_number) == (1002, "FT", "FT2024/1002")
    assert [e.status for e in wire.calls("POST", "/customers") + wire.calls("POST", "/invoices")] == [201, 201]

    # customers across two pages: skip/limit filled in by the pager, a short page ends the list
    mark = len(wire.exchanges)
    pages = list(gx.customers.list(limit=2).iter_pages())
    assert [len(p.items) for p in pages] == [2, 1]
    assert [p.has_next_page() for p in pages] == [True, False]
    sent = [e.query for e in wire.exchanges[mark:]]
    assert sent == [{"limit": "2"}, {"skip": "2", "limit": "2"}]
    customers = list(gx.customers.list(limit=2))
    assert all(isinstance(c, models.ThirdParty) for c in customers)
    assert [(c.id, c.code) for c in customers] == [(42, "C0042"), (43, "C0043"), (44, "C0044")]
    assert customers[2].billing_address is not None and customers[2].billing_address.city == "Coimbra"

    # the invoice as PDF: GET /invoices?id=&print=1 answered with the recorded bytes
    pdf = gx.invoices.pdf(invoice.id)
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    assert pdf == (RECORDINGS / "document.pdf").read_bytes()
    assert wire.exchanges[-1].query == {"id": "1002", "print": "1"}

    # the session expires: refused once with 403, logged in again with GET /helo, repeated, answered
    helos = len(wire.calls("GET", "/helo"))
    expire_tokens(mock_url)
    mark = len(wire.exchanges)
    assert gx.system.status().status.startswith("ready")
    assert wire.since(mark) == [("GET", "/status", 403), ("GET", "/helo", 200), ("GET", "/status", 200)]
    assert len(wire.calls("GET", "/helo")) == helos + 1
    renewed = wire.exchanges[-1].authorization
    assert renewed.startswith("Bearer mock-session-") and renewed != session

    # again, on a write: the repeated POST gets a new nonce, not the refused one
    expire_tokens(mock_url)
    mark = len(wire.exchanges)
    assert gx.customers.create(name="Padaria Modelo Unipessoal Lda", vat_id="PT987654321").id == 42
    assert wire.since(mark) == [("POST", "/customers", 403), ("GET", "/helo", 200), ("POST", "/customers", 201)]
    assert len(wire.calls("GET", "/helo")) == helos + 2

    # every POST: a nonce, fresh (not below the clock at the start) and strictly increasing
    sent_nonces = nonces(wire)
    assert len(sent_nonces) == 4
    assert sent_nonces[0] >= started_ms
    assert all(a < b for a, b in itertools.pairwise(sent_nonces)), sent_nonces
    gx.close()


def test_api_error_400_is_typed(mock_url: str, wire: WireLog) -> None:
    gx = Gestix(account=ACCOUNT, api_token="example-api-token", base_url=mock_url, transport=wire)
    with pytest.raises(BadRequestError) as info:
        gx.invoices.create(**invoice_arguments(currency="EURO"))  # createInvoice__invalid_argument.yaml
    error = info.value
    assert isinstance(error, GestixError)
    assert error.status_code == 400
    assert isinstance(error.body, models.ApiError)
    assert error.body.code == "INVALID_ARGUMENT"
    assert error.body.request_id == "req-abc123"
    assert error.error_code == "INVALID_ARGUMENT"
    assert error.error_message == "Field 'currency' has an invalid value 'EURO'"
    assert error.request_id == "req-abc123"
    assert "[INVALID_ARGUMENT]" in str(error) and "req-abc123" in str(error)
    assert "example-api-token" not in str(error)
    assert [e.status for e in wire.calls("POST", "/invoices")] == [400]  # a refused write is not sent again
    gx.close()


def test_mock_validation_error_is_typed(mock_url: str, wire: WireLog) -> None:
    """A 400 the mock makes up (schema violation) has the vendor's apiError shape and arrives typed too."""
    gx = Gestix(account=ACCOUNT, api_token="example-api-token", base_url=mock_url, transport=wire)
    with pytest.raises(BadRequestError) as info:
        gx.customers.create(name="")  # thirdParty.name has minLength 1
    error = info.value
    assert isinstance(error.body, models.ApiError)
    assert error.error_code == error.body.code and error.error_code
    assert error.error_message is not None and "/name" in error.error_message
    gx.close()


def test_username_password_login_uses_post_auth(mock_url: str, wire: WireLog) -> None:
    gx = Gestix(account=ACCOUNT, username="joao.silva", password="example-password", base_url=mock_url, transport=wire)
    status = gx.system.status()
    assert status.status.startswith("ready")
    assert [(e.method, e.path, e.status) for e in wire.exchanges] == [("POST", "/auth", 200), ("GET", "/status", 200)]
    login = wire.exchanges[0]
    assert login.query == {"username": "joao.silva", "password": "example-password"}
    assert wire.exchanges[1].authorization.startswith("Bearer mock-session-")

    # the session expires: the client logs in again the same way (no API token, so never GET /helo)
    expire_tokens(mock_url)
    assert gx.customers.create(name="Exemplo Comércio Lda").id == 42
    assert [(e.method, e.path, e.status) for e in wire.exchanges[2:]] == [
        ("POST", "/customers", 403),
        ("POST", "/auth", 200),
        ("POST", "/customers", 201),
    ]
    assert not wire.calls("GET", "/helo")
    assert "example-password" not in repr(gx)
    gx.close()
