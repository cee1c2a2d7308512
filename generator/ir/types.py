"""Python type hints for schemas, as printed in generated signatures.

Generated resource modules import `typing` names under underscore aliases (`_List`, `_Literal`, ...) and
the models module as `_models`: a method called `list` would otherwise shadow the builtin in annotations
that follow it in the class body, and no parameter name can start with an underscore.
"""

from __future__ import annotations

from typing import Any

from ..naming import py_literal
from ..spec.refs import resolve_pointer

__all__ = ["TypeMapper", "money_kind"]


def money_kind(schema: Any) -> str | None:
    """ "number" or "string" for an `x-money` schema (how a caller's Decimal goes on the wire), else None."""
    if not isinstance(schema, dict) or schema.get("x-money") is not True:
        return None
    types = schema.get("type")
    listed = [t for t in (types if isinstance(types, list) else [types]) if t != "null"]
    return "string" if listed == ["string"] else "number"


_SCHEMA_PREFIX = "#/components/schemas/"


class TypeMapper:
    def __init__(self, document: dict[str, Any], model_names: set[str]) -> None:
        self.document = document
        self.model_names = model_names
        self.used_models: set[str] = set()

    def hint(self, schema: Any, *, depth: int = 0) -> str:
        """The annotation for a value of this schema (also valid as a runtime expression for `cast_to`)."""
        if not isinstance(schema, dict) or depth > 16:
            return "_Any"
        if isinstance(schema.get("$ref"), str):
            return self._ref_hint(schema["$ref"], depth)
        nullable = bool(schema.get("nullable"))
        types = schema.get("type")
        if money_kind(schema):
            return _optional("_Decimal | float", nullable or (isinstance(types, list) and "null" in types))
        if isinstance(types, list):
            nullable = nullable or "null" in types
            types = [t for t in types if t != "null"]
            inner = _union([self.hint({**schema, "type": t, "nullable": False}, depth=depth + 1) for t in types]) if types else "None"
            return _optional(inner, nullable)
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                parts = [self.hint(s, depth=depth + 1) for s in schema[key]]
                return _optional(_union(parts), nullable)
        if isinstance(schema.get("allOf"), list) and len(schema["allOf"]) == 1:
            return _optional(self.hint(schema["allOf"][0], depth=depth + 1), nullable)
        return _optional(self._plain(schema, types, depth), nullable)

    def _plain(self, schema: dict[str, Any], kind: Any, depth: int) -> str:
        if money_kind(schema):
            return "_Decimal | float"  # int too (a float parameter takes an int)
        enum = schema.get("enum")
        if isinstance(enum, list) and enum and all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in enum):
            return "_Literal[" + ", ".join(py_literal(v) for v in enum) + "]"
        if kind == "string":
            fmt = schema.get("format")
            if fmt in ("binary",):
                return "bytes"
            if fmt == "date" or schema.get("x-date-format"):
                return "_dt.date"
            if fmt == "date-time":
                return "_dt.datetime"
            return "str"
        if kind == "integer":
            return "int"
        if kind == "number":
            return "float"
        if kind == "boolean":
            return "bool"
        if kind == "array":
            return f"_List[{self.hint(schema.get('items'), depth=depth + 1)}]"
        if kind == "object" or "properties" in schema or "additionalProperties" in schema:
            extra = schema.get("additionalProperties")
            value = self.hint(extra, depth=depth + 1) if isinstance(extra, dict) and extra else "_Any"
            return f"_Dict[str, {value}]"
        return "_Any"

    def _ref_hint(self, ref: str, depth: int) -> str:
        name = ref[len(_SCHEMA_PREFIX) :] if ref.startswith(_SCHEMA_PREFIX) else ""
        try:
            target = resolve_pointer(self.document, ref)
        except KeyError:
            return "_Any"
        if name and name in self.model_names and _is_model(target):
            self.used_models.add(name)
            enum = target.get("enum") if isinstance(target, dict) else None
            if isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum):
                # Callers may pass the enum member or its plain value (`state="finalized"`).
                return f"_models.{name} | _Literal[{', '.join(py_literal(v) for v in enum)}]"
            return f"_models.{name}"
        return self.hint(target, depth=depth + 1)

    def schema_of(self, schema: Any) -> Any:
        """Follow `$ref`s to the schema they name."""
        seen = 0
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and seen < 32:
            try:
                schema = resolve_pointer(self.document, schema["$ref"])
            except KeyError:
                return {}
            seen += 1
        return schema

    def at_pointer(self, schema: Any, pointer: str) -> Any:
        """The sub-schema that describes the value found at `pointer` inside a value of `schema`."""
        node = self.schema_of(schema)
        for token in [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]] if pointer else []:
            node = self.schema_of(node)
            props = node.get("properties") if isinstance(node, dict) else None
            if isinstance(props, dict) and token in props:
                node = props[token]
            elif isinstance(node, dict) and node.get("type") == "array" and token.isdigit():
                node = node.get("items", {})
            elif isinstance(node, dict) and isinstance(node.get("allOf"), list):
                found = [self.schema_of(s).get("properties", {}).get(token) for s in node["allOf"]]
                found = [f for f in found if f is not None]
                node = found[0] if found else {}
            else:
                return {}
        return node

    def object_fields(self, schema: Any) -> tuple[list[tuple[str, Any]], set[str]] | None:
        """(properties in order, required names) when the schema is a plain object (allOf of objects merged)."""
        schema = self.schema_of(schema)
        if not isinstance(schema, dict) or any(k in schema for k in ("oneOf", "anyOf")):
            return None
        props: list[tuple[str, Any]] = []
        required: set[str] = set()
        parts = [self.schema_of(s) for s in schema.get("allOf", [])] + [schema]
        for part in parts:
            if not isinstance(part, dict) or any(k in part for k in ("oneOf", "anyOf")):
                return None
            if part.get("allOf") and part is not schema:
                nested = self.object_fields(part)
                if nested is None:
                    return None
                props.extend(nested[0])
                required |= nested[1]
            for key, value in (part.get("properties") or {}).items():
                props.append((str(key), value))
            required |= {str(r) for r in part.get("required") or []}
        if not props:
            return None
        seen: dict[str, Any] = {}
        for key, value in props:
            seen[key] = value
        return list(seen.items()), required


def _is_model(schema: Any) -> bool:
    """Components that become classes (objects, compositions, enums) rather than plain aliases."""
    if not isinstance(schema, dict):
        return False
    if any(k in schema for k in ("allOf", "oneOf", "anyOf", "properties", "enum")):
        return True
    return schema.get("type") == "object" or "additionalProperties" in schema


def _union(parts: list[str]) -> str:
    unique: list[str] = []
    for part in parts:
        for piece in part.split(" | ") if "[" not in part else [part]:
            if piece not in unique:
                unique.append(piece)
    if "_Any" in unique:
        return "_Any"
    return " | ".join(unique) if unique else "_Any"


def _optional(hint: str, nullable: bool) -> str:
    if not nullable or hint in ("_Any", "None") or hint.endswith(" | None"):
        return hint
    return f"{hint} | None"
