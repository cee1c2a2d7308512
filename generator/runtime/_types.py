"""Small value types shared by the runtime and the generated methods.

`NOT_GIVEN` exists because `None` is a real value for many APIs ("send null", "no timeout"); the sentinel
says "the caller did not pass this", so the argument is left off the wire entirely.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal, TypeAlias

import httpx

__all__ = ["NOT_GIVEN", "Created", "NotGiven", "RequestOptions", "TimeoutTypes"]

TimeoutTypes: TypeAlias = float | httpx.Timeout | None


class NotGiven:
    """The type of `NOT_GIVEN`: falsy, one instance per process, survives copy and pickle as itself."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


@dataclass(frozen=True, kw_only=True)
class RequestOptions:
    """Per-call overrides that every generated method accepts (`extra_headers=`, `timeout=`, ...)."""

    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, Any] | None = None
    #: merged into the JSON (or form) body as sent, nested objects key by key: fields the spec lacks
    extra_body: Mapping[str, Any] | None = None
    timeout: TimeoutTypes | NotGiven = NOT_GIVEN
    max_retries: int | NotGiven = NOT_GIVEN


@dataclass(frozen=True)
class Created:
    """What a create returns when the server answers 201 with only a `Location` header (`x-returns`).

    `id` is the first group of the operation's id pattern matched on the header; both are None when the
    server left the header out, because a write that succeeded must never look like a failure (a caller
    would retry it and create a duplicate).
    """

    id: str | None
    location: str | None
