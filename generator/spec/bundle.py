"""Merge `x-codegen.include` fragments into the root document, keeping each node's own file position."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics
from ..load import LoadedDocument, join_pointer, load_document

__all__ = ["bundle"]

_MERGED_SECTIONS = ("paths", "tags", "components")


def bundle(root: LoadedDocument, diagnostics: Diagnostics) -> tuple[LoadedDocument, list[Path]]:
    """Return one document with every included fragment merged in, plus the list of files read."""
    data = root.data
    files = [Path(root.path)]
    codegen = data.get("x-codegen") if isinstance(data, dict) else None
    includes = codegen.get("include", []) if isinstance(codegen, dict) else []
    if not includes:
        return root, files
    if not isinstance(includes, list) or not all(isinstance(i, str) for i in includes):
        diagnostics.add(root.diagnostic("/x-codegen/include", "bundle.include", "include must be a list of file names"))
        return root, files
    base_dir = Path(root.path).resolve().parent
    positions = dict(root.positions)
    for index, name in enumerate(includes):
        target = (base_dir / name).resolve()
        if base_dir not in target.parents:
            diagnostics.add(
                root.diagnostic(
                    join_pointer("/x-codegen/include", index), "bundle.outside", f"included file {name!r} is outside the spec folder"
                )
            )
            continue
        fragment = load_document(Path(root.path).parent / name)
        files.append(Path(fragment.path))
        _merge_fragment(data, positions, root, fragment, diagnostics)
    return LoadedDocument(root.path, data, positions), files


def _merge_fragment(
    data: dict[str, Any],
    positions: dict[str, tuple[str, int, int]],
    root: LoadedDocument,
    fragment: LoadedDocument,
    diagnostics: Diagnostics,
) -> None:
    if not isinstance(fragment.data, dict):
        diagnostics.add(fragment.diagnostic("", "bundle.fragment", "an included file must be a mapping"))
        return
    for key in fragment.data:
        if key not in _MERGED_SECTIONS:
            diagnostics.add(
                fragment.diagnostic(
                    join_pointer("", key),
                    "bundle.fragment-key",
                    f"an included file may only hold {', '.join(_MERGED_SECTIONS)}; found {key!r}",
                )
            )
    for pointer, value in _leaves(fragment.data):
        if pointer in positions:
            first = root.where(pointer) if pointer in root.positions else positions[pointer]
            diagnostics.add(fragment.diagnostic(pointer, "bundle.duplicate", f"{pointer} is already defined in {first[0]}:{first[1]}"))
            continue
        _put(data, pointer, value)
    known = {t.get("name") for t in data.get("tags") or [] if isinstance(t, dict)}
    for index, tag in enumerate(fragment.data.get("tags") or []):
        if isinstance(tag, dict) and tag.get("name") in known:
            diagnostics.add(
                fragment.diagnostic(join_pointer("/tags", index), "bundle.duplicate", f"tag {tag.get('name')!r} is already defined")
            )
            continue
        data.setdefault("tags", []).append(tag)
    for pointer, place in fragment.positions.items():
        positions.setdefault(pointer, place)


def _leaves(fragment: dict[str, Any]) -> list[tuple[str, Any]]:
    """The mergeable units: each path item, each tag, each component entry."""
    units: list[tuple[str, Any]] = []
    for path, item in (fragment.get("paths") or {}).items():
        units.append((join_pointer("/paths", path), item))
    for section, entries in (fragment.get("components") or {}).items():
        for name, value in (entries or {}).items():
            units.append((join_pointer("/components", section, name), value))
    return units


def _put(data: dict[str, Any], pointer: str, value: Any) -> None:
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    node: Any = data
    for token in tokens[:-1]:
        node = node.setdefault(token, {})
    node[tokens[-1]] = value
