"""What keeps generation and generated clients fast, each kept honest: the validation cache replays exactly
what the validator says, parallel generation is deterministic and isolates failures, and `import
<vendor>_client` leaves models, operations and resources for first use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostics, SpecError
from generator.pipeline import generate_many, render_tree, tree_digest
from generator.spec import read_spec
from tests.conftest import GENERATED

SPEC = """openapi: 3.0.3
info: {title: Cached, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      parameters: [{name: limit, in: query, schema: {type: integer, default: "ten"}}]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: object, properties: {id: {type: integer}}}}}
"""
BROKEN = SPEC.replace("in: query", "in: querry")


def _write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "openapi.yaml").write_text(text)
    return folder / "openapi.yaml"


def test_validation_cache_replays_the_same_diagnostics_without_the_validator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GENERATOR_CACHE_DIR", str(tmp_path / "cache"))
    good, bad = _write(tmp_path / "good", SPEC), _write(tmp_path / "bad", BROKEN)
    first = read_spec(good).diagnostics.format()
    with pytest.raises(SpecError) as fresh:
        read_spec(bad)
    assert len(list((tmp_path / "cache" / "validate").glob("*.json"))) == 2
    # A cache hit must not need the validator at all: make importing it fail.
    monkeypatch.setitem(sys.modules, "openapi_spec_validator", None)
    assert read_spec(good).diagnostics.format() == first
    with pytest.raises(SpecError) as cached:
        read_spec(bad)
    assert cached.value.diagnostics.format() == fresh.value.diagnostics.format()
    assert "spec.invalid" in cached.value.diagnostics.format()
    # A changed document is a different key: validated again (and here the validator is unavailable).
    with pytest.raises(ImportError):
        read_spec(_write(tmp_path / "changed", SPEC.replace("getA", "getB")))


def test_generate_many_is_deterministic_and_isolates_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GENERATOR_CACHE_DIR", str(tmp_path / "cache"))
    good, bad, other = (
        _write(tmp_path / "good", SPEC),
        _write(tmp_path / "bad", BROKEN),
        _write(tmp_path / "other", SPEC.replace("Cached", "Other")),
    )
    jobs = [(good, tmp_path / "par" / "good"), (bad, tmp_path / "par" / "bad"), (other, tmp_path / "par" / "other")]
    results = generate_many(jobs, force=True, workers=2)
    assert [r.spec for r in results] == [good, bad, other], "results come back in job order"
    assert results[0].outcome is not None and results[2].outcome is not None
    assert results[1].outcome is None and results[1].failure is not None and results[1].failure.errors
    assert not (tmp_path / "par" / "bad").exists()
    render_tree(good, "good", tmp_path / "seq" / "good", Diagnostics())
    assert tree_digest(tmp_path / "par" / "good") == tree_digest(tmp_path / "seq" / "good")


def test_import_leaves_models_operations_and_resources_for_first_use() -> None:
    script = (
        "import sys\n"
        "import gestix_client as g\n"
        "heavy = [m for m in sys.modules if m.startswith(('gestix_client.models', 'gestix_client._operations', 'gestix_client.resources.'))]\n"
        "assert not heavy, heavy\n"
        "assert 'models' in dir(g)\n"
        "client = g.Gestix(account='1', api_token='t', base_url='https://x.invalid')\n"
        "assert type(client.customers).__name__ == 'Customers'\n"
        "assert g.models.PostalAddress.__name__ == 'PostalAddress'\n"
        "from gestix_client.resources import customers\n"
        "assert customers._models.PostalAddress is g.models.PostalAddress\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=GENERATED / "gestix", capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "ok", done.stderr[-2000:]
