# Copied from the generator's runtime (generator/runtime/_json.py); do not edit by hand.
"""JSON plumbing: pointers into bodies, python values to JSON, and cached pydantic adapters.

Vendors wrap and unwrap the same payloads inconsistently, so every place the spec names a part of a body
(`x-unwrap`, pagination counters, login tokens) is a JSON pointer resolved here, and a pointer that
does not match is reported as `MISSING` rather than raising: the caller decides what absence means.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from enum import Enum
from typing import Any, Final

import httpx
import pydantic
from pydantic_core import to_jsonable_python

from ._types import NotGiven

__all__ = ["MISSING", "Missing", "loads_body", "resolve_pointer", "to_jsonable", "type_adapter"]


class Missing:
    """The type of `MISSING`: "the pointer did not lead anywhere", distinct from a JSON null."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = Missing()

_adapters: dict[Any, pydantic.TypeAdapter[Any]] = {}
_adapters_lock = threading.Lock()


def resolve_pointer(document: Any, pointer: str) -> Any:
    """RFC 6901 lookup; "" (and "/") is the whole document. Returns MISSING when a step does not exist."""
    if pointer in ("", "/"):
        return document
    current = document
    for raw in pointer.lstrip("/").split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(current, Mapping) and token in current:
            current = current[token]
        elif isinstance(current, list) and token.isdigit() and int(token) < len(current):
            current = current[int(token)]
        else:
            return MISSING
    return current


def to_jsonable(value: Any) -> Any:
    """A request body as plain JSON values: models dumped by alias with only the fields the caller set,
    NOT_GIVEN entries dropped, dates/enums/decimals as pydantic would write them."""
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items() if not isinstance(v, NotGiven)}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value if not isinstance(v, NotGiven)]
    if isinstance(value, Enum):
        return to_jsonable(value.value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return to_jsonable_python(value)


def type_adapter(tp: Any) -> pydantic.TypeAdapter[Any]:
    """One TypeAdapter per type: building one costs far more than validating with it."""
    try:
        cached = _adapters.get(tp)
    except TypeError:  # unhashable annotation metadata: build each time
        return pydantic.TypeAdapter(tp)
    if cached is not None:
        return cached
    adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(tp)
    with _adapters_lock:
        return _adapters.setdefault(tp, adapter)


def loads_body(response: httpx.Response) -> Any:
    """The response body as JSON, None when empty; raises ValueError when it is not JSON."""
    content = response.content
    if not content.strip():
        return None
    return json.loads(content)
