"""Our spec against the vendor's published OpenAPI description(s): every difference, classified and located.

Operations are matched by method and path shape (`{id}` and `{productId}` are the same slot). Inside a pair
the parameters, status codes, request body, media types and schemas are compared; each difference gets a
drift rule id (catalog.DRIFT_RULES), the pointer of OUR node it belongs to (through `$ref`: the referenced
component, so one `x-deviation` there covers every use), the pointer into THEIR file, and our value -> theirs.

Schemas are normalized before they are compared, so that a 3.0 and a 3.1 description of the same thing read
alike: `allOf` is merged, `nullable: true`, a `"null"` in a type array, a `null` enum value and a
`{type: null}` union alternative all mean "nullable", and a wrapper with a single alternative is the
alternative. `oneOf`/`anyOf` are compared as sets of alternatives, paired by component name and then by type;
what cannot be paired is reported as `schema-unclassified`, never dropped. `$ref` cycles are cut by
comparing each pair of schema nodes once per operation and side.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..load import join_pointer
from .catalog import DIFF_RULES, DRIFT_RULES, Level
from .schemadiff import RULES, Side, type_change_rule, type_set
from .walk import Operation, deref_located, flatten_schema, iter_operations, located_parameters, mapping

__all__ = ["Difference", "Published", "compare"]

_MAX_DEPTH = 64
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})  # OpenAPI: described elsewhere
_TEMPLATE_VAR = re.compile(r"\{([^}]*)\}")
_SCHEMA_PREFIX = "/components/schemas/"
_LEVEL_ORDER = {Level.BREAKING: 0, Level.POTENTIALLY_BREAKING: 1, Level.NON_BREAKING: 2}


@dataclass(frozen=True)
class Published:
    """One vendor description: the file it came from (as shown in reports) and its data."""

    file: str
    data: dict[str, Any]


@dataclass
class Difference:
    """One difference: `before` is our spec's value, `after` the vendor's (None = absent on that side)."""

    rule: str
    ours: str  # JSON pointer into our bundled spec: the node an x-deviation entry must sit on
    their_file: str
    theirs: str  # JSON pointer into their_file
    before: Any
    after: Any
    message: str
    prop: str | None = None  # the property or parameter name it is about (`property:` in x-deviation)
    value: Any = None
    operations: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)  # the `review` rule ids this change gets, ours -> theirs
    location: tuple[str, int, int] = ("", 0, 0)
    acknowledged_by: str | None = None  # pointer of the matching x-deviation entry

    @property
    def operation(self) -> str:
        return self.operations[0] if self.operations else ""

    @property
    def level(self) -> Level | None:
        levels = [DIFF_RULES[rule].level for rule in self.review]
        return min(levels, key=_LEVEL_ORDER.__getitem__) if levels else None

    def key(self) -> tuple[str, str, str, str, str, str]:
        return (self.rule, self.ours, self.their_file, self.theirs, str(self.prop), _canonical(self.value))

    def as_dict(self) -> dict[str, Any]:
        file, line, col = self.location
        return {
            "rule": self.rule,
            "operation": self.operation,
            "operations": list(self.operations),
            "ours": self.ours,
            "location": f"{file}:{line}:{col}",
            "their_file": self.their_file,
            "theirs": self.theirs,
            "property": self.prop,
            "value": self.value,
            "before": self.before,
            "after": self.after,
            "message": self.message,
            "review": list(self.review),
            "level": self.level.value if self.level else None,
            "acknowledged": self.acknowledged_by is not None,
            "acknowledged_by": self.acknowledged_by,
        }


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _shape(path: str) -> str:
    return _TEMPLATE_VAR.sub("{}", path)


def compare(ours: dict[str, Any], published: list[Published]) -> list[Difference]:
    """Every difference between our bundled spec and the published descriptions, in a stable order."""
    out = _Collector()
    mine = {(op.method, _shape(op.path)): op for op in iter_operations(ours)}
    theirs: dict[tuple[str, str], tuple[Published, Operation]] = {}
    for doc in published:
        for op in iter_operations(doc.data):
            theirs.setdefault((op.method, _shape(op.path)), (doc, op))
    for key, op in mine.items():
        if key not in theirs:
            out.add(
                Difference("operation-extra", op.pointer, "", "", op.label, None, f"{op.label} is not in the published description"),
                op.label,
                "operation-removed",
            )
    for key, (doc, op) in theirs.items():
        if key not in mine:
            diff = Difference("operation-missing", "", doc.file, op.pointer, None, op.label, f"{op.label} is published; our spec lacks it")
            out.add(diff, op.label, "operation-added")
    for key in mine.keys() & theirs.keys():
        doc, their_op = theirs[key]
        _OperationDrift(ours, mine[key], doc, their_op, out).run()
    return out.differences()


class _Collector:
    """Differences keyed by what they say and where; the same one reached from several operations is kept once."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, ...], Difference] = {}

    def add(self, diff: Difference, operation: str, review: str | None = None) -> None:
        assert diff.rule in DRIFT_RULES, diff.rule
        assert review is None or review in DIFF_RULES, review
        kept = self.found.setdefault(diff.key(), diff)
        if operation not in kept.operations:
            kept.operations.append(operation)
        if review and review not in kept.review:
            kept.review.append(review)

    def differences(self) -> list[Difference]:
        return sorted(self.found.values(), key=lambda d: (d.operation, d.rule, d.ours, d.theirs, str(d.prop), _canonical(d.value)))


class _OperationDrift:
    """The differences inside one operation that both sides have."""

    def __init__(self, ours: dict[str, Any], mine: Operation, doc: Published, theirs: Operation, out: _Collector) -> None:
        self.ours, self.mine, self.doc, self.their_op, self.out = ours, mine, doc, theirs, out
        self.label = mine.label
        self.credentials = _api_key_parameters(ours) | _api_key_parameters(doc.data)

    def add(
        self, rule: str, ours: str, theirs: str, before: Any, after: Any, message: str, review: str | None = None, **extra: Any
    ) -> None:
        self.out.add(Difference(rule, ours, self.doc.file, theirs, before, after, message, **extra), self.label, review)

    def run(self) -> None:
        self.parameters()
        self.request_body()
        self.responses()

    # parameters ------------------------------------------------------------------------------------------

    def _parameters(self, data: dict[str, Any], op: Operation) -> dict[tuple[str, str], _Param]:
        slots = _TEMPLATE_VAR.findall(op.path)
        found: dict[tuple[str, str], _Param] = {}
        for _listed, where, param in located_parameters(data, op):
            place, name = str(param.get("in")), str(param.get("name"))
            if (place == "header" and name.lower() in _IGNORED_HEADERS) or (place, _folded(place, name)) in self.credentials:
                continue
            exploded = _exploded_object(data, param, where)
            if exploded is not None:
                found.update({("query", p.name): p for p in exploded})
                continue
            # path parameters match by their place in the path, not by name
            key = ("path", f"#{slots.index(name)}") if place == "path" and name in slots else (place, _folded(place, name))
            found[key] = _Param(where, param, *_parameter_schema(param, where))
        return found

    def parameters(self) -> None:
        mine = self._parameters(self.ours, self.mine)
        theirs = self._parameters(self.doc.data, self.their_op)
        extra = [key for key in mine if key not in theirs]
        missing = {key: theirs[key] for key in theirs if key not in mine}
        for key in extra:
            where, param = mine[key].where, mine[key].param
            name = str(param.get("name"))
            moved = next((k for k, p in missing.items() if p.name == name), None)
            if moved is not None:
                their_where, their_param = missing[moved].where, missing[moved].param
                self.add(
                    "parameter-location",
                    where,
                    their_where,
                    param.get("in"),
                    their_param.get("in"),
                    f"parameter {name}: in {param.get('in')} here, in {their_param.get('in')} for the vendor",
                    "parameter-location-changed",
                    prop=name,
                )
                self._compare_parameter(mine[key], missing.pop(moved))
                continue
            self.add(
                "parameter-extra",
                where,
                "",
                param.get("in"),
                None,
                f"parameter {name} (in {param.get('in')}) is not published",
                "parameter-removed",
                prop=name,
            )
        for their_where, param in ((p.where, p.param) for p in missing.values()):
            name, required = str(param.get("name")), param.get("required") is True
            self.add(
                "parameter-missing",
                self.mine.pointer,
                their_where,
                None,
                param.get("in"),
                f"published parameter {name} (in {param.get('in')}{', required' if required else ''}) is missing",
                f"parameter-added-{'required' if required else 'optional'}",
                prop=name,
            )
        for key in mine.keys() & theirs.keys():
            self._compare_parameter(mine[key], theirs[key])

    def _compare_parameter(self, ours: _Param, theirs: _Param) -> None:
        where, param, their_where, their = ours.where, ours.param, theirs.where, theirs.param
        name = str(param.get("name"))
        required = (param.get("required") is True) or param.get("in") == "path"
        their_required = (their.get("required") is True) or their.get("in") == "path"
        if required != their_required:
            self.add(
                "parameter-required",
                where,
                their_where,
                required,
                their_required,
                f"parameter {name}: {'required' if required else 'optional'} here, {'required' if their_required else 'optional'} for the vendor",
                f"parameter-became-{'required' if their_required else 'optional'}",
                prop=name,
            )
        style, their_style = _style(param), _style(their)
        if style != their_style:
            self.add(
                "parameter-style",
                where,
                their_where,
                f"{style[0]}, explode={str(style[1]).lower()}",
                f"{their_style[0]}, explode={str(their_style[1]).lower()}",
                f"parameter {name}: serialized differently",
                prop=name,
            )
        _SchemaDrift(self, "parameter").compare(ours.schema, ours.schema_at, theirs.schema, theirs.schema_at)

    # request body and responses ------------------------------------------------------------------------

    def request_body(self) -> None:
        raw, their_raw = self.mine.node.get("requestBody"), self.their_op.node.get("requestBody")
        if raw is None and their_raw is None:
            return
        if raw is None:
            body, where = deref_located(self.doc.data, their_raw, join_pointer(self.their_op.pointer, "requestBody"))
            required = mapping(body).get("required") is True
            self.add(
                "request-body-missing",
                self.mine.pointer,
                where,
                None,
                sorted(mapping(mapping(body).get("content"))),
                "the vendor's operation takes a request body; ours takes none",
                f"request-body-added-{'required' if required else 'optional'}",
            )
            return
        body, where = deref_located(self.ours, raw, join_pointer(self.mine.pointer, "requestBody"))
        if their_raw is None:
            self.add(
                "request-body-extra",
                self.mine.pointer,
                self.their_op.pointer,
                sorted(mapping(mapping(body).get("content"))),
                None,
                "our operation takes a request body; the vendor's takes none",
                "request-body-removed",
            )
            return
        their_body, their_where = deref_located(self.doc.data, their_raw, join_pointer(self.their_op.pointer, "requestBody"))
        required, their_required = mapping(body).get("required") is True, mapping(their_body).get("required") is True
        if required != their_required:
            self.add(
                "request-body-required",
                where,
                their_where,
                required,
                their_required,
                f"request body {'required' if required else 'optional'} here, {'required' if their_required else 'optional'} for the vendor",
                "request-body-became-required" if their_required else None,
            )
        self.content("request", mapping(body), where, mapping(their_body), their_where)

    def responses(self) -> None:
        base, their_base = join_pointer(self.mine.pointer, "responses"), join_pointer(self.their_op.pointer, "responses")
        mine = {_status(k): (str(k), v) for k, v in mapping(self.mine.node.get("responses")).items()}
        theirs = {_status(k): (str(k), v) for k, v in mapping(self.their_op.node.get("responses")).items()}
        their_pointers = {status: join_pointer(their_base, key) for status, (key, _v) in theirs.items()}
        self.one_sided(
            "status", "status", self.mine.pointer, set(mine), their_pointers, their_base, lambda s, c: f"response-{_kind(s)}-{c}"
        )
        for status in sorted(mine.keys() & theirs.keys()):
            response, where = deref_located(self.ours, mine[status][1], join_pointer(base, mine[status][0]))
            their_response, their_where = deref_located(self.doc.data, theirs[status][1], join_pointer(their_base, theirs[status][0]))
            self.content("response", mapping(response), where, mapping(their_response), their_where)

    def one_sided(
        self, what: str, noun: str, ours: str, mine: set[str], theirs: dict[str, str], their_base: str, review: Callable[[str, str], str]
    ) -> None:
        """`<what>-missing` for each key only the vendor has, `<what>-extra` for each only we have (`value:` = key)."""
        for key in sorted(theirs.keys() - mine):
            message = f"the vendor declares {noun} {key}; we do not"
            self.add(f"{what}-missing", ours, theirs[key], None, key, message, review(key, "added"), value=key)
        for key in sorted(mine - theirs.keys()):
            message = f"we declare {noun} {key}; the vendor does not"
            self.add(f"{what}-extra", ours, their_base, key, None, message, review(key, "removed"), value=key)

    def content(self, side: Side, body: dict[str, Any], where: str, their_body: dict[str, Any], their_where: str) -> None:
        mine = {_media(k): k for k in mapping(body.get("content"))}
        theirs = {_media(k): k for k in mapping(their_body.get("content"))}
        their_pointers = {media: join_pointer(their_where, "content", key) for media, key in theirs.items()}
        their_base = join_pointer(their_where, "content") if theirs else their_where
        self.one_sided("content-type", "media type", where, set(mine), their_pointers, their_base, lambda _m, c: f"{side}-content-type-{c}")
        walker = _SchemaDrift(self, side)
        for media in sorted(mine.keys() & theirs.keys()):
            ours_media, their_media = mapping(body["content"][mine[media]]), mapping(their_body["content"][theirs[media]])
            if "schema" not in ours_media and "schema" not in their_media:
                continue
            walker.compare(
                ours_media.get("schema", {}),
                join_pointer(where, "content", mine[media], "schema"),
                their_media.get("schema", {}),
                join_pointer(their_where, "content", theirs[media], "schema"),
            )


def _folded(place: str, name: str) -> str:
    return name.lower() if place == "header" else name


def _api_key_parameters(data: dict[str, Any]) -> set[tuple[str, str]]:
    """(in, name) of every apiKey security scheme: one side may describe the credential as a plain parameter."""
    schemes = mapping(mapping(data.get("components")).get("securitySchemes")).values()
    found = {(str(mapping(s).get("in")), str(mapping(s).get("name"))) for s in schemes if mapping(s).get("type") == "apiKey"}
    return {(place, _folded(place, name)) for place, name in found}


def _status(code: Any) -> str:
    text = str(code)
    return "default" if text.lower() == "default" else text.upper()


def _kind(status: str) -> str:
    return "success" if status.startswith("2") else "error"


def _media(name: str) -> str:
    return name.strip().lower()


def _style(param: dict[str, Any]) -> tuple[str, bool]:
    """(style, explode) with OpenAPI's defaults filled in, so omitted and default-valued read alike."""
    place = param.get("in")
    style = str(param.get("style") or ("form" if place in ("query", "cookie") else "simple"))
    explode = param.get("explode")
    return style, bool(explode) if explode is not None else style == "form"


@dataclass(frozen=True)
class _Param:
    """A parameter as compared: where it is (reported there), the object, and its schema with its pointer."""

    where: str
    param: dict[str, Any]
    schema: Any
    schema_at: str

    @property
    def name(self) -> str:
        return str(self.param.get("name"))


def _exploded_object(data: dict[str, Any], param: dict[str, Any], where: str) -> list[_Param] | None:
    """A `form`/`explode` query parameter with an object schema is one query parameter per property (OpenAPI's
    serialization rules), so it is compared as those; each is reported at its property's declaration."""
    if param.get("in") != "query" or _style(param) != ("form", True) or not isinstance(param.get("schema"), dict):
        return None
    flat = flatten_schema(data, param["schema"], join_pointer(where, "schema"))
    properties = mapping(flat.schema.get("properties"))
    if not properties or flat.schema.get("type", "object") != "object":
        return None
    required = set(flat.schema.get("required") or [])
    return [
        _Param(flat.properties[name], {"name": name, "in": "query", "required": name in required}, node, flat.properties[name])
        for name, node in properties.items()
    ]


def _parameter_schema(param: dict[str, Any], where: str) -> tuple[Any, str]:
    if "schema" in param:
        return param["schema"], join_pointer(where, "schema")
    for media, value in mapping(param.get("content")).items():
        return mapping(value).get("schema", {}), join_pointer(where, "content", media, "schema")
    return {}, where


# schemas ---------------------------------------------------------------------------------------------------


@dataclass
class _View:
    """A schema normalized for comparison (see the module docstring)."""

    pointer: str  # where the schema's own keys live (after $refs and single-alternative wrappers)
    outer: str  # the first node that is not a bare $ref: where nullability is written
    schema: dict[str, Any]
    properties: dict[str, str]  # property name -> pointer of its declaration
    types: frozenset[str]  # JSON types without "null"; empty = any
    nullable: bool
    enum: list[Any] | None
    alternatives: list[tuple[Any, str]] = field(default_factory=list)  # oneOf/anyOf members but null, unexpanded

    @property
    def name(self) -> str:
        """A component name, else the type as a reviewer reads it: how union alternatives are paired and shown."""
        if self.pointer.startswith(_SCHEMA_PREFIX) and self.pointer.count("/") == 3:
            return self.pointer[len(_SCHEMA_PREFIX) :]
        return _show_types(self.types)


def _show_types(types: frozenset[str]) -> str:
    return "|".join(sorted(types)) or "any"


def _is_null(schema: dict[str, Any]) -> bool:
    declared = schema.get("type")
    return declared == "null" or declared == ["null"] or schema.get("enum") == [None] or ("const" in schema and schema["const"] is None)


def _view(doc: Any, node: Any, pointer: str, nullable: bool = False, outer: str | None = None, depth: int = 0) -> _View:
    raw, where = deref_located(doc, node, pointer)
    raw = mapping(raw)
    outer = where if outer is None else outer
    nullable = nullable or raw.get("nullable") is True
    structural = ("type", "properties", "items", "enum", "const")
    if depth < _MAX_DEPTH and not any(k in raw for k in structural):
        # a wrapper: `allOf: [X]`, `anyOf: [X, {type: null}]`, `oneOf: [X]` (with description, nullable...) is X
        members = [(key, i, m) for key in ("allOf", "oneOf", "anyOf") for i, m in enumerate(_members(raw, key))]
        real = [(key, i, m) for key, i, m in members if not _is_null(mapping(deref_located(doc, m, "")[0]))]
        if len(real) == 1 and (len(members) == 1 or real[0][0] != "allOf"):
            key, index, member = real[0]
            null_alternative = len(members) > len(real)
            return _view(doc, member, join_pointer(where, key, index), nullable or null_alternative, outer, depth + 1)
    flat = flatten_schema(doc, raw, where)
    schema = flat.schema
    declared = schema.get("type")
    types = set(declared) if isinstance(declared, list) else {declared} if isinstance(declared, str) else set()
    if "null" in types:
        nullable, types = True, types - {"null"}
    enum = schema.get("enum") if isinstance(schema.get("enum"), list) else [schema["const"]] if "const" in schema else None
    if enum is not None and None in enum:
        nullable, enum = True, [v for v in enum if v is not None]
    if not types and schema.get("properties"):
        types = {"object"}
    elif not types and "items" in schema:
        types = {"array"}
    view = _View(flat.pointer, outer, schema, flat.properties, frozenset(str(t) for t in types), nullable, enum)
    for key in ("oneOf", "anyOf"):
        for index, member in enumerate(_members(schema, key)):
            if _is_null(mapping(deref_located(doc, member, "")[0])):
                view.nullable = True
            else:
                view.alternatives.append((member, join_pointer(flat.pointer, key, index)))
    return view


class _SchemaDrift:
    """Walks our schema and theirs in parallel for one operation and side."""

    def __init__(self, op: _OperationDrift, side: Side) -> None:
        self.op, self.side = op, side
        self.seen: set[tuple[str, bool, str, bool]] = set()

    def compare(self, ours: Any, where: str, theirs: Any, their_where: str, depth: int = 0) -> None:
        a = _view(self.op.ours, ours, where)
        b = _view(self.op.doc.data, theirs, their_where)
        self._pair(a, b, depth)

    def _pair(self, a: _View, b: _View, depth: int, nullable: bool = True) -> None:
        key = (a.pointer, a.nullable and nullable, b.pointer, b.nullable and nullable)
        if key in self.seen or depth > _MAX_DEPTH:
            return
        self.seen.add(key)
        if a.alternatives or b.alternatives:
            self._unions(a, b, depth)
        else:
            self._plain(a, b, depth, nullable)

    def add(self, rule: str, a: _View, b: _View, before: Any, after: Any, message: str, review: str | None = None, **extra: Any) -> None:
        self.op.add(rule, a.pointer, b.pointer, before, after, message, review, **extra)

    def _nullable(self, a: _View, b: _View) -> None:
        if a.nullable == b.nullable:
            return
        if self.side == "response":
            review = "response-field-became-nullable" if b.nullable else "response-field-type-narrowed"
        else:
            review = RULES[self.side]["type-ok" if b.nullable else "type-bad"]
        message = "the vendor allows null; we do not" if b.nullable else "we allow null; the vendor does not"
        self.op.add("schema-nullable", a.outer, b.outer, a.nullable, b.nullable, message, review)

    def _plain(self, a: _View, b: _View, depth: int, nullable: bool = True) -> None:
        if nullable:
            self._nullable(a, b)
        if a.types != b.types:
            review = type_change_rule(self.side, type_set(a.schema) - {"null"}, type_set(b.schema) - {"null"})
            self.add(
                "schema-type",
                a,
                b,
                _show_types(a.types),
                _show_types(b.types),
                f"type {_show_types(a.types)} here, {_show_types(b.types)} for the vendor",
                review if review != "response-field-became-nullable" else None,
            )
            if not (a.types & b.types):
                return  # nothing more is comparable (an untyped side admits anything)
        fmt, their_fmt = a.schema.get("format"), b.schema.get("format")
        if fmt != their_fmt:
            review = type_change_rule(self.side, type_set(a.schema), type_set(b.schema))
            self.add("schema-format", a, b, fmt, their_fmt, f"format {fmt} here, {their_fmt} for the vendor", review)
        self._enum(a, b)
        if "object" in a.types and "object" in b.types:
            self._properties(a, b, depth)
        if "array" in a.types and "array" in b.types and ("items" in a.schema or "items" in b.schema):
            self.compare(
                a.schema.get("items", {}),
                join_pointer(a.pointer, "items"),
                b.schema.get("items", {}),
                join_pointer(b.pointer, "items"),
                depth + 1,
            )
        if isinstance(a.schema.get("additionalProperties"), dict) and isinstance(b.schema.get("additionalProperties"), dict):
            self.compare(
                a.schema["additionalProperties"],
                join_pointer(a.pointer, "additionalProperties"),
                b.schema["additionalProperties"],
                join_pointer(b.pointer, "additionalProperties"),
                depth + 1,
            )

    def _enum(self, a: _View, b: _View) -> None:
        rules = RULES[self.side]
        if a.enum is None and b.enum is None:
            return
        if a.enum is None or b.enum is None:
            limited = "we" if b.enum is None else "the vendor"
            review = rules["enum-gained" if b.enum is None else "enum-lost"]
            self.add("schema-enum", a, b, a.enum, b.enum, f"only {limited} limit the values to an enum", review)
            return
        mine, theirs = {_canonical(v): v for v in a.enum}, {_canonical(v): v for v in b.enum}
        for key in theirs.keys() - mine.keys():
            value = theirs[key]
            self.add("schema-enum", a, b, None, value, f"the vendor lists {value!r}; we do not", rules["enum-gained"], value=value)
        for key in mine.keys() - theirs.keys():
            value = mine[key]
            self.add("schema-enum", a, b, value, None, f"we list {value!r}; the vendor does not", rules["enum-lost"], value=value)

    def _properties(self, a: _View, b: _View, depth: int) -> None:
        mine, theirs = mapping(a.schema.get("properties")), mapping(b.schema.get("properties"))
        required, their_required = set(a.schema.get("required") or []), set(b.schema.get("required") or [])
        hidden = "writeOnly" if self.side == "response" else "readOnly"
        prefix = "response" if self.side == "response" else "request"
        for name in sorted(theirs.keys() - mine.keys()):
            node, where = deref_located(self.op.doc.data, theirs[name], b.properties[name])
            if mapping(node).get(hidden) is True:
                continue
            needed = name in their_required
            review = "response-field-added" if self.side == "response" else f"request-field-added-{'required' if needed else 'optional'}"
            self.op.add(
                "property-missing",
                a.pointer,
                where,
                None,
                _show_types(_view(self.op.doc.data, node, where).types),
                f"the vendor declares {'required ' if needed else ''}property {name}; we do not",
                review if self.side != "parameter" else None,
                prop=name,
            )
        for name in sorted(mine.keys() - theirs.keys()):
            node, where = deref_located(self.op.ours, mine[name], a.properties[name])
            if mapping(node).get(hidden) is True:
                continue
            self.op.add(
                "property-extra",
                where,
                b.pointer,
                _show_types(_view(self.op.ours, node, where).types),
                None,
                f"we declare property {name}; the vendor does not",
                f"{prefix}-field-removed" if self.side != "parameter" else None,
                prop=name,
            )
        for name in sorted(mine.keys() & theirs.keys()):
            if (name in required) != (name in their_required):
                now = "required" if name in their_required else "optional"
                self.add(
                    "schema-required",
                    a,
                    b,
                    name in required,
                    name in their_required,
                    f"property {name} is {'required' if name in required else 'optional'} here, {now} for the vendor",
                    f"{prefix}-field-became-{now}" if self.side != "parameter" else None,
                    prop=name,
                )
            self.compare(mine[name], a.properties[name], theirs[name], b.properties[name], depth + 1)

    def _unions(self, a: _View, b: _View, depth: int) -> None:
        """Pair the alternatives by component name, then by type, then objects by shared property names, then
        a last single pair; report what stays unpaired (one side only: schema-type, both: schema-unclassified)."""
        self._nullable(a, b)
        ours_doc, their_doc = self.op.ours, self.op.doc.data
        mine = [_view(ours_doc, *alt) for alt in a.alternatives] or [a]
        theirs = [_view(their_doc, *alt) for alt in b.alternatives] or [b]
        all_mine, all_theirs = list(mine), list(theirs)
        pairs: list[tuple[_View, _View]] = []
        for by_name in (True, False):
            for alt in list(mine):
                candidates = [t for t in theirs if t.name == alt.name] if by_name else [t for t in theirs if t.types == alt.types]
                clashing = [m for m in mine if m.types == alt.types] if not by_name else [alt]
                if len(candidates) == 1 and len(clashing) == 1:
                    pairs.append((alt, candidates[0]))
                    mine.remove(alt)
                    theirs.remove(candidates[0])
        while mine and theirs:
            scored = [(_overlap(m, t), i, j) for i, m in enumerate(mine) for j, t in enumerate(theirs)]
            score, i, j = max(scored)
            if score <= 0 and not (len(mine) == 1 and len(theirs) == 1):
                break
            pairs.append((mine.pop(i), theirs.pop(j)))
        if mine or theirs:
            before, after = [v.name for v in all_mine], [v.name for v in all_theirs]
            shown = f"{' | '.join(before)} here, {' | '.join(after)} for the vendor"
            if mine and theirs:
                self.add("schema-unclassified", a, b, before, after, f"union alternatives cannot be paired: {shown}")
            else:
                review = RULES[self.side][
                    "type-bad" if (theirs and self.side == "response") or (mine and self.side != "response") else "type-ok"
                ]
                self.add("schema-type", a, b, before, after, f"alternatives differ: {shown}", review)
        for alt, their_alt in pairs:
            # the union's own nullability was compared above; a plain side stands for itself as an alternative
            if alt is a and their_alt is b:
                self._plain(a, b, depth + 1, nullable=False)
            else:
                self._pair(alt, their_alt, depth + 1, nullable=not (alt is a or their_alt is b))


def _overlap(a: _View, b: _View) -> float:
    """How alike two object alternatives are: the share of property names in common, plus one for each shared
    property whose inline enum/const values meet (a discriminator: problem `type` URLs), minus one when they
    do not. 0 when either is not an object."""
    mine, theirs = mapping(a.schema.get("properties")), mapping(b.schema.get("properties"))
    if not (mine.keys() | theirs.keys()) or "object" not in a.types or "object" not in b.types:
        return 0.0
    score = len(mine.keys() & theirs.keys()) / len(mine.keys() | theirs.keys())
    for name in mine.keys() & theirs.keys():
        values, their_values = _fixed_values(mine[name]), _fixed_values(theirs[name])
        if values and their_values:
            score += 1 if values & their_values else -1
    return score


def _fixed_values(schema: Any) -> set[str]:
    node = mapping(schema)
    values = _members(node, "enum") or ([node["const"]] if "const" in node else [])
    return {_canonical(v) for v in values}


def _members(schema: dict[str, Any], key: str) -> list[Any]:
    value = schema.get(key)
    return value if isinstance(value, list) else []
