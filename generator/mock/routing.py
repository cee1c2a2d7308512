"""Which spec operation a concrete request path belongs to.

Clients may be pointed at the mock with or without the server's base path (`/api/{account}/v4.0.0`);
both work. Literal templates win over templated ones (`/customers/search` before `/customers/{id}`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from ..conformance.oas import Operation, iter_operations, resolve, routes

__all__ = ["Router"]


class Router:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.base = _base_regex(spec)
        self.routes = routes(spec)

    def strip(self, path: str) -> str:
        """The path relative to the server URL (the base path removed when the client sent it)."""
        match = self.base.match(path) if self.base is not None else None
        if match is not None and self._known(path[match.end() :] or "/"):
            return path[match.end() :] or "/"
        return path

    def _known(self, path: str) -> bool:
        return any(regex.fullmatch(path) for regex, _ in self.routes)

    def find(self, method: str, path: str) -> tuple[Operation | None, bool]:
        """(operation, whether the path exists at all) for a request."""
        known = False
        for regex, op in self.routes:
            if regex.fullmatch(path):
                known = True
                if op.method == method:
                    return op, True
        return None, known

    def ignored_query(self) -> set[str]:
        """Query parameters that never select an answer: nonces and query API keys."""
        names: set[str] = set()
        for scheme in ((self.spec.get("components") or {}).get("securitySchemes") or {}).values():
            scheme = resolve(self.spec, scheme)
            if scheme.get("type") == "apiKey" and scheme.get("in") == "query":
                names.add(str(scheme.get("name")))
        for op in iter_operations(self.spec):
            names.update(str(p["name"]) for p in op.parameters(self.spec) if p.get("in") == "query" and p.get("x-nonce"))
        return names

    def variant_of(self, op: Operation, query: Mapping[str, Any]) -> dict[str, Any] | None:
        """The `x-variants` entry a request selects (all its required parameters present)."""
        for variant in op.node.get("x-variants", []) or []:
            required = variant.get("required") or []
            if required and all(name in query for name in required):
                return dict(variant)
        return None


def _base_regex(spec: dict[str, Any]) -> re.Pattern[str] | None:
    """The first server's path with any variable value allowed, e.g. `/api/[^/]+/v4\\.0\\.0`."""
    servers = spec.get("servers") or []
    url = str(servers[0].get("url", "")) if servers and isinstance(servers[0], dict) else ""
    path = urlsplit(url.replace("{", "%7B").replace("}", "%7D")).path.replace("%7B", "{").replace("%7D", "}").rstrip("/")
    if not path:
        return None
    pattern = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in re.split(r"(\{[^{}]+\})", path))
    return re.compile(pattern)
