"""openapi-core request/response validation turned into flat, located issues.

openapi-core reports nested exceptions (parameter errors wrapping cast errors wrapping jsonschema errors);
both the conformance suite (which adds file:line) and the mock server (which answers with the vendor's
error shape) want the same flat list: where (query/body/...), JSON pointer, message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from openapi_core.testing import MockRequest, MockResponse
from openapi_core.validation.request.exceptions import ParameterValidationError, SecurityValidationError
from openapi_core.validation.response.exceptions import HeaderValidationError
from openapi_core.validation.schemas.exceptions import InvalidSchemaValue
from openapi_schema_validator import OAS30Validator, OAS31Validator, oas30_format_checker, oas31_format_checker

from ..load import escape_pointer
from .engine import is_deep_array, openapi_app
from .oas import Operation, dummy_credentials, resolve, server_base

__all__ = [
    "Issue",
    "deep_object_issues",
    "encode_body",
    "make_request",
    "make_response",
    "request_issues",
    "response_issues",
    "schema_validator",
]


@dataclass(frozen=True)
class Issue:
    """One problem: `where` is path, query, headers, body, status or security; `pointer` is inside it."""

    where: str
    pointer: str
    message: str


def encode_body(body: Any, content_type: str) -> bytes:
    """Wire bytes of a recorded body: JSON values as JSON, strings as text, form mappings urlencoded."""
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    if "x-www-form-urlencoded" in content_type and isinstance(body, dict):
        return urlencode(body, doseq=True).encode("ascii")
    return json.dumps(body).encode("utf-8")


def make_request(
    spec: dict[str, Any],
    operation: dict[str, Any] | None,
    method: str,
    path: str,
    query: Mapping[str, str | list[str]],
    headers: Mapping[str, str],
    body: bytes,
) -> MockRequest:
    """An openapi-core request at the spec's first server, carrying a placeholder credential."""
    host, base_path = server_base(spec)
    extra_headers, extra_query = dummy_credentials(spec, operation or {})
    all_headers = {**{k.lower(): v for k, v in headers.items()}, **extra_headers}
    content_type = all_headers.get("content-type", "application/json")
    args = {**query, **extra_query}
    return MockRequest(host, method.lower(), base_path + path, args=args, headers=all_headers, data=body, content_type=content_type)


def make_response(status: int, headers: Mapping[str, str], body: bytes) -> MockResponse:
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "application/json")
    return MockResponse(body, status_code=status, headers=dict(headers), content_type=content_type)


def request_issues(spec: dict[str, Any], request: MockRequest, operation: Operation | None = None) -> list[Issue]:
    """Everything openapi-core finds wrong with `request`, flattened (plus deepObject arrays, which
    openapi-core cannot read, when the operation is known)."""
    extra = deep_object_issues(spec, operation, request.args or {}) if operation is not None else []
    try:
        return list(_flatten(openapi_app(spec).request_validator.iter_errors(request))) + extra
    except Exception as exc:  # openapi-core can fail on exotic specs: report, don't crash
        return [Issue("request", "", f"openapi-core could not validate the request: {exc!r}")]


def response_issues(spec: dict[str, Any], request: MockRequest, response: MockResponse) -> list[Issue]:
    try:
        return list(_flatten(openapi_app(spec).response_validator.iter_errors(request, response)))
    except Exception as exc:
        return [Issue("response", "", f"openapi-core could not validate the response: {exc!r}")]


def schema_validator(spec: dict[str, Any], schema: Any) -> Any:
    """A jsonschema validator (OpenAPI dialect, formats checked) for a schema of `spec`; `$ref`s into
    `#/components` resolve because the components ride along in the root."""
    is_31 = str(spec.get("openapi", "3.0")).startswith("3.1")
    validator_cls = OAS31Validator if is_31 else OAS30Validator
    checker = oas31_format_checker if is_31 else oas30_format_checker
    root = {**(schema if isinstance(schema, dict) else {}), "components": spec.get("components", {})}
    return validator_cls(root, format_checker=checker)


def deep_object_issues(spec: dict[str, Any], operation: Operation, query: Mapping[str, Any]) -> list[Issue]:
    """Validate deepObject arrays (`filter[0][key]=sku`) against their declared schema."""
    issues: list[Issue] = []
    for param in operation.parameters(spec):
        if not is_deep_array(spec, param):
            continue
        name = str(param["name"])
        value = _nest(name, query)
        if value is None:
            if param.get("required"):
                issues.append(Issue("query", "/" + escape_pointer(name), f"Missing required query parameter: {name}"))
            continue
        value = _cast(spec, param.get("schema", {}), value)
        for error in schema_validator(spec, param.get("schema", {})).iter_errors(value):
            issues.append(Issue("query", "/" + escape_pointer(name) + _located(error), _message(error)))
    return issues


def _nest(name: str, query: Mapping[str, Any]) -> Any:
    """`{'filter[0][key]': 'sku'}` -> `[{'key': 'sku'}]` (objects with only index keys become lists)."""
    root: dict[str, Any] = {}
    for key, value in query.items():
        if not key.startswith(name + "["):
            continue
        tokens = re.findall(r"\[([^\]]*)\]", key[len(name) :])
        node = root
        for token in tokens[:-1]:
            node = node.setdefault(token, {})
        values = value if isinstance(value, list) else [value]
        node[tokens[-1] if tokens else ""] = values[0] if len(values) == 1 else values
    return _listify(root) if root else None


def _listify(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    if node and all(key.isdigit() for key in node):
        return [_listify(node[key]) for key in sorted(node, key=int)]
    return {key: _listify(child) for key, child in node.items()}


def _cast(spec: dict[str, Any], raw: Any, value: Any) -> Any:
    """Query strings to the declared scalar types, so `page[size]=10` passes an integer schema."""
    schema = resolve(spec, raw)
    if not isinstance(schema, dict):
        return value
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        return {k: _cast(spec, props.get(k, {}), v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cast(spec, schema.get("items", {}), v) for v in value]
    kind = schema.get("type")
    try:
        if kind == "integer" and isinstance(value, str):
            return int(value)
        if kind == "number" and isinstance(value, str):
            return float(value)
    except ValueError:
        return value
    if kind == "boolean" and value in ("true", "false"):
        return value == "true"
    return value


def _flatten(errors: Iterable[BaseException]) -> Iterable[Issue]:
    for error in errors:
        nested = getattr(error, "errors", None) or getattr(error, "context", None)
        if nested is not None and not hasattr(error, "absolute_path"):  # jsonschema errors have `context` too
            yield from _flatten(nested)
        else:
            yield from _issues(error)


def _issues(error: BaseException) -> Iterable[Issue]:
    where, base = _place(error)
    cause = error.__cause__
    if isinstance(cause, InvalidSchemaValue) and cause.schema_errors:  # jsonschema errors, untyped here
        for schema_error in cause.schema_errors:
            yield Issue(where, base + _located(schema_error), _message(schema_error))
        return
    message = str(error)
    if cause is not None and str(cause) not in message:
        message = f"{message}: {cause}"
    yield Issue(where, base, message)


def _place(error: BaseException) -> tuple[str, str]:
    """Which part of the exchange an openapi-core error is about, and the pointer of the value in it."""
    if isinstance(error, ParameterValidationError):
        name = error.name.lower() if error.location == "header" else error.name
        return {"header": "headers"}.get(error.location, error.location), "/" + escape_pointer(name)
    if isinstance(error, HeaderValidationError):
        return "headers", "/" + escape_pointer(error.name.lower())
    if isinstance(error, SecurityValidationError):
        return "security", ""
    name = type(error).__name__
    if "Body" in name or name in ("InvalidData", "MissingData", "MediaTypeNotFound"):
        return "body", ""
    if name in ("ResponseNotFound",):
        return "status", ""
    return "path", ""


def _pointer(path: Iterable[Any]) -> str:
    return "".join("/" + escape_pointer(str(token)) for token in path)


def _closest(error: Any) -> Any:
    """For a failed anyOf/oneOf, the branch complaint that got deepest (usually the branch meant)."""
    return max(error.context, key=lambda e: len(e.absolute_path)) if error.context else None


def _located(error: Any) -> str:
    """Pointer of the offending value: the closest branch's when a union failed, for a precise line."""
    closest = _closest(error)
    return _pointer((closest or error).absolute_path)


def _message(error: Any) -> str:
    message = str(error.message)
    closest = _closest(error)
    if closest is not None:
        return f"{message} (closest: {_pointer(closest.absolute_path) or '/'}: {closest.message})"
    return message
