"""A spec is untrusted input: names, prose, enum values, defaults and URLs crafted to break out of the
generated source must come out as inert text (openapi-python-client CVE-2020-15141/15142 were exactly this)."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import httpx

CANARY = "/tmp/generator-hostile-canary"
PAYLOAD = f"__import__('pathlib').Path('{CANARY}').touch()"

EVIL_PATH = "/items/{id}'); " + PAYLOAD + "; ('"
EVIL_TAG = 'x"); ' + PAYLOAD + '; ("'
HOSTILE = {
    "openapi": "3.0.3",
    "info": {"title": 'Evil """ + ' + PAYLOAD + ' + """', "version": "1", "description": '\\ """ ' + PAYLOAD + " #"},
    "x-codegen": {"distribution": "hostile-client", "package": "hostile_client", "client": "Hostile", "version": "0.1.0"},
    "servers": [{"url": "https://api.example/v1'+" + PAYLOAD + "+'"}],
    "tags": [{"name": EVIL_TAG, "description": '""" ' + PAYLOAD + ' """'}],
    "paths": {
        EVIL_PATH: {
            "get": {
                "operationId": "get'); " + PAYLOAD + "; #",
                "tags": [EVIL_TAG],
                "summary": '""" ; ' + PAYLOAD + ' ; """',
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {
                        "name": 'q"]; ' + PAYLOAD + "; #",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["a'b", '"""', PAYLOAD], "default": PAYLOAD},
                    },
                    {"name": "X-Hdr", "in": "header", "schema": {"type": "string", "default": "'+" + PAYLOAD + "+'"}},
                ],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Evil'Name"}}}}
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Evil'Name": {
                "type": "object",
                "description": '""" ' + PAYLOAD + ' """',
                "properties": {
                    "def": {"type": "string", "description": "\\"},
                    "x'); " + PAYLOAD + "; #": {"type": "string", "enum": [PAYLOAD], "default": PAYLOAD},
                },
            }
        }
    },
}


def test_hostile_spec_generates_inert_code(make_client: Callable[..., ModuleType]) -> None:
    Path(CANARY).unlink(missing_ok=True)
    module = make_client(json.dumps(HOSTILE), package="hostile_client", client="Hostile")
    for info in pkgutil.walk_packages(module.__path__, module.__name__ + "."):
        importlib.import_module(info.name)
    assert not Path(CANARY).exists(), "importing the generated package ran code from the spec"

    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"def": "ok"})

    client = module.Hostile(base_url="https://api.example/v1", transport=httpx.MockTransport(handler), max_retries=0)
    resource = next(getattr(client, name) for name in dir(client) if name.startswith("x_"))
    method = next(getattr(resource, name) for name in dir(resource) if name.startswith("get_"))
    query_arg = next(name for name in inspect.signature(method).parameters if name.startswith("q_"))
    assert query_arg.isidentifier()
    method("7", **{query_arg: "a'b"})
    assert not Path(CANARY).exists(), "calling the generated client ran code from the spec"
    request = seen[0]
    assert request.url.params[next(iter(request.url.params))] == "a'b"
    assert request.headers["x-hdr"] == f"'+{PAYLOAD}+'", "a default stays the literal text it was"
