"""House rules: what our specs must say beyond what OpenAPI requires, each with a rule id (see catalog.py).

Each rule is a generator of located diagnostics over the bundled document, so one broken construct never
hides the next one and every finding points at file:line:col.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from typing import Any

from packaging.version import InvalidVersion, Version

from ..diagnostics import Diagnostic
from ..load import LoadedDocument, join_pointer
from ..naming import is_identifier, snake_case
from ..spec.refs import resolve_pointer, walk
from .catalog import LINT_RULES
from .deviation import x_deviation_lists
from .walk import effective_parameters, iter_operations, mapping

__all__ = ["HOUSE_RULES"]

_TEMPLATE_VAR = re.compile(r"\{([^{}]+)\}")
_DISTRIBUTION = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")
_CONFIDENCE = ("documented", "inferred")
_CODEGEN_KEYS = ("distribution", "package", "client", "version")

Rule = Callable[[LoadedDocument], Iterator[Diagnostic]]


def _diag(doc: LoadedDocument, pointer: str, rule: str, message: str) -> Diagnostic:
    return doc.diagnostic(pointer, rule, message, LINT_RULES[rule].severity)


def _python_name(text: str) -> str | None:
    """snake_case of `text`, or None when naming.snake_case had to mangle it (empty, digit first, keyword)."""
    name = snake_case(text, fallback="\0")
    return None if name.startswith("\0") or name.endswith("_") else name


def operation_ids(doc: LoadedDocument) -> Iterator[Diagnostic]:
    """Method names and recordings are keyed by operationId, so it must exist, be unique, and snake_case cleanly."""
    taken: dict[str, tuple[str, str]] = {}  # snake name -> (operationId, pointer)
    for op in iter_operations(doc.data):
        ids: list[tuple[str, Any]] = [(join_pointer(op.pointer, "operationId"), op.node.get("operationId"))]
        variants = op.node.get("x-variants")
        for index, variant in enumerate(variants if isinstance(variants, list) else []):
            ids.append((join_pointer(op.pointer, "x-variants", index, "operationId"), mapping(variant).get("operationId")))
        if not isinstance(ids[0][1], str) or not ids[0][1].strip():
            yield _diag(doc, op.pointer, "operation-id-python", f"{op.label} has no operationId")
            ids = ids[1:]
        for pointer, op_id in ids:
            yield from _check_operation_id(doc, pointer, op_id, taken)
        x_name = op.node.get("x-name")
        if x_name is not None and not (isinstance(x_name, str) and is_identifier(x_name) and x_name.isascii()):
            yield _diag(doc, join_pointer(op.pointer, "x-name"), "operation-id-python", f"x-name {x_name!r} is not a Python identifier")


def _check_operation_id(doc: LoadedDocument, pointer: str, op_id: Any, taken: dict[str, tuple[str, str]]) -> Iterator[Diagnostic]:
    if not isinstance(op_id, str):
        yield _diag(doc, pointer, "operation-id-python", f"operationId must be a string, not {op_id!r}")
        return
    name = _python_name(op_id)
    if name is None:
        yield _diag(
            doc,
            pointer,
            "operation-id-python",
            f"operationId {op_id!r} does not snake_case to a usable Python name ({snake_case(op_id)!r})",
        )
        return
    if name in taken:
        other, where = taken[name]
        file, line, _ = doc.where(where)
        same = "is used twice" if other == op_id else f"and {other!r} both become {name!r}"
        yield _diag(doc, pointer, "operation-id-python", f"operationId {op_id!r} {same} (also at {file}:{line})")
        return
    taken[name] = (op_id, pointer)


def x_source(doc: LoadedDocument) -> Iterator[Diagnostic]:
    """Every claim says where it came from: operations and component schemas must carry x-source."""
    for op in iter_operations(doc.data):
        if "x-source" not in op.node:
            yield _diag(doc, op.pointer, "x-source-missing", f"{op.label} has no x-source")
    schemas = mapping(mapping(mapping(doc.data).get("components")).get("schemas"))
    for name, schema in schemas.items():
        if isinstance(schema, dict) and "x-source" not in schema:
            yield _diag(doc, join_pointer("/components/schemas", name), "x-source-missing", f"schema {name!r} has no x-source")
    for pointer, node in walk(doc.data):
        if isinstance(node, dict) and "x-source" in node:
            yield from _check_source(doc, join_pointer(pointer, "x-source"), node["x-source"])


def _check_source(doc: LoadedDocument, pointer: str, source: Any) -> Iterator[Diagnostic]:
    if not isinstance(source, dict):
        yield _diag(doc, pointer, "x-source-invalid", "x-source must be a mapping {doc, section, confidence, note?}")
        return
    for key in ("doc", "section"):
        if not isinstance(source.get(key), str) or not source[key].strip():
            yield _diag(doc, pointer, "x-source-invalid", f"x-source.{key} is missing or not a string")
    confidence = source.get("confidence")
    if confidence not in _CONFIDENCE:
        where = join_pointer(pointer, "confidence") if "confidence" in source else pointer
        yield _diag(doc, where, "x-source-confidence", f"x-source.confidence must be documented or inferred, not {confidence!r}")


def path_parameters(doc: LoadedDocument) -> Iterator[Diagnostic]:
    """A path template and its declared path parameters must match exactly, and path parameters are required."""
    for op in iter_operations(doc.data):
        template = set(_TEMPLATE_VAR.findall(op.path))
        declared = {p.get("name"): (ptr, p) for ptr, p in effective_parameters(doc.data, op) if p.get("in") == "path"}
        for name in sorted(template - set(declared)):
            yield _diag(doc, op.pointer, "path-param-undeclared", f"{op.label}: path parameter {{{name}}} is not declared")
        for name, (pointer, param) in declared.items():
            if name not in template:
                yield _diag(
                    doc, pointer, "path-param-undeclared", f"parameter {name!r} is declared in: path but {op.path} has no {{{name}}}"
                )
            elif param.get("required") is not True:
                yield _diag(doc, pointer, "path-param-undeclared", f"path parameter {name!r} must say required: true")


def responses(doc: LoadedDocument) -> Iterator[Diagnostic]:
    """The client needs a success shape to return and an error shape to raise."""
    for op in iter_operations(doc.data):
        codes = [str(code).upper() for code in mapping(op.node.get("responses"))]
        pointer = join_pointer(op.pointer, "responses") if "responses" in op.node else op.pointer
        if not any(code.startswith("2") for code in codes):
            yield _diag(doc, pointer, "operation-success-response", f"{op.label} declares no 2xx response")
        if not any(code[:1] in ("4", "5") or code == "DEFAULT" for code in codes):
            yield _diag(doc, pointer, "operation-error-response", f"{op.label} declares no error response (4xx, 5xx or default)")


def server_variables(doc: LoadedDocument) -> Iterator[Diagnostic]:
    """`{name}` in a server URL becomes a constructor argument with a default; it must be declared."""
    holders: list[tuple[str, Any]] = [("", doc.data)]
    for path, item in mapping(mapping(doc.data).get("paths")).items():
        holders.append((join_pointer("/paths", path), item))
    holders += [(op.pointer, op.node) for op in iter_operations(doc.data)]
    for base, holder in holders:
        servers = mapping(holder).get("servers")
        for index, server in enumerate(servers if isinstance(servers, list) else []):
            yield from _check_server(doc, join_pointer(base, "servers", index), mapping(server))


def _check_server(doc: LoadedDocument, pointer: str, server: dict[str, Any]) -> Iterator[Diagnostic]:
    used = set(_TEMPLATE_VAR.findall(str(server.get("url", ""))))
    variables = mapping(server.get("variables"))
    for name in sorted(used - set(variables)):
        yield _diag(
            doc, join_pointer(pointer, "url"), "server-variable-undeclared", f"server URL uses {{{name}}} but declares no variable {name!r}"
        )
    for name, raw in variables.items():
        where, variable = join_pointer(pointer, "variables", name), mapping(raw)
        if name not in used:
            yield _diag(doc, where, "server-variable-undeclared", f"server variable {name!r} is not used in the URL")
        if "default" not in variable:
            yield _diag(doc, where, "server-variable-undeclared", f"server variable {name!r} has no default")
        elif isinstance(variable.get("enum"), list) and variable["default"] not in variable["enum"]:
            yield _diag(
                doc,
                join_pointer(where, "default"),
                "server-variable-undeclared",
                f"default {variable['default']!r} is not in the variable's enum",
            )


def codegen(doc: LoadedDocument) -> Iterator[Diagnostic]:
    """x-codegen names the package we publish; a bad name or version fails only at build or upload time otherwise."""
    settings = mapping(doc.data).get("x-codegen")
    if not isinstance(settings, dict):
        yield _diag(
            doc,
            "/x-codegen" if settings is not None else "",
            "x-codegen-incomplete",
            "x-codegen {distribution, package, client, version} is required",
        )
        return
    checks: dict[str, tuple[Callable[[str], bool], str]] = {
        "distribution": (lambda v: bool(_DISTRIBUTION.fullmatch(v)), "is not a valid distribution name (PEP 508)"),
        "package": (lambda v: is_identifier(v) and v.isascii() and v == v.lower(), "is not a lower-case Python identifier"),
        "client": (lambda v: is_identifier(v) and v.isascii() and v[:1].isupper(), "is not a CapWords Python identifier"),
        "version": (_is_version, "is not a PEP 440 version"),
    }
    for key in _CODEGEN_KEYS:
        value, (valid, problem) = settings.get(key), checks[key]
        if value is None:
            yield _diag(doc, "/x-codegen", "x-codegen-incomplete", f"x-codegen.{key} is missing")
        elif not isinstance(value, str) or not valid(value):
            yield _diag(
                doc,
                join_pointer("/x-codegen", key),
                "x-codegen-incomplete",
                f"x-codegen.{key} {value!r} {problem}" + (" (quote it)" if not isinstance(value, str) else ""),
            )
    include = settings.get("include", [])
    if not isinstance(include, list) or not all(isinstance(name, str) for name in include):
        yield _diag(doc, "/x-codegen/include", "x-codegen-incomplete", "x-codegen.include must be a list of file names")


def _is_version(value: str) -> bool:
    try:
        Version(value)
    except InvalidVersion:
        return False
    return True


def unused_components(doc: LoadedDocument) -> Iterator[Diagnostic]:
    """Unused components are usually a typo'd $ref or leftovers; they would still become generated classes."""
    data = mapping(doc.data)
    reached = _reachable(data)
    for section, entries in mapping(data.get("components")).items():
        if section.startswith("x-"):
            continue
        for name in mapping(entries):
            pointer = join_pointer("/components", section, name)
            if pointer not in reached:
                yield _diag(doc, pointer, "component-unused", f"{section.removesuffix('s')} {name!r} is never used")


def _reachable(data: dict[str, Any]) -> set[str]:
    """Component pointers reachable from everything outside /components, following refs transitively."""
    reached = {join_pointer("/components/securitySchemes", name) for name in _security_names(data)}
    queue: list[Any] = [value for key, value in data.items() if key != "components"]
    while queue:
        for ref in _refs_in(queue.pop()):
            tokens = ref[1:].split("/")
            if ref.startswith("#/components/") and len(tokens) >= 4:
                target = "/".join(tokens[:4])
                if target not in reached:
                    reached.add(target)
                    with contextlib.suppress(KeyError):
                        queue.append(resolve_pointer(data, "#" + target))
    return reached


def _refs_in(node: Any) -> Iterator[str]:
    for _pointer, value in walk(node):
        if not isinstance(value, dict):
            continue
        if isinstance(value.get("$ref"), str):
            yield value["$ref"]
        mapping_ = mapping(mapping(value.get("discriminator")).get("mapping"))
        for target in mapping_.values():
            if isinstance(target, str):
                yield target if target.startswith("#") else "#/components/schemas/" + target


def _security_names(data: dict[str, Any]) -> set[str]:
    requirements: list[Any] = list(data.get("security") or [])
    for op in iter_operations(data):
        requirements += list(op.node.get("security") or [])
    return {name for requirement in requirements for name in mapping(requirement)}


def x_deviation(doc: LoadedDocument) -> Iterator[Diagnostic]:
    """An acknowledged drift must say what differs, why, and what shows it, with a rule the drift check knows."""
    for pointer, problem in x_deviation_lists(doc):
        yield _diag(doc, pointer, "x-deviation-invalid", problem)


HOUSE_RULES: tuple[Rule, ...] = (
    operation_ids,
    x_source,
    path_parameters,
    responses,
    server_variables,
    codegen,
    unused_components,
    x_deviation,
)
