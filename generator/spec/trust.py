"""Keywords a spec must not use to steer the generator outside the document: strip or refuse them.

A spec is untrusted input. JSON Schema 2019-09/2020-12 keywords that change how references resolve
(`$dynamicRef`, `$recursiveRef`, `$id`, `$schema`, ...) would make a resolver read files or fetch URLs,
and datamodel-code-generator honours keywords that pick Python code (`customTypePath`, `customBasePath`,
`x-python-type`, `x-python-import`, ...): a module the spec names would be imported whenever the
generated package is. This pass runs before anything else looks at the document:

- a non-local `$dynamicRef`/`$recursiveRef` is an error (`ref.remote`), exactly like a remote `$ref`;
- every other resolution keyword is dropped with a warning (`spec.unsupported-keyword`): the generator
  resolves local `$ref`s only, so dropping them changes nothing it would have honoured safely;
- every code-picking keyword is dropped with a warning (`spec.unsafe-keyword`), unless the user opted in
  (`generate --trust-spec-types`) for the few that name a type, which are then kept;
- `x-enum-varnames` (used by our own specs) is kept only when every name is a plain Python identifier.

Keys are only treated as keywords where a schema or OpenAPI object has its keywords: names of properties,
paths, components and the values of `example`/`default`/`enum`/`const` are data and left alone.
"""

from __future__ import annotations

import keyword
from typing import Any

from ..diagnostics import Diagnostics, Severity
from ..load import LoadedDocument, child_pointer, join_pointer

__all__ = ["TYPE_KEYWORDS", "sanitize"]

_REF_LIKE = frozenset({"$dynamicRef", "$recursiveRef"})
_RESOLUTION = frozenset({"$dynamicAnchor", "$recursiveAnchor", "$id", "$anchor", "$schema", "$vocabulary"})
# Keywords datamodel-code-generator 0.89 reads that choose an import, a base class, a type or a field's shape
# in the emitted code (see parser/_schema_object.py and parser/jsonschema.py in its source).
TYPE_KEYWORDS = frozenset({"customTypePath", "customBasePath", "x-python-type", "x-python-import"})
_CODE = TYPE_KEYWORDS | frozenset(
    {
        "x-is-base-class",
        "x-is-classvar",
        "x-python-unserializable",
        "x-python-union-branch",
        "x-python-field-overrides",
    }
)
_CODE_PREFIXES = ("x-python-", "x-datamodel-code-generator-")
# Maps whose keys are names, not keywords.
_NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
        "schemas",
        "paths",
        "responses",
        "parameters",
        "headers",
        "content",
        "securitySchemes",
        "links",
        "callbacks",
        "requestBodies",
        "variables",
        "pathItems",
        "webhooks",
        "encoding",
        "scopes",
        "mapping",
    }
)
# Values that are data (literal JSON), never schema or OpenAPI objects.
_DATA = frozenset({"example", "examples", "default", "enum", "const", "x-source", "x-deviation"})


def sanitize(doc: LoadedDocument, diagnostics: Diagnostics, *, trust_types: bool = False) -> None:
    """Drop (or refuse) every keyword above from `doc.data`, in place, with a located diagnostic for each."""
    data = doc.data
    if isinstance(data, dict) and "jsonSchemaDialect" in data:
        _drop(doc, data, "", "jsonSchemaDialect", diagnostics, "spec.unsupported-keyword", "the dialect is not fetched or honoured")
    _scan(doc, data, "", False, diagnostics, trust_types)


def _scan(doc: LoadedDocument, node: Any, pointer: str, names: bool, diagnostics: Diagnostics, trust: bool) -> None:
    # An explicit stack rather than recursion: the loader caps depth, but this must never be the weak point.
    stack: list[tuple[Any, str, bool]] = [(node, pointer, names)]
    while stack:
        current, where, is_names = stack.pop()
        # Only mappings and lists go on the stack: a scalar holds no keyword.
        if isinstance(current, list):
            stack.extend((item, f"{where}/{i}", False) for i, item in enumerate(current) if isinstance(item, (dict, list)))
            continue
        if not isinstance(current, dict):
            continue
        if not is_names:
            for key in [k for k in current if isinstance(k, str) and (k in _KEYWORDS or k.startswith(_CODE_PREFIXES))]:
                _keyword(doc, current, where, key, diagnostics, trust)
        for key, value in current.items():
            if not isinstance(value, (dict, list)) or (not is_names and key in _DATA):
                continue
            stack.append((value, child_pointer(where, key), (not is_names) and key in _NAME_MAPS))


# The keys `_keyword` acts on (besides those starting with one of _CODE_PREFIXES).
_KEYWORDS = _REF_LIKE | _RESOLUTION | _CODE | {"discriminator", "x-enum-varnames"}


def _keyword(doc: LoadedDocument, node: dict[str, Any], where: str, key: str, diagnostics: Diagnostics, trust: bool) -> None:
    if key in _REF_LIKE:
        value = node[key]
        if not isinstance(value, str) or not value.startswith("#"):
            diagnostics.add(
                doc.diagnostic(
                    join_pointer(where, key), "ref.remote", f"{key} {value!r} is not followed: only local references are resolved"
                )
            )
            return
        _drop(
            doc, node, where, key, diagnostics, "spec.unsupported-keyword", "dynamic references are not resolved; the node is left untyped"
        )
    elif key == "discriminator" and isinstance(node[key], dict) and isinstance(node[key].get("mapping"), dict):
        for name, target in node[key]["mapping"].items():
            if isinstance(target, str) and _remote_mapping(target):
                where_map = join_pointer(where, key, "mapping", name)
                diagnostics.add(
                    doc.diagnostic(
                        where_map, "ref.remote", f"discriminator mapping {target!r} is not followed: only local references are resolved"
                    )
                )
    elif key in _RESOLUTION:
        _drop(doc, node, where, key, diagnostics, "spec.unsupported-keyword", "it would change how references resolve")
    elif key in _CODE or key.startswith(_CODE_PREFIXES):
        if trust and key in TYPE_KEYWORDS:
            return
        why = "it picks Python code for the generated models" + ("; pass --trust-spec-types to keep it" if key in TYPE_KEYWORDS else "")
        _drop(doc, node, where, key, diagnostics, "spec.unsafe-keyword", why)
    elif key == "x-enum-varnames":
        names = node[key]
        if not isinstance(names, list) or not all(isinstance(n, str) and n.isidentifier() and not keyword.iskeyword(n) for n in names):
            _drop(doc, node, where, key, diagnostics, "spec.unsafe-keyword", "every name must be a plain Python identifier")


def _remote_mapping(target: str) -> bool:
    """A mapping value is a local reference (`#/...`) or a schema name; anything like a URL or a file is remote."""
    if target.startswith("#"):
        return False
    return "://" in target or "/" in target or "#" in target or target.endswith((".json", ".yaml", ".yml"))


def _drop(doc: LoadedDocument, node: dict[str, Any], where: str, key: str, diagnostics: Diagnostics, code: str, why: str) -> None:
    node.pop(key, None)
    diagnostics.add(doc.diagnostic(join_pointer(where, key), code, f"{key} is ignored: {why}", Severity.WARNING))
