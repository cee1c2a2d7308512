# Copied from the generator's runtime (generator/runtime/_json.py); do not edit by hand.
"""JSON plumbing: pointers into bodies, python values to JSON, and cached pydantic adapters.

Vendors wrap and unwrap the same payloads inconsistently, so every place the spec names a part of a body
(`x-unwrap`, pagination counters, login tokens) is a JSON pointer resolved here, and a pointer that
does not match is reported as `MISSING` rather than raising: the caller decides what absence means.
"""

from __future__ import annotations

import contextlib
import gc
import json
import threading
from collections.abc import Iterator, Mapping
from enum import Enum
from typing import Any, Final

import httpx
import pydantic
from pydantic_core import to_jsonable_python

from ._types import NotGiven

__all__ = ["MISSING", "Missing", "loads_body", "resolve_pointer", "to_jsonable", "type_adapter", "validate_json"]


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


#: a body at least this large is validated with the cyclic garbage collector paused (see validate_json)
LARGE_BODY = 64 * 1024
_paused = 0
_paused_lock = threading.Lock()


def _age_young_objects() -> None:
    """Move every tracked object to the oldest generation without walking any of them.

    `gc.freeze()` then `gc.unfreeze()` is two list splices (CPython: all generations into the permanent
    one, then that into the oldest; the young count is reset). The price: cyclic garbage that was young
    at that moment waits for the next full collection instead of the next young one; `_collect_young`
    keeps that to what other threads discarded during the parse. Skipped when the program froze objects
    itself (a pre-fork server does, to share memory pages): unfreezing would undo it.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def _collect_young() -> None:
    """Free the young generations' cyclic garbage before a large parse, so that `_age_young_objects` after it
    hands on (almost) only the parse's own objects. Cheap: they hold a few thousand objects at most. Called
    outside the lock: a finalizer that parses a large body must not deadlock."""
    if _paused == 0 and gc.isenabled() and gc.get_freeze_count() == 0:
        gc.collect(1)


def validate_json(adapter: pydantic.TypeAdapter[Any], content: bytes) -> Any:
    """`adapter.validate_json(content)`, with the cyclic garbage collector paused for a large body.

    A long list of models allocates tens of thousands of tracked objects (each instance, its `__dict__`,
    its fields-set), which sets off repeated collections, full ones included, that walk every object of
    the process and free nothing (the new objects are all alive). On a 10,000-item answer that was more
    time than the parse itself. Pausing alone only defers that work: the first allocation afterwards
    set off one young collection over every new object (6 ms of a 30 ms parse of 10,000 items), so
    the objects are first handed to the oldest generation (`_age_young_objects`). Nested and concurrent
    pauses count: the collector comes back on when the last one ends, and is left alone when the program
    had switched it off itself.
    """
    if len(content) < LARGE_BODY:  # (collector_paused checks too; every call comes here, so no context manager)
        return adapter.validate_json(content)
    with collector_paused(len(content)):
        return adapter.validate_json(content)


@contextlib.contextmanager
def collector_paused(size: int) -> Iterator[None]:
    """The cyclic garbage collector paused while a body of `size` bytes is turned into objects, when it is
    large (see `validate_json`; the tolerant walk of a large body allocates the same way)."""
    global _paused
    if size < LARGE_BODY:
        yield
        return
    _collect_young()
    with _paused_lock:
        if _paused == 0 and not gc.isenabled():
            ours = False  # the program runs without the collector: not ours to touch
        else:
            ours = True
            _paused += 1
            gc.disable()
    try:
        yield
    finally:
        if ours:
            with _paused_lock:
                _paused -= 1
                if _paused == 0:
                    _age_young_objects()
                    gc.enable()


def loads_body(response: httpx.Response) -> Any:
    """The response body as JSON, None when empty; raises ValueError when it is not JSON."""
    content = response.content
    if not content.strip():
        return None
    return json.loads(content)
