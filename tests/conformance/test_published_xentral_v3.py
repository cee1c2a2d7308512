"""Xentral V3 recordings against the vendor's own published description.

Recordings are evidence only if they hold against the vendor, not just against our spec: every V3 recording's
request and response bodies must validate against the schema the published V3 file gives that operation, status
and media type, unless the recording carries a top-level `deviation` saying which real behaviour it reproduces.

The published file is read as its authors mean it in two places where a literal JSON Schema 2020-12 reading would
reject their own examples: it still writes OpenAPI 3.0's `nullable: true` (3.1 ignores it), and it declares
`type: [string, "null"]` with an enum that does not list null. Both are read as "null allowed".
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from generator.conformance import Recording, discover

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = ROOT.parent / "shared" / "vendor-docs" / "xentral" / "published" / "xentral-documents-api.openapi-3.1.0.json"
RECORDINGS = [r for r in discover(ROOT / "tests" / "recordings") if r.vendor == "xentral" and r.request.path.startswith("/api/v3/")]


def _as_meant(node: Any) -> None:
    if isinstance(node, dict):
        kind = node.get("type")
        if node.get("nullable") is True and isinstance(kind, str):
            node["type"] = kind = [kind, "null"]
        if isinstance(kind, list) and "null" in kind and isinstance(node.get("enum"), list) and None not in node["enum"]:
            node["enum"] = [*node["enum"], None]
        for value in node.values():
            _as_meant(value)
    elif isinstance(node, list):
        for value in node:
            _as_meant(value)


@functools.cache
def published() -> dict[str, Any]:
    if not PUBLISHED.is_file():
        pytest.skip(f"the vendor's published V3 description is not here: {PUBLISHED}")
    document = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    _as_meant(document)
    return document


@functools.cache
def registry() -> Registry:
    return Registry().with_resource("urn:published", Resource.from_contents(copy.deepcopy(published()), default_specification=DRAFT202012))


def _template(path: str) -> str:
    """The published path template of a recorded path: `{x}` matches one segment; the most literal match wins."""
    parts = path.strip("/").split("/")
    matches = []
    for template in published()["paths"]:
        pattern = template.strip("/").split("/")
        if len(pattern) == len(parts) and all(p.startswith("{") or p == q for p, q in zip(pattern, parts, strict=True)):
            matches.append((sum(not p.startswith("{") for p in pattern), template))
    assert matches, f"{path}: no path of the published V3 description matches"
    return max(matches)[1]


def _pointer(*tokens: str) -> str:
    return "#/" + "/".join(t.replace("~", "~0").replace("/", "~1") for t in tokens)


def _errors(instance: Any, pointer: str) -> list[str]:
    validator = Draft202012Validator({"$ref": "urn:published" + pointer}, registry=registry())
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:200]}" for e in validator.iter_errors(instance)]


def test_there_are_v3_recordings() -> None:
    assert len(RECORDINGS) > 200


@pytest.mark.parametrize("recording", RECORDINGS, ids=[r.id for r in RECORDINGS])
def test_recording_holds_against_the_published_description(recording: Recording) -> None:
    data = recording.document.data if recording.document is not None else {}
    if "deviation" in data:
        deviation = data["deviation"]
        assert isinstance(deviation, dict) and deviation.get("what") and deviation.get("evidence"), "deviation needs what and evidence"
        return
    template = _template(recording.request.path)
    method = recording.request.method.lower()
    operation = published()["paths"][template].get(method)
    assert operation is not None, f"the published description has no {method.upper()} {template}"
    problems: list[str] = []
    body = recording.request.body
    if body is not None:
        content = (operation.get("requestBody") or {}).get("content") or {}
        assert "application/json" in content, f"{method.upper()} {template}: the published description takes no JSON body"
        problems += [
            "request " + e
            for e in _errors(body, _pointer("paths", template, method, "requestBody", "content", "application/json", "schema"))
        ]
    status = str(recording.response.status)
    response = operation["responses"].get(status)
    assert response is not None, f"{method.upper()} {template}: status {status} is not in the published description"
    media = (recording.response.headers.get("content-type") or "").split(";")[0].strip()
    if media:
        assert media in (response.get("content") or {}), f"{method.upper()} {template} {status}: {media} is not published"
        if media != "application/pdf" and recording.response.body is not None:
            pointer = _pointer("paths", template, method, "responses", status, "content", media, "schema")
            problems += ["response " + e for e in _errors(recording.response.body, pointer)]
    assert not problems, "\n".join(problems)


def test_our_spec_covers_every_published_v3_operation() -> None:
    from generator.conformance import load_spec_dict

    ours = load_spec_dict(ROOT / "specs" / "xentral" / "openapi.yaml")
    methods = ("get", "put", "post", "patch", "delete")
    theirs = {(m, p) for p, item in published()["paths"].items() for m in item if m in methods}
    have = {(m, p) for p, item in ours["paths"].items() if p.startswith("/api/v3/") for m in item if m in methods}
    assert len(theirs) == 217
    assert sorted(theirs - have) == [], "published V3 operations missing from our spec"
    assert sorted(have - theirs) == [], "V3 operations in our spec that the vendor does not publish"


def _line_items(node: Any, inside: bool = False) -> list[dict[str, Any]]:
    """Every line item with a `price` in a body: the entries of any `lineItems` list (`inside` for a line-item
    endpoint's own body, where the line item is the body or its `data`)."""
    if isinstance(node, list):
        return [line for value in node for line in _line_items(value, inside)]
    if not isinstance(node, dict):
        return []
    found = [node] if inside and "price" in node else []
    for key, value in node.items():
        found += _line_items(value, key == "lineItems" or (inside and key == "data"))
    return found


def test_line_item_prices_are_net_and_gross_as_the_vendor_writes_them() -> None:
    """The published line-item `price` is `{net, gross}` of Money (write side: `{net}`), an object open to other
    keys, so a flat `{amount, currency}` validates there and must be caught here."""
    wrong = []
    for recording in RECORDINGS:
        for where, body in (("request", recording.request.body), ("response", recording.response.body)):
            for line in _line_items(body, "/lineItems" in recording.request.path):
                price = line["price"]
                shaped = isinstance(price, dict) and price and set(price) <= {"net", "gross"}
                money = shaped and all(v is None or (isinstance(v, dict) and set(v) == {"amount", "currency"}) for v in price.values())
                if not money:
                    wrong.append(f"{recording.id} {where}: price {price!r}")
    assert not wrong, "\n".join(wrong)
