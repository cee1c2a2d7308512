"""The command line as a user meets it: help for every subcommand, vendor names, clear usage errors, check's file list."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator import __version__
from generator.cli import _DELEGATED, main
from generator.diagnostics import Diagnostics
from generator.pipeline import ROOT, check, render_tree

SUBCOMMANDS = ["generate", "check", *_DELEGATED]

SMALL_SPEC = """\
openapi: 3.0.3
info: {title: Tiny, version: '1'}
x-codegen: {distribution: tiny-client, package: tiny_client, client: Tiny, version: 0.1.0}
servers: [{url: 'https://tiny.example'}]
paths:
  /things:
    get:
      operationId: listThings
      x-source: {doc: test, section: inline, confidence: documented}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: array, items: {type: string}}}}
"""


@pytest.mark.parametrize("command", SUBCOMMANDS)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_every_subcommand_has_help(command: str, flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code = main([command, flag])
    except SystemExit as exit_info:  # argparse's own exit
        code = int(exit_info.code or 0)
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: ") and f" {command} " in out.splitlines()[0] + " "


def test_top_level_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in SUBCOMMANDS:
        assert f"    {command}" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip().endswith(__version__)


def test_quiet_flag_is_accepted_before_a_delegated_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["-q", "coverage", "--help"])
    assert exit_info.value.code == 0
    assert "coverage" in capsys.readouterr().out


def test_generate_unknown_spec_names_the_vendors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "gestx"]) == 2
    err = capsys.readouterr().err
    assert "'gestx' is neither a spec file nor a vendor" in err
    assert "gestix" in err and "xentral" in err


def test_generate_accepts_a_vendor_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "gestix", "-o", str(tmp_path / "gx")]) == 0
    assert (tmp_path / "gx" / "gestix_client" / "_client.py").is_file()
    assert "specs/gestix/openapi.yaml" in capsys.readouterr().out


def test_verbose_prints_stage_timings_and_quiet_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "tiny.yaml"
    spec.write_text(SMALL_SPEC)
    assert main(["--verbose", "generate", str(spec), "-o", str(tmp_path / "a"), "--force"]) == 0
    captured = capsys.readouterr()
    for stage in ("read and validate", "build IR", "models", "render", "format and write"):
        assert f"tiny: {stage} " in captured.err
    assert main(["--quiet", "generate", str(spec), "-o", str(tmp_path / "b"), "--force"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_unknown_vendor_for_check_and_dist(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "gestx"]) == 2
    assert "unknown vendor(s) gestx" in capsys.readouterr().err
    assert main(["dist", "gestx", "--out", "/nonexistent-never-written"]) == 2
    assert "unknown vendor(s) gestx" in capsys.readouterr().err


def test_check_lists_the_files_that_differ(tmp_path: Path) -> None:
    spec = tmp_path / "tiny.yaml"
    spec.write_text(SMALL_SPEC)
    out = tmp_path / "out"
    render_tree(spec, "tiny", out, Diagnostics())
    assert check(spec, out, "tiny")[0] is True
    (out / "tiny_client" / "_client.py").write_text("# edited by hand\n")
    (out / "stray.txt").write_text("x")
    ok, _diagnostics, differing = check(spec, out, "tiny")
    assert ok is False
    assert differing == ["stray.txt", "tiny_client/_client.py"]


def test_cache_hit_does_not_import_the_heavy_stages(tmp_path: Path) -> None:
    """A no-op `make generate` decides from the stamp alone (datamodel-code-generator, the validator, jinja stay unloaded)."""
    spec = tmp_path / "tinycache.yaml"
    spec.write_text(SMALL_SPEC)
    out = tmp_path / "out"
    run = f"from generator.cli import main; main(['-q', 'generate', {str(spec)!r}, '-o', {str(out)!r}])"
    subprocess.run([sys.executable, "-c", run], cwd=ROOT, check=True)
    probe = (
        f"import sys; {run}; "
        "heavy = [m for m in ('datamodel_code_generator', 'openapi_spec_validator', 'jinja2', 'generator.models') if m in sys.modules]; "
        "print(','.join(heavy) or 'none')"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, check=True, capture_output=True, text=True)
    assert result.stdout.strip() == "none"
