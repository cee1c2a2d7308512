"""`x-deviation`: where our spec knowingly differs from the vendor's published description, and why.

An entry acknowledges a drift difference when it sits on the node the difference is reported at (see
drift.py), names the same `rule`, and its optional `property` / `value` (and, for `operation-missing` on the
root, `operation`) agree. An entry that acknowledges nothing is stale: the difference it explained is gone
(fixed, or the node moved), so the explanation would mislead a reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..load import LoadedDocument, join_pointer
from ..spec.refs import walk
from .catalog import DRIFT_RULES
from .drift import Difference
from .walk import mapping

__all__ = ["ACKNOWLEDGEABLE", "Deviation", "acknowledge", "check_entry", "collect_deviations", "x_deviation_lists"]

_REQUIRED_TEXT = ("what", "why", "evidence")
_OPERATION = re.compile(r"^([A-Za-z]+) (/\S*)$")
_TEMPLATE_VAR = re.compile(r"\{[^}]*\}")
_STATUS_RULES = ("status-missing", "status-extra")
#: rules an entry may name (deviation-stale is reported about entries, it cannot be acknowledged)
ACKNOWLEDGEABLE = tuple(rule for rule in DRIFT_RULES if rule != "deviation-stale")


@dataclass(frozen=True)
class Deviation:
    """One `x-deviation` entry: `node` is the pointer of the node carrying the list, `index` its place in it."""

    node: str
    index: int
    entry: Any

    @property
    def pointer(self) -> str:
        return join_pointer(self.node, "x-deviation", self.index)

    @property
    def rule(self) -> Any:
        return mapping(self.entry).get("rule")

    def matches(self, diff: Difference) -> bool:
        entry = mapping(self.entry)
        if self.node != diff.ours or entry.get("rule") != diff.rule:
            return False
        if "property" in entry and entry["property"] != diff.prop:
            return False
        if "value" in entry and not _same_value(diff.rule, entry["value"], diff.value):
            return False
        if diff.rule == "operation-missing":
            return _operation_key(entry.get("operation")) == _operation_key(diff.after)
        return True


def _same_value(rule: str, given: Any, found: Any) -> bool:
    if rule in _STATUS_RULES:  # `value: 404` and the status key "404" are the same status
        return str(given).upper() == str(found).upper()
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (given, found))
    return bool(given == found) and (numbers or type(given) is type(found))


def _operation_key(label: Any) -> tuple[str, str] | None:
    match = _OPERATION.match(str(label).strip()) if isinstance(label, str) else None
    return (match[1].lower(), _TEMPLATE_VAR.sub("{}", match[2])) if match else None


def collect_deviations(data: Any) -> list[Deviation]:
    """Every `x-deviation` entry in the (bundled) spec, in document order; malformed lists give no entries."""
    found: list[Deviation] = []
    for pointer, node in walk(data):
        if isinstance(node, dict) and isinstance(node.get("x-deviation"), list):
            found.extend(Deviation(pointer, index, entry) for index, entry in enumerate(node["x-deviation"]))
    return found


def acknowledge(differences: list[Difference], deviations: list[Deviation]) -> list[Deviation]:
    """Mark each difference with the first entry that acknowledges it; return the entries that matched none."""
    by_node: dict[str, list[Deviation]] = {}
    for deviation in deviations:
        by_node.setdefault(deviation.node, []).append(deviation)
    used: set[str] = set()
    for diff in differences:
        for deviation in by_node.get(diff.ours, []):
            if deviation.matches(diff):
                diff.acknowledged_by = deviation.pointer
                used.add(deviation.pointer)
                break
    return [d for d in deviations if d.pointer not in used]


def check_entry(doc: LoadedDocument, deviation: Deviation) -> Iterator[tuple[str, str]]:
    """(pointer, problem) for each way an entry is malformed; the lint house rule reports them located."""
    entry, pointer = deviation.entry, deviation.pointer
    if not isinstance(entry, dict):
        yield pointer, "an x-deviation entry must be a mapping {rule, what, why, evidence, property?, value?}"
        return
    rule = entry.get("rule")
    if rule not in ACKNOWLEDGEABLE:
        where = join_pointer(pointer, "rule") if "rule" in entry else pointer
        yield where, f"x-deviation rule {rule!r} is not a drift rule id (one of: {', '.join(ACKNOWLEDGEABLE)})"
    for key in _REQUIRED_TEXT:
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            yield (join_pointer(pointer, key) if key in entry else pointer), f"x-deviation.{key} must be a non-empty string"
    if "property" in entry and not (isinstance(entry["property"], str) and entry["property"]):
        yield join_pointer(pointer, "property"), "x-deviation.property must be a property or parameter name"
    if rule == "operation-missing":
        if deviation.node != "":
            yield pointer, "operation-missing is acknowledged on the root x-deviation list (with `operation: METHOD /path`)"
        if _operation_key(entry.get("operation")) is None:
            where = join_pointer(pointer, "operation") if "operation" in entry else pointer
            yield where, "operation-missing needs `operation: METHOD /path`, e.g. `GET /api/v1/products`"
    unknown = sorted(set(entry) - {"rule", *_REQUIRED_TEXT, "property", "value", "operation"})
    if unknown:
        yield pointer, f"unknown x-deviation keys: {', '.join(map(str, unknown))}"


def x_deviation_lists(doc: LoadedDocument) -> Iterator[tuple[str, str]]:
    """(pointer, problem) for every `x-deviation` that is not a list of well-formed entries."""
    for pointer, node in walk(doc.data):
        if isinstance(node, dict) and "x-deviation" in node and not isinstance(node["x-deviation"], list):
            yield join_pointer(pointer, "x-deviation"), "x-deviation must be a list of entries"
    for deviation in collect_deviations(doc.data):
        yield from check_entry(doc, deviation)
