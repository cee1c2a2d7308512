"""Error answers in the vendor's own shape, built from the error schema the spec declares.

A client's error parsing is only tested if the mock answers like the vendor: Gestix `apiError`
(`{code, message, timestamp}`), Xentral problem+json with `violations`, InvoiceXpress `{errors: {error}}`.
Nothing here knows a vendor: the body is synthesised from the declared schema (required properties plus
the usual message/code/status fields), so a new vendor gets the right shape from its spec alone.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from ..conformance.checks import Issue
from ..conformance.oas import iter_operations, resolve

__all__ = ["ErrorAnswer", "error_answer"]

_MESSAGE_NAMES = {"message", "error", "detail", "title", "description", "reason", "msg", "error_description"}
_POINTER_NAMES = {"propertypath", "property", "field", "pointer", "parameter", "param", "key"}
_CODES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "AUTH_FAILED",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "DUPLICATE_ENTRY",
    422: "INVALID_ARGUMENT",
    429: "RATE_LIMITED",
}
_ENUM_HINTS = {400: "INVALID", 401: "AUTH", 403: "AUTH", 404: "NOT_FOUND", 409: "DUPLICATE", 422: "INVALID", 429: "RATE"}


@dataclass(frozen=True)
class ErrorAnswer:
    status: int
    content_type: str
    body: Any


@dataclass(frozen=True)
class _Context:
    status: int
    message: str
    path: str
    issues: Sequence[Issue]


def error_answer(
    spec: dict[str, Any],
    operation: dict[str, Any] | None,
    status: int,
    message: str,
    path: str = "/",
    issues: Sequence[Issue] = (),
) -> ErrorAnswer:
    """The answer for `status`: the operation's declared error schema for it (else any operation's,
    else a plain `{"error": message}`), filled with `message` and the validation `issues`."""
    media, schema = _declared(spec, operation, status)
    context = _Context(status, message, path, issues)
    if schema is None:
        return ErrorAnswer(status, media or "application/json", {"error": message})
    return ErrorAnswer(status, media or "application/json", _instance(spec, schema, "", context, 0))


def _declared(spec: dict[str, Any], operation: dict[str, Any] | None, status: int) -> tuple[str | None, Any]:
    """(media type, schema) declared for `status`: the operation's, else any operation's, else the error
    shape the spec declares most often (a 429 or an unknown path then still looks like the vendor)."""
    candidates = [operation] if operation is not None else []
    candidates += [op.node for op in iter_operations(spec) if op.variant is None]
    for key in (str(status), f"{status // 100}XX"):
        for node in candidates:
            responses = node.get("responses") or {}
            if key in responses:
                found = _json_content(spec, responses[key])
                if found[0] is not None:
                    return found
    return _most_common_error(spec, candidates)


def _most_common_error(spec: dict[str, Any], nodes: list[dict[str, Any]]) -> tuple[str | None, Any]:
    counts: dict[str, tuple[int, tuple[str | None, Any]]] = {}
    for node in nodes:
        for key, raw in (node.get("responses") or {}).items():
            if str(key)[:1] in ("4", "5"):
                found = _json_content(spec, raw)
                if found[0] is not None:
                    identity = json.dumps(found, sort_keys=True, default=str)
                    counts[identity] = (counts.get(identity, (0, found))[0] + 1, found)
    if not counts:
        return None, None
    return max(counts.values(), key=lambda item: item[0])[1]


def _json_content(spec: dict[str, Any], raw: Any) -> tuple[str | None, Any]:
    response = resolve(spec, raw)
    for media, body in ((response or {}).get("content") or {}).items():
        if "json" in media and isinstance(body, dict) and "schema" in body:
            return str(media), body["schema"]
    return None, None


def _instance(spec: dict[str, Any], raw: Any, name: str, ctx: _Context, depth: int) -> Any:
    """A value of schema `raw` for the property called `name`, shaped to carry the error."""
    schema = resolve(spec, raw)
    if not isinstance(schema, dict) or depth > 8:
        return ctx.message
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = _instance(spec, part, name, ctx, depth + 1)
            merged.update(value if isinstance(value, dict) else {})
        return merged
    for union in ("oneOf", "anyOf"):
        if schema.get(union):
            return _instance(spec, schema[union][0], name, ctx, depth + 1)
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return _pick_enum(schema["enum"], ctx.status)
    kind = schema.get("type")
    kind = next((k for k in kind if k != "null"), None) if isinstance(kind, list) else kind
    if kind == "object" or "properties" in schema:
        return _object(spec, schema, ctx, depth)
    if kind == "array":
        return _array(spec, schema, name, ctx, depth)
    if kind in ("integer", "number"):
        return ctx.status if name.lower() in ("status", "code", "statuscode", "status_code") else schema.get("example", 0)
    if kind == "boolean":
        return False
    return _string(schema, name, ctx)


def _object(spec: dict[str, Any], schema: dict[str, Any], ctx: _Context, depth: int) -> dict[str, Any]:
    properties = schema.get("properties") or {}
    if not properties:
        return {"error": ctx.message}
    wanted = [p for p in properties if p in (schema.get("required") or []) or _useful(p, ctx)]
    return {prop: _instance(spec, properties[prop], prop, ctx, depth + 1) for prop in wanted or list(properties)[:1]}


def _useful(prop: str, ctx: _Context) -> bool:
    """Optional properties worth filling: the message, a code, and the list of violations if any."""
    lowered = prop.lower()
    return lowered in _MESSAGE_NAMES or lowered in ("code", "status") or (lowered in ("violations", "errors") and bool(ctx.issues))


def _array(spec: dict[str, Any], schema: dict[str, Any], name: str, ctx: _Context, depth: int) -> list[Any]:
    items = schema.get("items", {})
    if name.lower() in ("violations", "errors", "messages", "details") and ctx.issues:
        return [_instance(spec, items, name, _Context(ctx.status, i.message, i.pointer, ()), depth + 1) for i in ctx.issues]
    return [_instance(spec, items, name, ctx, depth + 1)]


def _string(schema: dict[str, Any], name: str, ctx: _Context) -> str:
    lowered = name.lower()
    if schema.get("format") == "date-time" or lowered in ("timestamp", "time", "date"):
        return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
    if lowered in _MESSAGE_NAMES or not lowered:
        return ctx.message
    if lowered == "code":
        return _CODES.get(ctx.status) or _status_name(ctx.status)
    if lowered in _POINTER_NAMES or lowered in ("path", "instance"):
        return ctx.path
    if lowered == "type":
        return str(schema.get("example", "about:blank"))
    return str(schema.get("example", schema.get("default", ctx.message)))


def _pick_enum(values: list[Any], status: int) -> Any:
    hint = _ENUM_HINTS.get(status, "")
    for value in values:
        if hint and hint in re.sub(r"[^A-Z_]", "_", str(value).upper()):
            return value
    return values[0]


def _status_name(status: int) -> str:
    try:
        return HTTPStatus(status).name
    except ValueError:
        return "ERROR"
