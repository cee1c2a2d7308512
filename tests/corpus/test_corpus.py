"""Generality: every real-world spec in ../shared/corpus generates a client that imports and passes mypy --strict."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostics, SpecError
from generator.load import load_document
from generator.pipeline import render_tree
from generator.spec.bundle import bundle
from generator.spec.refs import resolve_pointer
from tests.conftest import SHARED

from .conftest import RESULTS

CORPUS = SHARED / "corpus" / "specs"
SPECS = sorted(p.name for p in CORPUS.glob("*")) if CORPUS.is_dir() else []

# Known failures, kept visible: strict, so a fix shows up as XPASS and this entry must go.
KNOWN_FAILURES: dict[str, str] = {}


_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _declared_operations(path: Path) -> set[tuple[str, str]]:
    """(METHOD, path template) for every operation the spec declares, read from the document itself (with its
    includes, path items behind a local $ref followed), not from anything the generator derived."""
    document, _ = bundle(load_document(path), Diagnostics())
    root = document.data
    found = set()
    for url, item in (root.get("paths") or {}).items():
        seen = 0
        while isinstance(item, dict) and isinstance(item.get("$ref"), str) and item["$ref"].startswith("#/") and seen < 20:
            try:
                item = resolve_pointer(root, item["$ref"])
            except KeyError:
                break  # a path item pointing nowhere declares no operation
            seen += 1
        if isinstance(item, dict):
            found |= {(method.upper(), url) for method in _METHODS if isinstance(item.get(method), dict)}
    return found


def _record(row: dict[str, object]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{row['spec']}.json").write_text(json.dumps(row))


def test_corpus_is_present() -> None:
    if not SPECS:
        pytest.skip(f"{CORPUS} is absent: the corpus lives in ../shared/corpus/specs and is never copied here")
    assert len(SPECS) >= 20


@pytest.mark.slow
@pytest.mark.timeout(600)  # mypy/generation runs take minutes on a loaded machine; still bounded
@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[n])) if n in KNOWN_FAILURES else n for n in SPECS]
)
def test_corpus_spec(name: str, tmp_path: Path) -> None:
    row: dict[str, object] = {"spec": name, "generate": False, "import": False, "mypy": False, "detail": ""}
    vendor = "corpus_" + "".join(c if c.isalnum() else "_" for c in Path(name).stem)
    out = tmp_path / vendor
    try:
        try:
            render_tree(CORPUS / name, vendor, out, Diagnostics())
        except SpecError as exc:
            row["detail"] = exc.diagnostics.errors[0].format() if exc.diagnostics.errors else str(exc)
            raise
        row["generate"] = True
        package = next(p.name for p in out.iterdir() if (p / "__init__.py").exists())
        script = (
            "import importlib, json, pkgutil, sys\n"
            f"m = importlib.import_module({package!r})\n"
            "[importlib.import_module(i.name) for i in pkgutil.walk_packages(m.__path__, m.__name__ + '.')]\n"
            f"ops = importlib.import_module({package + '._operations'!r})\n"
            "spec = importlib.import_module(" + repr(package + "._runtime") + ").OperationSpec\n"
            "print(json.dumps(sorted({(o.method.upper(), o.path) for o in vars(ops).values() if isinstance(o, spec)})))\n"
        )
        imported = subprocess.run([sys.executable, "-c", script], cwd=out, capture_output=True, text=True, check=False)
        row["import"] = imported.returncode == 0
        if not row["import"]:
            row["detail"] = imported.stderr.strip().splitlines()[-1] if imported.stderr.strip() else "import failed"
        assert imported.returncode == 0, imported.stderr[-3000:]
        generated = {(method, path) for method, path in json.loads(imported.stdout.strip().splitlines()[-1])}
        declared = _declared_operations(CORPUS / name)
        dropped = sorted(declared - generated)
        row["operations"], row["dropped"] = len(declared), [f"{m} {p}" for m, p in dropped]
        if dropped:
            row["detail"] = f"{len(dropped)} operation(s) dropped, first {dropped[0][0]} {dropped[0][1]}"
        assert not dropped, f"operations in the spec with no generated method: {dropped[:10]}"
        typed = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--cache-dir", str(tmp_path / "mypy"), package],
            cwd=out,
            capture_output=True,
            text=True,
            check=False,
        )
        row["mypy"] = typed.returncode == 0
        if not row["mypy"]:
            row["detail"] = typed.stdout.strip().splitlines()[-1]
        assert typed.returncode == 0, typed.stdout[-3000:]
    finally:
        _record(row)
