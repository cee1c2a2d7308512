"""The four stages wired together: spec file -> Spec -> IR -> rendered, formatted package on disk."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from . import __version__
from .diagnostics import Diagnostic, Diagnostics, Severity, SpecError
from .load import load_document
from .output import unsafe_output

__all__ = ["ROOT", "JobResult", "Outcome", "Progress", "discover_specs", "generate", "generate_many", "render_tree", "tree_digest"]

ROOT = Path(__file__).resolve().parent.parent
_CACHE = ROOT / ".cache" / "generate"
# The same folders render.py uses; named here so a cache hit never imports the heavy stages.
_TEMPLATES_DIR = ROOT / "templates"

Progress = Callable[[str, str, float], None]
"""Called as (vendor, stage, seconds) after each stage."""


def _no_progress(vendor: str, stage: str, seconds: float) -> None:
    return None


class Outcome(NamedTuple):
    vendor: str
    output: Path
    skipped: bool
    diagnostics: Diagnostics


def discover_specs(specs_dir: Path | None = None) -> list[Path]:
    """Every `specs/<vendor>/openapi.yaml`, sorted."""
    return sorted((specs_dir or ROOT / "specs").glob("*/openapi.yaml"))


def vendor_of(spec_path: Path) -> str:
    return spec_path.parent.name if spec_path.name == "openapi.yaml" else spec_path.stem


def _spec_inputs(spec_path: Path) -> list[Path]:
    """The files a generation reads: the spec and the regular files its `x-codegen.include` names (inside its folder).

    Anything else beside the spec (other YAML, folders, FIFOs) is none of the digest's business."""
    files = [spec_path]
    includes = _includes(spec_path)
    base = spec_path.resolve().parent
    for name in includes if isinstance(includes, list) else []:
        path = (base / str(name)).resolve()
        if base in path.parents and _regular(path):
            files.append(path)
    return files


def _includes(spec_path: Path) -> Any:
    """The spec's `x-codegen.include`, cached by the spec's content hash: parsing a large spec just to
    learn it was most of a no-op `make generate`."""
    try:
        raw = spec_path.read_bytes()
    except OSError:
        return None
    cached = _CACHE / "includes" / f"{hashlib.sha256(raw).hexdigest()[:32]}.json"
    try:
        return json.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    try:
        data = load_document(spec_path).data
    except SpecError:
        return None
    codegen = data.get("x-codegen") if isinstance(data, dict) else None
    includes = codegen.get("include") if isinstance(codegen, dict) else None
    value = includes if isinstance(includes, list) and all(isinstance(name, str) for name in includes) else None
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(value), encoding="utf-8")
        os.replace(temporary, cached)
    except OSError:
        pass  # a read-only checkout only loses the shortcut
    return value


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def _inputs_digest(spec_files: list[Path]) -> str:
    digest = hashlib.sha256(__version__.encode())
    for path in [*map(str, spec_files), *_tool_files()]:
        with open(path, "rb") as file:
            digest.update(os.path.basename(path).encode() + b"\0" + file.read())
    return digest.hexdigest()


def _tool_files() -> list[str]:
    """The templates and every Python file of the generator (the runtime copied into packages included), in a
    fixed order: a change to any of them is a new digest. os.walk, not Path.rglob: this runs on every generation."""
    found: list[str] = []
    for top, suffix in ((str(_TEMPLATES_DIR), ".jinja"), (os.path.dirname(__file__), ".py")):
        for folder, subfolders, names in os.walk(top):
            subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
            found += [os.path.join(folder, name) for name in sorted(names) if name.endswith(suffix)]
    return found


def tree_digest(folder: Path) -> str:
    """sha256 over every file's relative path and bytes (caches and bytecode excluded)."""
    digest = hashlib.sha256()
    found: list[tuple[str, ...]] = []
    for top, subfolders, names in os.walk(folder):
        subfolders[:] = [d for d in subfolders if d not in ("__pycache__", ".mypy_cache")]
        base = Path(top).relative_to(folder).parts
        found += [(*base, name) for name in names if os.path.isfile(os.path.join(top, name))]
    for parts in sorted(found):  # the order of sorted Paths, as the stamps already written were made
        with open(os.path.join(folder, *parts), "rb") as file:
            digest.update("/".join(parts).encode() + b"\0" + file.read() + b"\0")
    return digest.hexdigest()


_collections_lock = threading.Lock()
_runs = 0  # generations in progress in this process
_saved_threshold = gc.get_threshold()  # what the first of them found


@contextlib.contextmanager
def _rare_collections() -> Iterator[None]:
    """The cyclic garbage collector, rarely, while a package is generated; the previous thresholds come back after
    the last generation running in this process ends (threads generating at once share the setting).

    Loading, normalizing and emitting allocate millions of small dicts, lists and strings that live to the end
    of the run, and at the default thresholds (a young-generation pass every 700 allocations) the collector
    kept re-walking them: 0.15 to 0.2 s of Xentral's 1.5 s. What is built is trees, not cycles: peak memory
    measured the same either way (75 MB for Xentral, 275 MB for openai.yaml)."""
    global _runs, _saved_threshold
    with _collections_lock:
        if _runs == 0:
            _saved_threshold = gc.get_threshold()
            gc.set_threshold(200_000, 50, 100)
        _runs += 1
    try:
        yield
    finally:
        with _collections_lock:
            _runs -= 1
            if _runs == 0:
                gc.set_threshold(*_saved_threshold)


@_rare_collections()
def render_tree(
    spec_path: Path,
    vendor: str,
    target: Path,
    diagnostics: Diagnostics,
    *,
    strict: bool = False,
    trust_types: bool = False,
    progress: Progress = _no_progress,
) -> list[Path]:
    """Run every stage and write the package to `target` atomically; return the spec files read."""
    # Imported here, not at module level: a cache hit in generate() must not pay for them.
    from .ir import build_api
    from .models import generate_models
    from .render import FormatError, InvalidPython, format_python, formatted_paths, render_package, write_atomically
    from .spec import read_spec

    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        progress(vendor, stage, now - clock)
        clock = now

    # When openapi-spec-validator has to run (the pre-check is unsure of the document: seconds on a large spec),
    # it works in a forked process while the IR and the models are built; its verdict is awaited before
    # anything is rendered, and an error from it ends the run as if it had come first.
    spec = read_spec(spec_path, diagnostics, trust_types=trust_types, background_validation=True)
    lap("read and validate")
    try:
        api = build_api(spec, vendor, diagnostics)
        lap("build IR")
        if not diagnostics.failed(strict=strict):
            models = generate_models(spec, api.package, api.models, diagnostics, api.always_returned)
            if models.renamed:
                # The models writer gave a component another class name (an inline class took its name first):
                # the IR is built again to refer to it by that name. Its diagnostics were all given the first time.
                api = build_api(spec, vendor, Diagnostics(), class_names=models.renamed)
            # Says when datamodel-code-generator wrote them (the emitter declined a shape; the reason is logged).
            lap("models" if models.writer == "the generator" else f"models (by {models.writer})")
    except Exception:
        if spec.finish_validation():
            raise SpecError(diagnostics) from None  # invalid: the validator's errors explain the failure
        raise
    if spec.validation is not None:
        spec.finish_validation()
        lap("validation, awaited")
    if diagnostics.failed(strict=strict):
        raise SpecError(diagnostics)
    files = render_package(api, models)
    lap("render")
    try:
        write_atomically(files, target, post=lambda staging: format_python(staging, formatted_paths(files)))
    except InvalidPython as exc:
        # Last line of defence against a template or emitter bug: refused, located, and nothing written.
        for problem in exc.problems:
            message = f"the generated {problem.path} would not compile ({problem.message} at line {problem.line}); no package was written"
            diagnostics.add(Diagnostic(str(spec_path), 0, 0, "", Severity.ERROR, "render.invalid-python", message))
        raise SpecError(diagnostics) from None
    except FormatError as exc:
        diagnostics.add(Diagnostic(str(spec_path), 0, 0, "", Severity.ERROR, "render.format", str(exc)))
        raise SpecError(diagnostics) from None
    except OSError as exc:
        where = exc.filename if isinstance(exc.filename, str) else str(target)
        diagnostics.add(Diagnostic(where, 0, 0, "", Severity.ERROR, "output.write", f"cannot write the package: {exc.strerror or exc}"))
        raise SpecError(diagnostics) from None
    lap("format and write")
    return spec.files


def _stamp(vendor: str) -> Path:
    return _CACHE / f"{hashlib.sha256(vendor.encode()).hexdigest()[:24]}.sha256"


def _is_current(spec_path: Path, output: Path, vendor: str, trust_types: bool = False) -> tuple[bool, str]:
    """(output is what these inputs gave last time, the inputs' digest): decided before any heavy import."""
    stamp = _stamp(vendor)
    if not _regular(spec_path):
        return False, ""
    inputs = _inputs_digest(_spec_inputs(spec_path)) + ("+trusted" if trust_types else "")
    if output.is_dir() and stamp.is_file():
        recorded_inputs, _, recorded_tree = stamp.read_text().partition(" ")
        if recorded_inputs == inputs and recorded_tree.strip() == tree_digest(output):
            return True, inputs
    return False, inputs


def generate(
    spec_path: Path,
    output: Path,
    *,
    vendor: str | None = None,
    strict: bool = False,
    force: bool = False,
    trust_types: bool = False,
    progress: Progress = _no_progress,
) -> Outcome:
    vendor = vendor or vendor_of(spec_path)
    diagnostics = Diagnostics()
    refused = unsafe_output(spec_path, output)
    if refused:
        diagnostics.add(Diagnostic(str(output), 0, 0, "", Severity.ERROR, "output.unsafe", f"refusing to replace {output}: {refused}"))
        raise SpecError(diagnostics)
    if not _regular(spec_path):
        what = "does not exist" if not os.path.lexists(spec_path) else "is not a regular file"
        diagnostics.add(Diagnostic(str(spec_path), 0, 0, "", Severity.ERROR, "load.read", f"the spec {what}"))
        raise SpecError(diagnostics)
    current, inputs = _is_current(spec_path, output, vendor, trust_types)
    if current and not force:
        return Outcome(vendor, output, True, diagnostics)
    render_tree(spec_path, vendor, output, diagnostics, strict=strict, trust_types=trust_types, progress=progress)
    stamp = _stamp(vendor)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(f"{inputs} {tree_digest(output)}\n")
    return Outcome(vendor, output, False, diagnostics)


class JobResult(NamedTuple):
    """One spec's result in `generate_many`: an outcome, or the diagnostics (or crash) that stopped it."""

    spec: Path
    output: Path
    outcome: Outcome | None
    failure: Diagnostics | None
    crash: str | None
    seconds: float
    stages: tuple[tuple[str, str, float], ...]


def _run_job(spec: Path, output: Path, strict: bool, force: bool, trust_types: bool = False) -> JobResult:
    """Runs in a worker process: stage timings are collected and returned, printed by the parent in order."""
    stages: list[tuple[str, str, float]] = []
    started = time.perf_counter()
    try:
        outcome = generate(
            spec, output, strict=strict, force=force, trust_types=trust_types, progress=lambda v, s, t: stages.append((v, s, t))
        )
    except SpecError as exc:
        return JobResult(spec, output, None, exc.diagnostics, None, time.perf_counter() - started, tuple(stages))
    except Exception as exc:  # a crash in one vendor must not take the others down; its output is untouched
        crash = f"{type(exc).__name__}: {exc}"
        return JobResult(spec, output, None, None, crash, time.perf_counter() - started, tuple(stages))
    return JobResult(spec, output, outcome, None, None, time.perf_counter() - started, tuple(stages))


def generate_many(
    jobs: list[tuple[Path, Path]], *, strict: bool = False, force: bool = False, trust_types: bool = False, workers: int | None = None
) -> list[JobResult]:
    """Generate several specs, in parallel processes when more than one needs work; results in `jobs` order.

    Up-to-date outputs are recognised here, before any process or heavy import. Each worker writes only
    its own output folder (atomically), so one vendor's failure leaves every other vendor's result intact;
    generation is deterministic, so the order in which workers finish never shows in the output.
    """
    results: dict[int, JobResult] = {}
    pending: list[int] = []
    for index, (spec, output) in enumerate(jobs):
        current, _ = _is_current(spec, output, vendor_of(spec), trust_types) if not force else (False, "")
        if current:
            results[index] = JobResult(spec, output, Outcome(vendor_of(spec), output, True, Diagnostics()), None, None, 0.0, ())
        else:
            pending.append(index)
    workers = min(len(pending), workers or os.cpu_count() or 1)
    if workers <= 1:
        for index in pending:
            results[index] = _run_job(*jobs[index], strict, force, trust_types)
        return [results[i] for i in range(len(jobs))]
    from concurrent.futures import ProcessPoolExecutor

    # Biggest spec first: with two workers the longest job should not start last.
    pending.sort(key=lambda i: -sum(p.stat().st_size for p in jobs[i][0].parent.glob("*.yaml")))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {index: pool.submit(_run_job, *jobs[index], strict, force, trust_types) for index in pending}
        for index, future in futures.items():
            try:
                results[index] = future.result()
            except Exception as exc:  # the worker process itself died
                spec, output = jobs[index]
                results[index] = JobResult(spec, output, None, None, f"worker failed: {type(exc).__name__}: {exc}", 0.0, ())
    return [results[i] for i in range(len(jobs))]


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
