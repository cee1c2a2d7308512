"""`python -m generator lint`: OpenAPI validity plus our house rules, every finding at file:line:col.

The load, bundle (`x-codegen.include`), ref and OpenAPI checks are the spec stage's own, so lint and
`generate` never disagree about what is wrong; lint adds the house rules of rules.py and examples.py.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ..diagnostics import Diagnostic, Diagnostics, SpecError
from ..load import LoadedDocument, load_document
from ..spec.bundle import bundle
from ..spec.refs import check_refs
from ..spec.validate import validate_openapi
from .examples import SchemaChecker, example_rule, recording_rule
from .rules import HOUSE_RULES

__all__ = ["default_specs", "lint", "lint_document", "lint_main"]

#: validator messages without a location that a house rule already reports at the right place
_LOCATED_BY_HOUSE_RULES = re.compile(r"^Operation ID '.*' is not unique|^Path parameter '.*' was not resolved")


def default_specs(root: Path = Path()) -> list[Path]:
    return sorted(root.glob("specs/*/openapi.yaml"))


def lint(paths: list[Path]) -> Diagnostics:
    """Every problem in every spec, collected (a broken spec never stops the others from being checked)."""
    diagnostics = Diagnostics()
    for path in paths:
        found = Diagnostics()
        try:
            document, _files = bundle(load_document(path), found)
        except SpecError as exc:
            diagnostics.extend(found)
            diagnostics.extend(exc.diagnostics)
            continue
        diagnostics.extend(found)
        diagnostics.extend(lint_document(document))
    return diagnostics


def lint_document(document: LoadedDocument) -> list[Diagnostic]:
    found = Diagnostics()
    if check_refs(document, found):
        validated = Diagnostics()
        validate_openapi(document, validated)
        found.extend(d for d in validated if d.pointer or not _LOCATED_BY_HOUSE_RULES.match(d.message))
    for rule in HOUSE_RULES:
        found.extend(rule(document))
    checker = SchemaChecker(document.data)
    found.extend(example_rule(document, checker))
    found.extend(recording_rule(document, checker))
    return list(found)


def lint_main(argv: list[str]) -> int:
    """Exit 1 when any error was found (or any warning, with --strict); 2 when there is nothing to lint."""
    parser = argparse.ArgumentParser(prog="python -m generator lint", description="Check specs: OpenAPI validity and house rules.")
    parser.add_argument("paths", nargs="*", type=Path, help="spec files (default: specs/*/openapi.yaml)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--strict", action="store_true", help="warnings fail too")
    args = parser.parse_args(argv)
    paths: list[Path] = args.paths or default_specs()
    if not paths:
        print("lint: no specs found (specs/*/openapi.yaml)", file=sys.stderr)
        return 2
    diagnostics = lint(paths)
    output = diagnostics.to_json() if args.format == "json" else diagnostics.format()
    if output:
        print(output)
    print(f"lint: {len(diagnostics.errors)} errors, {len(diagnostics.warnings)} warnings in {len(paths)} spec(s)", file=sys.stderr)
    return 1 if diagnostics.failed(strict=args.strict) else 0
