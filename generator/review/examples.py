"""`example-invalid` and `recording-invalid`: the spec's examples and the recorded exchanges must fit the schemas.

An example that contradicts its schema is evidence that one of them is wrong, and the mock server would
serve it; recordings are checked here only shallowly (operation, status, bodies) with line:col inside the
recording file; the conformance suite replays them in full.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from openapi_schema_validator import (
    OAS30ReadValidator,
    OAS30Validator,
    OAS30WriteValidator,
    OAS31Validator,
    oas30_format_checker,
    oas31_format_checker,
)
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from ..diagnostics import Diagnostic, Severity, SpecError
from ..load import LoadedDocument, join_pointer, load_document
from ..spec.refs import resolve_pointer, walk
from .walk import Operation, deref, iter_operations, mapping

__all__ = ["SchemaChecker", "example_rule", "recording_rule"]

Mode = Literal["read", "write", "any"]
_URI = "urn:openapi-spec"
_MAX_ERRORS_PER_VALUE = 3
_SCHEMA_CHILDREN = ("items", "additionalProperties", "not")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")


class SchemaChecker:
    """Validates values against schemas of one document, addressed by JSON pointer, `$ref`s resolved."""

    def __init__(self, data: Any) -> None:
        self.v31 = str(mapping(data).get("openapi", "")).startswith("3.1")
        prepared = _accept_numbers_as_strings(copy.deepcopy(data))
        self.registry: Registry[Any] = Registry().with_resource(_URI, DRAFT202012.create_resource(prepared))

    def errors(self, schema_pointer: str, value: Any, mode: Mode = "any") -> list[tuple[str, str]]:
        """(pointer inside `value`, message) for each violation, at most a few per value."""
        cls: Any = OAS31Validator if self.v31 else {"read": OAS30ReadValidator, "write": OAS30WriteValidator, "any": OAS30Validator}[mode]
        checker = oas31_format_checker if self.v31 else oas30_format_checker
        validator = cls({"$ref": f"{_URI}#{quote(schema_pointer, safe='/~')}"}, registry=self.registry, format_checker=checker)
        try:
            found = sorted(validator.iter_errors(value), key=lambda e: [str(p) for p in e.absolute_path])
        except Unresolvable as exc:  # a dangling ref inside the schema: the spec stage reports it
            return [("", f"cannot validate: {exc}")]
        return [(join_pointer("", *e.absolute_path), e.message) for e in found[:_MAX_ERRORS_PER_VALUE]]


def _accept_numbers_as_strings(data: Any) -> Any:
    """`x-number-as-string` means the vendor sends "12.50"; examples written that way are valid."""
    for _pointer, node in walk(data):
        if isinstance(node, dict) and node.get("x-number-as-string") is True:
            original = {k: v for k, v in node.items() if k != "x-number-as-string"}
            node.clear()
            node["anyOf"] = [original, {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}]
    return data


def example_rule(doc: LoadedDocument, checker: SchemaChecker) -> Iterator[Diagnostic]:
    for pointer, holder, mode in _example_holders(doc.data):
        yield from _holder_examples(doc, checker, pointer, holder, mode)
    for pointer, schema in _schemas(doc.data):
        values = [(join_pointer(pointer, "example"), schema["example"])] if "example" in schema else []
        if isinstance(schema.get("examples"), list):
            values += [(join_pointer(pointer, "examples", i), v) for i, v in enumerate(schema["examples"])]
        for where, value in values:
            yield from _report(doc, checker, pointer, where, value, "any")


def _holder_examples(doc: LoadedDocument, checker: SchemaChecker, pointer: str, holder: dict[str, Any], mode: Mode) -> Iterator[Diagnostic]:
    """Media types and parameters carry `example` or `examples: {name: {value}}` next to their `schema`."""
    if not isinstance(holder.get("schema"), dict):
        return
    schema = join_pointer(pointer, "schema")
    if "example" in holder:
        yield from _report(doc, checker, schema, join_pointer(pointer, "example"), holder["example"], mode)
    for name, raw in mapping(holder.get("examples")).items():
        where = join_pointer(pointer, "examples", name)
        if isinstance(mapping(raw).get("$ref"), str):
            where = raw["$ref"][1:]
        example = mapping(deref(doc.data, raw))
        if "value" in example:
            yield from _report(doc, checker, schema, join_pointer(where, "value"), example["value"], mode)


def _report(doc: LoadedDocument, checker: SchemaChecker, schema: str, where: str, value: Any, mode: Mode) -> Iterator[Diagnostic]:
    for inner, message in checker.errors(schema, value, mode):
        yield doc.diagnostic(where + inner, "example-invalid", f"example does not match its schema: {message}")


def _example_holders(data: Any) -> Iterator[tuple[str, dict[str, Any], Mode]]:
    """(pointer, media type or parameter, mode) at their definitions; `$ref` uses are checked where defined."""
    components = mapping(mapping(data).get("components"))
    places: list[tuple[str, Any, str]] = []
    for op in iter_operations(data):
        params = op.node.get("parameters")
        places += [
            (join_pointer(op.pointer, "parameters", i), p, "parameter") for i, p in enumerate(params if isinstance(params, list) else [])
        ]
        places.append((join_pointer(op.pointer, "requestBody"), op.node.get("requestBody"), "request"))
        places += [(join_pointer(op.pointer, "responses", s), r, "response") for s, r in mapping(op.node.get("responses")).items()]
    for path, item in mapping(mapping(data).get("paths")).items():
        params = mapping(item).get("parameters")
        places += [
            (join_pointer("/paths", path, "parameters", i), p, "parameter")
            for i, p in enumerate(params if isinstance(params, list) else [])
        ]
    for section, kind in (("parameters", "parameter"), ("headers", "parameter"), ("requestBodies", "request"), ("responses", "response")):
        places += [(join_pointer("/components", section, n), v, kind) for n, v in mapping(components.get(section)).items()]
    for pointer, node, kind in places:
        node = mapping(node)
        if "$ref" in node:
            continue
        mode: Mode = "read" if kind == "response" else "write"
        if kind == "parameter":
            yield pointer, node, mode
        for mime, media in mapping(node.get("content")).items():
            yield join_pointer(pointer, "content", mime), mapping(media), mode
        if kind == "response":
            for name, header in mapping(node.get("headers")).items():
                if "$ref" not in mapping(header):
                    yield join_pointer(pointer, "headers", name), mapping(header), "read"


def _schemas(data: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object defined in place (component schemas and inline ones), depth first."""
    roots = [
        (join_pointer("/components/schemas", n), s) for n, s in mapping(mapping(mapping(data).get("components")).get("schemas")).items()
    ]
    roots += [(join_pointer(p, "schema"), h["schema"]) for p, h, _m in _example_holders(data) if isinstance(h.get("schema"), dict)]
    stack = list(reversed(roots))
    while stack:
        pointer, schema = stack.pop()
        if not isinstance(schema, dict) or "$ref" in schema:
            continue
        yield pointer, schema
        children = [(join_pointer(pointer, "properties", k), v) for k, v in mapping(schema.get("properties")).items()]
        children += [(join_pointer(pointer, k), schema[k]) for k in _SCHEMA_CHILDREN if isinstance(schema.get(k), dict)]
        for key in _SCHEMA_LISTS:
            items = schema.get(key)
            children += [(join_pointer(pointer, key, i), v) for i, v in enumerate(items if isinstance(items, list) else [])]
        stack.extend(reversed(children))


def recording_rule(doc: LoadedDocument, checker: SchemaChecker) -> Iterator[Diagnostic]:
    """Recordings of specs/<vendor>/openapi.yaml live in tests/recordings/<vendor>/ beside specs/."""
    spec = Path(doc.path)
    if spec.parent.parent.name != "specs":
        return
    folder = spec.parent.parent.parent / "tests" / "recordings" / spec.parent.name
    operations: dict[str, Operation] = {}
    for op in iter_operations(doc.data):
        variants = op.node.get("x-variants")
        for op_id in [op.node.get("operationId")] + [
            mapping(v).get("operationId") for v in (variants if isinstance(variants, list) else [])
        ]:
            if isinstance(op_id, str):
                operations[op_id] = op
    for file in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            recording = load_document(file)
        except SpecError as exc:
            yield from exc.diagnostics
            continue
        yield from _check_recording(doc, recording, operations, checker)


def _check_recording(
    doc: LoadedDocument, rec: LoadedDocument, operations: dict[str, Operation], checker: SchemaChecker
) -> Iterator[Diagnostic]:
    data = mapping(rec.data)
    op = operations.get(str(data.get("operation")))
    if op is None:
        yield _rec(rec, "/operation", f"operation {data.get('operation')!r} is not in {doc.path}")
        return
    request, response = mapping(data.get("request")), mapping(data.get("response"))
    if str(request.get("method", "")).lower() != op.method:
        yield _rec(rec, "/request/method", f"{data['operation']} is {op.method.upper()}, not {request.get('method')!r}")
    pattern = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in re.split(r"(\{[^}]+\})", op.path))
    if not re.fullmatch(pattern, str(request.get("path", ""))):
        yield _rec(rec, "/request/path", f"path {request.get('path')!r} does not match {op.path}")
    status = str(response.get("status", ""))
    declared = mapping(op.node.get("responses"))
    key = next((k for k in (status, status[:1] + "XX", "default") if k in declared), None)
    if key is None:
        yield _rec(rec, "/response/status", f"status {status} is not declared for {op.label}")
        return
    body_at = _media_schema(doc.data, join_pointer(op.pointer, "responses", key), response)
    body = response.get("body")
    if isinstance(body, str) and not body.strip() and _empty_allowed(doc.data, declared[key]):
        body_at = None  # `x-empty-body`: this answer may come empty or as whitespace although content is declared
    if body_at and response.get("body") is not None:
        for inner, message in checker.errors(body_at, response["body"], "read"):
            yield _rec(rec, "/response/body" + inner, f"response body does not match {op.label} {key}: {message}")
    body_at = _media_schema(doc.data, join_pointer(op.pointer, "requestBody"), request)
    if body_at and request.get("body") is not None:
        for inner, message in checker.errors(body_at, request["body"], "write"):
            yield _rec(rec, "/request/body" + inner, f"request body does not match {op.label}: {message}")


def _empty_allowed(data: Any, response: Any) -> bool:
    node = mapping(deref(data, response)) if isinstance(mapping(response).get("$ref"), str) else mapping(response)
    return node.get("x-empty-body") is True


def _media_schema(data: Any, pointer: str, exchange: dict[str, Any]) -> str | None:
    """Pointer of the JSON schema for this exchange's content type, following a `$ref`'d response or body."""
    try:
        node = mapping(resolve_pointer(data, "#" + pointer))
    except KeyError:
        return None
    if isinstance(node.get("$ref"), str):
        pointer, node = node["$ref"][1:], mapping(deref(data, node))
    headers = {str(k).lower(): str(v) for k, v in mapping(exchange.get("headers")).items()}
    mime = headers.get("content-type", "application/json").split(";")[0].strip()
    content = mapping(node.get("content"))
    if "json" not in mime or not isinstance(mapping(content.get(mime)).get("schema"), dict):
        return None
    return join_pointer(pointer, "content", mime, "schema")


def _rec(rec: LoadedDocument, pointer: str, message: str) -> Diagnostic:
    return rec.diagnostic(pointer, "recording-invalid", message, Severity.ERROR)
