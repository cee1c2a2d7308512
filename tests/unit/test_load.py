"""The loader keeps line:col per JSON pointer and rejects what YAML would silently accept."""

from __future__ import annotations

import pytest

from generator import load
from generator.diagnostics import SpecError
from generator.load import load_text


def test_positions_per_pointer() -> None:
    doc = load_text("openapi: 3.0.3\npaths:\n  /a/b:\n    get:\n      operationId: x\n", "s.yaml")
    assert doc.where("/paths/~1a~1b/get/operationId") == ("s.yaml", 5, 20)
    assert doc.where("/paths/~1a~1b/get/missing/deeper") == ("s.yaml", 5, 7)


# The second text has an '&' (in a plain string), so its duplicate is met by the optimistic tree build first.
@pytest.mark.parametrize("first_line", ["a: 1", "a: Q&A"])
def test_duplicate_key_is_an_error(first_line: str) -> None:
    with pytest.raises(SpecError) as info:
        load_text(f"{first_line}\nb:\n  c: 2\n  c: 3\n", "d.yaml")
    assert "d.yaml:4:3: error[load.duplicate-key] at /b/c: key 'c' is defined twice (first at line 3)" in str(info.value)


def test_syntax_error_is_located() -> None:
    with pytest.raises(SpecError) as info:
        load_text("a: [1, 2\nb: 3\n", "bad.yaml")
    assert "bad.yaml:2:" in str(info.value) and "load.syntax" in str(info.value)


def test_json_surrogate_pairs() -> None:
    doc = load_text('{"emoji": "\\ud83d\\ude00", "lone": "\\ud83d"}', "s.json")
    assert doc.data == {"emoji": "\U0001f600", "lone": "\ufffd"}


def test_dates_stay_text() -> None:
    assert load_text("d: 2024-01-02\n", "s.yaml").data == {"d": "2024-01-02"}


# A text with '&' is built first as a plain tree; only a real alias (or trouble) pays for the alias-bomb walk,
# and whatever that walk would have reported must still be what is reported.


def test_ampersand_without_alias_skips_the_alias_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("the alias walk ran for a document without aliases")

    monkeypatch.setattr(load, "_check_size", refuse)
    doc = load_text("info:\n  title: Q&A\n  tags: [a, b]\n", "t.yaml")
    assert doc.data == {"info": {"title": "Q&A", "tags": ["a", "b"]}}
    assert doc.where("/info/tags/1") == ("t.yaml", 3, 13)


def test_alias_takes_the_checked_path(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = load._check_size

    def spy(node: object, file: str) -> None:
        calls.append(file)
        real(node, file)  # type: ignore[arg-type]

    monkeypatch.setattr(load, "_check_size", spy)
    doc = load_text("a: &x {k: [1, 2]}\nb: *x\n", "a.yaml")
    assert calls == ["a.yaml"]
    assert doc.data == {"a": {"k": [1, 2]}, "b": {"k": [1, 2]}}
    assert doc.data["a"] is not doc.data["b"]
    assert doc.where("/b/k/1") == ("a.yaml", 1, 15)


def test_too_deep_with_an_anchor_keeps_the_alias_walks_report() -> None:
    deep = "[" * 140 + "1" + "]" * 140
    with pytest.raises(SpecError) as info:
        load_text(f"x: &a 1\nfirst: {deep}\nsecond: {deep}\n", "deep.yaml")
    (diagnostic,) = info.value.diagnostics.items
    # the alias walk meets the last branch first and names no pointer; the builder would name the first
    assert (diagnostic.code, diagnostic.line, diagnostic.pointer) == ("load.too-deep", 3, "")


def test_construct_error_after_an_abandoned_attempt_is_the_real_one() -> None:
    with pytest.raises(SpecError) as info:
        load_text("a: &x {k: 1}\nc: !!binary 'a'\nb: *x\n", "b.yaml")
    (diagnostic,) = info.value.diagnostics.items
    assert (diagnostic.line, diagnostic.code) == (2, "load.syntax")
    assert "base64" in diagnostic.message


def test_merge_key_with_an_anchor_is_refused() -> None:
    with pytest.raises(SpecError) as info:
        load_text("base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n", "m.yaml")
    assert "m.yaml:3:3: error[load.merge-key] at /c: YAML merge keys (<<) are not supported" in str(info.value)


# Strict JSON is read by json.loads; positions are worked out by the YAML path only when asked for, and
# anything the two readers could disagree on goes the YAML way.


def test_json_is_read_without_the_yaml_path_until_a_position_is_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = load._load_yaml

    def spy(text: str, file: str) -> load.LoadedDocument:
        calls.append(file)
        return real(text, file)

    monkeypatch.setattr(load, "_load_yaml", spy)
    doc = load_text(
        '{\n  "paths": {\n    "/a/b": {"get": {"operationId": "x", "tags": ["t1", "t2"]}}\n  },\n  "n": [1, 2.5, true, null]\n}', "s.json"
    )
    assert doc.data == {"paths": {"/a/b": {"get": {"operationId": "x", "tags": ["t1", "t2"]}}}, "n": [1, 2.5, True, None]}
    assert calls == []
    assert doc.where("/paths/~1a~1b/get/tags/1") == ("s.json", 3, 57)
    assert doc.where("/n/3") == ("s.json", 5, 23)
    assert calls == ["s.json"]


def test_json_duplicate_key_is_refused_with_its_line() -> None:
    with pytest.raises(SpecError) as info:
        load_text('{\n  "a": 1,\n  "b": {\n    "c": 2,\n    "c": 3\n  }\n}', "d.json")
    assert "d.json:5:5: error[load.duplicate-key] at /b/c: key 'c' is defined twice (first at line 4)" in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1e5, "b": 1.0e5, "c": 1.5E+3}', {"a": "1e5", "b": "1.0e5", "c": 1500.0}),  # YAML 1.1 floats
        ('{"a": NaN}', {"a": "NaN"}),
        ('{"a": "x\x85y"}', {"a": "x y"}),  # a raw NEL is a line break to YAML, folded into a space
    ],
)
def test_json_that_yaml_reads_differently_is_read_as_yaml(text: str, expected: object) -> None:
    assert load_text(text, "f.json").data == expected


def test_json_the_yaml_path_refuses_is_still_refused() -> None:
    with pytest.raises(SpecError) as info:
        load_text('{"a"\n: 1}', "k.json")
    assert "k.json:2:1: error[load.syntax]" in str(info.value)
    cases = [
        ('{"a": "x\x80y"}', "c.json:1:9:"),  # a control character YAML refuses
        ('\t{"a": 1}', "c.json:1:1:"),  # a tab outside a flow collection
        ('{"' + "k" * 1100 + '": 1}', "c.json:1:1104:"),  # YAML looks for a key's colon within 1024 characters
        ('{"' + "\\u00e9" * 200 + '": 1}', "c.json:1:1204:"),
        ('{"a"' + " " * 1100 + ": 1}", "c.json:1:1105:"),
    ]
    for text, where in cases:
        with pytest.raises(SpecError) as info:
            load_text(text, "c.json")
        assert f"{where} error[load.syntax]" in str(info.value)
    deep = '{"a": ' + "[" * 140 + "]" * 140 + "}"
    with pytest.raises(SpecError) as info:
        load_text(deep, "deep.json")
    assert "load.too-deep" in str(info.value)
