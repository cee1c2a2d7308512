"""The openapi-core app used for validation, adjusted where openapi-core and our specs disagree.

- Path matching: openapi-core picks the first template of the right shape and ignores `enum`s, so
  `/{estimates-type}/{id}.json` was validated as `/{invoices-type}/{id}.json`; it also matches plain
  templates by string suffix. Our finder matches like the mock server: enum-aware, literal paths first.
- Media types: openapi-core only parses `application/json` (not problem+json, not vendor `+json` types,
  not `text/csv`); every media type the spec declares gets a parser by its family.
- deepObject arrays (`filter[0][key]=...`, Xentral) are outside OpenAPI's deepObject and openapi-core
  rejects them even when absent; openapi-core sees them as free-form objects and `checks` validates the
  nested value itself.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

from jsonschema_path import SchemaPath
from openapi_core import Config, OpenAPI, V30RequestValidator, V30ResponseValidator, V31RequestValidator, V31ResponseValidator
from openapi_core.deserializing.media_types.util import json_loads, plain_loads
from openapi_core.templating.datatypes import TemplateResult
from openapi_core.templating.paths.datatypes import Path
from openapi_core.templating.paths.finders import APICallPathFinder

from .oas import iter_operations, resolve, routes, server_base

__all__ = ["deep_object_params", "is_deep_array", "openapi_app"]

_APPS: dict[int, tuple[dict[str, Any], OpenAPI]] = {}
_KEEP = 8  # apps kept (a test session loads each vendor's spec a few times; each app holds its spec)


def openapi_app(spec: dict[str, Any]) -> OpenAPI:
    """An openapi-core app for `spec`, built once per spec object.

    The spec itself is not re-validated here (that is `generator lint`'s job, and it costs seconds on
    Xentral's 460 operations).
    """
    cached = _APPS.get(id(spec))
    if cached is not None and cached[0] is spec:
        return cached[1]
    finder = _finder(spec)
    v31 = str(spec.get("openapi", "3.0")).startswith("3.1")
    request_base: Any = V31RequestValidator if v31 else V30RequestValidator
    response_base: Any = V31ResponseValidator if v31 else V30ResponseValidator
    config = Config(
        spec_validator_cls=None,
        request_validator_cls=type("RequestValidator", (request_base,), {"path_finder_cls": finder}),
        response_validator_cls=type("ResponseValidator", (response_base,), {"path_finder_cls": finder}),
        extra_media_type_deserializers=_media_parsers(spec),
    )
    app = OpenAPI.from_dict(_engine_copy(spec), config=config)
    while len(_APPS) >= _KEEP:
        del _APPS[next(iter(_APPS))]
    _APPS[id(spec)] = (spec, app)
    return app


def is_deep_array(spec: dict[str, Any], param: dict[str, Any]) -> bool:
    """A deepObject parameter whose schema is not a plain object (`filter[0][key]`), which openapi-core
    cannot read."""
    schema = resolve(spec, param.get("schema", {}))
    return param.get("style") == "deepObject" and isinstance(schema, dict) and schema.get("type") != "object"


def deep_object_params(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every such parameter, wherever declared (each once)."""
    seen: set[int] = set()
    for op in iter_operations(spec):
        for param in op.parameters(spec):
            if is_deep_array(spec, param) and id(param) not in seen:
                seen.add(id(param))
                yield param


class _SpecPaths:
    """openapi-core PathsIterator: our enum-aware matching, most literal template first."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.host, self.base_path = server_base(spec)
        self.routes: dict[str, re.Pattern[str]] = {}
        for regex, op in routes(spec):
            self.routes.setdefault(op.path, regex)
        self._items: tuple[SchemaPath, dict[str, SchemaPath]] | None = None

    def __call__(self, name: str, spec: SchemaPath, base_url: str | None = None) -> Iterator[Path]:
        prefix = self.host + self.base_path
        relative = name[len(prefix) :] if name.startswith(prefix) else name
        items = self._path_items(spec)
        for template, regex in self.routes.items():
            match = regex.fullmatch(relative)
            if match is not None and template in items:
                names = [part.split("}")[0] for part in template.split("{")[1:]]
                yield Path(items[template], TemplateResult(template, dict(zip(names, match.groups(), strict=True))))

    def _path_items(self, spec: SchemaPath) -> dict[str, SchemaPath]:
        if self._items is None or self._items[0] is not spec:
            self._items = (spec, dict((spec / "paths").str_items()))
        return self._items[1]


def _finder(spec: dict[str, Any]) -> type[APICallPathFinder]:
    class Finder(APICallPathFinder):
        paths_iterator = _SpecPaths(spec)

    return Finder


def _media_parsers(spec: dict[str, Any]) -> dict[str, Any]:
    parsers: dict[str, Any] = {"application/problem+json": json_loads}
    for media in _media_types(spec):
        lowered = media.lower()
        if "json" in lowered:
            parsers[media] = json_loads
        elif lowered.startswith("text/") or lowered in ("application/csv", "application/x-csv"):
            parsers[media] = plain_loads
    return parsers


def _media_types(spec: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    for op in iter_operations(spec):
        body = resolve(spec, op.node.get("requestBody", {}))
        found.update((body or {}).get("content") or {})
        for response in (op.node.get("responses") or {}).values():
            found.update((resolve(spec, response) or {}).get("content") or {})
    return found


def _engine_copy(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as openapi-core gets it: HTTP auth scheme names lower-cased (openapi-core compares them
    case-sensitively, HTTP does not: `WDAPI`) and deepObject arrays loosened to free-form objects."""
    data = copy.deepcopy(spec)
    for scheme in ((data.get("components") or {}).get("securitySchemes") or {}).values():
        if isinstance(scheme, dict) and scheme.get("type") == "http":
            scheme["scheme"] = str(scheme.get("scheme", "bearer")).lower()
    for param in deep_object_params(data):
        param["schema"] = {"type": "object"}
    return data
