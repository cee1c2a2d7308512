"""Python type hints for schemas, as printed in generated signatures.

Generated resource modules import `typing` names under underscore aliases (`_List`, `_Literal`, ...) and
the models module as `_models`: a method called `list` would otherwise shadow the builtin in annotations
that follow it in the class body, and no parameter name can start with an underscore.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..naming import class_name, py_literal
from ..spec.refs import resolve_pointer

__all__ = ["TypeMapper", "money_kind", "money_types"]


def money_kind(schema: Any) -> str | None:
    """ "number" or "string" for an `x-money` schema (how a caller's Decimal goes on the wire), else None."""
    if not isinstance(schema, dict) or schema.get("x-money") is not True:
        return None
    return "string" if money_types(schema)[:1] == ["string"] else "number"


def money_types(schema: dict[str, Any]) -> list[str]:
    """The JSON types an amount may have, the documented one first: `type`, or the alternatives of a union of
    plain scalars (`anyOf: [{type: string}, {type: number}]`: documented as a string, also sent as a number)."""
    types = schema.get("type")
    if types is None:
        alternatives = schema.get("anyOf") or schema.get("oneOf") or []
        types = [a.get("type") for a in alternatives if isinstance(a, dict) and isinstance(a.get("type"), str)]
    return [t for t in (types if isinstance(types, list) else [types]) if t != "null"]


_SCHEMA_PREFIX = "#/components/schemas/"
# A Literal longer than this is named once in `_aliases.py` and referred to by name: a 12,000-value enum
# parameter shared by 400 operations must not be printed 800 times (it made a 258 MB package).
_INLINE_VALUES = 16
_INLINE_CHARS = 400


class TypeMapper:
    def __init__(self, document: dict[str, Any], model_names: set[str], class_names: Mapping[str, str] | None = None) -> None:
        self.document = document
        self.model_names = model_names
        self.class_names = dict(class_names or {})  # component -> the class it was written as, where they differ
        self.used_models: set[str] = set()
        self.aliases: dict[str, str] = {}  # alias name -> the Literal it stands for
        self._alias_of: dict[str, str] = {}

    def literal(self, values: list[Any], name: str) -> str:
        """`_Literal[...]` for short value lists; longer ones become one named alias in `_aliases.py`."""
        expression = "_Literal[" + ", ".join(py_literal(v) for v in values) + "]"
        if len(values) <= _INLINE_VALUES and len(expression) <= _INLINE_CHARS:
            return expression
        if expression not in self._alias_of:
            base = class_name(name, fallback="Choice") + "Value"
            alias, n = base, 1
            while alias in self.aliases:
                n += 1
                alias = f"{base}{n}"
            self.aliases[alias] = expression
            self._alias_of[expression] = alias
        return "_aliases." + self._alias_of[expression]

    def hint(self, schema: Any, *, depth: int = 0, name: str = "choice") -> str:
        """The annotation for a value of this schema (also valid as a runtime expression for `cast_to`)."""
        if not isinstance(schema, dict) or depth > 16:
            return "_Any"
        if isinstance(schema.get("$ref"), str):
            return self._ref_hint(schema["$ref"], depth, name)
        nullable = bool(schema.get("nullable"))
        types = schema.get("type")
        if money_kind(schema):
            return _optional("_Decimal | float", nullable or (isinstance(types, list) and "null" in types))
        if isinstance(types, list):
            nullable = nullable or "null" in types
            types = [t for t in types if t != "null"]
            inner = (
                _union([self.hint({**schema, "type": t, "nullable": False}, depth=depth + 1, name=name) for t in types])
                if types
                else "None"
            )
            return _optional(inner, nullable)
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                parts = [self.hint(s, depth=depth + 1) for s in schema[key]]
                return _optional(_union(parts), nullable)
        if isinstance(schema.get("allOf"), list) and len(schema["allOf"]) == 1:
            return _optional(self.hint(schema["allOf"][0], depth=depth + 1), nullable)
        return _optional(self._plain(schema, types, depth, name), nullable)

    def _plain(self, schema: dict[str, Any], kind: Any, depth: int, name: str) -> str:
        if money_kind(schema):
            return "_Decimal | float"  # int too (a float parameter takes an int)
        enum = schema.get("enum")
        if isinstance(enum, list) and enum and all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in enum):
            return self.literal(enum, name)
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
            return f"_List[{self.hint(schema.get('items'), depth=depth + 1, name=name)}]"
        if kind == "object" or "properties" in schema or "additionalProperties" in schema:
            extra = schema.get("additionalProperties")
            value = self.hint(extra, depth=depth + 1) if isinstance(extra, dict) and extra else "_Any"
            return f"_Dict[str, {value}]"
        return "_Any"

    def _ref_hint(self, ref: str, depth: int, hint_name: str) -> str:
        name = ref[len(_SCHEMA_PREFIX) :] if ref.startswith(_SCHEMA_PREFIX) else ""
        try:
            target = resolve_pointer(self.document, ref)
        except KeyError:
            return "_Any"
        if name and name in self.model_names and _is_model(target):
            written = self.model_class(name)
            enum = target.get("enum") if isinstance(target, dict) else None
            if isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum):
                # Callers may pass the enum member or its plain value (`state="finalized"`).
                return f"_models.{written} | {self.literal(enum, name)}"
            return f"_models.{written}"
        return self.hint(target, depth=depth + 1, name=name or hint_name)

    def model_class(self, component: str) -> str:
        """The models-module class of a component, noted as used: its own name unless the models writer gave it
        another (an inline class had taken the name, see models.GeneratedModels.renamed)."""
        written = self.class_names.get(component, component)
        self.used_models.add(written)
        return written

    def body_hint(self, schema: Any) -> str:
        """A whole request body's annotation: a union model also takes any one of its alternatives as it is, so a
        caller passes `V3LineItemCreate(...)` without wrapping it in the union's RootModel (both send the same)."""
        hint = self.hint(schema)
        target = self.schema_of(schema)
        members: list[Any] = next(
            (target[k] for k in ("oneOf", "anyOf") if isinstance(target, dict) and isinstance(target.get(k), list)), []
        )
        if not members or not hint.startswith("_models."):
            return hint
        return _union([hint, *(self.hint(member) for member in members)])

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
