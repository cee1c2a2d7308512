"""Small read-only views of an OpenAPI dict shared by the conformance checks and the mock server.

Both need the same answers: which operations (and `x-variants`) exist, which path template a concrete path
matches, where the server's base path is, and what credential an operation needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..spec.normalize import HTTP_METHODS

__all__ = [
    "Operation",
    "dummy_credentials",
    "effective_security",
    "find_operation",
    "iter_operations",
    "path_regex",
    "resolve",
    "routes",
    "server_base",
]

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def resolve(spec: dict[str, Any], node: Any) -> Any:
    """Follow local `$ref`s (`#/components/...`) until a node without one; unknown refs give {}."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"] not in seen:
        ref = node["$ref"]
        seen.add(ref)
        node = spec
        for token in ref.lstrip("#").split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            node = node.get(token, {}) if isinstance(node, dict) else {}
    return node


@dataclass(frozen=True)
class Operation:
    """One callable operation: a spec operation, or one of its `x-variants` (then `variant` is set)."""

    operation_id: str
    method: str
    path: str
    node: dict[str, Any]
    path_item: dict[str, Any]
    variant: dict[str, Any] | None = None

    @property
    def parent_id(self) -> str:
        return str(self.node.get("operationId", ""))

    @property
    def confidence(self) -> str:
        """`x-source.confidence` of the variant, else of the operation ('unknown' when absent)."""
        for holder in (self.variant or {}, self.node):
            source = holder.get("x-source")
            if isinstance(source, dict) and source.get("confidence"):
                return str(source["confidence"])
        return "unknown"

    def parameters(self, spec: dict[str, Any]) -> list[dict[str, Any]]:
        """Path-item and operation parameters, resolved; the operation's win on (name, in)."""
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        for raw in [*self.path_item.get("parameters", []), *self.node.get("parameters", [])]:
            param = resolve(spec, raw)
            if isinstance(param, dict) and "name" in param:
                merged[(str(param["name"]), str(param.get("in")))] = param
        return list(merged.values())


def iter_operations(spec: dict[str, Any]) -> Iterator[Operation]:
    """Every operation of the spec in document order, each followed by its variants."""
    paths = spec.get("paths")
    for path, raw_item in (paths if isinstance(paths, dict) else {}).items():
        item = resolve(spec, raw_item)
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            node = item.get(method)
            if not isinstance(node, dict):
                continue
            yield Operation(str(node.get("operationId", f"{method} {path}")), method.upper(), str(path), node, item)
            for variant in node.get("x-variants", []) or []:
                if isinstance(variant, dict) and variant.get("operationId"):
                    yield Operation(str(variant["operationId"]), method.upper(), str(path), node, item, variant)


def find_operation(spec: dict[str, Any], operation_id: str) -> Operation | None:
    return next((op for op in iter_operations(spec) if op.operation_id == operation_id), None)


def path_regex(spec: dict[str, Any], op: Operation) -> re.Pattern[str]:
    """The operation's path template as a regex; a path parameter with an `enum` (x-split-resources) only
    matches its enum values, so `/invoices/{type}/x` does not swallow `/invoices/42/x`."""
    params = {p["name"]: p for p in op.parameters(spec) if p.get("in") == "path"}
    pattern, last = "", 0
    for match in _PLACEHOLDER.finditer(op.path):
        pattern += re.escape(op.path[last : match.start()])
        schema = resolve(spec, params.get(match.group(1), {}).get("schema", {}))
        enum = schema.get("enum") if isinstance(schema, dict) else None
        if isinstance(enum, list) and enum:
            pattern += "(" + "|".join(re.escape(str(v)) for v in enum) + ")"
        else:
            pattern += "([^/]+)"
        last = match.end()
    return re.compile(pattern + re.escape(op.path[last:]))


def routes(spec: dict[str, Any]) -> list[tuple[re.Pattern[str], Operation]]:
    """(path regex, operation) for every operation (not variants), most literal template first, so
    `/customers/search` wins over `/customers/{id}`: the matching order of validation and the mock."""
    operations = [op for op in iter_operations(spec) if op.variant is None]
    operations.sort(key=lambda op: (op.path.count("{"), -len(op.path)))
    return [(path_regex(spec, op), op) for op in operations]


def server_base(spec: dict[str, Any]) -> tuple[str, str]:
    """(scheme://host[:port], base path) of the first server with its variables at their defaults."""
    servers = spec.get("servers") or [{"url": "/"}]
    server = servers[0] if isinstance(servers[0], dict) else {"url": "/"}
    url = str(server.get("url", "/"))
    variables = server.get("variables")
    for name, variable in (variables if isinstance(variables, dict) else {}).items():
        url = url.replace("{" + str(name) + "}", str((variable or {}).get("default", name)))
    parts = urlsplit(url)
    host = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "http://localhost"
    return host, parts.path.rstrip("/")


def effective_security(spec: dict[str, Any], node: dict[str, Any]) -> list[dict[str, Any]]:
    """The operation's security requirements (OR of ANDs); [] when the operation is public."""
    security = node.get("security", spec.get("security", []))
    if not isinstance(security, list) or any(req == {} for req in security):
        return []
    return [req for req in security if isinstance(req, dict)]


def dummy_credentials(spec: dict[str, Any], node: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """Headers and query values that satisfy the operation's first security requirement.

    Recordings carry no secrets (`<redacted>`), so validation supplies a placeholder credential of the
    declared kind instead; the mock server checks real credentials itself.
    """
    headers: dict[str, str] = {}
    query: dict[str, str] = {}
    requirements = effective_security(spec, node)
    schemes = spec.get("components", {}).get("securitySchemes", {})
    for name in requirements[0] if requirements else {}:
        scheme = resolve(spec, schemes.get(name, {}))
        kind = scheme.get("type")
        if kind == "http":
            headers["authorization"] = f"{str(scheme.get('scheme', 'bearer')).lower()} dummy"
        elif kind == "apiKey" and scheme.get("in") == "header":
            headers[str(scheme.get("name", "")).lower()] = "dummy"
        elif kind == "apiKey" and scheme.get("in") == "query":
            query[str(scheme.get("name", ""))] = "dummy"
        elif kind in ("oauth2", "openIdConnect"):
            headers["authorization"] = "bearer dummy"
    return headers, query
