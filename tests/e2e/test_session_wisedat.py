"""A scripted Wisedat session: the generated client's RSA login and calls, end to end.

Against the mock server over real sockets: status -> RSA login (the mock's real 2048-bit key pair; the mock
can only put the user in the JWT's `sub` by decrypting the login header) -> company -> products across two
pages (pagination.number_pages stops the pager) -> retrieve one product -> create an order -> invoice PDF ->
the mock expires every token -> the next call is refused with 401, the client fetches the key, logs in again
and repeats it.

Against a small in-process handler with a key pair made here: the login header decrypts to exactly
`api_key;username;password`, `products.retrieve()` unwraps `{product: {...}}` and accepts a bare product,
and numbers the vendor sends as strings (`x-number-as-string`) parse.

Answers come from tests/recordings/wisedat/ (listProducts__page1.yaml and __page2.yaml hold the two pages).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from generator.mock import running_mock
from tests.e2e.wire import WireLog, expire_tokens

pytestmark = pytest.mark.slow  # the end-to-end tier, left out of `make test-fast`

wisedat_client = pytest.importorskip("wisedat_client")
from wisedat_client import Wisedat, models  # noqa: E402

RECORDINGS = Path(__file__).resolve().parents[1] / "recordings" / "wisedat"
API_KEY = "example-api-key"
USERNAME = "maria.silva"
PASSWORD = "example-password"


def jwt_claims(authorization: str) -> dict[str, Any]:
    scheme, _, token = authorization.partition(" ")
    assert scheme == "Bearer", authorization
    payload = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


def b64_int(value: int) -> str:
    return base64.b64encode(value.to_bytes((value.bit_length() + 7) // 8, "big")).decode("ascii")


@pytest.fixture
def mock_url() -> Iterator[str]:
    with running_mock("wisedat") as base_url:
        yield base_url


def test_scripted_session(mock_url: str, wire: WireLog) -> None:
    wd = Wisedat(api_key=API_KEY, username=USERNAME, password=PASSWORD, base_url=mock_url, transport=wire, max_retries=0)

    # status: the API key alone, answered with the mock's real public key as [modulus, exponent]
    status = wd.status.get()
    assert status.state == models.StatusState.ONLINE
    assert status.public_key is not None and len(status.public_key) == 2
    modulus = int.from_bytes(base64.b64decode(status.public_key[0]), "big")
    assert modulus.bit_length() == 2048
    assert int.from_bytes(base64.b64decode(status.public_key[1]), "big") == 65537
    assert wire.exchanges[-1].authorization == f"WDAPI {API_KEY}"

    # company: the first call that needs the session logs in by itself (key, then encrypted credentials)
    mark = len(wire.exchanges)
    company = wd.company.get()
    assert isinstance(company, models.Company)
    assert company.name == "Empresa Demonstração Exemplo, Lda." and company.tax_id == "508000009"
    assert wire.since(mark) == [("GET", "/status", 200), ("POST", "/authentication/login", 200), ("GET", "/company", 200)]
    login = wire.exchanges[mark + 1]
    scheme, _, ciphertext = login.authorization.partition(" ")
    assert scheme == "WDAPI" and len(base64.b64decode(ciphertext, validate=True)) == 256  # one RSA-2048 block
    assert login.body == b""  # the credentials travel in the header only
    assert API_KEY not in login.authorization and PASSWORD not in login.authorization
    session = wire.exchanges[-1].authorization
    # the mock names the JWT's subject after the user it decrypted from the login header
    assert jwt_claims(session)["sub"] == USERNAME

    # products across two pages; page 2 is full, so only pagination.number_pages ends the list
    mark = len(wire.exchanges)
    pages = list(wd.products.list(limit=2).iter_pages())
    assert [[p.id for p in page.items] for page in pages] == [[101, 102], [108, 115]]
    assert [page.has_next_page() for page in pages] == [True, False]
    assert [e.query for e in wire.exchanges[mark:]] == [{"limit": "2"}, {"limit": "2", "page": "2"}]
    products = list(wd.products.list(limit=2))
    assert all(isinstance(p, models.ProductSummary) for p in products)
    assert [p.name for p in products] == ["BROA500", "PAOFORMA600", "BOLOREI1KG", "ENTREGA"]
    assert products[3].type == models.ProductType.SERVICE and products[2].tax is not None and products[2].tax.value == 23.0

    # one product, answered wrapped as {product: {...}}, returned unwrapped
    product = wd.products.retrieve(101)
    assert isinstance(product, models.Product)
    assert (product.id, product.name, product.net_weight) == (101, "BROA500", 500.0)
    assert product.main_supplier is not None and product.main_supplier.code == "FORN012"
    assert wire.exchanges[-1].query == {"id": "101"}

    # an order; the mock validates the body against the spec before answering 201
    created = wd.orders.create(
        customer=42,
        series="A",
        date=dt.date(2024, 5, 13),
        expiration_date=dt.date(2024, 6, 12),
        your_reference="ENC-PADARIA-0043",
        items=[
            models.DocumentItemInput(id=101, quantity=24, price=2.5, type=models.ItemType.MERCHANDISE_OR_SERVICE, warehouse=1),
            models.DocumentItemInput(description="Portes de envio", tax="NR", price=5.0, type=models.ItemType.POSTAGE),
        ],
    )
    assert isinstance(created, models.CreatedString) and created.id == "3215"
    order = wire.calls("POST", "/orders")[-1]
    assert order.status == 201
    assert json.loads(order.body) == {
        "customer": 42,
        "series": "A",
        "date": "2024-05-13",
        "expiration_date": "2024-06-12",
        "your_reference": "ENC-PADARIA-0043",
        "items": [
            {"id": 101, "quantity": 24, "price": 2.5, "type": 1, "warehouse": 1},
            {"description": "Portes de envio", "tax": "NR", "price": 5.0, "type": 2},
        ],
    }

    # an invoice as PDF: the recorded bytes
    pdf = wd.sales_invoices.pdf(id="3518")
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    assert pdf == (RECORDINGS / "getSalesInvoicePdf.pdf").read_bytes()

    # the token expires: 401, key fetched again, new login, the call repeated with the new JWT
    logins = len(wire.calls("POST", "/authentication/login"))
    expire_tokens(mock_url)
    mark = len(wire.exchanges)
    assert wd.company.get().tax_id == "508000009"
    assert wire.since(mark) == [
        ("GET", "/company", 401),
        ("GET", "/status", 200),
        ("POST", "/authentication/login", 200),
        ("GET", "/company", 200),
    ]
    assert len(wire.calls("POST", "/authentication/login")) == logins + 1
    renewed = wire.exchanges[-1].authorization
    assert renewed != session and jwt_claims(renewed)["sub"] == USERNAME
    # PKCS#1 v1.5 pads at random: the same credentials never give the same header twice
    first_login, second_login = wire.calls("POST", "/authentication/login")[-2:]
    assert first_login.authorization != second_login.authorization
    wd.close()


def test_mock_refuses_a_login_header_it_cannot_decrypt(mock_url: str) -> None:
    """The mock really decrypts the login header (so the JWT subject checked above proves the client's encryption):
    the same credentials encrypted with another key are refused."""
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key().public_numbers()
    ciphertext = (
        rsa.RSAPublicNumbers(other.e, other.n).public_key().encrypt(f"{API_KEY};{USERNAME};{PASSWORD}".encode(), padding.PKCS1v15())
    )
    answer = httpx.post(f"{mock_url}/authentication/login", headers={"Authorization": f"WDAPI {base64.b64encode(ciphertext).decode()}"})
    assert answer.status_code == 401
    assert "auth_token" not in answer.json()


BASE_PATH = "/api"


class FakeWisedat:
    """A tiny Wisedat with its own RSA key pair: checks the login header, answers products as configured."""

    def __init__(self, product: Callable[[int], Any]) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.product = product
        self.decrypted: list[str] = []
        self.token = "header.eyJzdWIiOiJtYXJpYS5zaWx2YSJ9.fake-signature-for-tests"
        self.seen: list[tuple[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        authorization = request.headers.get("authorization", "")
        route = (request.method, request.url.path.removeprefix(BASE_PATH))
        self.seen.append(route)
        if route == ("GET", "/status"):
            assert authorization == f"WDAPI {API_KEY}"
            numbers = self.key.public_key().public_numbers()
            return httpx.Response(200, json={"State": 1, "PublicKey": [b64_int(numbers.n), b64_int(numbers.e)]})
        if route == ("POST", "/authentication/login"):
            scheme, _, ciphertext = authorization.partition(" ")
            assert scheme == "WDAPI"
            self.decrypted.append(self.key.decrypt(base64.b64decode(ciphertext), padding.PKCS1v15()).decode("utf-8"))
            return httpx.Response(200, json={"auth_token": self.token, "token_expiration_date": "2030-01-01T00:30:00Z"})
        if authorization != f"Bearer {self.token}":
            return httpx.Response(401, json={"message": "Invalid/Inexistent/Expired token"})
        if route == ("GET", "/products") and "id" in request.url.params:
            return httpx.Response(200, json=self.product(int(request.url.params["id"])))
        if route == ("POST", "/suppliers"):
            return httpx.Response(201, json={"id": "13"})
        return httpx.Response(404, json={"message": f"no {route} here"})


def product_123() -> dict[str, Any]:
    return {
        "id": 123,
        "name": "PASTELNATA",
        "description": "Pastel de nata (caixa de 6)",
        "price": 7.2,
        "type": 1,
        "active": True,
        # x-number-as-string: real servers send these as numeric strings
        "net_weight": "0.45",
        "gross_weight": "0",
        "volume": "1.5",
        "tax": {"id": "NR", "value": 23.0, "description": "IVA taxa normal", "type": 3},
    }


@pytest.mark.parametrize("shape", ["wrapped", "bare"])
def test_own_key_pair_login_retrieve_and_numbers_as_strings(shape: str) -> None:
    server = FakeWisedat(lambda id_: {"product": {**product_123(), "id": id_}} if shape == "wrapped" else {**product_123(), "id": id_})
    wd = Wisedat(
        api_key=API_KEY,
        username=USERNAME,
        password=PASSWORD,
        base_url=f"https://wisedat.example.pt{BASE_PATH}",
        transport=httpx.MockTransport(server),
    )

    product = wd.products.retrieve(123)

    # the login header decrypts, with the private key only the server has, to key;user;password
    assert server.decrypted == [f"{API_KEY};{USERNAME};{PASSWORD}"]
    assert server.seen[:2] == [("GET", "/status"), ("POST", "/authentication/login")]
    # wrapped or bare, the caller gets the Product itself
    assert isinstance(product, models.Product)
    assert (product.id, product.name, product.type) == (123, "PASTELNATA", models.ProductType.MERCHANDISE)
    # numbers sent as strings arrive as numbers
    assert (product.net_weight, product.gross_weight, product.volume) == (0.45, 0.0, 1.5)
    assert all(isinstance(v, (int, float)) for v in (product.net_weight, product.gross_weight, product.volume))
    # ... and go back out as the strings they were (x-number-as-string keeps the wire form)
    dumped = product.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert (dumped["net_weight"], dumped["gross_weight"], dumped["volume"]) == ("0.45", "0", "1.5")
    created = wd.suppliers.create(code="FORN013", name="Lacticínios Exemplo, Lda.", country="PT")
    assert created.id == 13 and isinstance(created.id, int)
    assert server.decrypted == [f"{API_KEY};{USERNAME};{PASSWORD}"]  # one login for the whole session
    wd.close()


RECORDED_SINCE = "2024-05-01T00:00:00Z"  # listProducts.yaml: the first page of the products modified since then


def test_modified_since_written_as_recorded_selects_the_filtered_recording(mock_url: str) -> None:
    """Control for the next test: the same instant, spelled as the recording spells it, gets that recording."""
    wd = Wisedat(api_key=API_KEY, username=USERNAME, password=PASSWORD, base_url=mock_url, max_retries=0)
    page = wd.products.list(limit=2, extra_query={"modified_since": RECORDED_SINCE}).first_page()
    assert [p.id for p in page.items] == [101, 115]
    wd.close()


def test_modified_since_as_the_client_sends_it_selects_the_filtered_recording(mock_url: str) -> None:
    wd = Wisedat(api_key=API_KEY, username=USERNAME, password=PASSWORD, base_url=mock_url, max_retries=0)
    page = wd.products.list(limit=2, modified_since=dt.datetime(2024, 5, 1, tzinfo=dt.UTC)).first_page()
    assert [p.id for p in page.items] == [101, 115]  # the runtime writes UTC as `Z`, as the recording does
    wd.close()
