"""Where the two sides of a diff come from: the working tree, a git revision, or nothing at all.

Git revisions are read with `git ls-tree` and one `git cat-file --batch` process (hundreds of generated
files in one call); a spec at a revision is written to a temporary folder with its siblings, so the spec
stage's own loader and `x-codegen.include` bundling read it exactly as they read the working tree.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from ..diagnostics import Diagnostics, SpecError
from ..load import load_document
from ..spec.bundle import bundle

__all__ = ["EmptyTree", "GitError", "GitTree", "Tree", "WorkTree", "git", "load_spec", "merge_base", "resolve_revision", "vendor_specs"]

SPEC_GLOB = "specs/*/openapi.yaml"


class GitError(RuntimeError):
    pass


def git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    proc = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=False)
    if proc.returncode != 0:
        raise GitError(f"git {' '.join(args)}: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout


def resolve_revision(repo: Path, rev: str) -> str | None:
    try:
        return git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip() or None
    except GitError:
        return None


def merge_base(repo: Path, main: str = "main") -> tuple[str | None, str]:
    """The revision `make review` compares against, and a sentence saying why that one."""
    head = resolve_revision(repo, "HEAD")
    if head is None:
        return None, "nothing (no commits yet: every spec is new)"
    branch = git(repo, "rev-parse", "--abbrev-ref", "HEAD").decode().strip()
    if branch != main and resolve_revision(repo, main):
        try:
            base = git(repo, "merge-base", "HEAD", main).decode().strip()
            return base, f"the merge base of HEAD and {main} ({base[:12]})"
        except GitError:
            pass
    return head, f"HEAD ({head[:12]}), since this is {main} or {main} does not exist"


class Tree(Protocol):
    label: str

    def read_many(self, paths: list[str]) -> dict[str, str]: ...

    def files(self, prefix: str) -> list[str]: ...


@dataclass
class WorkTree:
    root: Path
    label: str = "working tree"

    def read_many(self, paths: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for path in paths:
            try:
                found[path] = (self.root / path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
        return found

    def files(self, prefix: str) -> list[str]:
        base = self.root / prefix
        if base.is_file():
            return [prefix]
        return sorted(p.relative_to(self.root).as_posix() for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


@dataclass
class GitTree:
    repo: Path
    rev: str
    label: str = ""
    _listing: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.label = self.label or self.rev

    def read_many(self, paths: list[str]) -> dict[str, str]:
        if not paths:
            return {}
        out = git(self.repo, "cat-file", "--batch", stdin="".join(f"{self.rev}:{p}\n" for p in paths).encode())
        found: dict[str, str] = {}
        offset = 0
        for path in paths:
            end = out.index(b"\n", offset)
            header = out[offset:end].split()
            offset = end + 1
            if len(header) == 3 and header[1] == b"blob":
                size = int(header[2])
                found[path] = out[offset : offset + size].decode("utf-8", errors="replace")
                offset += size + 1
            elif len(header) == 3:
                offset += int(header[2]) + 1
        return found

    def files(self, prefix: str) -> list[str]:
        if prefix not in self._listing:
            listing = git(self.repo, "ls-tree", "-r", "--name-only", self.rev, "--", prefix).decode()
            self._listing[prefix] = [line for line in listing.splitlines() if line]
        return self._listing[prefix]


@dataclass
class EmptyTree:
    label: str = "nothing"

    def read_many(self, paths: list[str]) -> dict[str, str]:
        return {}

    def files(self, prefix: str) -> list[str]:
        return []


def vendor_specs(tree: Tree) -> dict[str, str]:
    """vendor -> path of specs/<vendor>/openapi.yaml in the tree."""
    return {PurePosixPath(p).parent.name: p for p in tree.files("specs") if PurePosixPath(p).match(SPEC_GLOB)}


Locate = Callable[[str], str]
"""JSON pointer -> `file:line` of that node (or its nearest ancestor) in the spec as the reader has it."""


def load_spec(tree: Tree, path: str) -> dict[str, Any]:
    """The bundled spec at `path` as plain data; SpecError (with the tree's label in messages) when broken."""
    return load_located_spec(tree, path)[0]


def load_located_spec(tree: Tree, path: str) -> tuple[dict[str, Any], Locate]:
    """The bundled spec plus a locator for its nodes (files in a git revision are named `REV:path`)."""
    if isinstance(tree, WorkTree):
        return _bundled(tree.root / path, lambda file: _relative(file, tree.root))
    folder = str(PurePosixPath(path).parent)
    with tempfile.TemporaryDirectory(prefix="review-") as tmp:
        for name, text in tree.read_many(tree.files(folder)).items():
            target = Path(tmp, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        try:
            return _bundled(Path(tmp, path), lambda file: file.replace(tmp + "/", f"{tree.label}:"))
        except SpecError as exc:
            relabelled = [d._replace(file=d.file.replace(tmp + "/", f"{tree.label}:")) for d in exc.diagnostics]
            raise SpecError(Diagnostics(relabelled)) from None


def _relative(file: str, root: Path) -> str:
    try:
        return Path(file).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file


def _bundled(path: Path, label: Callable[[str], str]) -> tuple[dict[str, Any], Locate]:
    diagnostics = Diagnostics()
    document, _files = bundle(load_document(path), diagnostics)
    if diagnostics.errors:
        raise SpecError(diagnostics)
    if not isinstance(document.data, dict):
        raise SpecError(Diagnostics([document.diagnostic("", "load.not-mapping", "a spec must be a mapping")]))
    data: dict[str, Any] = document.data
    positions = {pointer: f"{label(file)}:{line}" for pointer, (file, line, _col) in document.positions.items()}

    def locate(pointer: str) -> str:
        probe = pointer
        while probe not in positions and probe:
            probe = probe.rsplit("/", 1)[0]
        return positions.get(probe, label(str(path)))

    return data, locate
