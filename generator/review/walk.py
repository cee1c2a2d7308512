"""Small read-only views of an OpenAPI document shared by the lint rules, the diff and the drift check.

They never raise on a broken spec: lint must report every problem, so a dangling `$ref` reads as an empty
mapping here and is reported once by the spec stage's ref check. The `*_located` variants also say where
the node they return lives (the target of the last `$ref` followed), which is what the drift check reports.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..load import join_pointer
from ..spec.normalize import HTTP_METHODS
from ..spec.refs import resolve_pointer

__all__ = [
    "FlatSchema",
    "Operation",
    "deref",
    "deref_located",
    "effective_parameters",
    "flatten_schema",
    "iter_operations",
    "located_parameters",
    "mapping",
]

_MAX_REF_CHAIN = 32


def mapping(value: Any) -> dict[str, Any]:
    """The value if it is a mapping, else an empty one (broken specs must not crash the rules)."""
    return value if isinstance(value, dict) else {}


def deref_located(data: Any, node: Any, pointer: str) -> tuple[Any, str]:
    """Follow a chain of local `$ref`s from `node` (found at `pointer`): (target, target's pointer).

    An unresolvable reference yields `({}, pointer of the last $ref)` so callers still have a place to name.
    """
    for _ in range(_MAX_REF_CHAIN):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node, pointer
        ref = node["$ref"]
        try:
            node = resolve_pointer(data, ref)
        except KeyError:
            return {}, pointer
        pointer = ref[1:]
    return {}, pointer


def deref(data: Any, node: Any) -> Any:
    """Follow a chain of local `$ref`s; an unresolvable one yields `{}`."""
    return deref_located(data, node, "")[0]


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


def located_parameters(data: Any, op: Operation) -> list[tuple[str, str, dict[str, Any]]]:
    """(pointer in the list, pointer of the resolved parameter, parameter) for the path-level and
    operation-level parameters; the latter win."""
    found: dict[tuple[Any, Any], tuple[str, str, dict[str, Any]]] = {}
    sources = ((join_pointer("/paths", op.path, "parameters"), op.item), (join_pointer(op.pointer, "parameters"), op.node))
    for base, holder in sources:
        params = holder.get("parameters")
        for index, raw in enumerate(params if isinstance(params, list) else []):
            listed = join_pointer(base, index)
            node, where = deref_located(data, raw, listed)
            param = mapping(node)
            found[(param.get("name"), param.get("in"))] = (listed, where, param)
    return list(found.values())


def effective_parameters(data: Any, op: Operation) -> list[tuple[str, dict[str, Any]]]:
    """(pointer, resolved parameter) for the path-level and operation-level parameters; the latter win."""
    return [(listed, param) for listed, _where, param in located_parameters(data, op)]


@dataclass
class FlatSchema:
    """A schema with its `allOf` members merged, remembering where each merged property was declared.

    `schema` is the merged mapping (properties and required united, the outer schema's own keys first);
    `pointer` is where the (dereferenced) outer schema lives; `properties` maps a property name to the
    pointer of its declaration, inside whichever member declared it.
    """

    schema: dict[str, Any]
    pointer: str
    properties: dict[str, str] = field(default_factory=dict)


def flatten_schema(doc: Any, node: Any, pointer: str = "", seen: frozenset[str] = frozenset()) -> FlatSchema:
    """Dereference `node` and merge its `allOf` members (recursively; a member cycle is cut, not followed)."""
    raw, where = deref_located(doc, node, pointer)
    schema = mapping(raw)
    own = {name: join_pointer(where, "properties", name) for name in mapping(schema.get("properties"))}
    members = schema.get("allOf")
    if not isinstance(members, list):
        return FlatSchema(schema, where, own)
    merged = {k: v for k, v in schema.items() if k != "allOf"}
    properties: dict[str, Any] = {}
    located: dict[str, str] = {}
    required = set(merged.get("required") or [])
    for index, member in enumerate(members):
        ref = mapping(member).get("$ref")
        ref = ref if isinstance(ref, str) else None
        if ref in seen:
            continue
        part = flatten_schema(doc, member, join_pointer(where, "allOf", index), seen | {ref} if ref else seen)
        properties.update(mapping(part.schema.get("properties")))
        located.update(part.properties)
        required |= set(part.schema.get("required") or [])
        for key, value in part.schema.items():
            merged.setdefault(key, value)
    properties.update(mapping(schema.get("properties")))
    located.update(own)
    merged["properties"], merged["required"] = properties, sorted(required, key=str)
    return FlatSchema(merged, where, located)
