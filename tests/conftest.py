"""Shared fixtures: paths, the shared folder, and a helper that generates and imports a client from a spec."""

from __future__ import annotations

import importlib
import json
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests._suite_policy import pytest_runtest_logreport, pytest_sessionfinish  # noqa: F401  (hooks: unexpected skips fail CI)
from tests._suite_policy import pytest_terminal_summary as _skip_summary

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GENERATED = ROOT / "generated"

for _package_dir in sorted(GENERATED.glob("*")):
    if _package_dir.is_dir() and str(_package_dir) not in sys.path:
        sys.path.insert(0, str(_package_dir))


def pytest_sessionstart(session: pytest.Session) -> None:
    """Start each run with no corpus results (the controller only; xdist workers share the folder)."""
    from tests.corpus.conftest import RESULTS

    if not hasattr(session.config, "workerinput"):
        for folder in (RESULTS, ADVERSARIAL):
            folder.mkdir(parents=True, exist_ok=True)
            for old in folder.glob("*.json"):
                old.unlink()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The corpus generality rate, measured in this run (nothing is printed when the corpus did not run),
    and in CI the skips that fail the run."""
    from tests.corpus.conftest import RESULTS

    _adversarial_tally(terminalreporter)
    _skip_summary(terminalreporter)

    rows = [json.loads(p.read_text()) for p in sorted(RESULTS.glob("*.json"))] if RESULTS.is_dir() else []
    if not rows:
        return
    passed = [r for r in rows if r["generate"] and r["import"] and r["mypy"] and "dropped" in r and not r["dropped"]]
    terminalreporter.section("corpus generality")
    for row in rows:
        flags = " ".join(f"{k}={'ok' if row[k] else 'FAIL'}" for k in ("generate", "import", "mypy"))
        kept = f"ops+params={row['operations'] + row['parameters']}" if "dropped" in row else "ops+params=?"
        terminalreporter.write_line(f"  {row['spec']:<32} {flags} {kept:<12} {row.get('detail', '')[:90]}")
    operations = sum(int(r.get("operations", 0)) for r in rows)
    parameters = sum(int(r.get("parameters", 0)) for r in rows)
    dropped = sum(len(r.get("dropped", [])) for r in rows)
    terminalreporter.write_line(
        f"corpus: {len(passed)} of {len(rows)} specs generate, import and pass mypy --strict with nothing dropped; "
        f"{dropped} of {operations} declared operations and {parameters} parameters dropped"
    )


ADVERSARIAL = ROOT / ".cache" / "adversarial"


def _adversarial_tally(terminalreporter: pytest.TerminalReporter) -> None:
    """One line for the hostile-input suite (tests/adversarial), when it ran."""
    rows = [json.loads(p.read_text()) for p in sorted(ADVERSARIAL.glob("*.json"))] if ADVERSARIAL.is_dir() else []
    if not rows:
        return
    count = {k: sum(1 for r in rows if r["outcome"] == k) for k in ("package", "diagnostic", "tool", "failed")}
    terminalreporter.write_line(
        f"adversarial: {len(rows) - count['failed']} of {len(rows)} hostile inputs handled "
        f"({count['package']} importable packages, {count['diagnostic']} located diagnostics, {count['tool']} clear CLI errors), "
        f"{count['failed']} failed"
    )


def vendors() -> list[str]:
    return sorted(p.parent.name for p in (ROOT / "specs").glob("*/openapi.yaml"))


def require_shared(sub: str) -> Path:
    path = SHARED / sub
    if not path.exists():
        pytest.skip(f"{path} is absent: these tests read the team's shared folder (../shared/{sub}) and never copy it")
    return path


def _purge(package: str) -> None:
    for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
        del sys.modules[name]


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Callable[..., ModuleType]]:
    """Generate a package from inline spec text into tmp_path and import it."""
    from generator.diagnostics import Diagnostics
    from generator.pipeline import render_tree

    imported: list[str] = []

    def build(spec_text: str, package: str = "demo_client", client: str = "Demo") -> ModuleType:
        text = textwrap.dedent(spec_text)
        if "x-codegen" not in text:
            text += f"\nx-codegen: {{distribution: {package.replace('_', '-')}, package: {package}, client: {client}, version: 0.1.0}}\n"
        spec = tmp_path / package / "openapi.yaml"
        spec.parent.mkdir(parents=True, exist_ok=True)
        spec.write_text(text)
        out = tmp_path / "out" / package
        render_tree(spec, package, out, Diagnostics())
        sys.path.insert(0, str(out))
        _purge(package)
        imported.append(package)
        return importlib.import_module(package)

    yield build
    for package in imported:
        _purge(package)
    sys.path[:] = [p for p in sys.path if not p.startswith(str(tmp_path))]
