"""One OpenAPI operation (or one of its `x-variants`) -> one client method and its OpSpec."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostics, Severity
from ..load import LoadedDocument, join_pointer
from ..naming import py_literal, snake_case, unique
from .model import Body, BodyField, Method, OpSpec, Param, ParamWire, Source
from .types import TypeMapper

__all__ = ["MethodBuilder", "OperationRef"]

_RESERVED_ARGS = {"self", "extra_headers", "extra_query", "timeout", "max_retries", "wait", "body", "files"}
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
)


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


class MethodBuilder:
    def __init__(self, types: TypeMapper, source: LoadedDocument, diagnostics: Diagnostics, global_security: Any) -> None:
        self.types = types
        self.source = source
        self.diagnostics = diagnostics
        self.global_security = global_security

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
        hint = self.types.hint(param.get("schema") or media.get("schema"))
        is_required = bool(param.get("required")) or param.get("in") == "path" if required is None else required
        default = (param.get("schema") or {}).get("default") if param.get("in") == "header" else None
        # A header's documented default is sent unless the caller overrides it (Xentral V3 `x-pagination: cursor`).
        default_literal = py_literal(default) if isinstance(default, (str, int, bool)) else None
        return Param(name, str(param["name"]), str(param["in"]), hint, is_required, str(param.get("description") or ""), default_literal)

    # -- bodies -------------------------------------------------------------------------------------------
    def _body(self, ref: OperationRef, taken: set[str]) -> tuple[Body | None, str | None, str | None]:
        request = ref.operation.get("requestBody")
        content = (request or {}).get("content") if isinstance(request, dict) else None
        if not isinstance(content, dict) or not content:
            return None, None, None
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
            return Body(mime, kind, whole_hint="bytes" if kind == "binary" else "str", required=required), mime, None
        inner = self.types.at_pointer(schema, "/" + root) if root else schema
        fields = self.types.object_fields(inner)
        if fields is None:
            if kind == "multipart":
                self.warn(
                    join_pointer(ref.pointer, "requestBody"),
                    "body.multipart-shape",
                    "multipart body without object fields; sent as raw form data",
                )
            return Body(mime, kind, whole_hint=self.types.hint(inner), required=required), mime, None
        built = self._fields(fields, taken, required, in_root=bool(root))
        if root:
            # Fields beside the root key (InvoiceXpress `proprietary_uid` next to `invoice`) stay top level.
            outer = self.types.object_fields(schema)
            if outer is not None:
                others = ([(k, v) for k, v in outer[0] if k != root], outer[1])
                built += self._fields(others, taken, required, in_root=False)
        return Body(mime, kind, tuple(built), required=required, root=root), mime, None

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
                    self.types.hint(prop),
                    wire in required_names and required,
                    description,
                    in_root,
                    str(date_format) if date_format else None,
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
        op = ref.operation
        spec_source = variant if variant is not None else op
        taken: set[str] = set()
        params = self._params(ref)
        nonce = next((p["name"] for p in params if p.get("x-nonce") is True), None)
        fixed = {str(k): str(v) for k, v in ((variant or {}).get("fixed") or {}).items()}
        if variant is not None:
            required_v = {str(n) for n in variant.get("required") or []}
            exposed = {str(n) for n in variant.get("only") or []} | required_v
        positional: list[Param] = []
        keyword: list[Param] = []
        wires: list[ParamWire] = []
        for param in params:
            pname = str(param["name"])
            if param.get("x-nonce") is True or pname in fixed or pname in ref.fixed_path:
                continue
            if variant is not None and param["in"] != "path" and pname not in exposed:
                continue
            if variant is None and pname in excluded:
                continue
            wires.append(self._wire(param))
            if param["in"] == "path" or (variant is not None and pname in required_v):
                positional.append(self._arg(param, taken, required=True))
            else:
                keyword.append(self._arg(param, taken))
        if nonce:
            wires.append(ParamWire(nonce, "query", "form", True))
        body, request_mime, root = self._body(ref, taken)
        accept = (variant or {}).get("accept") if isinstance((variant or {}).get("accept"), str) else None
        _status, schema, mime = self._success(ref, accept)
        override = (variant or {}).get("response") if variant is not None else op.get("x-response")
        if isinstance(override, dict):
            schema = override
        unwrap = spec_source.get("unwrap") if variant is not None else op.get("x-unwrap")
        unwrap = str(unwrap) if isinstance(unwrap, str) and unwrap else None
        returns_location = op.get("x-returns") if isinstance(op.get("x-returns"), dict) else None
        kind = success_kind(mime)
        pagination = op.get("x-pagination") if variant is None and isinstance(op.get("x-pagination"), dict) else None
        item_hint = None
        if returns_location:
            returns, cast_to, kind = "_Created", "None", "empty"
        elif kind == "empty":
            returns, cast_to = "None", "None"
        elif kind == "binary":
            returns, cast_to = "bytes", "bytes"
        elif kind == "text":
            returns, cast_to = "str", "str"
        else:
            target = self.types.at_pointer(schema, unwrap) if unwrap else schema
            returns = self.types.hint(target) if schema is not None else "_Any"
            cast_to = returns
            if pagination:
                items = self.types.at_pointer(schema, str(pagination.get("items", "")))
                items = self.types.schema_of(items)
                item_hint = self.types.hint(items.get("items")) if isinstance(items, dict) and items.get("type") == "array" else "_Any"
                cast_to = item_hint
        poll = op.get("x-poll") if isinstance(op.get("x-poll"), dict) else None
        if poll and returns not in ("None", "_Any"):
            returns = f"{returns} | None"
        idem: dict[str, Any] = op["x-idempotency"] if isinstance(op.get("x-idempotency"), dict) else {}
        path = ref.path
        for key, value in ref.fixed_path.items():
            path = path.replace("{" + key + "}", value)
        spec = OpSpec(
            const=ref.const,
            operation_id=ref.operation_id if variant is None else str(variant.get("operationId") or f"{ref.operation_id}_{name}"),
            method=ref.method.upper(),
            path=path,
            params=tuple(wires),
            security=self._security(ref),
            nonce_param=nonce,
            idempotency_field=str(idem["body_field"]) if idem.get("body_field") else None,
            pagination=tuple((k, str(pagination[k])) for k in _PAGINATION_KEYS if pagination and pagination.get(k) is not None),
            poll=(int(poll.get("status", 202)), float(poll.get("interval", 1.0)), float(poll.get("timeout", 60.0))) if poll else None,
            unwrap=unwrap,
            location_header=str(returns_location.get("header", "Location")) if returns_location else None,
            location_pattern=str(returns_location.get("id_pattern", "([^/]+)$")) if returns_location else None,
            accept=self._accept(mime, accept, kind, ref),
            request_content_type=request_mime,
            request_root=root,
            fixed_query=tuple(sorted(fixed.items())),
            success_kind=kind,
            error_models=self._errors(ref),
        )
        src: dict[str, Any] = spec_source["x-source"] if isinstance(spec_source.get("x-source"), dict) else {}
        return Method(
            name=name,
            op=spec,
            summary=str(spec_source.get("summary") or op.get("summary") or ""),
            doc=str(spec_source.get("description") or (op.get("description") if variant is None else "") or ""),
            path_params=tuple(positional),
            params=tuple(keyword),
            body=body,
            returns=returns,
            cast_to=cast_to,
            item_hint=item_hint,
            poll=bool(poll),
            deprecated=bool(op.get("deprecated")),
            beta=bool(op.get("x-beta")),
            scopes=tuple(str(s) for s in op.get("x-scopes") or []),
            source=Source(**{k: str(src.get(k, "")) for k in ("doc", "section", "confidence", "note")}),
            origin=ref.pointer,
        )
