"""Recordings against the vendor's OWN published description (not our spec).

A recording agrees with our spec by construction; it is evidence about the vendor only if it also agrees
with what the vendor publishes, or says, in a top-level `deviation: {what, evidence}`, which real
behaviour it reproduces instead and where that behaviour is documented. This file checks exactly that,
per recording of a vendor listed in PUBLISHED:

- the recorded request maps to a published operation (method + path template, enum path segments
  respected); a recording of an operation the published file lacks must not cite the published file;
- the request body validates against the published request schema;
- the response status is one the published operation lists, and the body validates against the schema
  published for that status (a body where none is published, or none where one is, is a difference); an
  answer the vendor wraps under one root key must come under that key;
- a recording with `deviation` must really differ (a stale deviation fails), one without must not.

The published files live in the read-only team folder `../shared`; without it the tests skip and say so.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from generator.conformance import Recording, discover

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
PUBLISHED = {"invoicexpress": "vendor-docs/invoicexpress/published/openapi.yaml"}
_METHODS = ("get", "put", "post", "delete", "patch")

RECORDINGS = [r for r in discover(ROOT / "tests" / "recordings") if r.vendor in PUBLISHED]


@functools.cache
def published(vendor: str) -> dict[str, Any] | None:
    path = SHARED / PUBLISHED[vendor]
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


def _resolve(doc: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        target: Any = doc
        for token in node["$ref"][2:].split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def find_published(doc: dict[str, Any], method: str, path: str) -> tuple[str, dict[str, Any]] | None:
    """The published operation serving `method path`; among several matching templates the one with the
    most literal characters wins (`/sequences.json` before `/{invoices-type}.json`)."""
    found: list[tuple[int, str, dict[str, Any]]] = []
    for template, item in doc.get("paths", {}).items():
        op = item.get(method.lower()) if isinstance(item, dict) else None
        if not isinstance(op, dict):
            continue
        params = {
            p["name"]: p
            for p in (_resolve(doc, x) for x in [*item.get("parameters", []), *op.get("parameters", [])])
            if p.get("in") == "path"
        }
        names = re.findall(r"\{([^}]+)\}", template)
        pattern = "".join("([^/]+)" if piece.startswith("{") else re.escape(piece) for piece in re.split(r"(\{[^}]+\})", template))
        match = re.fullmatch(pattern, path)
        if match is None:
            continue
        enums_ok = all(
            value in (_resolve(doc, params.get(name, {}).get("schema", {})).get("enum") or [value])
            for name, value in zip(names, match.groups(), strict=True)
        )
        if enums_ok:
            found.append((len(re.sub(r"\{[^}]+\}", "", template)), template, op))
    if not found:
        return None
    _, template, op = max(found, key=lambda f: f[0])
    return template, op


def _schema_problems(doc: dict[str, Any], schema: Any, value: Any, where: str) -> list[str]:
    root = {**(schema if isinstance(schema, dict) else {}), "components": doc.get("components", {})}
    return [
        f"{where}{''.join('/' + str(t) for t in e.absolute_path)}: {e.message[:160]}"
        for e in sorted(Draft202012Validator(root).iter_errors(value), key=lambda e: list(map(str, e.absolute_path)))
    ]


def _json_schema(doc: dict[str, Any], node: Any) -> tuple[bool, Any]:
    """(declares content, its JSON schema or None)."""
    content = _resolve(doc, node).get("content") if isinstance(_resolve(doc, node), dict) else None
    if not content:
        return False, None
    media = next((m for m in content if "json" in m), None)
    return True, content[media].get("schema") if media else None


def differences(doc: dict[str, Any], rec: Recording, template: str, op: dict[str, Any]) -> list[str]:
    """How the recording differs from the published operation (empty: it agrees)."""
    problems: list[str] = []
    if rec.request.body is not None and "requestBody" in op:
        _, schema = _json_schema(doc, op["requestBody"])
        if schema is not None:
            problems += _schema_problems(doc, schema, rec.request.body, "request body")
    status = str(rec.response.status)
    responses = op.get("responses", {})
    response = responses.get(status) or responses.get(f"{status[0]}XX") or responses.get("default")
    if response is None:
        return [*problems, f"status {status} is not published for {rec.request.method} {template} ({', '.join(responses)})"]
    declares, schema = _json_schema(doc, response)
    body = rec.response.body
    if not declares:
        if body is not None and body != "":
            problems.append(f"status {status}: the published answer has no body, the recording has one")
    elif body is None or isinstance(body, str):
        problems.append(f"status {status}: the published answer is JSON, the recording's body is {'empty' if body is None else 'not JSON'}")
    elif schema is not None:
        problems += _schema_problems(doc, schema, body, "response body")
        problems += _root_problems(doc, schema, body)
    return problems


def _root_problems(doc: dict[str, Any], schema: Any, body: Any) -> list[str]:
    """A published answer wrapped under one root key (`{invoice: {...}}`) accepts any other object too (no
    required keys, extra keys allowed), so a body under another root would pass unchecked: report the other
    root, and check what it wraps against the published root's schema."""
    resolved = _resolve(doc, schema)
    props = resolved.get("properties") if isinstance(resolved, dict) else None
    if not (isinstance(props, dict) and len(props) == 1 and isinstance(body, dict)):
        return []
    (root,) = props
    if root in body or len(body) != 1:
        return []
    (other,) = body
    found = f"response body: wrapped in {other!r}, the published root is {root!r}"
    return [found, *_schema_problems(doc, props[root], body[other], f"response body/{other}")]


@pytest.mark.parametrize("recording", RECORDINGS, ids=[r.id for r in RECORDINGS])
def test_recording_agrees_with_the_published_description(recording: Recording) -> None:
    doc = published(recording.vendor)
    if doc is None:
        pytest.skip(f"../shared/{PUBLISHED[recording.vendor]} is absent: nothing to compare with")
    raw = yaml.safe_load(recording.path.read_text(encoding="utf-8"))
    deviation = raw.get("deviation")
    found = find_published(doc, recording.request.method, recording.request.path)
    if found is None:
        assert PUBLISHED[recording.vendor] not in str(recording.source.get("doc", "")), (
            f"{recording.request.method} {recording.request.path} is not in the published file, yet the recording cites it"
        )
        return
    problems = differences(doc, recording, *found)
    if deviation is None:
        assert not problems, "differs from the published description without a `deviation`:\n" + "\n".join(problems)
    else:
        assert isinstance(deviation, dict) and deviation.get("what") and deviation.get("evidence"), "deviation needs what and evidence"
        assert problems, f"`deviation` says {deviation.get('what')!r}, but the recording agrees with the published description"
