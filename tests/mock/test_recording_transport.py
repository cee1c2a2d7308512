"""The recording transport: a session with secrets everywhere is captured as valid, secret-free recordings."""

from __future__ import annotations

import asyncio
import gzip
import json
import math
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from generator.conformance import load_recording, load_spec_dict, validate_recording
from generator.runtime._recording import AsyncRecordingTransport, RecordingTransport, dump_yaml

from .mock_support import SESSION

SECRETS = {
    "api_token": "api-token-SECRET-1111",
    "session": "sess-SECRET-2222",
    "password": "pw-SECRET-3333",
    "jwt": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYXJpYSJ9.c2VjcmV0LXNpZ25hdHVyZQ",
    "ciphertext": "c2VjcmV0LWNpcGhlcnRleHQtNDQ0NA==",
    "body_password": "body-SECRET-5555",
    "cookie": "cookie-SECRET-6666",
    "api_key": "key-SECRET-7777",
    "form_password": "form-SECRET-8888",
}
BASE = "https://erp.example.test/api/demo/v4"
PDF = b"%PDF-1.4 fake\n%%EOF\n"


def vendor(request: httpx.Request) -> httpx.Response:
    """A fake vendor that leaks secrets wherever a real one might."""
    path = request.url.path.removeprefix("/api/demo/v4")
    if path == "/helo":
        return httpx.Response(200, json={"xa-token": SECRETS["session"]}, headers={"set-cookie": f"sid={SECRETS['cookie']}"})
    if path == "/auth":
        return httpx.Response(201, json={"xa-token": SECRETS["session"]})
    if path == "/customers" and request.method == "GET":
        raw = json.dumps([{"id": 1, "name": "Padaria Central Lda", "nif": "501234567"}]).encode()
        return httpx.Response(200, content=gzip.compress(raw), headers={"content-type": "application/json", "content-encoding": "gzip"})
    if path == "/customers":
        return httpx.Response(201, json={"id": 4, "links": {"self": SECRETS["jwt"]}})
    if path == "/documents/123/download":
        return httpx.Response(200, content=PDF, headers={"content-type": "application/pdf"})
    return httpx.Response(200, json={"status": "ok", "echo": request.content.decode()})


def record_session(directory: Path) -> list[httpx.Response]:
    transport = RecordingTransport(httpx.MockTransport(vendor), directory=directory, vendor_base_path="/api/demo/v4")
    with httpx.Client(transport=transport, base_url=BASE) as client:
        named = {"extensions": {"operation_id": "helo"}}
        answers = [client.get("/helo", headers={"authorization": f"Bearer {SECRETS['api_token']}"}, **named)]  # type: ignore[arg-type]
        auth = {"authorization": f"Bearer {SECRETS['session']}"}
        answers.append(
            client.post(
                "/auth", params={"username": "maria", "password": SECRETS["password"], "nonce": 17}, extensions={"operation_id": "auth"}
            )
        )
        answers.append(client.get("/customers", params={"skip": 0, "limit": 2}, headers=auth, extensions={"operation_id": "listCustomers"}))
        body = {"name": "Mercearia do Largo", "nif": "504567890", "password": SECRETS["body_password"]}
        answers.append(
            client.post("/customers", params={"nonce": 18}, json=body, headers=auth, extensions={"operation_id": "createCustomer"})
        )
        answers.append(
            client.get("/status", params={"api_key": SECRETS["api_key"]}, headers={"authorization": f"WDAPI {SECRETS['ciphertext']}"})
        )
        answers.append(
            client.post(
                "/status",
                content=f"username=maria&password={SECRETS['form_password']}",
                headers={"content-type": "application/x-www-form-urlencoded"},
            )
        )
        answers.append(client.get("/documents/123/download", headers=auth))
    return answers


def test_recorded_session_is_secret_free_valid_and_loadable(tmp_path: Path) -> None:
    answers = record_session(tmp_path)
    assert answers[2].json() == [{"id": 1, "name": "Padaria Central Lda", "nif": "501234567"}]  # gzip undone for the client
    assert answers[-1].content == PDF
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == [
        "auth.yaml",
        "createCustomer.yaml",
        "get_documents_123_download.pdf",
        "get_documents_123_download.yaml",
        "get_status.yaml",
        "helo.yaml",
        "listCustomers.yaml",
        "post_status.yaml",
    ]
    for path in tmp_path.iterdir():
        content = path.read_bytes()
        for name, secret in SECRETS.items():
            assert secret.encode() not in content, f"{name} leaked into {path.name}"

    spec = load_spec_dict(SESSION)
    for path in sorted(tmp_path.glob("*.yaml")):
        recording = load_recording(path, "session")
        assert recording.origin == "live-capture"
        assert capture_problems(recording) == []
        if not path.stem.startswith(("get_", "post_")):
            assert [v.format() for v in validate_recording(spec, recording)] == []


def capture_problems(recording: Any) -> list[str]:
    """A capture is a draft: it is complete except for the `expect` block, which a person writes from the
    vendor's documentation before committing it (docs/recordings.md), so the format check asks for it."""
    codes = [p.code for p in recording.problems]
    assert "recording.missing-expect" in codes
    return [p.format() for p in recording.problems if p.code != "recording.missing-expect"]


def test_recording_content(tmp_path: Path) -> None:
    record_session(tmp_path)
    auth = yaml.safe_load((tmp_path / "auth.yaml").read_text())
    assert auth["request"] == {
        "method": "POST",
        "path": "/auth",
        "query": {"username": "maria", "password": "<redacted>", "nonce": "<nonce>"},
        "headers": {"accept": "*/*", "cookie": "<redacted>"},  # the cookie /helo set, sent back by httpx
        "body": None,
    }
    assert auth["source"]["doc"] == "live capture"
    helo = yaml.safe_load((tmp_path / "helo.yaml").read_text())
    assert helo["request"]["headers"]["authorization"] == "Bearer <redacted>"
    assert helo["response"]["body"] == {"xa-token": "<redacted>"}
    status = yaml.safe_load((tmp_path / "get_status.yaml").read_text())
    assert status["request"]["headers"]["authorization"] == "WDAPI <redacted>"
    listed = yaml.safe_load((tmp_path / "listCustomers.yaml").read_text())
    assert listed["response"]["body"][0]["nif"] == "501234567"
    assert "content-encoding" not in listed["response"]["headers"]
    download = yaml.safe_load((tmp_path / "get_documents_123_download.yaml").read_text())
    assert download["response"]["body_file"] == "get_documents_123_download.pdf"


def test_same_operation_twice_gets_numbered_cases(tmp_path: Path) -> None:
    transport = RecordingTransport(httpx.MockTransport(vendor), directory=tmp_path)
    with httpx.Client(transport=transport, base_url="https://h.example.test") as client:
        client.get("/status")
        client.get("/status")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["get_status.yaml", "get_status__2.yaml"]
    assert load_recording(tmp_path / "get_status__2.yaml").case == "2"
    assert capture_problems(load_recording(tmp_path / "get_status__2.yaml")) == []


def test_async_transport(tmp_path: Path) -> None:
    async def run() -> httpx.Response:
        transport = AsyncRecordingTransport(httpx.MockTransport(vendor), directory=tmp_path, vendor_base_path="/api/demo/v4")
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
            return await client.get(
                "/helo", headers={"authorization": f"Bearer {SECRETS['api_token']}"}, extensions={"operation_id": "helo"}
            )

    answer = asyncio.run(run())
    assert answer.json() == {"xa-token": SECRETS["session"]}  # the caller still gets the real token
    text = (tmp_path / "helo.yaml").read_text()
    assert SECRETS["session"] not in text and SECRETS["api_token"] not in text
    assert capture_problems(load_recording(tmp_path / "helo.yaml")) == []


TRICKY = [
    "",
    " ",
    "yes",
    "No",
    "null",
    "~",
    "0",
    "1e3",
    "0x1f",
    ".inf",
    "- x",
    "a: b",
    "#x",
    "x #y",
    "a  b",
    "Café",
    "\u2028",
    "\x85",
    "\x7f",
    "\ufeff",
    "2024-01-01",
    "01/03/2024",
    "<redacted>",
    "&a",
    "*a",
    "!t",
    "%x",
    "@x",
    "'q'",
    '"q"',
    "a\nb",
    "\t",
    "😀",
    "key:",
    "true ",
    "y",
    "On",
    "a,b",
    "[x]",
    "{x}",
    "?x",
    "|",
    ">",
    "+1",
    "/",
    "/customers",
    "//x",
    "/a: b",
]


@pytest.mark.parametrize("value", [*TRICKY, 0, -1, 10**20, 1.5, 1e16, 1e-7, -2.5e-300, True, False, None, math.inf, -math.inf])
def test_yaml_emitter_round_trips_scalars(value: object) -> None:
    document = {"value": value, "list": [value], "nested": {"k": [value, {"v": value}]}, str(value): 1}
    assert yaml.safe_load(dump_yaml(document)) == document


def test_yaml_emitter_shapes_are_readable() -> None:
    document = {"request": {"query": {"page[number]": "2"}, "body": [{"a": 1, "b": [[1, []], {}]}], "empty": {}}}
    text = dump_yaml(document)
    assert yaml.safe_load(text) == document
    assert text.splitlines()[:3] == ["request:", "  query:", '    "page[number]": "2"']
