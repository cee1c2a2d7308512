"""Run the generator's command line on one hostile input and check the promises it makes about any input.

For every case: no traceback escapes; the outcome is either a located diagnostic (file:line:col or the
path named) or a package that imports; no file outside the output folder changed; no socket was opened;
importing the package imported nothing the spec chose and ran nothing; a failed run left the previous
output byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import pkgutil
import socket
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.pipeline import tree_digest

CANARY = "hostile-canary"

# What a generated package may import: the standard library, its runtime dependencies, itself.
_ALLOWED_TOP = set(sys.stdlib_module_names) | {
    "pydantic",
    "pydantic_core",
    "httpx",
    "httpcore",
    "anyio",
    "sniffio",
    "h11",
    "certifi",
    "idna",
    "typing_extensions",
    "annotated_types",
    "typing_inspection",
    "exceptiongroup",
    "brotli",
    "zstandard",
    "h2",
    "socksio",
    # httpx imports its command line (click, rich, pygments) when they are installed
    "click",
    "rich",
    "pygments",
    "brotlicffi",
    "markdown_it",
    "mdurl",
}


@dataclass
class Case:
    """One hostile input. `spec` is the document (a dict is written as JSON, a str/bytes as is)."""

    name: str
    spec: Any
    expect: str  # "package" or "diagnostic"
    code: str | None = None  # the diagnostic code expected (errors) or warned about (packages)
    file_name: str = "openapi.yaml"
    setup: Callable[[Path], None] | None = None  # prepares extra files in the spec folder
    argv: Callable[[Path, Path, Path], list[str]] | None = None  # (spec, out, workdir) -> argv
    check: Callable[[Path], None] | None = None  # extra assertion on the generated output folder
    note: str = ""
    tool: bool = False  # a command other than generate: only "no traceback, clear message" applies
    previous: bool = True  # the output folder holds an earlier generation before the run


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str
    traceback: str | None
    network: list[Any] = field(default_factory=list)


class _NoNetwork:
    """Refuses every outbound connection and name lookup, and remembers each attempt."""

    def __init__(self) -> None:
        self.attempts: list[Any] = []

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        saved = (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.create_connection)
        attempts = self.attempts

        def refuse(*args: Any, **kwargs: Any) -> Any:
            attempts.append(args[1:] if args else kwargs)
            raise OSError("network access is blocked in the adversarial suite")

        socket.socket.connect = refuse  # type: ignore[method-assign]
        socket.socket.connect_ex = refuse  # type: ignore[method-assign]
        socket.getaddrinfo = refuse
        socket.create_connection = refuse
        try:
            yield
        finally:
            socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.create_connection = saved  # type: ignore[method-assign]


def snapshot(folder: Path, skip: Path) -> dict[str, tuple[int, int, str]]:
    """Every entry under `folder` except `skip`: relative path -> (size, mtime_ns, kind)."""
    seen: dict[str, tuple[int, int, str]] = {}
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = [d for d in dirs if here / d != skip]
        for name in [*dirs, *files]:
            path = here / name
            if path == skip:
                continue
            st = path.lstat()
            kind = "dir" if path.is_dir() else "fifo" if path.is_fifo() else "file"
            seen[str(path.relative_to(folder))] = (st.st_size if kind == "file" else 0, st.st_mtime_ns if kind == "file" else 0, kind)
    return seen


def run_cli(argv: list[str], cwd: Path) -> Result:
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    guard = _NoNetwork()
    old = os.getcwd()
    os.chdir(cwd)
    trace = None
    code = 0
    try:
        with guard.active(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:
                code = int(exc.code or 0) if not isinstance(exc.code, str) else 2
            except BaseException:
                import traceback

                trace = traceback.format_exc()
    finally:
        os.chdir(old)
    return Result(code, out.getvalue(), err.getvalue(), trace, guard.attempts)


def previous_output(out: Path) -> None:
    """What an earlier generation left: a package folder carrying the provenance marker."""
    (out / "prev_client").mkdir(parents=True)
    (out / "prev_client" / "__init__.py").write_text("# the previous generation\n")
    (out / "prev_client" / "_provenance.json").write_text(json.dumps({"generator_version": "0", "spec": "prev.yaml"}) + "\n")
    (out / "pyproject.toml").write_text('[project]\nname = "prev-client"\n')


class _ImportAudit:
    """An audit hook (installed once per process) that records imports and process/file side effects while on."""

    installed = False
    recording: list[tuple[str, Any]] | None = None

    @classmethod
    def install(cls) -> None:
        if cls.installed:
            return

        def hook(event: str, args: Any) -> None:
            if cls.recording is None:
                return
            if event == "import":
                cls.recording.append((event, args[0]))
            elif event in ("os.system", "subprocess.Popen", "os.exec", "os.spawn", "os.posix_spawn", "socket.connect"):
                cls.recording.append((event, args))
            elif event == "open" and isinstance(args[0], str) and CANARY in args[0]:
                cls.recording.append((event, args[0]))

        sys.addaudithook(hook)
        cls.installed = True


def import_package(out: Path) -> tuple[str, list[tuple[str, Any]]]:
    """Import the generated package and every submodule; return its name and what importing did."""
    packages = [p.parent.name for p in out.glob("*/_provenance.json")]
    assert len(packages) == 1, f"expected one package in {out}, found {packages}"
    name = packages[0]
    _ImportAudit.install()
    for loaded in [n for n in sys.modules if n == name or n.startswith(name + ".")]:
        del sys.modules[loaded]
    sys.path.insert(0, str(out))
    events: list[tuple[str, Any]] = []
    _ImportAudit.recording = events
    try:
        module = importlib.import_module(name)
        for info in pkgutil.walk_packages(module.__path__, name + "."):
            importlib.import_module(info.name)
    finally:
        _ImportAudit.recording = None
        sys.path.remove(str(out))
        for loaded in [n for n in sys.modules if n == name or n.startswith(name + ".")]:
            del sys.modules[loaded]
    return name, events


def foreign_imports(package: str, events: list[tuple[str, Any]]) -> list[str]:
    names = {str(arg) for event, arg in events if event == "import"}
    # `_sysconfigdata_<abi>_<platform>` is the standard library's own build data (its name varies by platform)
    return sorted(
        n for n in names if n.split(".")[0] not in _ALLOWED_TOP and n.split(".")[0] != package and not n.startswith("_sysconfigdata_")
    )


def side_effects(events: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [(event, arg) for event, arg in events if event != "import"]


def digest_or_none(folder: Path) -> str | None:
    return tree_digest(folder) if folder.is_dir() else None
