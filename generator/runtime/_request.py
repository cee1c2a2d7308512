"""From a generated method's arguments to the parts of an HTTP request.

Everything that is the same on every attempt is computed once here (URL, query, headers, encoded body),
so a retried write sends byte-for-byte the same body, idempotency value included. What changes per
attempt (auth token, nonce) is added by `build_request`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx

from ._auth import AuthStrategy
from ._json import to_jsonable
from ._operation import OperationSpec
from ._params import encode_form, encode_headers, encode_query, expand_path
from ._types import NOT_GIVEN, NotGiven, RequestOptions, TimeoutTypes

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "PreparedCall",
    "build_request",
    "header_items",
    "normalize_timeout",
    "pool_headers",
    "prepare_call",
]

DEFAULT_TIMEOUT = 60.0
DEFAULT_CONNECT_TIMEOUT = 5.0


@dataclass(slots=True)  # made on every call: a frozen dataclass's __init__ costs several times more
class PreparedCall:
    """Everything about one call that stays the same across its attempts."""

    op: OperationSpec
    url: str
    query: tuple[tuple[str, str], ...]
    headers: tuple[tuple[str, str], ...]
    override_headers: tuple[tuple[str, str], ...]
    content: bytes | None
    form: tuple[tuple[str, str], ...]
    files: Mapping[str, Any] | None
    timeout: httpx.Timeout
    max_retries: int
    strategies: tuple[AuthStrategy, ...]
    idempotent: bool
    poll: bool


@dataclass(frozen=True)
class _Body:
    content: bytes | None = None
    content_type: str | None = None
    form: tuple[tuple[str, str], ...] = ()
    files: Mapping[str, Any] | None = None
    idempotent: bool = False


def normalize_timeout(timeout: TimeoutTypes) -> httpx.Timeout:
    """A number means "this long overall, but give up connecting after 5 s" (a dead host fails fast)."""
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if timeout is None:
        return httpx.Timeout(None)
    return httpx.Timeout(timeout, connect=min(DEFAULT_CONNECT_TIMEOUT, timeout))


def _body_kind(content_type: str | None) -> str:
    media = (content_type or "application/json").split(";")[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        return "json"
    if media == "application/x-www-form-urlencoded":
        return "form"
    if media == "multipart/form-data":
        return "multipart"
    return "raw"


def _carries(jsonable: Any, field: str | None) -> bool:
    return field is not None and isinstance(jsonable, dict) and jsonable.get(field) is not None


def _merged(base: Any, extra: Mapping[str, Any]) -> dict[str, Any]:
    """`extra` over `base`: an object in both is merged key by key, anything else in `extra` wins."""
    merged = dict(base) if isinstance(base, Mapping) else {}
    for key, value in extra.items():
        current = merged.get(key)
        merged[key] = (
            _merged(current, value)
            if isinstance(current, Mapping) and isinstance(value, Mapping)
            else to_jsonable(value)
        )
    return merged


def _encode_body(
    op: OperationSpec, body: Any, files: Mapping[str, Any] | None, extra: Mapping[str, Any] | None = None
) -> _Body:
    declared = op.request_content_type
    if body is None:
        body = NOT_GIVEN  # "no body": a JSON `null` body is never what a generated method means
    if isinstance(body, NotGiven) and not files and not extra:
        return _Body()
    if hasattr(body, "read"):
        body = body.read()
    if extra and isinstance(body, (bytes, bytearray, str)):
        raise TypeError(f"{op.operation_id}: extra_body needs a JSON or form body, not {type(body).__name__}")
    if isinstance(body, (bytes, bytearray, str)):
        raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        default = "application/json" if isinstance(body, str) else "application/octet-stream"
        return _Body(content=raw, content_type=declared or default)
    kind = _body_kind(declared)
    jsonable = None if isinstance(body, NotGiven) else to_jsonable(body)
    idempotent = _carries(jsonable, op.idempotency_field)
    if op.request_root and jsonable is not None:
        jsonable = {op.request_root: jsonable}
    if extra:
        if jsonable is not None and not isinstance(jsonable, dict):
            raise TypeError(f"{op.operation_id}: extra_body needs an object body, not {type(jsonable).__name__}")
        jsonable = _merged(jsonable, extra)
    if kind == "multipart":
        form = tuple(encode_form(jsonable)) if jsonable is not None else ()
        return _Body(form=form, files=files, idempotent=idempotent)
    if kind == "form":
        content = urlencode(encode_form(jsonable)).encode("ascii")
        return _Body(content=content, content_type="application/x-www-form-urlencoded", idempotent=idempotent)
    if kind == "raw":
        raise TypeError(f"{op.operation_id} sends {declared}: pass bytes, str or a file, not {type(body).__name__}")
    content = json.dumps(jsonable, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return _Body(content=content, content_type=declared or "application/json", idempotent=idempotent)


def header_items(
    defaults: Mapping[str, str],
    accept: str,
    content_type: str | None = None,
    params: Mapping[str, str] | None = None,
    pool: Mapping[str, str] | None = None,
) -> tuple[tuple[str, str], ...]:
    """The merged request headers as pairs, names compared case-insensitively as `httpx.Headers` does:
    `Accept` and `Content-Type` replace a default in place, a header parameter replaces it at the end.
    Plain dict work: httpx builds the request's headers once from these (not twice). A header that the
    connection pool sends by itself with the same value (`pool`, lower-case names) is left out: httpx
    merges each per-request header into the pool's at a cost of several microseconds."""
    merged: dict[str, tuple[str, str]] = {}
    for name, value in defaults.items():
        key = name.lower()
        merged[key] = (merged[key][0] if key in merged else name, value)
    merged["accept"] = ("Accept", accept)
    if content_type:
        merged["content-type"] = ("Content-Type", content_type)
    for name, value in (params or {}).items():
        merged.pop(name.lower(), None)
        merged[name.lower()] = (name, value)
    if pool:
        for key, value in pool.items():
            if key in merged and merged[key][1] == value:
                del merged[key]
    return tuple(merged.values())


_fixed: dict[
    tuple[int, int, str, str | None], tuple[Mapping[str, str], Mapping[str, str] | None, tuple[tuple[str, str], ...]]
] = {}


def _fixed_headers(
    defaults: Mapping[str, str], accept: str, content_type: str | None, pool: Mapping[str, str] | None
) -> tuple[tuple[str, str], ...]:
    """`header_items` for a call without header parameters, remembered per client headers and media types:
    the same few tuples serve every call. A client never changes its header mappings in place (`with_options`
    makes new ones), and each entry holds the mappings it was made from, so a reused id cannot match."""
    key = (id(defaults), id(pool), accept, content_type)
    entry = _fixed.get(key)
    if entry is not None and entry[0] is defaults and entry[1] is pool:
        return entry[2]
    items = header_items(defaults, accept, content_type, None, pool)
    if len(_fixed) >= 1024:  # clients made and dropped in a loop: start over rather than grow
        _fixed.clear()
    _fixed[key] = (defaults, pool, items)
    return items


#: what a connection pool the client creates itself sends on every request (see `pool_headers`)
_POOL_HEADERS = ("user-agent", "accept")


def pool_headers(default_headers: Mapping[str, str]) -> dict[str, str]:
    """The headers a connection pool the client creates is given: its User-Agent and the JSON `Accept`
    that most operations send, so those requests carry no per-request headers for httpx to merge."""
    merged = header_items(default_headers, "application/json")
    return {name: value for name, value in merged if name.lower() in _POOL_HEADERS}


def _accept(op: OperationSpec) -> str:
    return op.accept or ("application/json" if op.success_kind == "json" else "*/*")


_NO_BODY = _Body()
_NO_OPTIONS = RequestOptions()


def prepare_call(
    op: OperationSpec,
    *,
    base_url: str,
    default_headers: Mapping[str, str],
    timeout: httpx.Timeout,
    max_retries: int,
    strategies: tuple[AuthStrategy, ...],
    path_params: Mapping[str, Any] | None = None,
    params: Mapping[str, Any] | None = None,
    headers: Mapping[str, Any] | None = None,
    body: Any = NOT_GIVEN,
    files: Mapping[str, Any] | None = None,
    options: RequestOptions | None = None,
    poll: bool = False,
    pool_headers: Mapping[str, str] | None = None,
) -> PreparedCall:
    # Called on every request: the common call (no body, query, header parameters or options) skips
    # the encoders entirely instead of running them on empty input.
    options = options or _NO_OPTIONS
    encoded = (
        _encode_body(op, body, files, options.extra_body)
        if files or options.extra_body or (body is not None and not isinstance(body, NotGiven))
        else _NO_BODY
    )
    query = encode_query(params, op.params) if params else []
    if op.fixed_query:
        query += op.fixed_query
    if options.extra_query:
        query += encode_query(options.extra_query)
    return PreparedCall(
        op=op,
        url=base_url.rstrip("/") + (expand_path(op.path, path_params, op.params) if "{" in op.path else op.path),
        query=tuple(query),
        headers=header_items(
            default_headers, _accept(op), encoded.content_type, encode_headers(headers, op.params), pool_headers
        )
        if headers
        else _fixed_headers(default_headers, _accept(op), encoded.content_type, pool_headers),
        override_headers=tuple(options.extra_headers.items()) if options.extra_headers else (),
        content=encoded.content,
        form=encoded.form,
        files=encoded.files,
        timeout=timeout if isinstance(options.timeout, NotGiven) else normalize_timeout(options.timeout),
        max_retries=max_retries if isinstance(options.max_retries, NotGiven) else options.max_retries,
        strategies=strategies,
        idempotent=encoded.idempotent,
        poll=poll,
    )


def build_request(
    http: httpx.Client | httpx.AsyncClient, call: PreparedCall, tokens: Mapping[AuthStrategy, str], nonce: int | None
) -> httpx.Request:
    """One attempt's request: the prepared parts plus this attempt's credentials and nonce."""
    headers: httpx.Headers | tuple[tuple[str, str], ...] = call.headers
    query = call.query
    if call.strategies or call.override_headers or (nonce is not None and call.op.nonce_param):
        headers = httpx.Headers(list(call.headers))
        pairs = list(query)
        for strategy in call.strategies:
            strategy.apply(headers, pairs, tokens.get(strategy))
        if nonce is not None and call.op.nonce_param:
            pairs.append((call.op.nonce_param, str(nonce)))
        headers.update(dict(call.override_headers))
        query = tuple(pairs)
    form: dict[str, list[str]] = {}
    for key, value in call.form:
        form.setdefault(key, []).append(value)
    return http.build_request(
        call.op.method.upper(),
        call.url,
        # None, not (): httpx parses the URL once more to merge even an empty query.
        params=query or None,
        headers=headers,
        content=call.content,
        data=form or None,
        files=call.files,
        # The timeout as httpx would store it, given directly: httpx skips copying the Timeout per request.
        extensions={
            "timeout": call.timeout.as_dict(),
            "operation_id": call.op.operation_id,
        },  # the id names a recording's exchange
    )
