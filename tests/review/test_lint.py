"""Lint: each house rule fires at the right file:line:col, the clean spec passes, and the CLI contract holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.diagnostics import Severity
from generator.review.catalog import LINT_RULES
from generator.review.lint import lint, lint_main

from .conftest import BAD, GOOD

BAD_FILE = str(BAD)
MORE_FILE = str(BAD.parent / "more.yaml")
RECORDINGS = BAD.parents[2] / "tests" / "recordings" / "bad"

# (rule, file, line, pointer): one row per finding the bad fixture was written to produce
EXPECTED = [
    ("x-codegen-incomplete", BAD_FILE, 6, "/x-codegen"),
    ("x-codegen-incomplete", BAD_FILE, 6, "/x-codegen/distribution"),
    ("x-codegen-incomplete", BAD_FILE, 7, "/x-codegen/package"),
    ("x-codegen-incomplete", BAD_FILE, 8, "/x-codegen/client"),
    ("server-variable-undeclared", BAD_FILE, 11, "/servers/0/url"),
    ("server-variable-undeclared", BAD_FILE, 14, "/servers/0/variables/unused"),
    ("server-variable-undeclared", BAD_FILE, 15, "/servers/0/variables/stage/default"),
    ("path-param-undeclared", BAD_FILE, 19, "/paths/~1things~1{thingId}/get"),
    ("operation-id-python", BAD_FILE, 19, "/paths/~1things~1{thingId}/get/operationId"),
    ("x-source-confidence", BAD_FILE, 20, "/paths/~1things~1{thingId}/get/x-source/confidence"),
    ("operation-error-response", BAD_FILE, 22, "/paths/~1things~1{thingId}/get/responses"),
    ("example-invalid", BAD_FILE, 27, "/paths/~1things~1{thingId}/get/responses/200/content/application~1json/example/id"),
    ("x-source-missing", BAD_FILE, 29, "/paths/~1things~1{thingId}/delete"),
    ("path-param-undeclared", BAD_FILE, 32, "/paths/~1things~1{thingId}/delete/parameters/1"),
    ("operation-success-response", BAD_FILE, 34, "/paths/~1things~1{thingId}/delete/responses"),
    ("x-source-invalid", BAD_FILE, 38, "/paths/~1widgets/get/x-source"),
    ("operation-id-python", BAD_FILE, 42, "/paths/~1widgets/post/operationId"),
    ("x-source-missing", BAD_FILE, 50, "/components/schemas/Thing"),
    ("component-unused", BAD_FILE, 54, "/components/schemas/Orphan"),
    ("x-source-missing", MORE_FILE, 4, "/paths/~1gadgets/get"),
    ("recording-invalid", str(RECORDINGS / "class.yaml"), 10, "/response/body/id"),
    ("recording-invalid", str(RECORDINGS / "deleteThing.yaml"), 2, "/request/path"),
    ("recording-invalid", str(RECORDINGS / "deleteThing.yaml"), 3, "/response/status"),
    ("recording-invalid", str(RECORDINGS / "unknown.yaml"), 1, "/operation"),
]


def test_clean_spec_has_no_findings() -> None:
    assert lint([GOOD]).format() == ""


def test_bad_spec_findings_are_located() -> None:
    found = {(d.code, d.file, d.line, d.pointer) for d in lint([BAD])}
    missing = [row for row in EXPECTED if row not in found]
    assert not missing, "\n".join(map(str, missing)) + "\nfound:\n" + "\n".join(map(str, sorted(found)))


def test_severity_comes_from_the_catalog() -> None:
    for diagnostic in lint([BAD]):
        if diagnostic.code in LINT_RULES:
            assert diagnostic.severity is LINT_RULES[diagnostic.code].severity


def _spec(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "openapi.yaml"
    header = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nx-codegen: {distribution: t, package: t, client: T, version: 1.0.0}\n"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_unresolved_ref_is_located(tmp_path: Path) -> None:
    body = "paths:\n  /a:\n    get:\n      operationId: a\n      x-source: {doc: d, section: s, confidence: documented}\n"
    body += "      responses:\n        '200': {$ref: '#/components/responses/Nope'}\n"
    (diagnostic,) = [d for d in lint([_spec(tmp_path, body)]) if d.code.startswith("ref.")]
    assert (diagnostic.code, diagnostic.line, diagnostic.pointer) == ("ref.unresolved", 10, "/paths/~1a/get/responses/200/$ref")


def test_openapi_validator_errors_are_located(tmp_path: Path) -> None:
    body = "paths:\n  /a:\n    get:\n      operationId: a\n      x-source: {doc: d, section: s, confidence: documented}\n"
    body += "      responses:\n        '200': {descriptio: ok}\n"
    invalid = [d for d in lint([_spec(tmp_path, body)]) if d.code == "spec.invalid"]
    assert [(d.line, d.pointer) for d in invalid] == [(10, "/paths/~1a/get/responses/200")]


def test_missing_x_codegen_and_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "openapi.yaml"
    path.write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n", encoding="utf-8")
    assert [d.code for d in lint([path])] == ["x-codegen-incomplete"]
    assert [d.code for d in lint([tmp_path / "missing.yaml"])] == ["load.read"]


def test_text_output_exit_codes_and_strict(capsys: pytest.CaptureFixture[str]) -> None:
    assert lint_main([str(GOOD)]) == 0
    assert lint_main([str(BAD)]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"{MORE_FILE}:4:7: error[x-source-missing] at /paths/~1gadgets/get: ")


def test_warnings_fail_only_with_strict(tmp_path: Path) -> None:
    text = GOOD.read_text(encoding="utf-8").replace(
        "  schemas:\n", "  schemas:\n    Spare: {type: string, x-source: {doc: d, section: s, confidence: inferred}}\n", 1
    )
    spec = GOOD.parent / "extra.yaml"
    (tmp_path / "extra.yaml").write_text(spec.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "openapi.yaml").write_text(text, encoding="utf-8")
    diagnostics = lint([tmp_path / "openapi.yaml"])
    assert [(d.code, d.severity) for d in diagnostics] == [("component-unused", Severity.WARNING)]
    assert lint_main([str(tmp_path / "openapi.yaml")]) == 0
    assert lint_main([str(tmp_path / "openapi.yaml"), "--strict"]) == 1


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    lint_main([str(BAD), "--format", "json"])
    items = json.loads(capsys.readouterr().out)
    assert {"file", "line", "col", "pointer", "severity", "code", "message"} <= set(items[0])
    assert {item["code"] for item in items} >= {row[0] for row in EXPECTED}


def test_x_empty_body_lets_a_whitespace_body_through_and_nothing_else(tmp_path: Path) -> None:
    spec_dir = tmp_path / "specs" / "v"
    spec_dir.mkdir(parents=True)
    body = "paths:\n  /a/{id}:\n    get:\n      operationId: getA\n      x-source: {doc: d, section: s, confidence: documented}\n"
    body += "      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]\n"
    body += "      responses:\n        '200': {description: ok}\n"
    body += "        '404': {description: gone, x-empty-body: true, content: {application/json: {schema: {type: object}}}}\n"
    body += "        '422': {description: bad, content: {application/json: {schema: {type: object}}}}\n"
    spec = _spec(spec_dir, body)
    recordings = tmp_path / "tests" / "recordings" / "v"
    recordings.mkdir(parents=True)
    for name, status in (("getA__space", 404), ("getA__bad", 422)):
        recordings.joinpath(f"{name}.yaml").write_text(
            f"operation: getA\nrequest: {{method: GET, path: /a/1}}\nresponse: {{status: {status}, headers: {{content-type: application/json}}, body: ' '}}\n",
            encoding="utf-8",
        )
    found = [(Path(d.file).stem, d.pointer) for d in lint([spec]) if d.code == "recording-invalid"]
    assert found == [("getA__bad", "/response/body")]
