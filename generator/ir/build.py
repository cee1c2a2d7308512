"""Build the `Api` IR from a normalized spec: names, resources, methods, auth, servers."""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from .. import __version__
from ..diagnostics import Diagnostics, Severity
from ..load import join_pointer
from ..naming import class_name, display_text, snake_case, unique
from ..spec import Spec
from ..spec.normalize import iter_operations, operation_name
from .auth import build_auth
from .methods import MethodBuilder, OperationRef
from .model import Api, BodyField, Builder, Method, Namespace, Resource, ServerVar
from .numbers import extension_number
from .types import TypeMapper

__all__ = ["build_api", "codegen_settings"]

_CLIENT_ATTRS = {
    "close",
    "aclose",
    "request",
    "paginate",
    "with_options",
    "base_url",
    "timeout",
    "max_retries",
    "copy",
    "auth",
    "coordination",
    "models",
    "types",
}
_METHOD_RESERVED = {"with_raw_response", "with_streaming_response", "str", "int", "float", "bool", "bytes", "object", "type"}
_VAR = re.compile(r"\{([^{}]+)\}")


def codegen_settings(data: dict[str, Any], vendor: str) -> dict[str, str]:
    """`x-codegen`, completed from `info` for specs that don't carry one (the corpus)."""
    given: dict[str, Any] = data["x-codegen"] if isinstance(data.get("x-codegen"), dict) else {}
    title = str((data.get("info") or {}).get("title") or vendor)
    package = snake_case(str(given.get("package") or f"{vendor}_client"), fallback="api_client")
    return {
        "distribution": str(given.get("distribution") or package.replace("_", "-")),
        "package": package,
        "client": class_name(str(given.get("client") or title), fallback="Client"),
        "version": str(given.get("version") or "0.0.0"),
        "docs": _public_url(given.get("docs")),
    }


def _public_url(value: Any) -> str:
    """`x-codegen.docs`: the vendor's public API reference, linked from docstrings and the README."""
    text = str(value) if isinstance(value, str) else ""
    return text if text.startswith("https://") and not any(c in text for c in "\n\r\"'` <>") else ""


# A package named like a module the generated code imports (or the standard library) would shadow it.
_TAKEN_PACKAGES = frozenset(sys.stdlib_module_names) | {"httpx", "httpcore", "pydantic", "pydantic_core", "anyio", "typing_extensions"}
_PLAIN_VERSION = re.compile(r"[0-9]+(\.[0-9]+)*\Z")  # a valid PEP 440 release segment, nothing else
_DISTRIBUTION = re.compile(r"^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$")


def _check_settings(spec: Spec, settings: dict[str, str], diagnostics: Diagnostics) -> None:
    """`x-codegen` values end up in pyproject.toml and as the import name: refuse what would not install or would shadow."""
    if settings["package"] in _TAKEN_PACKAGES:
        message = f"package {settings['package']!r} would shadow the module of that name; choose another x-codegen.package"
        diagnostics.add(spec.source.diagnostic("/x-codegen/package", "codegen.package", message))
    if not _DISTRIBUTION.match(settings["distribution"]):
        message = f"distribution {settings['distribution']!r} is not a valid project name (letters, digits, '.', '_', '-')"
        diagnostics.add(spec.source.diagnostic("/x-codegen/distribution", "codegen.invalid", message))
    if not _PLAIN_VERSION.match(settings["version"]):
        # Anything past plain dotted numbers (pre-releases, epochs, local labels) goes to packaging, imported only
        # then: it costs 2.5 ms, a sixth of generating a small spec.
        from packaging.version import InvalidVersion, Version

        try:
            Version(settings["version"])
        except InvalidVersion:
            message = f"version {settings['version']!r} is not a PEP 440 version"
            diagnostics.add(spec.source.diagnostic("/x-codegen/version", "codegen.invalid", message))


def build_api(spec: Spec, vendor: str, diagnostics: Diagnostics, class_names: Mapping[str, str] | None = None) -> Api:
    """`class_names`: components the models writer wrote under another class name (component -> class)."""
    data = spec.data
    settings = codegen_settings(data, vendor)
    _check_settings(spec, settings, diagnostics)
    model_names = set((data.get("components") or {}).get("schemas") or {})
    types = TypeMapper(data, model_names, class_names)
    builder = MethodBuilder(types, spec.source, diagnostics, data.get("security"), settings["docs"])
    refs = _operation_refs(spec, diagnostics)
    op_consts = {r.operation_id: r.const for r in refs if not r.fixed_path}
    for ref in refs:
        for variant in ref.operation.get("x-variants") or []:
            if isinstance(variant, dict) and variant.get("operationId"):
                op_consts.setdefault(str(variant["operationId"]), ref.const)
    resources = _resources(spec, refs, builder, diagnostics, settings["client"])
    auth, credentials = build_auth(data, spec.source, settings["client"].upper(), op_consts, diagnostics)
    info = data.get("info") or {}
    _check_credentials(spec, credentials, diagnostics)
    base_url, server_vars, required = _server(data, {c.name for c in credentials})
    rate = data.get("x-rate-limit")
    operations = []
    seen_consts: set[str] = set()
    for resource in resources:
        for method in resource.methods:
            if method.op.const not in seen_consts:
                seen_consts.add(method.op.const)
                operations.append(method.op)
    error_models = sorted({hint for op in operations for _s, hint in op.error_models})
    builders = _builders(spec, types, diagnostics)  # before `models`: a builder uses its model too
    always_returned = _always_returned(spec, diagnostics)
    return Api(
        vendor=vendor,
        title=str(info.get("title") or vendor),
        description=str(info.get("description") or ""),
        distribution=settings["distribution"],
        package=settings["package"],
        client_class=settings["client"],
        version=settings["version"],
        api_version=str(info.get("version") or ""),
        spec_file=display_text(f"specs/{vendor}/{spec.path.name}" if spec.path.parent.name == vendor else spec.path.name),
        spec_sha256=spec.sha256,
        generator_version=__version__,
        base_url=base_url,
        server_vars=server_vars,
        base_url_required=required,
        resources=tuple(resources),
        namespaces=_namespaces(resources, settings_notes(data)),
        operations=tuple(sorted(operations, key=lambda o: o.const)),
        auth=auth,
        credentials=credentials,
        rate_limit=_rate_limit(spec, rate, diagnostics),
        models=tuple(sorted(types.used_models)),
        aliases=tuple(sorted(types.aliases.items())),
        error_models=tuple(error_models),
        top_note=settings_notes(data).get("", ""),
        builders=builders,
        base_url_env=f"{settings['client'].upper()}_BASE_URL",
        docs_url=settings["docs"],
        always_returned=always_returned,
    )


def _rate_limit(spec: Spec, rate: Any, diagnostics: Diagnostics) -> tuple[int, float] | None:
    if not isinstance(rate, dict) or "requests" not in rate:
        return None
    requests = extension_number(spec.source, diagnostics, rate, "requests", "/x-rate-limit", 1, integer=True)
    return int(requests), extension_number(spec.source, diagnostics, rate, "period", "/x-rate-limit", 1.0)


_EXPORTED = {
    "models",
    "NOT_GIVEN",
    "NotGiven",
    "Created",
    "SyncPager",
    "AsyncPager",
    "APIResponse",
    "StreamedAPIResponse",
    "AsyncStreamedAPIResponse",
}


def _builders(spec: Spec, types: TypeMapper, diagnostics: Diagnostics) -> tuple[Builder, ...]:
    """Positional factories for schemas marked `x-builder`: required fields in order, then optional keywords."""
    built: list[Builder] = []
    taken = set(_EXPORTED)
    for name, schema in sorted(((spec.data.get("components") or {}).get("schemas") or {}).items()):
        wanted = schema.get("x-builder") if isinstance(schema, dict) else None
        if not isinstance(wanted, str):
            continue
        pointer = spec.normalized.origins.get(name, "/components/schemas")
        fields = types.object_fields(schema)
        builder_name = class_name(wanted, fallback="Builder")
        if fields is None or builder_name in taken:
            message = f"x-builder {wanted!r} needs an object schema with properties and an unused name"
            diagnostics.add(spec.source.diagnostic(pointer, "builder.invalid", message, Severity.WARNING))
            continue
        taken.add(builder_name)
        model = types.model_class(name)
        params: list[BodyField] = []
        used: set[str] = set()
        for wire, prop in sorted(fields[0], key=lambda item: item[0] not in fields[1]):
            params.append(
                BodyField(unique(snake_case(wire, fallback="field"), used, sep="_"), wire, types.hint(prop, name=wire), wire in fields[1])
            )
        built.append(Builder(builder_name, model, tuple(params), str(schema.get("description") or "")))
    return tuple(built)


def _request_schemas(data: dict[str, Any]) -> set[str]:
    """Component schemas a request body reaches (through `$ref`s, transitively)."""
    schemas = (data.get("components") or {}).get("schemas") or {}
    found: set[str] = set()
    pending: list[Any] = []
    for item in (data.get("paths") or {}).values():
        for operation in item.values() if isinstance(item, dict) else ():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            if isinstance(body, dict):
                pending.extend(media.get("schema") for media in (body.get("content") or {}).values() if isinstance(media, dict))
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[1]
                if name not in found:
                    found.add(name)
                    pending.append(schemas.get(name))
            pending.extend(v for k, v in node.items() if k != "$ref" and not k.startswith("x-"))
    return found


def _always_returned(spec: Spec, diagnostics: Diagnostics) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`x-always-returned`: properties the vendor sends in every answer of a response-only schema though its
    description does not mark them required (an id right after a create). Their model fields are typed
    non-optional; parsing stays tolerant (a missing one is None, unset, and a validation issue)."""
    schemas = (spec.data.get("components") or {}).get("schemas") or {}
    in_requests: set[str] | None = None
    found: list[tuple[str, tuple[str, ...]]] = []
    for name, schema in sorted(schemas.items()):
        marked = schema.get("x-always-returned") if isinstance(schema, dict) else None
        if marked is None:
            continue
        pointer = spec.normalized.origins.get(name, f"/components/schemas/{name}")
        names = marked.get("properties") if isinstance(marked, dict) else None
        evidence = marked.get("evidence") if isinstance(marked, dict) else None
        declared = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
        if (
            not isinstance(names, list)
            or not names
            or not all(isinstance(n, str) for n in names)
            or not isinstance(evidence, str)
            or not evidence.strip()
        ):
            message = "x-always-returned needs {properties: [names], evidence: where the vendor shows them in every answer}"
            diagnostics.add(spec.source.diagnostic(pointer, "always-returned.invalid", message))
            continue
        unknown = [n for n in names if n not in declared]
        if unknown:
            message = f"x-always-returned names {', '.join(unknown)}, which {name} does not declare under `properties`"
            diagnostics.add(spec.source.diagnostic(pointer, "always-returned.invalid", message))
            continue
        in_requests = _request_schemas(spec.data) if in_requests is None else in_requests
        if name in in_requests:
            message = f"x-always-returned on {name}, which a request body uses: a caller would have to send {', '.join(names)}"
            diagnostics.add(spec.source.diagnostic(pointer, "always-returned.in-request", message))
            continue
        found.append((name, tuple(names)))
    return tuple(found)


def settings_notes(data: dict[str, Any]) -> dict[str, str]:
    """`x-codegen.namespaces`: why a group of resources lives where it does ("" = the top level)."""
    given = data.get("x-codegen") if isinstance(data.get("x-codegen"), dict) else {}
    notes = given.get("namespaces") if isinstance(given, dict) else None
    return {str(k): str(v) for k, v in notes.items()} if isinstance(notes, dict) else {}


def _operation_refs(spec: Spec, diagnostics: Diagnostics) -> list[OperationRef]:
    refs: list[OperationRef] = []
    consts: set[str] = set()
    ids: dict[str, str] = {}
    if isinstance(spec.data.get("webhooks"), dict) and spec.data["webhooks"]:
        diagnostics.add(
            spec.source.diagnostic(
                "/webhooks",
                "unsupported.webhooks",
                "webhooks describe requests the vendor sends to you; no client code is generated for them",
                Severity.WARNING,
            )
        )
    for path, method, operation, pointer in iter_operations(spec.data):
        op_id = operation_name(method, path, operation)
        if operation.get("callbacks"):
            diagnostics.add(
                spec.source.diagnostic(
                    join_pointer(pointer, "callbacks"),
                    "unsupported.callbacks",
                    "callbacks are requests the vendor sends to you; the operation is generated without them",
                    Severity.WARNING,
                )
            )
        if op_id in ids:
            diagnostics.add(
                spec.source.diagnostic(pointer, "operation.duplicate-id", f"operationId {op_id!r} is also used at {ids[op_id]}")
            )
        ids[op_id] = pointer
        split = _split_param(operation)
        values = [str(v) for v in split.get("schema", {}).get("enum", [])] if split else [""]
        for value in values:
            const = unique(snake_case(op_id + (f"_{value}" if value else ""), fallback="operation").upper(), consts, sep="_")
            fixed = {str(split["name"]): value} if split else {}
            refs.append(OperationRef(path, method, operation, op_id, const, pointer, fixed))
    return refs


def _split_param(operation: dict[str, Any]) -> dict[str, Any] | None:
    for param in operation.get("parameters") or []:
        if (
            isinstance(param, dict)
            and param.get("in") == "path"
            and param.get("x-split-resources")
            and (param.get("schema") or {}).get("enum")
        ):
            return param
    return None


def _placement(spec: Spec, ref: OperationRef) -> tuple[str, str, str]:
    """(namespace, resource attribute, description) for an operation."""
    tags = {t.get("name"): t for t in spec.data.get("tags") or [] if isinstance(t, dict)}
    op_tags = ref.operation.get("tags") or []
    tag = tags.get(op_tags[0], {"name": op_tags[0]}) if op_tags else None
    namespace = snake_case(str(tag.get("x-namespace")), fallback="ns") if tag and tag.get("x-namespace") else ""
    if ref.fixed_path:
        return namespace, snake_case(next(iter(ref.fixed_path.values())), fallback="resource"), ""
    if tag is not None:
        attr = tag.get("x-name") if isinstance(tag.get("x-name"), str) else str(tag.get("name"))
        return namespace, snake_case(attr, fallback="resource"), str(tag.get("description") or "")
    segment = next((s for s in ref.path.split("/") if s and not s.startswith("{")), "default")
    return "", snake_case(segment.split(".")[0], fallback="default"), ""


def _resources(spec: Spec, refs: list[OperationRef], builder: MethodBuilder, diagnostics: Diagnostics, client: str) -> list[Resource]:
    grouped: dict[tuple[str, str], list[Method]] = defaultdict(list)
    descriptions: dict[tuple[str, str], str] = {}
    method_names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for ref in refs:
        namespace, attr, description = _placement(spec, ref)
        key = (namespace, attr + "_" if attr in _CLIENT_ATTRS else attr)
        descriptions.setdefault(key, description)
        taken = method_names[key]
        variants = [v for v in ref.operation.get("x-variants") or [] if isinstance(v, dict)]
        # A parameter a variant needs belongs to the variant, unless the operation itself requires it
        # (Wisedat customer addresses: `id` is the customer for the list and part of the key for retrieve).
        own_required = {str(p.get("name")) for p in ref.operation.get("parameters") or [] if isinstance(p, dict) and p.get("required")}
        excluded = {str(n) for v in variants for n in list(v.get("required") or []) + list((v.get("fixed") or {}).keys())} - own_required
        wanted = ref.operation.get("x-name") if isinstance(ref.operation.get("x-name"), str) else ref.operation_id
        name = _method_name(str(wanted), taken, spec, ref.pointer, diagnostics)
        grouped[key].append(builder.build(ref, name, None, excluded))
        for index, variant in enumerate(variants):
            vname = _method_name(
                str(variant.get("name") or f"variant_{index}"), taken, spec, join_pointer(ref.pointer, "x-variants", index), diagnostics
            )
            vref = OperationRef(
                ref.path, ref.method, ref.operation, ref.operation_id, ref.const + "__" + vname.upper(), ref.pointer, ref.fixed_path
            )
            grouped[key].append(builder.build(vref, vname, variant, excluded))
    resources = []
    modules: set[str] = set()
    # Resource classes share `_client.py` with the client classes and namespace classes: a tag named like the
    # client (`info.title: Pets` + tag `pets`) must not shadow it; each name also has an `Async` twin.
    namespaces = {class_name(n, fallback="Namespace") + "Namespace" for n, _a in grouped if n}
    classes: set[str] = {client, "Async" + client, *namespaces, *("Async" + n for n in namespaces), *_EXPORTED}
    for (namespace, attr), methods in sorted(grouped.items()):
        cls = _free_class(class_name(f"{namespace} {attr}", fallback="Resource"), classes)
        # File names have a length limit (255 bytes on most systems); a 300-character tag must still fit.
        module = snake_case(f"{namespace}_{attr}" if namespace else attr, fallback="resource")
        module = unique(module if len(module) <= 80 else module[:80].rstrip("_"), modules, sep="_")
        resources.append(Resource(attr, cls, module, namespace, descriptions.get((namespace, attr), ""), tuple(methods)))
    return resources


def _free_class(wanted: str, taken: set[str]) -> str:
    """`wanted` or `wanted2`...: the first name free both as itself and as its `Async` twin; both marked taken."""
    candidate, n = wanted, 1
    while candidate in taken or "Async" + candidate in taken:
        n += 1
        candidate = f"{wanted}{n}"
    taken.update({candidate, "Async" + candidate})
    return candidate


def _method_name(wanted: str, taken: set[str], spec: Spec, pointer: str, diagnostics: Diagnostics) -> str:
    name = snake_case(wanted, fallback="call")
    if name in _METHOD_RESERVED:
        name += "_"
    final = unique(name, taken, sep="_")
    if final != name:
        diagnostics.add(
            spec.source.diagnostic(
                pointer, "naming.method-clash", f"method name {name!r} is taken in its resource; using {final!r}", Severity.WARNING
            )
        )
    return final


def _namespaces(resources: list[Resource], notes: dict[str, str]) -> tuple[Namespace, ...]:
    names = sorted({r.namespace for r in resources if r.namespace})
    return tuple(
        Namespace(n, class_name(n, fallback="Namespace") + "Namespace", tuple(r for r in resources if r.namespace == n), notes.get(n, ""))
        for n in names
    )


# Keyword arguments every client constructor has (templates/_client.py.jinja); server variables and
# credentials become keyword arguments beside them and must not repeat one.
_CONSTRUCTOR = frozenset({"self", "base_url", "timeout", "max_retries", "default_headers", "http_client", "transport", "runtime_options"})


def _check_credentials(spec: Spec, credentials: tuple[Any, ...], diagnostics: Diagnostics) -> None:
    for credential in credentials:
        if credential.name in _CONSTRUCTOR:
            diagnostics.add(
                spec.source.diagnostic(
                    "/components/securitySchemes",
                    "auth.credential-name",
                    f"a credential named {credential.name!r} would collide with the client's own {credential.name!r} argument; "
                    "set x-credential on the scheme to another name",
                )
            )


def _server(data: dict[str, Any], credentials: set[str]) -> tuple[str, tuple[ServerVar, ...], bool]:
    servers = data.get("servers") or []
    server = servers[0] if servers and isinstance(servers[0], dict) else {}
    url = str(server.get("url") or "")
    variables = server.get("variables") or {}
    bare = _VAR.fullmatch(url.strip())
    if not url or bare or not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", _VAR.sub("x", url)):
        return url, (), True
    taken = set(_CONSTRUCTOR) | credentials
    found = []
    for var in _VAR.findall(url):
        spec_var = variables.get(var) or {}
        default = spec_var.get("default") if spec_var.get("enum") else None
        found.append(
            ServerVar(
                unique(snake_case(var, fallback="server_var"), taken, sep="_"),
                var,
                None if default is None else str(default),
                str(spec_var.get("description") or ""),
            )
        )
    return url, tuple(found), False
