"""openapi-spec-validator in a forked process while the IR and models are built (generator/spec/validate.py).

The outcome must be the one of validating first: the same diagnostics, no later-stage diagnostic when the
validator finds an error, nothing written then, and the validator really left the main process (or the
feature is a no-op that only looks tested).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Diagnostics, SpecError
from generator.forked import Forked
from generator.pipeline import render_tree, tree_digest
from generator.spec import read_spec, validate

# A default the validator rejects (a warning, the client is still generated); the pre-check cannot vouch for it.
WARNED = """\
openapi: 3.0.3
info: {title: Warned, version: '1'}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: size, in: query, schema: {type: integer, default: big}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Thing'}}
components:
  schemas:
    Thing:
      type: object
      properties:
        id: {type: string}
"""

# A parameter in no known location: the OpenAPI schema says no (an error). A second operation reusing the
# operationId is what the IR builder would complain of (operation.duplicate-id) had it run first: it must not.
BROKEN = WARNED.replace(
    "        - {name: size,", "        - {name: where, in: querry, schema: {type: string}}\n        - {name: size,"
).replace(
    "components:",
    "  /others:\n    get:\n      operationId: listThings\n      responses: {'200': {description: ok}}\ncomponents:",
)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[int]:
    monkeypatch.setenv("GENERATOR_CACHE_DIR", str(tmp_path / "cache"))  # a cache hit would skip the validator
    started: list[int] = []
    real = validate.run_forked

    def counting(fn: Callable[..., Any], *args: Any) -> Forked | None:
        child = real(fn, *args)
        assert child is not None, "this platform cannot fork"
        started.append(child.pid)
        return child

    monkeypatch.setattr(validate, "run_forked", counting)
    return started


def test_warnings_from_the_background_validator_are_reported_and_the_package_written(tmp_path: Path, forks: list[int]) -> None:
    spec = tmp_path / "warned.yaml"
    spec.write_text(WARNED)
    diagnostics = Diagnostics()
    render_tree(spec, "warned", tmp_path / "out", diagnostics)
    assert len(forks) == 1, "the validator did not run in a child process"
    assert any(d.code == "spec.schema-value" for d in diagnostics.warnings), diagnostics.format()
    assert (tmp_path / "out" / "warned_client" / "models.py").is_file()
    inline = Diagnostics()
    read_spec(spec, inline)  # validating first, in this process
    assert sorted(d.format() for d in diagnostics if d.code.startswith("spec.")) == sorted(
        d.format() for d in inline if d.code.startswith("spec.")
    )


def test_an_error_from_the_background_validator_ends_the_run_as_if_it_came_first(tmp_path: Path, forks: list[int]) -> None:
    good, spec, target = tmp_path / "good.yaml", tmp_path / "broken.yaml", tmp_path / "out"
    good.write_text(WARNED)
    render_tree(good, "broken", target, Diagnostics())
    before = tree_digest(target)
    spec.write_text(BROKEN)
    with pytest.raises(SpecError) as info:
        render_tree(spec, "broken", target, Diagnostics())
    assert len(forks) == 2
    found = info.value.diagnostics
    assert [d.code for d in found.errors] == ["spec.invalid"], found.format()
    first = Diagnostics()
    with pytest.raises(SpecError) as inline:
        read_spec(spec, first)
    assert [d.format() for d in found] == [d.format() for d in inline.value.diagnostics], "not the outcome of validating first"
    assert tree_digest(target) == before


def _die() -> None:
    os._exit(9)


def test_a_validator_that_dies_is_an_error_and_is_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GENERATOR_CACHE_DIR", str(tmp_path / "cache"))
    real = validate.run_forked
    monkeypatch.setattr(validate, "run_forked", lambda fn, *args: real(_die))
    spec = tmp_path / "warned.yaml"
    spec.write_text(WARNED)
    with pytest.raises(SpecError) as info:
        render_tree(spec, "warned", tmp_path / "out", Diagnostics())
    assert [d.code for d in info.value.diagnostics.errors] == ["spec.validator-crash"]
    assert not (tmp_path / "out").exists()
    assert not list((tmp_path / "cache").rglob("*.json")), "a crash was cached: every later run would replay it"
    monkeypatch.setattr(validate, "run_forked", real)
    diagnostics = Diagnostics()
    render_tree(spec, "warned", tmp_path / "out", diagnostics)  # the next run validates for real
    assert any(d.code == "spec.schema-value" for d in diagnostics.warnings)
