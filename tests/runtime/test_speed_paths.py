"""The shortcuts that make calls, parses and imports fast must not change what goes on the wire or comes back.

Each test pins one shortcut against the plain behaviour it replaces: headers the connection pool sends by
itself, remembered header tuples, the collector paused for a large parse, and the lazily loaded runtime.
"""

from __future__ import annotations

import gc
import importlib
import json
import subprocess
import sys
import weakref
from pathlib import Path
from typing import Any

import httpx
import pydantic
import pytest

import generator.runtime as runtime
from generator.runtime import OperationSpec, RequestOptions
from generator.runtime._json import LARGE_BODY, MISSING, type_adapter, validate_json
from generator.runtime._response import validate_answer

from .fakes import CREATE_CUSTOMER, GET_CUSTOMER, Customer, Script, json_response

ROOT = Path(__file__).resolve().parents[2]


def _header_lines(request: httpx.Request, name: str) -> list[str]:
    return [value for key, value in request.headers.multi_items() if key.lower() == name]


def test_pool_headers_reach_the_wire_once_and_an_operation_accept_replaces_them(make_sync: Any) -> None:
    pdf = OperationSpec("pdf", "GET", "/doc", accept="application/pdf", success_kind="binary")
    script = Script(json_response(200, {}), httpx.Response(200, content=b"%PDF"), json_response(200, {}))
    client = make_sync(script, user_agent="gestix-client/0.1.0")
    client.request(GET_CUSTOMER, path_params={"id": 1})
    client.request(pdf, cast_to=bytes)
    client.request(GET_CUSTOMER, path_params={"id": 1}, options=RequestOptions(extra_headers={"Accept": "text/csv"}))
    first, second, third = script.requests
    assert _header_lines(first, "user-agent") == ["gestix-client/0.1.0"]
    assert _header_lines(first, "accept") == ["application/json"]
    assert _header_lines(second, "accept") == ["application/pdf"]  # not the pool's JSON Accept as well
    assert _header_lines(third, "accept") == ["text/csv"]
    assert _header_lines(third, "user-agent") == ["gestix-client/0.1.0"]


def test_a_caller_pool_gets_every_header_per_request(make_sync: Any) -> None:
    script = Script(json_response(200, {}))
    own = httpx.Client(transport=httpx.MockTransport(script), headers={"User-Agent": "theirs", "Accept": "text/html"})
    client = make_sync(script, http_client=own, user_agent="gestix-client/0.1.0")
    client.request(GET_CUSTOMER, path_params={"id": 1})
    assert _header_lines(script.requests[0], "user-agent") == ["gestix-client/0.1.0"]
    assert _header_lines(script.requests[0], "accept") == ["application/json"]


def test_default_headers_in_any_case_replace_ours_once(make_sync: Any) -> None:
    script = Script(json_response(200, {}), json_response(200, {}), json_response(200, {}))
    client = make_sync(script, user_agent="gestix-client/0.1.0", default_headers={"user-agent": "mine/2", "X-Tenant": "a"})
    client.request(GET_CUSTOMER, path_params={"id": 1})
    other = client.with_options(default_headers={"X-Tenant": "b", "User-Agent": "copy/3"})
    other.request(GET_CUSTOMER, path_params={"id": 1})
    client.request(GET_CUSTOMER, path_params={"id": 1})  # the copy's headers must not stick to the original
    mine, copied, again = script.requests
    assert _header_lines(mine, "user-agent") == ["mine/2"]
    assert (_header_lines(copied, "user-agent"), _header_lines(copied, "x-tenant")) == (["copy/3"], ["b"])
    assert (_header_lines(again, "user-agent"), _header_lines(again, "x-tenant")) == (["mine/2"], ["a"])


def test_header_parameters_and_bodies_still_set_their_headers(make_sync: Any) -> None:
    script = Script(json_response(200, {}))
    client = make_sync(script)
    client.request(CREATE_CUSTOMER, body={"name": "x"}, headers={"X-Request-Id": "r1", "Accept": "application/xml"})
    sent = script.requests[0]
    assert _header_lines(sent, "content-type") == ["application/json"]
    assert _header_lines(sent, "x-request-id") == ["r1"]
    assert _header_lines(sent, "accept") == ["application/xml"]


def test_path_ids_fast_and_slow_forms_match_the_encoder(make_sync: Any) -> None:
    op = OperationSpec("get", "GET", "/a/{x}/b")
    script = Script(*(json_response(200, {}) for _ in range(4)))
    client = make_sync(script)
    for value in (7, "ab12", "a/b c", -3):
        client.request(op, path_params={"x": value})
    assert [r.url.raw_path.decode() for r in script.requests] == ["/v1/a/7/b", "/v1/a/ab12/b", "/v1/a/a%2Fb%20c/b", "/v1/a/-3/b"]


def _big_list(count: int) -> bytes:
    return json.dumps([{"id": i, "name": f"customer {i}"} for i in range(count)]).encode()


def test_a_large_parse_pauses_the_collector_and_always_restores_it() -> None:
    content = _big_list(2000)
    assert len(content) >= LARGE_BODY
    adapter = type_adapter(list[Customer])
    seen: list[bool] = []

    class Probe(pydantic.BaseModel):
        id: int

        @pydantic.field_validator("id")
        @classmethod
        def look(cls, value: int) -> int:
            seen.append(gc.isenabled())
            return value

    assert gc.isenabled()
    assert len(validate_json(adapter, content)) == 2000
    assert len(validate_json(type_adapter(list[Probe]), content)) == 2000
    assert seen and not any(seen)  # off while parsing
    assert gc.isenabled()  # and back on afterwards
    with pytest.raises(pydantic.ValidationError):
        validate_json(type_adapter(list[int]), content)
    assert gc.isenabled()  # a failed parse restores it too
    seen.clear()
    validate_json(type_adapter(list[Probe]), content[:100].rsplit(b"},", 1)[0] + b"}]")
    assert seen and all(seen)  # a small body is parsed with the collector as it was


def test_the_tolerant_walk_of_a_large_body_pauses_the_collector_and_always_restores_it() -> None:
    from generator.runtime._exceptions import APIResponseValidationError
    from generator.runtime._response import MISSING, validate_answer

    seen: list[bool] = []

    class Probe(pydantic.BaseModel):
        model_config = pydantic.ConfigDict(extra="allow")
        id: int
        name: str

        @pydantic.field_validator("id")
        @classmethod
        def look(cls, value: int) -> int:
            seen.append(gc.isenabled())
            return value

    content = json.dumps([{"id": i, "name": i} for i in range(3000)]).encode()  # every name off-spec
    assert len(content) >= LARGE_BODY
    request = httpx.Request("GET", "https://x.example/probes")
    parsed = validate_answer(list[Probe], MISSING, httpx.Response(200, content=content, request=request), content=content)
    assert len(parsed) == 3000 and parsed[7].model_extra == {"name": 7}  # walked: the value kept as sent
    assert len(seen) > 3000 and not any(seen)  # the walk's validations ran with the collector off
    assert gc.isenabled()
    broken = b"[" + b'{"id": 1, "name": "x"},' * 4000  # large, and not JSON: raises while paused
    with pytest.raises(APIResponseValidationError, match="not JSON"):
        validate_answer(list[Probe], MISSING, httpx.Response(200, content=broken, request=request), content=broken)
    assert gc.isenabled()


def test_a_program_that_switched_the_collector_off_keeps_it_off() -> None:
    gc.disable()
    try:
        validate_json(type_adapter(list[Customer]), _big_list(2000))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_large_parse_leaves_its_objects_out_of_the_young_generation() -> None:
    """Without the hand-over, the first allocation after the parse walks all 6,000 new objects at once."""
    gc.collect()
    parsed = validate_json(type_adapter(list[Customer]), _big_list(2000))
    young = gc.get_count()[0]
    assert young < 500, young
    assert all(gc.is_tracked(item) for item in parsed[:3])  # still the collector's, only older


def test_young_garbage_from_before_a_large_parse_is_still_collected() -> None:
    class Node:
        pass

    gc.collect()
    node = Node()
    node.loop = node  # type: ignore[attr-defined]
    alive = weakref.ref(node)
    del node
    validate_json(type_adapter(list[Customer]), _big_list(2000))
    gc.collect()
    assert alive() is None


def test_young_garbage_is_freed_before_a_large_parse_not_handed_on() -> None:
    """Without a full collection: the parse's own young collection beforehand freed it."""

    class Node:
        pass

    content, adapter = _big_list(2000), type_adapter(list[Customer])  # allocated first: they would set off a collection
    gc.collect()
    node = Node()
    node.loop = node  # type: ignore[attr-defined]
    alive = weakref.ref(node)
    del node
    validate_json(adapter, content)
    assert alive() is None


def test_a_program_that_froze_objects_keeps_them_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        validate_json(type_adapter(list[Customer]), _big_list(2000))
        # Unfreezing would empty the permanent generation; a few frozen objects may die by refcount meanwhile.
        assert frozen - gc.get_freeze_count() < 100
    finally:
        gc.unfreeze()


def test_runtime_exports_resolve_lazily_to_their_modules() -> None:
    exports = runtime._EXPORTS
    assert set(exports) == set(runtime.__all__)
    for name, (module, attribute) in exports.items():
        assert getattr(runtime, name) is getattr(importlib.import_module(f"generator.runtime.{module}"), attribute), name
    with pytest.raises(AttributeError):
        _ = runtime.NoSuchName  # type: ignore[attr-defined]


@pytest.mark.parametrize("vendor", sorted(p.name for p in (ROOT / "generated").iterdir() if p.is_dir()))
def test_importing_a_client_leaves_the_model_machinery_unloaded(vendor: str) -> None:
    script = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'generated' / vendor)!r})\n"
        f"import {vendor}_client as package\n"
        "heavy = [m for m in ('pydantic.main', 'pydantic.fields', 'pydantic.type_adapter') if m in sys.modules]\n"
        "loaded = [m for m in sys.modules if m.startswith(package.__name__ + '.') and m.split('.')[-1] in ('models', '_operations', '_tolerant', '_wire')]\n"
        "print(heavy, loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[] []"


def test_a_tolerant_parse_leaves_no_cyclic_garbage_behind() -> None:
    """The body read for the tolerant walk must be freed when the call returns, not held in a reference cycle
    (through the failed fast path's error and its traceback) until a full collection."""
    content = json.dumps([{"id": i, "name": i, "tags": ["a"]} for i in range(2000)]).encode()  # every name off-spec
    response = httpx.Response(200, content=content, request=httpx.Request("GET", "https://x.example/c"))
    gc.collect()
    parsed = validate_answer(list[Customer], MISSING, response, content=content)
    assert len(parsed) == 2000 and parsed[1].name == "1"
    assert gc.collect() < 100
