"""`python -m generator drift <vendor>` and `make drift`: our spec against the vendor's published description.

By default the vendor's published files are every `.json`/`.yaml` in `../shared/vendor-docs/<vendor>/published/`
(the shared team folder beside the repository); `--against FILE` names them instead. The differences come
from drift.py, `x-deviation` entries acknowledge them (deviation.py), and the report lists every difference
grouped by operation with per-rule counts, plus stale entries. Exit codes: 0 nothing unacknowledged, 1 an
unacknowledged difference or a stale entry, 2 a usage error (unknown vendor, unreadable file), 3 the shared
folder is absent (so the default files cannot be found).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostics, SpecError
from ..load import LoadedDocument, load_document
from ..pipeline import ROOT
from ..spec.bundle import bundle
from .catalog import DRIFT_RULES
from .deviation import Deviation, acknowledge, collect_deviations
from .drift import Difference, Published, compare

__all__ = ["DriftResult", "default_against", "drift_main", "run_drift"]

EXIT_OK, EXIT_DRIFT, EXIT_USAGE, EXIT_NO_SHARED = 0, 1, 2, 3
_PUBLISHED_SUFFIXES = (".json", ".yaml", ".yml")
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class UsageError(Exception):
    """A problem with what the command was asked to do: exit 2 with the message."""


@dataclass
class DriftResult:
    vendor: str
    spec: str
    against: list[str]
    differences: list[Difference]
    stale: list[Deviation]
    document: LoadedDocument = field(repr=False)

    @property
    def unacknowledged(self) -> list[Difference]:
        return [d for d in self.differences if d.acknowledged_by is None]

    @property
    def ok(self) -> bool:
        return not self.unacknowledged and not self.stale

    def counts(self) -> dict[str, dict[str, int]]:
        """rule -> {total, acknowledged, unacknowledged}; stale entries count as unacknowledged `deviation-stale`."""
        total = Counter(d.rule for d in self.differences)
        acknowledged = Counter(d.rule for d in self.differences if d.acknowledged_by is not None)
        if self.stale:
            total["deviation-stale"] = len(self.stale)
        return {
            rule: {"total": total[rule], "acknowledged": acknowledged[rule], "unacknowledged": total[rule] - acknowledged[rule]}
            for rule in DRIFT_RULES
            if total[rule]
        }

    def summary(self) -> dict[str, Any]:
        unacknowledged = len(self.unacknowledged)
        return {
            "total": len(self.differences),
            "acknowledged": len(self.differences) - unacknowledged,
            "unacknowledged": unacknowledged,
            "stale": len(self.stale),
            "unacknowledged_nodes": len({d.ours for d in self.unacknowledged}),
            "rules": self.counts(),
        }

    def stale_dict(self, deviation: Deviation) -> dict[str, Any]:
        file, line, col = self.document.where(deviation.pointer)
        return {
            "rule": "deviation-stale",
            "pointer": deviation.pointer,
            "location": f"{file}:{line}:{col}",
            "acknowledges": deviation.rule,
            "message": f"x-deviation entry ({deviation.rule}) acknowledges no difference",
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "vendor": self.vendor,
            "spec": self.spec,
            "against": self.against,
            "ok": self.ok,
            "summary": self.summary(),
            "differences": [d.as_dict() for d in self.differences],
            "stale": [self.stale_dict(d) for d in self.stale],
        }


def load_published(path: Path) -> Published:
    """A vendor file read fast (the Xentral ones are megabytes): json for .json, the C YAML loader otherwise."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=_Loader)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise UsageError(f"cannot read the published description {path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("paths"), dict):
        raise UsageError(f"{path} is not an OpenAPI document (no `paths` mapping)")
    return Published(_shown(path), data)


def _shown(path: Path) -> str:
    """A path as a reader wants it: relative to the working directory when that is shorter."""
    relative = os.path.relpath(path.resolve())
    return relative if len(relative) < len(str(path.resolve())) else str(path.resolve())


def load_ours(path: Path) -> LoadedDocument:
    diagnostics = Diagnostics()
    try:
        document, _files = bundle(load_document(_shown(path)), diagnostics)
    except SpecError as exc:
        raise UsageError(f"cannot read our spec {path}:\n{exc.diagnostics.format()}") from None
    if diagnostics.errors or not isinstance(document.data, dict):
        raise UsageError(f"cannot read our spec {path}:\n{diagnostics.format()}")
    return document


def default_against(vendor: str, shared: Path) -> list[Path]:
    """The vendor's published files in the shared folder ([] when it publishes none)."""
    folder = shared / "vendor-docs" / vendor / "published"
    return sorted(p for p in folder.glob("*") if p.suffix in _PUBLISHED_SUFFIXES and p.is_file()) if folder.is_dir() else []


def run_drift(vendor: str, spec: Path, against: list[Path]) -> DriftResult:
    """Compare, acknowledge, and collect stale entries; UsageError when a file cannot be read."""
    document = load_ours(spec)
    published = [load_published(path) for path in against]
    differences = compare(document.data, published)
    for diff in differences:
        diff.location = document.where(_located_at(document.data, diff))
    stale = acknowledge(differences, collect_deviations(document.data))
    return DriftResult(vendor, document.path, [p.file for p in published], differences, stale, document)


def _located_at(data: dict[str, Any], diff: Difference) -> str:
    """The node whose line a reader should open: for a missing operation, the root x-deviation list (or paths)."""
    if diff.rule != "operation-missing":
        return diff.ours
    return "/x-deviation" if "x-deviation" in data else "/paths"


# rendering ----------------------------------------------------------------------------------------------------


def _value(value: Any) -> str:
    return "(none)" if value is None else json.dumps(value, ensure_ascii=False, default=str)


def _theirs(diff: Difference) -> str:
    return f"{Path(diff.their_file).name}#{diff.theirs}" if diff.their_file else "-"


def _grouped(differences: list[Difference]) -> dict[str, list[Difference]]:
    groups: dict[str, list[Difference]] = {}
    for diff in differences:
        groups.setdefault(diff.operation, []).append(diff)
    return groups


def _counts_lines(result: DriftResult) -> list[str]:
    summary = result.summary()
    lines = [
        f"{result.vendor}: {summary['total']} differences: {summary['acknowledged']} acknowledged, "
        f"{summary['unacknowledged']} unacknowledged (at {summary['unacknowledged_nodes']} nodes of our spec); "
        f"{summary['stale']} stale x-deviation entries",
    ]
    if summary["rules"]:
        width = max(len(rule) for rule in summary["rules"])
        lines.append(f"  {'rule':<{width}}  {'total':>6}  {'ack':>6}  {'unack':>6}")
        for rule, count in summary["rules"].items():
            lines.append(f"  {rule:<{width}}  {count['total']:>6}  {count['acknowledged']:>6}  {count['unacknowledged']:>6}")
    return lines


def to_table(result: DriftResult, *, unacknowledged_only: bool = False) -> str:
    lines = [f"drift: {result.spec} against {', '.join(result.against) or '(nothing)'}", ""]
    shown = result.unacknowledged if unacknowledged_only else result.differences
    for operation, diffs in _grouped(shown).items():
        open_ = sum(1 for d in diffs if d.acknowledged_by is None)
        lines.append(f"{operation}  ({len(diffs)} differences, {open_} unacknowledged)")
        for d in diffs:
            file, line, col = d.location
            mark = "ack  " if d.acknowledged_by else "UNACK"
            more = f" (+{len(d.operations) - 1} more operations)" if len(d.operations) > 1 else ""
            lines.append(f"  {mark} {d.rule:<22} {file}:{line}:{col} {d.ours or '/'}  <-  {_theirs(d)}")
            lines.append(f"        {_value(d.before)} -> {_value(d.after)}: {d.message}{more}")
        lines.append("")
    if result.stale:
        lines.append("stale x-deviation entries (they acknowledge no difference):")
        for deviation in result.stale:
            stale = result.stale_dict(deviation)
            lines.append(f"  UNACK deviation-stale {stale['location']} {stale['pointer']}: {stale['message']}")
        lines.append("")
    return "\n".join(lines + _counts_lines(result))


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(result: DriftResult, *, unacknowledged_only: bool = False) -> str:
    summary = result.summary()
    lines = [
        f"## Drift: {result.vendor}",
        "",
        f"`{result.spec}` against {', '.join(f'`{a}`' for a in result.against) or '(nothing)'}: "
        f"**{summary['unacknowledged']} unacknowledged** of {summary['total']} differences, {summary['stale']} stale x-deviation entries.",
        "",
        "| rule | total | acknowledged | unacknowledged |",
        "|---|---:|---:|---:|",
        *(f"| `{r}` | {c['total']} | {c['acknowledged']} | {c['unacknowledged']} |" for r, c in summary["rules"].items()),
        "",
    ]
    shown = result.unacknowledged if unacknowledged_only else result.differences
    if shown:
        lines += ["| operation | rule | ack | ours | theirs | ours -> theirs | what |", "|---|---|---|---|---|---|---|"]
        for d in shown:
            file, line, col = d.location
            lines.append(
                f"| {_cell(d.operation)} | `{d.rule}` | {'yes' if d.acknowledged_by else '**no**'} | "
                f"`{_cell(d.ours or '/')}` ({_cell(file)}:{line}:{col}) | `{_cell(_theirs(d))}` | "
                f"{_cell(_value(d.before))} -> {_cell(_value(d.after))} | {_cell(d.message)} |"
            )
        lines.append("")
    if result.stale:
        lines += ["Stale x-deviation entries:", ""]
        lines += [f"- `{s['pointer']}` ({s['location']}): {s['message']}" for s in map(result.stale_dict, result.stale)]
        lines.append("")
    return "\n".join(lines)


# command line -------------------------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator drift",
        description="Compare our spec with the vendor's published OpenAPI description(s); x-deviation acknowledges a difference.",
        epilog="exit codes: 0 no unacknowledged difference, 1 unacknowledged differences or stale x-deviation entries, "
        "2 usage error, 3 the shared folder (../shared) is absent",
    )
    parser.add_argument("vendor", help="a folder name under specs/ (xentral, invoicexpress, ...)")
    parser.add_argument(
        "--against",
        action="extend",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="the published description(s) to compare with (default: every file in ../shared/vendor-docs/<vendor>/published/)",
    )
    parser.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    parser.add_argument("--spec", type=Path, help="our spec (default: specs/<vendor>/openapi.yaml)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared team folder (default: ../shared)")
    parser.add_argument("--unacknowledged", action="store_true", help="list only unacknowledged differences (counts stay complete)")
    return parser


def drift_main(argv: list[str]) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and EXIT_USAGE
    spec: Path = args.spec or ROOT / "specs" / args.vendor / "openapi.yaml"
    if not spec.is_file():
        known = sorted(p.parent.name for p in (ROOT / "specs").glob("*/openapi.yaml"))
        print(f"drift: no spec {spec} (known vendors: {', '.join(known)})", file=sys.stderr)
        return EXIT_USAGE
    against: list[Path] = args.against or []
    if not against:
        shared: Path = args.shared
        if not shared.is_dir():
            print(
                f"drift: the shared folder {shared} is absent, so {args.vendor}'s published descriptions cannot be found; "
                "check it out beside the repository or pass --against FILE",
                file=sys.stderr,
            )
            return EXIT_NO_SHARED
        against = default_against(args.vendor, shared)
        if not against:
            folder = _shown(shared / "vendor-docs" / args.vendor / "published")
            print(f"drift: {args.vendor} publishes no OpenAPI description ({folder}/ has none); skipped")
            return EXIT_OK
    try:
        result = run_drift(args.vendor, spec, against)
    except UsageError as exc:
        print(f"drift: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False, default=str))
    elif args.format == "markdown":
        print(to_markdown(result, unacknowledged_only=args.unacknowledged))
    else:
        print(to_table(result, unacknowledged_only=args.unacknowledged))
    return EXIT_OK if result.ok else EXIT_DRIFT
