"""Generality: every real-world spec in ../shared/corpus generates a client that imports and passes mypy --strict."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

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


def _deref(root: Any, node: Any) -> Any:
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/") and seen < 20:
        try:
            node = resolve_pointer(root, node["$ref"])
        except KeyError:
            return None  # pointing nowhere: declares nothing
        seen += 1
    return node


def _declared_operations(path: Path) -> set[tuple[str, str, str, str]]:
    """(METHOD, path template, "", "") for every operation the spec declares and (METHOD, path, name, location)
    for each of its parameters (the path item's and its own), read from the document itself (includes merged,
    local $refs followed), not from anything the generator derived."""
    document, _ = bundle(load_document(path), Diagnostics())
    root = document.data
    found: set[tuple[str, str, str, str]] = set()
    for url, item in (root.get("paths") or {}).items():
        item = _deref(root, item)
        if not isinstance(item, dict):
            continue
        shared = [_deref(root, p) for p in item.get("parameters") or []]
        for method in _METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            found.add((method.upper(), url, "", ""))
            for parameter in shared + [_deref(root, p) for p in operation.get("parameters") or []]:
                if isinstance(parameter, dict) and isinstance(parameter.get("name"), str):
                    found.add((method.upper(), url, parameter["name"], str(parameter.get("in"))))
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
            "found = [o for o in vars(ops).values() if isinstance(o, spec)]\n"
            "print(json.dumps(sorted({(o.method.upper(), o.path, p.name, p.location) for o in found for p in o.params}"
            " | {(o.method.upper(), o.path, '', '') for o in found})))\n"
        )
        imported = subprocess.run([sys.executable, "-c", script], cwd=out, capture_output=True, text=True, check=False)
        row["import"] = imported.returncode == 0
        if not row["import"]:
            row["detail"] = imported.stderr.strip().splitlines()[-1] if imported.stderr.strip() else "import failed"
        assert imported.returncode == 0, imported.stderr[-3000:]
        generated = {tuple(entry) for entry in json.loads(imported.stdout.strip().splitlines()[-1])}
        declared = _declared_operations(CORPUS / name)
        dropped = sorted(declared - generated)
        row["operations"] = sum(1 for entry in declared if not entry[2])
        row["parameters"] = len(declared) - row["operations"]
        row["dropped"] = [" ".join(e for e in entry if e) for entry in dropped]
        if dropped:
            row["detail"] = f"{len(dropped)} operation(s) or parameter(s) dropped, first {row['dropped'][0]}"
        assert not dropped, f"operations or parameters in the spec with nothing generated for them: {row['dropped'][:10]}"
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
