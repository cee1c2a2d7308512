"""Which operations, variants and error models have recorded evidence, per vendor.

"Every operation has at least one recording" is the conformance suite's promise; this module measures it
and prints the table a reviewer reads (operations, recorded, documented vs inferred, what is missing).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import SpecError
from .oas import Operation, find_operation, iter_operations, resolve
from .recordings import Recording, discover
from .specdoc import load_spec_dict

__all__ = ["CoverageReport", "coverage", "coverage_main", "error_models", "format_table", "vendor_reports"]

_ERROR_STATUS = re.compile(r"^[45](\d\d|XX)$")


@dataclass
class CoverageReport:
    vendor: str
    operations: list[str]
    recorded: list[str]
    documented: int
    inferred: int
    missing: list[str]
    error_models: list[str] = field(default_factory=list)
    missing_error_models: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.missing_error_models


def coverage(spec: dict[str, Any], recordings: Iterable[Recording], vendor: str | None = None) -> CoverageReport:
    """Coverage of `spec` by `recordings`: every operation and x-variant needs one recording; every
    distinct error schema (a JSON schema on a 4xx/5xx answer) needs one error recording."""
    recordings = list(recordings)
    ops = list(iter_operations(spec))
    names = [op.operation_id for op in ops]
    seen = {rec.operation for rec in recordings}
    models = error_models(spec)
    recorded_models = {model for rec in recordings for model in _recorded_models(spec, rec)}
    return CoverageReport(
        vendor=vendor or (recordings[0].vendor if recordings else str(spec.get("info", {}).get("title", "?"))),
        operations=names,
        recorded=[name for name in names if name in seen],
        documented=sum(op.confidence == "documented" for op in ops),
        inferred=sum(op.confidence == "inferred" for op in ops),
        missing=[name for name in names if name not in seen],
        error_models=sorted(set(models.values())),
        missing_error_models=sorted(set(models.values()) - recorded_models),
        unknown=sorted(seen - set(names)),
    )


def error_models(spec: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(operationId, status) -> error model name, for every 4xx/5xx answer that has a JSON schema.

    A model is named by its component (`apiError`); an inline schema by `<operationId> <status>`.
    """
    models: dict[tuple[str, str], str] = {}
    for op in iter_operations(spec):
        if op.variant is not None:
            continue
        for status, raw in (op.node.get("responses") or {}).items():
            if _ERROR_STATUS.match(str(status)):
                name = _model_name(spec, op, str(status), raw)
                if name:
                    models[(op.operation_id, str(status))] = name
    return models


def _model_name(spec: dict[str, Any], op: Operation, status: str, raw: Any) -> str | None:
    """An error model's name: its schema component, else its response component (Xentral's shared
    `BadRequest` with an inline union), else `<operationId> <status>` for a one-off inline schema."""
    response = resolve(spec, raw)
    content = response.get("content") if isinstance(response, dict) else None
    for media, body in (content or {}).items():
        if "json" in media and isinstance(body, dict) and "schema" in body:
            schema = body["schema"]
            if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
                return str(schema["$ref"]).rsplit("/", 1)[-1]
            if isinstance(raw, dict) and isinstance(raw.get("$ref"), str):
                return "response " + str(raw["$ref"]).rsplit("/", 1)[-1]
            return f"{op.operation_id} {status}"
    return None


def _recorded_models(spec: dict[str, Any], rec: Recording) -> list[str]:
    """The error model a recording is evidence for (its status as declared by its operation)."""
    if rec.response.status < 400:
        return []
    op = find_operation(spec, rec.operation)
    if op is None:
        return []
    responses = op.node.get("responses") or {}
    status = str(rec.response.status)
    for key in (status, status[0] + "XX"):
        if key in responses:
            name = _model_name(spec, op, key, responses[key])
            return [name] if name else []
    return []


def format_table(reports: Iterable[CoverageReport]) -> str:
    """A markdown table, one row per vendor, then each vendor's missing operations and error models."""
    reports = list(reports)
    lines = [
        "| vendor | operations | recorded | documented | inferred | error models | unrecorded error models | missing |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in reports:
        lines.append(
            f"| {r.vendor} | {len(r.operations)} | {len(r.recorded)} | {r.documented} | {r.inferred} "
            f"| {len(r.error_models)} | {len(r.missing_error_models)} | {len(r.missing)} |"
        )
    for r in reports:
        if r.missing:
            lines.append(f"\n{r.vendor}: {len(r.missing)} operations without a recording: {', '.join(r.missing)}")
        if r.missing_error_models:
            lines.append(f"\n{r.vendor}: error models without an error recording: {', '.join(r.missing_error_models)}")
        if r.unknown:
            lines.append(f"\n{r.vendor}: recordings naming no operation: {', '.join(r.unknown)}")
    return "\n".join(lines) + "\n"


def vendor_reports(
    vendors: Iterable[str] | None = None,
    specs_root: str | Path = "specs",
    recordings_root: str | Path = "tests/recordings",
) -> list[CoverageReport]:
    """Coverage of each vendor with a `specs/<vendor>/openapi.yaml` (all of them by default)."""
    specs = Path(specs_root)
    names = sorted(vendors) if vendors is not None else sorted(p.parent.name for p in specs.glob("*/openapi.yaml"))
    recordings = discover(recordings_root)
    reports = []
    for vendor in names:
        spec = load_spec_dict(specs / vendor / "openapi.yaml")
        reports.append(coverage(spec, [r for r in recordings if r.vendor == vendor], vendor))
    return reports


def coverage_main(argv: list[str]) -> int:
    """`python -m generator coverage [VENDOR ...] [--check]`: print the table; with --check, exit 1 when
    an operation or a declared error model has no recording."""
    parser = argparse.ArgumentParser(prog="python -m generator coverage", description="Recordings per operation, per vendor.")
    parser.add_argument("vendors", nargs="*", help="vendors to report (default: every specs/<vendor>/openapi.yaml)")
    parser.add_argument("--specs", default="specs", help="folder of <vendor>/openapi.yaml (default: specs)")
    parser.add_argument("--recordings", default="tests/recordings", help="folder of <vendor>/*.yaml (default: tests/recordings)")
    parser.add_argument("--check", action="store_true", help="exit 1 when an operation or a declared error model has no recording")
    args = parser.parse_args(argv)
    for folder, what in ((args.recordings, "recordings"), (args.specs, "specs")):
        if not Path(folder).is_dir():
            print(f"error: the {what} folder {folder} does not exist (run from the project root, or pass --{what})", file=sys.stderr)
            return 2
    try:
        reports = vendor_reports(args.vendors or None, args.specs, args.recordings)
    except SpecError as exc:
        print(exc.diagnostics.format(), file=sys.stderr)
        return 1
    print(format_table(reports), end="")
    return 1 if args.check and not all(r.complete for r in reports) else 0
