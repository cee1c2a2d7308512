"""Pydantic v2 models written straight from the prepared `components/schemas`, without datamodel-code-generator.

The input is what `models._prepare` hands datamodel-code-generator (wire types already chosen, discriminators
narrowed, lenient formats dropped), and the output is the module that tool writes for it with our pinned options:
the same class names, field names, aliases, types, defaults and constraints. It is several times faster because
it does one pass over plain dicts where the tool builds and re-resolves a full object graph.

Inline enums, objects and constrained array items become classes named as the tool names them: after the field
(the singular for items, the component for a union's members), numbered past every name already taken, in
document order; a class written exactly like an earlier one of the same unnumbered name is then merged into it
(`_Module.inline_class`, `_Module.merge`).

Unions follow the tool too: a `{type: 'null'}` member makes the union nullable, a constrained plain member becomes
a root model class (`PartialImages1`) carrying the union's documentation, and a union of references with a
`discriminator` (and at most a one-to-one `mapping`) gets `Field(discriminator=...)` while each member's property is
its `Literal` (`_Module.discriminated`). A base model with a discriminator of its own stands, where it is referred
to, for the union of its direct subclasses (`_Module.find_polymorphic`).

Names follow the tool's rules, non-ASCII letters included where its Unicode tables agree with the running Python's
(`_stable_character`: `Straße`, `descrição`), and constraints are written only for the types the tool writes them
for (`_written_constraints`).

Compositions the tool expands into classes of its own are written the same way: required-set unions (one model
per `required` list, `required_union`), inline `allOf` members of a union (subclasses, `subclass_member`), an
`allOf` of a union and a properties part (one mixin, one subclass per member, `union_product`), and a union
reference made nullable through `allOf` (`nullable_union`). When an inline class takes the name of a later
component nothing has referenced yet, that component is renamed as the tool renames it (`_Module.taken`).

OpenAPI 3.1 type lists are read as the tool reads them: an enum typed with a list is an untyped enum, its null
unread (`_untyped_enum`); a list naming null makes a component admit null and a root take no default, but a wire
type drops it (kept only on a part's property another part or the allOf's side requires, `inherit`).

Anything outside the shapes handled here raises `Unsupported` with the JSON pointer and the reason; the caller
then runs datamodel-code-generator for that spec (never a guess). The differential test
(`tests/unit/test_emit_models.py`) holds both writers to the same classes and the same accepted instances.
"""

from __future__ import annotations

import functools
import keyword
import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any, NamedTuple

__all__ = ["Unsupported", "emit_models"]


def _literal(value: Any, where: str) -> str:
    """repr() is Python source for every JSON value but NaN and infinities (`nan`, `inf`): those go to the tool."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            raise Unsupported(f"{where}: a non-finite number ({item!r})")
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return repr(value)


class Unsupported(Exception):
    """A schema shape the emitter does not write; the message names where and what."""


_PYDANTIC_ATTRIBUTES = frozenset(
    {
        "construct", "copy", "dict", "from_orm", "json", "model_computed_fields", "model_config", "model_construct",
        "model_copy", "model_dump", "model_dump_json", "model_extra", "model_fields", "model_fields_set",
        "model_json_schema", "model_parametrized_name", "model_post_init", "model_rebuild", "model_validate",
        "model_validate_json", "model_validate_strings", "mro", "parse_file", "parse_obj", "parse_raw", "register",
        "schema", "schema_json", "update_forward_refs", "validate", "_setattr_handler",
    }
)  # fmt: skip
_ENUM_RESERVED = {"str": frozenset(dir(str)), "int": frozenset(dir(int)), "float": frozenset(dir(float))}
_UNDER_SCORE_1 = re.compile(r"([^_])([A-Z][a-z]+)")
_UNDER_SCORE_2 = re.compile(r"([a-z0-9])([A-Z])")
_NON_WORD = re.compile(r"\W")
_CONSTRAINTS = {
    "exclusiveMinimum": "gt",
    "minimum": "ge",
    "exclusiveMaximum": "lt",
    "maximum": "le",
    "multipleOf": "multiple_of",
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "minItems": "min_length",
    "maxItems": "max_length",
}
# Keywords whose meaning the emitter does not write: a schema using one goes to datamodel-code-generator.
# Every other keyword is either handled below or carries no validation meaning for it (documentation, our
# extensions, keys a spec misspelled).
_REFUSED = frozenset(
    {
        "not", "patternProperties", "if", "then", "else", "prefixItems", "uniqueItems", "$defs", "definitions", "dependentRequired", "dependentSchemas", "contains", "minContains",
        "maxContains", "unevaluatedProperties", "unevaluatedItems", "contentEncoding", "contentMediaType",
        "$id", "customBasePath", "x-python-type", "x-python-import", "$anchor", "$dynamicRef", "$recursiveRef",
    }
)  # fmt: skip
_STRING_FORMATS = {
    "date": ("__DATE__", "from datetime import date"),
    "uuid": ("UUID", "from uuid import UUID"),
    "decimal": ("Decimal", "from decimal import Decimal"),
    "binary": ("bytes", ""),
    "byte": ("Base64Str", "pydantic"),
    "password": ("SecretStr", "pydantic"),
}
_NUMERIC = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"})
_LENGTHS = frozenset({"minLength", "maxLength", "minItems", "maxItems"})
_ALL_CONSTRAINTS = frozenset(_CONSTRAINTS)


def _written_constraints(node: dict[str, Any]) -> frozenset[str]:
    """The constraint keywords the tool writes for a schema's type; it leaves out the rest (a `maxLength` on an
    integer, a `pattern` on a date or an array, anything on a boolean or a free-form object). A wire type keeps
    them all, as does a schema whose kind only its composition tells (a union)."""
    types = node.get("type")
    kind = next((t for t in types if t != "null"), None) if isinstance(types, list) else types
    if "customTypePath" in node or (kind is None and any(k in node for k in ("oneOf", "anyOf", "allOf", "$ref", "enum", "const"))):
        return _ALL_CONSTRAINTS
    if kind == "string":
        fmt = node.get("format")
        if fmt in ("date", "uuid"):
            return frozenset()
        if fmt == "decimal":
            return _NUMERIC
        return _LENGTHS if fmt == "password" else _LENGTHS | {"pattern"}
    if kind in ("integer", "number"):
        return _NUMERIC
    if kind == "array" or (kind is None and "items" in node):
        return _LENGTHS
    return frozenset()


_ASCII_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class _Name:
    """A component name written as the class name: an ASCII identifier (the pipeline hands over PascalCase), or
    PascalCase with `_stable_character` letters (`Endereço`, `Größe`), which the tool keeps as it is too."""

    @staticmethod
    def match(name: str) -> bool:
        if _ASCII_NAME.match(name):
            return True
        return name[:1].isupper() and name.isalnum() and name.isidentifier() and all(_stable_character(c) for c in name)


_NAME = _Name()


_WORD = re.compile(r"\w")
_SUPERSCRIPT_DIGITS = "\u00b9\u00b2\u00b3"


def _stable_character(character: str) -> bool:
    """Whether the tool names with a non-ASCII character as Python 3.11's `str` methods do, on every Python it targets.

    The tool reads identifier characters, `\\w`, case and NFKC by the Unicode tables of the target (3.10), and writes
    a name Python would normalize through an ASCII fallback. The Latin-1 and Latin Extended-A letters (`ß`, `ä`,
    `ç`, `ł`) that NFKC keeps are alike in every table, as are the punctuation there and in General Punctuation
    (`°`, `–`, `’`) and the euro sign, which become `_`; anything else (`ª`, `µ`, superscripts, other scripts) goes to
    the tool."""
    code = ord(character)
    if code < 0x80:
        return True
    if not (0xA0 <= code < 0x180 or 0x2010 <= code <= 0x205E or code == 0x20AC) or character in _SUPERSCRIPT_DIGITS:
        return False
    if _WORD.match(character) is None:
        return True
    # A letter whose case mapping leaves the range (`İ`.lower() adds a combining dot) is not taken, nor one without
    # case (`ĸ`): a field named with it can equal its class name, which the tool then renames.
    cased = character.lower() + character.upper()
    return (
        character.isalpha()
        and character.lower() != character.upper()
        and unicodedata.normalize("NFKC", character) == character
        and all(c.isascii() or 0xC0 <= ord(c) < 0x180 for c in cased)
    )


def _check_letters(name: str) -> None:
    """Decline a name holding a character whose naming this module does not reproduce (see `_stable_character`)."""
    if not name.isascii() and not all(_stable_character(c) for c in name):
        raise Unsupported(f"non-ASCII name {name!r}")


def _camel_to_snake(text: str) -> str:
    return _UNDER_SCORE_2.sub(r"\1_\2", _UNDER_SCORE_1.sub(r"\1_\2", text)).lower()


def _valid_name(name: str, excludes: set[str], *, enum_base: str | None = None) -> str:
    """datamodel-code-generator's name rule for a field (snake_case) or, with `enum_base`, an enum member (UPPER)."""
    _check_letters(name)
    if enum_base is not None and name == "mro":
        name = "mro_"
    if not name:
        name = "_"
    if name[0] == "#":
        name = name[1:] or "_"
    name = _NON_WORD.sub("_", name)
    if name[0].isnumeric():
        name = f"field_{name}"
    if name.startswith("_"):
        name = f"field{name}"
    name = _camel_to_snake(name)
    reserved = _ENUM_RESERVED[enum_base] | {"mro"} if enum_base is not None else _PYDANTIC_ATTRIBUTES
    checked = name.upper() if enum_base is not None else name
    if keyword.iskeyword(checked) or checked in reserved:
        name += "_"
    new = name.upper() if enum_base is not None else name
    count = 1
    while not new.isidentifier() or keyword.iskeyword(new) or new in excludes or new in reserved:
        new = f"{name}_{count}"  # the tool does not upper-case a numbered enum member (`A-B` after `a b`: `a_b_1`)
        count += 1
    return new


@functools.cache
def _singular(name: str, suffix: str = "Item") -> str:
    """The item class name datamodel-code-generator gives a plural (`ErrorPairs` -> `ErrorPair`, `Data` -> `Datum`,
    `ProductBulkUpdate` -> `ProductBulkUpdateItem`).

    The common regular plural is read here; anything else asks the tool's own rule (inflect's `singular_noun`,
    whose answers no short rule reproduces: `Analysis` -> `Analysi`), loaded only then."""
    if len(name) > 2 and name.endswith("s") and name[-2] in "bdfgklmnprt":
        return name[:-1]
    singular = _inflect_engine().singular_noun(name)
    return singular if isinstance(singular, str) else f"{name}{suffix}"


_PRIVATE_INFLECT = "_generator_private_inflect"


@functools.cache
def _inflect_engine() -> Any:
    """inflect's engine, loaded as datamodel-code-generator loads it: from inflect's own bytecode under a private
    module name, with typeguard's `@typechecked` a no-op. A plain `import inflect` instruments every decorated
    function (1.4 s); going through datamodel-code-generator's loader imports its reference module (0.09 s)."""
    import builtins
    import copy
    import importlib.util
    import sys
    import types

    found = importlib.util.find_spec("inflect")
    get_code = getattr(found.loader, "get_code", None) if found is not None else None
    if found is None or get_code is None:
        import inflect  # an unusual install: the instrumented import is slower, never different

        return inflect.engine()
    private = copy.copy(found)
    private.name = _PRIVATE_INFLECT  # before the module is made: its __package__ (for relative imports) comes from it
    module = importlib.util.module_from_spec(private)
    typeguard = types.ModuleType("typeguard")
    typeguard.__dict__["typechecked"] = lambda target=None, **_: target if target is not None else (lambda wrapped: wrapped)
    real_import = builtins.__import__

    def load(name: str, *args: Any, **kwargs: Any) -> Any:
        return typeguard if name == "typeguard" else real_import(name, *args, **kwargs)

    module.__dict__["__builtins__"] = {**vars(builtins), "__import__": load}
    sys.modules[_PRIVATE_INFLECT] = module  # its `from ._types import Word` resolves against this name
    exec(get_code("inflect"), module.__dict__)
    return module.engine()


def _class_name(name: str) -> str:
    """The tool's class name for a property's inline model: `entity_type` -> `EntityType`, `isActive` -> `IsActive`."""
    _check_letters(name)
    name = _NON_WORD.sub("_", name or "_")
    if name[0].isnumeric():
        name = f"field_{name}"
    if name.startswith("_"):
        name = f"field{name}"
    if keyword.iskeyword(name):
        name += "_"
    camel = "".join(part[0].upper() + part[1:] for part in name.split("_") if part)
    if not camel.isidentifier() or keyword.iskeyword(camel):
        raise Unsupported(f"class name for {name!r}")
    return camel


def _object_like(member: Any) -> bool:
    """A union member that is an object model (a reference or inline properties), so `type: object` adds nothing."""
    return isinstance(member, dict) and ("$ref" in member or "properties" in member)


_DOCUMENTATION = ("description", "title")


def _lone_value_part(schema: dict[str, Any]) -> bool:
    """`allOf: [{type: array, ...}]` alone: one inline part that declares no object, with at most a description and a
    title beside it (which the tool writes on the root over the part's own, `_DOCUMENTATION`)."""
    parts = schema["allOf"]
    if (
        any(not k.startswith("x-") and k not in _DOCUMENTATION for k in schema if k != "allOf")
        or not isinstance(parts, list)
        or len(parts) != 1
    ):
        return False
    part = parts[0]
    composite = ("$ref", "properties", "allOf", "oneOf", "anyOf", "enum", "additionalProperties")
    return (
        isinstance(part, dict) and part.get("type") in ("array", "string", "integer", "boolean") and not any(k in part for k in composite)
    )


def _constrained_member(member: Any) -> bool:
    """A plain value union member with a constraint (a custom wire type too): the tool makes it a root model."""
    composite = ("$ref", "enum", "const", "properties", "oneOf", "anyOf", "allOf")
    return isinstance(member, dict) and not any(k in member for k in composite) and any(k in member for k in _CONSTRAINTS)


def _listed_null(schema: Any) -> bool:
    """A schema whose type is a list naming null (`type: [string, 'null']`, OpenAPI 3.1)."""
    return isinstance(schema, dict) and isinstance(schema.get("type"), list) and "null" in schema["type"]


def _admits_null(schema: Any) -> bool:
    """A component that takes null: `nullable`, a type list naming null (an enum's excepted, `_untyped_enum`), or a
    union with a null member (a field naming it is `X | None`)."""
    if not isinstance(schema, dict):
        return False
    if schema.get("nullable") is True or _listed_null(schema):
        return True
    members = schema.get("anyOf", schema.get("oneOf"))
    return "enum" not in schema and isinstance(members, list) and any(_null_member(m) for m in members)


def _plain(schema: dict[str, Any]) -> bool:
    """A component of a plain value type, without composition: its root model takes no list default here."""
    return schema.get("type") in ("string", "integer", "number", "boolean", "array") and not any(
        k in schema for k in ("oneOf", "anyOf", "allOf", "properties")
    )


def _union_value(member: Any) -> bool:
    """A string enum member of a union typed `object`: the tool writes it as it is, the `type` beside it unread."""
    return isinstance(member, dict) and member.get("type") == "string" and isinstance(member.get("enum"), list)


def _simple_union(node: dict[str, Any]) -> bool:
    """A union of references and unconstrained plain values, with nothing else beside it."""
    members = node.get("oneOf", node.get("anyOf"))
    if ("oneOf" in node) == ("anyOf" in node) or not isinstance(members, list) or not members:
        return False
    if any(k not in ("oneOf", "anyOf", "description", "title") and not k.startswith("x-") for k in node):
        return False
    plain = ("type", "description", "title")
    return all(
        isinstance(m, dict)
        and (
            _plain_ref(m)
            or _null_member(m)
            or (m.get("type") in ("string", "integer", "boolean") and all(k in plain or k.startswith("x-") for k in m))
            or _wire_member(m)
        )
        for m in members
    )


def _wire_member(member: dict[str, Any]) -> bool:
    """A number member typed with one of the runtime's wire types (`models._lossless`): no class is made for it."""
    return (
        member.get("type") == "number"
        and isinstance(member.get("customTypePath"), str)
        and all(k in ("type", "customTypePath", "description", "title") or k.startswith("x-") for k in member)
    )


def _lone_ref_part(member: dict[str, Any]) -> bool:
    """`allOf: [{$ref: X}]` with at most a description (which the tool does not write): a single reference spelled
    as a composition."""
    parts = member.get("allOf")
    return (
        all(k in ("allOf", "description") or k.startswith("x-") for k in member)
        and isinstance(parts, list)
        and len(parts) == 1
        and isinstance(parts[0], dict)
        and _plain_ref(parts[0])
    )


def _plain_ref(member: dict[str, Any]) -> bool:
    """A union member that is a reference, with at most documentation beside it (which the tool does not write)."""
    return isinstance(member.get("$ref"), str) and all(
        k in ("$ref", "title", "description", "deprecated") or k.startswith("x-") for k in member
    )


def _discriminated(node: Any) -> str | None:
    """The property a union of references is discriminated by (`discriminator: {propertyName: type}`, with at most a
    `mapping` of values to members); None for anything else, which the emitter does not write as a discriminated
    union."""
    if not isinstance(node, dict) or not isinstance(node.get("discriminator"), dict) or ("oneOf" in node) == ("anyOf" in node):
        return None
    prop = node["discriminator"].get("propertyName")
    members = node.get("oneOf", node.get("anyOf"))
    if (
        not set(node["discriminator"]) <= {"propertyName", "mapping"}
        or not isinstance(prop, str)
        or not isinstance(members, list)
        or not members
    ):
        return None
    mapping = node["discriminator"].get("mapping", {})
    if not isinstance(mapping, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
        return None
    if not all(isinstance(m, dict) and (_plain_ref(m) or _union_ref(m) or _subclass_member(m)) for m in members):
        return None
    return prop


def _subclass_member(member: dict[str, Any]) -> bool:
    """An inline union member `allOf: [{$ref: Base}, {properties: ...}]`: the tool writes it as a subclass of the base
    named after the union (`ResponsesServerEvent1(ResponseAudioDeltaEvent)`)."""
    parts = member.get("allOf")
    return (
        all(k in ("allOf", "title", "description") or k.startswith("x-") for k in member)
        and isinstance(parts, list)
        and len(parts) == 2
        and isinstance(parts[0], dict)
        and _plain_ref(parts[0])
        and isinstance(parts[1], dict)
        and "$ref" not in parts[1]
        and isinstance(parts[1].get("properties"), dict)
    )


def _union_ref(member: dict[str, Any]) -> bool:
    """A union member referencing a component with `type: object` beside the reference: the tool merges the two, so
    when the component is a union of references its members are listed in place (`_Module.flat_refs`)."""
    return (
        isinstance(member.get("$ref"), str)
        and member.get("type") == "object"
        and all(k in ("$ref", "type", "title", "description") or k.startswith("x-") for k in member)
    )


def _union_with_part(schema: dict[str, Any]) -> bool:
    """`allOf: [{anyOf: [refs]}, {type: object, properties}]`: every member extended by the same properties."""
    parts = schema["allOf"]
    if any(not k.startswith("x-") for k in schema if k != "allOf") or not isinstance(parts, list) or len(parts) != 2:
        return False
    union, part = parts
    members = union.get("anyOf", union.get("oneOf")) if isinstance(union, dict) else None
    return (
        isinstance(union, dict)
        and len(union) == 1
        and isinstance(members, list)
        and all(isinstance(m, dict) and _plain_ref(m) for m in members)
        and isinstance(part, dict)
        and part.get("type") == "object"
        and set(part) == {"type", "properties"}
    )


def _required_only(node: Any) -> bool:
    """`{required: [names]}` and nothing else: a union member or `not` that only says which properties must be there."""
    return isinstance(node, dict) and set(node) == {"required"} and isinstance(node["required"], list) and bool(node["required"])


def _required_sets(schema: dict[str, Any]) -> bool:
    """An object whose `anyOf`/`oneOf` only lists required-sets (`anyOf: [{required: [a]}, {required: [b]}]`), with at
    most a `not` of the same kind: the tool writes one model per set and ignores the `not`."""
    members = schema.get("anyOf", schema.get("oneOf"))
    return (
        ("anyOf" in schema) != ("oneOf" in schema)
        and isinstance(schema.get("properties"), dict)
        and schema.get("type", "object") == "object"
        and isinstance(members, list)
        and bool(members)
        and all(_required_only(m) for m in members)
        and ("not" not in schema or _required_only(schema["not"]))
        and not any(k in schema for k in ("allOf", "enum", "discriminator", "nullable"))
    )


def _discriminated_objects(node: dict[str, Any]) -> bool:
    """A union of inline object models with a `discriminator` (no mapping)."""
    members = node.get("oneOf", node.get("anyOf"))
    discriminator = node.get("discriminator")
    return (
        ("oneOf" in node) != ("anyOf" in node)
        and isinstance(discriminator, dict)
        and set(discriminator) == {"propertyName"}
        and isinstance(members, list)
        and bool(members)
        and all(isinstance(m, dict) and "$ref" not in m and m.get("type", "object") == "object" and "properties" in m for m in members)
    )


def _nullable_ref(schema: dict[str, Any]) -> bool:
    """`allOf: [{$ref: X}, {nullable: true}]` and nothing else."""
    parts = schema["allOf"]
    return (
        all(k == "allOf" or k.startswith("x-") for k in schema)
        and isinstance(parts, list)
        and len(parts) == 2
        and isinstance(parts[0], dict)
        and set(parts[0]) == {"$ref"}
        and parts[1] == {"nullable": True}
    )


def _string_enum_member(member: Any) -> bool:
    """A union member that is a string enum, with at most a description beside it."""
    return (
        isinstance(member, dict)
        and member.get("type") == "string"
        and isinstance(member.get("enum"), list)
        and all(isinstance(v, str) for v in member["enum"])
        and all(k in ("type", "enum", "description") or k.startswith("x-") for k in member)
    )


def _any_discriminated(node: dict[str, Any]) -> bool:
    """A discriminated union of references with an empty-schema member (`{}`, anything): the tool drops the
    discriminator (no member's property becomes a Literal) and writes the union with `Any` among its members."""
    members = node.get("oneOf", node.get("anyOf"))
    if ("oneOf" in node) == ("anyOf" in node) or not isinstance(members, list) or {} not in members:
        return False
    discriminator = node.get("discriminator")
    return (
        isinstance(discriminator, dict)
        and set(discriminator) == {"propertyName"}
        and isinstance(discriminator["propertyName"], str)
        and all(m == {} or (isinstance(m, dict) and _plain_ref(m)) for m in members)
    )


_MAP_KEYWORDS = ("propertyNames", "maxProperties", "minProperties")
_MAP_BOUNDS = {"maxProperties": "max_length", "minProperties": "min_length"}


def _map(node: dict[str, Any]) -> bool:
    """A map (`type: object` with schema'd values and no properties): the only place the emitter writes the
    map keywords (key names, entry counts), as the tool does."""
    extra = node.get("additionalProperties")
    return node.get("type") == "object" and isinstance(extra, dict) and bool(extra) and "properties" not in node


def _bounded_object(node: dict[str, Any]) -> bool:
    """A free-form object (`type: object`, no properties, any values) with an entry count: the tool writes it as a
    map of anything, the count on the field or on the root (`Field(min_length=1)`), a component as a root model."""
    return (
        node.get("type") == "object"
        and node.get("additionalProperties", True) in (True, {})
        and "propertyNames" not in node
        and any(k in node for k in _MAP_BOUNDS)
        and not any(k in node for k in ("properties", "items", "oneOf", "anyOf", "allOf", "enum", "const", "$ref", "customTypePath"))
    )


def _counted_model(node: dict[str, Any]) -> bool:
    """An object model (its own properties, no composition) with an entry count: the tool writes the class without
    the count (`minProperties: 1` on a model is not checked)."""
    return (
        isinstance(node.get("properties"), dict)
        and node.get("type", "object") == "object"
        and "propertyNames" not in node
        and not any(k in node for k in ("items", "oneOf", "anyOf", "allOf", "enum", "const", "$ref"))
    )


def _value_union(node: dict[str, Any]) -> bool:
    """A union of plain values, wire numbers and references: its constrained members are root model classes named
    after the map that holds it; anything richer (inline objects, enums) the emitter does not name there."""
    members = node.get("oneOf", node.get("anyOf"))
    if ("oneOf" in node) == ("anyOf" in node) or not isinstance(members, list):
        return False
    return all(
        isinstance(m, dict)
        and (_constrained_member(m) or _null_member(m) or _plain_ref(m) or _wire_member(m) or _simple_union({"anyOf": [m]}))
        for m in members
    )


_PROPERTY_AT = re.compile(r"/properties/[^/]+$")


def _null_member(member: Any) -> bool:
    """A union member that admits null only (`{type: 'null'}`): the union is nullable, the member is no type."""
    return (
        isinstance(member, dict)
        and member.get("type") in ("null", ["null"])
        and all(k in ("type", "description", "title") or k.startswith("x-") for k in member)
    )


def _string_const(node: dict[str, Any]) -> bool:
    """`const: "v"` on a plain string: the tool types it `Literal['v']`."""
    composite = ("enum", "properties", "oneOf", "anyOf", "allOf", "items")
    return isinstance(node.get("const"), str) and node.get("type", "string") == "string" and not any(k in node for k in composite)


def _constrained_value(node: Any) -> bool:
    """A plain value schema with a constraint (`{type: string, pattern: ...}`): an array item like it becomes a
    root model class, where the tool writes field constraints."""
    composite = ("$ref", "enum", "const", "properties", "oneOf", "anyOf", "allOf", "customTypePath")
    return isinstance(node, dict) and not any(k in node for k in composite) and any(k in node for k in _CONSTRAINTS)


def _untyped_enum(node: Any) -> Any:
    """An enum typed with a list (`type: [string, 'null']`, `[integer]`): the tool reads neither the type nor its
    null, so it is written as the same enum without a type (a plain `Enum`, members of other values named by their
    Python type: `INT_1`), and a field of it takes null only as an optional field does. An enum listing null, one
    with `nullable` beside the list, or a list of two value types is left as it is (the emitter declines it)."""
    if (
        isinstance(node, dict)
        and isinstance(node.get("type"), list)
        and isinstance(node.get("enum"), list)
        and None not in node["enum"]
        and "nullable" not in node
        and len([t for t in node["type"] if t != "null"]) <= 1
        and not any(k in node for k in ("$ref", "const", "properties", "items", "oneOf", "anyOf", "allOf"))
    ):
        return {k: v for k, v in node.items() if k != "type"}
    return node


def _plain_enum(schema: dict[str, Any]) -> bool:
    """An enum the tool writes as a plain `Enum` with no value type mixed in: one without a type whose values are
    strings, numbers and booleans (`enum: [0, 1, 2]`, `enum: [true, false]`), or a `boolean` one."""
    values = schema["enum"]
    if "type" not in schema:
        return all(isinstance(v, (str, int, float)) for v in values)
    return schema["type"] == "boolean" and all(isinstance(v, bool) for v in values)


def _value_name(schema: dict[str, Any], value: Any) -> str:
    """The name the tool gives a member whose value is no string: the schema's type, or without one the value's
    Python type, then the value (`integer_1`, `int_0`, `bool_True`, `float_1.5`), made a name like any other."""
    prefix = schema["type"] if isinstance(schema.get("type"), str) else type(value).__name__
    return f"{prefix}_{value}"


def _merged_property(earlier: Any, later: Any, where: str) -> Any:
    """A property two inline `allOf` parts both declare: the tool merges the two schemas key by key, the later part's
    keys winning (`{type: string}` then `{example: b}` is a string with an example). A key both give a nested
    schema or list is merged deeper by rules not modelled here."""
    if earlier is None:
        return later
    if not isinstance(earlier, dict) or not isinstance(later, dict):
        raise Unsupported(f"{where}: declared twice")
    for key in earlier.keys() & later.keys():
        if isinstance(earlier[key], (dict, list)) and earlier[key] != later[key]:
            raise Unsupported(f"{where}: declared twice with different {key!r}")
    return {**earlier, **later}


def _array_with_properties(node: Any) -> bool:
    """`type: array` with `properties` too (nexmo's `messages`), its `items` or none (a list of anything), and no
    composition: a list or an object."""
    return (
        isinstance(node, dict)
        and node.get("type") == "array"
        and isinstance(node.get("items", {}), dict)
        and isinstance(node.get("properties"), dict)
        and not any(k in node for k in ("oneOf", "anyOf", "allOf", "enum", "const"))
    )


_COMPOSITE = ("$ref", "enum", "const", "oneOf", "anyOf", "allOf", "customTypePath", "format", "nullable")


def _plain_string(prop: Any) -> bool:
    """A property that is a plain string (no format, const, enum or nullability): a discriminator declared so takes
    the member's component name as its value."""
    return isinstance(prop, dict) and prop.get("type") == "string" and not any(k in prop for k in _COMPOSITE)


def _base_discriminator(schema: Any) -> bool:
    """A model with a discriminator and no union: a base whose subclasses extend it through `allOf`."""
    return (
        isinstance(schema, dict)
        and isinstance(schema.get("properties"), dict)
        and isinstance(schema.get("discriminator"), dict)
        and isinstance(schema["discriminator"].get("propertyName"), str)
        and set(schema["discriminator"]) <= {"propertyName", "mapping"}
        and not any(k in schema for k in ("oneOf", "anyOf", "allOf", "enum", "const"))
    )


def _component_ref(node: Any) -> str | None:
    """The component a `$ref` node names, or None."""
    ref = node.get("$ref") if isinstance(node, dict) else None
    return ref.removeprefix("#/components/schemas/") if isinstance(ref, str) and ref.startswith("#/components/schemas/") else None


def _references(node: Any, context: str) -> list[tuple[str, dict[str, Any]]]:
    """Every `$ref` node below a schema, with where it stands: `property`, `items`, `additionalProperties`, `allOf`,
    `oneOf`, `anyOf`, `component` (the schema itself) or `other`."""
    found: list[tuple[str, dict[str, Any]]] = []
    stack: list[tuple[str, Any]] = [(context, node)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, list):
            stack.extend((where, v) for v in item)
            continue
        if not isinstance(item, dict):
            continue
        if "$ref" in item:
            found.append((where, item))
        for key, value in item.items():
            if key == "properties" and isinstance(value, dict):
                stack.extend(("property", v) for v in value.values())
            elif key in ("items", "additionalProperties", "allOf", "oneOf", "anyOf"):
                stack.append((key, value))
            else:
                stack.append(("other", value))
    return found


_NESTED = ("$ref", "properties", "items", "additionalProperties", "allOf", "oneOf", "anyOf")
_NOT_INHERITED = frozenset({"nullable", "default", "readOnly", "writeOnly"})


def _check_override(above: Any, prop: Any, where: str) -> None:
    """A property a subclass declares again over a base's: the tool merges the base's schema into it, key by key
    (the base's `description` or `format` stays unless the subclass gives its own; nullability and default do not
    pass down), and nested schemas deeper, into classes of their own. Written here only where the merge is the
    subclass's schema: a lone reference, or plain schemas where the subclass gives every key the base gives."""
    if isinstance(prop, dict) and set(prop) == {"$ref"}:
        return
    if not isinstance(above, dict) or not isinstance(prop, dict) or any(k in above or k in prop for k in _NESTED) or "type" not in above:
        raise Unsupported(f"{where}: declared again over a base's property")  # (an untyped base's, `{}`, stays `Any`)
    missing = [k for k in above if k not in prop and k not in _NOT_INHERITED and not k.startswith("x-")]
    if missing:
        raise Unsupported(f"{where}: declared again without the base's {missing[0]!r}")
    if prop.get("nullable") is True and above.get("nullable") is not True:
        raise Unsupported(f"{where}: made nullable over a base's property")  # the tool keeps it non-null
    if above.get("customTypePath") != prop.get("customTypePath"):
        # The tool keeps a base's wire type on a property declared again as something else (`a: WireNumber`).
        raise Unsupported(f"{where}: declared again over a base's wire type")


def _check_map_value(node: Any, where: str) -> None:
    """A map's values with a constraint (an entry count on free-form values too): the tool names them as a type
    alias of their own (`TagsAdditionalProperty = TypeAliasType(...)`), which this module does not write."""
    if isinstance(node, dict) and (
        any(k in node for k in _CONSTRAINTS) or (any(k in node for k in _MAP_BOUNDS) and (_map(node) or _bounded_object(node)))
    ):
        raise Unsupported(f"{where}: constrained map values")
    _check_nullable_value(node, where)


def _check_nullable_value(node: Any, where: str) -> None:
    """An array's items or a map's values with `nullable: true`: the tool writes the null for a reference, an
    inline object and a plain string, integer or boolean, and drops it for others (an array, an enum, a union of
    references, a wire type, a free-form object); those, and the rest, go to the tool."""
    if not isinstance(node, dict) or node.get("nullable") is not True:
        return
    if "$ref" in node or ("properties" in node and not any(k in node for k in ("oneOf", "anyOf", "allOf", "enum"))):
        return
    composite = ("enum", "const", "customTypePath", "oneOf", "anyOf", "allOf", "items", "additionalProperties")
    if node.get("type") in ("string", "integer", "boolean") and not any(k in node for k in composite) and not _constrained_value(node):
        return
    raise Unsupported(f"{where}: a nullable item or value of this kind")


class _Hint(NamedTuple):
    """What an inline class is named after: a field or class name, in the singular for an array's items."""

    name: str
    singular: bool = False

    def base(self, suffix: str = "Item") -> str:
        """The tool's class name before numbering: `tags` items -> `Tag`, `ProductBulkUpdate` items -> `...Item`
        (`...Enum` for an enum)."""
        name = _class_name(self.name)
        return _singular(name, suffix) if self.singular else name


_MARK = "\x00"  # brackets an inline class's name in written text until duplicates are merged (see `merged`)


def _mark(name: str) -> str:
    return f"{_MARK}{name}{_MARK}"


_MARKED = re.compile(f"{_MARK}([^{_MARK}]+){_MARK}")  # a class name may hold non-ASCII letters (`Größe`)


class _Module:
    def __init__(self, schemas: dict[str, Any], package: str) -> None:
        self.schemas = {name: _untyped_enum(schema) for name, schema in schemas.items()}  # read as the tool reads them
        self.package = package
        self.imports: dict[str, set[str]] = {}
        self.blocks: dict[str, str] = {}
        self.deps: dict[str, set[str]] = {}
        self.members: dict[str, dict[str, str]] = {}
        self.custom_used = False
        self.field_names: set[str] = set()
        self.consumed: set[str] = set()
        self.base_of: dict[str, str] = {}  # inline class -> the name it was numbered from (`Unit3` -> `Unit`)
        self.registered: list[str] = []  # classes in the order the tool registers them, which decides merges
        self.position = {name: i for i, name in enumerate(schemas)}
        self.current = ""  # enum class -> repr(value) -> member name
        # Component -> property -> value, for every discriminated union it is a member of: the tool types the
        # property as the member's `Literal` (`discriminator_line` declares an inherited one again). A union two of
        # whose members share a value is written without its discriminator (its id is in `undiscriminated`).
        self.discriminated: dict[str, dict[str, str]] = {}
        self.undiscriminated: set[int] = set()
        # An inline subclass member's discriminator (by the member's id until its class is named, then by name).
        self.subclass_values: dict[int, dict[str, str]] = {}
        self.inline_discriminated: dict[str, dict[str, str]] = {}
        # A later component whose name an inline class took before anything referenced it is renamed (`P2` -> `P21`);
        # `referenced` holds the components referenced so far while writing (a referenced name is never taken).
        self.renamed: dict[str, str | None] = {}  # None: renamed, the new name not chosen yet
        self.referenced: set[str] = set()
        self.writing = False
        self.composing = False  # writing an allOf component (`taken`)
        stack: list[Any] = list(schemas.values())
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                for key in ("oneOf", "anyOf"):
                    for member in node.get(key) or [] if isinstance(node.get(key), list) else []:
                        if isinstance(member, dict) and _discriminated(member) is not None:
                            if "mapping" in member["discriminator"]:
                                raise Unsupported("a discriminated union with a mapping inside a union")
                            self.undiscriminated.add(id(member))  # flattened into the enclosing union
                prop = _discriminated(node)
                if prop is not None and id(node) not in self.undiscriminated:
                    self.discriminate(node, prop)
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
        # A model with a discriminator of its own (a base its subclasses extend): base -> its direct subclasses, for a
        # base something refers to; an unreferenced one is written as without its discriminator.
        self.polymorphic: dict[str, list[str]] = {}
        self.find_polymorphic()

    def find_polymorphic(self) -> None:
        """The tool writes a reference to a base model with a discriminator (no union of its own) as the union of the
        components extending it directly through `allOf`, in document order (`Dog | Cat`), discriminated on a
        property, and each of them takes the property as the Literal of its value (the mapping's, else its name).
        Referred to nowhere but by its subclasses, the base is a plain model and so are they. References other than
        a property, an array's items or a map's values go to the tool."""
        bases = {name for name, schema in self.schemas.items() if _base_discriminator(schema)}
        if not bases:
            return
        children: dict[str, list[str]] = {base: [] for base in bases}
        uses: dict[str, list[str]] = {base: [] for base in bases}
        for name, schema in self.schemas.items():
            parts = schema.get("allOf") if isinstance(schema, dict) else None
            for part in parts if isinstance(parts, list) else []:
                target = _component_ref(part)
                if target in bases and set(part) == {"$ref"}:
                    children[target].append(name)
            for context, node in _references(schema, "component"):
                target = _component_ref(node)
                if target in bases and not (context == "allOf" and any(node is part for part in parts or [])):
                    uses[target].append(context)
        for base in sorted(bases, key=self.position.__getitem__):
            if not uses[base]:
                continue
            if any(context not in ("property", "items", "additionalProperties") for context in uses[base]) or not children[base]:
                raise Unsupported(f"/components/schemas/{base}: a base with a discriminator referred to so")
            self.polymorphic[base] = children[base]
            prop = self.schemas[base]["discriminator"]["propertyName"]
            self.check_discriminator_name([base, *children[base]], prop)
            mapped = self.mapped(
                {"oneOf": [{"$ref": f"#/components/schemas/{c}"} for c in children[base]], **self.schemas[base]}, children[base], False
            )
            values = [self.discriminator_value(child, prop, mapped.get(child)) for child in children[base]]
            if len(set(values)) < len(values):
                raise Unsupported(f"/components/schemas/{base}: subclasses sharing a discriminator value")
            for child, value in zip(children[base], values, strict=True):
                if self.discriminated.setdefault(child, {}).setdefault(prop, value) != value:
                    raise Unsupported(f"/components/schemas/{child}: two values for discriminator {prop!r}")

    def discriminate(self, union: dict[str, Any], prop: str) -> None:
        """Record each member's value of a discriminated union, or mark the union as written without its discriminator.

        Two members sharing a value drop the discriminator, and then a member whose property is no string const
        (an enum or null, say) is written as it is; otherwise such a member is a shape the emitter declines."""
        members = union["oneOf" if "oneOf" in union else "anyOf"]
        subclasses = [m for m in members if _subclass_member(m)]
        names = self.flat_refs([m for m in members if not _subclass_member(m)], "discriminated union")
        mapped = self.mapped(union, names, bool(subclasses))
        self.check_discriminator_name(names, prop)
        values: list[str | None] = []
        failure: Unsupported | None = None
        for name in names:
            try:
                values.append(self.discriminator_value(name, prop, mapped.get(name)))
            except Unsupported as exc:
                values.append(None)
                failure = failure or exc
        inline = [self.subclass_value(m, prop) for m in subclasses]
        known = [v for v in values + inline if v is not None]
        if len(set(known)) < len(known):
            if subclasses:
                raise Unsupported("a union with inline subclass members and a shared discriminator value")
            self.undiscriminated.add(id(union))
            return
        if failure is not None:
            raise failure
        for member, value in zip(names, values, strict=True):
            if self.discriminated.setdefault(member, {}).setdefault(prop, str(value)) != value:
                raise Unsupported(f"/components/schemas/{member}: two values for discriminator {prop!r}")
        for subclass, value in zip(subclasses, inline, strict=True):
            self.subclass_values[id(subclass)] = {prop: value}

    def mapped(self, union: dict[str, Any], names: list[str], subclasses: bool) -> dict[str, str]:
        """Member -> value, from a discriminator's `mapping` (`{x: '#/components/schemas/A'}` or `{x: A}`): each value
        names one member of the union, at most one value a member (several make the tool write new classes)."""
        mapping = union["discriminator"].get("mapping")
        if mapping is None:
            return {}
        if subclasses or any(isinstance(m, dict) and _union_ref(m) for m in union.get("oneOf", union.get("anyOf")) or []):
            raise Unsupported("a discriminator mapping in a union with inline or merged members")
        found: dict[str, str] = {}
        for value, target in mapping.items():
            name = target.removeprefix("#/components/schemas/")
            if name not in names or name in found:
                raise Unsupported(f"discriminator mapping {value!r}: {target!r} is no member, or a member named twice")
            found[name] = value
        return found

    def check_discriminator_name(self, names: list[str], prop: str) -> None:
        """The tool names the discriminator by the members' field (`kindOf` -> `kind_of`): decline a member where
        another property would take that field name first."""
        py = _valid_name(prop, set())
        for name in names:
            if any(key != prop and _valid_name(str(key), set()) == py for key in self.inherited_properties(name, set())):
                raise Unsupported(f"/components/schemas/{name}: discriminator {prop!r} shares its field name")

    def subclass_value(self, member: dict[str, Any], prop: str) -> str:
        """The value an inline subclass member is told apart by: its base's string const (not declared again)."""
        base = self.ref_name(member["allOf"][0]["$ref"], "discriminated union")
        found = self.inherited_properties(base, set()).get(prop)
        if prop in member["allOf"][1]["properties"] or not isinstance(found, dict) or not _string_const(found) or found.get("nullable"):
            raise Unsupported(f"discriminated union member subclassing {base!r}: {prop!r} is no inherited string const")
        return str(found["const"])

    def flat_refs(self, members: list[dict[str, Any]], where: str) -> list[str]:
        """The components a union of references lists, a `_union_ref` member's union replaced by its members."""
        names: list[str] = []
        for member in members:
            name = self.ref_name(member["$ref"], where)
            if _union_ref(member):
                names += [self.ref_name(m["$ref"], where) for m in self.ref_union(name, where)]
            else:
                names.append(name)
        return names

    def ref_union(self, name: str, where: str) -> list[dict[str, Any]]:
        """The members of a union component a `_union_ref` member names: references only (with at most
        documentation and a discriminator beside them); any other target the emitter declines."""
        target = self.schemas.get(name)
        members = target.get("oneOf", target.get("anyOf")) if isinstance(target, dict) else None
        if (
            not isinstance(target, dict)
            or ("oneOf" in target) == ("anyOf" in target)
            or not isinstance(members, list)
            or not members
            or target.get("type", "object") != "object"
            or any(k not in ("type", "description", "title", "discriminator", "oneOf", "anyOf") and not k.startswith("x-") for k in target)
            or not all(isinstance(m, dict) and _plain_ref(m) for m in members)
        ):
            raise Unsupported(f"{where}: a reference with `type: object` to {name!r}, which is no union of references")
        return members

    def need(self, module: str, name: str) -> None:
        self.imports.setdefault(module, set()).add(name)

    # -- types -------------------------------------------------------------------------------------------------

    def ref_name(self, ref: str, where: str) -> str:
        prefix = "#/components/schemas/"
        name = ref[len(prefix) :] if ref.startswith(prefix) else ""
        if not name or (name not in self.schemas and name not in self.blocks) or not _NAME.match(name):
            raise Unsupported(f"{where}: reference {ref!r}")
        if self.writing:
            self.referenced.add(name)
        return name

    def class_name(self, name: str) -> str:
        """The class a component is written as: its own name unless an inline class took it (see `taken`). The new
        name is the first free `<name>1`, `<name>2`... when the component is first referenced or written."""
        if name not in self.renamed:
            return name
        renamed = self.renamed[name]
        if renamed is None:
            if name != self.current:
                # Referenced by a component written before it: the tool then names it with its duplicate-name
                # suffix (`P2Model`), by rules not modelled here.
                raise Unsupported(f"/components/schemas/{name}: a renamed component an earlier component refers to")
            count, renamed = 1, f"{name}1"
            while renamed in self.schemas or renamed in self.blocks or renamed in self.consumed:
                count += 1
                renamed = f"{name}{count}"
            self.renamed[name] = renamed
            self.consumed.add(renamed)
        return renamed

    def custom(self, path: str) -> str:
        module, _, name = path.rpartition(".")
        if module not in (f"{self.package}._runtime", f"{self.package}._formats"):
            raise Unsupported(f"custom type {path!r}")
        self.need(module, name)
        return name

    def refuse(self, node: dict[str, Any], where: str) -> None:
        # `x-datamodel-code-generator-*` (and the keys above it honours) reach here only under --trust-spec-types.
        refused = sorted(k for k in node if k in _REFUSED or k.startswith("x-datamodel-code-generator"))
        if not _map(node) and not _bounded_object(node) and not _counted_model(node):
            refused += sorted(k for k in _MAP_KEYWORDS if k in node)
        if "oneOf" in node or "anyOf" in node:
            # Constraints beside a union: the tool hands them to the members, made classes of their own (`U | U1`).
            refused += sorted(k for k in _CONSTRAINTS if k in node)
        if refused:
            raise Unsupported(f"{where}: keyword {refused[0]!r}")

    def type_of(self, node: Any, where: str, deps: set[str], optional: bool = False, hint: _Hint | None = None) -> tuple[str, bool]:
        """(annotation without the null part, nullable) for an inline schema.

        `hint` is what an inline enum, object or union found here is named after (see `inline_type`); without
        one such a schema is refused."""
        if node is True or node == {}:
            self.need("typing", "Any")
            return "Any", False
        if not isinstance(node, dict):
            raise Unsupported(f"{where}: schema is not an object")
        node = _untyped_enum(node)
        self.refuse(node, where)
        nullable = node.get("nullable") is True
        types = node.get("type")
        if isinstance(types, list):
            if "null" in types:
                nullable = True
            types = [t for t in types if t != "null"]
            if len(types) != 1:
                raise Unsupported(f"{where}: type list {node.get('type')!r}")
            types = types[0]
        if "$ref" in node:
            allowed = ("$ref", "description", "readOnly", "writeOnly", "nullable", "deprecated") + (
                ("example", "examples", "default", "nullable", "xml", "title") if "x-inline-enum" in node else ()
            )
            if any(k not in allowed for k in node if not k.startswith("x-")):
                raise Unsupported(f"{where}: $ref with siblings")
            name = self.ref_name(node["$ref"], where)
            if name in self.polymorphic and "x-inline-enum" not in node:
                children = [self.class_name(child) for child in self.polymorphic[name]]
                deps.update(children)
                return " | ".join(children), nullable
            target = self.schemas.get(name) if "x-inline-enum" not in node else None
            if _admits_null(target) and not optional:
                raise Unsupported(f"{where}: reference to a nullable component")
            if "x-inline-enum" not in node:  # a property's own enum names its inline class, never a component
                name = self.class_name(name)
            deps.add(name)
            return (_mark(name) if name in self.base_of else name), nullable
        if "customTypePath" in node:
            # A wire type takes null by `nullable` only: the tool drops the null of a type list (`[number, 'null']`).
            self.custom_used = True
            return self.custom(node["customTypePath"]), node.get("nullable") is True
        if _string_const(node):
            self.need("typing", "Literal")
            return f"Literal[{_literal(node['const'], where)}]", nullable
        if "enum" in node or "const" in node or "allOf" in node or "oneOf" in node or "anyOf" in node or "properties" in node:
            if hint is None and _simple_union(node):
                # Only references and plain values: no class is made, so no name is needed.
                return self.inline_type(node, where, deps, _Hint("unused"))
            if hint is None:
                raise Unsupported(f"{where}: inline composite or enum")
            return self.inline_type(node, where, deps, hint)
        if types == "string":
            fmt = node.get("format")
            if fmt in _STRING_FORMATS:
                name, line = _STRING_FORMATS[fmt]
                if line == "pydantic":
                    self.need("pydantic", name)
                elif line:
                    self.need(line, "")
                return name, nullable
            if fmt in ("date-time", "time", "email", "uri", "ipv4", "ipv6", "hostname", "duration", "json-pointer", "regex"):
                raise Unsupported(f"{where}: string format {fmt!r}")
            return "str", nullable
        if types == "integer":
            self.need("pydantic", "StrictInt")
            return "StrictInt", nullable
        if types == "boolean":
            self.need("pydantic", "StrictBool")
            return "StrictBool", nullable
        if types == "array" or (types is None and "items" in node):
            if "items" not in node:
                self.need("typing", "Any")
                return "list[Any]", nullable
            return self.list_type(node["items"], where, deps, hint), nullable
        if types == "object" and isinstance(node.get("type"), list) and "properties" not in node:
            # An object typed with a list (`[object, 'null']`): the tool reads no values schema, it is a map of anything.
            self.need("typing", "Any")
            return "dict[str, Any]", nullable
        if types == "object" or (types is None and "additionalProperties" in node):
            extra = node.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                # A union of values names its constrained members after the map (`Attributes1`), as a field's does.
                # An inline class among the values (an object, an enum) is named after the field too (`mo` -> `Mo`).
                value_hint = hint if _value_union(extra) else _Hint(hint.name) if hint is not None and not hint.singular else None
                _check_map_value(extra, where + "/additionalProperties")
                inner, inner_null = self.type_of(extra, where + "/additionalProperties", deps, hint=value_hint)
                key = self.key_type(node.get("propertyNames"), where + "/propertyNames")
                return f"dict[{key}, {inner}{' | None' if inner_null else ''}]", nullable
            if extra is False:
                raise Unsupported(f"{where}: closed free-form object")
            self.need("typing", "Any")
            return "dict[str, Any]", nullable
        if types is None:
            self.need("typing", "Any")
            return "Any", nullable
        raise Unsupported(f"{where}: type {types!r}")

    def map_bounds(self, node: dict[str, Any]) -> dict[str, Any]:
        """A map's entry counts as the tool writes them on a field or root: `Field(max_length=64)`."""
        return {kwarg: node[key] for key, kwarg in _MAP_BOUNDS.items() if key in node and (_map(node) or _bounded_object(node))}

    def bound_args(self, schema: dict[str, Any]) -> list[str]:
        """`Field(...)` arguments of a map root: its entry counts only, sorted as the tool sorts them."""
        return [f"{k}={_literal(v, 'map bound')}" for k, v in sorted(self.map_bounds(schema).items())]

    def key_type(self, names: Any, where: str) -> str:
        """A map's key type: `str`, or with `propertyNames: {type: string, maxLength: n}` the constrained string the
        tool writes (`Annotated[str, StringConstraints(max_length=64)]`). Other key schemas go to the tool."""
        if names is None:
            return "str"
        if not isinstance(names, dict) or names.get("type") != "string" or set(names) != {"type", "maxLength"}:
            raise Unsupported(f"{where}: property names")
        self.need("typing", "Annotated")
        self.need("pydantic", "StringConstraints")
        return f"Annotated[str, StringConstraints(max_length={_literal(names['maxLength'], where)})]"

    def list_type(self, items: Any, where: str, deps: set[str], hint: _Hint | None) -> str:
        """`list[...]` for an array's items; inline item classes are named in the singular (`tags` -> `Tag`)."""
        item_hint = _Hint(hint.name, singular=True) if hint is not None and not hint.singular else None
        at = where + "/items"
        target = self.schemas.get(self.ref_name(items["$ref"], where)) if isinstance(items, dict) and "$ref" in items else None
        # An item naming a nullable object component is `X | None`, as a field naming it is.
        null_item = (
            isinstance(target, dict)
            and (target.get("nullable") is True or _listed_null(target))
            and "properties" in target
            and "enum" not in target
        )
        _check_nullable_value(items, at)
        if _constrained_value(items):
            # A constrained item is a root model of its own, where the tool writes its constraints (`Group`).
            if item_hint is None:
                raise Unsupported(f"{at}: constrained item")
            inner = self.inline_class(item_hint.base(), at, deps, lambda name, own: self.root(name, items, at, own))
            return f"list[{inner}{' | None' if null_item else ''}]"
        if any(isinstance(m, dict) and _union_ref(m) for m in items.get("oneOf", items.get("anyOf")) or [] if isinstance(items, dict)):
            raise Unsupported(f"{at}: a merged union reference among an item's members")
        if _discriminated(items) is not None and id(items) not in self.undiscriminated:
            # A discriminated item is a root model of its own, named after the field or class, not in the singular.
            if hint is None:
                raise Unsupported(f"{at}: discriminated item")
            union = functools.partial(self.union, schema=items, where=at)
            inner = self.inline_class(_Hint(hint.name).base(), at, deps, lambda name, own: union(name, deps=own))
            return f"list[{inner}]"
        inner, inner_null = self.type_of(items, at, deps, optional=null_item, hint=item_hint)
        return f"list[{inner}{' | None' if inner_null or null_item else ''}]"

    def field_args(self, node: dict[str, Any], alias: str | None, required_null: bool) -> list[str]:
        """`Field(...)` arguments in the tool's order (alphabetical, a required null first)."""
        kwargs: dict[str, Any] = {}
        if alias is not None:
            kwargs["alias"] = alias
        if isinstance(node.get("description"), str):
            kwargs["description"] = node["description"]
        if isinstance(node.get("title"), str):
            kwargs["title"] = node["title"]
        if "$ref" not in node or "x-inline-enum" in node:
            if "examples" in node:
                if not isinstance(node["examples"], list):
                    raise Unsupported("examples that are not a list")
                kwargs["examples"] = node["examples"]
            elif "example" in node:
                kwargs["examples"] = [node["example"]]
            written = _written_constraints(node)
            for key, kwarg in _CONSTRAINTS.items():
                if key in node and key in written and not (key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(node[key], bool)):
                    kwargs[kwarg] = node[key]
            for flag, bound, strict, loose in (("exclusiveMinimum", "minimum", "gt", "ge"), ("exclusiveMaximum", "maximum", "lt", "le")):
                if node.get(flag) is True and bound in node and loose in kwargs:  # OpenAPI 3.0: a flag on minimum/maximum
                    kwargs[strict] = kwargs.pop(loose)
            kwargs.update(self.map_bounds(node))
        if "xml" in node:
            kwargs["json_schema_extra"] = {"xml": node["xml"]}
        discriminator = _discriminated(node)
        if _component_ref(node) in self.polymorphic and "x-inline-enum" not in node:
            discriminator = self.schemas[str(_component_ref(node))]["discriminator"]["propertyName"]
        if discriminator is not None and id(node) not in self.undiscriminated:
            kwargs["discriminator"] = _valid_name(discriminator, set())  # the members' field (`check_discriminator_name`)
        if node.get("deprecated") is True:
            kwargs["deprecated"] = True
        if required_null and not kwargs:
            return ["..."]  # required although it takes null: with no other argument the tool writes `Field(...)`
        return [f"{k}={_literal(v, f'field argument {k}')}" for k, v in sorted(kwargs.items())]

    # -- classes -----------------------------------------------------------------------------------------------

    def emit(self) -> str:
        self.writing = True
        for name, schema in self.schemas.items():
            if not _NAME.match(name) or keyword.iskeyword(name):
                raise Unsupported(f"class name {name!r}")
            where = f"/components/schemas/{name}"
            self.current = name
            deps: set[str] = set()
            pending = name in self.renamed and self.renamed[name] is None
            written = self.class_name(name)
            if written != name and name in self.discriminated:
                raise Unsupported(f"{where}: a renamed member of a discriminated union")
            count = len(self.registered)
            self.blocks[written] = self.component(written, schema, where, deps)
            if pending and isinstance(schema, dict) and "allOf" in schema and len(self.registered) > count:
                # The tool names an allOf component's inline classes first, then the component its new name.
                raise Unsupported(f"{where}: a renamed allOf component with inline classes")
            self.deps[written] = deps
            self.registered.append(written)
        self.merge()
        return self.source()

    def merge(self) -> None:
        """Merge each inline class into an earlier class of the same unnumbered name that is written the same.

        The tool compares the classes as written before any merge (so `Price1`, naming the merged `Currency1`,
        stays apart from `Price`), and the first class of a name that is not merged is the one later ones meet.
        Then every reference names the surviving class, and the markers around inline names go."""
        kept: dict[str, tuple[str, str]] = {}
        merged: dict[str, str] = {}
        for name in self.registered:
            key = self.blocks[name].replace(f"class {name}(", "class (", 1)
            base = self.base_of.get(name, name)
            earlier = kept.get(base)
            if earlier is not None and earlier[1] == key and name in self.base_of:
                merged[name] = earlier[0]
                continue
            kept[base] = (name, key)
        for name in merged:
            del self.blocks[name]
            del self.deps[name]
        for name, block in self.blocks.items():
            self.blocks[name] = _MARKED.sub(lambda m: merged.get(m[1], m[1]), block)
            self.deps[name] = {merged.get(dep, dep) for dep in self.deps[name]}

    def component(self, name: str, schema: Any, where: str, deps: set[str]) -> str:
        if not isinstance(schema, dict):
            raise Unsupported(f"{where}: not an object")
        if _required_sets(schema):
            return self.required_union(name, schema, where, deps)
        self.refuse(schema, where)
        if "enum" in schema and isinstance(schema["enum"], list) and None in schema["enum"]:
            return self.null_enum(name, schema, where, deps)
        if "enum" in schema:
            return self.enum(name, schema, where)
        if "allOf" in schema and _lone_value_part(schema):
            # allOf with one part that is no object: the tool writes the part itself as the root, documented by
            # the description and title beside the allOf where there are some (`Field(description=...)`).
            documentation = {k: schema[k] for k in _DOCUMENTATION if k in schema}
            return self.root(name, {**schema["allOf"][0], **documentation}, where + "/allOf/0", deps)
        if "allOf" in schema and _nullable_ref(schema) and self.enum_or_models(schema["allOf"][0]["$ref"], where) is not None:
            return self.nullable_union(name, schema, where, deps)
        if "allOf" in schema and _union_with_part(schema):
            return self.union_product(name, schema, where, deps)
        if "allOf" in schema:
            self.composing = True  # see `taken`
            try:
                return self.inherit(name, schema, where, deps)
            finally:
                self.composing = False
        if (
            ("oneOf" in schema or "anyOf" in schema)
            and not any(k in schema for k in ("properties", "const"))
            and ("discriminator" not in schema or _discriminated(schema) is not None or _any_discriminated(schema))
            and (
                "type" not in schema
                or (
                    schema["type"] == "object"
                    and all(_object_like(m) or _union_value(m) for m in schema.get("oneOf", schema.get("anyOf")) or [None])
                )
            )
        ):
            return self.union(name, schema, where, deps, subclasses=True)
        if any(k in schema for k in ("oneOf", "anyOf", "const")) or ("discriminator" in schema and not _base_discriminator(schema)):
            raise Unsupported(f"{where}: composition")
        if _array_with_properties(schema):
            return self.root(name, schema, where, deps)  # a list or an object (`array_or_object`), `<Name>1` the object
        if "properties" in schema or (
            schema.get("type") == "object" and not isinstance(schema.get("additionalProperties"), dict) and not _bounded_object(schema)
        ):
            return self.model(name, schema, where, deps)
        return self.root(name, schema, where, deps)

    def enum(self, name: str, schema: dict[str, Any], where: str) -> str:
        values = schema["enum"]
        if not values:
            raise Unsupported(f"{where}: enum shape")  # a default that is no value is not written (`member` refuses it)
        names = schema.get("x-enum-varnames") or schema.get("x-enumNames")
        if names is not None and (not isinstance(names, list) or not all(isinstance(n, str) for n in names)):
            raise Unsupported(f"{where}: enum names")
        if all(isinstance(v, str) for v in values) and schema.get("type", "string") == "string":
            # Without a declared type the tool writes a plain Enum (no `str` mixin).
            base, header = "str", f"class {name}(str, Enum):" if "type" in schema else f"class {name}(Enum):"
            self.need("enum", "Enum")
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in values) and schema.get("type") == "integer":
            base, header = "int", f"class {name}(IntEnum):"
            self.need("enum", "IntEnum")
        elif all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values) and schema.get("type") == "number":
            base, header = "float", f"class {name}(float, Enum):"
            self.need("enum", "Enum")
        elif _plain_enum(schema):
            base, header = "str", f"class {name}(Enum):"
            self.need("enum", "Enum")
        else:
            raise Unsupported(f"{where}: enum values")
        used: set[str] = set()
        lines = [header]
        for i, value in enumerate(values):
            raw = names[i] if names and i < len(names) and names[i] else value if isinstance(value, str) else _value_name(schema, value)
            member = _valid_name(str(raw), used, enum_base=base)
            used.add(member)
            self.members.setdefault(name, {})[repr(value)] = member
            lines.append(f"    {member} = {_literal(value, where)}")
        return "\n".join(lines)

    def null_enum(self, name: str, schema: dict[str, Any], where: str, deps: set[str]) -> str:
        """An enum listing null: the tool writes the other values as `<Name>Enum` and the component as a root
        model that takes it or None."""
        values = [v for v in schema["enum"] if v is not None]
        if schema.get("nullable") is not True or not values or "x-enum-varnames" in schema or "x-enumNames" in schema:
            raise Unsupported(f"{where}: enum with null")
        if any(str(v).upper() == "NONE" for v in values) or "default" in schema:
            raise Unsupported(f"{where}: enum with null")  # null takes a member name of its own, unwritten
        enum_schema = {k: v for k, v in schema.items() if k not in ("nullable", "description", "title")}
        enum_schema["enum"] = values
        inner = self.inline_class(f"{name}Enum", where, deps, lambda n, _d: self.enum(n, enum_schema, where))
        self.need("pydantic", "RootModel")
        line = f"    root: {self.annotated(f'{inner} | None', self.field_args(schema, None, False))} = None"
        return f"class {name}(RootModel[{inner} | None]):\n{line}"

    def root(self, name: str, schema: dict[str, Any], where: str, deps: set[str]) -> str:
        items = schema.get("items")
        inner: dict[str, Any] = items if schema.get("type") == "array" and isinstance(items, dict) and items.get("type") == "array" else {}
        if any(k in inner and k not in _LENGTHS for k in _CONSTRAINTS):
            raise Unsupported(f"{where}/items: an inner array with a constraint arrays do not take")
        if isinstance(items, dict) and any(k in inner for k in _LENGTHS):
            # A constrained array inside a top-level array becomes a class of its own, named in the singular.
            item = _singular(name)
            if item in self.schemas or item in self.blocks:
                raise Unsupported(f"{where}: hoisted item class {item!r} clashes")
            self.blocks[item] = self.root(item, {k: v for k, v in items.items() if k != "description"}, where + "/items", set())
            self.deps[item] = set()
            schema = {**schema, "items": {"$ref": f"#/components/schemas/{item}"}}
            self.schemas = {**self.schemas, item: items}
        if "propertyNames" in schema:
            # A root map with key names the tool writes otherwise: its documentation and nullability stay, and a
            # union's member takes the root's name (`Z` the member, `Z1` the map). Not written here.
            raise Unsupported(f"{where}: property names on a root map")
        annotation, nullable = self.type_of(schema, where, deps, hint=_Hint(name))
        if nullable and annotation.startswith("dict[") and schema.get("nullable") is True and not isinstance(schema.get("type"), list):
            nullable = False  # the tool drops `nullable` on a top-level map, and a null default with it
            schema = {k: v for k, v in schema.items() if not (k == "default" and v is None)}
        if nullable:
            annotation += " | None"
        self.need("pydantic", "RootModel")
        # A nullable array stays required (`Field(...)` when nothing else is said); other nullable roots default to
        # None, but for a type list naming null (`[string, 'null']`), which the tool writes with no default.
        null_list = nullable and schema.get("type") == "array"
        listed = _listed_null(schema)
        # A map's root takes only its entry counts (its documentation is not written); a type list's object is no map.
        args = self.field_args(schema, None, null_list) if annotation[:5] != "dict[" or listed else self.bound_args(schema)
        if schema.get("type") == "array" and isinstance(schema.get("items"), dict) and "$ref" in schema["items"]:
            deps.add(self.class_name(self.ref_name(schema["items"]["$ref"], where)))
        line = f"    root: {self.annotated(annotation, args)}"
        if "default" in schema:
            line += f" = {self.default(schema['default'], where)}"
        elif nullable and not null_list and not listed:
            line += " = None"
        return f"class {name}(RootModel[{annotation}]):\n{line}"

    def union(self, name: str, schema: dict[str, Any], where: str, deps: set[str], subclasses: bool = False) -> str:
        """A union's root model; `subclasses` for a component's own union, whose inline allOf members are written."""
        key = "oneOf" if "oneOf" in schema else "anyOf"
        if "oneOf" in schema and "anyOf" in schema:
            raise Unsupported(f"{where}: oneOf and anyOf")
        parts, member_null = self.union_members(schema, key, where, deps, _Hint(name), subclasses)
        nullable = schema.get("nullable") is True or member_null
        annotation = " | ".join(parts) + (" | None" if nullable else "")
        self.need("pydantic", "RootModel")
        # A null admitted by a member only is no default: the root stays required.
        default = " = None" if schema.get("nullable") is True else ""
        line = f"    root: {self.annotated(annotation, self.field_args(schema, None, False))}{default}"
        return f"class {name}(RootModel[{annotation}]):\n{line}"

    def required_union(self, name: str, schema: dict[str, Any], where: str, deps: set[str]) -> str:
        """`properties` with `anyOf: [{required: [a]}, {required: [b]}]`: the tool writes the properties once per
        required-set (`<Name>1` with `a` required, `<Name>2` with `b`) and the component as their union."""
        key = "anyOf" if "anyOf" in schema else "oneOf"
        shared = {k: v for k, v in schema.items() if k not in (key, "not")}
        self.refuse(shared, where)
        parts = [self.required_variant(shared, member, f"{where}/{key}/{i}", deps, name) for i, member in enumerate(schema[key])]
        self.need("pydantic", "RootModel")
        annotation = " | ".join(parts)
        return f"class {name}(RootModel[{annotation}]):\n    root: {self.annotated(annotation, self.field_args(shared, None, False))}"

    def required_variant(self, shared: dict[str, Any], member: dict[str, Any], where: str, deps: set[str], base: str) -> str:
        """The class of one required-set: the shared properties with the set's names required as well."""
        required = list(shared.get("required") or []) + [r for r in member["required"] if r not in (shared.get("required") or [])]
        variant = {**shared, "required": required}
        return self.inline_class(base, where, deps, functools.partial(self.variant_model, variant, where))

    def variant_model(self, variant: dict[str, Any], where: str, name: str, deps: set[str]) -> str:
        """One required-set's model (see `required_union`)."""
        return self.nested_model(name, variant, where, deps)

    def enum_or_models(self, ref: str, where: str) -> list[dict[str, Any]] | None:
        """The members of a `oneOf` component made of one string enum and references to object models, or None."""
        target = self.schemas.get(self.ref_name(ref, where))
        members = target.get("oneOf") if isinstance(target, dict) else None
        if (
            not isinstance(target, dict)
            or not isinstance(members, list)
            or any(k not in ("oneOf", "description") and not k.startswith("x-") for k in target)
        ):
            return None
        models = [m for m in members if isinstance(m, dict) and set(m) == {"$ref"} and self.object_model(m["$ref"], where)]
        enums = [m for m in members if _string_enum_member(m)]
        return members if len(enums) == 1 and len(enums) + len(models) == len(members) else None

    def object_model(self, ref: str, where: str) -> bool:
        target = self.schemas.get(self.ref_name(ref, where))
        return isinstance(target, dict) and "properties" in target and not any(k in target for k in ("oneOf", "anyOf", "enum", "allOf"))

    def nullable_union(self, name: str, schema: dict[str, Any], where: str, deps: set[str]) -> str:
        """`allOf: [{$ref: U}, {nullable: true}]` where U is one string enum or object models. The tool copies the
        enum (`<Name>1(str, Enum)`, unused), writes the `{nullable: true}` part as an empty model (`<Name>2`), then one
        class per member: the enum again as a plain `Enum`, each model with the empty one as a second base. The
        union of those is the component, without the null."""
        at = f"{where}/allOf/0"
        members = self.enum_or_models(schema["allOf"][0]["$ref"], at) or []
        values = next(m["enum"] for m in members if "enum" in m)
        self.inline_class(name, at, set(), lambda n, _d: self.enum(n, {"type": "string", "enum": values}, at))
        mixin = self.inline_class(name, f"{where}/allOf/1", deps, lambda n, d: self.nested_model(n, {}, f"{where}/allOf/1", d))
        parts: list[str] = []
        for member in members:
            if "enum" in member:
                parts.append(self.inline_class(name, at, deps, lambda n, _d: self.enum(n, {"enum": values}, at)))
            else:
                build = functools.partial(self.mixed_class, self.class_name(self.ref_name(member["$ref"], at)), mixin)
                parts.append(self.inline_class(name, at, deps, build))
        self.need("pydantic", "RootModel")
        annotation = " | ".join(parts)
        return f"class {name}(RootModel[{annotation}]):\n    root: {annotation}"

    def union_product(self, name: str, schema: dict[str, Any], where: str, deps: set[str]) -> str:
        """`allOf: [{anyOf: [A, B]}, {properties}]`: the tool writes the properties as a class `<Name>1` and each member
        as a class inheriting from it and the member (`<Name>2(A, <Name>1)`); the component is their union."""
        union, part = schema["allOf"]
        at = f"{where}/allOf/1"
        mixin = self.inline_class(name, at, deps, lambda n, d: self.nested_model(n, part, at, d))
        parts: list[str] = []
        for i, member in enumerate(union.get("anyOf", union.get("oneOf"))):
            ref = self.ref_name(member["$ref"], f"{where}/allOf/0/{i}")
            target = self.schemas[ref]
            if not isinstance(target, dict) or "properties" not in target or any(k in target for k in ("oneOf", "anyOf", "enum")):
                raise Unsupported(f"{where}/allOf/0/{i}: member is not an object model")
            build = functools.partial(self.mixed_class, self.class_name(ref), mixin)
            parts.append(self.inline_class(name, f"{where}/allOf/0/{i}", deps, build))
        self.need("pydantic", "RootModel")
        annotation = " | ".join(parts)
        return f"class {name}(RootModel[{annotation}]):\n    root: {annotation}"

    def mixed_class(self, base: str, mixin: str, name: str, deps: set[str]) -> str:
        """A class with two bases and no fields of its own (see `union_product`)."""
        deps |= {base, mixin.strip(_MARK)}
        self.need("pydantic", "ConfigDict")
        config = "    model_config = ConfigDict(\n        extra='allow',\n        populate_by_name=True,\n    )"
        return f"class {name}({base}, {mixin}):\n{config}"

    def inherit(self, name: str, schema: dict[str, Any], where: str, deps: set[str]) -> str:
        bases: list[str] = []
        # Properties beside the allOf come first, as the tool writes them; the re-required inherited ones follow.
        own: dict[str, Any] = {"properties": dict(schema.get("properties") or {}), "required": list(schema.get("required") or [])}
        # A part's property typed with a list naming null that the part itself does not require: required from
        # elsewhere (beside the allOf, another part), the tool keeps its null even for an enum or a wire type.
        loose: set[str] = set()
        for i, part in enumerate(schema["allOf"]):
            at = f"{where}/allOf/{i}"
            if isinstance(part, dict) and set(part) == {"$ref"}:
                base = self.ref_name(part["$ref"], at)
                target = self.schemas[base]
                if not isinstance(target, dict) or not ("properties" in target or "allOf" in target) or "enum" in target:
                    raise Unsupported(f"{at}: base is not an object model")
                bases.append(base)
                deps.add(self.class_name(base))
            elif (
                isinstance(part, dict)
                and not any(k in part for k in ("$ref", "allOf", "oneOf", "anyOf", "enum"))
                and "properties" not in schema
            ):
                allowed: tuple[str, ...] = ("type", "properties", "required", "description", "additionalProperties")
                if part.get("nullable") is True and all(k in ("nullable", "description") for k in part):
                    allowed += ("nullable",)  # `{nullable: true}` beside a base: the tool writes the subclass as without it
                if "properties" in part and part.get("deprecated", False) is False:
                    allowed += ("title", "deprecated")  # a part's title and `deprecated: false` are not written
                for key in part:
                    if key not in allowed and not key.startswith("x-"):
                        raise Unsupported(f"{at}: keyword {key!r}")
                for key, prop in (part.get("properties") or {}).items():
                    own["properties"][key] = _merged_property(own["properties"].get(key), prop, f"{at}/properties/{key}")
                    if _listed_null(prop) and key not in (part.get("required") or []):
                        loose.add(key)
                    else:
                        loose.discard(key)
                own["required"] += list(part.get("required") or [])
            else:
                raise Unsupported(f"{at}: allOf part")
        if any(k in schema for k in ("oneOf", "anyOf", "enum", "discriminator")):
            raise Unsupported(f"{where}: allOf shape")
        inherited: dict[str, Any] = {}
        for base in bases:
            for key, prop in self.inherited_properties(base, set()).items():
                if key in inherited and inherited[key] != prop:
                    # The tool then writes one class of every base's fields, merged by rules not modelled here.
                    raise Unsupported(f"{where}: bases declaring {key!r} differently")
                inherited.setdefault(key, prop)
        late: set[str] = set()
        for key in own["required"]:
            if key not in own["properties"]:
                # Re-required here: the field is declared again, required, with the base's schema.
                if key not in inherited:
                    raise Unsupported(f"{where}: required {key!r} is declared nowhere")
                if _listed_null(inherited[key]):
                    raise Unsupported(f"{where}: required {key!r} is a base's, typed with a list naming null")
                own["properties"][key] = inherited[key]
                if self.declared_later(name, key, bases, where):
                    late.add(key)
        for key, prop in own["properties"].items():
            if key in inherited and prop is not inherited[key]:
                _check_override(inherited[key], prop, f"{where}/properties/{key}")
        # A property declared again here stays required when a base requires it.
        required_above = set().union(*(self.inherited_required(base, set()) for base in bases)) if bases else set()
        own["required"] += [key for key in own["properties"] if key in required_above and key not in own["required"]]
        keep_null = {key for key in loose if key in own["required"]}
        return self.model(name, own, where, deps, bases=bases, late=late, keep_null=keep_null)

    def declared_later(self, name: str, key: str, bases: list[str], where: str) -> bool:
        """Whether a property re-required here comes through a component written later in the document (a base, or
        one between it and the component declaring the property). The tool then adds the field after it has
        configured the class, so a wire type in it does not make the class allow arbitrary types."""
        verdicts = set()
        for base in bases:
            chain = self.declaring_chain(base, key, set())
            if chain:
                verdicts.add(any(self.position.get(c, -1) > self.position[self.current] for c in chain))
        if len(verdicts) > 1 or (True in verdicts and name not in self.schemas):
            raise Unsupported(f"{where}: required {key!r} inherited through components written before and after it")
        return True in verdicts

    def declaring_chain(self, name: str, key: str, seen: set[str]) -> list[str]:
        """The components from `name` down to the one declaring `key` (as `inherited_properties` finds it), or []."""
        schema = self.schemas.get(name)
        if name in seen or not isinstance(schema, dict):
            return []
        seen.add(name)
        parts = schema.get("allOf") or []
        if key in (schema.get("properties") or {}) or any(
            isinstance(p, dict) and "$ref" not in p and key in (p.get("properties") or {}) for p in parts
        ):
            return [name]
        for part in parts:
            if isinstance(part, dict) and isinstance(part.get("$ref"), str):
                chain = self.declaring_chain(self.ref_name(part["$ref"], name), key, seen)
                if chain:
                    return [name, *chain]
        return []

    def inherited_required(self, name: str, seen: set[str]) -> set[str]:
        """Properties a component requires, itself or through allOf (its parts and its bases)."""
        schema = self.schemas.get(name)
        if name in seen or not isinstance(schema, dict):
            return set()
        seen.add(name)
        found = {str(r) for r in schema.get("required") or []}
        for part in schema.get("allOf") or []:
            if isinstance(part, dict) and isinstance(part.get("$ref"), str):
                found |= self.inherited_required(self.ref_name(part["$ref"], name), seen)
            elif isinstance(part, dict):
                found |= {str(r) for r in part.get("required") or []}
        return found

    def inherited_properties(self, name: str, seen: set[str]) -> dict[str, Any]:
        """Properties a component declares or inherits through allOf, nearest first."""
        if name in seen:
            return {}
        seen.add(name)
        schema = self.schemas.get(name)
        found: dict[str, Any] = {}
        if not isinstance(schema, dict):
            return found
        found.update(schema.get("properties") or {})
        for part in schema.get("allOf") or []:
            if isinstance(part, dict) and "$ref" not in part:
                for key, prop in (part.get("properties") or {}).items():
                    found.setdefault(key, prop)
        for part in schema.get("allOf") or []:
            if isinstance(part, dict) and isinstance(part.get("$ref"), str):
                for key, prop in self.inherited_properties(self.ref_name(part["$ref"], name), seen).items():
                    found.setdefault(key, prop)
        return found

    def inline_enum(self, py: str, prop: dict[str, Any], where: str, deps: set[str]) -> dict[str, Any]:
        """Write the class of a property's own enum; return the property as a reference to it.

        The tool names it after the field (`entity_type` -> `EntityType`, `EntityType1` when that name is taken);
        the reference form lets the field's default be written as the enum's member."""
        if isinstance(prop.get("type"), list) or "const" in prop:
            raise Unsupported(f"{where}: inline enum with a type list or const")
        enum_schema = {k: v for k, v in prop.items() if k not in ("description", "example", "examples", "default", "nullable")}
        name = _MARKED.sub(r"\1", self.inline_class(_Hint(py).base(), where, deps, lambda n, _d: self.enum(n, enum_schema, where)))
        kept = {
            k: v
            for k, v in prop.items()
            if k in ("description", "example", "examples", "default", "readOnly", "writeOnly", "nullable", "xml", "title", "deprecated")
        }  # an `xml` beside the enum stays on the field (`json_schema_extra`), as the tool writes it
        return {**kept, "$ref": f"#/components/schemas/{name}", "x-inline-enum": enum_schema}

    def inline_type(self, node: dict[str, Any], where: str, deps: set[str], hint: _Hint) -> tuple[str, bool]:
        """The annotation for an enum, object or union written inline, below a property, an array or a union.

        Enums and objects become classes named after the hint; a union stays an annotation whose inline members
        are named after the same hint (`is_active: bool | IsActive | IsActive1`)."""
        nullable = node.get("nullable") is True
        if "const" in node or "allOf" in node or isinstance(node.get("type"), list):
            raise Unsupported(f"{where}: inline composite or enum")
        if "enum" in node:
            if any(k in node for k in ("properties", "oneOf", "anyOf")):
                raise Unsupported(f"{where}: inline composite or enum")
            enum_schema = {k: v for k, v in node.items() if k not in ("description", "example", "examples", "default", "nullable")}
            return self.inline_class(hint.base("Enum"), where, deps, lambda n, _d: self.enum(n, enum_schema, where)), nullable
        if _required_sets(node) and _PROPERTY_AT.search(where) and not hint.singular:
            # A property's required-set union: one class per set, named after the field (`FileSearch1 | FileSearch2`).
            key = "anyOf" if "anyOf" in node else "oneOf"
            shared = {k: v for k, v in node.items() if k not in (key, "not")}
            parts = [self.required_variant(shared, member, f"{where}/{key}/{i}", deps, hint.base()) for i, member in enumerate(node[key])]
            return " | ".join(parts), nullable
        if _array_with_properties(node):
            return self.array_or_object(node, where, deps, hint), nullable
        if "properties" in node:
            if any(k in node for k in ("oneOf", "anyOf")) or node.get("type", "object") != "object":
                raise Unsupported(f"{where}: inline composite or enum")
            return self.inline_class(hint.base(), where, deps, lambda n, d: self.nested_model(n, node, where, d)), nullable
        key = "oneOf" if "oneOf" in node else "anyOf"
        objects = node.get("type") == "object" and all(_object_like(m) and "$ref" not in m for m in node.get(key) or [None])
        if ("oneOf" in node and "anyOf" in node) or ("type" in node and not objects):
            # `type: object` beside a union of inline objects adds nothing (`ChunkingStrategy | ChunkingStrategy1`).
            raise Unsupported(f"{where}: inline composite or enum")
        if "discriminator" in node and (_discriminated(node) is None or not _PROPERTY_AT.search(where)):
            raise Unsupported(f"{where}: discriminated union below a property")
        # Members are named after the field even below an array (`template` items: `Template`, not `TemplateItem`).
        parts, member_null = self.union_members(node, key, where, deps, _Hint(hint.name))
        return " | ".join(parts), nullable or member_null

    def array_or_object(self, node: dict[str, Any], where: str, deps: set[str], hint: _Hint) -> str:
        """`type: array` with `properties` beside its `items`: the tool writes the list or an object of those
        properties, named after the field even below an array (`list[Message] | Messages`)."""
        if "items" in node:
            items = self.list_type(node["items"], where, deps, hint)
        else:
            self.need("typing", "Any")
            items = "list[Any]"
        build = functools.partial(self.nested_model, node=node, where=where)
        return f"{items} | {self.inline_class(_Hint(hint.name).base(), where, deps, lambda n, d: build(n, deps=d))}"

    def union_members(
        self, union: dict[str, Any], key: str, where: str, deps: set[str], hint: _Hint, subclasses: bool = False
    ) -> tuple[list[str], bool]:
        """The distinct annotations of a union's members, and whether one admits null (`{type: 'null'}`).

        A plain value member with a constraint becomes a root model class named after the hint, where the tool
        writes its constraints and documentation (`PartialImages1`), the union's own documentation, nullability
        and default standing in for what the member does not say; documentation alone on a member is dropped."""
        members = union[key]
        where = f"{where}/{key}"
        inherited: dict[str, Any] = {k: union[k] for k in ("description", "title", "nullable", "default") if k in union}
        if "example" in union or "examples" in union:
            inherited["examples"] = union["examples"] if "examples" in union else [union["example"]]
        if not isinstance(members, list) or not members:
            raise Unsupported(f"{where}: union members")
        parts: list[str] = []
        nullable = False
        # A member naming a component that takes null is written plainly when the union takes null anyway.
        null_member = any(_null_member(m) for m in members)
        for i, member in enumerate(members):
            at = f"{where}/{i}"
            if _null_member(member):
                nullable = True
                continue
            if isinstance(member, dict) and _lone_ref_part(member):
                member = member["allOf"][0]  # `allOf: [{$ref: X}]` as a member: the tool writes X itself
            if isinstance(member, dict) and _subclass_member(member):
                if not subclasses:
                    raise Unsupported(f"{at}: an inline subclass below a property or an array")
                build = functools.partial(self.subclass_member, member, at)
                parts.append(self.inline_class(hint.base(), at, deps, build))
                continue
            if isinstance(member, dict) and _union_ref(member):
                # The referenced union merged with `type: object`: its members are listed here in its place.
                target = self.ref_name(member["$ref"], at)
                flat, _ = self.union_members({"anyOf": self.ref_union(target, at)}, "anyOf", at, deps, hint)
                parts += [p for p in flat if p not in parts]
                continue
            if isinstance(member, dict) and _plain_ref(member):
                member = {"$ref": member["$ref"]}  # a member's documentation beside a reference is not written
            if isinstance(member, dict) and (_discriminated(member) is not None or _discriminated_objects(member)):
                # A discriminated union inside a union: the tool lists its members and drops its discriminator
                # (inline object members are named after the outer union: `RealtimeTurnDetection1`).
                if any(k not in ("discriminator", "oneOf", "anyOf", "description", "title") for k in member):
                    raise Unsupported(f"{at}: discriminated union member")
                inner = member["oneOf" if "oneOf" in member else "anyOf"]
                flat, _ = self.union_members({"anyOf": inner}, "anyOf", at, deps, hint)
                parts += [p for p in flat if p not in parts]
                continue
            if _constrained_member(member):
                own = {**inherited, **member}
                if "example" in member or "examples" in member:
                    own.pop("examples", None)  # the member's own example stands
                    own.update({k: member[k] for k in ("example", "examples") if k in member})
                if "nullable" in inherited and "nullable" not in member and "default" not in own:
                    own["default"] = None  # a copied nullability makes even a list default to None
                build = functools.partial(self.member_root, own, at)
                annotation = self.inline_class(hint.base(), at, deps, build)
                member_null = False
            else:
                annotation, member_null = self.type_of(member, at, deps, optional=null_member, hint=hint)
            nullable = nullable or member_null
            if annotation not in parts:
                parts.append(annotation)
        if not parts:
            raise Unsupported(f"{where}: union of null only")
        return parts, nullable

    def subclass_member(self, member: dict[str, Any], where: str, name: str, deps: set[str]) -> str:
        """The class of an inline `allOf` union member: a subclass of its base, its discriminator declared again."""
        self.inline_discriminated[name] = self.subclass_values.get(id(member), {})
        base, part = member["allOf"]
        return self.inherit(name, {"allOf": [{"$ref": base["$ref"]}, part]}, where, deps)

    def member_root(self, member: dict[str, Any], where: str, name: str, deps: set[str]) -> str:
        """The root model class of a constrained union member."""
        return self.root(name, member, where, deps)

    def list_default(self, prop: dict[str, Any], deps: set[str], where: str) -> tuple[str, bool]:
        """An array's default, and whether the tool asks for it to be validated: a list of plain values is written as
        it is; an empty list of object models is, validated (`Field(validate_default=True)`)."""
        value = prop["default"]
        items = prop.get("items")
        if prop.get("type") != "array" or not isinstance(items, dict) or "enum" in items:
            raise Unsupported(f"{where}: list default")
        if not deps:
            if not all(isinstance(v, (str, int, float, bool)) for v in value):
                raise Unsupported(f"{where}: list default")
            return _literal(value, where), False
        name = self.ref_name(items["$ref"], where) if set(items) == {"$ref"} else ""
        if name in self.renamed:
            raise Unsupported(f"{where}: default of a renamed component")
        target = self.schemas.get(name)
        if not isinstance(target, dict):
            raise Unsupported(f"{where}: default on a reference")
        if "enum" in target and value and None not in target["enum"]:
            # Values of an enum component: written as its members, not validated again.
            return f"[{', '.join(f'{name}.{self.member(name, target, v, where)}' for v in value)}]", False
        if value or "enum" in target or _plain(target):
            raise Unsupported(f"{where}: default on a reference")
        return "[]", True

    def root_default(self, prop: dict[str, Any], target: dict[str, Any], where: str) -> tuple[str | None, bool]:
        """An optional field naming a plain value component with a default: the tool gives the field that default,
        validated (`s: Annotated[S | None, Field(validate_default=True)] = 'q'`); a list or object default, or a
        nullable field, stays `None`. Other components with a default go to the tool."""
        value = target["default"]
        if value is None or (isinstance(value, (list, dict)) and (_plain(target) or "properties" in target or _map(target))):
            return None, False
        if not isinstance(value, (str, int, float)) or not _plain(target) or target.get("type") == "array" or prop.get("nullable") is True:
            raise Unsupported(f"{where}: a reference to a component with a default")
        return _literal(value, where), True

    def discriminator_value(self, name: str, prop: str, mapped: str | None = None) -> str:
        """The value a member of a discriminated union is told apart by: its property's string const, declared or
        inherited; for a plain string declared without one, the tool takes the value the mapping gives the member,
        else the component's name."""
        schema = self.schemas.get(name)
        if not isinstance(schema, dict) or not _NAME.match(name):
            raise Unsupported(f"discriminated union member {name!r}")
        found = self.inherited_properties(name, set()).get(prop)
        if isinstance(found, dict) and _string_const(found) and found.get("nullable") is not True:
            if mapped is not None and mapped != found["const"]:
                raise Unsupported(f"/components/schemas/{name}: discriminator {prop!r} mapped to {mapped!r}, not its const")
            return str(found["const"])
        if _plain_string(found):
            return mapped or name  # declared or inherited; an inherited one is declared again (`discriminator_line`)
        if found is None and isinstance(schema.get("properties"), dict) and not any(k in schema for k in _COMPOSITE):
            return mapped or name  # not declared at all: the tool adds it (`discriminator_line`)
        raise Unsupported(f"/components/schemas/{name}: discriminator {prop!r} is no string const")

    def discriminator_line(self, name: str, wire: str, value: str, bases: list[str], used: set[str], where: str) -> str:
        """A discriminated union's member inherits the property: the tool declares it again, required, as the
        Literal of the inherited const (`type: Literal['b']`). A member inheriting a plain string or declaring it
        nowhere gets it too, typed as its value (`connector_type: Literal['GcsImport']`, `discriminator_value`)."""
        inherited: dict[str, Any] = {}
        for base in bases:
            for key, prop in self.inherited_properties(base, set()).items():
                inherited.setdefault(key, prop)
        prop = inherited.get(wire)
        if _plain_string(prop) or (prop is None and not bases):
            const = value
        elif not isinstance(prop, dict) or not _string_const(prop) or prop.get("nullable") is True:
            raise Unsupported(f"{where}: discriminator {wire!r} of {name} is no inherited string const")
        else:
            const = prop["const"]
        py = _valid_name(wire, used)
        used.add(py)
        self.need("typing", "Literal")
        if py == wire:
            return f"    {py}: Literal[{_literal(const, where)}]"
        self.need("pydantic", "Field")  # the tool writes the alias of a field it adds so, not in `Annotated`
        return f"    {py}: Literal[{_literal(const, where)}] = Field(..., alias={_literal(wire, where)})"

    def nested_model(self, name: str, node: dict[str, Any], where: str, deps: set[str]) -> str:
        """An inline object's class; the enclosing model's own flags are kept across it."""
        custom_used = self.custom_used
        try:
            return self.model(name, node, where, deps)
        finally:
            self.custom_used = custom_used

    def inline_class(self, base: str, where: str, deps: set[str], build: Callable[[str, set[str]], str]) -> str:
        """Name, write and register an inline class; return its (marked) name for the annotation.

        The tool gives every inline model the first free name of `base`, `base1`, ... as it meets it, in document
        order, even one it later merges into an equal earlier class (`Unit` twice: one class, `Unit1` skipped).
        """
        name, count = base, 0
        while self.taken(name):
            count += 1
            name = f"{base}{count}"
        self.consumed.add(name)
        self.base_of[name] = base
        own: set[str] = set()
        custom_used = self.custom_used  # a wire type inside the inline class is not the enclosing model's
        self.blocks[name] = build(name, own)
        self.custom_used = custom_used
        self.deps[name] = own
        self.registered.append(name)
        deps.add(name)
        return _mark(name)

    def taken(self, name: str) -> bool:
        """Whether an inline class cannot have this name. The tool names models in document order: the name of a
        later component nothing has referenced yet is free, and that component is then renamed (`P2` -> `P21`)."""
        if name in self.blocks or name in self.consumed:
            return True
        if name not in self.schemas:
            return False
        if name == self.current and self.composing:
            # An allOf component's inline classes are named before the component: this one would take its name.
            raise Unsupported(f"/components/schemas/{name}: an inline class named as its allOf component")
        if self.position[name] <= self.position[self.current] or name in self.referenced or name in self.renamed:
            return True
        self.renamed[name] = None
        return False

    def member(self, enum_name: str, target: dict[str, Any], value: Any, where: str) -> str:
        if enum_name not in self.members:
            self.enum(enum_name, target, where)
        member = self.members[enum_name].get(repr(value))
        if member is None:
            raise Unsupported(f"{where}: default {value!r} is not a member of {enum_name}")
        return member

    def annotated(self, annotation: str, args: list[str]) -> str:
        if not args:
            return annotation
        self.need("typing", "Annotated")
        self.need("pydantic", "Field")
        return f"Annotated[{annotation}, Field({', '.join(args)})]"

    def default(self, value: Any, where: str) -> str:
        if isinstance(value, (str, int, float, bool)) or value is None:
            return _literal(value, where)
        raise Unsupported(f"{where}: default {value!r}")

    def model(
        self,
        name: str,
        schema: dict[str, Any],
        where: str,
        deps: set[str],
        bases: list[str] | None = None,
        late: set[str] | None = None,
        keep_null: set[str] | None = None,
    ) -> str:
        """A model class; `late` names re-required fields whose wire type does not configure it (`declared_later`),
        `keep_null` fields whose type list's null stands whatever their type (see `inherit`)."""
        self.need("pydantic", "ConfigDict")
        self.need(f"{self.package}._runtime", "WireModel")
        required = {str(r) for r in schema.get("required") or []}
        used: set[str] = set()
        lines: list[str] = []
        self.custom_used = False
        discriminators = self.discriminated.get(name, {}) if name in self.schemas else self.inline_discriminated.get(name, {})
        extra = schema.get("additionalProperties")
        for wire, prop in (schema.get("properties") or {}).items():
            at = f"{where}/properties/{wire}"
            py = _valid_name(str(wire), used)
            used.add(py)
            self.field_names.add(py)
            is_required = wire in required
            field_deps: set[str] = set()
            validate_default = False
            if isinstance(prop, dict) and "enum" in prop and "$ref" not in prop:
                # An enum declared on the property: a class of its own, named after the field.
                prop = self.inline_enum(py, _untyped_enum(prop), at, field_deps)
            named = isinstance(prop, dict) and "$ref" in prop and "x-inline-enum" not in prop
            target = self.schemas.get(self.ref_name(prop["$ref"], at)) if named else None
            null_target = _admits_null(target)
            custom_used = self.custom_used
            annotation, nullable = self.type_of(prop, at, field_deps, optional=True, hint=_Hint(py))
            if late and wire in late:
                self.custom_used = custom_used
            if keep_null and wire in keep_null:
                nullable = True
            deps |= field_deps
            default: str | None = None
            if isinstance(prop, dict) and "x-inline-enum" in prop and "default" in prop:
                if not is_required:
                    default = f"{annotation}.{self.member(annotation.strip(_MARK), prop['x-inline-enum'], prop['default'], at)}"
            elif isinstance(prop, dict) and isinstance(prop.get("default"), list) and not is_required:
                default, validate_default = self.list_default(prop, field_deps, at)
            elif isinstance(prop, dict) and "default" in prop and not is_required:
                if field_deps:
                    raise Unsupported(f"{at}: default on a reference")
                default = self.default(prop["default"], at)
            elif isinstance(prop, dict) and "$ref" in prop and not is_required:
                target = self.schemas.get(self.ref_name(prop["$ref"], at))
                if isinstance(target, dict) and "enum" in target and "default" in target:
                    enum_name = self.ref_name(prop["$ref"], at)
                    if enum_name in self.renamed:
                        raise Unsupported(f"{at}: default of a renamed component")
                    # the referenced enum's default becomes the field's, the field stays optional
                    default = f"{enum_name}.{self.member(enum_name, target, target['default'], at)}"
                    nullable = True
                elif isinstance(target, dict) and "default" in target:
                    default, validate_default = self.root_default(prop, target, at)
                    nullable = nullable or default is not None  # optional, so `| None` beside the default
            if wire in discriminators and isinstance(prop, dict) and _string_const(prop) and not nullable:
                # A discriminated union's member: the property is its Literal, an optional one defaults to it.
                if not is_required and default is None:
                    default = _literal(prop["const"], at)
            elif wire in discriminators:
                # A plain string: the tool types it as the component's name, required, its default gone.
                self.need("typing", "Literal")
                annotation, nullable, default, is_required = f"Literal[{_literal(discriminators[wire], at)}]", False, None, True
            if nullable or (not is_required and default is None):
                annotation += " | None"
            # `Field(...)` marks a required field that takes null by `nullable` only, not by a type list or a null member.
            own_null = isinstance(prop, dict) and prop.get("nullable") is True
            args = self.field_args(prop, None if py == wire else str(wire), is_required and nullable and own_null)
            if validate_default:
                args = sorted([*args, "validate_default=True"])
            if null_target and is_required and not nullable:
                annotation += " | None"  # the component admits null; the field does not say so itself
            line = f"    {py}: {self.annotated(annotation, args)}"
            if not is_required:
                line += f" = {default if default is not None else 'None'}"
            lines.append(line)
        for wire in discriminators:
            if wire not in (schema.get("properties") or {}):
                lines.append(self.discriminator_line(name, str(wire), discriminators[wire], bases or [], used, where))
        config = ["    model_config = ConfigDict(", "        extra='allow',", "        populate_by_name=True,"]
        if self.custom_used:
            config.append("        arbitrary_types_allowed=True,")
        if "xml" in schema:
            config.append(f"        json_schema_extra={ {'xml': schema['xml']}!r},")
        config.append("    )")
        if isinstance(extra, dict) and extra:
            self.need("typing", "Dict")
            _check_map_value(extra, where + "/additionalProperties")
            value, value_null = self.type_of(extra, where + "/additionalProperties", deps)
            value = value.replace("dict[", "Dict[")
            config += [
                "    __annotations__ = {",
                f"        '__pydantic_extra__': Dict[str, {value}{' | None' if value_null else ''}],",
                "    }",
            ]
        return f"class {name}({', '.join([self.class_name(b) for b in bases or []] or ['WireModel'])}):\n" + "\n".join(config + lines)

    # -- module ------------------------------------------------------------------------------------------------

    def order(self) -> list[str]:
        """Dependencies first (base classes and RootModel arguments must exist when a class is created)."""
        done: list[str] = []
        state: dict[str, int] = {}

        def visit(name: str) -> None:
            if state.get(name):
                return
            state[name] = 1
            for dep in sorted(self.deps.get(name, ())):
                visit(dep)
            state[name] = 2
            done.append(name)

        for name in self.blocks:
            visit(name)
        return done

    def source(self) -> str:
        imported = set().union(*self.imports.values()) if self.imports else set()
        clash = sorted(imported & set(self.blocks))
        if clash:  # a class named like an import (`Field`, `BaseModel`) would shadow it in the module
            raise Unsupported(f"class name {clash[0]!r} shadows an import")
        head = ["from __future__ import annotations"]
        for module in ("typing", "pydantic"):
            if module in self.imports:
                head.append(f"from {module} import {', '.join(sorted(self.imports[module]))}")
        for module in (f"{self.package}._runtime", f"{self.package}._formats", "enum"):
            if module in self.imports:
                head.append(f"from {module} import {', '.join(sorted(self.imports[module]))}")
        body = "\n\n\n".join(self.blocks[name] for name in self.order())
        # A field called `date` would shadow the type inside its class: the tool imports it under another name.
        date_name = "date_aliased" if "date" in self.field_names or "date" in self.blocks else "date"
        body = body.replace("__DATE__", date_name)
        head += sorted(
            m.replace("import date", f"import date as {date_name}" if date_name != "date" else "import date")
            for m in self.imports
            if m.startswith("from ")
        )
        return "\n".join(head) + "\n\n\n" + body + "\n"


def emit_models(schemas: dict[str, Any], package: str) -> str:
    """The models module for prepared `components/schemas`; raises `Unsupported` for a shape it does not write."""
    return emit_models_renaming(schemas, package)[0]


def emit_models_renaming(schemas: dict[str, Any], package: str) -> tuple[str, dict[str, str]]:
    """`emit_models`, plus the components written under another class name than their own (an inline class
    took the name first, `ImageRefParam2` -> `ImageRefParam21`): the client must refer to those by the new one."""
    module = _Module(schemas, package)
    source = module.emit()
    return source, {name: new for name, new in module.renamed.items() if new is not None and new != name}
