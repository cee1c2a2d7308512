# Copied from the generator's runtime (generator/runtime/_operation.py); do not edit by hand.
"""Static description of one HTTP operation, emitted by the generator as data and read by the runtime.

Generated resource methods stay thin: they gather arguments and hand them, with one of these, to the
client's `request`/`paginate`. Every behaviour (auth, nonce, retries, polling, paging, error mapping) is
decided here from the spec's `x-` extensions, so it is written and tested once in the runtime.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["OperationSpec", "PaginationSpec", "ParamSpec", "PollSpec"]

ParamLocation = Literal["path", "query", "header", "cookie"]
SuccessKind = Literal["json", "binary", "text", "empty"]


@dataclass(frozen=True)
class ParamSpec:
    """How one parameter goes on the wire (OpenAPI `style`/`explode`)."""

    name: str
    location: ParamLocation
    style: str = "form"
    explode: bool = True
    date_format: str | None = None


@dataclass(frozen=True)
class PaginationSpec:
    """`x-pagination`: where the paging parameters and counters live (JSON pointers into the body).

    Some APIs let a request parameter choose the paging style (Xentral V3: the `x-pagination` header says simple,
    table or cursor). `select_by` names that parameter (wire name) and `when` maps its values to the spec that
    applies then; `select_default` is the value the server assumes when the parameter is not sent. Any other value
    keeps this spec.
    """

    style: Literal["page", "offset", "cursor"]
    items: str
    page_param: str | None = None
    size_param: str | None = None
    total_pages: str | None = None
    total_items: str | None = None
    offset_param: str | None = None
    cursor_param: str | None = None
    next_cursor: str | None = None
    select_by: str | None = None
    select_default: str | None = None
    when: tuple[tuple[str, PaginationSpec], ...] = ()

    def chosen(self, params: Mapping[str, Any] | None, headers: Mapping[str, Any] | None) -> PaginationSpec:
        """The spec for a request sending these params and headers (header names compared case-insensitively)."""
        if self.select_by is None or not self.when:
            return self
        value: Any = (params or {}).get(self.select_by)
        if value is None:
            wanted = self.select_by.lower()
            value = next((v for k, v in (headers or {}).items() if str(k).lower() == wanted), None)
        value = getattr(value, "value", value)  # an enum member sends its value
        if value is None:
            value = self.select_default
        return dict(self.when).get(str(value), self) if value is not None else self


@dataclass(frozen=True)
class PollSpec:
    """`x-poll`: while the answer has `status`, ask again (with backoff) until `timeout` seconds."""

    status: int = 202
    interval: float = 1.0
    timeout: float = 60.0


@dataclass(frozen=True)
class OperationSpec:
    operation_id: str
    method: str
    path: str
    params: tuple[ParamSpec, ...] = ()
    security: tuple[tuple[str, ...], ...] = ()
    nonce_param: str | None = None
    idempotency_field: str | None = None
    pagination: PaginationSpec | None = None
    poll: PollSpec | None = None
    unwrap: str | tuple[str, ...] | None = None  # several pointers: the first present in the body wins
    location_header: str | None = None
    location_pattern: str | None = None
    accept: str | None = None
    request_content_type: str | None = None
    request_root: str | None = None
    fixed_query: tuple[tuple[str, str], ...] = ()
    success_kind: SuccessKind = "json"
    error_models: tuple[tuple[str, Any], ...] = ()

    @property
    def is_write(self) -> bool:
        return self.method.upper() in {"POST", "PUT", "PATCH", "DELETE"}
