"""Conformance infrastructure: recordings (load + format), validation against the spec, coverage.

The CLI wires `vendor_reports` + `format_table` (coverage) and the test suite uses `discover`,
`load_spec_dict` and `validate_recording`.
"""

from __future__ import annotations

from .coverage import CoverageReport, coverage, format_table, vendor_reports
from .recordings import RecordedRequest, RecordedResponse, Recording, discover, load_recording
from .specdoc import load_spec_dict
from .validate import Violation, map_operation, validate_recording

__all__ = [
    "CoverageReport",
    "RecordedRequest",
    "RecordedResponse",
    "Recording",
    "Violation",
    "coverage",
    "discover",
    "format_table",
    "load_recording",
    "load_spec_dict",
    "map_operation",
    "validate_recording",
    "vendor_reports",
]
