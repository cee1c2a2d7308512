"""The four stages wired together: spec file -> Spec -> IR -> rendered, formatted package on disk."""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .diagnostics import Diagnostics, SpecError

__all__ = ["ROOT", "Outcome", "Progress", "discover_specs", "generate", "render_tree", "tree_digest"]

ROOT = Path(__file__).resolve().parent.parent
_CACHE = ROOT / ".cache" / "generate"
# The same folders render.py uses; named here so a cache hit never imports the heavy stages.
_TEMPLATES_DIR = ROOT / "templates"
_RUNTIME_DIR = Path(__file__).resolve().parent / "runtime"

Progress = Callable[[str, str, float], None]
"""Called as (vendor, stage, seconds) after each stage."""


def _no_progress(vendor: str, stage: str, seconds: float) -> None:
    return None


@dataclass(frozen=True)
class Outcome:
    vendor: str
    output: Path
    skipped: bool
    diagnostics: Diagnostics


def discover_specs(specs_dir: Path | None = None) -> list[Path]:
    """Every `specs/<vendor>/openapi.yaml`, sorted."""
    return sorted((specs_dir or ROOT / "specs").glob("*/openapi.yaml"))


def vendor_of(spec_path: Path) -> str:
    return spec_path.parent.name if spec_path.name == "openapi.yaml" else spec_path.stem


def _inputs_digest(spec_files: list[Path]) -> str:
    digest = hashlib.sha256(__version__.encode())
    sources = [
        *spec_files,
        *sorted(_TEMPLATES_DIR.rglob("*.jinja")),
        *sorted(Path(__file__).parent.rglob("*.py")),
        *sorted(_RUNTIME_DIR.glob("*.py")),
    ]
    for path in sources:
        digest.update(str(path.name).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def tree_digest(folder: Path) -> str:
    """sha256 over every file's relative path and bytes (caches and bytecode excluded)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts and ".mypy_cache" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def render_tree(
    spec_path: Path, vendor: str, target: Path, diagnostics: Diagnostics, *, strict: bool = False, progress: Progress = _no_progress
) -> list[Path]:
    """Run every stage and write the package to `target` atomically; return the spec files read."""
    # Imported here, not at module level: a cache hit in generate() must not pay for them.
    from .ir import build_api
    from .models import generate_models
    from .render import format_python, render_package, write_atomically
    from .spec import read_spec

    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        progress(vendor, stage, now - clock)
        clock = now

    spec = read_spec(spec_path, diagnostics)
    lap("read and validate")
    api = build_api(spec, vendor, diagnostics)
    lap("build IR")
    if diagnostics.failed(strict=strict):
        raise SpecError(diagnostics)
    models = generate_models(spec, api.package, api.models, diagnostics)
    lap("models")
    files = render_package(api, models)
    lap("render")
    write_atomically(files, target, post=format_python)
    lap("format and write")
    return spec.files


def generate(
    spec_path: Path,
    output: Path,
    *,
    vendor: str | None = None,
    strict: bool = False,
    force: bool = False,
    progress: Progress = _no_progress,
) -> Outcome:
    vendor = vendor or vendor_of(spec_path)
    diagnostics = Diagnostics()
    stamp = _CACHE / f"{vendor}.sha256"
    spec_files = [spec_path, *sorted(p for p in spec_path.parent.glob("*.yaml") if p != spec_path)]
    inputs = _inputs_digest(spec_files)
    if not force and output.is_dir() and stamp.is_file():
        recorded_inputs, _, recorded_tree = stamp.read_text().partition(" ")
        if recorded_inputs == inputs and recorded_tree.strip() == tree_digest(output):
            return Outcome(vendor, output, True, diagnostics)
    render_tree(spec_path, vendor, output, diagnostics, strict=strict, progress=progress)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(f"{inputs} {tree_digest(output)}\n")
    return Outcome(vendor, output, False, diagnostics)


def _file_digests(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and ".mypy_cache" not in p.parts
    }


def check(spec_path: Path, output: Path, vendor: str | None = None) -> tuple[bool, Diagnostics, list[str]]:
    """Regenerate into a temporary folder and compare with `output`; the third item lists the files that differ."""
    vendor = vendor or vendor_of(spec_path)
    diagnostics = Diagnostics()
    with tempfile.TemporaryDirectory(prefix="generator-check-") as tmp:
        fresh = Path(tmp) / vendor
        render_tree(spec_path, vendor, fresh, diagnostics)
        theirs, ours = _file_digests(fresh), _file_digests(output)
        differing = sorted(name for name in theirs.keys() | ours.keys() if theirs.get(name) != ours.get(name))
        return output.is_dir() and not differing, diagnostics, differing
