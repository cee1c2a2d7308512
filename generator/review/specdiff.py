"""`diff_specs(base, head)`: every API-surface difference between two bundled specs, each classified.

Operations are matched by method and path shape (`/orders/{id}` and `/orders/{orderId}` are the same
operation); parameters by name; responses by status; schemas through schemadiff.SchemaDiff. A schema change
shared by several operations is reported once, listing the operations it affects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..naming import snake_case
from .catalog import DIFF_RULES, Bump, Level
from .schemadiff import SchemaDiff, Side
from .walk import Operation, deref, effective_parameters, iter_operations, mapping

__all__ = ["Change", "diff_specs"]

_LEVEL_ORDER = {Level.BREAKING: 0, Level.POTENTIALLY_BREAKING: 1, Level.NON_BREAKING: 2}
_IGNORED_SCHEME_KEYS = ("description", "x-source")


@dataclass(frozen=True)
class Change:
    """One classified difference; `level` and `bump` follow from the rule id (catalog.DIFF_RULES)."""

    rule: str
    subject: str
    message: str
    operations: tuple[str, ...] = ()

    @property
    def level(self) -> Level:
        return DIFF_RULES[self.rule].level

    @property
    def bump(self) -> Bump:
        return DIFF_RULES[self.rule].bump

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "level": self.level.value,
            "subject": self.subject,
            "message": self.message,
            "operations": list(self.operations),
        }


@dataclass
class _Collector:
    found: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)

    def add(self, rule: str, subject: str, message: str, operation: str | None = None) -> None:
        assert rule in DIFF_RULES, rule
        ops = self.found.setdefault((rule, subject, message), [])
        if operation and operation not in ops:
            ops.append(operation)

    def changes(self) -> list[Change]:
        changes = [Change(rule, subject, message, tuple(ops)) for (rule, subject, message), ops in self.found.items()]
        return sorted(changes, key=lambda c: (_LEVEL_ORDER[c.level], c.rule, c.subject, c.message))


def diff_specs(base: dict[str, Any], head: dict[str, Any]) -> list[Change]:
    """Changes from `base` to `head`, breaking first; `[]` means the two are the same API and document."""
    out = _Collector()
    _codegen(base, head, out)
    _servers(base, head, out)
    _security_schemes(base, head, out)
    before, after = _operations(base), _operations(head)
    for key in before.keys() - after.keys():
        out.add("operation-removed", before[key].label, f"operation {_method_path(base, before[key])} removed")
    for key in after.keys() - before.keys():
        out.add("operation-added", after[key].label, f"operation {_method_path(head, after[key])} added")
    for key in sorted(before.keys() & after.keys()):
        _OperationDiff(base, head, before[key], after[key], out).run()
    if not out.found and _without_version(base) != _without_version(head):
        out.add("spec-other-changed", "spec", "descriptions, examples or other non-API content changed")
    return out.changes()


def _without_version(spec: dict[str, Any]) -> dict[str, Any]:
    codegen = {k: v for k, v in mapping(spec.get("x-codegen")).items() if k != "version"}
    return {**spec, "x-codegen": codegen}


def _operations(spec: dict[str, Any]) -> dict[tuple[str, str], Operation]:
    return {(op.method, re.sub(r"\{[^}]*\}", "{}", op.path)): op for op in iter_operations(spec)}


def _method_path(spec: dict[str, Any], op: Operation) -> str:
    """`<resource>.<method>` as a caller types it after `client.`, so a change of it is a rename for them."""
    tags = op.node.get("tags")
    tag = tags[0] if isinstance(tags, list) and tags else None
    resource = snake_case(str(tag) if tag is not None else op.path.strip("/").split("/")[0] or "root")
    declared = next((mapping(t) for t in spec.get("tags") or [] if tag is not None and mapping(t).get("name") == tag), {})
    resource = str(declared.get("x-name") or resource)
    if declared.get("x-namespace"):
        resource = f"{declared['x-namespace']}.{resource}"
    method = op.node.get("x-name") or snake_case(str(op.node.get("operationId") or f"{op.method}_{op.path}"))
    return f"{resource}.{method}"


def _codegen(base: dict[str, Any], head: dict[str, Any], out: _Collector) -> None:
    before, after = mapping(base.get("x-codegen")), mapping(head.get("x-codegen"))
    for key in ("distribution", "package", "client"):
        if key in before and key in after and before[key] != after[key]:
            out.add("package-renamed", f"x-codegen.{key}", f"{before[key]!r} -> {after[key]!r}")


def _servers(base: dict[str, Any], head: dict[str, Any], out: _Collector) -> None:
    before = {str(mapping(s).get("url")): mapping(s) for s in base.get("servers") or []}
    after = {str(mapping(s).get("url")): mapping(s) for s in head.get("servers") or []}
    for url in before.keys() - after.keys():
        out.add("server-removed", "servers", f"server {url} removed")
    for url in after.keys() - before.keys():
        out.add("server-added", "servers", f"server {url} added")
    for url in sorted(before.keys() & after.keys()):
        old_vars, new_vars = mapping(before[url].get("variables")), mapping(after[url].get("variables"))
        for name in sorted(old_vars.keys() & new_vars.keys()):
            for key in ("default", "enum"):
                if mapping(old_vars[name]).get(key) != mapping(new_vars[name]).get(key):
                    out.add(
                        "server-variable-changed",
                        f"servers {url}",
                        f"variable {name} {key}: {mapping(old_vars[name]).get(key)!r} -> {mapping(new_vars[name]).get(key)!r}",
                    )


def _security_schemes(base: dict[str, Any], head: dict[str, Any], out: _Collector) -> None:
    before = mapping(mapping(base.get("components")).get("securitySchemes"))
    after = mapping(mapping(head.get("components")).get("securitySchemes"))
    for name in before.keys() - after.keys():
        out.add("security-scheme-removed", f"securitySchemes.{name}", "security scheme removed")
    for name in after.keys() - before.keys():
        out.add("security-scheme-added", f"securitySchemes.{name}", "security scheme added")
    for name in sorted(before.keys() & after.keys()):
        old, new = (
            {k: v for k, v in mapping(deref(doc, s[name])).items() if k not in _IGNORED_SCHEME_KEYS}
            for doc, s in ((base, before), (head, after))
        )
        if old != new:
            keys = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
            out.add("security-scheme-changed", f"securitySchemes.{name}", f"changed: {', '.join(keys)}")


class _OperationDiff:
    """Differences inside one operation present on both sides."""

    def __init__(self, base: dict[str, Any], head: dict[str, Any], old: Operation, new: Operation, out: _Collector) -> None:
        self.base, self.head, self.old, self.new, self.out = base, head, old, new, out
        self.label = new.label

    def add(self, rule: str, message: str, subject: str | None = None) -> None:
        self.out.add(rule, subject or self.label, message, self.label if subject else None)

    def schemas(self, side: Side, old: Any, new: Any, subject: str) -> None:
        SchemaDiff(self.base, self.head, side, lambda rule, where, message: self.add(rule, message, where)).compare(old, new, subject)

    def run(self) -> None:
        self.naming()
        self.parameters()
        self.request_body()
        self.responses()
        self.security()

    def naming(self) -> None:
        before, after = _method_path(self.base, self.old), _method_path(self.head, self.new)
        if before != after:
            self.add("operation-renamed", f"client method {before} -> {after}")
        elif self.old.node.get("operationId") != self.new.node.get("operationId"):
            self.add("operation-id-changed", f"operationId {self.old.node.get('operationId')!r} -> {self.new.node.get('operationId')!r}")
        if not self.old.node.get("deprecated") and self.new.node.get("deprecated"):
            self.add("operation-deprecated", "operation deprecated")
        old_variants, new_variants = _variants(self.old.node), _variants(self.new.node)
        for name in old_variants - new_variants:
            self.add("operation-removed", f"variant {name} removed")
        for name in new_variants - old_variants:
            self.add("operation-added", f"variant {name} added")

    def parameters(self) -> None:
        before = {(p.get("in"), p.get("name")): p for _, p in effective_parameters(self.base, self.old)}
        after = {(p.get("in"), p.get("name")): p for _, p in effective_parameters(self.head, self.new)}
        old_places = {name: place for place, name in before}
        new_places = {name: place for place, name in after}
        for place, name in sorted(before.keys() - after.keys(), key=str):
            if name in new_places:
                self.add("parameter-location-changed", f"parameter {name}: in {place} -> in {new_places[name]}")
            else:
                self.add("parameter-removed", f"parameter {name} (in {place}) removed")
        for place, name in sorted(after.keys() - before.keys(), key=str):
            if name not in old_places:
                param = after[(place, name)]
                required = param.get("required") is True and param.get("x-nonce") is not True
                self.add(
                    f"parameter-added-{'required' if required else 'optional'}",
                    f"{'required' if required else 'optional'} parameter {name} (in {place}) added",
                )
        for key in sorted(before.keys() & after.keys(), key=str):
            old, new = before[key], after[key]
            if bool(old.get("required")) != bool(new.get("required")) and new.get("x-nonce") is not True:
                self.add(
                    f"parameter-became-{'required' if new.get('required') else 'optional'}",
                    f"parameter {key[1]} became {'required' if new.get('required') else 'optional'}",
                )
            self.schemas("parameter", _param_schema(old), _param_schema(new), f"parameter {key[1]}")

    def request_body(self) -> None:
        old, new = mapping(deref(self.base, self.old.node.get("requestBody"))), mapping(deref(self.head, self.new.node.get("requestBody")))
        if not old and not new:
            return
        if not new:
            self.add("request-body-removed", "request body removed")
            return
        if not old:
            self.add(f"request-body-added-{'required' if new.get('required') else 'optional'}", "request body added")
            return
        if new.get("required") and not old.get("required"):
            self.add("request-body-became-required", "request body became required")
        self.content("request", mapping(old.get("content")), mapping(new.get("content")), "request body")

    def content(self, side: Side, old: dict[str, Any], new: dict[str, Any], subject: str) -> None:
        for mime in sorted(old.keys() - new.keys()):
            self.add(f"{side}-content-type-removed", f"{subject}: media type {mime} removed")
        for mime in sorted(new.keys() - old.keys()):
            self.add(f"{side}-content-type-added", f"{subject}: media type {mime} added")
        shared = sorted(old.keys() & new.keys())
        for mime in shared:
            where = subject if len(shared) == 1 else f"{subject} ({mime})"
            self.schemas(side, mapping(old[mime]).get("schema"), mapping(new[mime]).get("schema"), where)

    def responses(self) -> None:
        before = {str(k): v for k, v in mapping(self.old.node.get("responses")).items()}
        after = {str(k): v for k, v in mapping(self.new.node.get("responses")).items()}
        for status in sorted(before.keys() - after.keys()):
            self.add(f"response-{_kind(status)}-removed", f"response {status} removed")
        for status in sorted(after.keys() - before.keys()):
            self.add(f"response-{_kind(status)}-added", f"response {status} added")
        for status in sorted(before.keys() & after.keys()):
            old = mapping(mapping(deref(self.base, before[status])).get("content"))
            new = mapping(mapping(deref(self.head, after[status])).get("content"))
            if old and not new:
                self.add("response-body-removed", f"response {status} no longer has a body")
            elif new and not old:
                self.add("response-body-added", f"response {status} now has a body")
            else:
                self.content("response", old, new, f"response {status}")

    def security(self) -> None:
        before, after = _security(self.base, self.old), _security(self.head, self.new)
        lost, gained = before - after, after - before
        for requirement in sorted(lost, key=sorted):
            self.add("security-tightened", f"no longer accepts {_show_requirement(requirement)}")
        for requirement in sorted(gained, key=sorted):
            if not any(old <= requirement for old in lost):  # {token} -> {token, signature} only tightens
                self.add("security-loosened", f"now also accepts {_show_requirement(requirement)}")


def _kind(status: str) -> str:
    return "success" if status.startswith("2") else "error"


def _variants(node: dict[str, Any]) -> set[str]:
    variants = node.get("x-variants")
    return {str(mapping(v).get("name")) for v in (variants if isinstance(variants, list) else [])}


def _param_schema(param: dict[str, Any]) -> Any:
    if "schema" in param:
        return param["schema"]
    media: Any = next(iter(mapping(param.get("content")).values()), {})
    return mapping(media).get("schema")


def _security(spec: dict[str, Any], op: Operation) -> set[frozenset[str]]:
    """Alternatives accepted, each a set of scheme names; no requirement means anonymous (the empty set)."""
    requirements = op.node.get("security", spec.get("security"))
    alternatives = {frozenset(mapping(r)) for r in (requirements if isinstance(requirements, list) else [])}
    return alternatives or {frozenset()}


def _show_requirement(requirement: frozenset[str]) -> str:
    return " + ".join(sorted(requirement)) or "anonymous calls"
