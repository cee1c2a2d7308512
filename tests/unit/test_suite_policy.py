"""The suite's own safety nets work: a hanging test fails at the configured timeout instead of hanging the
run, and in CI an unexpected skip fails the run. Each runs a tiny inner pytest in a subprocess with this
repository's settings (pyproject's timeout options, tests/_suite_policy.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _inner(tmp_path: Path, test_source: str, *, ci: bool, timeout: int | None = None) -> tuple[int, str, float]:
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    ini = ["[pytest]", f"timeout_method = {settings['timeout_method']}", f"timeout = {timeout or settings['timeout']}"]
    (tmp_path / "pytest.ini").write_text("\n".join(ini) + "\n")
    (tmp_path / "conftest.py").write_text(
        "from tests._suite_policy import pytest_runtest_logreport, pytest_sessionfinish, pytest_terminal_summary\n"
    )
    (tmp_path / "test_inner.py").write_text(test_source)
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "PYTEST_ADDOPTS", "PYTEST_XDIST_WORKER"}}
    env["PYTHONPATH"] = str(ROOT)
    if ci:
        env["CI"] = "true"
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    return done.returncode, done.stdout + done.stderr, time.monotonic() - started


def test_the_configured_timeout_is_on_and_uses_signal() -> None:
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert 0 < int(settings["timeout"]) <= 300 and settings["timeout_method"] == "signal"


@pytest.mark.slow
def test_an_endless_loop_fails_at_the_timeout_instead_of_hanging(tmp_path: Path) -> None:
    code, output, took = _inner(tmp_path, "def test_forever():\n    while True:\n        pass\n", ci=False, timeout=2)
    assert code == pytest.ExitCode.TESTS_FAILED, output
    assert "Timeout" in output and took < 60


@pytest.mark.slow
def test_an_unexpected_skip_fails_the_run_in_ci_only(tmp_path: Path) -> None:
    source = "import pytest\n\ndef test_ok():\n    pass\n\ndef test_hidden():\n    pytest.skip('../shared is absent')\n"
    code, output, _ = _inner(tmp_path, source, ci=True)
    assert code == pytest.ExitCode.TESTS_FAILED and "unexpected skips" in output and "test_hidden" in output, output
    code, output, _ = _inner(tmp_path, source, ci=False)
    assert code == pytest.ExitCode.OK, output
