"""`x-empty-body` on a response: an empty or whitespace-only recorded body is accepted for that status, and
only there; a real body is still validated against the declared schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.conformance import load_recording, validate_recording

SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "servers": [{"url": "https://x.example"}],
    "paths": {
        "/things/{id}.json": {
            "get": {
                "operationId": "getThing",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}},
                    "404": {"$ref": "#/components/responses/NotFound"},
                    "422": {"description": "bad", "content": {"application/json": {"schema": {"type": "object"}}}},
                },
            }
        }
    },
    "components": {
        "responses": {
            "NotFound": {
                "description": "gone",
                "x-empty-body": True,
                "content": {"application/json": {"schema": {"type": "object", "required": ["errors"]}}},
            }
        }
    },
}


def _recording(tmp_path: Path, status: int, body: str | None) -> Any:
    lines = [
        "operation: getThing",
        "case: x",
        "origin: documentation-example",
        "source: {doc: test, section: test}",
        "request: {method: GET, path: /things/1.json}",
        f"response: {{status: {status}, headers: {{content-type: application/json}}" + ("" if body is None else f", body: {body}") + "}",
    ]
    path = tmp_path / "getThing__x.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_recording(path, "t")


@pytest.mark.parametrize("body", [None, "' '", "''"])
def test_empty_or_whitespace_body_is_accepted_where_declared(tmp_path: Path, body: str | None) -> None:
    assert validate_recording(SPEC, _recording(tmp_path, 404, body)) == []


def test_a_real_body_is_still_validated(tmp_path: Path) -> None:
    assert validate_recording(SPEC, _recording(tmp_path, 404, "{other: 1}")), "a body without `errors` must be reported"


@pytest.mark.parametrize("body", [None, "' '"])
def test_other_statuses_still_need_their_body(tmp_path: Path, body: str | None) -> None:
    assert validate_recording(SPEC, _recording(tmp_path, 422, body)), "422 declares no x-empty-body"
