"""generated/ is exactly what the specs and templates give, and generating twice gives the same bytes."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostics
from generator.pipeline import ROOT, render_tree, tree_digest
from tests.conftest import vendors


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts
    }


def _report(fresh: Path, committed: Path, vendor: str) -> str:
    new, old = _files(fresh), _files(committed) if committed.is_dir() else {}
    lines = [f"generated/{vendor} differs from a fresh generation of specs/{vendor}/ (update it: make generate, then commit)"]
    for name in sorted(set(new) | set(old)):
        if new.get(name) == old.get(name):
            continue
        if name not in old or name not in new:
            lines.append(f"  {'added' if name in new else 'removed'}: {name}")
            continue
        diff = difflib.unified_diff(
            old[name].decode(errors="replace").splitlines(),
            new[name].decode(errors="replace").splitlines(),
            f"committed/{name}",
            f"fresh/{name}",
            lineterm="",
            n=1,
        )
        lines.extend(list(diff)[:40])
    return "\n".join(lines[:200])


@pytest.mark.parametrize("vendor", vendors())
def test_generated_matches_a_fresh_generation(vendor: str, tmp_path: Path) -> None:
    fresh = tmp_path / vendor
    render_tree(ROOT / "specs" / vendor / "openapi.yaml", vendor, fresh, Diagnostics())
    committed = ROOT / "generated" / vendor
    assert committed.is_dir() and tree_digest(fresh) == tree_digest(committed), _report(fresh, committed, vendor)


def test_generation_is_deterministic(tmp_path: Path) -> None:
    spec = ROOT / "specs" / "gestix" / "openapi.yaml"
    if not spec.exists():
        pytest.skip("no gestix spec")
    first, second = tmp_path / "a", tmp_path / "b"
    render_tree(spec, "gestix", first, Diagnostics())
    render_tree(spec, "gestix", second, Diagnostics())
    assert _files(first) == _files(second)


def test_unchanged_inputs_skip_work(tmp_path: Path) -> None:
    from generator.pipeline import generate

    spec = tmp_path / "s" / "openapi.yaml"
    spec.parent.mkdir()
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: Skip, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {'200': {description: ok}}\n"
    )
    out = tmp_path / "out"
    assert generate(spec, out, vendor="skiptest").skipped is False
    assert generate(spec, out, vendor="skiptest").skipped is True
    (out / "README.md").write_text("hand edit\n")
    assert generate(spec, out, vendor="skiptest").skipped is False, "a hand-edited output must be regenerated"
