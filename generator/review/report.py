"""Per-vendor review results and their renderings: markdown for a PR comment, JSON for tools, GitHub
workflow annotations and JUnit XML for CI."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal
from xml.sax.saxutils import escape, quoteattr

from .bump import BumpCheck
from .catalog import Level
from .codesummary import CodeChange
from .specdiff import Change

__all__ = ["FORMATS", "VendorReport", "render", "to_github", "to_json", "to_junit", "to_markdown"]

FORMATS = ("markdown", "json", "github", "junit")

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
    locations: list[str] = field(default_factory=list)
    """`file:line` in the spec for each of `changes` (same order); empty when unknown."""
    stale: list[str] = field(default_factory=list)
    """Files of generated/<vendor>/ that differ from a fresh generation of the spec."""

    @property
    def ok(self) -> bool:
        return self.error is None and not self.stale and (self.bump is None or self.bump.ok)

    def location(self, index: int) -> str:
        return self.locations[index] if index < len(self.locations) else ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "vendor": self.vendor,
            "status": self.status,
            "ok": self.ok,
            "error": self.error,
            "notes": self.notes,
            "bump": self.bump.as_dict() if self.bump else None,
            "changes": [{**c.as_dict(), "location": self.location(i)} for i, c in enumerate(self.changes)],
            "code": [{"kind": c.kind, "name": c.name, "before": c.before, "after": c.after, "details": list(c.details)} for c in self.code],
            "stale_generated": self.stale,
        }


def render(fmt: str, reports: list[VendorReport], base: str, head: str, note: str = "") -> str:
    if fmt == "json":
        return to_json(reports, base, head) + "\n"
    if fmt == "github":
        return to_github(reports)
    if fmt == "junit":
        return to_junit(reports, base, head)
    return to_markdown(reports, base, head, note)


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
    if report.stale:
        shown = ", ".join(f"`{name}`" for name in report.stale[:5]) + (f" +{len(report.stale) - 5}" if len(report.stale) > 5 else "")
        lines += [f"**generated/{report.vendor}/ is stale**: run `make generate` and commit it ({shown}).", ""]
    for level in Level:
        chosen = [(i, c) for i, c in enumerate(report.changes) if c.level is level]
        if chosen:
            lines += [f"**{_HEADINGS[level]} ({len(chosen)})**", "", "| rule | where | change | spec |", "|---|---|---|---|"]
            lines += [f"| `{c.rule}` | {_where(c)} | {_cell(c.message)} | {_cell(report.location(i))} |" for i, c in chosen]
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
        details = "; ".join(change.details)
        lines.append(f"- {_CODE_MARK[change.kind]} `{change.name}`" + (f": {details}" if details else ""))
    if len(report.code) > len(shown):
        lines.append(f"- ... and {len(report.code) - len(shown)} more")
    if not lines:
        return []
    return [f"**Generated code** (`generated/{report.vendor}/`)", "", *lines, ""]


def _annotation_text(text: str) -> str:
    """GitHub workflow commands end at a newline and treat % specially."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _file_line(location: str) -> str:
    file, _, line = location.rpartition(":")
    return f"file={file},line={line}" if file and line.isdigit() else ""


def to_github(reports: list[VendorReport]) -> str:
    """One `::error`/`::warning`/`::notice` line per finding, shown inline on the pull request's diff."""
    lines = []
    for report in reports:
        if report.error:
            lines.append(f"::error title=API review {report.vendor}::{_annotation_text(report.error)}")
        if report.bump and not report.bump.ok:
            lines.append(f"::error file=specs/{report.vendor}/openapi.yaml,title=Version bump::{_annotation_text(report.bump.message)}")
        if report.stale:
            lines.append(
                f"::error file=generated/{report.vendor}/{report.stale[0]},title=Stale generated code::"
                f"generated/{report.vendor}/ differs from its spec in {len(report.stale)} file(s): run make generate"
            )
        for index, change in enumerate(report.changes):
            kind = {Level.BREAKING: "error" if report.bump and not report.bump.ok else "warning"}.get(change.level, "notice")
            where = _file_line(report.location(index))
            props = ",".join(p for p in (where, f"title={change.rule}") if p)
            lines.append(f"::{kind} {props}::{_annotation_text(f'{change.subject}: {change.message}')}")
    return "".join(line + "\n" for line in lines)


def to_junit(reports: list[VendorReport], base: str, head: str) -> str:
    """JUnit XML: per vendor, the checks that can fail (spec readable, version bump, generated code current)."""
    cases = []
    for report in reports:
        checks = [
            ("spec readable", report.error),
            ("version bump", report.bump.message if report.bump and not report.bump.ok else None),
            ("generated code current", f"differs in: {', '.join(report.stale)}" if report.stale else None),
        ]
        summary = "\n".join(
            f"{c.level.value} {c.rule}: {c.subject}: {c.message} ({report.location(i)})" for i, c in enumerate(report.changes)
        )
        for name, failure in checks:
            body = f"<failure message={quoteattr(failure.splitlines()[0])}>{escape(failure)}</failure>" if failure else ""
            out = f"<system-out>{escape(summary)}</system-out>" if summary and name == "version bump" else ""
            cases.append(f"  <testcase classname={quoteattr('api-review.' + report.vendor)} name={quoteattr(name)}>{body}{out}</testcase>")
    failures = sum(1 for c in cases if "<failure" in c)
    header = f'<testsuite name={quoteattr(f"api review {base} -> {head}")} tests="{len(cases)}" failures="{failures}">'
    return "\n".join(['<?xml version="1.0" encoding="utf-8"?>', header, *cases, "</testsuite>"]) + "\n"
