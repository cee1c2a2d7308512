"""The conformance building blocks on small fixtures: loading, format checks, validation, coverage, includes."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.conformance import coverage, discover, format_table, load_recording, load_spec_dict, validate_recording
from generator.diagnostics import SpecError

from .mock_support import FIXTURES, PLAIN, SESSION


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip())
    return path


GOOD = """
    operation: createCustomer
    case: bad
    origin: documentation-example
    source: {doc: fixture, section: customers}
    request:
      method: POST
      path: /customers
      query: {nonce: <nonce>}
      headers: {content-type: application/json}
      body:
        name: Mercearia
        nif: '504567890'
    response:
      status: 201
      headers: {content-type: application/json}
      body: {id: 4}
    expect: {result: Created, fields: {id: 4}}
"""


def test_discover_and_fields() -> None:
    recordings = [load_recording(p, "plain") for p in sorted((FIXTURES / "plain" / "recordings").glob("*.yaml"))]
    pdf = next(r for r in recordings if r.operation == "downloadDocument")
    assert pdf.response.body_file is not None and pdf.response.body_file.startswith(b"%PDF")
    pending = next(r for r in recordings if r.case == "pending1")
    assert (pending.id, pending.request.query) == ("plain/getPdf/pending1", {"api_key": "<redacted>"})


def test_discover_walks_vendor_folders(tmp_path: Path) -> None:
    write(tmp_path / "acme" / "createCustomer__bad.yaml", GOOD)
    write(tmp_path / "acme" / "notes.txt", "ignored")
    assert [r.id for r in discover(tmp_path)] == ["acme/createCustomer/bad"]
    assert discover(tmp_path / "missing") == []


def test_format_problems_are_located(tmp_path: Path) -> None:
    bad = GOOD.replace("origin: documentation-example", "origin: docs").replace("content-type", "Content-Type", 1)
    bad = bad.replace("{doc: fixture, section: customers}", "{doc: fixture}").replace("case: bad", "case: other")
    bad = bad.replace("{nonce: <nonce>}", "{nonce: <nonce>, api_key: real-key, page: 2}").replace(
        "body: {id: 4}", "body: {xa-token: 9f8e7d6c}"
    )
    recording = load_recording(write(tmp_path / "v" / "createCustomer__bad.yaml", bad))
    found = {(p.code, p.pointer, p.line) for p in recording.problems}
    assert found == {
        ("recording.name", "/case", 2),
        ("recording.origin", "/origin", 3),
        ("recording.source", "/source", 4),
        ("recording.secret", "/request/query/api_key", 8),
        ("recording.query", "/request/query/page", 8),
        ("recording.header-case", "/request/headers/Content-Type", 9),
        ("recording.secret", "/response/body/xa-token", 16),
    }


def test_the_expect_block_is_required_and_checked(tmp_path: Path) -> None:
    missing = load_recording(
        write(tmp_path / "v" / "createCustomer__bad.yaml", GOOD.replace("    expect: {result: Created, fields: {id: 4}}\n", ""))
    )
    assert [(p.code, p.pointer) for p in missing.problems] == [("recording.missing-expect", "")]
    cases = {
        "{fields: {id: 4}}": ("/expect", "expect.result must name"),
        "{result: Created, error: NotFoundError}": ("/expect/error", "does not apply to a 201"),
        "{result: Created, length: -1}": ("/expect/length", "is a count"),
        "{result: Created, items: {key: id, values: [4]}}": ("/expect", "needs expect.pages"),
        "{result: Created, items: {key: id, values: [4]}, pages: [nowhere]}": ("/expect/pages", "does not exist"),
        "{result: Created, typo: 1}": ("/expect/typo", "unknown key"),
    }
    for block, (pointer, text) in cases.items():
        bad = GOOD.replace("{result: Created, fields: {id: 4}}", block)
        problems = load_recording(write(tmp_path / "v" / "createCustomer__bad.yaml", bad)).problems
        assert [(p.pointer, text in p.message) for p in problems if p.code != "recording.name"] == [(pointer, True)], (block, problems)
    error = GOOD.replace("status: 201", "status: 404").replace("{result: Created, fields: {id: 4}}", "{result: Created}")
    problems = load_recording(write(tmp_path / "v" / "createCustomer__bad.yaml", error)).problems
    assert {p.pointer for p in problems if p.code == "recording.expect"} == {"/expect", "/expect/result"}


def test_unreadable_recording_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    recording = load_recording(write(tmp_path / "v" / "x.yaml", "operation: [unclosed\n"))
    assert recording.document is None
    assert [p.code for p in recording.problems] == ["load.syntax"]


def test_violations_name_file_line_and_pointer(tmp_path: Path) -> None:
    spec = load_spec_dict(SESSION)
    bad = GOOD.replace("name: Mercearia", "name: ''").replace("nif: '504567890'", "nif: '12'").replace("body: {id: 4}", "body: {id: four}")
    recording = load_recording(write(tmp_path / "session" / "createCustomer__bad.yaml", bad))
    assert recording.problems == []
    found = {(v.part, v.location, v.pointer, v.line) for v in validate_recording(spec, recording)}
    assert found == {("request", "body", "/name", 11), ("request", "body", "/nif", 12), ("response", "body", "/id", 16)}
    assert all(v.file.endswith("createCustomer__bad.yaml") for v in validate_recording(spec, recording))


def test_mapping_checks(tmp_path: Path) -> None:
    spec = load_spec_dict(SESSION)
    cases = {
        "noSuchOperation": (GOOD.replace("createCustomer", "noSuchOperation"), "no operation or x-variant"),
        "createCustomer__get": (GOOD.replace("method: POST", "method: PUT"), "is POST /customers, not PUT"),
        "listCustomers__byid": (
            GOOD.replace("createCustomer", "listCustomers").replace("method: POST", "method: GET").replace("{nonce: <nonce>}", "{id: '2'}"),
            "that is variant retrieveCustomer",
        ),
        "retrieveCustomer__noid": (
            GOOD.replace("createCustomer", "retrieveCustomer").replace("method: POST", "method: GET").replace("{nonce: <nonce>}", "{}"),
            "requires id",
        ),
    }
    for name, (text, expected) in cases.items():
        text = text.replace("case: bad", f"case: {name.partition('__')[2] or 'default'}")
        recording = load_recording(write(tmp_path / "session" / f"{name}.yaml", text))
        messages = [v.message for v in validate_recording(spec, recording) if v.part == "mapping"]
        assert any(expected in m for m in messages), (name, messages)


def test_split_resource_paths_only_match_their_enum(tmp_path: Path) -> None:
    spec = load_spec_dict(PLAIN)
    original = (FIXTURES / "plain" / "recordings" / "getDocument.yaml").read_text()
    recording = load_recording(
        write(tmp_path / "plain" / "getDocument.yaml", original.replace("/invoices/invoices/", "/invoices/receipts/"))
    )
    assert any(v.part == "mapping" and "does not match" in v.message for v in validate_recording(spec, recording))


def test_fixture_recordings_are_valid() -> None:
    for name in ("session", "rsa", "plain"):
        spec = load_spec_dict(FIXTURES / name / "openapi.yaml")
        for path in sorted((FIXTURES / name / "recordings").glob("*.yaml")):
            recording = load_recording(path, name)
            assert recording.problems == [], path
            assert validate_recording(spec, recording) == [], path


def test_coverage_and_table() -> None:
    spec = load_spec_dict(PLAIN)
    recordings = [load_recording(p, "plain") for p in sorted((FIXTURES / "plain" / "recordings").glob("*.yaml"))]
    report = coverage(spec, recordings, "plain")
    assert report.missing == ["ping", "unexampled"]
    assert (len(report.operations), len(report.recorded), report.documented, report.inferred) == (8, 6, 5, 3)
    assert report.error_models == ["Errors", "Problem"]
    assert report.missing_error_models == ["Problem"]  # getDocument__not_found covers Errors
    table = format_table([report])
    assert "| plain | 8 | 6 | 5 | 3 | 2 | 1 | 2 |" in table
    assert "plain: 2 operations without a recording: ping, unexampled" in table


def test_variants_count_as_operations() -> None:
    spec = load_spec_dict(SESSION)
    report = coverage(spec, [], "session")
    assert "retrieveCustomer" in report.missing and "listCustomers" in report.missing


def test_include_merges_paths_tags_and_components() -> None:
    spec = load_spec_dict(PLAIN)
    assert "/api/v3/things" in spec["paths"] and "Problem" in spec["components"]["schemas"]
    assert [t["name"] for t in spec["tags"]] == ["Invoices", "Things (V3)"]


def test_include_duplicates_name_both_files(tmp_path: Path) -> None:
    write(
        tmp_path / "openapi.yaml",
        """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        x-codegen: {include: [a.yaml]}
        paths:
          /x: {get: {responses: {'200': {description: ok}}}}
        components:
          schemas:
            Thing: {type: object}
    """,
    )
    write(
        tmp_path / "a.yaml",
        """
        paths:
          /x: {get: {responses: {'200': {description: ok}}}}
        components:
          schemas:
            Thing: {type: string}
    """,
    )
    with pytest.raises(SpecError) as caught:
        load_spec_dict(tmp_path / "openapi.yaml")
    messages = [d.format() for d in caught.value.diagnostics]
    assert len(messages) == 2
    assert all("a.yaml:" in m and "openapi.yaml:" in m for m in messages), messages
