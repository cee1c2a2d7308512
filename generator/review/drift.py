"""Our spec against the vendor's published OpenAPI description(s): every difference, classified and located.

Operations are matched by method and path, else by path shape (`{id}` and `{productId}` are the same slot;
see match_operations). Inside a pair
the parameters, status codes, request body, media types and schemas are compared; each difference gets a
drift rule id (catalog.DRIFT_RULES), the pointer of OUR node it belongs to (through `$ref`: the referenced
component, so one `x-deviation` there covers every use; but `property-extra` at the property's declaration,
which names the use), the pointer into THEIR file, and our value -> theirs.

Schemas are compared by driftschema.py. The same difference reached from several operations (a shared
component) is kept once, listing the operations.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..load import join_pointer
from .catalog import DIFF_RULES, DRIFT_RULES, Level
from .driftschema import SchemaDrift, canonical
from .schemadiff import Side
from .walk import Operation, deref, deref_located, flatten_schema, iter_operations, located_parameters, mapping

__all__ = ["Difference", "Published", "compare"]

_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})  # OpenAPI: described elsewhere
_TEMPLATE_VAR = re.compile(r"\{([^}]*)\}")
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
        return (self.rule, self.ours, self.their_file, self.theirs, str(self.prop), canonical(self.value))

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


def _shape(path: str) -> str:
    return _TEMPLATE_VAR.sub("{}", path)


def compare(ours: dict[str, Any], published: list[Published]) -> list[Difference]:
    """Every difference between our bundled spec and the published descriptions, in a stable order."""
    out = _Collector()
    mine = list(iter_operations(ours))
    theirs = [(doc, op) for doc in published for op in iter_operations(doc.data)]
    pairs, extra, missing = match_operations(mine, theirs)
    for op in extra:
        message = f"{op.label} is not in the published description"
        out.add(Difference("operation-extra", op.pointer, "", "", op.label, None, message), op.label, "operation-removed")
    for doc, op in missing:
        diff = Difference("operation-missing", "", doc.file, op.pointer, None, op.label, f"{op.label} is published; our spec lacks it")
        out.add(diff, op.label, "operation-added")
    for op, (doc, their_op) in pairs:
        _OperationDrift(ours, op, doc, their_op, out).run()
    return out.differences()


Theirs = tuple[Published, Operation]


def match_operations(mine: list[Operation], theirs: list[Theirs]) -> tuple[list[tuple[Operation, Theirs]], list[Operation], list[Theirs]]:
    """(pairs, ours only, theirs only): the same method and path first, then the same method and path shape
    where that shape names exactly one operation on each side. Several operations of one shape (InvoiceXpress
    `/{invoices-type}.json` and `/{guides-type}.json`) are never paired by guesswork: left over, they are
    reported as extra and missing."""
    pairs: list[tuple[Operation, Theirs]] = []
    exact: dict[tuple[str, str], Theirs] = {}
    published_twice: list[Theirs] = []  # the same operation in two of the vendor's files
    for doc, op in theirs:
        if (op.method, op.path) in exact:
            published_twice.append((doc, op))
        else:
            exact[(op.method, op.path)] = (doc, op)
    rest_mine = []
    for op in mine:
        found = exact.pop((op.method, op.path), None)
        if found is None:
            rest_mine.append(op)
        else:
            pairs.append((op, found))
    paired = {(op.method, op.path): op for op, _theirs in pairs}
    for doc, op in published_twice:  # compared with ours too, so no file's word is dropped
        if (op.method, op.path) in paired:
            pairs.append((paired[(op.method, op.path)], (doc, op)))
    rest_theirs = [*exact.values(), *(t for t in published_twice if (t[1].method, t[1].path) not in paired)]
    by_shape: dict[tuple[str, str], tuple[list[Operation], list[Theirs]]] = {}
    for op in rest_mine:
        by_shape.setdefault((op.method, _shape(op.path)), ([], []))[0].append(op)
    for doc, op in rest_theirs:
        by_shape.setdefault((op.method, _shape(op.path)), ([], []))[1].append((doc, op))
    extra: list[Operation] = []
    missing: list[Theirs] = []
    for ours_group, theirs_group in by_shape.values():
        if len(ours_group) == 1 and len(theirs_group) == 1:
            pairs.append((ours_group[0], theirs_group[0]))
        else:
            extra += ours_group
            missing += theirs_group
    return pairs, extra, missing


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
        return sorted(self.found.values(), key=lambda d: (d.operation, d.rule, d.ours, d.theirs, str(d.prop), canonical(d.value)))


class _OperationDrift:
    """The differences inside one operation that both sides have."""

    def __init__(self, ours: dict[str, Any], mine: Operation, doc: Published, theirs: Operation, out: _Collector) -> None:
        self.ours, self.mine, self.doc, self.their_op, self.out = ours, mine, doc, theirs, out
        self.label = mine.label

    def add(
        self, rule: str, ours: str, theirs: str, before: Any, after: Any, message: str, review: str | None = None, **extra: Any
    ) -> None:
        self.out.add(Difference(rule, ours, self.doc.file, theirs, before, after, message, **extra), self.label, review)

    def run(self) -> None:
        self.parameters()
        self.request_body()
        self.responses()

    # parameters ------------------------------------------------------------------------------------------

    def _parameters(self, data: dict[str, Any], op: Operation, credentials: set[tuple[str, str]]) -> dict[tuple[str, str], _Param]:
        """Our or their parameters by slot, without the ignored headers and the `credentials` (in, name)."""
        slots = _TEMPLATE_VAR.findall(op.path)
        found: dict[tuple[str, str], _Param] = {}
        for _listed, where, param in located_parameters(data, op):
            place, name = str(param.get("in")), str(param.get("name"))
            if (place == "header" and name.lower() in _IGNORED_HEADERS) or (place, _folded(place, name)) in credentials:
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
        # A credential one side sends through an apiKey security scheme of this operation may be a plain
        # parameter on the other side: that parameter is the same credential, not a difference. Only then:
        # a credential parameter on both sides is compared, and one facing an unsecured operation is drift.
        ours_secured, theirs_secured = _api_keys(self.ours, self.mine), _api_keys(self.doc.data, self.their_op)
        ours_declared, theirs_declared = _declared(self.ours, self.mine), _declared(self.doc.data, self.their_op)
        mine = self._parameters(self.ours, self.mine, theirs_secured - theirs_declared)
        theirs = self._parameters(self.doc.data, self.their_op, ours_secured - ours_declared)
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
        SchemaDrift(self.ours, self.doc.data, "parameter", self.add).compare(ours.schema, ours.schema_at, theirs.schema, theirs.schema_at)

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
        walker = SchemaDrift(self.ours, self.doc.data, side, self.add)
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


def _api_keys(data: dict[str, Any], op: Operation) -> set[tuple[str, str]]:
    """(in, name) of the apiKey security schemes the operation may be called with (its own `security`, else
    the document's)."""
    requirements = op.node.get("security", data.get("security"))
    schemes = mapping(mapping(data.get("components")).get("securitySchemes"))
    found: set[tuple[str, str]] = set()
    for requirement in requirements if isinstance(requirements, list) else []:
        for name in mapping(requirement):
            scheme = mapping(deref(data, schemes.get(name)))
            if scheme.get("type") == "apiKey":
                place = str(scheme.get("in"))
                found.add((place, _folded(place, str(scheme.get("name")))))
    return found


def _declared(data: dict[str, Any], op: Operation) -> set[tuple[str, str]]:
    """(in, name) of the operation's parameters."""
    params = (param for _listed, _where, param in located_parameters(data, op))
    return {(str(p.get("in")), _folded(str(p.get("in")), str(p.get("name")))) for p in params}


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
    # A property is required on the wire only when the object parameter itself is required.
    required = set(flat.schema.get("required") or []) if param.get("required") is True else set()
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
