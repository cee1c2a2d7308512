# Copied from the generator's runtime (generator/runtime/_tolerant.py); do not edit by hand.
"""Tolerant, lossless parsing of 2xx bodies (see docs/runtime.md, "Tolerant, lossless parsing").

The fast path is plain pydantic: the whole body validated at once (`validate_json` when nothing is
unwrapped). The model types are chosen so that what validates there also dumps back unchanged (`_wire`).
Only when that fails does `tolerant_validate` walk the declared type next to the data:

- a model is built field by field (`model_construct`); a field whose value is fine is set as usual; a
  field whose value does not fit gets the closest python value (a number parsed from `"12.50"`, `None`
  for `"0000-00-00"`) but stays *unset*, and the value as received is kept in the model's extras under
  its wire key, so `model_dump(mode="json", by_alias=True, exclude_unset=True)` gives back exactly the
  body, and `model_extra` shows it;
- a missing required field is `None` (and unset); undeclared keys stay in the extras as always;
- an enum value the spec does not list becomes a member of the enum class made for that value
  (`Status("sent")` works, `status == "sent"`, dumps as `"sent"`);
- every such place is a `ValidationIssue` (JSON pointer, expected, got), attached to the model it
  belongs to (`model.validation_issues`) and returned for the whole body.

A key sent under a field's python name (`pdf_url` where the spec says `pdfUrl`) must come back as sent, but
pydantic (populating by name) would read it into the field and dump it under the alias, with no trace of
the key it used. So when the raw body mentions such a name (`mentions_python_names`, a byte scan), the body
is validated by alias only (`tolerant_validate(..., by_name=False)`): the key stays in the extras, and is
then also read into its field, left unset, and reported (`sent as 'pdf_url'; the spec says 'pdfUrl'`).

Requests never come here: what a caller builds is validated by pydantic as declared.
"""

from __future__ import annotations

import enum
import re
import threading
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, NamedTuple, TypeVar, Union, cast, get_args, get_origin

import httpx
import pydantic
from pydantic.fields import FieldInfo
from pydantic_core import SchemaValidator

from ._exceptions import header_request_id
from ._issues import ISSUES_KEY as _ISSUES_KEY
from ._issues import ValidationIssue, validation_issues
from ._json import type_adapter
from ._logging import is_secret_name, redact_text
from ._wire import WireFloat, WireInt, _number_from_text

__all__ = [
    "ValidationIssue",
    "WireModel",
    "attach_request_id",
    "mentions_python_names",
    "tolerant_validate",
    "validation_issues",
]

_REQUEST_ID_KEY = "request_id"


class WireModel(pydantic.BaseModel):
    """Base of every generated model: `validation_issues` says where a parsed answer differed from the spec."""

    # A property named like a pydantic method becomes `model_dump_` (the generator renames every real clash);
    # pydantic's default `model_` namespace check would still warn about it when the package is imported.
    model_config = pydantic.ConfigDict(protected_namespaces=())

    @property
    def validation_issues(self) -> tuple[ValidationIssue, ...]:
        """Deviations found while parsing this object (and the objects inside it); empty when it matched."""
        private = self.__pydantic_private__
        found = private.get(_ISSUES_KEY) if isinstance(private, dict) else None
        return found if isinstance(found, tuple) else ()

    @property
    def _request_id(self) -> str | None:
        """The server's id for the exchange that returned this object (`X-Request-Id` and the like), as
        OpenAI's SDK has it; None when the server sent none or the object was not parsed from an answer."""
        private = self.__pydantic_private__
        found = private.get(_REQUEST_ID_KEY) if isinstance(private, dict) else None
        return found if isinstance(found, str) else None


def attach_request_id(model: pydantic.BaseModel, headers: httpx.Headers) -> None:
    """Note the answer's request id on a parsed model; nothing is stored when there is none (so a parsed
    model still equals one built with the same values)."""
    request_id = header_request_id(headers)
    if request_id is not None:
        private = model.__pydantic_private__ if isinstance(model.__pydantic_private__, dict) else {}
        object.__setattr__(model, "__pydantic_private__", {**private, _REQUEST_ID_KEY: request_id})


_T = TypeVar("_T")


def _per_type(fn: Callable[[Any], _T]) -> Callable[[Any], _T]:
    """Memoize a function of a type by identity: the walk asks the same questions of the same (cached)
    annotation objects for every item of a list, and hashing typing objects is slow."""
    cache: dict[int, tuple[Any, _T]] = {}

    def wrapper(tp: Any) -> _T:
        entry = cache.get(id(tp))
        if entry is not None and entry[0] is tp:
            return entry[1]
        result = fn(tp)
        cache[id(tp)] = (tp, result)  # keeps tp alive, so its id is not reused
        return result

    return wrapper


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, list):
        return "array"
    return type(value).__name__


@_per_type
def _describe(tp: Any) -> str:
    base, _ = _split(tp)
    if get_origin(base) in (Union, types.UnionType):
        return " | ".join(_describe(a) for a in get_args(base))
    if base is type(None):
        return "null"
    if isinstance(base, type):
        return base.__name__
    return str(base).replace("typing.", "")


@_per_type
def _split(tp: Any) -> tuple[Any, tuple[Any, ...]]:
    """(type, the constraints among its Annotated metadata: bounds, lengths, patterns; not strictness,
    validators or serializers)."""
    if get_origin(tp) is Annotated:
        args = get_args(tp)
        inner, meta = _split(args[0])
        return inner, meta + tuple(m for m in args[1:] if _is_constraint(m))
    return tp, ()


def _is_constraint(meta: Any) -> bool:
    return not isinstance(meta, (pydantic.Strict, FieldInfo)) and not type(meta).__module__.startswith(
        "pydantic.functional_"
    )


class _Kind(enum.Enum):
    UNION = "union"
    ROOT = "root model"
    MODEL = "model"
    SEQUENCE = "sequence"
    MAPPING = "mapping"
    ENUM = "enum"
    OTHER = "other"


@_per_type
def _plan(tp: Any) -> tuple[Any, tuple[Any, ...], _Kind]:
    """(type, constraints, which branch of the walk): asked for every off-spec value, answered once per type."""
    base, meta = _split(tp)
    origin = get_origin(base)
    if origin in (Union, types.UnionType):
        kind = _Kind.UNION
    elif isinstance(base, type) and issubclass(base, pydantic.RootModel):
        kind = _Kind.ROOT
    elif isinstance(base, type) and issubclass(base, pydantic.BaseModel):
        kind = _Kind.MODEL
    elif origin in (list, tuple, set, frozenset):
        kind = _Kind.SEQUENCE
    elif origin in (dict, Mapping):
        kind = _Kind.MAPPING
    elif isinstance(base, type) and issubclass(base, enum.Enum):
        kind = _Kind.ENUM
    else:
        kind = _Kind.OTHER
    return base, meta, kind


@_per_type
def _union_members(tp: Any) -> tuple[tuple[tuple[Any, Any, _Kind], ...], tuple[Any] | None]:
    """A union's members but null, each with its type and kind, and (as a 1-tuple) the type a scalar value
    is judged against when no member's shape fits: the only member, or the union when all are scalars."""
    base, _ = _split(tp)
    candidates = [m for m in get_args(base) if m is not type(None)]
    rows = tuple((m, *_plan(m)[::2]) for m in candidates)
    scalar = (
        (candidates[0] if len(candidates) == 1 else tp,)
        if len(candidates) == 1 or all(_is_scalar(m) for m in candidates)
        else None
    )
    return rows, scalar


class _TypeInfo:
    """What the walk asks of a type, answered once (`_info`): one lookup per value instead of one per question."""

    __slots__ = ("adapter", "base", "described", "kind", "meta", "numeric", "scalar", "shaped", "tp", "wants")

    def __init__(self, tp: Any) -> None:
        self.tp = tp
        self.base, self.meta, self.kind = _plan(tp)
        self.described = _describe(tp)
        self.wants = _scalar_kinds(tp)
        self.numeric = bool(self.wants & {"int", "float"})
        members, scalar = _union_members(tp) if self.kind is _Kind.UNION else ((), None)
        # the members a value's shape can pick (models, containers, enums), in order; scalars are judged after
        self.shaped = tuple(m for m in members if m[2] is not _Kind.OTHER)
        self.scalar = scalar is not None  # a union whose members' shapes do not fit is judged as a scalar
        self.adapter: pydantic.TypeAdapter[Any] | None = None

    def build_adapter(self) -> pydantic.TypeAdapter[Any]:
        self.adapter = _adapter(self.tp)
        return self.adapter


_info = _per_type(_TypeInfo)


class _Walker:
    def __init__(self, by_name: bool = True) -> None:
        self.issues: list[ValidationIssue] = []
        # by_name=False: keys under a field's python name are not read by pydantic (they stay extras; `adopt`)
        self.by_name = by_name
        # for `_got`: a long list repeats the same keys, and often the same off-spec values
        self._secret: dict[str, bool] = {}
        self._redacted: dict[str, str] = {}

    def add(self, pointer: str, tp: Any, value: Any, message: str) -> None:
        self.report(pointer, _describe(tp), value, message)

    def report(self, pointer: str, expected: str, value: Any, message: str) -> None:
        key = pointer.rsplit("/", 1)[-1]
        self.issues.append(ValidationIssue(pointer, expected, self._got(value, key), message))

    def _got(self, value: Any, key: str) -> str:
        """What was received, short and never a secret: the JSON type, and scalars' text unless the key names a
        credential (redacted all the same). The answers to the slow questions are kept for the walk."""
        kind = _json_type(value)
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            return kind
        secret = self._secret.get(key)
        if secret is None:
            secret = self._secret[key] = is_secret_name(key)
        if secret:
            return kind
        text = repr(value)
        line = f"{kind} {text[:40]}{'...' if len(text) > 40 else ''}"
        found = self._redacted.get(line)
        if found is None:
            found = self._redacted[line] = redact_text(line)
        return found

    def value(self, tp: Any, raw: Any, pointer: str) -> tuple[Any, bool]:
        """(python value, exact): exact means the value dumps back to `raw` unchanged."""
        info = _info(tp)
        try:
            adapter = info.adapter if info.adapter is not None else info.build_adapter()
            return _validate(adapter, raw, self.by_name), True
        except pydantic.ValidationError as exc:
            return self._mismatch(info, raw, pointer, exc, None)
        except Exception:  # a type pydantic cannot build an adapter for: keep the data
            return raw, True

    def _mismatch(
        self, info: _TypeInfo, raw: Any, pointer: str, error: pydantic.ValidationError | None, failing: set[str] | None
    ) -> tuple[Any, bool]:
        """`value` for data pydantic rejected as `info.tp`: `error` is what it said, or (an item of a list walked
        at once, `_items`) `failing` the keys its errors named."""
        tp, base, meta, kind = info.tp, info.base, info.meta, info.kind
        if kind is _Kind.UNION:
            return self._union(info, raw, pointer)
        if kind is _Kind.ROOT:
            value, exact = self.value(_field_type(base, "root"), raw, pointer)
            return base.model_construct(root=value if exact else raw), True
        if kind is _Kind.MODEL:
            if isinstance(raw, Mapping):
                if error is not None:
                    failing = {
                        str(e["loc"][0])
                        for e in error.errors(include_url=False, include_context=False, include_input=False)
                        if e["loc"]
                    }
                return self.model(base, raw, pointer, failing if base is tp else None), True
            self.add(pointer, base, raw, "not an object")
            return None, False
        if kind is _Kind.SEQUENCE and isinstance(raw, list):
            item_tp = (get_args(base) or (Any,))[0]
            whole_list = get_origin(base) is list and base is tp
            failures = _item_failures(error, len(raw)) if whole_list and error is not None else None
            if failures is not None:
                pairs = self._items(item_tp, raw, pointer, failures)
            else:
                pairs = [self.value(item_tp, item, f"{pointer}/{i}") for i, item in enumerate(raw)]
            if meta:  # constraints on the list itself (min/max items): report, keep the items
                self.report(pointer, info.described, raw, "outside the declared constraints")
            return [v for v, _ in pairs], all(e for _, e in pairs) and not meta
        if kind is _Kind.MAPPING and isinstance(raw, Mapping):
            value_tp = (get_args(base) or (Any, Any))[-1]
            pairs_d = {k: self.value(value_tp, v, f"{pointer}/{_escape(str(k))}") for k, v in raw.items()}
            return {k: v for k, (v, _) in pairs_d.items()}, all(e for _, e in pairs_d.values())
        if kind is _Kind.ENUM:
            member = _open_member(base, raw)
            if member is not None:
                self.add(pointer, base, raw, "value not in the declared enum (kept)")
                return member, True
        return self._scalar(info, raw, pointer)

    def _items(
        self, item_tp: Any, raw: list[Any], pointer: str, failures: dict[int, set[str]]
    ) -> list[tuple[Any, bool]]:
        """The items of a list pydantic rejected, from its errors (`_item_failures`): the items it named are
        walked, knowing already what failed in each; the others are validated together, in one call."""
        passing = [item for i, item in enumerate(raw) if i not in failures]
        try:
            good = iter(_validate(_list_adapter(item_tp), passing, self.by_name) if passing else ())
        except Exception:  # they did validate inside the list; should they not alone, each is walked
            return [self.value(item_tp, item, f"{pointer}/{i}") for i, item in enumerate(raw)]
        info = _info(item_tp)
        return [
            (next(good), True) if i not in failures else self._mismatch(info, item, f"{pointer}/{i}", None, failures[i])
            for i, item in enumerate(raw)
        ]

    def _union(self, info: _TypeInfo, raw: Any, pointer: str) -> tuple[Any, bool]:
        if raw is None:
            self.report(pointer, info.described, raw, "null where the spec does not allow it")
            return None, True
        for member, base, kind in info.shaped:  # the member whose shape fits the data, walked tolerantly
            if kind is _Kind.MODEL or kind is _Kind.ROOT:
                if isinstance(raw, Mapping):
                    return self.value(member, raw, pointer)
            elif kind is _Kind.SEQUENCE:
                if isinstance(raw, list):
                    return self.value(member, raw, pointer)
            elif kind is _Kind.MAPPING:
                if isinstance(raw, Mapping):
                    return self.value(member, raw, pointer)
            elif kind is _Kind.ENUM and (member_value := _open_member(base, raw)) is not None:
                self.add(pointer, base, raw, "value not in the declared enum (kept)")
                return member_value, True
        if info.scalar:
            return self._scalar(info, raw, pointer)
        self.report(pointer, info.described, raw, "matches none of the declared types")
        return raw, True

    def _scalar(self, info: _TypeInfo, raw: Any, pointer: str) -> tuple[Any, bool]:
        """A value of the wrong scalar kind: the closest python value, reported; the raw value is kept by the caller."""
        expected = info.described
        if raw is None:
            self.report(pointer, expected, raw, "null where the spec does not allow it")
            return None, True
        wants = info.wants
        if info.numeric and isinstance(raw, str):
            try:
                number: WireInt | WireFloat = _number_from_text(raw)
            except ValueError:
                pass
            else:
                if "float" in wants or isinstance(number, WireInt):
                    self.report(pointer, expected, raw, "a numeric string where a number is declared")
                    return (number if "int" in wants else float(number)), False
        if isinstance(raw, (int, float)) and not isinstance(raw, bool) and "str" in wants:
            self.report(pointer, expected, raw, "a number where a string is declared")
            return str(raw), False
        if isinstance(raw, float) and raw.is_integer() and "int" in wants:
            self.report(pointer, expected, raw, "a float where an integer is declared")
            return int(raw), False
        message = "does not match the declared type" if not info.meta else "outside the declared constraints"
        self.report(pointer, expected, raw, message)
        return (raw if info.meta and _json_type(raw) in wants_json(wants) else None), False

    def model(
        self, cls: type[pydantic.BaseModel], raw: Mapping[str, Any], pointer: str, failing: set[str] | None = None
    ) -> pydantic.BaseModel:
        """The model built field by field. `failing`: the wire keys pydantic reported; the other fields are
        then validated in one go (a copy of the class with every field optional) instead of one by one."""
        start = len(self.issues)
        shape = _shape(cls)
        values: dict[str, Any] = {}
        fields_set: set[str] = set()
        inexact: set[str] = set()
        validated = _validate_rest(cls, raw, failing, self.by_name) if failing else None
        by_name = self.by_name
        for name, key, field_type, field, at_key, at_name, required, default in shape.fields:
            if key in raw:
                if validated is not None and failing is not None and key not in failing:
                    values[name] = validated[name]
                    fields_set.add(name)
                    continue
                value, exact = self.value(field_type, raw[key], pointer + at_key)
                values[name] = value
                if exact:
                    fields_set.add(name)
                else:
                    inexact.add(key)
            elif key != name and name in raw and by_name:  # sent under the python name: readable, dumped as sent
                self.add(pointer + at_name, field.annotation, raw[name], f"sent as {name!r}; the spec says {key!r}")
                values[name], _ = self.value(field_type, raw[name], pointer + at_name)
            elif key != name and name in raw:  # by alias only: the key stays an extra, `adopt` reads it
                values[name] = None if required else _default(field, default)
            elif required:
                self.issues.append(
                    ValidationIssue(pointer + at_key, _describe(field.annotation), "nothing", "required field missing")
                )
                values[name] = None
            else:
                values[name] = _default(field, default)
        keys = shape.keys  # a field's wire key present in `raw` is read into the field (a default otherwise)
        extras = {k: v for k, v in raw.items() if k not in keys or k in inexact}
        mine = tuple(self.issues[start:])
        if shape.direct:  # what model_construct does with these values, without its per-field search
            model = cls.__new__(cls)
            object.__setattr__(model, "__dict__", values)
            object.__setattr__(model, "__pydantic_fields_set__", fields_set)
            object.__setattr__(model, "__pydantic_extra__", extras if shape.extra_allowed else None)
            object.__setattr__(model, "__pydantic_private__", {_ISSUES_KEY: mine} if mine else None)
            return model
        model = cls.model_construct(_fields_set=fields_set, **values)
        if shape.extra_allowed:
            object.__setattr__(model, "__pydantic_extra__", extras)
        if mine:
            private = model.__pydantic_private__ if isinstance(model.__pydantic_private__, dict) else {}
            object.__setattr__(model, "__pydantic_private__", {**private, _ISSUES_KEY: mine})
        return model

    def adopt(self, value: Any, raw: Any, pointer: str) -> None:
        """Read every key sent under a field's python name (left in the extras by alias-only validation) into
        its field, unset, so the attribute works and the dump still writes the key as it came. Walks the
        value next to the data it came from: pydantic (2.13) counts such a field as set although it is not."""
        if isinstance(value, pydantic.RootModel):
            self.adopt(value.root, raw, pointer)
        elif isinstance(value, pydantic.BaseModel) and isinstance(raw, Mapping):
            start = len(self.issues)
            cls = type(value)
            for name, key, field_type, field, at_key, at_name, _, _ in _shape(cls).fields:
                if key in raw:
                    self.adopt(value.__dict__.get(name), raw[key], pointer + at_key)
                elif key != name and name in raw:
                    where = pointer + at_name
                    self.add(where, field.annotation, raw[name], f"sent as {name!r}; the spec says {key!r}")
                    read, _ = self.value(field_type, raw[name], where)
                    self.adopt(read, raw[name], where)
                    value.__dict__[name] = read
                    value.__pydantic_fields_set__.discard(name)
            if len(self.issues) > start:
                private = value.__pydantic_private__ if isinstance(value.__pydantic_private__, dict) else {}
                found = private.get(_ISSUES_KEY)
                mine = (found if isinstance(found, tuple) else ()) + tuple(self.issues[start:])
                object.__setattr__(value, "__pydantic_private__", {**private, _ISSUES_KEY: mine})
        elif isinstance(value, (list, tuple)) and isinstance(raw, list) and len(value) == len(raw):
            for index, (item, sent) in enumerate(zip(value, raw, strict=True)):
                self.adopt(item, sent, f"{pointer}/{index}")
        elif isinstance(value, dict) and isinstance(raw, Mapping):
            for key, item in value.items():
                if key in raw:
                    self.adopt(item, raw[key], f"{pointer}/{_escape(str(key))}")


_lenient: dict[type, Any] = {}


def _validate_rest(
    cls: type[pydantic.BaseModel], raw: Mapping[str, Any], failing: set[str], by_name: bool = True
) -> dict[str, Any] | None:
    """Every field but the failing ones, validated by pydantic at once; None when that is not possible."""
    adapter = _lenient.get(cls, False)
    if adapter is False:
        try:
            overrides: dict[str, Any] = {
                name: (field.annotation, FieldInfo.merge_field_infos(field, default=None))
                for name, field in cls.model_fields.items()
                if field.is_required()
            }
            twin = pydantic.create_model(f"{cls.__name__}Lenient", __base__=cls, **overrides) if overrides else cls
            adapter = pydantic.TypeAdapter(twin)
        except Exception:  # a class pydantic cannot copy this way: the field-by-field walk serves
            adapter = None
        _lenient[cls] = adapter
    if adapter is None:
        return None
    try:
        return cast(
            dict[str, Any], _validate(adapter, {k: v for k, v in raw.items() if k not in failing}, by_name).__dict__
        )
    except pydantic.ValidationError:
        return None


def _validate(adapter: pydantic.TypeAdapter[Any], raw: Any, by_name: bool) -> Any:
    """Python data through pydantic; `by_name=False` reads keys by their wire name (alias) only. The adapter's
    built validator is called directly: `TypeAdapter.validate_python` only passes its defaults on to it, and
    its own python call cost as much as validating a small value (a deferred build goes through it)."""
    core = adapter.validator
    validate = core.validate_python if type(core) is SchemaValidator else adapter.validate_python
    return validate(raw) if by_name else validate(raw, by_alias=True, by_name=False)


def wants_json(kinds: frozenset[str]) -> set[str]:
    table = {"int": "integer", "float": "number", "str": "string", "bool": "boolean"}
    return {table[k] for k in kinds if k in table}


_adapter = _per_type(type_adapter)


def _is_scalar(tp: Any) -> bool:
    return bool(_scalar_kinds(tp))


@_per_type
def _scalar_kinds(tp: Any) -> frozenset[str]:
    base, _ = _split(tp)
    if get_origin(base) in (Union, types.UnionType):
        return frozenset().union(*(_scalar_kinds(a) for a in get_args(base)))
    if isinstance(base, type):
        for kind in (bool, int, float, str):
            if issubclass(base, kind):
                return frozenset({kind.__name__})
    return frozenset()


def _wire_key(name: str, field: FieldInfo) -> str:
    alias = field.validation_alias if isinstance(field.validation_alias, str) else field.alias
    return alias or name


_field_types: dict[tuple[type, str], Any] = {}
_field_types_lock = threading.Lock()


def _field_type(cls: type[pydantic.BaseModel], name: str) -> Any:
    """The field's annotation with its metadata (constraints, validators), as pydantic validates it."""
    key = (cls, name)
    found = _field_types.get(key)
    if found is None:
        field = cls.model_fields[name]
        found = Annotated.__class_getitem__((field.annotation, *field.metadata)) if field.metadata else field.annotation  # type: ignore[attr-defined]
        with _field_types_lock:
            _field_types[key] = found
    return found


class _Shape(NamedTuple):
    """What `_Walker.model` needs of a class, worked out once: per field (name, wire key, type as validated,
    FieldInfo, pointer suffix of the wire key, of the python name)."""

    fields: tuple[tuple[str, str, Any, FieldInfo, str, str, bool, Any], ...]  # and required, `_plain_default`
    keys: frozenset[str]  # the wire keys
    extra_allowed: bool
    # `model_construct` given every field by name does no more than set __dict__, the fields set, empty
    # extras and no private state, unless a field could be read from another field's name (its alias or
    # validation alias is one), an alias is not a plain name, or the class initializes private attributes.
    # (It also fails on a field named `cls`, its own first parameter; built directly, such a model works.)
    direct: bool


@_per_type
def _shape(cls: type[pydantic.BaseModel]) -> _Shape:
    fields = cls.model_fields
    names = set(fields)
    direct = not cls.__pydantic_post_init__ and not cls.__pydantic_root_model__
    for name, field in fields.items():
        for alias in (field.alias, field.validation_alias):
            if alias is not None and (not isinstance(alias, str) or (alias != name and alias in names)):
                direct = False
    return _Shape(
        tuple(
            (
                name,
                key,
                _field_type(cls, name),
                field,
                f"/{_escape(key)}",
                f"/{_escape(name)}",
                field.is_required(),
                _plain_default(field),
            )
            for name, field in fields.items()
            for key in (_wire_key(name, field),)
        ),
        frozenset(_wire_key(name, field) for name, field in fields.items()),
        cls.model_config.get("extra") == "allow",
        direct,
    )


_NOT_PLAIN = object()


def _plain_default(field: FieldInfo) -> Any:
    """The field's default when pydantic hands it out as it is (no factory; None, a bool, number or string:
    `FieldInfo.get_default` copies nothing of these), else `_NOT_PLAIN`."""
    if field.default_factory is None and field.default.__class__ in (type(None), bool, int, float, str):
        return field.default
    return _NOT_PLAIN


def _default(field: FieldInfo, plain: Any) -> Any:
    return plain if plain is not _NOT_PLAIN else field.get_default(call_default_factory=True)


def _item_failures(error: pydantic.ValidationError, count: int) -> dict[int, set[str]] | None:
    """From the errors of a list: per failing item, the keys its own errors name (what validating the item
    alone reports); None when an error is not about one item (the list itself, a validator of the list)."""
    failures: dict[int, set[str]] = {}
    for e in error.errors(include_url=False, include_context=False, include_input=False):
        loc = e["loc"]
        if not loc or type(loc[0]) is not int or not 0 <= loc[0] < count:
            return None
        keys = failures.setdefault(loc[0], set())
        if len(loc) > 1:
            keys.add(str(loc[1]))
    return failures


@_per_type
def _list_adapter(item_tp: Any) -> pydantic.TypeAdapter[Any]:
    return type_adapter(types.GenericAlias(list, (item_tp,)))  # list[item_tp], spelt so that no checker objects


def _open_member(cls: type[enum.Enum], raw: Any) -> enum.Enum | None:
    """A member of `cls` for a value the spec does not list, made like the declared ones (str/int enums)."""
    for kind in (str, int):
        if issubclass(cls, kind) and isinstance(raw, kind) and not isinstance(raw, bool):
            member: Any = kind.__new__(cls, raw)
            member._value_ = raw
            member._name_ = str(raw).upper()
            return cast(enum.Enum, member)
    return None


def tolerant_validate(tp: Any, data: Any, *, by_name: bool = True) -> tuple[Any, tuple[ValidationIssue, ...]]:
    """The declared value for `data`, keeping everything that does not fit, and the issues found.
    `by_name=False`: keys are read by their wire name only; one under a field's python name is kept as sent."""
    walker = _Walker(by_name)
    value, exact = walker.value(tp, data, "")
    if not exact and not walker.issues:
        walker.add("", tp, data, "does not match the declared type")
    if exact and not by_name:
        walker.adopt(value, data, "")
    return (value if exact else data), tuple(walker.issues)


@dataclass(frozen=True)
class _Names:
    """Python names of the fields reachable from a type whose wire key differs, as the scan wants them."""

    snake: frozenset[bytes]  # names with "_" (`pdf_url`): matched against the body's snake_case keys
    snake_quoted: tuple[bytes, ...]
    plain_quoted: tuple[bytes, ...]  # names without "_" (`url` for `URL`), searched one by one


_KEY_TAIL = re.compile(rb'_[A-Za-z0-9_]*(?="\s*:)')  # from a key's first "_" to its end: only "_" starts a try
_FEW = 4


_names_cache: dict[Any, _Names] = {}


def _python_names(tp: Any) -> _Names:
    """Cached by the type's hash, not its identity: a pager asks with a new `list[Item]` object every page."""
    try:
        found = _names_cache.get(tp)
    except TypeError:  # unhashable annotation metadata
        return _collect_python_names(tp)
    if found is None:
        found = _names_cache.setdefault(tp, _collect_python_names(tp))
    return found


def _collect_python_names(tp: Any) -> _Names:
    names: set[str] = set()
    seen: set[int] = set()
    stack = [tp]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        base, _ = _split(node)
        if isinstance(base, type) and issubclass(base, pydantic.BaseModel):
            for name, field in base.model_fields.items():
                if _wire_key(name, field) != name:
                    names.add(name)
                stack.append(field.annotation)
        else:
            stack.extend(get_args(base))
    snake = sorted(n for n in names if "_" in n)
    return _Names(
        frozenset(n.encode() for n in snake),
        tuple(f'"{n}"'.encode() for n in snake),
        tuple(f'"{n}"'.encode() for n in sorted(names) if "_" not in n),
    )


def mentions_python_names(tp: Any, content: bytes) -> bool:
    """Whether the raw body may hold a key under a field's python name (a false alarm only costs the slower,
    alias-only validation). Cheap when it cannot: most bodies of camelCase APIs have no "_" at all."""
    names = _python_names(tp)
    if any(needle in content for needle in names.plain_quoted):
        return True
    if not names.snake or b"_" not in content:
        return False
    if len(names.snake) <= _FEW:
        return any(needle in content for needle in names.snake_quoted)
    find = content.rfind
    return any(content[find(b'"', 0, m.start()) + 1 : m.end()] in names.snake for m in _KEY_TAIL.finditer(content))
