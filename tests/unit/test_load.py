"""The loader keeps line:col per JSON pointer and rejects what YAML would silently accept."""

from __future__ import annotations

import pytest

from generator.diagnostics import SpecError
from generator.load import load_text


def test_positions_per_pointer() -> None:
    doc = load_text("openapi: 3.0.3\npaths:\n  /a/b:\n    get:\n      operationId: x\n", "s.yaml")
    assert doc.where("/paths/~1a~1b/get/operationId") == ("s.yaml", 5, 20)
    assert doc.where("/paths/~1a~1b/get/missing/deeper") == ("s.yaml", 5, 7)


def test_duplicate_key_is_an_error() -> None:
    with pytest.raises(SpecError) as info:
        load_text("a: 1\nb:\n  c: 2\n  c: 3\n", "d.yaml")
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
