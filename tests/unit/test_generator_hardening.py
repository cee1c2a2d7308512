"""Generator safety details the adversarial suite does not isolate: what the input digest reads, the trust
opt-in for spec-chosen types, and the output-folder rules."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Diagnostics
from generator.pipeline import _spec_inputs, render_tree, unsafe_output

SPEC = """openapi: 3.0.3
info: {title: T, version: '1'}
x-codegen: {package: trust_client, client: Trust, include: [frag.yaml]}
paths:
  /t:
    get:
      operationId: getT
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/T'}}}}
components:
  schemas:
    T:
      type: object
      properties:
        when: {type: string, customTypePath: decimal.Decimal}
"""


def test_digest_reads_the_spec_and_its_includes_only(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(SPEC)
    (tmp_path / "frag.yaml").write_text("paths: {}\n")
    (tmp_path / "unrelated.yaml").write_text("a: 1\n")
    (tmp_path / "folder.yaml").mkdir()
    os.mkfifo(tmp_path / "pipe.yaml")
    assert _spec_inputs(spec) == [spec, (tmp_path / "frag.yaml").resolve()]


def test_spec_chosen_types_need_the_users_opt_in(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    # 3.1: JSON Schema allows unknown keywords (a 3.0 validator rejects customTypePath outright)
    spec.write_text(SPEC.replace("include: [frag.yaml]", "version: 0.1.0").replace("openapi: 3.0.3", "openapi: 3.1.0"))
    diagnostics = Diagnostics()
    render_tree(spec, "trust", tmp_path / "safe", diagnostics)
    safe = (tmp_path / "safe" / "trust_client" / "models.py").read_text()
    assert "decimal" not in safe
    assert [d.code for d in diagnostics.warnings] == ["spec.unsafe-keyword"]
    assert diagnostics.warnings[0].pointer == "/components/schemas/T/properties/when/customTypePath"
    render_tree(spec, "trust", tmp_path / "trusted", Diagnostics(), trust_types=True)
    assert "from decimal import Decimal" in (tmp_path / "trusted" / "trust_client" / "models.py").read_text()


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        (".", "working directory"),
        ("spec", "holding the spec"),
        ("spec/openapi.yaml", "not a folder"),
        ("mine", "did not create"),
    ],
)
def test_output_folders_that_are_never_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, reason: str) -> None:
    (tmp_path / "spec").mkdir()
    spec = tmp_path / "spec" / "openapi.yaml"
    spec.write_text(SPEC)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    monkeypatch.chdir(tmp_path)
    refused = unsafe_output(spec, Path(target))
    assert refused is not None and reason in refused


def test_output_folders_that_may_be_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "spec" / "openapi.yaml"
    spec.parent.mkdir()
    spec.write_text(SPEC)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    (tmp_path / "ours" / "pkg").mkdir(parents=True)
    (tmp_path / "ours" / "pkg" / "_provenance.json").write_text('{"generator_version": "0.1.0"}')
    assert unsafe_output(spec, tmp_path / "new") is None
    assert unsafe_output(spec, tmp_path / "empty") is None
    assert unsafe_output(spec, tmp_path / "ours") is None


@pytest.mark.parametrize(
    ("version", "accepted"),
    [("1", True), ("2.0.13", True), ("2.0.0rc1", True), ("1!3.0.post2+local.7", True), ("1.0.", False), ("1.x", False), ("v 1", False)],
)
def test_package_versions_are_held_to_pep_440(tmp_path: Path, version: str, accepted: bool) -> None:
    """Plain dotted numbers are accepted without packaging; every other form is packaging's call."""
    from generator.ir.build import _check_settings
    from generator.spec import read_spec

    spec_path = tmp_path / "openapi.yaml"
    spec_path.write_text("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n")
    diagnostics = Diagnostics()
    spec = read_spec(spec_path, diagnostics)
    _check_settings(spec, {"package": "v_client", "distribution": "v-client", "version": version}, diagnostics)
    assert [d.code for d in diagnostics.items] == ([] if accepted else ["codegen.invalid"])


def test_the_digest_covers_every_template_and_generator_module_once() -> None:
    """A change to any template or any generator module (the runtime copied into packages included) must make
    the next `make generate` regenerate; bytecode must not."""
    from generator.pipeline import ROOT, _tool_files

    files = _tool_files()
    assert len(files) == len(set(files))
    expected = {*(ROOT / "templates").rglob("*.jinja"), *(p for p in (ROOT / "generator").rglob("*.py") if "__pycache__" not in p.parts)}
    assert {Path(f) for f in files} == expected
    assert any(Path(f).parent.name == "runtime" for f in files)
    assert files == _tool_files()


def test_generation_writes_nothing_outside_the_output_folders_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The staging folder and the compile check's copy are made beside the output and are gone afterwards;
    no temporary folder is made anywhere else (the system's included)."""
    import tempfile

    made: list[Path] = []
    real_mkdtemp = tempfile.mkdtemp

    def recording_mkdtemp(*args: Any, **kwargs: Any) -> str:
        folder = real_mkdtemp(*args, **kwargs)
        made.append(Path(folder).resolve())
        return folder

    monkeypatch.setattr(tempfile, "mkdtemp", recording_mkdtemp)
    spec = tmp_path / "spec" / "openapi.yaml"
    spec.parent.mkdir()
    spec.write_text(SPEC.replace("include: [frag.yaml]", "version: 0.1.0"))
    parent = (tmp_path / "out").resolve()
    parent.mkdir()
    render_tree(spec, "trust", parent / "client", Diagnostics())
    assert len(made) >= 2 and all(folder.parent == parent for folder in made), made
    assert [p.name for p in parent.iterdir()] == ["client"]
