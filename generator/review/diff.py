"""`python -m generator diff BASE HEAD` and `make review`: what a spec change does to callers.

BASE and HEAD are each a spec file, a folder holding specs/, `REV:path`, or a bare git revision (every
specs/*/openapi.yaml at that revision). For each vendor: the classified API changes (specdiff), the version
bump they need against the `x-codegen.version` change (bump), and the generated package's public API
change (codesummary). Exit 1 when a bump is too small or a spec cannot be read, so CI can gate on it.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

from ..diagnostics import SpecError
from ..load import join_pointer
from .bump import check_bump
from .codesummary import CodeChange, diff_api, public_api
from .report import FORMATS, VendorReport, render
from .sources import EmptyTree, GitTree, Locate, Tree, WorkTree, load_located_spec, merge_base, resolve_revision, vendor_specs
from .specdiff import Change, diff_specs

__all__ = ["Change", "compare_trees", "diff_main", "diff_specs", "review_main"]

Pairs = dict[str, tuple[str | None, str | None]]


def _side(repo: Path, arg: str) -> tuple[Tree, dict[str, str], bool]:
    """(tree, vendor -> spec path, whether a single spec was named) for one command-line side."""
    path = Path(arg)
    if path.is_file():
        resolved, root = path.resolve(), repo.resolve()
        if root in resolved.parents:
            return WorkTree(root, label=arg), {resolved.parent.name: resolved.relative_to(root).as_posix()}, True
        return WorkTree(resolved.parent, label=arg), {resolved.parent.name: resolved.name}, True
    if path.is_dir():
        tree = WorkTree(path, label=arg)
        return tree, vendor_specs(tree), False
    rev, _, spec = arg.partition(":")
    commit = resolve_revision(repo, rev)
    if commit is None:
        raise ValueError(f"{arg!r} is neither a file, a folder nor a git revision")
    git_tree = GitTree(repo, commit, label=rev)
    if spec:
        return git_tree, {Path(spec).parent.name: spec}, True
    return git_tree, vendor_specs(git_tree), False


def _pairs(base: dict[str, str], head: dict[str, str], single: bool) -> Pairs:
    if single and len(base) == 1 and len(head) == 1:
        return {next(iter(head)): (next(iter(base.values())), next(iter(head.values())))}
    return {v: (base.get(v), head.get(v)) for v in sorted(base.keys() | head.keys())}


def compare_trees(base: Tree, head: Tree, pairs: Pairs) -> list[VendorReport]:
    return [_compare_vendor(base, head, vendor, paths) for vendor, paths in pairs.items()]


def _compare_vendor(base: Tree, head: Tree, vendor: str, paths: tuple[str | None, str | None]) -> VendorReport:
    specs = []
    for tree, path in ((base, paths[0]), (head, paths[1])):
        try:
            specs.append(load_located_spec(tree, path) if path else None)
        except SpecError as exc:
            return VendorReport(vendor, "error", error=f"{tree.label}: cannot read {path}:\n{exc.diagnostics.format()}")
    old, new = specs
    code, notes = _code_changes(base, head, vendor)
    if old is None or new is None:
        version = (new or old or (None, None))[0] or {}
        bump = check_bump(None, version.get("x-codegen", {}).get("version"), []) if new is not None else None
        return VendorReport(vendor, "added" if new is not None else "removed", bump=bump, code=code, notes=notes)
    changes = diff_specs(old[0], new[0])
    bump = check_bump(old[0].get("x-codegen", {}).get("version"), new[0].get("x-codegen", {}).get("version"), changes)
    locations = [_locate(change, old[1], new[1]) for change in changes]
    return VendorReport(vendor, "changed" if changes else "unchanged", changes, bump, code, notes, locations=locations)


_OPERATION = re.compile(r"^(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS|TRACE) (/\S*)")
_SUBJECT_POINTERS = (("x-codegen.", "/x-codegen/"), ("securitySchemes.", "/components/securitySchemes/"), ("servers", "/servers"))


def _locate(change: Change, before: Locate, after: Locate) -> str:
    """`file:line` of the change in the head spec (in the base spec for something removed)."""
    locate = before if change.rule.endswith("-removed") and change.rule.startswith("operation") else after
    for text in (change.subject, *change.operations):
        match = _OPERATION.match(text)
        if match:
            return locate(join_pointer("/paths", match.group(2), match.group(1).lower()))
    for prefix, pointer in _SUBJECT_POINTERS:
        if change.subject.startswith(prefix):
            return locate(pointer + change.subject[len(prefix) :].split(" ")[0].replace("/", "~1"))
    return locate("")


def _stale_generated(repo: Path, reports: list[VendorReport]) -> None:
    """A spec changed without `make generate`: the wheel `dist` would build would not match its API."""
    from ..pipeline import check

    for report in reports:
        spec, output = repo / "specs" / report.vendor / "openapi.yaml", repo / "generated" / report.vendor
        if report.error or not spec.is_file():
            continue
        try:
            ok, _diagnostics, differing = check(spec, output, report.vendor)
        except SpecError as exc:
            report.error = f"specs/{report.vendor}/openapi.yaml does not generate:\n{exc.diagnostics.format()}"
            continue
        if not ok:
            report.stale = differing


def _code_changes(base: Tree, head: Tree, vendor: str) -> tuple[list[CodeChange], list[str]]:
    prefix = f"generated/{vendor}"
    apis, notes = [], []
    for tree in (base, head):
        files = [f for f in tree.files(prefix) if f.endswith(".py")]
        if not files:
            notes.append(f"{prefix}/ is not present at {tree.label}: no code summary for that side")
        sources = tree.read_many(files)
        apis.append(public_api({path[len(prefix) + 1 :]: text for path, text in sources.items()}))
    if len(notes) == 2:
        return [], [f"{prefix}/ is present at neither side: no code summary"]
    if notes:
        return [], notes
    return diff_api(apis[0], apis[1]), notes


def _emit(reports: list[VendorReport], fmt: str, base: str, head: str, note: str = "") -> int:
    print(render(fmt, reports, base, head, note), end="")
    return 0 if all(r.ok for r in reports) else 1


_EXIT_CODES = "exit codes: 0 every bump is enough; 1 findings (bump too small, spec unreadable, generated/ stale); 2 usage error"


def _parser(prog: str, description: str, extra: Callable[[argparse.ArgumentParser], None]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=description, epilog=_EXIT_CODES)
    extra(parser)
    parser.add_argument(
        "--format", choices=FORMATS, default="markdown", help="markdown for a PR comment, json, github (workflow annotations), junit"
    )
    parser.add_argument("--repo", type=Path, default=Path(), help="git repository (default: current folder)")
    return parser


def diff_main(argv: list[str]) -> int:
    """Exit 0 when every bump is big enough, 1 when one is too small or a spec is unreadable, 2 on bad input."""

    def positional(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("base", help="spec file, folder, REV:path or git revision")
        parser.add_argument("head", help="spec file, folder, REV:path or git revision")

    args = _parser("python -m generator diff", "Classify the API changes between two versions of the specs.", positional).parse_args(argv)
    try:
        base_tree, base_specs, base_single = _side(args.repo, args.base)
        head_tree, head_specs, head_single = _side(args.repo, args.head)
    except ValueError as exc:
        print(f"diff: {exc}", file=sys.stderr)
        return 2
    reports = compare_trees(base_tree, head_tree, _pairs(base_specs, head_specs, base_single or head_single))
    return _emit(reports, args.format, base_tree.label, head_tree.label)


def review_main(argv: list[str]) -> int:
    """`make review`: the working tree against the merge base with main (or HEAD when on main)."""

    def options(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--base", help="revision to compare against (default: merge base of HEAD and --main)")
        parser.add_argument("--main", default="main", help="the branch pull requests go into")
        parser.add_argument(
            "--no-generated-check", action="store_true", help="skip regenerating each vendor to prove generated/ matches its spec"
        )

    args = _parser("python -m generator review", "Review the working tree's spec changes against main.", options).parse_args(argv)
    base: Tree
    if args.base:
        commit = resolve_revision(args.repo, args.base)
        if commit is None:
            print(f"review: {args.base!r} is not a git revision", file=sys.stderr)
            return 2
        base, note = GitTree(args.repo, commit, label=args.base), ""
    else:
        found, note = merge_base(args.repo, args.main)
        base = GitTree(args.repo, found, label=found[:12]) if found else EmptyTree(label="(no commits)")
        note = f"Compared against {note}."
    head = WorkTree(args.repo, label="working tree")
    reports = compare_trees(base, head, _pairs(vendor_specs(base), vendor_specs(head), False))
    if not args.no_generated_check:
        _stale_generated(args.repo, reports)
    return _emit(reports, args.format, base.label, head.label, note)
