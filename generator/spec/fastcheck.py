"""A fast answer to one question: would openapi-spec-validator find anything at all in this document?

openapi-spec-validator stays the judge and the author of every message, but its walk over the document
(jsonschema-path proxies around every node, a Python `check_schema` per schema) costs seconds on a large spec
while the document is almost always clean. This module makes the same checks on the plain dicts: the OpenAPI
metaschema and each schema's dialect metaschema through jsonschema-rs (which openapi-spec-validator itself
uses as a backend when installed), and the validator's own semantic rules (unique operation ids, tags and
parameters, path templates against path parameters, `required` against `allOf` properties, defaults against
their schema). When every check passes the document is clean; on anything else, or anything this module does
not model exactly, it answers with a reason and the caller runs openapi-spec-validator for the full report.
So a wrong answer can only cost time, never a finding, as long as "clean" here implies "clean" there: the
differential test (tests/unit/test_fastcheck.py) holds the two side by side on every spec we have.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import re
import string
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from .refs import resolve_pointer

__all__ = ["Verdict", "precheck", "surely_meta_valid", "unsure_reason"]

_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_OAS31_DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"
_JSON_TYPES = {"string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,), "array": (list,), "object": (dict,)}
# Formats whose default values the validator's format checker tests and this module tests the same way.
_FORMAT_CHECKS: dict[str, Callable[[Any], bool]] = {
    "int32": lambda v: not isinstance(v, int) or -(2**31) <= v < 2**31,
    "int64": lambda v: not isinstance(v, int) or -(2**63) <= v < 2**63,
    "float": lambda v: True,
    "double": lambda v: True,
    "password": lambda v: True,
    "binary": lambda v: True,
    "date": lambda v: not isinstance(v, str) or (_parses(datetime.date.fromisoformat, v) and len(v) == 10),
    "byte": lambda v: not isinstance(v, str) or _parses(lambda s: base64.b64decode(s, validate=True), v),
}


class _Unsure(Exception):
    """Raised where this module stops modelling the validator exactly: the validator decides."""


def _parses(parse: Any, value: str) -> bool:
    try:
        parse(value)
    except (ValueError, binascii.Error):
        return False
    return True


class Verdict(NamedTuple):
    reason: str | None
    """None: openapi-spec-validator would report nothing. Otherwise why it must be asked."""
    document_valid: bool
    """The OpenAPI metaschema accepts the document: the validator's first half (that metaschema, in Python) has
    nothing to find, and only its second half (the keyword walk) needs to run."""


def precheck(data: dict[str, Any], version: str) -> Verdict:
    try:
        import jsonschema_rs  # noqa: F401  (a wheel with no Python dependencies; absent -> the validator decides)
    except ImportError:
        return Verdict("jsonschema-rs is not installed", False)
    try:
        if not _document_validator(version[:3]).is_valid(data):
            return Verdict("the OpenAPI metaschema rejects the document", False)
    except (_Unsure, RecursionError, ValueError, TypeError, KeyError) as exc:
        return Verdict(f"the metaschema check stopped ({type(exc).__name__})", False)
    try:
        walk = _Walk(data, version.startswith("3.1"))
        for problem in walk.findings():
            return Verdict(problem, True)
    except _Unsure as exc:
        return Verdict(str(exc), True)
    except (RecursionError, ValueError, TypeError, KeyError) as exc:
        return Verdict(f"the fast check stopped ({type(exc).__name__})", True)
    return Verdict(None, True)


def unsure_reason(data: dict[str, Any], version: str) -> str | None:
    """None when openapi-spec-validator would report nothing for `data`; otherwise why it must be asked."""
    return precheck(data, version).reason


def _resource(package: str, *parts: str) -> Any:
    """A JSON file shipped inside an installed package, found without importing the package."""
    import importlib.util

    found = importlib.util.find_spec(package)
    if found is None or not found.submodule_search_locations:
        raise _Unsure(f"{package} is not installed")
    folder = Path(next(iter(found.submodule_search_locations)))
    return json.loads(folder.joinpath(*parts).read_text(encoding="utf-8"))


@cache
def _document_validator(version: str) -> Any:
    import jsonschema_rs

    folder = "v3.1" if version == "3.1" else "v3.0"
    return jsonschema_rs.validator_for(_resource("openapi_spec_validator", "resources", "schemas", folder, "schema.json"))


@cache
def _schema_meta_validator(oas31: bool) -> Any:
    """The metaschema a Schema Object is checked against: draft 4 for 3.0, the OpenAPI 3.1 base dialect for 3.1."""
    import jsonschema_rs

    if not oas31:
        return jsonschema_rs.Draft4Validator(_resource("jsonschema_specifications", "schemas", "draft4", "metaschema.json"))
    dialect = _resource("openapi_schema_validator", "schemas", "oas3.1", "metaschema.json")
    vocabulary = _resource("openapi_schema_validator", "schemas", "oas3.1", "vocabularies", "base")
    registry = jsonschema_rs.Registry([(_OAS31_DIALECT, dialect), (vocabulary["$id"], vocabulary)])
    return jsonschema_rs.validator_for(dialect, registry=registry)


class _Walk:
    """openapi-spec-validator's keyword walk (validation/keywords.py, 0.8) on plain dicts, in its order."""

    def __init__(self, root: dict[str, Any], oas31: bool) -> None:
        self.root = root
        self.oas31 = oas31
        if oas31 and root.get("jsonSchemaDialect", _OAS31_DIALECT) != _OAS31_DIALECT:
            raise _Unsure("a jsonSchemaDialect other than the OpenAPI base dialect")
        self.meta = _schema_meta_validator(oas31)
        self.visited: set[int] = set()
        self.meta_checked: set[int] = set()
        self.operation_ids: set[Any] = set()

    def deref(self, node: Any) -> Any:
        """Follow local `$ref`s as the validator's path proxies do when they read a node."""
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if not ref.startswith("#"):
                raise _Unsure("a reference outside the document")
            node = resolve_pointer(self.root, ref)  # KeyError when it points nowhere: the validator decides
            seen += 1
            if seen > 50:
                raise _Unsure("a reference cycle")
        return node

    def findings(self) -> Iterator[str]:
        tags = self.root.get("tags")
        if isinstance(tags, list):
            names = [self.deref(tag).get("name") for tag in tags]
            if len(set(names)) != len(names):
                yield "duplicate tag names"
        paths = self.deref(self.root.get("paths", {}))
        for url, item in paths.items():
            if not url.startswith("/"):
                raise _Unsure("an extension in the Paths Object")
            yield from self.path_item(url, self.deref(item))
        components = self.deref(self.root.get("components", {}))
        for schema in self.deref(components.get("schemas", {})).values():
            yield from self.schema(schema)

    def path_item(self, url: str, item: dict[str, Any]) -> Iterator[str]:
        shared = self.deref(item["parameters"]) if "parameters" in item else None
        if shared is not None:
            yield from self.parameters(shared)
        for name, operation in item.items():
            if name in _OPERATIONS:
                yield from self.operation(url, self.deref(operation), shared)

    def operation(self, url: str, operation: dict[str, Any], shared: list[Any] | None) -> Iterator[str]:
        if "operationId" in operation:
            operation_id = operation["operationId"]
            if operation_id is not None and operation_id in self.operation_ids:
                yield "an operationId is not unique"
            self.operation_ids.add(operation_id)
        if "responses" in operation:
            for response in self.deref(operation["responses"]).values():
                response = self.deref(response)
                if not isinstance(response, dict):
                    raise _Unsure("a response that is not an object")
                if "content" in response:
                    for media in self.deref(response["content"]).values():
                        media = self.deref(media)
                        if "schema" in media:
                            yield from self.schema(media["schema"])
        names: list[str] = []
        if "parameters" in operation:
            own = self.deref(operation["parameters"])
            yield from self.parameters(own)
            names += self.path_names(own)
        if shared is not None:
            names += self.path_names(shared)
        try:
            in_url = {field for _, field, _, _ in string.Formatter().parse(url) if field}
        except ValueError:
            raise _Unsure("a path template the validator cannot parse") from None
        if in_url != set(names):
            yield "path parameters do not match the path template"

    def path_names(self, parameters: list[Any]) -> list[str]:
        return [p["name"] for p in map(self.deref, parameters) if p.get("in") == "path"]

    def parameters(self, parameters: list[Any]) -> Iterator[str]:
        seen = set()
        for parameter in map(self.deref, parameters):
            if "schema" in parameter:
                yield from self.schema(parameter["schema"])
            key = (parameter["name"], parameter["in"])
            if key in seen:
                yield "a duplicate parameter"
            seen.add(key)

    def schema(self, node: Any, require_properties: bool = True, meta_checked: bool = False) -> Iterator[str]:
        value = self.deref(node)
        if not isinstance(value, (dict, bool)):
            yield "a schema is neither an object nor a boolean"
            return
        if not meta_checked and id(value) not in self.meta_checked:
            self.meta_checked.add(id(value))
            yield from self.meta_check(value)
        if id(value) in self.visited or isinstance(value, bool):
            return
        self.visited.add(id(value))
        nested: set[str] = set()
        for keyword in ("allOf", "anyOf", "oneOf"):
            for inner in self.deref(value.get(keyword, [])):
                yield from self.schema(inner, False, True)
                if keyword == "allOf":
                    nested |= self.properties_of(inner, 0)
        for keyword in ("not", "items"):
            if keyword in value:
                yield from self.schema(value[keyword], False, True)
        for inner in self.deref(value.get("properties", {})).values():
            yield from self.schema(inner, False, True)
        if "allOf" in value and require_properties:
            required = self.deref(value.get("required")) or []
            if set(required) - set(self.deref(value.get("properties", {}))) - nested:
                yield "a required property is defined nowhere in allOf"
        if "default" in value:
            default = value["default"]
            if default is not None or value.get("nullable") is not True:
                self.check_default(value, default, 0)

    def meta_check(self, value: Any) -> Iterator[str]:
        if isinstance(value, dict) and "$schema" in value:
            raise _Unsure("a schema names its own dialect")
        problem = _meta_problem(self.meta, value)
        if problem is not None:
            yield problem

    def properties_of(self, node: Any, depth: int) -> set[str]:
        """Every property name reachable through properties, allOf/anyOf/oneOf, items and not."""
        value = self.deref(node)
        if not isinstance(value, dict) or depth > 50:
            return set()
        found = set(self.deref(value.get("properties", {})))
        for keyword in ("allOf", "anyOf", "oneOf"):
            for inner in self.deref(value.get(keyword, [])):
                found |= self.properties_of(inner, depth + 1)
        for keyword in ("items", "not"):
            if keyword in value:
                found |= self.properties_of(value[keyword], depth + 1)
        return found

    def check_default(self, schema: Any, value: Any, depth: int) -> None:
        """Raise _Unsure unless `value` surely satisfies `schema`: simple shapes only, the rest goes to the validator."""
        schema = self.deref(schema)
        if schema is True or schema == {}:
            return
        if not isinstance(schema, dict) or depth > 20:
            raise _Unsure("a default under a schema this check does not model")
        modelled = {
            "type",
            "nullable",
            "enum",
            "format",
            "items",
            "properties",
            "default",
            "description",
            "title",
            "example",
            "examples",
            "minimum",
            "maximum",
            "minLength",
            "maxLength",
            "readOnly",
            "writeOnly",
            "deprecated",
            "required",
            "additionalProperties",
            "pattern",
            "minItems",
            "maxItems",
        }
        extra = [k for k in schema if k not in modelled and not k.startswith("x-")]
        if extra:
            raise _Unsure(f"a default under {extra[0]!r}")
        if value is None and (schema.get("nullable") is True or "null" in _types(schema)):
            return
        types = _types(schema)
        if types and not any(_is(value, t) for t in types):
            raise _Unsure("a default of another type than its schema")
        if "enum" in schema and not any(_same(value, option) for option in schema["enum"]):
            raise _Unsure("a default outside its enum")
        fmt = schema.get("format")
        if fmt is not None:
            check = _FORMAT_CHECKS.get(fmt)
            if check is None or not check(value):
                raise _Unsure(f"a default with format {fmt!r}")
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if number and (value < schema.get("minimum", value) or value > schema.get("maximum", value)):
            raise _Unsure("a default out of range")
        if isinstance(value, str):
            if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", len(value)):
                raise _Unsure("a default of the wrong length")
            if "pattern" in schema and not _matches(schema["pattern"], value):
                raise _Unsure("a default its pattern may not match")
        if isinstance(value, list):
            if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", len(value)):
                raise _Unsure("a default with the wrong number of items")
            if "items" in schema:
                for item in value:
                    self.check_default(schema["items"], item, depth + 1)
        if isinstance(value, dict):
            if set(schema.get("required", [])) - set(value):
                raise _Unsure("a default missing a required property")
            properties = self.deref(schema.get("properties", {}))
            for key, item in value.items():
                if key in properties:
                    self.check_default(properties[key], item, depth + 1)
                elif schema.get("additionalProperties", True) is not True:
                    raise _Unsure("a default with a property its schema may not allow")


def _meta_problem(meta: Any, value: Any) -> str | None:
    """What openapi-spec-validator's metaschema check of one Schema Object would object to, if anything: the
    dialect's metaschema, and (its format "regex") every pattern compiled by Python's `re`."""
    if not meta.is_valid(value):
        return "a schema is invalid against its dialect's metaschema"
    for pattern in _patterns(value):
        try:
            re.compile(pattern)
        except (re.error, TypeError):
            return "a pattern is not a regular expression"
    return None


def surely_meta_valid(value: Any, oas31: bool) -> bool:
    """True when openapi-spec-validator's check of this one Schema Object against its dialect's metaschema
    surely passes: the check `precheck` makes of every schema, for a schema that keeps the document's
    default dialect. False means "ask the validator" (jsonschema-rs missing, a `$schema` of its own, or a
    problem found). Lets the validator skip its slowest step, a Python metaschema run per schema (most of
    its seconds on openai.yaml), for the schemas that have nothing to report, while it keeps judging the rest."""
    if not isinstance(value, dict) or "$schema" in value:
        return False
    try:
        return _meta_problem(_schema_meta_validator(oas31), value) is None  # the validator is built once (cached)
    except (ImportError, _Unsure, RecursionError, ValueError, TypeError):
        return False


def _types(schema: dict[str, Any]) -> list[str]:
    declared = schema.get("type")
    return [declared] if isinstance(declared, str) else list(declared or [])


def _is(value: Any, json_type: str) -> bool:
    if json_type == "null":
        return value is None
    if isinstance(value, bool) and json_type != "boolean":
        return False
    if json_type == "integer" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, _JSON_TYPES.get(json_type, ()))


def _matches(pattern: Any, value: str) -> bool:
    try:
        return isinstance(pattern, str) and re.search(pattern, value) is not None
    except re.error:
        return False


def _same(value: Any, option: Any) -> bool:
    """JSON equality: 1 == 1.0, but True is not 1."""
    if isinstance(value, bool) or isinstance(option, bool):
        return type(value) is type(option) and value == option
    return bool(value == option)


def _patterns(schema: Any) -> Iterator[Any]:
    """The `pattern` keywords of one Schema Object and the schemas nested in it (the metaschema checks them by format)."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                yield node["pattern"]
            stack.extend(
                v for k, v in node.items() if k not in ("example", "examples", "default", "enum", "const") and isinstance(v, (dict, list))
            )
        elif isinstance(node, list):
            stack.extend(node)
