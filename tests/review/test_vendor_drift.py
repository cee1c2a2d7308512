"""`make drift` in the test suite: our Xentral and InvoiceXpress specs against the vendors' published files.

Every difference must be fixed in our spec or acknowledged there with `x-deviation` (docs/extensions.md).
Both vendors are at zero. `drift_baseline.json` holds the count allowed per vendor (0 for both); it is
never raised: a new difference is fixed or acknowledged with its evidence.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.review.driftcheck import default_against, run_drift, to_table

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
BASELINE = json.loads((Path(__file__).parent / "drift_baseline.json").read_text())


@pytest.mark.parametrize("vendor", ["xentral", "invoicexpress"])
def test_unacknowledged_drift_never_grows(vendor: str) -> None:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the vendors' published OpenAPI files live there")
    against = default_against(vendor, SHARED)
    assert against, f"{SHARED}/vendor-docs/{vendor}/published/ holds no published description"
    result = run_drift(vendor, ROOT / "specs" / vendor / "openapi.yaml", against)
    counts = to_table(result, unacknowledged_only=True).rsplit("\n\n", 1)[-1]
    open_count = len(result.unacknowledged) + len(result.stale)
    allowed = int(BASELINE[vendor])
    assert open_count <= allowed, (
        f"{vendor}: {open_count} unacknowledged differences or stale entries, more than the {allowed} allowed; "
        f"run `python -m generator drift {vendor} --unacknowledged`\n{counts}"
    )
    assert open_count == allowed, f"{vendor}: down to {open_count} from {allowed}: lower tests/review/drift_baseline.json to {open_count}"
