"""The runtime is copied into every package unformatted by the generator (render.format_python leaves the copies
out): it must already be exactly what ruff would make of it with the packages' settings, or the copies would
differ from the rest of the package and from a formatted run."""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.render import RUNTIME_DIR, _ruff

ROOT = Path(__file__).resolve().parents[2]


def test_the_runtime_is_formatted_as_the_generated_packages_are() -> None:
    done = subprocess.run(
        [*_ruff(), "format", "--check", "--isolated", "--no-cache", "--line-length", "120", "--target-version", "py310", str(RUNTIME_DIR)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


def test_the_generated_runtime_copies_are_the_sources_byte_for_byte() -> None:
    sources = {p.name: p.read_text() for p in RUNTIME_DIR.glob("*.py")}
    copies = sorted((ROOT / "generated").glob("*/*/_runtime/*.py"))
    assert copies, "no generated package found"
    for copy in copies:
        header, _, body = copy.read_text().partition("\n")
        assert header.startswith("# Copied from the generator's runtime"), copy
        assert body == sources[copy.name], f"{copy} differs from generator/runtime/{copy.name}"
