"""`diff` and `review` against real git revisions in a throwaway repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.review.diff import diff_main, review_main

from .conftest import GOOD

CODE_V1 = "class Acme:\n    def list_orders(self) -> list[int]: ...\n    def get_order(self, id: int) -> int: ...\n"
CODE_V2 = "class Acme:\n    def list_orders(self) -> list[int]: ...\n"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def _write_spec(repo: Path, *, version: str, drop_get_order: bool = False, vendor: str = "acme") -> None:
    folder = repo / "specs" / vendor
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(GOOD.parent / "extra.yaml", folder / "extra.yaml")
    text = GOOD.read_text(encoding="utf-8").replace("version: 1.0.0", f"version: {version}")
    if drop_get_order:
        start = text.index("  /orders/{id}:")
        text = text[:start] + text[text.index("components:") :]
    (folder / "openapi.yaml").write_text(text, encoding="utf-8")


def _write_code(repo: Path, source: str) -> None:
    target = repo / "generated" / "acme" / "acme_client" / "__init__.py"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source, encoding="utf-8")


def _isolate_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """No global or system git config (commit signing, hooks, default branch) leaks into the test."""
    identity = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    for key, value in {**identity, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}.items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """main: the clean spec at 1.0.0; feature: GET /orders/{id} removed, version only 1.1.0 (too small)."""
    _isolate_git(monkeypatch)
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _write_spec(repo, version="1.0.0")
    _write_code(repo, CODE_V1)
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "checkout", "-q", "-b", "feature")
    _write_spec(repo, version="1.1.0", drop_get_order=True)
    _write_code(repo, CODE_V2)
    _git(repo, "commit", "-q", "-am", "drop get order")
    monkeypatch.chdir(repo)
    return repo


def test_bare_revisions_compare_every_vendor(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert diff_main(["main", "feature"]) == 1
    out = capsys.readouterr().out
    assert "### acme: changed 1.0.0 -> 1.1.0 (**needs attention**)" in out
    assert "| `operation-removed` | `GET /orders/{id}` | operation orders.get_order removed |" in out
    assert "needs a major bump, but 1.0.0 -> 1.1.0 is a minor bump: too small" in out
    assert "\n- **removed** `acme_client.Acme.get_order`\n" in out


def test_changes_name_their_line_in_the_spec(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert diff_main(["main", "feature"]) == 1
    out = capsys.readouterr().out
    base_text = _git(repo, "show", "main:specs/acme/openapi.yaml").splitlines()
    line = next(i for i, text in enumerate(base_text, 1) if text.strip() == "operationId: getOrder")  # first line of the operation
    assert f"| operation orders.get_order removed | main:specs/acme/openapi.yaml:{line} |" in out


def test_rev_path_form_and_json(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert diff_main(["main:specs/acme/openapi.yaml", "feature:specs/acme/openapi.yaml", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    (vendor,) = report["vendors"]
    assert (vendor["vendor"], vendor["bump"]["required"], vendor["bump"]["actual"], vendor["ok"]) == ("acme", "major", "minor", False)
    assert [c["rule"] for c in vendor["changes"]] == ["operation-removed"]


def test_review_uses_the_merge_base_and_the_working_tree(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_spec(repo, version="2.0.0", drop_get_order=True)  # fixed in the working tree, not committed
    assert review_main(["--no-generated-check"]) == 0
    out = capsys.readouterr().out
    assert "Compared against the merge base of HEAD and main" in out
    assert "needs a major bump; 1.0.0 -> 2.0.0 is a major bump" in out


def test_review_on_main_compares_with_head(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _git(repo, "checkout", "-q", "main")
    assert review_main(["--no-generated-check"]) == 0
    out = capsys.readouterr().out
    assert "HEAD (" in out
    assert "### acme: unchanged (1.0.0)" in out


def test_files_on_disk_and_missing_generated_code(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "old" / "acme"
    old.mkdir(parents=True)
    for name in ("openapi.yaml", "extra.yaml"):
        (old / name).write_text(_git(repo, "show", f"main:specs/acme/{name}"), encoding="utf-8")
    assert diff_main([str(old / "openapi.yaml"), "specs/acme/openapi.yaml"]) == 1
    out = capsys.readouterr().out
    assert "operation-removed" in out
    assert f"generated/acme/ is not present at {old / 'openapi.yaml'}" in out


def test_new_vendor_and_unknown_revision(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_spec(repo, version="0.1.0", vendor="zeta")
    assert review_main(["--base", "feature", "--no-generated-check"]) == 0
    assert "### zeta: added - -> 0.1.0 (ok)" in capsys.readouterr().out
    assert diff_main(["no-such-rev", "feature"]) == 2


def test_unreadable_spec_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "specs" / "acme" / "openapi.yaml").write_text("openapi: [unclosed\n", encoding="utf-8")
    assert review_main([]) == 1
    assert "load.syntax" in capsys.readouterr().out


def test_repository_without_commits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _isolate_git(monkeypatch)
    _git(tmp_path, "init", "-q", "-b", "main")
    _write_spec(tmp_path, version="0.1.0")
    monkeypatch.chdir(tmp_path)
    assert review_main(["--no-generated-check"]) == 0
    out = capsys.readouterr().out
    assert "no commits yet: every spec is new" in out
    assert "### acme: added" in out


def _generate_into(repo: Path) -> None:
    from generator.diagnostics import Diagnostics
    from generator.pipeline import render_tree

    render_tree(repo / "specs" / "acme" / "openapi.yaml", "acme", repo / "generated" / "acme", Diagnostics())


def test_review_fails_when_generated_code_is_stale(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_spec(repo, version="2.0.0", drop_get_order=True)
    _generate_into(repo)
    assert review_main([]) == 0, capsys.readouterr().out
    capsys.readouterr()
    _write_spec(repo, version="3.0.0")  # spec changed again, package not regenerated
    assert review_main([]) == 1
    out = capsys.readouterr().out
    assert "**generated/acme/ is stale**: run `make generate`" in out
    assert "`acme_client/_provenance.json`" in out


def test_github_and_junit_formats(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert diff_main(["main", "feature", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert (
        "::error file=specs/acme/openapi.yaml,title=Version bump::needs a major bump, but 1.0.0 -> 1.1.0 is a minor bump: too small"
        in lines
    )
    removed = next(line for line in lines if "title=operation-removed" in line)
    assert removed.startswith("::error file=main:specs/acme/openapi.yaml,line=")
    assert diff_main(["main", "feature", "--format", "junit"]) == 1
    xml = capsys.readouterr().out
    import xml.etree.ElementTree as ET

    suite = ET.fromstring(xml)
    assert (suite.get("tests"), suite.get("failures")) == ("3", "1")
    failed = [case.get("name") for case in suite if case.find("failure") is not None]
    assert failed == ["version bump"]


def test_usage_errors_exit_2(repo: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        diff_main(["main", "feature", "--format", "yaml"])
    assert exit_info.value.code == 2
    assert review_main(["--base", "no-such-rev"]) == 2
