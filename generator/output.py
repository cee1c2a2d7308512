"""Which folders `generate -o DIR` may replace.

Generation swaps the whole output folder (atomically), so a careless `-o .` or `-o` the folder holding the
spec would delete the user's files. Only a folder that does not exist yet, is empty, or holds a package this
generator wrote may be replaced.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["unsafe_output"]

_MARKER = "_provenance.json"


def _ours(folder: Path) -> bool:
    """A folder this generator wrote: a package inside it carries our provenance marker."""
    for marker in folder.glob(f"*/{_MARKER}"):
        try:
            if "generator_version" in json.loads(marker.read_text(encoding="utf-8")):
                return True
        except (OSError, ValueError):
            continue
    return False


def unsafe_output(spec_path: Path, output: Path) -> str | None:
    """Why `output` must not be replaced by a generation from `spec_path`, or None when it may be.

    Generation swaps the whole folder, so it may only replace a folder that does not exist yet, is empty, or
    was written by us; never a regular file, the folder holding the spec (or one above it), the working
    directory (or one above it), the home folder or the file system root."""
    target = output.resolve()
    spec_dir = spec_path.resolve().parent
    if target.exists() and not target.is_dir():
        return "it is not a folder; give a folder for the package"
    cwd = Path.cwd().resolve()
    home = Path.home().resolve()
    guarded = {"the working directory": cwd, "the folder holding the spec": spec_dir, "the home folder": home}
    for what, folder in guarded.items():
        if target == folder or target in folder.parents:
            return f"it is {what} or contains it"
    if target == Path(target.anchor):
        return "it is the file system root"
    if target.is_dir() and any(target.iterdir()) and not _ours(target):
        return "it is a folder this generator did not create (no package with _provenance.json in it); give a new or empty folder"
    return None
