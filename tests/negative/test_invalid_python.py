"""The generator's last line of defence (render.compile_problems, ruff's parser and rules) must refuse whatever
CPython's compiler refuses. Each snippet is a plausible template or emitter bug; the test holds the check
against compile() itself, both ways, so a rule dropped from COMPILE_RULES or a ruff upgrade that stops
reporting one shows up here."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.render import SMALL_OUTPUT, InvalidPython, _ruff_env, compile_problems, format_python

BROKEN = {
    "parse_error": "x = 1 +\n",
    "duplicate_parameter": "def f(a, a):\n    return a\n",
    "duplicate_keyword_only": "def f(*, a, a=1):\n    return a\n",
    "duplicate_lambda_parameter": "g = lambda a, a: a\n",
    "duplicate_keyword_argument": "f(a=1, a=2)\n",
    "duplicate_class_keyword": "class C(x=1, x=2):\n    pass\n",
    "default_before_required": "def f(a=1, b):\n    return b\n",
    "unpacking_after_keywords": "f(**k, *a)\n",
    "assign_to_literal": '"abc" = 1\n',
    "delete_a_call": "del f()\n",
    "bad_unicode_escape": 'x = "\\N{NO SUCH NAME}"\n',
    "return_outside_function": "return 1\n",
    "yield_outside_function": "yield 2\n",
    "await_outside_function": "await x\n",
    "async_comprehension_in_sync_function": "def g():\n    return [y async for y in z]\n",
    "break_outside_loop": "break\n",
    "continue_outside_loop": "if x:\n    continue\n",
    "nonlocal_at_class_level": "class A:\n    nonlocal x\n",
    "nonlocal_without_binding": "def f():\n    nonlocal y\n",
    "nonlocal_and_global": "def f():\n    global x\n    nonlocal x\n",
    "assigned_before_global": "def f():\n    x = 1\n    global x\n",
    "star_import_in_function": "def f():\n    from os import *\n",
    "silenced_by_noqa": "return 1  # noqa\n",
}

VALID = {
    "plain": "from __future__ import annotations\n\n\ndef f(a: int, *, b: int = 1) -> int:\n    return a + b\n",
    "async": "async def f(z):\n    return [y async for y in z] + [await w for w in z]\n",
    "nonlocal": "def f():\n    x = 1\n\n    def g():\n        nonlocal x\n        x = 2\n\n    g()\n    return x\n",
    "generator": "def f():\n    for x in range(3):\n        if x:\n            continue\n        yield x\n        break\n",
    "match": "match x:\n    case {'a': 1}:\n        pass\n",
}


def _compiles(text: str) -> bool:
    try:
        compile(text, "<snippet>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def test_every_broken_snippet_is_found_where_compile_refuses_it(tmp_path: Path) -> None:
    package = tmp_path / "pkg" / "sub"
    package.mkdir(parents=True)
    for name, text in {**BROKEN, **VALID}.items():
        # padded, so the line reported must be the snippet's own
        (package / f"{name}.py").write_text("a = 1\n" * 5 + text)
    found = {problem.path: problem for problem in compile_problems(tmp_path)}
    for name, text in BROKEN.items():
        assert not _compiles(text), f"{name} compiles: not a broken snippet"
        assert f"pkg/sub/{name}.py" in found, f"{name}: compile() refuses it, the check did not"
        assert found[f"pkg/sub/{name}.py"].line >= 6, found[f"pkg/sub/{name}.py"]
    for name, text in VALID.items():
        assert _compiles(text), name
        assert f"pkg/sub/{name}.py" not in found, f"{name} compiles but was refused: {found[f'pkg/sub/{name}.py']}"


@pytest.mark.parametrize("vendor", ["gestix", "xentral"])
def test_the_generated_packages_have_no_problem(vendor: str) -> None:
    root = Path(__file__).resolve().parents[2] / "generated" / vendor
    assert compile_problems(root) == []


def test_format_python_refuses_what_the_check_finds_with_paths_relative_to_the_package(tmp_path: Path) -> None:
    """The check runs on a copy while ruff format rewrites the originals: its findings must still name the
    package's own files, and a parse error (which makes the format fail too) must come out as InvalidPython."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "ok.py").write_text("x = [ 1,2 ]\n")
    (tmp_path / "sub" / "bad.py").write_text("a = 1\n" + BROKEN["parse_error"])
    (tmp_path / "sub" / "ret.py").write_text(BROKEN["return_outside_function"])
    with pytest.raises(InvalidPython) as caught:
        format_python(tmp_path, ["ok.py", "sub/bad.py", "sub/ret.py"])
    assert sorted((p.path, p.line) for p in caught.value.problems) == [("sub/bad.py", 2), ("sub/ret.py", 1)]
    format_python(tmp_path, ["ok.py"])
    assert (tmp_path / "ok.py").read_text() == "x = [1, 2]\n"


def test_ruff_runs_on_one_thread_only_for_a_small_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RAYON_NUM_THREADS", raising=False)
    small = _ruff_env(SMALL_OUTPUT - 1)
    assert small is not None and small["RAYON_NUM_THREADS"] == "1"
    assert _ruff_env(SMALL_OUTPUT) is None
    monkeypatch.setenv("RAYON_NUM_THREADS", "4")
    assert _ruff_env(10) is None  # the caller's choice stands


def test_no_python_file_to_check_means_no_check_of_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    (elsewhere / "broken.py").write_text(BROKEN["return_outside_function"])
    monkeypatch.chdir(elsewhere)
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "README.md").write_text("# T\n\n```python\nx = [ 1,2 ]\n```\n")
    assert compile_problems(package, []) == []
    format_python(package, ["README.md"])  # formats the Markdown's Python block, finds nothing to refuse
    assert "x = [1, 2]" in (package / "README.md").read_text()
