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
    "Combined",
    "FlatSchema",
    "Operation",
    "deref",
    "deref_located",
    "effective_parameters",
    "flagged",
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
    pointer of its declaration, inside whichever member declared it (the first, for a property several
    members declare: it is then a `Combined` in `schema`).
    """

    schema: dict[str, Any]
    pointer: str
    properties: dict[str, str] = field(default_factory=dict)


class Combined(dict[str, Any]):
    """A property that several `allOf` members (or the outer schema and a member) declare: `allOf` requires
    every declaration, so it reads as an `allOf` of them, each still at its own pointer (`pointers`).

    It is never in a document, only in a FlatSchema's properties; flatten_schema merges it like any `allOf`,
    so members that each declare a part of a nested object (`financials.tax` here, `financials.currency`
    there) merge all the way down.
    """

    def __init__(self, parts: list[tuple[Any, str]]) -> None:
        super().__init__(allOf=[node for node, _pointer in parts])
        self.pointers = [pointer for _node, pointer in parts]

    @property
    def identity(self) -> str:
        """A key naming this combination of declarations (no single pointer does)."""
        return " & ".join(self.pointers)


def flatten_schema(doc: Any, node: Any, pointer: str = "", seen: frozenset[str] = frozenset()) -> FlatSchema:
    """Dereference `node` and merge its `allOf` members (recursively; a member cycle is cut, not followed).

    A property declared by more than one of them (or by the outer schema and a member) becomes a `Combined`
    of its declarations, the outer one first, so its own properties are merged in turn when it is flattened.
    Other keys: the outer schema's first, then the first member's that has it.
    """
    raw, where = deref_located(doc, node, pointer)
    schema = mapping(raw)
    own = {name: join_pointer(where, "properties", name) for name in mapping(schema.get("properties"))}
    members = schema.get("allOf")
    if not isinstance(members, list):
        return FlatSchema(schema, where, own)
    at = raw.pointers if isinstance(raw, Combined) else [join_pointer(where, "allOf", i) for i in range(len(members))]
    merged = {k: v for k, v in schema.items() if k != "allOf"}
    declared = {name: [(prop, own[name])] for name, prop in mapping(schema.get("properties")).items()}
    required = set(merged.get("required") or [])
    for member, member_at in zip(members, at, strict=True):
        ref = mapping(member).get("$ref")
        ref = ref if isinstance(ref, str) else None
        if ref in seen:
            continue
        part = flatten_schema(doc, member, member_at, seen | {ref} if ref else seen)
        for name, prop in mapping(part.schema.get("properties")).items():
            _declare(declared.setdefault(name, []), prop, part.properties[name])
        required |= set(part.schema.get("required") or [])
        for key, value in part.schema.items():
            merged.setdefault(key, value)
    merged["properties"] = {name: parts[0][0] if len(parts) == 1 else Combined(parts) for name, parts in declared.items()}
    merged["required"] = sorted(required, key=str)
    return FlatSchema(merged, where, {name: parts[0][1] for name, parts in declared.items()})


def _declare(parts: list[tuple[Any, str]], prop: Any, pointer: str) -> None:
    """Add one declaration of a property; the same `$ref` declared twice is one declaration."""
    ref = mapping(prop).get("$ref")
    if isinstance(ref, str) and any(mapping(node).get("$ref") == ref for node, _pointer in parts):
        return
    parts.append((prop, pointer))


def flagged(doc: Any, node: Any, key: str) -> bool:
    """`key: true` (`readOnly`, `writeOnly`) on a schema behind its `$ref`s; on a Combined property, on any of its
    declarations (allOf: each one binds)."""
    target = deref(doc, node)
    if isinstance(target, Combined):
        return any(flagged(doc, part, key) for part in target["allOf"])
    return mapping(target).get(key) is True
