"""Invalid specs: each fails with exactly the located diagnostic below, and leaves old output untouched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostics, SpecError
from generator.pipeline import ROOT, render_tree, tree_digest

INVALID = Path("tests/specs/invalid")

EXPECTED = {
    "unresolved_ref.yaml": "tests/specs/invalid/unresolved_ref.yaml:9:17: error[ref.unresolved] at /paths/~1pets/get/parameters/0/$ref: reference '#/components/parameters/Nope' points nowhere",
    "duplicate_key.yaml": "tests/specs/invalid/duplicate_key.yaml:9:5: error[load.duplicate-key] at /paths/~1pets/get: key 'get' is defined twice (first at line 6)",
    "remote_ref.yaml": "tests/specs/invalid/remote_ref.yaml:13:23: error[ref.remote] at /paths/~1pets/get/responses/200/content/application~1json/schema/$ref: remote reference 'https://example.invalid/schemas.yaml#/Pet' is not fetched; bundle it into the spec or list it in x-codegen.include",
    "bad_parameter.yaml": "tests/specs/invalid/bad_parameter.yaml:8:11: error[spec.invalid] at /paths/~1pets/get/parameters/0: {'name': 'limit', 'in': 'querry', 'schema': {'type': 'integer'}} is not valid under any of the given schemas",
    "swagger2.yaml": "tests/specs/invalid/swagger2.yaml:1:1: error[spec.version] at /openapi: only OpenAPI 3.0 and 3.1 are supported (swagger 2.0)",
    "syntax_error.yaml": "tests/specs/invalid/syntax_error.yaml:3:1: error[load.syntax] at /: did not find expected ',' or '}'",
    "duplicate_operation_id.yaml": "tests/specs/invalid/duplicate_operation_id.yaml:11:7: error[operation.duplicate-id] at /paths/~1cats/get: operationId 'pets' is also used at /paths/~1pets/get",
    "auth_flow_unknown_login.yaml": "tests/specs/invalid/auth_flow_unknown_login.yaml:15:43: error[auth.operation] at /components/securitySchemes/session/x-auth-flow/login: x-auth-flow.login names operation 'helo', which does not exist",
    "include_outside.yaml": "tests/specs/invalid/include_outside.yaml:3:79: error[bundle.outside] at /x-codegen/include/0: included file '../../../../etc/passwd' is outside the spec folder",
}


def test_every_invalid_spec_has_an_expectation() -> None:
    assert sorted(p.name for p in (ROOT / INVALID).glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_spec_reports_located_error_and_keeps_old_output(name: str, tmp_path: Path) -> None:
    target = tmp_path / "out"
    (target / "pkg").mkdir(parents=True)
    (target / "pkg" / "__init__.py").write_text("# the previous generation\n")
    before = tree_digest(target)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with pytest.raises(SpecError) as info:
            render_tree(INVALID / name, "broken", target, Diagnostics())
    finally:
        os.chdir(cwd)
    lines = [d.format() for d in info.value.diagnostics.errors]
    assert EXPECTED[name] in lines, "\n".join(lines)
    assert tree_digest(target) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")], "staging folder left behind"


def _generated_once(tmp_path: Path) -> tuple[Path, Path, str]:
    """A small valid spec, its package generated once: (spec, output folder, digest of that output)."""
    spec = tmp_path / "ok.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: Ok, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {'200': {description: ok}}\n"
    )
    target = tmp_path / "out"
    render_tree(spec, "ok", target, Diagnostics())
    return spec, target, tree_digest(target)


def test_failure_while_rendering_keeps_old_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash after some files were written (here: the formatter) must not touch the target."""
    from generator import render

    spec, target, before = _generated_once(tmp_path)

    def boom(folder: Path, paths: object = None) -> None:
        raise RuntimeError("formatter exploded")

    monkeypatch.setattr(render, "format_python", boom)  # the pipeline imports its stages when it runs them
    with pytest.raises(RuntimeError, match="formatter exploded"):
        render_tree(spec, "ok", target, Diagnostics())
    assert tree_digest(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ok.yaml", "out"]


def test_output_paths_cannot_leave_the_folder(tmp_path: Path) -> None:
    from generator.render import write_atomically

    with pytest.raises(ValueError, match="outside the output folder"):
        write_atomically({"../escape.py": "x = 1\n"}, tmp_path / "out")
    assert not (tmp_path / "escape.py").exists()
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("where,size", [("resources/things.py", 0), ("models.py", 0), ("models.py", 60_000)])
def test_code_that_would_not_compile_is_refused_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, size: int
) -> None:
    """A template or emitter bug (here: a duplicate argument, which CPython's parser accepts and only its compiler
    refuses) must stop the package before it replaces the old one, located to the file and line."""
    from generator import render

    spec, target, before = _generated_once(tmp_path)
    real = render.render_package

    def broken(api: object, models: object) -> dict[str, str]:
        files = real(api, models)  # type: ignore[arg-type]
        # `size` pads the module: the line reported must be the broken one, however far down
        files[f"ok_client/{where}"] = "x = 1\n" * (size // 6) + "def f(a, a):\n    return a\n"
        return files

    monkeypatch.setattr(render, "render_package", broken)
    with pytest.raises(SpecError) as info:
        render_tree(spec, "ok", target, Diagnostics())
    codes = [d.code for d in info.value.diagnostics.errors]
    assert codes == ["render.invalid-python"], codes
    assert where in info.value.diagnostics.errors[0].message
    assert f"at line {size // 6 + 1})" in info.value.diagnostics.errors[0].message
    assert tree_digest(target) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")], "staging folder left behind"
