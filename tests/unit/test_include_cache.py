"""The no-op check learns a spec's `x-codegen.include` from a cache keyed by the spec's content."""

from __future__ import annotations

from pathlib import Path

from generator import pipeline


def test_include_list_follows_the_spec_content(tmp_path: Path, monkeypatch: object) -> None:
    monkeypatch.setattr(pipeline, "_CACHE", tmp_path / "cache")  # type: ignore[attr-defined]
    (tmp_path / "a.yaml").write_text("components: {}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("components: {}\n", encoding="utf-8")
    spec = tmp_path / "openapi.yaml"
    head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
    spec.write_text(head + "x-codegen: {include: [a.yaml]}\n", encoding="utf-8")
    assert pipeline._spec_inputs(spec)[1:] == [(tmp_path / "a.yaml").resolve()]
    assert pipeline._spec_inputs(spec)[1:] == [(tmp_path / "a.yaml").resolve()]  # from the cache
    assert list((tmp_path / "cache" / "includes").glob("*.json"))
    spec.write_text(head + "x-codegen: {include: [b.yaml]}\n", encoding="utf-8")
    assert pipeline._spec_inputs(spec)[1:] == [(tmp_path / "b.yaml").resolve()]  # new content, new entry
