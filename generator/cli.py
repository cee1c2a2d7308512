"""Command line: generate clients, check they are current, and the review/test tools around them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .diagnostics import SpecError

__all__ = ["main"]

_DESCRIPTION = """\
Turn hand-written OpenAPI 3.0/3.1 specs into typed, installable Python clients.

Every specs/<vendor>/openapi.yaml becomes generated/<vendor>/, one package per vendor.
"""

_EPILOG = """\
examples:
  python -m generator generate --all           regenerate every package under generated/
  python -m generator generate spec.yaml -o out/
  python -m generator check                    fail if generated/ is not what the specs give
  python -m generator lint specs/gestix/openapi.yaml
  python -m generator diff main HEAD           API changes between two revisions
  python -m generator coverage                 recordings per operation and vendor
  python -m generator mock gestix --port 8080  serve recordings over HTTP
"""


def _cmd_generate(args: argparse.Namespace) -> int:
    from .pipeline import ROOT, discover_specs, generate

    if args.all == bool(args.spec):
        print("error: give a SPEC or --all (not both)", file=sys.stderr)
        return 2
    jobs = (
        [(path, ROOT / "generated" / path.parent.name) for path in discover_specs()]
        if args.all
        else [(Path(args.spec), Path(args.output) if args.output else None)]
    )
    failed = False
    for spec, output in jobs:
        target = output or ROOT / "generated" / (spec.parent.name if spec.name == "openapi.yaml" else spec.stem)
        try:
            outcome = generate(spec, target, strict=args.strict, force=args.force, trust_types=args.trust_spec_types)
        except SpecError as exc:
            print(exc.diagnostics.format(), file=sys.stderr)
            print(f"{spec}: generation failed; {target} left as it was", file=sys.stderr)
            failed = True
            continue
        for diagnostic in outcome.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        print(f"{spec} -> {target} ({'unchanged, skipped' if outcome.skipped else 'generated'})")
    return 1 if failed else 0


def _cmd_check(args: argparse.Namespace) -> int:
    from .pipeline import ROOT, check, discover_specs

    stale = []
    specs = discover_specs()
    for spec in specs:
        vendor = spec.parent.name
        try:
            ok, _ = check(spec, ROOT / "generated" / vendor, vendor)
        except SpecError as exc:
            print(exc.diagnostics.format(), file=sys.stderr)
            ok = False
        if not ok:
            stale.append(vendor)
    known = {s.parent.name for s in specs}
    orphans = sorted(p.name for p in (ROOT / "generated").glob("*") if p.is_dir() and not p.name.startswith(".") and p.name not in known)
    for vendor in stale:
        print(f"generated/{vendor} is out of date with specs/{vendor}/: run `make generate`")
    for vendor in orphans:
        print(f"generated/{vendor} has no spec in specs/{vendor}/: remove it")
    if not stale and not orphans:
        print(f"generated/ is up to date ({len(specs)} packages)")
    return 1 if stale or orphans else 0


def _delegate(module: str, function: str, argv: list[str]) -> int:
    import importlib

    try:
        entry = getattr(importlib.import_module(f"generator.{module}"), function)
    except (ImportError, AttributeError) as exc:
        print(f"error: this command is not available ({exc})", file=sys.stderr)
        return 2
    return int(entry(argv))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator", description=_DESCRIPTION, epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    gen = sub.add_parser(
        "generate",
        help="generate a client package from a spec",
        description="Generate a client package. Output is written atomically: on any error the previous output is left untouched.",
    )
    gen.add_argument("spec", nargs="?", help="path to an OpenAPI 3.0/3.1 document (YAML or JSON)")
    gen.add_argument("-o", "--output", help="output folder (default: generated/<vendor>)")
    gen.add_argument("--all", action="store_true", help="every specs/<vendor>/openapi.yaml into generated/<vendor>/")
    gen.add_argument("--strict", action="store_true", help="treat warnings as errors")
    gen.add_argument("--force", action="store_true", help="regenerate even when inputs are unchanged")
    gen.add_argument(
        "--trust-spec-types",
        action="store_true",
        help="keep customTypePath/customBasePath/x-python-type/x-python-import: the package will import what the spec names "
        "(only for specs you wrote; off by default)",
    )
    gen.set_defaults(func=_cmd_generate)
    chk = sub.add_parser("check", help="exit 1 if generated/ differs from a fresh generation")
    chk.set_defaults(func=_cmd_check)
    helps = {
        "lint": "validate specs and apply the house rules",
        "diff": "API changes between two specs or git revisions, classified",
        "review": "the working tree against the merge base with main",
        "coverage": "recordings per operation, per vendor",
        "mock": "serve a vendor's recordings over HTTP on 127.0.0.1",
        "dist": "build wheel and sdist for every generated package",
        "publish": "upload the built packages to a package index",
    }
    for name, (module, function) in _DELEGATED.items():
        extra = sub.add_parser(name, help=helps[name], add_help=False, description=helps[name])
        extra.add_argument("args", nargs=argparse.REMAINDER)
        extra.set_defaults(func=lambda a, m=module, f=function: _delegate(m, f, ["--help"] if not a.args else a.args))
    return parser


_DELEGATED = {
    "lint": ("review.lint", "lint_main"),
    "diff": ("review.diff", "diff_main"),
    "review": ("review.diff", "review_main"),
    "coverage": ("conformance.coverage", "coverage_main"),
    "mock": ("mock", "mock_main"),
    "dist": ("publish", "dist_main"),
    "publish": ("publish", "publish_main"),
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in _DELEGATED and not {"-h", "--help"} & set(argv[1:2]):
        # Sub-tools own their options; argparse.REMAINDER would reject a leading `--option`.
        return _delegate(*_DELEGATED[argv[0]], argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args))
