"""A user's script per vendor, using each client's main flow (create a document and use its id, list with
auto-pagination, handle an error by its type, stream a download, `extra_body`): it passes `mypy --strict`
without a cast or an ignore, and it runs against the vendor's mock server (base URL from the environment).
Gestix and Xentral are covered by the top-level README example (tests/e2e/test_readme_example.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.mock import running_mock
from tests.conftest import GENERATED

pytestmark = pytest.mark.slow

INVOICEXPRESS = """\
import asyncio
import datetime
from decimal import Decimal

from invoicexpress_client import AsyncInvoiceXpress, InvoiceXpress, InvoiceXpressError, NotFoundError, models

client = InvoiceXpress(account_name="acme", api_key="...")   # base URL from INVOICEXPRESS_BASE_URL
doc = client.invoices.create(
    date=datetime.date.today(), due_date=datetime.date.today(),
    client=models.DocumentClientInput(name="Ana", code="A1"),
    items=[models.LineInput(name="Coffee", description="Bag", unit_price=Decimal("10.50"), quantity=1)],
    extra_body={"invoice": {"observations": "set through extra_body"}},
)
print(doc.id, doc._request_id)
pdf = client.pdf.generate(doc.id, wait=True)              # the id of a created document is an int
print(pdf.pdf_url if pdf is not None else "not ready")
for invoice in client.invoices.list():                    # pages fetched as you iterate
    print(invoice.id, invoice.total)
with client.invoices.with_streaming_response.retrieve(doc.id) as response:
    again: models.Document = response.parse()
try:
    client.invoices.retrieve(doc.id + 10_000_000)
except NotFoundError as exc:
    print("missing:", exc.status_code, exc.request_id)
except InvoiceXpressError as exc:
    print("other error:", exc)


async def download() -> int:
    async with AsyncInvoiceXpress(account_name="acme", api_key="...") as aclient:
        async with aclient.invoices.with_streaming_response.retrieve(doc.id) as streamed:
            return sum([len(chunk) async for chunk in streamed.aiter_bytes()])


print(asyncio.run(download()))
"""

WISEDAT = """\
import datetime
from decimal import Decimal

from wisedat_client import NotFoundError, Wisedat, WisedatError, models

client = Wisedat(api_key="...", username="...", password="...")   # base URL from WISEDAT_BASE_URL
created = client.sales_invoices.create(
    customer=1, series="FT", date=datetime.date.today(), expiration_date=datetime.date.today(),
    items=[models.DocumentItemInput(id=3, quantity=2, price=Decimal("10.50"))],
    extra_body={"notes": "set through extra_body"},
)
invoice = client.sales_invoices.retrieve(created.id)
print(invoice.id, created._request_id)
with client.sales_invoices.with_streaming_response.pdf(id=created.id) as response:
    size = sum(len(chunk) for chunk in response.iter_bytes())
for summary in client.sales_invoices.list():              # pages fetched as you iterate
    number: int | None = summary.document_number
    print(summary.id, number)
try:
    client.customers.retrieve(999_999)
except NotFoundError as exc:
    print("missing:", exc.status_code, exc.request_id)
except WisedatError as exc:
    print("other error:", exc)
"""

SCRIPTS = {"invoicexpress": INVOICEXPRESS, "wisedat": WISEDAT}
#: a line that must fail type checking: proves the created id is typed (not Any) and what it is typed as
WRONG = {"invoicexpress": ("wrong: bytes = doc.id", '"int"'), "wisedat": ("wrong: bytes = created.id", '"str"')}


def _mypy(vendor: str, source: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = tmp_path / f"{vendor}_user.py"
    script.write_text(source, encoding="utf-8")
    command = [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--cache-dir", str(tmp_path / "cache"), str(script)]
    return subprocess.run(command, cwd=GENERATED / vendor, capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.timeout(900)
@pytest.mark.parametrize("vendor", sorted(SCRIPTS))
def test_the_main_flow_passes_mypy_strict_without_casts(vendor: str, tmp_path: Path) -> None:
    source = SCRIPTS[vendor]
    assert "cast(" not in source and "type: ignore" not in source
    result = _mypy(vendor, source, tmp_path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    line, typed_as = WRONG[vendor]
    wrong = _mypy(vendor, source + "\n" + line + "\n", tmp_path)
    assert wrong.returncode == 1 and "Incompatible types in assignment" in wrong.stdout and typed_as in wrong.stdout, wrong.stdout


@pytest.mark.timeout(300)
@pytest.mark.parametrize("vendor", sorted(SCRIPTS))
def test_the_main_flow_runs_against_the_mock(vendor: str, tmp_path: Path) -> None:
    script = tmp_path / f"{vendor}_user.py"
    script.write_text(SCRIPTS[vendor], encoding="utf-8")
    with running_mock(vendor) as url:
        env = {k: v for k, v in os.environ.items() if not k.startswith(vendor.upper() + "_")}
        env.update({"PYTHONPATH": str(GENERATED / vendor), f"{vendor.upper()}_BASE_URL": url})
        run = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=240, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "missing: 404" in run.stdout  # the error was caught by its type
    assert run.stdout.count("\n") >= 4  # the created document, the listed ones
