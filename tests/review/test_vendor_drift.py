"""`make drift` in the test suite: our Xentral and InvoiceXpress specs against the vendors' published files.

Every difference must be fixed in our spec or acknowledged there with `x-deviation` (docs/extensions.md);
the failure message gives the per-rule counts, and `python -m generator drift <vendor>` lists them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.review.driftcheck import default_against, run_drift, to_table

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


@pytest.mark.parametrize("vendor", ["xentral", "invoicexpress"])
def test_no_unacknowledged_drift(vendor: str) -> None:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the vendors' published OpenAPI files live there")
    against = default_against(vendor, SHARED)
    assert against, f"{SHARED}/vendor-docs/{vendor}/published/ holds no published description"
    result = run_drift(vendor, ROOT / "specs" / vendor / "openapi.yaml", against)
    counts = to_table(result, unacknowledged_only=True).rsplit("\n\n", 1)[-1]
    if not result.ok:
        pytest.fail(f"run `python -m generator drift {vendor} --unacknowledged` for the list\n{counts}", pytrace=False)
