"""The schema half of the drift check: our schema and the vendor's walked in parallel, normalized first.

Normalization makes a 3.0 and a 3.1 description of the same thing read alike: `allOf` is merged,
`nullable: true`, a `"null"` in a type array, a `null` enum value and a `{type: null}` union alternative all
mean "nullable", and a wrapper with a single alternative is the alternative. `oneOf`/`anyOf` are compared
as sets of alternatives, paired by component name, then by type, then (objects) by shared property names
and discriminator values, then a last single pair; what stays unpaired on both sides is reported as
`schema-unclassified`, never dropped. Each pair of nodes is compared once per operation and side, which
cuts `$ref` cycles.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..load import join_pointer
from .schemadiff import RULES, Side, type_change_rule, type_set
from .walk import Combined, deref_located, flagged, flatten_schema, mapping

__all__ = ["Emit", "SchemaDrift", "canonical"]

#: (rule, our pointer, their pointer, our value, their value, message, review rule id, **property/value)
Emit = Callable[..., None]

_MAX_DEPTH = 64
_SCHEMA_PREFIX = "/components/schemas/"


def canonical(value: Any) -> str:
    """A JSON value as a comparable key (enum values of any type, `1` and `"1"` kept apart)."""
    return json.dumps(value, sort_keys=True, default=str)


@dataclass
class _View:
    """A schema normalized for comparison (see the module docstring)."""

    pointer: str  # where the schema's own keys live (after $refs and single-alternative wrappers)
    outer: str  # the first node that is not a bare $ref: where nullability is written
    schema: dict[str, Any]
    properties: dict[str, str]  # property name -> pointer of its declaration
    types: frozenset[str]  # JSON types without "null"; empty = any
    nullable: bool
    enum: list[Any] | None
    alternatives: list[tuple[Any, str]] = field(default_factory=list)  # oneOf/anyOf members but null, unexpanded
    identity: str = ""  # what was compared: the pointer, or every declaration of a Combined property

    def __post_init__(self) -> None:
        self.identity = self.identity or self.pointer

    @property
    def name(self) -> str:
        """A component name, else the type as a reviewer reads it: how union alternatives are paired and shown."""
        if self.pointer.startswith(_SCHEMA_PREFIX) and self.pointer.count("/") == 3:
            return self.pointer[len(_SCHEMA_PREFIX) :]
        return _show_types(self.types)


def _show_types(types: frozenset[str]) -> str:
    return "|".join(sorted(types)) or "any"


def _is_null(schema: dict[str, Any]) -> bool:
    declared = schema.get("type")
    return declared == "null" or declared == ["null"] or schema.get("enum") == [None] or ("const" in schema and schema["const"] is None)


def _view(doc: Any, node: Any, pointer: str, nullable: bool = False, outer: str | None = None, depth: int = 0) -> _View:
    raw, where = deref_located(doc, node, pointer)
    raw = mapping(raw)
    outer = where if outer is None else outer
    nullable = nullable or raw.get("nullable") is True
    structural = ("type", "properties", "items", "enum", "const")
    if depth < _MAX_DEPTH and not any(k in raw for k in structural):
        # a wrapper: `allOf: [X]`, `anyOf: [X, {type: null}]`, `oneOf: [X]` (with description, nullable...) is X
        members = [(key, i, m) for key in ("allOf", "oneOf", "anyOf") for i, m in enumerate(_members(raw, key))]
        real = [(key, i, m) for key, i, m in members if not _is_null(mapping(deref_located(doc, m, "")[0]))]
        if len(real) == 1 and (len(members) == 1 or real[0][0] != "allOf"):
            key, index, member = real[0]
            null_alternative = len(members) > len(real)
            return _view(doc, member, join_pointer(where, key, index), nullable or null_alternative, outer, depth + 1)
    outer_nullable = nullable
    flat = flatten_schema(doc, raw, where)
    schema = flat.schema
    declared = schema.get("type")
    types = set(declared) if isinstance(declared, list) else {declared} if isinstance(declared, str) else set()
    if "null" in types:
        nullable, types = True, types - {"null"}
    enum = schema.get("enum") if isinstance(schema.get("enum"), list) else [schema["const"]] if "const" in schema else None
    if enum is not None and None in enum:
        nullable, enum = True, [v for v in enum if v is not None]
    if isinstance(raw, Combined):  # allOf of its declarations: null passes only when every one admits it
        parts = zip(raw["allOf"], raw.pointers, strict=True)
        nullable = outer_nullable or all(_view(doc, p, at, depth=depth + 1).nullable for p, at in parts)
    if not types and schema.get("properties"):
        types = {"object"}
    elif not types and "items" in schema:
        types = {"array"}
    identity = raw.identity if isinstance(raw, Combined) else flat.pointer
    view = _View(flat.pointer, outer, schema, flat.properties, frozenset(str(t) for t in types), nullable, enum, identity=identity)
    for key in ("oneOf", "anyOf"):
        for index, member in enumerate(_members(schema, key)):
            if _is_null(mapping(deref_located(doc, member, "")[0])):
                view.nullable = True
            else:
                view.alternatives.append((member, join_pointer(flat.pointer, key, index)))
    return view


class SchemaDrift:
    """Walks our schema and theirs in parallel for one operation and side; `emit` records a difference."""

    def __init__(self, ours: Any, theirs: Any, side: Side, emit: Emit) -> None:
        self.ours, self.theirs, self.side, self.emit = ours, theirs, side, emit
        self.seen: set[tuple[str, bool, str, bool]] = set()

    def compare(self, ours: Any, where: str, theirs: Any, their_where: str, depth: int = 0) -> None:
        a = _view(self.ours, ours, where)
        b = _view(self.theirs, theirs, their_where)
        self._pair(a, b, depth)

    def _pair(self, a: _View, b: _View, depth: int, nullable: bool = True) -> None:
        key = (a.identity, a.nullable and nullable, b.identity, b.nullable and nullable)
        if key in self.seen or depth > _MAX_DEPTH:
            return
        self.seen.add(key)
        if a.alternatives or b.alternatives:
            self._unions(a, b, depth)
        else:
            self._plain(a, b, depth, nullable)

    def add(self, rule: str, a: _View, b: _View, before: Any, after: Any, message: str, review: str | None = None, **extra: Any) -> None:
        self.emit(rule, a.pointer, b.pointer, before, after, message, review, **extra)

    def _nullable(self, a: _View, b: _View) -> None:
        if a.nullable == b.nullable:
            return
        if self.side == "response":
            review = "response-field-became-nullable" if b.nullable else "response-field-type-narrowed"
        else:
            review = RULES[self.side]["type-ok" if b.nullable else "type-bad"]
        message = "the vendor allows null; we do not" if b.nullable else "we allow null; the vendor does not"
        self.emit("schema-nullable", a.outer, b.outer, a.nullable, b.nullable, message, review)

    def _plain(self, a: _View, b: _View, depth: int, nullable: bool = True) -> None:
        if nullable:
            self._nullable(a, b)
        if a.types != b.types:
            review = type_change_rule(self.side, type_set(a.schema) - {"null"}, type_set(b.schema) - {"null"})
            self.add(
                "schema-type",
                a,
                b,
                _show_types(a.types),
                _show_types(b.types),
                f"type {_show_types(a.types)} here, {_show_types(b.types)} for the vendor",
                review if review != "response-field-became-nullable" else None,
            )
            if not (a.types & b.types):
                return  # nothing more is comparable (an untyped side admits anything)
        fmt, their_fmt = a.schema.get("format"), b.schema.get("format")
        if fmt != their_fmt:
            review = type_change_rule(self.side, type_set(a.schema), type_set(b.schema))
            self.add("schema-format", a, b, fmt, their_fmt, f"format {fmt} here, {their_fmt} for the vendor", review)
        self._enum(a, b)
        if "object" in a.types and "object" in b.types:
            self._properties(a, b, depth)
        if "array" in a.types and "array" in b.types and ("items" in a.schema or "items" in b.schema):
            self.compare(
                a.schema.get("items", {}),
                join_pointer(a.pointer, "items"),
                b.schema.get("items", {}),
                join_pointer(b.pointer, "items"),
                depth + 1,
            )
        if isinstance(a.schema.get("additionalProperties"), dict) and isinstance(b.schema.get("additionalProperties"), dict):
            self.compare(
                a.schema["additionalProperties"],
                join_pointer(a.pointer, "additionalProperties"),
                b.schema["additionalProperties"],
                join_pointer(b.pointer, "additionalProperties"),
                depth + 1,
            )

    def _enum(self, a: _View, b: _View) -> None:
        rules = RULES[self.side]
        if a.enum is None and b.enum is None:
            return
        if a.enum is None or b.enum is None:
            limited = "we" if b.enum is None else "the vendor"
            review = rules["enum-gained" if b.enum is None else "enum-lost"]
            self.add("schema-enum", a, b, a.enum, b.enum, f"only {limited} limit the values to an enum", review)
            return
        mine, theirs = {canonical(v): v for v in a.enum}, {canonical(v): v for v in b.enum}
        for key in theirs.keys() - mine.keys():
            value = theirs[key]
            self.add("schema-enum", a, b, None, value, f"the vendor lists {value!r}; we do not", rules["enum-gained"], value=value)
        for key in mine.keys() - theirs.keys():
            value = mine[key]
            self.add("schema-enum", a, b, value, None, f"we list {value!r}; the vendor does not", rules["enum-lost"], value=value)

    def _properties(self, a: _View, b: _View, depth: int) -> None:
        mine, theirs = mapping(a.schema.get("properties")), mapping(b.schema.get("properties"))
        required, their_required = set(a.schema.get("required") or []), set(b.schema.get("required") or [])
        hidden = "writeOnly" if self.side == "response" else "readOnly"
        prefix = "response" if self.side == "response" else "request"
        for name in sorted(theirs.keys() - mine.keys()):
            node, where = deref_located(self.theirs, theirs[name], b.properties[name])
            if flagged(self.theirs, node, hidden):
                continue
            needed = name in their_required
            review = "response-field-added" if self.side == "response" else f"request-field-added-{'required' if needed else 'optional'}"
            self.emit(
                "property-missing",
                a.pointer,
                where,
                None,
                _show_types(_view(self.theirs, node, where).types),
                f"the vendor declares {'required ' if needed else ''}property {name}; we do not",
                review if self.side != "parameter" else None,
                prop=name,
            )
        for name in sorted(mine.keys() - theirs.keys()):
            # reported at the property's declaration, not at a component it refers to: an x-deviation there
            # would acknowledge the same property name wherever else that component is used
            node, where = deref_located(self.ours, mine[name], a.properties[name])
            if flagged(self.ours, node, hidden):
                continue
            self.emit(
                "property-extra",
                a.properties[name],
                b.pointer,
                _show_types(_view(self.ours, node, where).types),
                None,
                f"we declare property {name}; the vendor does not",
                f"{prefix}-field-removed" if self.side != "parameter" else None,
                prop=name,
            )
        for name in sorted(mine.keys() & theirs.keys()):
            if (name in required) != (name in their_required):
                now = "required" if name in their_required else "optional"
                self.add(
                    "schema-required",
                    a,
                    b,
                    name in required,
                    name in their_required,
                    f"property {name} is {'required' if name in required else 'optional'} here, {now} for the vendor",
                    f"{prefix}-field-became-{now}" if self.side != "parameter" else None,
                    prop=name,
                )
            self.compare(mine[name], a.properties[name], theirs[name], b.properties[name], depth + 1)

    def _unions(self, a: _View, b: _View, depth: int) -> None:
        """Pair the alternatives by component name, then by type, then objects by shared property names, then
        a last single pair; report what stays unpaired (one side only: schema-type, both: schema-unclassified)."""
        self._nullable(a, b)
        ours_doc, their_doc = self.ours, self.theirs
        mine = [_view(ours_doc, *alt) for alt in a.alternatives] or [a]
        theirs = [_view(their_doc, *alt) for alt in b.alternatives] or [b]
        all_mine, all_theirs = list(mine), list(theirs)
        pairs: list[tuple[_View, _View]] = []
        for by_name in (True, False):
            for alt in list(mine):
                candidates = [t for t in theirs if t.name == alt.name] if by_name else [t for t in theirs if t.types == alt.types]
                clashing = [m for m in mine if m.types == alt.types] if not by_name else [alt]
                if len(candidates) == 1 and len(clashing) == 1:
                    pairs.append((alt, candidates[0]))
                    mine.remove(alt)
                    theirs.remove(candidates[0])
        while mine and theirs:
            scored = [(_overlap(m, t), i, j) for i, m in enumerate(mine) for j, t in enumerate(theirs)]
            score, i, j = max(scored)
            if score <= 0 and not (len(mine) == 1 and len(theirs) == 1):
                break
            pairs.append((mine.pop(i), theirs.pop(j)))
        if mine or theirs:
            before, after = [v.name for v in all_mine], [v.name for v in all_theirs]
            shown = f"{' | '.join(before)} here, {' | '.join(after)} for the vendor"
            if mine and theirs:
                self.add("schema-unclassified", a, b, before, after, f"union alternatives cannot be paired: {shown}")
            else:
                review = RULES[self.side][
                    "type-bad" if (theirs and self.side == "response") or (mine and self.side != "response") else "type-ok"
                ]
                self.add("schema-type", a, b, before, after, f"alternatives differ: {shown}", review)
        for alt, their_alt in pairs:
            # the union's own nullability was compared above; a plain side stands for itself as an alternative
            if alt is a and their_alt is b:
                self._plain(a, b, depth + 1, nullable=False)
            else:
                self._pair(alt, their_alt, depth + 1, nullable=not (alt is a or their_alt is b))


def _overlap(a: _View, b: _View) -> float:
    """How alike two object alternatives are: the share of property names in common, plus one for each shared
    property whose inline enum/const values meet (a discriminator: problem `type` URLs), minus one when they
    do not. 0 when either is not an object."""
    mine, theirs = mapping(a.schema.get("properties")), mapping(b.schema.get("properties"))
    if not (mine.keys() | theirs.keys()) or "object" not in a.types or "object" not in b.types:
        return 0.0
    score = len(mine.keys() & theirs.keys()) / len(mine.keys() | theirs.keys())
    for name in mine.keys() & theirs.keys():
        values, their_values = _fixed_values(mine[name]), _fixed_values(theirs[name])
        if values and their_values:
            score += 1 if values & their_values else -1
        types, their_types = _declared_types(mine[name]), _declared_types(theirs[name])
        if types and their_types:  # same names with different types are a worse pair than same names and types
            score += 0.5 if types & their_types else -0.5
    return score


def _declared_types(schema: Any) -> set[str]:
    """The `type` a property states inline (a `$ref` states none: it is compared once paired); a Combined
    property states what all of its declarations that state a type agree on."""
    found: set[str] | None = None
    for node in _declarations(schema):
        declared = mapping(node).get("type")
        listed = declared if isinstance(declared, list) else [declared] if isinstance(declared, str) else []
        if listed:
            types = {str(t) for t in listed if t != "null"}
            found = types if found is None else found & types
    return found or set()


def _fixed_values(schema: Any) -> set[str]:
    """The inline enum/const values of a property (of a Combined one: those every declaration that fixes any allows)."""
    found: set[str] | None = None
    for node in map(mapping, _declarations(schema)):
        values = _members(node, "enum") or ([node["const"]] if "const" in node else [])
        if values:
            fixed = {canonical(v) for v in values}
            found = fixed if found is None else found & fixed
    return found or set()


def _declarations(schema: Any) -> list[Any]:
    return list(schema["allOf"]) if isinstance(schema, Combined) else [schema]


def _members(schema: dict[str, Any], key: str) -> list[Any]:
    value = schema.get(key)
    return value if isinstance(value, list) else []
