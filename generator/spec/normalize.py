"""Normalization: the document the IR builder and the model generator both read.

- path-level parameters are merged into each operation and every non-schema `$ref` (parameters, request
  bodies, responses, headers, path items) is inlined, so later stages never chase references except schemas;
- inline schemas of operations are hoisted into `components/schemas` under names derived from the
  operationId (`CreateInvoiceRequest`, `ListCustomersResponse`), so every model the client uses has a
  stable, reviewable name;
- component schemas are renamed to the Python class names they will have, and every `$ref` rewritten.
"""

from __future__ import annotations

import copy
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from ..diagnostics import Diagnostics, Severity
from ..load import LoadedDocument, join_pointer
from ..naming import class_name, unique
from .refs import resolve_pointer

__all__ = ["HTTP_METHODS", "Normalized", "iter_operations", "normalize", "operation_name"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SCHEMA_PREFIX = "#/components/schemas/"


@dataclass
class Normalized:
    data: dict[str, Any]
    #: class name -> JSON pointer of the schema in the original document (for diagnostics and provenance)
    origins: dict[str, str] = field(default_factory=dict)
    #: original component name -> class name
    renamed: dict[str, str] = field(default_factory=dict)


def operation_name(method: str, path: str, operation: dict[str, Any]) -> str:
    """operationId, or a stable name built from method and path when the spec has none."""
    op_id = operation.get("operationId")
    if isinstance(op_id, str) and op_id.strip():
        return op_id
    return f"{method}_{path}"


def iter_operations(data: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], str]]:
    """(path, method, operation, JSON pointer) for every operation, in document order."""
    for path, item in (data.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield path, method, operation, join_pointer("/paths", path, method)


def normalize(doc: LoadedDocument, diagnostics: Diagnostics) -> Normalized:
    data = _copy_tree(doc.data)
    components = data.setdefault("components", {})
    if not isinstance(components.get("schemas"), dict):
        components["schemas"] = {}
    _inline_operation_refs(data, doc, diagnostics)
    result = Normalized(data)
    _rename_components(result)
    _hoist_inline_schemas(result)
    _hoist_nested_schemas(result)
    return result


def _deref(data: dict[str, Any], node: Any, depth: int = 0) -> Any:
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and depth < 32:
        node = resolve_pointer(data, node["$ref"])
        depth += 1
    return _copy_tree(node)


_ATOMIC = (str, int, float, bool, type(None), bytes)


def _copy_tree(node: Any, memo: dict[int, Any] | None = None) -> Any:
    """`copy.deepcopy` for loaded documents, several times faster: dicts and lists are copied by a plain
    recursion, scalars are shared as deepcopy shares them. The memo keeps deepcopy's one guarantee that
    matters here: a container reachable twice is copied once, so the copy has the same sharing."""
    if memo is None:
        memo = {}
    kind = type(node)
    if kind is dict or kind is list:
        done = memo.get(id(node))
        if done is not None:
            return done
        if kind is dict:
            copied: Any = {}
            memo[id(node)] = copied
            for key, value in node.items():
                copied[key] = value if type(value) in _ATOMIC else _copy_tree(value, memo)
        else:
            copied = []
            memo[id(node)] = copied
            copied.extend(value if type(value) in _ATOMIC else _copy_tree(value, memo) for value in node)
        return copied
    if kind in _ATOMIC:
        return node
    return copy.deepcopy(node, memo)


def _inline_operation_refs(data: dict[str, Any], doc: LoadedDocument, diagnostics: Diagnostics) -> None:
    paths = data.get("paths") or {}
    for path, item in list(paths.items()):
        item = _deref(data, item)
        paths[path] = item
        if not isinstance(item, dict):
            continue
        shared = [_deref(data, p) for p in item.get("parameters") or []]
        for method in HTTP_METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            own = [_deref(data, p) for p in operation.get("parameters") or []]
            keys = {(p.get("name"), p.get("in")) for p in own}
            operation["parameters"] = [p for p in shared if (p.get("name"), p.get("in")) not in keys] + own
            if "requestBody" in operation:
                operation["requestBody"] = _deref(data, operation["requestBody"])
            responses = operation.get("responses")
            if not isinstance(responses, dict) or not responses:
                pointer = join_pointer("/paths", path, method)
                diagnostics.add(
                    doc.diagnostic(
                        pointer, "spec.no-responses", "operation declares no responses; the client returns None", Severity.WARNING
                    )
                )
                operation["responses"] = {}
                continue
            for status, response in list(responses.items()):
                response = _deref(data, response)
                for name, header in list((response.get("headers") or {}).items()):
                    response["headers"][name] = _deref(data, header)
                responses[str(status)] = response
        item.pop("parameters", None)


def _rename_components(result: Normalized) -> None:
    schemas: dict[str, Any] = result.data["components"]["schemas"]
    taken: set[str] = set()
    renamed: dict[str, str] = {}
    for name in sorted(schemas):
        renamed[name] = unique(class_name(name), taken)
    result.renamed = renamed
    result.data["components"]["schemas"] = {renamed[name]: schemas[name] for name in schemas}
    result.origins = {renamed[name]: join_pointer("/components/schemas", name) for name in schemas}
    mapping = {_SCHEMA_PREFIX + _escape(old): _SCHEMA_PREFIX + new for old, new in renamed.items()}
    for node in _containers(result.data):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref in mapping:
                node["$ref"] = mapping[ref]
            disc = node.get("discriminator")
            if isinstance(disc, dict) and isinstance(disc.get("mapping"), dict):
                disc["mapping"] = {k: mapping.get(v, v) if isinstance(v, str) else v for k, v in disc["mapping"].items()}


def _containers(node: Any) -> Iterator[Any]:
    """The values of `refs.walk` without their pointers (which the renaming and the discriminator scan never
    read), in the same order and with the same timing: a dict's children are taken after the caller has seen
    (and possibly rewritten) it."""
    stack = [node]
    while stack:
        value = stack.pop()
        yield value
        if isinstance(value, dict):
            stack.extend(reversed(value.values()))
        elif isinstance(value, list):
            stack.extend(reversed(value))


def _free(name: str, taken: dict[str, Any]) -> str:
    """`naming.unique` against the schema names, without copying them into a set for every hoisted schema."""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}{n}"
    return candidate


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


_SCALAR_TYPES = ("string", "number", "integer", "boolean")


def is_scalar_union(schema: Any) -> bool:
    """`anyOf`/`oneOf` of plain scalars (`{type: string}` | `{type: number}`): a field annotation such as
    `str | float`, not a model. Named, it would become a RootModel the caller has to unwrap (`.root`) to
    compare a vendor's "12.50" or 12.5."""
    members = schema.get("anyOf") or schema.get("oneOf") if isinstance(schema, dict) else None
    if not isinstance(members, list) or not members or "allOf" in schema:
        return False
    plain = ("$ref", "enum", "pattern", "properties", "items", "allOf", "anyOf", "oneOf", "additionalProperties")
    return all(isinstance(m, dict) and m.get("type") in _SCALAR_TYPES and not any(k in m for k in plain) for m in members)


def is_complex(schema: Any) -> bool:
    """Schemas worth a named model: objects with fields, compositions (other than unions of plain scalars),
    and string enums."""
    if not isinstance(schema, dict) or "$ref" in schema:
        return False
    if any(k in schema for k in ("allOf", "oneOf", "anyOf")):
        return not is_scalar_union(schema)
    if schema.get("properties") or (isinstance(schema.get("additionalProperties"), dict) and schema["additionalProperties"]):
        return True
    return bool(schema.get("enum")) and schema.get("type") == "string"


def _hoist(result: Normalized, holder: dict[str, Any], key: str, name: str, origin: str) -> None:
    schema = holder.get(key)
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        _hoist(result, schema, "items", name + "Item", join_pointer(origin, "items"))
        return
    if not is_complex(schema):
        return
    schemas = result.data["components"]["schemas"]
    final = _free(class_name(name), schemas)
    schemas[final] = schema
    result.origins[final] = origin
    holder[key] = {"$ref": _SCHEMA_PREFIX + final}


def _hoist_inline_schemas(result: Normalized) -> None:
    for path, method, operation, where in list(iter_operations(result.data)):
        base = class_name(operation_name(method, path, operation), fallback="Operation")
        for index, param in enumerate(operation.get("parameters") or []):
            if isinstance(param, dict) and (param.get("schema") or {}).get("type") == "object":
                _hoist(
                    result,
                    param,
                    "schema",
                    f"{base}{class_name(str(param.get('name')))}Param",
                    join_pointer(where, "parameters", index, "schema"),
                )
        body = operation.get("requestBody")
        for n, (mime, media) in enumerate(sorted(((body or {}).get("content") or {}).items())):
            if isinstance(media, dict):
                _hoist(
                    result,
                    media,
                    "schema",
                    f"{base}Request{n + 1 if n else ''}",
                    join_pointer(where, "requestBody/content", mime, "schema"),
                )
        successes = sorted(s for s in operation["responses"] if s.startswith("2"))
        for status, response in sorted(operation["responses"].items()):
            suffix = (
                ("Response" if status == (successes[0] if successes else None) else f"Response{class_name(status)}")
                if status.startswith("2")
                else f"Error{class_name(status)}"
            )
            for n, (mime, media) in enumerate(sorted(((response or {}).get("content") or {}).items())):
                if isinstance(media, dict):
                    _hoist(
                        result,
                        media,
                        "schema",
                        f"{base}{suffix}{n + 1 if n else ''}",
                        join_pointer(where, "responses", status, "content", mime, "schema"),
                    )


def _hoist_nested_schemas(result: Normalized) -> None:
    """Name nested inline objects and enums `<Parent><Property>` ourselves.

    Left to datamodel-code-generator, a nested object under `client` becomes class `Client` and silently
    displaces the component of that name; parent-qualified names cannot collide that way.
    """
    schemas = result.data["components"]["schemas"]
    # Discriminator properties stay inline: subclasses narrow them to a Literal, which an enum class forbids.
    discriminators = {
        str(node["discriminator"]["propertyName"])
        for node in _containers(schemas)
        if isinstance(node, dict) and isinstance(node.get("discriminator"), dict) and node["discriminator"].get("propertyName")
    }
    queue = deque(sorted(schemas))
    while queue:
        parent = queue.popleft()
        schema = schemas[parent]
        if not isinstance(schema, dict):
            continue
        before = len(schemas)
        _hoist_properties(result, schema, parent, result.origins.get(parent, ""), discriminators)
        # Hoisting only adds names (each one new), and a dict keeps insertion order: the tail is what was added.
        queue.extend(sorted(islice(schemas, before, None)))


def _hoist_properties(result: Normalized, schema: dict[str, Any], parent: str, origin: str, keep: set[str]) -> None:
    holders: list[tuple[dict[str, Any], str]] = [(schema, "")]
    holders += [(part, "") for key in ("allOf",) for part in schema.get(key) or [] if isinstance(part, dict)]
    for holder, _ in holders:
        properties = holder.get("properties")
        if not isinstance(properties, dict):
            continue
        for name, prop in properties.items():
            if not isinstance(prop, dict) or name in keep:
                continue
            where = join_pointer(origin, "properties", name)
            _hoist(result, properties, name, f"{parent}{class_name(str(name), fallback='Field')}", where)
