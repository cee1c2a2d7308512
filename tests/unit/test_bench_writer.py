"""`make bench BENCH_WRITE=1` puts its table into the README between markers and nowhere else."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module  # its dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def test_the_table_replaces_only_the_marked_block(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bench = _bench()
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\nbefore\n\n{bench._BLOCK_START}\nold table\n{bench._BLOCK_END}\n\nafter\n")
    monkeypatch.setattr(bench, "README", readme)
    assert bench._write_readme_block("| new | table |", "measured now")
    text = readme.read_text()
    assert "old table" not in text
    assert text.startswith("# Title\n\nbefore\n\n") and text.endswith("\n\nafter\n")
    assert f"{bench._BLOCK_START}\n| new | table |\n\nmeasured now\n{bench._BLOCK_END}" in text
    assert bench._write_readme_block("| again |", "later")  # the markers survive a write
    assert "| new | table |" not in readme.read_text() and "| again |" in readme.read_text()


def test_a_readme_without_markers_is_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bench = _bench()
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n")
    monkeypatch.setattr(bench, "README", readme)
    assert not bench._write_readme_block("| t |", "c")
    assert readme.read_text() == "# Title\n"


def test_the_project_readme_has_the_markers() -> None:
    bench = _bench()
    text = (ROOT / "README.md").read_text()
    assert text.count(bench._BLOCK_START) == 1 and text.count(bench._BLOCK_END) == 1
    assert text.index(bench._BLOCK_START) < text.index(bench._BLOCK_END)
