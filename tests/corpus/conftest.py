"""Collects one result per corpus spec and prints the generality rate at the end of the run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

RESULTS = Path(__file__).resolve().parents[2] / ".cache" / "corpus-results"


def pytest_sessionstart(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):
        RESULTS.mkdir(parents=True, exist_ok=True)
        for old in RESULTS.glob("*.json"):
            old.unlink()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    rows = [json.loads(p.read_text()) for p in sorted(RESULTS.glob("*.json"))] if RESULTS.is_dir() else []
    if not rows:
        return
    passed = [r for r in rows if r["generate"] and r["import"] and r["mypy"]]
    terminalreporter.section("corpus generality")
    for row in rows:
        flags = " ".join(f"{k}={'ok' if row[k] else 'FAIL'}" for k in ("generate", "import", "mypy"))
        terminalreporter.write_line(f"  {row['spec']:<32} {flags}  {row.get('detail', '')[:90]}")
    terminalreporter.write_line(f"corpus: {len(passed)} of {len(rows)} specs generate, import and pass mypy --strict")
