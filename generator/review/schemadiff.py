"""Compare two versions of a schema as seen by one side of the exchange.

The principle: a request that accepts less, or a response that may hold more, breaks callers. So the same
edit is classified by side: a new enum value is harmless in a request and potentially breaking in a
response. `$ref`s are resolved on both sides and each pair of referenced schemas is compared once per
operation, which is also what stops recursive schemas (a category tree) from looping.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from .walk import flagged, flatten_schema, mapping

__all__ = ["RULES", "Emit", "SchemaDiff", "Side", "type_change_rule", "type_set"]

Side = Literal["parameter", "request", "response"]
Emit = Callable[[str, str, str], None]  # (rule, subject, message)

_MAX_DEPTH = 64
_UPPER = ("maximum", "maxLength", "maxItems", "maxProperties")
_LOWER = ("minimum", "minLength", "minItems", "minProperties")
_SCHEMA_PREFIX = "#/components/schemas/"

#: rule ids per side: (type narrowed for callers, type relaxed, enum lost values, enum gained values, constraint)
RULES: dict[Side, dict[str, str]] = {
    "parameter": {
        "type-bad": "parameter-type-changed",
        "type-ok": "parameter-type-widened",
        "enum-lost": "parameter-enum-value-removed",
        "enum-gained": "parameter-enum-value-added",
        "constraint": "parameter-constraint-tightened",
    },
    "request": {
        "type-bad": "request-field-type-changed",
        "type-ok": "request-field-type-widened",
        "enum-lost": "request-enum-value-removed",
        "enum-gained": "request-enum-value-added",
        "constraint": "request-constraint-tightened",
    },
    "response": {
        "type-bad": "response-field-type-changed",
        "type-ok": "response-field-type-narrowed",
        "enum-lost": "response-enum-value-removed",
        "enum-gained": "response-enum-value-added",
        "constraint": "response-constraint-loosened",
    },
}


def _ref(node: Any) -> str | None:
    ref = mapping(node).get("$ref")
    return ref if isinstance(ref, str) else None


def _flatten(doc: Any, node: Any) -> dict[str, Any]:
    """One mapping for a schema and its `allOf` members (properties and required merged)."""
    return flatten_schema(doc, node).schema


def type_change_rule(side: Side, before: frozenset[str], after: frozenset[str]) -> str | None:
    """The rule id for a type set changing from `before` to `after` on `side` (None when they are equal).

    Shared with the drift check, which reads "our spec -> the vendor's" as such a change.
    """
    if before == after:
        return None
    rules = RULES[side]
    if side != "response":
        safe = (bool(before) and all(_covers(after, t) for t in before)) or not after
        return rules["type-ok" if safe else "type-bad"]
    gained = {t for t in after if not _covers(before, t)} if before else set()
    if not after and before:
        gained = {"any"}
    if gained == {"null"}:
        return "response-field-became-nullable"
    return rules["type-bad" if gained else "type-ok"]


def type_set(schema: dict[str, Any]) -> frozenset[str]:
    """`{"integer", "string:date", "null"}`; empty means any type."""
    declared = schema.get("type")
    types = set(declared) if isinstance(declared, list) else {declared} if isinstance(declared, str) else set()
    if not types and schema.get("properties"):
        types = {"object"}
    fmt = schema.get("format")
    if isinstance(fmt, str):
        types = {f"{t}:{fmt}" if t in ("string", "integer", "number") else t for t in types}
    if schema.get("nullable") is True and types:
        types.add("null")
    return frozenset(str(t) for t in types)


def _covers(accepted: frozenset[str], kind: str) -> bool:
    """Does a schema of types `accepted` admit every value of type `kind`?"""
    plain = {t.partition(":")[0] for t in accepted if ":" not in t}
    base = kind.partition(":")[0]
    return not accepted or kind in accepted or base in plain or (base == "integer" and "number" in plain)


def _show(types: frozenset[str]) -> str:
    """`integer|string(date)`: the type set as a reviewer reads it."""
    shown = (f"{t.partition(':')[0]}({t.partition(':')[2]})" if ":" in t else t for t in sorted(types))
    return "|".join(shown) or "any"


class SchemaDiff:
    """Walks a base and a head schema in parallel and emits one change per difference it can classify."""

    def __init__(self, base_doc: Any, head_doc: Any, side: Side, emit: Emit) -> None:
        self.base_doc, self.head_doc, self.side, self.emit = base_doc, head_doc, side, emit
        self.rules = RULES[side]
        self.seen: set[tuple[str, str]] = set()

    def compare(self, base: Any, head: Any, subject: str, depth: int = 0) -> None:
        base_ref, head_ref = _ref(base), _ref(head)
        if base_ref and head_ref:
            if (base_ref, head_ref) in self.seen:
                return
            self.seen.add((base_ref, head_ref))
        if head_ref and head_ref.startswith(_SCHEMA_PREFIX):
            subject = head_ref[len(_SCHEMA_PREFIX) :]
        if depth > _MAX_DEPTH:
            return
        old, new = _flatten(self.base_doc, base), _flatten(self.head_doc, head)
        if self._unions((base, old), (head, new), subject, depth):
            return
        self._types(old, new, subject)
        self._enum(old, new, subject)
        self._constraints(old, new, subject)
        self._properties(old, new, subject, depth)
        for key, suffix in (("items", "[]"), ("additionalProperties", "{}")):
            if isinstance(old.get(key), dict) and isinstance(new.get(key), dict):
                self.compare(old[key], new[key], subject + suffix, depth + 1)

    def _types(self, old: dict[str, Any], new: dict[str, Any], subject: str) -> None:
        before, after = type_set(old), type_set(new)
        rule = type_change_rule(self.side, before, after)
        if rule == "response-field-became-nullable":
            self.emit(rule, subject, f"{subject} may now be null")
        elif rule is not None:
            self.emit(rule, subject, f"type {_show(before)} -> {_show(after)}")

    def _enum(self, old: dict[str, Any], new: dict[str, Any], subject: str) -> None:
        before, after = old.get("enum"), new.get("enum")
        if before == after or (before is None and after is None):
            return
        if isinstance(before, list) and isinstance(after, list):
            lost, gained = [v for v in before if v not in after], [v for v in after if v not in before]
            if lost:
                self.emit(self.rules["enum-lost"], subject, f"enum values removed: {', '.join(map(repr, lost))}")
            if gained:
                self.emit(self.rules["enum-gained"], subject, f"enum values added: {', '.join(map(repr, gained))}")
        elif isinstance(after, list):
            self.emit(self.rules["enum-lost"], subject, f"now limited to the enum {after!r}")
        elif isinstance(before, list):
            self.emit(self.rules["enum-gained"], subject, f"no longer limited to the enum {before!r}")

    def _constraints(self, old: dict[str, Any], new: dict[str, Any], subject: str) -> None:
        for key in (*_UPPER, *_LOWER, "pattern"):
            before, after = old.get(key), new.get(key)
            if before == after or isinstance(before, bool) or isinstance(after, bool):
                continue
            if key == "pattern":
                stricter = after is not None
            elif before is None or after is None:
                stricter = before is None
            else:
                stricter = (after < before) if key in _UPPER else (after > before)
            if stricter == (self.side != "response"):
                self.emit(self.rules["constraint"], subject, f"{key} {before!r} -> {after!r}")

    def _properties(self, old: dict[str, Any], new: dict[str, Any], subject: str, depth: int) -> None:
        before, after = mapping(old.get("properties")), mapping(new.get("properties"))
        was_required, is_required = set(old.get("required") or []), set(new.get("required") or [])
        hidden = "readOnly" if self.side != "response" else "writeOnly"
        for name in after.keys() - before.keys():
            if not flagged(self.head_doc, after[name], hidden):
                self._field_added(f"{subject}.{name}", name in is_required)
        for name in before.keys() - after.keys():
            if not flagged(self.base_doc, before[name], hidden):
                self.emit(
                    "response-field-removed" if self.side == "response" else "request-field-removed", f"{subject}.{name}", "field removed"
                )
        for name in sorted(before.keys() & after.keys()):
            field = f"{subject}.{name}"
            if (name in was_required) != (name in is_required):
                now = "required" if name in is_required else "optional"
                prefix = "response" if self.side == "response" else "request"
                self.emit(f"{prefix}-field-became-{now}", field, f"field became {now}")
            self.compare(before[name], after[name], field, depth + 1)

    def _field_added(self, field: str, required: bool) -> None:
        if self.side == "response":
            self.emit("response-field-added", field, "field added")
        else:
            self.emit(
                f"request-field-added-{'required' if required else 'optional'}",
                field,
                f"{'required' if required else 'optional'} field added",
            )

    def _unions(self, old: tuple[Any, dict[str, Any]], new: tuple[Any, dict[str, Any]], subject: str, depth: int) -> bool:
        """oneOf/anyOf: alternatives matched by component name, else by position. True when handled.

        A plain schema facing a union counts as a union of itself, so `A` -> `oneOf [A, B]` reads as "B added".
        """
        (old_raw, old_flat), (new_raw, new_flat) = old, new
        key = "oneOf" if "oneOf" in old_flat or "oneOf" in new_flat else "anyOf"
        before, after = old_flat.get(key), new_flat.get(key)
        if not isinstance(before, list) and not isinstance(after, list):
            return False
        before_alts = _alternatives(before if isinstance(before, list) else [old_raw])
        after_alts = _alternatives(after if isinstance(after, list) else [new_raw])
        widened_rule = self.rules["type-bad" if self.side == "response" else "type-ok"]
        narrowed_rule = self.rules["type-ok" if self.side == "response" else "type-bad"]
        for name in after_alts.keys() - before_alts.keys():
            self.emit(widened_rule, subject, f"{key} alternative {name} added")
        for name in before_alts.keys() - after_alts.keys():
            self.emit(narrowed_rule, subject, f"{key} alternative {name} removed")
        for name in sorted(before_alts.keys() & after_alts.keys()):
            self.compare(before_alts[name], after_alts[name], subject, depth + 1)
        return True


def _alternatives(items: list[Any]) -> dict[str, Any]:
    named: dict[str, Any] = {}
    for index, item in enumerate(items):
        ref = _ref(item)
        named[ref.rsplit("/", 1)[-1] if ref else f"#{index + 1}"] = item
    return named
