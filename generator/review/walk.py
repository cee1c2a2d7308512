"""Small read-only views of an OpenAPI document shared by the lint rules and the diff.

They never raise on a broken spec: lint must report every problem, so a dangling `$ref` reads as an empty
mapping here and is reported once by the spec stage's ref check.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..load import join_pointer
from ..spec.normalize import HTTP_METHODS
from ..spec.refs import resolve_pointer

__all__ = ["Operation", "deref", "effective_parameters", "iter_operations", "mapping"]

_MAX_REF_CHAIN = 32


def mapping(value: Any) -> dict[str, Any]:
    """The value if it is a mapping, else an empty one (broken specs must not crash the rules)."""
    return value if isinstance(value, dict) else {}


def deref(data: Any, node: Any) -> Any:
    """Follow a chain of local `$ref`s; an unresolvable one yields `{}`."""
    for _ in range(_MAX_REF_CHAIN):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node
        try:
            node = resolve_pointer(data, node["$ref"])
        except KeyError:
            return {}
    return {}


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    pointer: str
    node: dict[str, Any]
    item: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


def iter_operations(data: Any) -> Iterator[Operation]:
    """Every operation in document order (path items behind a `$ref` included)."""
    for path, raw in mapping(mapping(data).get("paths")).items():
        item = mapping(deref(data, raw))
        for method in HTTP_METHODS:
            node = item.get(method)
            if isinstance(node, dict):
                yield Operation(path, method, join_pointer("/paths", path, method), node, item)


def effective_parameters(data: Any, op: Operation) -> list[tuple[str, dict[str, Any]]]:
    """(pointer, resolved parameter) for the path-level and operation-level parameters; the latter win."""
    found: dict[tuple[Any, Any], tuple[str, dict[str, Any]]] = {}
    sources = ((join_pointer("/paths", op.path, "parameters"), op.item), (join_pointer(op.pointer, "parameters"), op.node))
    for base, holder in sources:
        params = holder.get("parameters")
        for index, raw in enumerate(params if isinstance(params, list) else []):
            param = mapping(deref(data, raw))
            found[(param.get("name"), param.get("in"))] = (join_pointer(base, index), param)
    return list(found.values())
