"""The toolkit holds itself to what it asks of specs and generated code: lint-clean, strictly typed, and every
vendor spec clean under the house rules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, vendors


@pytest.mark.slow
@pytest.mark.timeout(600)  # mypy/generation runs take minutes on a loaded machine; still bounded
def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "generator", "tests", "bench"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.slow
@pytest.mark.timeout(600)  # mypy/generation runs take minutes on a loaded machine; still bounded
def test_mypy_strict_on_the_generator(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.slow
@pytest.mark.timeout(600)  # mypy/generation runs take minutes on a loaded machine; still bounded
@pytest.mark.parametrize("vendor", vendors())
def test_vendor_spec_passes_the_house_rules(vendor: str) -> None:
    from generator.review.lint import lint

    findings = lint([ROOT / "specs" / vendor / "openapi.yaml"])
    assert not list(findings), findings.format()
