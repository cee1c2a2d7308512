"""Local `$ref` resolution. Remote references are never fetched: a spec is untrusted input."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..diagnostics import Diagnostics
from ..load import LoadedDocument, join_pointer

__all__ = ["check_refs", "resolve_pointer", "walk"]


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def resolve_pointer(document: Any, ref: str) -> Any:
    """Value at a local reference `#/a/b`; KeyError when it points nowhere."""
    if not ref.startswith("#"):
        raise KeyError(ref)
    node = document
    for token in [unescape(t) for t in ref[1:].split("/")[1:]]:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise KeyError(ref)
    return node


def walk(node: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every (pointer, value) pair below `node`, depth first, in document order."""
    yield pointer, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, join_pointer(pointer, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, join_pointer(pointer, index))


def check_refs(doc: LoadedDocument, diagnostics: Diagnostics) -> bool:
    """Report every `$ref` that is remote or points nowhere; True when all resolve."""
    ok = True
    for pointer, node in walk(doc.data):
        if not isinstance(node, dict) or "$ref" not in node:
            continue
        ref = node["$ref"]
        where = join_pointer(pointer, "$ref")
        if not isinstance(ref, str):
            diagnostics.add(doc.diagnostic(where, "ref.type", "$ref must be a string"))
            ok = False
        elif not ref.startswith("#"):
            diagnostics.add(
                doc.diagnostic(
                    where, "ref.remote", f"remote reference {ref!r} is not fetched; bundle it into the spec or list it in x-codegen.include"
                )
            )
            ok = False
        else:
            try:
                resolve_pointer(doc.data, ref)
            except KeyError:
                diagnostics.add(doc.diagnostic(where, "ref.unresolved", f"reference {ref!r} points nowhere"))
                ok = False
    return ok
