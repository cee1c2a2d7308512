"""Tools facing untrusted files or careless use: the mock never serves a file outside its recordings folder and
answers a broken recording with a clear 500; coverage refuses a missing folder; publish never prints a
password from INDEX_URL and names an unreachable index as such."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import httpx
import pytest

from generator.conformance.coverage import coverage_main
from generator.conformance.recordings import load_recording
from generator.mock import running_mock
from generator.publish import publish_main

from .mock_support import FIXTURES

SECRET = "root:x:0:0:SECRET-CONTENT-OUTSIDE"


def _plain_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "plain"
    shutil.copytree(FIXTURES / "plain", folder)
    outside = tmp_path / "outside" / "passwd"
    outside.parent.mkdir()
    outside.write_text(SECRET)
    pdf = folder / "recordings" / "downloadDocument.pdf"
    pdf.unlink()
    pdf.symlink_to(outside)
    getter = folder / "recordings" / "getDocument.yaml"
    getter.write_text(getter.read_text().replace("status: 200", "status: 999"))
    return folder


def test_mock_refuses_a_symlinked_body_file_and_answers_a_bad_status_with_500(tmp_path: Path) -> None:
    folder = _plain_copy(tmp_path)
    recording = load_recording(folder / "recordings" / "downloadDocument.yaml")
    assert recording.response.body_file is None
    assert any(p.code == "recording.body-file" for p in recording.problems)
    with running_mock(folder / "openapi.yaml", folder / "recordings") as base_url, httpx.Client(base_url=base_url, timeout=5) as client:
        download = client.get("/documents/123/download", params={"api_key": "k"})
        assert SECRET.encode() not in download.content
        broken = client.get("/invoices/invoices/123.json", params={"api_key": "k"})
        assert broken.status_code == 500
        assert "getDocument.yaml" in broken.json()["mock_error"] and "status" in broken.json()["mock_error"]


def test_coverage_exits_non_zero_on_a_missing_recordings_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert coverage_main(["--recordings", str(tmp_path / "nope")]) == 2
    assert "does not exist" in capsys.readouterr().err


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_publish_hides_the_url_password_and_names_an_unreachable_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    generated = tmp_path / "generated" / "demo"
    generated.mkdir(parents=True)
    (generated / "pyproject.toml").write_text('[project]\nname = "demo-client"\nversion = "0.1.0"\n')
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "demo_client-0.1.0-py3-none-any.whl").write_bytes(b"wheel")
    monkeypatch.delenv("INDEX_USER", raising=False)
    monkeypatch.delenv("INDEX_PASSWORD", raising=False)
    url = f"http://ana:Sup3r-Secret-PW@127.0.0.1:{_closed_port()}/legacy/"
    code = publish_main(["--index-url", url, "--generated", str(tmp_path / "generated"), "--dist", str(dist)], is_up_to_date=lambda v: True)
    out = capsys.readouterr()
    printed = out.out + out.err
    assert code == 1
    assert "Sup3r-Secret-PW" not in printed
    assert "unreachable" in printed and "127.0.0.1" in printed
