"""Mutation check, run on demand (`make mutate`), never in CI: does `make test-fast` catch single-line bugs?

Each mutation below is one line changed in the runtime, the IR, the model generation, a template or a
generated file. For each, in a throwaway copy of the repository (never the working tree): apply it,
regenerate the packages when the line is generator input, run the fast tier with `-x`, and report
caught / survived, the test that caught it and the time to catch. Tests that already fail on the
unmutated copy are measured once and deselected, so a known failure cannot pass for a catch.

    python tools/mutate.py                 # every mutation
    python tools/mutate.py -k unwrap       # the ones whose id contains "unwrap"
    python tools/mutate.py --list

Add to MUTATIONS whenever a bug slips through review: the list is meant to grow.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Cheap, sharp tiers first so a catch is reported early (-x); the rest of tests/ after them (= make test-fast).
_FIRST = ("runtime", "unit", "functional", "conformance")


def _fast_args(repo: Path) -> list[str]:
    folders = sorted(p.name for p in (repo / "tests").iterdir() if p.is_dir() and p.name not in {"recordings", "specs", "__pycache__"})
    ordered = [f for f in _FIRST if f in folders] + [f for f in folders if f not in _FIRST]
    return ["-m", "not slow", *(f"tests/{f}" for f in ordered)]


@dataclass(frozen=True)
class Mutation:
    id: str
    file: str  # relative to the repository root
    find: str  # must occur exactly once in the file
    replace: str
    what: str
    regenerate: bool = True  # generator input changed: regenerate generated/ before testing
    deselect: tuple[str, ...] = ()  # tests that would catch it for the wrong reason (e.g. golden on a hand edit)


MUTATIONS: tuple[Mutation, ...] = (
    # --- the three bugs issue 14 names ---
    Mutation(
        "ir-retrieve-unwrap-ignored",
        "generator/ir/methods.py",
        'unwrap = _unwrap_pointers(variant.get("unwrap") if variant is not None else op.get("x-unwrap"))',
        'unwrap = _unwrap_pointers(op.get("x-unwrap"))',
        "x-variants lose their unwrap pointer: Wisedat retrieve returns the envelope, Gestix retrieve a list",
    ),
    Mutation(
        "model-alias-documentSeries-dropped",
        "generated/gestix/gestix_client/models.py",
        'Field(alias="documentSeries", ',
        "Field(",
        "one field alias dropped in a generated model: documentSeries lands in model_extra",
        regenerate=False,
        deselect=("tests/golden",),  # golden would flag any hand edit; the question is whether conformance sees it
    ),
    Mutation(
        "runtime-path-slash-unencoded",
        "generator/runtime/_params.py",
        'return quote(text, safe=",")',
        'return quote(text, safe=",/")',
        "a `/` in a path value is not percent-encoded (the route changes)",
    ),
    # --- runtime ---
    Mutation(
        "runtime-path-not-encoded",
        "generator/runtime/_params.py",
        'return quote(text, safe=",")',
        "return text",
        "path values are not percent-encoded at all",
    ),
    Mutation(
        "runtime-relogin-unbounded",
        "generator/runtime/_engine.py",
        "            relogged = True\n",
        "            relogged = False\n",
        "a refused session token re-logs in forever (must fail by the runtime bound or the timeout, never hang)",
    ),
    Mutation(
        "runtime-unwrap-ignored",
        "generator/runtime/_response.py",
        "    if op.unwrap:\n",
        "    if False:\n",
        "the runtime ignores x-unwrap and hands over the envelope",
    ),
    Mutation(
        "runtime-python-name-read-by-name",
        "generator/runtime/_response.py",
        "    if mentions_python_names(cast_to, response.content):\n",
        "    if False:\n",
        "a key sent under a field's python name (pdf_url for pdfUrl) is read by pydantic and dumps back under the alias",
    ),
    Mutation(
        "runtime-error-class-generic",
        "generator/runtime/_exceptions.py",
        "cls = _STATUS_CLASSES.get(status, InternalServerError if status >= 500 else APIStatusError)",
        "cls = InternalServerError if status >= 500 else APIStatusError",
        "every 4xx raises the generic APIStatusError instead of NotFoundError, ConflictError, ...",
    ),
    Mutation(
        "runtime-bool-query-capitalised",
        "generator/runtime/_params.py",
        'return "true" if value else "false"',
        "return str(value)",
        "booleans go on the wire as True/False",
    ),
    Mutation(
        "runtime-offset-paging-off-by-one",
        "generator/runtime/_pagination.py",
        "spec.offset_param: (_int(params.get(spec.offset_param)) or 0) + count}",
        "spec.offset_param: (_int(params.get(spec.offset_param)) or 0) + count + 1}",
        "offset pagination skips one record per page",
    ),
    Mutation(
        "runtime-page-paging-stops-early",
        "generator/runtime/_pagination.py",
        "        more = current < total_pages\n",
        "        more = current < total_pages - 1\n",
        "page-number pagination stops one page early when the vendor reports the page count",
    ),
    Mutation(
        "runtime-bare-list-items-dropped",
        "generator/runtime/_pagination.py",
        "found = raw if isinstance(raw, list) else []",
        "found = []",
        "a bare JSON list (Gestix) yields no items",
    ),
    Mutation(
        "runtime-request-body-python-names",
        "generator/runtime/_json.py",
        'return value.model_dump(mode="json", by_alias=True, exclude_unset=True)',
        'return value.model_dump(mode="json", exclude_unset=True)',
        "request bodies built from models are sent with Python names instead of the wire names",
    ),
    Mutation(
        "runtime-created-id-from-whole-location",
        "generator/runtime/_response.py",
        "return Created(id=match.group(1) if match and match.groups() else None, location=location)",
        "return Created(id=location, location=location)",
        "Created.id is the whole Location URL",
    ),
    # --- IR ---
    Mutation(
        "ir-integer-hint-float",
        "generator/ir/types.py",
        '        if kind == "integer":\n            return "int"',
        '        if kind == "integer":\n            return "float"',
        "integer parameters and results are annotated float",
    ),
    Mutation(
        "ir-pagination-dropped",
        "generator/ir/methods.py",
        'pagination = op.get("x-pagination") if variant is None and isinstance(op.get("x-pagination"), dict) else None',
        "pagination = None",
        "list methods lose auto-pagination and return the raw page",
    ),
    # --- model generation ---
    Mutation(
        "models-extra-fields-ignored",
        "generator/models.py",
        '"extra_fields": "allow",',
        '"extra_fields": "ignore",',
        "undeclared keys are silently dropped from every model",
    ),
    Mutation(
        "models-no-snake-case",
        "generator/models.py",
        '"snake_case_field": True,',
        '"snake_case_field": False,',
        "model attributes keep the wire names (camelCase) instead of Python names",
    ),
    # --- templates ---
    Mutation(
        "template-nonce-dropped",
        "templates/_operations.py.jinja",
        "{% if op.nonce_param %}",
        "{% if False %}",
        "the Gestix nonce is never sent",
    ),
    Mutation(
        "template-security-dropped",
        "templates/_operations.py.jinja",
        "{% if op.security %}",
        "{% if False %}",
        "operations forget their security requirement (no Authorization, no login)",
    ),
)


def _copy(target: Path) -> Path:
    """A throwaway copy of the working tree beside a link to ../shared, so the suite sees what CI sees."""
    repo = target / "repo"
    shutil.copytree(
        ROOT,
        repo,
        symlinks=True,
        ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", "dist", ".cache"),
    )
    shared = ROOT.parent / "shared"
    if shared.exists():
        (target / "shared").symlink_to(shared)
    return repo


def _apply(repo: Path, mutation: Mutation) -> None:
    path = repo / mutation.file
    text = path.read_text(encoding="utf-8")
    count = text.count(mutation.find)
    if count != 1:
        raise SystemExit(f"{mutation.id}: {mutation.file} holds the line {count} times, expected once: {mutation.find!r}")
    path.write_text(text.replace(mutation.find, mutation.replace), encoding="utf-8")


def _regenerate(repo: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "generator", "generate", "--all"], cwd=repo, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"generation failed: {(done.stdout + done.stderr)[-2000:]}")


def _pytest(repo: Path, extra: list[str], workers: int) -> tuple[int, str, float]:
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "PYTEST_ADDOPTS"}}
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rf", "-n", str(workers), *extra, *_fast_args(repo)]
    started = time.monotonic()
    done = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
    return done.returncode, done.stdout + done.stderr, time.monotonic() - started


_FAILED = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.M)


def baseline(workdir: Path, workers: int) -> list[str]:
    repo = _copy(workdir / "baseline")
    _code, output, took = _pytest(repo, [], workers)
    failing = sorted(set(_FAILED.findall(output)))
    summary = output.strip().splitlines()[-1] if output.strip() else ""
    print(f"baseline: {summary} ({took:.0f} s); {len(failing)} failing tests deselected from every mutation run", flush=True)
    shutil.rmtree(workdir / "baseline", ignore_errors=True)
    return failing


def run_one(workdir: Path, mutation: Mutation, known: list[str], workers: int) -> dict[str, str]:
    place = workdir / mutation.id
    repo = _copy(place)
    try:
        _apply(repo, mutation)
        if mutation.regenerate:
            _regenerate(repo)
        extra = ["-x"] + [f"--deselect={n}" for n in known] + [f"--deselect={d}" for d in mutation.deselect]
        code, output, took = _pytest(repo, extra, workers)
    except RuntimeError as exc:
        return {"id": mutation.id, "verdict": "caught (generation)", "by": str(exc)[:200], "seconds": "-"}
    finally:
        shutil.rmtree(place, ignore_errors=True)
    failed = _FAILED.findall(output)
    verdict = "caught" if code != 0 and failed else ("survived" if code == 0 else f"error (exit {code})")
    return {
        "id": mutation.id,
        "verdict": verdict,
        "by": failed[0] if failed else output.strip().splitlines()[-1][:200],
        "seconds": f"{took:.0f}",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", dest="select", default="", help="only mutations whose id contains this text")
    parser.add_argument("--list", action="store_true", help="list the mutations and exit")
    parser.add_argument("--workers", type=int, default=2, help="pytest-xdist workers per run (default 2)")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTATIONS if args.select in m.id]
    if args.list:
        for m in chosen:
            print(f"{m.id:<40} {m.file}: {m.what}")
        return 0
    with tempfile.TemporaryDirectory(prefix="mutate-") as tmp:
        workdir = Path(tmp)
        known = baseline(workdir, args.workers)
        rows = []
        for mutation in chosen:
            row = run_one(workdir, mutation, known, args.workers)
            rows.append(row)
            print(f"{row['verdict']:<10} {row['seconds']:>4} s  {row['id']:<40} {row['by']}", flush=True)
    print("\n| mutation | file | verdict | time to catch | caught by |\n|---|---|---|---:|---|")
    by_id = {m.id: m for m in MUTATIONS}
    for row in rows:
        print(f"| {row['id']} | `{by_id[row['id']].file}` | {row['verdict']} | {row['seconds']} s | `{row['by']}` |")
    survived = [r["id"] for r in rows if r["verdict"] != "caught"]
    print(f"\n{len(rows) - len(survived)} of {len(rows)} caught" + (f"; not caught: {', '.join(survived)}" if survived else ""))
    return 1 if survived else 0


if __name__ == "__main__":
    raise SystemExit(main())
