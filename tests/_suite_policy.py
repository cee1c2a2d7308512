"""Suite policy hooks (imported by tests/conftest.py): in CI (`CI=true`) a skip nobody expected fails the run.

A skip hides a check; locally that is sometimes fine (no ../shared checkout), in CI it never is, because
CI has every folder and every generated package. Skips that are legitimately environmental go into
ALLOWED_SKIPS with the reason they are allowed.
"""

from __future__ import annotations

import os
import re

import pytest

# (pattern on the skip reason, why it may happen even in CI)
ALLOWED_SKIPS: tuple[tuple[re.Pattern[str], str], ...] = ()

_unexpected: list[str] = []


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = _reason(report)
    if not any(pattern.search(reason) for pattern, _why in ALLOWED_SKIPS):
        _unexpected.append(f"{report.nodeid}: {reason}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if in_ci() and _unexpected and not hasattr(session.config, "workerinput") and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if in_ci() and _unexpected:
        terminalreporter.section("unexpected skips (CI=true: these fail the run)")
        for line in _unexpected:
            terminalreporter.write_line(f"  {line}")
