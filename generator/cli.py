"""Command line: generate clients, check they are current, and the review/test tools around them."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import __version__
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
  python -m generator drift xentral            our spec against the vendor's published OpenAPI files
  python -m generator mock gestix --port 8080  serve recordings over HTTP
"""


class Progress:
    """Stage timings on stderr: shown on a terminal (or with --verbose), never with --quiet."""

    def __init__(self, verbosity: int) -> None:
        self.enabled = verbosity > 0 or (verbosity == 0 and sys.stderr.isatty())
        self._started = time.perf_counter()

    def __call__(self, vendor: str, stage: str, seconds: float) -> None:
        if self.enabled:
            print(f"  {vendor}: {stage} {seconds:.2f}s", file=sys.stderr, flush=True)

    def total(self) -> float:
        return time.perf_counter() - self._started


def resolve_spec(argument: str) -> Path | None:
    """A spec path, or a vendor name standing for specs/<vendor>/openapi.yaml (as `mock gestix` accepts)."""
    from .pipeline import ROOT

    path = Path(argument)
    looks_like_a_path = os.sep in argument or "/" in argument or path.suffix.lower() in (".yaml", ".yml", ".json")
    if path.exists() or looks_like_a_path:
        return path  # the pipeline reports a missing or unreadable file with its own located diagnostic
    vendor_spec = ROOT / "specs" / argument / "openapi.yaml"
    return vendor_spec if vendor_spec.is_file() else None


def _unknown_spec(argument: str) -> int:
    from .pipeline import discover_specs

    known = ", ".join(p.parent.name for p in discover_specs()) or "none"
    print(f"error: {argument!r} is neither a spec file nor a vendor under specs/ (vendors: {known})", file=sys.stderr)
    return 2


def _cmd_generate(args: argparse.Namespace) -> int:
    from .pipeline import ROOT, discover_specs, generate_many, vendor_of

    if args.all == bool(args.spec):
        print("error: give a SPEC (a file or a vendor name) or --all, not both", file=sys.stderr)
        return 2
    jobs: list[tuple[Path, Path | None]]
    if args.all:
        jobs = [(path, ROOT / "generated" / path.parent.name) for path in discover_specs()]
    else:
        spec_path = resolve_spec(args.spec)
        if spec_path is None:
            return _unknown_spec(args.spec)
        jobs = [(spec_path, Path(args.output) if args.output else None)]
    progress = Progress(args.verbosity)
    failed = False
    resolved = [(spec, output or ROOT / "generated" / vendor_of(spec)) for spec, output in jobs]
    for result in generate_many(resolved, strict=args.strict, force=args.force, trust_types=args.trust_spec_types):
        for vendor, stage, seconds in result.stages:
            progress(vendor, stage, seconds)
        if result.outcome is None:
            print(result.failure.format() if result.failure is not None else f"{result.spec}: {result.crash}", file=sys.stderr)
            print(f"{result.spec}: generation failed; {result.output} left as it was", file=sys.stderr)
            failed = True
            continue
        for diagnostic in result.outcome.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        if args.verbosity >= 0:
            state = "unchanged, skipped" if result.outcome.skipped else f"generated in {result.seconds:.2f}s"
            print(f"{result.spec} -> {result.output} ({state})")
    return 1 if failed else 0


def _cmd_check(args: argparse.Namespace) -> int:
    from .pipeline import ROOT, check, discover_specs

    stale: dict[str, list[str]] = {}
    specs = discover_specs()
    known = {s.parent.name for s in specs}
    unknown = sorted(set(args.vendors) - known)
    if unknown:
        print(f"error: unknown vendor(s) {', '.join(unknown)} (vendors: {', '.join(sorted(known))})", file=sys.stderr)
        return 2
    for spec in specs:
        vendor = spec.parent.name
        if args.vendors and vendor not in args.vendors:
            continue
        try:
            ok, _, differing = check(spec, ROOT / "generated" / vendor, vendor)
        except SpecError as exc:
            print(exc.diagnostics.format(), file=sys.stderr)
            ok, differing = False, []
        if not ok:
            stale[vendor] = differing
    orphans = sorted(p.name for p in (ROOT / "generated").glob("*") if p.is_dir() and not p.name.startswith(".") and p.name not in known)
    orphans = [] if args.vendors else orphans
    for vendor, differing in stale.items():
        print(f"generated/{vendor} is out of date with specs/{vendor}/: run `make generate`")
        for name in differing[:50]:
            print(f"  {name}")
        if len(differing) > 50:
            print(f"  ... and {len(differing) - 50} more")
    for vendor in orphans:
        print(f"generated/{vendor} has no spec in specs/{vendor}/: remove it")
    if not stale and not orphans:
        print(f"generated/ is up to date ({len(args.vendors) or len(specs)} packages)")
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
        prog=_prog(), description=_DESCRIPTION, epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-v", "--verbose", dest="verbosity", action="store_const", const=1, default=0, help="show stage timings")
    loudness.add_argument("-q", "--quiet", dest="verbosity", action="store_const", const=-1, help="print errors only")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    gen = sub.add_parser(
        "generate",
        help="generate a client package from a spec",
        description="Generate a client package. Output is written atomically: on any error the previous output is left untouched.",
    )
    gen.add_argument("spec", nargs="?", help="path to an OpenAPI 3.0/3.1 document (YAML or JSON), or a vendor name under specs/")
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
    chk = sub.add_parser(
        "check",
        help="exit 1 if generated/ differs from a fresh generation",
        description="Regenerate each vendor in a temporary folder and list the files that differ from generated/.",
    )
    chk.add_argument("vendors", nargs="*", help="only these vendors (default: all)")
    chk.set_defaults(func=_cmd_check)
    helps = {
        "lint": "validate specs and apply the house rules",
        "diff": "API changes between two specs or git revisions, classified",
        "review": "the working tree against the merge base with main",
        "coverage": "recordings per operation, per vendor",
        "drift": "our spec against the vendor's published OpenAPI description(s)",
        "mock": "serve a vendor's recordings over HTTP on 127.0.0.1",
        "dist": "build wheel and sdist for every generated package",
        "publish": "upload the built packages to a package index",
    }
    for name in _DELEGATED:
        # Listed for the top-level help only: main() hands these to the sub-tool's own parser.
        sub.add_parser(name, help=helps[name], add_help=False)
    return parser


def _prog() -> str:
    return "openapi-clientgen" if Path(sys.argv[0]).name == "openapi-clientgen" else "python -m generator"


_DELEGATED = {
    "lint": ("review.lint", "lint_main"),
    "diff": ("review.diff", "diff_main"),
    "review": ("review.diff", "review_main"),
    "coverage": ("conformance.coverage", "coverage_main"),
    "drift": ("review.driftcheck", "drift_main"),
    "mock": ("mock", "mock_main"),
    "dist": ("publish", "dist_main"),
    "publish": ("publish", "publish_main"),
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = next((i for i, a in enumerate(argv) if not a.startswith("-")), None)
    if command is not None and argv[command] in _DELEGATED and set(argv[:command]) <= {"-q", "--quiet", "-v", "--verbose"}:
        # Sub-tools own their options (and their --help).
        return _delegate(*_DELEGATED[argv[command]], argv[command + 1 :])
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args))
