"""Parameters on the wire: python values -> query pairs, path segments and header values.

The caller's mappings use wire names; the operation's `ParamSpec`s say how each one is serialised
(OpenAPI `style`/`explode`, `x-date-format`). Missing (NOT_GIVEN) and None values are left off.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import Enum
from typing import Any
from urllib.parse import quote

import pydantic

from ._operation import ParamSpec
from ._types import NotGiven

__all__ = ["encode_form", "encode_headers", "encode_query", "encode_scalar", "expand_path", "is_given"]

_PATH_FIELD = re.compile(r"\{([^{}]+)\}")
_DELIMITERS = {"spaceDelimited": " ", "pipeDelimited": "|"}


def is_given(value: Any) -> bool:
    return value is not None and not isinstance(value, NotGiven)


def encode_scalar(value: Any, date_format: str | None = None) -> str:
    """One value as text: booleans lower-case (as JSON writes them), dates in the declared format."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        if date_format:
            return value.strftime(date_format)
        text = value.isoformat()
        # UTC is written `Z`, as the vendors document their timestamps.
        return text[:-6] + "Z" if isinstance(value, dt.datetime) and text.endswith("+00:00") else text
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(by_alias=True, exclude_unset=True)
    return value


def _deep_object(prefix: str, value: Any, date_format: str | None) -> list[tuple[str, str]]:
    """`filter[0][key]=...`: nested mappings and lists become bracketed wire names."""
    value = _plain(value)
    if isinstance(value, Mapping):
        items: Iterable[tuple[Any, Any]] = value.items()
    elif isinstance(value, (list, tuple)):
        items = enumerate(value)
    else:
        return [(prefix, encode_scalar(value, date_format))] if is_given(value) else []
    pairs: list[tuple[str, str]] = []
    for key, item in items:
        pairs.extend(_deep_object(f"{prefix}[{key}]", item, date_format))
    return pairs


def _encode_param(name: str, value: Any, spec: ParamSpec | None) -> list[tuple[str, str]]:
    style = spec.style if spec else "form"
    explode = spec.explode if spec else True
    fmt = spec.date_format if spec else None
    if style == "deepObject":
        return _deep_object(name, value, fmt)
    value = _plain(value)
    if isinstance(value, Mapping):
        given = [(str(k), encode_scalar(v, fmt)) for k, v in value.items() if is_given(v)]
        if explode:
            return given
        return [(name, ",".join(part for pair in given for part in pair))]
    if isinstance(value, (list, tuple)):
        texts = [encode_scalar(v, fmt) for v in value if is_given(v)]
        if explode and style == "form":
            return [(name, text) for text in texts]
        return [(name, _DELIMITERS.get(style, ",").join(texts))]
    return [(name, encode_scalar(value, fmt))]


def encode_query(params: Mapping[str, Any] | None, specs: Iterable[ParamSpec] = ()) -> list[tuple[str, str]]:
    """Query pairs in the caller's order; names without a ParamSpec use form/explode (the default)."""
    by_name = {spec.name: spec for spec in specs if spec.location == "query"}
    pairs: list[tuple[str, str]] = []
    for name, value in (params or {}).items():
        if is_given(value):
            pairs.extend(_encode_param(name, value, by_name.get(name)))
    return pairs


def _template(template: str) -> tuple[tuple[str, str | None], ...]:
    """`/items/{id}/lines` as (text, parameter name) steps, split once per template (see expand_path)."""
    steps = _TEMPLATES.get(template)
    if steps is None:
        parts = _PATH_FIELD.split(template)  # literal, name, literal, name, ..., literal
        steps = tuple((parts[i], parts[i + 1] if i + 1 < len(parts) else None) for i in range(0, len(parts), 2))
        _TEMPLATES[template] = steps
    return steps


_TEMPLATES: dict[str, tuple[tuple[str, str | None], ...]] = {}


def _segment(template: str, name: str, value: Any, specs: Iterable[ParamSpec]) -> str:
    if not is_given(value):
        raise ValueError(f"missing path parameter {name!r} for {template}")
    if type(value) is int or type(value) is str:  # the common id, written as is
        text = str(value)
    else:
        fmt = None
        for spec in specs:
            if spec.name == name and spec.location == "path":
                fmt = spec.date_format
                break
        text = (
            ",".join(encode_scalar(item, fmt) for item in value)
            if isinstance(value, (list, tuple))
            else encode_scalar(value, fmt)
        )
    if text == "":
        # An empty segment silently addresses another endpoint (`/orders/` lists instead of reading).
        raise ValueError(f"path parameter {name!r} must not be empty")
    if text.isascii() and text.isalnum():
        return text  # nothing to percent-encode (the common id)
    return quote(text, safe=",")


def expand_path(template: str, path_params: Mapping[str, Any] | None, specs: Iterable[ParamSpec] = ()) -> str:
    """Fill `{name}` segments, percent-encoding each value so a `/` in an id cannot change the route."""
    values = path_params or {}
    out = []
    for text, name in _template(template):
        out.append(text)
        if name is not None:
            out.append(_segment(template, name, values.get(name), specs))
    return "".join(out)


def encode_headers(headers: Mapping[str, Any] | None, specs: Iterable[ParamSpec] = ()) -> dict[str, str]:
    """Header parameters as text; lists are comma-joined (OpenAPI `simple` style)."""
    specs = tuple(specs)
    by_name = {spec.name.lower(): spec for spec in specs if spec.location == "header"}
    cookies = {spec.name for spec in specs if spec.location == "cookie"}
    encoded: dict[str, str] = {}
    jar: list[str] = []
    for name, value in (headers or {}).items():
        if not is_given(value):
            continue
        if name in cookies:  # cookie parameters travel together in one Cookie header
            jar.append(f"{name}={quote(encode_scalar(value, None), safe='')}")
            continue
        spec = by_name.get(name.lower())
        fmt = spec.date_format if spec else None
        items = value if isinstance(value, (list, tuple)) else [value]
        encoded[name] = ",".join(encode_scalar(item, fmt) for item in items if is_given(item))
    if jar:
        encoded["Cookie"] = "; ".join(jar)
    return encoded


def encode_form(data: Any) -> list[tuple[str, str]]:
    """A form body's pairs: lists repeat their key, nested objects use brackets (`invoice[name]=..`)."""
    if not isinstance(data, Mapping):
        raise TypeError(f"a form body must be a mapping, not {type(data).__name__}")
    pairs: list[tuple[str, str]] = []
    for name, value in data.items():
        if isinstance(value, (list, tuple)):
            pairs.extend((str(name), encode_scalar(v)) for v in value if is_given(v))
        else:
            pairs.extend(_deep_object(str(name), value, None))
    return pairs
