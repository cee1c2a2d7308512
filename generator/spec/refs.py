"""Local `$ref` resolution. Remote references are never fetched: a spec is untrusted input."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from ..diagnostics import Diagnostics, Severity
from ..load import LoadedDocument, child_pointer, join_pointer

__all__ = ["check_refs", "objects", "refs_outside_extensions", "resolve_pointer", "walk"]


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
    """Every (pointer, value) pair below `node`, depth first, in document order.

    One flat generator over an explicit stack: nested `yield from` passed every value up through each level
    above it, and the whole-document scans that use this were the largest part of reading a big spec."""
    stack: list[tuple[str, Any]] = [(pointer, node)]
    while stack:
        here, value = stack.pop()
        yield here, value
        if isinstance(value, dict):
            stack.extend((child_pointer(here, key), child) for key, child in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((f"{here}/{index}", child) for index, child in reversed(list(enumerate(value))))


def objects(node: Any) -> Iterator[dict[str, Any]]:
    """Every dict below `node` (itself included), in `walk`'s order, for scans that never need a pointer (building
    the pointer strings was most of their cost). A node's children are read after the caller has seen it, so
    the caller may edit a node in place before its children are visited, as with `walk`."""
    stack: list[Any] = [node]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            yield value
            stack.extend(reversed(value.values()))
        elif isinstance(value, list):
            stack.extend(reversed(value))


# Keys whose children are names chosen by the spec author (a property or header may be called `x-...`),
# not OpenAPI keywords: below them an `x-` key is not an extension.
_NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "headers",
        "schemas",
        "responses",
        "parameters",
        "requestBodies",
        "examples",
        "links",
        "callbacks",
        "securitySchemes",
        "pathItems",
        "content",
        "encoding",
        "variables",
        "mapping",
        "paths",
        "webhooks",
        "definitions",
        "$defs",
        "dependentSchemas",
    }
)

# What an unresolved local reference degrades to, by the component section it names: the closest safe
# node (a schema that accepts anything), so the operation that uses it is kept.
_DEGRADED: dict[str, Any] = {
    "schemas": {},
    "responses": {"description": "unresolved reference", "content": {"application/json": {"schema": {}}}},
    "requestBodies": {"content": {"application/json": {"schema": {}}}},
    "headers": {"schema": {}},
}


def refs_outside_extensions(
    node: Any, pointer: str = "", parent: str = "", in_extension: bool = False
) -> Iterator[tuple[str, dict[str, Any], bool]]:
    """(pointer, node, inside an `x-` extension) for every mapping holding a `$ref`, in document order.

    One flat generator over an explicit stack that holds only mappings and lists (scalars cannot hold a
    `$ref`); a mapping's children are read after it was yielded, as the recursive form read them."""
    stack: list[tuple[Any, str, str, bool]] = [(node, pointer, parent, in_extension)]
    while stack:
        value, here, name, extension = stack.pop()
        if isinstance(value, dict):
            if "$ref" in value:
                yield here, value, extension
            children = [
                (
                    child,
                    child_pointer(here, key),
                    str(key),
                    extension or (isinstance(key, str) and key.startswith("x-") and name not in _NAME_MAPS),
                )
                for key, child in value.items()
                if isinstance(child, (dict, list))
            ]
        elif isinstance(value, list):
            children = [(child, f"{here}/{index}", name, extension) for index, child in enumerate(value) if isinstance(child, (dict, list))]
        else:
            continue
        stack.extend(reversed(children))


def check_refs(doc: LoadedDocument, diagnostics: Diagnostics) -> bool:
    """Report every `$ref` that is remote or points nowhere; True when the document can go on.

    A `$ref` inside an `x-` extension that is not local is documentation (a link to a page): never fetched,
    never an error. A local reference into `components/schemas|responses|requestBodies|headers` that points
    nowhere is a located warning and the node becomes the closest safe one (`_DEGRADED`: a schema accepting
    anything), so the operation using it is kept; any other broken reference is an error.
    """
    ok = True
    for pointer, node, in_extension in list(refs_outside_extensions(doc.data)):
        ref = node["$ref"]
        where = join_pointer(pointer, "$ref")
        if in_extension and not (isinstance(ref, str) and ref.startswith("#")):
            continue
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
                ok = _degrade(doc, node, ref, where, diagnostics) and ok
    return ok


def _degrade(doc: LoadedDocument, node: dict[str, Any], ref: str, where: str, diagnostics: Diagnostics) -> bool:
    tokens = ref[1:].split("/")[1:]
    section = tokens[1] if len(tokens) > 2 and tokens[0] == "components" else None
    if section not in _DEGRADED:
        diagnostics.add(doc.diagnostic(where, "ref.unresolved", f"reference {ref!r} points nowhere"))
        return False
    diagnostics.add(
        doc.diagnostic(
            where, "ref.unresolved", f"reference {ref!r} points nowhere; typed as Any instead (the operation is kept)", Severity.WARNING
        )
    )
    del node["$ref"]
    node.update(copy.deepcopy(_DEGRADED[section]))
    node["x-unresolved-ref"] = ref
    return True
