"""One OpenAPI operation (or one of its `x-variants`) -> one client method and its OpSpec."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..diagnostics import Diagnostics, Severity
from ..load import LoadedDocument, join_pointer
from ..naming import py_literal, snake_case, unique
from .model import Body, BodyField, Method, OpSpec, Param, ParamWire, Source
from .numbers import extension_number, status_codes
from .types import TypeMapper, money_kind

__all__ = ["MethodBuilder", "OperationRef"]

_RESERVED_ARGS = {"self", "extra_headers", "extra_query", "extra_body", "timeout", "max_retries", "wait", "body", "files"}
_JSON = re.compile(r"^application/([\w.+-]*\+)?json(;.*)?$|^\*/\*$")
_PAGINATION_KEYS = (
    "style",
    "items",
    "page_param",
    "size_param",
    "total_pages",
    "total_items",
    "offset_param",
    "cursor_param",
    "next_cursor",
    "select_by",
    "select_default",
)


_FIXED_RETURNS = {"empty": "None", "binary": "bytes", "text": "str"}
_SELECTED_KEYS = tuple(k for k in _PAGINATION_KEYS if k not in ("select_by", "select_default"))


def _pagination_when(paging: dict[str, Any] | None) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """`x-pagination.when`: for each value of the selecting parameter, the full spec (the base keys, overridden)."""
    when = paging.get("when") if paging else None
    if not paging or not isinstance(when, dict):
        return ()
    out = []
    for value, override in when.items():
        merged = {**{k: v for k, v in paging.items() if k in _SELECTED_KEYS}, **(override if isinstance(override, dict) else {})}
        if merged.get("style") != "cursor":  # cursor keys inherited from a cursor base mean nothing for page/offset
            for key in ("cursor_param", "next_cursor"):
                merged.pop(key, None)
        out.append((str(value), tuple((k, str(merged[k])) for k in _SELECTED_KEYS if merged.get(k) is not None)))
    return tuple(out)


class _Result(NamedTuple):
    returns: str
    cast_to: str
    item_hint: str | None
    kind: str
    mime: str | None
    unwrap: str | tuple[str, ...] | None
    location: dict[str, Any] | None
    pagination: dict[str, Any] | None
    poll: dict[str, Any] | None


@dataclass
class OperationRef:
    """Where an operation lives in the document and what is fixed for the resource it is placed in."""

    path: str
    method: str
    operation: dict[str, Any]
    operation_id: str
    const: str
    pointer: str
    fixed_path: dict[str, str] = field(default_factory=dict)


def is_json(mime: str) -> bool:
    return bool(_JSON.match(mime.strip().lower()))


def success_kind(mime: str | None) -> str:
    if mime is None:
        return "empty"
    if is_json(mime):
        return "json"
    return "text" if mime.startswith("text/") else "binary"


def _unwrap_pointers(value: Any) -> str | tuple[str, ...] | None:
    """`x-unwrap` (or a variant's `unwrap`): one JSON pointer, or a list of them when the server wraps the same
    value under one of several root keys (InvoiceXpress answers a create under the document type's own
    singular name); the runtime takes the first pointer present in the body. A one-item list is one pointer."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, list):
        pointers = tuple(v for v in value if isinstance(v, str) and v)
        return pointers[0] if len(pointers) == 1 else pointers or None
    return None


class MethodBuilder:
    def __init__(
        self, types: TypeMapper, source: LoadedDocument, diagnostics: Diagnostics, global_security: Any, docs_url: str = ""
    ) -> None:
        self.types = types
        self.source = source
        self.diagnostics = diagnostics
        self.global_security = global_security
        self.docs_url = docs_url

    def _poll(self, poll: dict[str, Any], pointer: str) -> tuple[int, float, float]:
        status = status_codes(self.source, self.diagnostics, {"status": [poll.get("status", 202)]}, "status", pointer, (202,))[0]
        interval = extension_number(self.source, self.diagnostics, poll, "interval", pointer, 1.0)
        return status, interval, extension_number(self.source, self.diagnostics, poll, "timeout", pointer, 60.0)

    def warn(self, pointer: str, code: str, message: str) -> None:
        self.diagnostics.add(self.source.diagnostic(pointer, code, message, Severity.WARNING))

    # -- parameters ---------------------------------------------------------------------------------------
    def _params(self, ref: OperationRef) -> list[dict[str, Any]]:
        return [
            p for p in ref.operation.get("parameters") or [] if isinstance(p, dict) and p.get("in") in ("path", "query", "header", "cookie")
        ]

    def _wire(self, param: dict[str, Any]) -> ParamWire:
        location = str(param["in"])
        style = str(param.get("style") or ("simple" if location in ("path", "header") else "form"))
        explode = bool(param.get("explode", style == "form"))
        schema = self.types.schema_of(param.get("schema") or {})
        date_format = schema.get("x-date-format") if isinstance(schema, dict) else None
        return ParamWire(str(param["name"]), location, style, explode, str(date_format) if date_format else None)

    def _arg(self, param: dict[str, Any], taken: set[str], *, required: bool | None = None) -> Param:
        wanted = str(param["x-name"]) if isinstance(param.get("x-name"), str) else str(param["name"])
        name = snake_case(wanted, fallback="param")
        name = unique(name + "_" if name in _RESERVED_ARGS else name, taken, sep="_")
        contents = list((param.get("content") or {}).values())
        media: dict[str, Any] = contents[0] if contents and isinstance(contents[0], dict) else {}
        hint = self.types.hint(param.get("schema") or media.get("schema"), name=wanted)
        schema = self.types.schema_of(param.get("schema"))
        if (
            param.get("in") == "query"
            and param.get("style", "form") == "form"
            and isinstance(schema, dict)
            and schema.get("type") == "array"
        ):
            # On the wire one value is a one-item list: accept `status="final"` as well as `status=["final"]`.
            hint = f"{hint} | {self.types.hint(schema.get('items'), name=wanted)}"
        is_required = bool(param.get("required")) or param.get("in") == "path" if required is None else required
        default = (param.get("schema") or {}).get("default") if param.get("in") == "header" else None
        # A header's documented default is sent unless the caller overrides it (Xentral V3 `x-pagination: cursor`).
        default_literal = py_literal(default) if isinstance(default, (str, int, bool)) else None
        return Param(name, str(param["name"]), str(param["in"]), hint, is_required, str(param.get("description") or ""), default_literal)

    # -- bodies -------------------------------------------------------------------------------------------
    def _body(self, ref: OperationRef, taken: set[str]) -> tuple[Body | None, str | None]:
        request = ref.operation.get("requestBody")
        content = (request or {}).get("content") if isinstance(request, dict) else None
        if not isinstance(content, dict) or not content:
            return None, None
        mimes = sorted(content)
        mime = (
            next((m for m in mimes if is_json(m)), None)
            or next((m for m in mimes if m.startswith("application/x-www-form-urlencoded")), None)
            or next((m for m in mimes if m.startswith("multipart/")), None)
            or mimes[0]
        )
        schema = (content.get(mime) or {}).get("schema") or {}
        kind = (
            "json"
            if is_json(mime)
            else "form"
            if "urlencoded" in mime
            else "multipart"
            if mime.startswith("multipart/")
            else "text"
            if mime.startswith("text/")
            else "binary"
        )
        required = bool(request.get("required")) if isinstance(request, dict) else False
        root = ref.operation.get("x-request-root")
        root = str(root) if isinstance(root, str) and root else None
        if kind in ("binary", "text"):
            return Body(mime, kind, whole_hint="bytes" if kind == "binary" else "str", required=required), mime
        inner = self.types.at_pointer(schema, "/" + root) if root else schema
        fields = self.types.object_fields(inner)
        if fields is None:
            if kind == "multipart":
                self.warn(
                    join_pointer(ref.pointer, "requestBody"),
                    "body.multipart-shape",
                    "multipart body without object fields; sent as raw form data",
                )
            return Body(mime, kind, whole_hint=self.types.body_hint(inner), required=required), mime
        built = self._fields(fields, taken, required, in_root=bool(root))
        if root:
            # Fields beside the root key (InvoiceXpress `proprietary_uid` next to `invoice`) stay top level.
            outer = self.types.object_fields(schema)
            if outer is not None:
                others = ([(k, v) for k, v in outer[0] if k != root], outer[1])
                built += self._fields(others, taken, required, in_root=False)
        return Body(mime, kind, tuple(built), required=required, root=root), mime

    def _fields(self, fields: tuple[list[tuple[str, Any]], set[str]], taken: set[str], required: bool, *, in_root: bool) -> list[BodyField]:
        props, required_names = fields
        built = []
        for wire, prop in props:
            prop_schema = self.types.schema_of(prop)
            if isinstance(prop_schema, dict) and prop_schema.get("readOnly"):
                continue
            name = snake_case(wire, fallback="field")
            name = unique(name + "_" if name in _RESERVED_ARGS else name, taken, sep="_")
            date_format = prop_schema.get("x-date-format") if isinstance(prop_schema, dict) else None
            description = str((prop_schema or {}).get("description") or "") if isinstance(prop_schema, dict) else ""
            built.append(
                BodyField(
                    name,
                    wire,
                    self.types.hint(prop, name=wire),
                    wire in required_names and required,
                    description,
                    in_root,
                    str(date_format) if date_format else None,
                    money_kind(prop_schema),
                )
            )
        return built

    # -- responses ----------------------------------------------------------------------------------------
    def _success(self, ref: OperationRef, accept: str | None) -> tuple[str | None, Any, str | None]:
        responses = ref.operation.get("responses") or {}
        statuses = sorted(s for s in responses if s.startswith("2") or s == "2XX")
        ordered = [s for s in ("200", "201") if s in statuses] + [s for s in statuses if s not in ("200", "201")]
        for status in ordered:
            content = (responses.get(status) or {}).get("content") or {}
            if not content:
                continue
            if accept:
                mime = accept if accept in content else None
            else:
                mime = next((m for m in sorted(content) if is_json(m)), None) or sorted(content)[0]
            if mime:
                return status, (content[mime] or {}).get("schema"), mime
        return None, None, None

    def _errors(self, ref: OperationRef) -> tuple[tuple[str, str], ...]:
        found = []
        for status, response in sorted((ref.operation.get("responses") or {}).items()):
            if status.startswith(("1", "2", "3")):
                continue
            content = (response or {}).get("content") or {}
            mime = next((m for m in sorted(content) if is_json(m)), None)
            if mime and (content[mime] or {}).get("schema"):
                found.append((status, self.types.hint(content[mime]["schema"])))
        return tuple(found)

    def _accept(self, mime: str | None, variant_accept: str | None, kind: str, ref: OperationRef) -> str | None:
        """The Accept header: the success media type unless plain JSON (the runtime's default)."""
        if mime and (variant_accept or mime.split(";")[0].strip() != "application/json"):
            return mime
        if kind == "empty" and self._errors(ref):
            return "application/json"  # no body on success, but errors come as JSON
        return None

    def _security(self, ref: OperationRef) -> tuple[tuple[str, ...], ...]:
        security = ref.operation.get("security", self.global_security)
        if not isinstance(security, list):
            return ()
        options = []
        for requirement in security:
            if isinstance(requirement, dict):
                options.append(tuple(sorted(str(k) for k in requirement)))
        if options and () in options and len(options) > 1:
            options = [o for o in options if o] + [()]
        return tuple(options) if any(options) else ()

    # -- the method ---------------------------------------------------------------------------------------
    def build(self, ref: OperationRef, name: str, variant: dict[str, Any] | None, excluded: set[str]) -> Method:
        """One client method: the operation itself (`variant` None) or one of its `x-variants`."""
        op = ref.operation
        source = variant if variant is not None else op
        taken: set[str] = set()
        positional, keyword, wires, nonce = self._arguments(ref, variant, excluded, taken)
        body, request_mime = self._body(ref, taken)
        accept = variant.get("accept") if variant is not None and isinstance(variant.get("accept"), str) else None
        result = self._result(ref, variant, accept)
        src: dict[str, Any] = source["x-source"] if isinstance(source.get("x-source"), dict) else {}
        return Method(
            name=name,
            op=self._op_spec(ref, name, variant, wires, nonce, request_mime, accept, result),
            summary=str(source.get("summary") or op.get("summary") or ""),
            doc=str(source.get("description") or (op.get("description") if variant is None else "") or ""),
            path_params=tuple(positional),
            params=tuple(keyword),
            body=body,
            returns=result.returns,
            cast_to=result.cast_to,
            item_hint=result.item_hint,
            poll=result.poll is not None,
            deprecated=bool(op.get("deprecated")),
            beta=bool(op.get("x-beta")),
            scopes=tuple(str(s) for s in op.get("x-scopes") or []),
            source=Source(**{k: str(src.get(k, "")) for k in ("doc", "section", "confidence", "note")}, link=self._link(src)),
            origin=ref.pointer,
        )

    def _link(self, src: dict[str, Any]) -> str:
        """A public URL for users: the operation's own when it cites one, else the vendor's reference."""
        doc = str(src.get("doc", ""))
        return doc if doc.startswith(("https://", "http://")) else self.docs_url

    def _arguments(
        self, ref: OperationRef, variant: dict[str, Any] | None, excluded: set[str], taken: set[str]
    ) -> tuple[list[Param], list[Param], list[ParamWire], str | None]:
        """(positional args, keyword args, wire specs, nonce parameter): who sees which parameter."""
        params = self._params(ref)
        nonce = next((str(p["name"]) for p in params if p.get("x-nonce") is True), None)
        fixed = {str(k) for k in ((variant or {}).get("fixed") or {})}
        required_v = {str(n) for n in (variant or {}).get("required") or []}
        exposed = {str(n) for n in (variant or {}).get("only") or []} | required_v
        positional: list[Param] = []
        keyword: list[Param] = []
        wires: list[ParamWire] = []
        for param in params:
            pname = str(param["name"])
            # A variant shows only what it names (and path parameters); the default method hides what variants own.
            not_its_own = (param["in"] != "path" and pname not in exposed) if variant is not None else pname in excluded
            if param.get("x-nonce") is True or pname in fixed or pname in ref.fixed_path or not_its_own:
                continue
            wires.append(self._wire(param))
            if param["in"] == "path" or pname in required_v:
                positional.append(self._arg(param, taken, required=True))
            else:
                keyword.append(self._arg(param, taken))
        if nonce:
            wires.append(ParamWire(nonce, "query", "form", True))
        return positional, keyword, wires, nonce

    def _result(self, ref: OperationRef, variant: dict[str, Any] | None, accept: str | None) -> _Result:
        """What the method returns, and how the runtime gets there (unwrap, paging, Location, polling)."""
        op = ref.operation
        _status, schema, mime = self._success(ref, accept)
        override = variant.get("response") if variant is not None else op.get("x-response")
        if isinstance(override, dict):
            schema = override
        unwrap = _unwrap_pointers(variant.get("unwrap") if variant is not None else op.get("x-unwrap"))
        first = unwrap if isinstance(unwrap, str) else unwrap[0] if unwrap else None
        if isinstance(unwrap, tuple) and schema is not None:
            hints = {self.types.hint(self.types.at_pointer(schema, p)) for p in unwrap}
            if len(hints) > 1:
                self.warn(
                    ref.pointer + ("/x-variants" if variant is not None else "/x-unwrap"),
                    "unwrap.types",
                    f"the unwrap pointers lead to different types ({', '.join(sorted(hints))}); the method is typed after {first}",
                )
        location = op.get("x-returns") if isinstance(op.get("x-returns"), dict) else None
        pagination = op.get("x-pagination") if variant is None and isinstance(op.get("x-pagination"), dict) else None
        poll = op.get("x-poll") if isinstance(op.get("x-poll"), dict) else None
        kind = "empty" if location else success_kind(mime)
        item_hint = None
        if location:
            returns, cast_to = "_Created", "None"
        elif kind in _FIXED_RETURNS:
            returns = cast_to = _FIXED_RETURNS[kind]
        else:
            returns = cast_to = self.types.hint(self.types.at_pointer(schema, first) if first else schema) if schema is not None else "_Any"
            if pagination:
                items = self.types.schema_of(self.types.at_pointer(schema, str(pagination.get("items", ""))))
                item_hint = cast_to = (
                    self.types.hint(items.get("items")) if isinstance(items, dict) and items.get("type") == "array" else "_Any"
                )
        if poll and returns not in ("None", "_Any"):
            returns = f"{returns} | None"
        return _Result(returns, cast_to, item_hint, kind, mime, unwrap, location, pagination, poll)

    def _op_spec(
        self,
        ref: OperationRef,
        name: str,
        variant: dict[str, Any] | None,
        wires: list[ParamWire],
        nonce: str | None,
        request_mime: str | None,
        accept: str | None,
        result: _Result,
    ) -> OpSpec:
        op = ref.operation
        idem: dict[str, Any] = op["x-idempotency"] if isinstance(op.get("x-idempotency"), dict) else {}
        fixed = {str(k): str(v) for k, v in ((variant or {}).get("fixed") or {}).items()}
        path = ref.path
        for key, value in ref.fixed_path.items():
            path = path.replace("{" + key + "}", value)
        paging, poll, location = result.pagination, result.poll, result.location
        return OpSpec(
            const=ref.const,
            operation_id=ref.operation_id if variant is None else str(variant.get("operationId") or f"{ref.operation_id}_{name}"),
            method=ref.method.upper(),
            path=path,
            params=tuple(wires),
            security=self._security(ref),
            nonce_param=nonce,
            idempotency_field=str(idem["body_field"]) if idem.get("body_field") else None,
            pagination=tuple((k, str(paging[k])) for k in _PAGINATION_KEYS if paging and paging.get(k) is not None),
            pagination_when=_pagination_when(paging),
            poll=self._poll(poll, join_pointer(ref.pointer, "x-poll")) if poll else None,
            unwrap=result.unwrap,
            location_header=str(location.get("header", "Location")) if location else None,
            location_pattern=str(location.get("id_pattern", "([^/]+)$")) if location else None,
            accept=self._accept(result.mime, accept, result.kind, ref),
            request_content_type=request_mime,
            fixed_query=tuple(sorted(fixed.items())),
            success_kind=result.kind,
            error_models=self._errors(ref),
        )
