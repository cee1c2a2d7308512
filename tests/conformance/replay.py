"""Replays one recording through a generated client: derive the call from the recorded request, answer with
the recorded response, then compare what was sent and what came back.

Arguments are derived from the recording and the IR (the same names the generator printed), never from our
schemas' examples, so a recording stays independent evidence.
"""

from __future__ import annotations

import base64
import datetime as dt
import importlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import yaml

from generator.diagnostics import Diagnostics
from generator.ir import Api, Method, build_api
from generator.spec import read_spec

ROOT = Path(__file__).resolve().parents[2]
BASE_URL = "https://conformance.test"
_FAKE_SECRETS = {
    "token": "conformance-token",
    "api_key": "conformance-key",
    "api_token": "conformance-api-token",
    "username": "conformance-user",
    "password": "conformance-pass",
}


@dataclass
class Recording:
    vendor: str
    path: Path
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.vendor}/{self.path.stem.replace('__', '/')}"

    @property
    def request(self) -> dict[str, Any]:
        return self.data.get("request") or {}

    @property
    def response(self) -> dict[str, Any]:
        return self.data.get("response") or {}


def recordings() -> list[Recording]:
    found = []
    for file in sorted((ROOT / "tests" / "recordings").glob("*/*.yaml")):
        found.append(Recording(file.parent.name, file, yaml.safe_load(file.read_text(encoding="utf-8")) or {}))
    return found


@dataclass
class Target:
    api: Api
    package: Any
    # operationId -> list of (resource path, method)
    methods: dict[str, list[tuple[tuple[str, ...], Method]]] = field(default_factory=dict)


@cache
def target(vendor: str) -> Target:
    spec = read_spec(ROOT / "specs" / vendor / "openapi.yaml", Diagnostics())
    api = build_api(spec, vendor, Diagnostics())
    package = importlib.import_module(api.package)
    result = Target(api, package)
    for resource in api.resources:
        where = (resource.namespace, resource.attr) if resource.namespace else (resource.attr,)
        for method in resource.methods:
            result.methods.setdefault(method.op.operation_id, []).append((where, method))
    return result


def _template_regex(path: str) -> re.Pattern[str]:
    pattern = ""
    for piece in re.split(r"(\{[^}]+\})", path):
        pattern += f"(?P<p{len(pattern)}>[^/]+)" if piece.startswith("{") else re.escape(piece)
    return re.compile("^" + pattern + "$")


def path_values(template: str, actual: str) -> dict[str, str] | None:
    names = re.findall(r"\{([^}]+)\}", template)
    match = _template_regex(template).match(actual)
    if match is None:
        return None
    return dict(zip(names, match.groups(), strict=True))


def find_method(tgt: Target, rec: Recording) -> tuple[tuple[str, ...], Method, dict[str, str]]:
    candidates = tgt.methods.get(str(rec.data.get("operation")), [])
    for where, method in candidates:
        values = path_values(method.op.path, str(rec.request.get("path")))
        if values is not None and method.op.method == str(rec.request.get("method", "")).upper():
            return where, method, values
    raise LookupError(f"no client method serves {rec.data.get('operation')} {rec.request.get('method')} {rec.request.get('path')}")


def _convert(value: Any, hint: str) -> Any:
    """Turn a wire string into the Python value the method's annotation asks for."""
    if isinstance(value, list):
        inner = _list_item(hint)
        return [_convert(v, inner) for v in value]
    if not isinstance(value, str):
        return value
    base = hint.replace(" | None", "")
    if base.startswith("_List["):
        return [_convert(v, _list_item(base)) for v in value.split(",")]
    if base == "int" or base.startswith("int |"):
        return int(value) if re.fullmatch(r"-?\d+", value) else value
    if base == "float":
        return float(value)
    if base == "bool":
        return value.lower() == "true"
    if base == "_dt.date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    if base == "_dt.date" and re.fullmatch(r"\d{2}/\d{2}/\d{4}", value):
        return dt.datetime.strptime(value, "%d/%m/%Y").date()
    if base == "_dt.datetime":
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value


def _list_item(hint: str) -> str:
    """`_List[int] | int` -> `int`: the item annotation of a list parameter."""
    if not hint.startswith("_List["):
        return hint
    depth = 0
    for index, char in enumerate(hint):
        depth += char == "["
        depth -= char == "]"
        if depth == 0 and char == "]":
            return hint[len("_List[") : index]
    return hint


def _nested(query: dict[str, Any], name: str) -> Any:
    """Rebuild a deepObject value (`filter[0][key]=...`) from the flat recorded query."""
    prefix = name + "["
    tree: dict[str, Any] = {}
    for key, value in query.items():
        if not key.startswith(prefix):
            continue
        parts = re.findall(r"\[([^\]]*)\]", key[len(name) :])
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _listify(tree) if tree else None


def _listify(node: Any) -> Any:
    if isinstance(node, dict):
        converted = {k: _listify(v) for k, v in node.items()}
        if converted and all(k.isdigit() for k in converted):
            return [converted[k] for k in sorted(converted, key=int)]
        return converted
    return node


def call_arguments(method: Method, rec: Recording, path_vals: dict[str, str]) -> tuple[list[Any], dict[str, Any]]:
    query = dict(rec.request.get("query") or {})
    headers = {k.lower(): v for k, v in (rec.request.get("headers") or {}).items()}
    args: list[Any] = []
    for param in method.path_params:
        raw = path_vals.get(param.wire_name) if param.location == "path" else query.get(param.wire_name)
        args.append(_convert(raw, param.hint))
    kwargs: dict[str, Any] = {}
    for param in method.params:
        if param.location == "query":
            value = query.get(param.wire_name)
            if value is None:
                value = _nested(query, param.wire_name)
                if value is not None and param.hint.startswith("_List[") and isinstance(value, dict):
                    value = list(value.values())
        else:
            value = headers.get(param.wire_name.lower())
        if value is not None:
            kwargs[param.py_name] = _convert(value, param.hint)
        elif param.default is not None:
            kwargs[param.py_name] = None  # the recording did not send the default header: say so explicitly
    body = rec.request.get("body")
    if method.body is not None and body is not None:
        if method.body.flattened and isinstance(body, dict):
            inner = body.get(method.body.root, {}) if method.body.root else body
            for f in method.body.fields:
                source = inner if f.in_root else body
                if f.wire_name in source:
                    kwargs[f.py_name] = source[f.wire_name] if f.hint != "bytes" else str(source[f.wire_name]).encode()
        elif method.body.kind == "binary":
            kwargs["body"] = body.encode() if isinstance(body, str) else base64.b64decode(body)
        else:
            kwargs["body"] = body
    return args, kwargs


def constructor_kwargs(api: Api) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"base_url": BASE_URL, "max_retries": 0}
    for var in api.server_vars:
        kwargs[var.py_name] = "conformance"
    for credential in api.credentials:
        kwargs[credential.name] = _FAKE_SECRETS.get(credential.name, f"conformance-{credential.name}")
    return kwargs


def declared_keys(vendor: str) -> dict[str, frozenset[str]]:
    """Model class name -> the wire keys its schema declares (allOf parents included), from the normalized
    spec: the generated models must put exactly these on declared attributes and nothing else."""
    return _declared(vendor)


@cache
def _declared(vendor: str) -> dict[str, frozenset[str]]:
    spec = read_spec(ROOT / "specs" / vendor / "openapi.yaml", Diagnostics())
    schemas: dict[str, Any] = spec.data.get("components", {}).get("schemas", {})

    def keys(node: Any, seen: frozenset[str]) -> set[str]:
        if not isinstance(node, dict):
            return set()
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            return set() if name in seen else keys(schemas.get(name), seen | {name})
        found = set((node.get("properties") or {}).keys())
        for part in node.get("allOf") or []:
            found |= keys(part, seen)
        return found

    return {name: frozenset(keys(schema, frozenset({name}))) for name, schema in schemas.items()}


def response_for(rec: Recording) -> httpx.Response:
    response = rec.response
    headers = {str(k): str(v) for k, v in (response.get("headers") or {}).items()}
    status = int(response.get("status", 200))
    if response.get("body_file"):
        return httpx.Response(status, headers=headers, content=(rec.path.parent / str(response["body_file"])).read_bytes())
    body = response.get("body")
    if body is None:
        return httpx.Response(status, headers=headers)
    if isinstance(body, str) and not headers.get("content-type", "").endswith("json"):
        return httpx.Response(status, headers=headers, content=body.encode())
    headers.setdefault("content-type", "application/json")
    return httpx.Response(status, headers=headers, content=json.dumps(body).encode())
