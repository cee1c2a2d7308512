"""What a recording's `expect` block means, checked against what the generated client returned.

The expectations are written from the vendor's documentation (docs/recordings.md), never read from the IR
or the generated code, so a generator bug that changes what a method returns fails here. Values compare in
JSON form with exact JSON types: an int is not a float, a number is not a numeric string.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, RootModel

_STEP = re.compile(r"\[(\d+)\]|\.?([A-Za-z_][A-Za-z0-9_]*)")


def json_form(value: Any) -> Any:
    """The value as a user sees it in JSON: models dumped by alias with only what was set, dates ISO."""
    if isinstance(value, RootModel):
        return json_form(value.root)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: json_form(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [json_form(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_form(v) for k, v in value.items()}
    if isinstance(value, enum.Enum):
        return json_form(value.value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def _kind(value: Any) -> str:
    """The JSON type of a Python JSON value; bool is not a number and int is not float."""
    if value is None:
        return "null"
    for kind, types in (("boolean", bool), ("integer", int), ("number", float), ("string", str), ("array", list), ("object", dict)):
        if isinstance(value, types):
            return kind
    return type(value).__name__


def differences(expected: Any, actual: Any, pointer: str = "") -> list[str]:
    """JSON pointers where `actual` differs from `expected`: missing, extra, changed value or changed JSON type."""
    if _kind(expected) != _kind(actual):
        return [f"{pointer or '/'}: expected {_kind(expected)} {expected!r}, got {_kind(actual)} {actual!r}"]
    if isinstance(expected, dict):
        found = []
        for key in sorted(set(expected) | set(actual), key=str):
            where = f"{pointer}/{key}"
            if key not in actual:
                found.append(f"{where}: lost (expected {expected[key]!r})")
            elif key not in expected:
                found.append(f"{where}: added {actual[key]!r}")
            else:
                found.extend(differences(expected[key], actual[key], where))
        return found
    if isinstance(expected, list):
        if len(expected) != len(actual):
            return [f"{pointer or '/'}: expected {len(expected)} items, got {len(actual)}"]
        return [d for i, (a, b) in enumerate(zip(expected, actual, strict=True)) for d in differences(a, b, f"{pointer}/{i}")]
    return [] if expected == actual else [f"{pointer or '/'}: expected {expected!r}, got {actual!r}"]


def _field_name(model: BaseModel, name: str) -> str | None:
    """The model field `name` stands for: its Python name, or its wire name (alias)."""
    fields = type(model).model_fields
    if name in fields:
        return name
    return next((n for n, f in fields.items() if f.alias == name), None)


def field_json(value: Any, path: str) -> Any:
    """The JSON form of the value at `path`, as the model writes it on the wire: a field's own serializer
    decides (a Decimal read as "10.0" stays that string, a UUID is its text), and a value the tolerant parser
    kept as received (the field left unset, the wire value in the extras) is that wire value."""
    parent_path, _, last = path.rpartition(".") if not path.endswith("]") else ("", "", "")
    if last and _STEP.fullmatch(last) and "[" not in last:
        parent = attribute(value, parent_path) if parent_path else value
        if isinstance(parent, RootModel):
            parent = parent.root
        if isinstance(parent, BaseModel):
            name = _field_name(parent, last)
            if name is not None:
                alias = type(parent).model_fields[name].alias or name
                extra = parent.model_extra or {}
                if name not in parent.model_fields_set and alias in extra:
                    return extra[alias]
                return parent.model_dump(mode="json", include={name}, by_alias=False, exclude_unset=False)[name]
    return json_form(attribute(value, path))


def attribute(value: Any, path: str) -> Any:
    """Follow `a.b[0].c` (Python attribute names or wire names, `[i]` for an index) from the result."""
    position = 0
    for match in _STEP.finditer(path):
        if match.start() != position:
            raise AssertionError(f"field path {path!r} is not `name.name[0]`")
        position = match.end()
        index, name = match.groups()
        if index is not None:
            if not isinstance(value, (list, tuple)) or int(index) >= len(value):
                raise AssertionError(f"field {path!r}: no item [{index}] in {value!r:.200}")
            value = value[int(index)]
        else:
            if isinstance(value, RootModel):
                value = value.root
            if isinstance(value, dict):  # a free-form object: its keys are the wire names
                if name not in value:
                    raise AssertionError(f"field {path!r}: no key {name!r} in {value!r:.200}")
                value = value[name]
                continue
            if isinstance(value, BaseModel) and name != "model_extra":
                field = _field_name(value, name)
                if field is None and name in (value.model_extra or {}):
                    value = (value.model_extra or {})[name]  # an undeclared key, reachable as sent
                    continue
                if field is None:
                    raise AssertionError(f"field {path!r}: {type(value).__name__} has no attribute {name!r}")
                name = field
            if not hasattr(value, name):
                raise AssertionError(f"field {path!r}: {type(value).__name__} has no attribute {name!r}")
            value = getattr(value, name)
    if position != len(path):
        raise AssertionError(f"field path {path!r} is not `name.name[0]`")
    return value


def type_problems(result: Any, expected: str, models: Any) -> list[str]:
    """Whether `result` is what the annotation `expected` (a model name, list[Model], bytes, None, dict, ...) says."""
    expected = expected.strip()
    if " | " in expected:
        options = [o.strip() for o in expected.split(" | ")]
        return [] if any(not type_problems(result, o, models) for o in options) else [f"result {_describe(result)} is none of {expected}"]
    if expected == "None":
        return [] if result is None else [f"expected None, got {_describe(result)}"]
    match = re.fullmatch(r"list\[(.+)\]", expected)
    if match:
        if not isinstance(result, list):
            return [f"expected {expected}, got {_describe(result)}"]
        return [f"[{i}]: {p}" for i, item in enumerate(result) for p in type_problems(item, match.group(1), models)]
    builtins = {"bytes": bytes, "str": str, "int": int, "float": float, "bool": bool, "dict": dict}
    if expected in builtins:
        ok = isinstance(result, builtins[expected]) and not (expected in {"int", "float"} and isinstance(result, bool))
        return [] if ok else [f"expected {expected}, got {_describe(result)}"]
    model = getattr(models, expected, None)
    if model is None:
        if type(result).__name__ == expected and not isinstance(result, BaseModel):
            return []  # a runtime type such as Created
        return [f"the package has no model {expected!r} (got {_describe(result)})"]
    return [] if type(result) is model else [f"expected {expected}, got {_describe(result)}"]


def _describe(value: Any) -> str:
    if isinstance(value, list):
        inner = sorted({type(v).__name__ for v in value})
        return f"list[{' | '.join(inner) or '?'}] of {len(value)}"
    return type(value).__name__


def subtrees(document: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every node of a JSON document with its pointer, the root first."""
    yield pointer, document
    if isinstance(document, dict):
        for key, child in document.items():
            yield from subtrees(child, f"{pointer}/{key}")
    elif isinstance(document, list):
        for index, child in enumerate(document):
            yield from subtrees(child, f"{pointer}/{index}")


def lossless_problems(result: Any, body: Any, declared: dict[str, frozenset[str]]) -> list[str]:
    """The result's JSON form is exactly some node of the received body (nothing lost, renamed or retyped),
    and every model in it holds as extras exactly the keys its schema does not declare."""
    dumped = json_form(result)
    nodes = list(subtrees(body))
    if not any(not differences(node, dumped) for _, node in nodes):
        same_kind = [(p, n) for p, n in nodes if _kind(n) == _kind(dumped)] or nodes
        pointer, closest = min(same_kind, key=lambda pn: (_size(pn[1]) != _size(dumped), len(differences(pn[1], dumped))))
        problems = [f"dump differs from the received body at {pointer or '/'}:"]
        return problems + [f"  {d}" for d in differences(closest, dumped)[:20]]
    return extras_problems(result, declared)


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (list, dict)) else 0


def extras_problems(value: Any, declared: dict[str, frozenset[str]], where: str = "") -> list[str]:
    """Declared keys must land on their declared attribute: `model_extra` holds only undeclared keys."""
    problems: list[str] = []
    if isinstance(value, RootModel):
        return extras_problems(value.root, declared, where)
    if isinstance(value, BaseModel):
        name = type(value).__name__
        keys = declared.get(name)
        if keys is None:
            return [f"{where or '/'}: model {name} has no schema of that name in the spec's components"]
        # a value the tolerant parser could not fit stays in the extras as received, and is reported as an issue
        reported = {str(getattr(i, "pointer", "")).rsplit("/", 1)[-1] for i in getattr(value, "validation_issues", None) or ()}
        moved = sorted(set(value.model_extra or {}) & keys - reported)
        if moved:
            problems.append(f"{where or '/'}: {name} declares {moved} but they landed in model_extra")
        for field_name in value.model_fields_set:
            if field_name in type(value).model_fields:
                problems += extras_problems(getattr(value, field_name), declared, f"{where}/{field_name}")
        return problems
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            problems += extras_problems(item, declared, f"{where}/{index}")
    elif isinstance(value, dict):
        for key, item in value.items():
            problems += extras_problems(item, declared, f"{where}/{key}")
    return problems
