"""Every generated package imports module by module and passes mypy --strict."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest

from tests.conftest import GENERATED, vendors


def _package(vendor: str) -> str:
    return next(p.name for p in (GENERATED / vendor).iterdir() if p.is_dir() and (p / "__init__.py").exists())


@pytest.mark.parametrize("vendor", vendors())
def test_every_module_imports(vendor: str) -> None:
    package = importlib.import_module(_package(vendor))
    names = [info.name for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    for name in names:
        importlib.import_module(name)
    assert len(names) > 5
    assert set(package.__all__) <= set(dir(package))


@pytest.mark.slow
@pytest.mark.parametrize("vendor", vendors())
def test_mypy_strict(vendor: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--python-version",
        "3.10",
        "--cache-dir",
        str(tmp_path / "cache"),
        _package(vendor),
    ]
    result = subprocess.run(command, cwd=GENERATED / vendor, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


MONEY_SCRIPT = """
import datetime
from decimal import Decimal

from gestix_client import Gestix, ValidationIssue, models, validation_issues

gx = Gestix(account="03101176", api_token="t", strict=False)
created = gx.invoices.create(
    document_set="FT", seq_number="2024/1002", date=datetime.date.today(), currency="EUR",
    total_amount=Decimal("123.10"), net_amount=100, discount_amount=1.5,
    items=[models.DocumentLine(description="Coffee", qty=1, unit_price=Decimal("10.50"))],
)
price: Decimal | None = models.DocumentLine(description="x", qty=2, unit_price=Decimal("1")).unit_price
issues: tuple[ValidationIssue, ...] = validation_issues(created) + created.validation_issues
"""


@pytest.mark.slow
def test_money_and_issues_type_check_for_a_user(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`total_amount=Decimal("123.10")` (#16) and `validation_issues` pass mypy --strict in user code."""
    script = tmp_path / "user.py"
    script.write_text(MONEY_SCRIPT)
    command = [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--cache-dir", str(tmp_path / "cache"), str(script)]
    result = subprocess.run(command, cwd=GENERATED / "gestix", capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
