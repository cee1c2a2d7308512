"""The top-level README's client example, verbatim: it runs twice in a row against the mock servers (base URLs
from the environment, as a user would point it at a mock or a proxy) and passes `mypy --strict`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.mock import running_mock

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Using a generated client", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, flags=re.DOTALL)
    assert match, "README.md has no python block under 'Using a generated client'"
    return match.group(1)


def _env(**extra: str) -> dict[str, str]:
    paths = os.pathsep.join(str(ROOT / "generated" / vendor) for vendor in ("gestix", "xentral"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GESTIX_", "XENTRAL_"))}
    return {**env, "PYTHONPATH": paths, **extra}


def test_the_readme_example_runs_twice_against_the_mocks(tmp_path: Path) -> None:
    script = tmp_path / "example.py"
    script.write_text(readme_example(), encoding="utf-8")
    with running_mock("gestix") as gestix_url, running_mock("xentral") as xentral_url:
        env = _env(GESTIX_BASE_URL=gestix_url, XENTRAL_BASE_URL=xentral_url)
        outputs = []
        for _ in range(2):
            run = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=300, check=False)
            assert run.returncode == 0, run.stderr[-3000:]
            outputs.append(run.stdout)
    assert outputs[0] == outputs[1], "a second run of the example got other answers"
    assert outputs[0].count("\n") >= 3  # customers, products and orders were printed


def test_the_readme_example_passes_mypy_strict(tmp_path: Path) -> None:
    script = tmp_path / "example.py"
    script.write_text(readme_example(), encoding="utf-8")
    env = _env(MYPYPATH=_env()["PYTHONPATH"])
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), str(script)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:]
