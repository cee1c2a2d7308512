"""Every generated package imports module by module and passes mypy --strict."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest

from tests.conftest import GENERATED, vendors


def _package(vendor: str) -> str:
    return next(p.name for p in (GENERATED / vendor).iterdir() if p.is_dir() and (p / "__init__.py").exists())


@pytest.mark.parametrize("vendor", vendors())
def test_every_module_imports(vendor: str) -> None:
    package = importlib.import_module(_package(vendor))
    names = [info.name for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    for name in names:
        importlib.import_module(name)
    assert len(names) > 5
    assert set(package.__all__) <= set(dir(package))


@pytest.mark.slow
@pytest.mark.timeout(600)  # mypy/generation runs take minutes on a loaded machine; still bounded
@pytest.mark.parametrize("vendor", vendors())
def test_mypy_strict(vendor: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--python-version",
        "3.10",
        "--cache-dir",
        str(tmp_path / "cache"),
        _package(vendor),
    ]
    result = subprocess.run(command, cwd=GENERATED / vendor, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
