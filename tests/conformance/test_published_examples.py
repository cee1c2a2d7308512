"""Every response example the vendors publish, for the operations our spec covers, against our spec and client.

An example in the vendor's published file (../shared/vendor-docs/<vendor>/published/) is the vendor's own word
on what an answer looks like. For each one given for an operation we describe (operations paired the way the
drift check pairs them, generator/review/drift.py `match_operations`), at every status (2xx and errors):

1. it validates against OUR schema for that operation, status and media type (the `SchemaChecker` the
   `example-invalid` lint rule uses, read mode);
2. it parses through the generated client along the path a real answer takes (`parse_success`, the pager's
   item extraction, `make_status_error` for errors) with no validation issue: our models accept it as it is;
3. what the client returns dumps back to exactly the example, JSON types included (ints stay ints):
   `model_dump(mode="json", by_alias=True, exclude_unset=True)`, README "Messy answers: tolerant and lossless".
   For unwrapped and paginated answers that is the unwrapped value, the list of items.

Examples are `example`/`examples` on the response media types and the `example`/`examples` of the media
type's schema (the whole body). Property-level examples are not whole answers and are not collected here.

Request-body examples (same places under `requestBody`) validate against our request schema (write mode)
and, passed to the generated method as its arguments (tests/conformance/replay.py `call_arguments`), go
out exactly as written, JSON types included, under the example's media type.

Spec-caused failures of Xentral sit in KNOWN_FAILURES as strict expected failures, each with its reason:
fixing the spec makes the test pass and the run fail until the entry goes.
"""

from __future__ import annotations

import functools
import importlib
import json
import pkgutil
import re
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pydantic
import pytest
from pydantic import BaseModel, RootModel

from generator.load import LoadedDocument, join_pointer
from generator.review.drift import Published, match_operations
from generator.review.driftcheck import default_against, load_ours, load_published
from generator.review.examples import SchemaChecker
from generator.review.walk import Operation, deref_located, iter_operations, mapping

from .expect import differences, extras_problems, json_form
from .replay import Target, call_arguments, constructor_kwargs, declared_keys, target

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
VENDORS = ("invoicexpress", "xentral")
BASE_URL = "https://conformance.test"
_ABSENT = f"{SHARED / 'vendor-docs'} is absent: no published examples to check"


@dataclass(frozen=True)
class Example:
    """One published response example and where it sits on both sides."""

    vendor: str
    ours: Operation
    their_file: str
    theirs: str  # JSON pointer of the example in their file
    status: str
    media: str
    name: str
    value: Any

    @property
    def id(self) -> str:
        operation = self.ours.node.get("operationId") or self.ours.label
        return f"{self.vendor}/{operation}/{self.status}/{self.media}/{self.name}"


@functools.cache
def _ours(vendor: str) -> LoadedDocument:
    return load_ours(ROOT / "specs" / vendor / "openapi.yaml")


@functools.cache
def _checker(vendor: str) -> SchemaChecker:
    return SchemaChecker(_ours(vendor).data)


def _media_examples(doc: Published, media: dict[str, Any], where: str) -> list[tuple[str, str, Any]]:
    """(name, pointer, value) of the whole-body examples of one media type: its own and its schema's."""
    found: list[tuple[str, str, Any]] = []
    if "example" in media:
        found.append(("example", join_pointer(where, "example"), media["example"]))
    for name, raw in mapping(media.get("examples")).items():
        example, at = deref_located(doc.data, raw, join_pointer(where, "examples", name))
        if "value" in mapping(example):
            found.append((str(name), join_pointer(at, "value"), example["value"]))
    schema, at = deref_located(doc.data, media.get("schema"), join_pointer(where, "schema"))
    schema = mapping(schema)
    if "example" in schema:
        found.append(("schema-example", join_pointer(at, "example"), schema["example"]))
    listed = schema.get("examples")
    for index, value in enumerate(listed if isinstance(listed, list) else []):
        found.append((f"schema-examples-{index}", join_pointer(at, "examples", index), value))
    return found


def collect(vendor: str) -> list[Example]:
    """Every response example of every published operation paired with one of ours (empty without ../shared)."""
    files = default_against(vendor, SHARED)
    if not files:
        return []
    published = [load_published(path) for path in files]
    mine = list(iter_operations(_ours(vendor).data))
    pairs, _extra, _missing = match_operations(mine, [(doc, op) for doc in published for op in iter_operations(doc.data)])
    found = []
    for ours, (doc, theirs) in pairs:
        for status, raw in mapping(theirs.node.get("responses")).items():
            response, at = deref_located(doc.data, raw, join_pointer(theirs.pointer, "responses", status))
            for media, node in mapping(mapping(response).get("content")).items():
                for name, where, value in _media_examples(doc, mapping(node), join_pointer(at, "content", media)):
                    found.append(Example(vendor, ours, Path(doc.file).name, where, str(status), media, name, value))
    return found


EXAMPLES = [e for vendor in VENDORS for e in collect(vendor)]

# Spec-caused failures, burnt down as the Xentral specs follow the published file (other branches edit
# specs/xentral/* now; this table must not wait for them). Each entry is a strict expected failure: when the
# spec is fixed the test passes, the run fails, and the entry goes. Keys are test ids.
KNOWN_FAILURES: dict[str, str] = {}


def _our_response(ex: Example) -> tuple[str | None, dict[str, Any]]:
    """(pointer, node) of our response for the example's status: exact code, then its range, then default."""
    responses = mapping(ex.ours.node.get("responses"))
    key = next((k for k in (ex.status, ex.status[:1] + "XX", "default") if k in responses), None)
    if key is None:
        return None, {}
    node, at = deref_located(_ours(ex.vendor).data, responses[key], join_pointer(ex.ours.pointer, "responses", key))
    return at, mapping(node)


def _is_json(media: str) -> bool:
    base = media.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def _body(ex: Example) -> bytes:
    if _is_json(ex.media):
        return json.dumps(ex.value).encode()
    return ex.value.encode() if isinstance(ex.value, str) else json.dumps(ex.value).encode()


def _method(tgt: Target, ex: Example) -> Any:
    """The client method a caller uses for this answer: the variant that asks for the example's media type
    (`Accept: application/pdf`), else the operation's own method."""
    candidates = [
        m
        for methods in tgt.methods.values()
        for _where, m in methods
        if m.op.path == ex.ours.path and m.op.method == ex.ours.method.upper()
    ]
    if not candidates:
        raise AssertionError(f"the generated client has no method for {ex.ours.label}")
    by_accept = [m for m in candidates if (m.op.accept or "").split(";")[0] == ex.media]
    plain = [m for m in candidates if m.op.operation_id == ex.ours.node.get("operationId")]
    return (by_accept or plain or candidates)[0]


@functools.cache
def _namespace(vendor: str) -> dict[str, Any]:
    """Names the generated resources use in their annotations (`_models`, `_List`, `_dt`, ...)."""
    package = target(vendor).package
    space: dict[str, Any] = {}
    resources = importlib.import_module(f"{package.__name__}.resources")
    for info in pkgutil.iter_modules(resources.__path__):
        space.update(vars(importlib.import_module(f"{resources.__name__}.{info.name}")))
    return space


def _parse(ex: Example) -> tuple[Any, Any, list[str]]:
    """(what the client hands over, the part of the example it stands for, problems) for one answer."""
    tgt = target(ex.vendor)
    method = _method(tgt, ex)
    package = tgt.package.__name__
    runtime = importlib.import_module(f"{package}._runtime._response")
    spec = getattr(importlib.import_module(f"{package}._operations"), method.op.const)
    request = httpx.Request(ex.ours.method.upper(), BASE_URL + ex.ours.path)
    response = httpx.Response(int(ex.status), headers={"content-type": ex.media}, content=_body(ex), request=request)
    if not 200 <= int(ex.status) < 300:
        error = importlib.import_module(f"{package}._runtime._exceptions").make_status_error(spec.error_models, response)
        declared = dict(spec.error_models)
        model = declared.get(ex.status) or declared.get(ex.status[:1] + "XX") or declared.get("default")
        problems = []
        if model is not None and _is_json(ex.media):
            try:  # the runtime keeps a body its model refuses as raw JSON: the client read nothing typed
                importlib.import_module(f"{package}._runtime._json").type_adapter(model).validate_python(ex.value)
            except pydantic.ValidationError as exc:
                problems.append(f"the error body does not parse as {model}: {str(exc).splitlines()[0]}")
        return error.body, ex.value, problems
    namespace = _namespace(ex.vendor)
    if method.item_hint is not None:
        pagination = importlib.import_module(f"{package}._runtime._pagination")
        item_type = eval(method.item_hint, namespace)
        api_response = runtime.APIResponse(response, runtime.read_json)
        raw, items = pagination._items(api_response, spec.pagination, item_type, None)
        found = importlib.import_module(f"{package}._runtime._json").resolve_pointer(raw, spec.pagination.items)
        expected = found if isinstance(found, list) else (raw if isinstance(raw, list) else [])
        return items, expected, _issues(response)
    cast_to = eval(method.cast_to, namespace)
    value = runtime.parse_success(spec, response, cast_to)
    expected = runtime.unwrap_body(ex.value, spec.unwrap) if spec.unwrap and _is_json(ex.media) else ex.value
    return value, expected, _issues(response)


def _issues(response: httpx.Response) -> list[str]:
    found = response.extensions.get("validation_issues") or ()
    return [f"validation issue {issue}" for issue in found]


def _round_trip(ex: Example, value: Any, expected: Any) -> list[str]:
    """The returned value written back as JSON is exactly the example (or its unwrapped part)."""
    if isinstance(value, bytes):
        return [] if value == _body(ex) else [f"bytes differ from the example: {value[:80]!r}"]
    if isinstance(value, str) and not _is_json(ex.media):
        return [] if value == ex.value else [f"text differs from the example: {value[:80]!r}"]
    if value is None:
        return [f"the client returned None; the example has a body: {json.dumps(expected)[:120]}"]
    if type(value).__name__ == "Created":
        return []  # the answer is the Location header; the body is not what the method returns
    dumped = json_form(value)
    problems = [f"round trip {d}" for d in differences(expected, dumped)[:15]]
    if not problems and json.dumps(dumped, sort_keys=True) != json.dumps(expected, sort_keys=True):
        problems.append("round trip: the JSON text differs (a number changed its type)")
    models = value if isinstance(value, list) else [value]
    for item in models:
        if isinstance(item, (BaseModel, RootModel)):
            problems += [f"extras {p}" for p in extras_problems(item, declared_keys(ex.vendor))]
    return problems


def _schema_problems(ex: Example) -> list[str]:
    at, response = _our_response(ex)
    if at is None:
        return [f"our spec declares no {ex.status} answer (nor {ex.status[:1]}XX, default) for {ex.ours.label}"]
    content = mapping(response.get("content"))
    if ex.media not in content:
        return [f"our {ex.status} answer of {ex.ours.label} has no {ex.media} (it has {', '.join(content) or 'no body'})"]
    if not isinstance(mapping(content[ex.media]).get("schema"), dict):
        return []
    schema = join_pointer(at, "content", ex.media, "schema")
    return [f"schema {inner or '/'}: {message}" for inner, message in _checker(ex.vendor).errors(schema, ex.value, "read")]


def test_published_examples_are_collected() -> None:
    if not EXAMPLES:
        pytest.skip(_ABSENT)
    per_vendor = {v: sum(e.vendor == v for e in EXAMPLES) for v in VENDORS}
    assert all(per_vendor.values()), f"a vendor's published file yielded no response example: {per_vendor}"
    assert len({e.id for e in EXAMPLES}) == len(EXAMPLES), "two examples share a test id"
    assert set(KNOWN_FAILURES) <= {e.id for e in EXAMPLES}, (
        f"stale KNOWN_FAILURES: {sorted(set(KNOWN_FAILURES) - {e.id for e in EXAMPLES})}"
    )


PARAMS = [
    pytest.param(e, id=e.id, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[e.id])] if e.id in KNOWN_FAILURES else [])
    for e in EXAMPLES
] or [pytest.param(None, id="no-published-files", marks=pytest.mark.skip(reason=_ABSENT))]


@pytest.mark.parametrize("ex", PARAMS)
def test_published_example(ex: Example) -> None:
    problems = _schema_problems(ex)
    value, expected, parse_problems = _parse(ex)
    problems += parse_problems + _round_trip(ex, value, expected)
    assert not problems, f"{ex.their_file}#{ex.theirs}:\n" + "\n".join(problems)


def test_the_checks_catch_a_changed_example() -> None:
    """The checks have teeth: a published list answer with one id turned from "1" into 1 fails validation and
    parsing (and still round-trips: kept as sent), and a result missing an item or holding one more fails the
    round trip."""
    import copy
    import dataclasses

    listed = [e for e in EXAMPLES if e.media == "application/json" and isinstance(mapping(e.value).get("data"), list) and e.value["data"]]
    if not listed:
        pytest.skip(_ABSENT)
    ex = next(e for e in listed if isinstance(e.value["data"][0].get("id"), str))
    changed = copy.deepcopy(ex.value)
    changed["data"][0]["id"] = int(changed["data"][0]["id"])
    bad = dataclasses.replace(ex, value=changed)
    assert any("/data/0/id" in p for p in _schema_problems(bad)), _schema_problems(bad)
    value, expected, problems = _parse(bad)
    assert any("/0/id" in p for p in problems), problems
    assert _round_trip(bad, value, expected) == []  # kept as sent: lossless even when off-spec
    value, expected, _ = _parse(ex)
    assert _round_trip(ex, value, expected) == []
    assert _round_trip(ex, value, [*expected, {}]) and _round_trip(ex, value[1:], expected)


# --- request bodies ---------------------------------------------------------------------------------------
# The vendor's request examples: each validates against our request schema (write mode) and, passed to the
# generated method as its arguments, goes out exactly as written (JSON types included) with its media type.


def collect_requests(vendor: str) -> list[Example]:
    files = default_against(vendor, SHARED)
    if not files:
        return []
    published = [load_published(path) for path in files]
    pairs, _extra, _missing = match_operations(
        list(iter_operations(_ours(vendor).data)), [(doc, op) for doc in published for op in iter_operations(doc.data)]
    )
    found = []
    for ours, (doc, theirs) in pairs:
        body, at = deref_located(doc.data, theirs.node.get("requestBody"), join_pointer(theirs.pointer, "requestBody"))
        for media, node in mapping(mapping(body).get("content")).items():
            for name, where, value in _media_examples(doc, mapping(node), join_pointer(at, "content", media)):
                found.append(Example(vendor, ours, Path(doc.file).name, where, "request", media, name, value))
    return found


REQUESTS = [e for vendor in VENDORS for e in collect_requests(vendor)]

# Request examples our client cannot send as written (strict expected failures, as KNOWN_FAILURES above).
# One class, a generator gap: an operation gets one method, which sends application/json; the request bodies
# Xentral takes under other media types of the same operation (`...default.v2-beta+json` with more fields,
# `...fromreturn+json` without `invoice`, `...password+json` with `current`) have no method to send them
# (x-variants change `accept`, not the request content type). Each still validates against our spec.
_MEDIA_VARIANT = "generator: no method sends this request media type (the operation's method sends application/json)"
KNOWN_REQUEST_FAILURES: dict[str, str] = {
    "xentral/productsCreate/request/application/vnd.xentral.upsert+json/Create Product": _MEDIA_VARIANT,
    "xentral/productsCreate/request/application/vnd.xentral.default.v2-beta+json/Create Product": _MEDIA_VARIANT,
    "xentral/productsCreate/request/application/vnd.xentral.upsert.v2-beta+json/Create Product": _MEDIA_VARIANT,
    "xentral/productsDeleteMultiple/request/application/vnd.xentral.force+json/Delete multiple products": _MEDIA_VARIANT,
    "xentral/productsUpdateMultiple/request/application/vnd.xentral.default.v2-beta+json/Update multiple products": _MEDIA_VARIANT,
    "xentral/productsUpdate/request/application/vnd.xentral.default.v2-beta+json/Update Product": _MEDIA_VARIANT,
    "xentral/purchasePricesCreate/request/application/vnd.xentral.default.v2-beta+json/Create purchase price": _MEDIA_VARIANT,
    "xentral/purchasePricesUpdateMultiple/request/application/vnd.xentral.default.v2-beta+json/Update multiple purchase prices": _MEDIA_VARIANT,
    "xentral/creditNotesCreate/request/application/vnd.xentral.minimal+json/Create credit not from an invoice": _MEDIA_VARIANT,
    "xentral/creditNotesCreate/request/application/vnd.xentral.minimal+json/Create credit not from an invoice with a document number": _MEDIA_VARIANT,
    "xentral/creditNotesCreate/request/application/vnd.xentral.fromreturn+json/return": _MEDIA_VARIANT,
    "xentral/usersUpdate/request/application/vnd.xentral.password+json/change password": _MEDIA_VARIANT,
    "xentral/usersUpdate/request/application/vnd.xentral.mfa+json/change user MFA state": _MEDIA_VARIANT,
}


def _request_method(tgt: Target, ex: Example) -> tuple[tuple[str, ...], Any]:
    """(resource path, method): the one that sends the example's media type, else the operation's own."""
    candidates = [
        (where, m)
        for methods in tgt.methods.values()
        for where, m in methods
        if m.op.path == ex.ours.path and m.op.method == ex.ours.method.upper()
    ]
    assert candidates, f"the generated client has no method for {ex.ours.label}"
    by_media = [c for c in candidates if (c[1].op.request_content_type or "application/json") == ex.media]
    own = [c for c in candidates if c[1].op.operation_id == ex.ours.node.get("operationId")]
    return (by_media or own or candidates)[0]


def _sent(ex: Example) -> tuple[httpx.Request | None, str | None]:
    """What the client sends when called with the example as its body (placeholders for path and query)."""
    tgt = target(ex.vendor)
    where, method = _request_method(tgt, ex)
    path_values = {name: "1" for name in re.findall(r"\{([^}]+)\}", ex.ours.path)}
    query = {p.wire_name: "1" for p in method.path_params if p.location == "query"}
    args, kwargs = call_arguments(method, types.SimpleNamespace(request={"query": query, "headers": {}, "body": ex.value}), path_values)
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    resource: Any = getattr(tgt.package, tgt.api.client_class)(transport=httpx.MockTransport(answer), **constructor_kwargs(tgt.api))
    for attr in where:
        resource = getattr(resource, attr)
    try:
        getattr(resource, method.name)(*args, **kwargs)
    except Exception as exc:
        if not sent:
            return None, f"the call raised before sending: {type(exc).__name__}: {str(exc)[:200]}"
    mine = [r for r in sent if r.method == ex.ours.method.upper()]
    return (mine or sent or [None])[-1], None


def _request_problems(ex: Example) -> list[str]:
    body, at = deref_located(_ours(ex.vendor).data, ex.ours.node.get("requestBody"), join_pointer(ex.ours.pointer, "requestBody"))
    content = mapping(mapping(body).get("content"))
    problems = []
    if ex.media not in content:
        problems.append(f"our {ex.ours.label} takes no {ex.media} body (it takes {', '.join(content) or 'none'})")
    elif isinstance(mapping(content[ex.media]).get("schema"), dict):
        schema = join_pointer(at, "content", ex.media, "schema")
        problems += [f"schema {inner or '/'}: {message}" for inner, message in _checker(ex.vendor).errors(schema, ex.value, "write")]
    request, error = _sent(ex)
    if request is None:
        return [*problems, error or "nothing was sent"]
    media = request.headers.get("content-type", "").split(";")[0].strip()
    if media != ex.media:
        problems.append(f"sent as {media or 'no content type'}, the example is {ex.media}")
    try:
        got = json.loads(request.content) if request.content else None
    except ValueError:
        return [*problems, f"sent a body that is not JSON: {request.content[:120]!r}"]
    return problems + [f"sent body {d}" for d in differences(ex.value, got)[:15]]


REQUEST_PARAMS = [
    pytest.param(
        e, id=e.id, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_REQUEST_FAILURES[e.id])] if e.id in KNOWN_REQUEST_FAILURES else []
    )
    for e in REQUESTS
] or [pytest.param(None, id="no-published-files", marks=pytest.mark.skip(reason=_ABSENT))]


def test_known_request_failures_are_current() -> None:
    if not REQUESTS:
        pytest.skip(_ABSENT)
    assert set(KNOWN_REQUEST_FAILURES) <= {e.id for e in REQUESTS}, sorted(set(KNOWN_REQUEST_FAILURES) - {e.id for e in REQUESTS})


@pytest.mark.parametrize("ex", REQUEST_PARAMS)
def test_published_request_example(ex: Example) -> None:
    problems = _request_problems(ex)
    assert not problems, f"{ex.their_file}#{ex.theirs}:\n" + "\n".join(problems)
