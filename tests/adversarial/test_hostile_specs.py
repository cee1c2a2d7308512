"""The adversarial suite: every hostile or broken input in cases.py through the real command line.

Each case proves: no traceback; a located diagnostic or a package that imports; nothing touched outside the
output folder; no socket opened; importing the package imports nothing the spec chose and runs nothing; a
failed run leaves the previous output byte for byte. The one-line tally is printed at the end of the run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from .cases import CASES
from .harness import (
    CANARY,
    Case,
    digest_or_none,
    foreign_imports,
    import_package,
    previous_output,
    run_cli,
    side_effects,
    snapshot,
)

TALLY = Path(__file__).resolve().parent.parent.parent / ".cache" / "adversarial"
_LOCATED = re.compile(r"^(?P<file>[^\n]+?)(:\d+:\d+)?: (error|warning)\[(?P<code>[a-z0-9.-]+)\]", re.M)


def _write_spec(case: Case, folder: Path) -> Path:
    path = folder / case.file_name
    if isinstance(case.spec, bytes):
        path.write_bytes(case.spec)
    elif isinstance(case.spec, str):
        path.write_text(case.spec, encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(case.spec, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")
    return path


def _record(name: str, outcome: str) -> None:
    TALLY.mkdir(parents=True, exist_ok=True)
    (TALLY / f"{name}.json").write_text(json.dumps({"case": name, "outcome": outcome}))


@pytest.mark.timeout(120)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    try:
        _check(case, tmp_path)
    except BaseException:
        _record(case.name, "failed")
        raise
    _record(case.name, "tool" if case.tool else case.expect)


def _check(case: Case, tmp_path: Path) -> None:
    work = tmp_path / "work"
    spec_dir = work / "spec"
    spec_dir.mkdir(parents=True)
    out = work / "out"
    if case.previous:
        previous_output(out)
    spec = _write_spec(case, spec_dir)
    if case.setup:
        case.setup(spec_dir)
    canary = work / CANARY
    argv = case.argv(spec, out, work) if case.argv else ["generate", str(spec), "-o", str(out), "--force"]
    before_tree = snapshot(work, skip=out)
    before_out = digest_or_none(out)

    result = run_cli(argv, spec_dir)

    assert result.traceback is None, f"traceback escaped:\n{result.traceback}\nstderr:\n{result.stderr}"
    assert "Traceback (most recent call last)" not in result.stderr, result.stderr
    assert not result.network, f"the generator tried to open a connection: {result.network}"
    assert not canary.exists(), "the spec made the generator run code"
    assert snapshot(work, skip=out) == before_tree, "a file outside the output folder changed"
    if case.tool:
        assert result.exit_code != 0 and result.stderr.strip(), "a misuse must exit non-zero with a message"
        assert len(result.stderr.strip().splitlines()) <= 5, result.stderr
        return
    if case.expect == "diagnostic":
        assert result.exit_code != 0, f"expected a diagnostic, got exit 0\n{result.stdout}\n{result.stderr}"
        found = [m["code"] for m in _LOCATED.finditer(result.stderr)]
        assert found, f"no located diagnostic in:\n{result.stderr}"
        if case.code:
            assert case.code in found, f"expected {case.code}, got {found}:\n{result.stderr}"
        assert digest_or_none(out) == before_out, "a failed run changed the previous output"
        return
    assert result.exit_code == 0, f"expected a package, got exit {result.exit_code}:\n{result.stderr}"
    if case.code:
        assert f"[{case.code}]" in result.stderr, f"expected a warning {case.code}:\n{result.stderr}"
    package, events = import_package(out)
    assert not foreign_imports(package, events), f"importing the package imported {foreign_imports(package, events)}"
    assert not side_effects(events), f"importing the package did {side_effects(events)}"
    assert not canary.exists(), "importing the package ran code from the spec"
    if case.check:
        case.check(out)
