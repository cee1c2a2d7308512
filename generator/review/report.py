"""Per-vendor review results and their two renderings: markdown for a PR comment, JSON for tools."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from .bump import BumpCheck
from .catalog import Level
from .codesummary import CodeChange
from .specdiff import Change

__all__ = ["VendorReport", "to_json", "to_markdown"]

Status = Literal["changed", "unchanged", "added", "removed", "error"]
_MAX_CODE_LINES = 60
_HEADINGS = {Level.BREAKING: "Breaking", Level.POTENTIALLY_BREAKING: "Potentially breaking", Level.NON_BREAKING: "Non-breaking"}
_CODE_MARK = {"added": "added", "removed": "**removed**", "changed": "changed"}


@dataclass
class VendorReport:
    vendor: str
    status: Status
    changes: list[Change] = field(default_factory=list)
    bump: BumpCheck | None = None
    code: list[CodeChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and (self.bump is None or self.bump.ok)

    def as_dict(self) -> dict[str, Any]:
        return {
            "vendor": self.vendor,
            "status": self.status,
            "ok": self.ok,
            "error": self.error,
            "notes": self.notes,
            "bump": self.bump.as_dict() if self.bump else None,
            "changes": [c.as_dict() for c in self.changes],
            "code": [{"kind": c.kind, "name": c.name, "before": c.before, "after": c.after} for c in self.code],
        }


def to_json(reports: list[VendorReport], base: str, head: str) -> str:
    return json.dumps({"base": base, "head": head, "ok": all(r.ok for r in reports), "vendors": [r.as_dict() for r in reports]}, indent=2)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(reports: list[VendorReport], base: str, head: str, note: str = "") -> str:
    lines = [f"## API review: `{base}` -> `{head}`", ""]
    if note:
        lines += [note, ""]
    if not reports:
        lines.append("No specs on either side.")
    for report in reports:
        lines += _vendor(report)
    return "\n".join(lines).rstrip() + "\n"


def _vendor(report: VendorReport) -> list[str]:
    bump = report.bump
    versions = f" {bump.base_version or '-'} -> {bump.head_version or '-'}" if bump else ""
    if report.status == "unchanged" and report.ok and not report.code:
        return [f"### {report.vendor}: unchanged{f' ({bump.head_version})' if bump else ''}", ""]
    verdict = "" if report.status == "removed" and report.ok else (" (ok)" if report.ok else " (**needs attention**)")
    lines = [f"### {report.vendor}: {report.status}{versions}{verdict}", ""]
    if report.error:
        lines += ["```", report.error, "```", ""]
    if bump:
        lines += [f"Version: {bump.message}.", ""]
    for level in Level:
        chosen = [c for c in report.changes if c.level is level]
        if chosen:
            lines += [f"**{_HEADINGS[level]} ({len(chosen)})**", "", "| rule | where | change |", "|---|---|---|"]
            lines += [f"| `{c.rule}` | {_where(c)} | {_cell(c.message)} |" for c in chosen]
            lines.append("")
    lines += _code(report)
    return lines


def _where(change: Change) -> str:
    ops = ", ".join(f"`{op}`" for op in change.operations[:5]) + (f" +{len(change.operations) - 5}" if len(change.operations) > 5 else "")
    subject = f"`{_cell(change.subject)}`"
    return _cell(f"{subject} in {ops}") if ops else subject


def _code(report: VendorReport) -> list[str]:
    lines = [f"- {note}" for note in report.notes]
    shown = report.code[:_MAX_CODE_LINES]
    for change in shown:
        signature = (change.after or change.before or "").split("\n")[0]
        lines.append(f"- {_CODE_MARK[change.kind]} `{change.name}`: `{signature}`")
    if len(report.code) > len(shown):
        lines.append(f"- ... and {len(report.code) - len(shown)} more")
    if not lines:
        return []
    return [f"**Generated code** (`generated/{report.vendor}/`)", "", *lines, ""]
