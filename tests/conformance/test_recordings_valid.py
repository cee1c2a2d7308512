"""Conformance check 1, per recording: the file follows docs/recordings.md, names an operation (or
x-variant) of its vendor's spec with a matching method and path, and its request and response validate
against the spec (openapi-core). Plus one coverage test per vendor: every operation has a recording.

The other checks (the generated client sends exactly the recorded request, ...) live beside this file.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

from generator.conformance import Recording, coverage, discover, load_spec_dict, validate_recording

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "specs"
RECORDINGS = discover(ROOT / "tests" / "recordings")
VENDORS = sorted({p.parent.name for p in SPECS.glob("*/openapi.yaml")} | {r.vendor for r in RECORDINGS})


@functools.cache
def spec_for(vendor: str) -> dict[str, Any] | None:
    path = SPECS / vendor / "openapi.yaml"
    return load_spec_dict(path) if path.is_file() else None


def vendor_spec(vendor: str) -> dict[str, Any]:
    spec = spec_for(vendor)
    if spec is None:
        pytest.skip(f"no specs/{vendor}/openapi.yaml yet")
    return spec


@pytest.mark.parametrize("recording", RECORDINGS, ids=[r.id for r in RECORDINGS])
def test_recording_is_valid(recording: Recording) -> None:
    spec = vendor_spec(recording.vendor)
    problems = [p.format() for p in recording.problems]
    problems += [v.format() for v in validate_recording(spec, recording)]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_operation_has_a_recording(vendor: str) -> None:
    spec = vendor_spec(vendor)
    report = coverage(spec, [r for r in RECORDINGS if r.vendor == vendor], vendor)
    assert not report.missing, f"{vendor}: {len(report.missing)} of {len(report.operations)} operations have no recording: " + ", ".join(
        report.missing
    )


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_error_model_has_an_error_recording(vendor: str) -> None:
    spec = vendor_spec(vendor)
    report = coverage(spec, [r for r in RECORDINGS if r.vendor == vendor], vendor)
    assert not report.missing_error_models, (
        f"{vendor}: {len(report.missing_error_models)} of {len(report.error_models)} error models have no error recording: "
        + ", ".join(report.missing_error_models)
    )
