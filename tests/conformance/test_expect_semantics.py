"""The comparison rules the replay applies to `expect` blocks, on small values: exact JSON types, attribute
paths, result types by name, and the lossless check that sees a declared key hiding in model_extra."""

from __future__ import annotations

import datetime as dt
import types

import pytest
from pydantic import BaseModel, ConfigDict, Field

from .expect import attribute, differences, json_form, lossless_problems, type_problems


class Line(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    qty: int | None = None


class Doc(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    id: int
    document_series: str | None = Field(None, alias="documentSeries")
    lines: list[Line] | None = None
    date: dt.date | None = None


class DocNoAlias(BaseModel):  # the bug: the alias is gone, so documentSeries lands in model_extra
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    id: int
    document_series: str | None = None


MODELS = types.SimpleNamespace(Doc=Doc, Line=Line)
DECLARED = {
    "Doc": frozenset({"id", "documentSeries", "lines", "date"}),
    "DocNoAlias": frozenset({"id", "documentSeries"}),
    "Line": frozenset({"qty"}),
}


@pytest.mark.parametrize(
    ("expected", "actual"), [(1, 1.0), ("83.16", 83.16), (True, 1), (None, ""), ({"a": 1}, {"a": 1, "b": 2}), ([1], [1, 1])]
)
def test_json_types_are_exact(expected: object, actual: object) -> None:
    assert differences(expected, actual)


def test_equal_values_have_no_differences() -> None:
    assert differences({"a": [1, "x", 2.5, None]}, {"a": [1, "x", 2.5, None]}) == []


def test_attribute_paths_follow_python_names_indexes_and_dict_keys() -> None:
    doc = Doc.model_validate({"id": 7, "documentSeries": "FT", "lines": [{"qty": 2}], "date": "2024-11-15", "meta": {"taxType": "x"}})
    assert json_form(attribute(doc, "document_series")) == "FT"
    assert json_form(attribute(doc, "lines[0].qty")) == 2
    assert json_form(attribute(doc, "date")) == "2024-11-15"
    assert attribute({"meta": {"taxType": "x"}}, "meta.taxType") == "x"
    assert attribute(doc, "documentSeries") == "FT"  # the wire name stands for its field too
    with pytest.raises(AssertionError):
        attribute(doc, "documentSerie")  # neither a field nor a wire name
    with pytest.raises(AssertionError):
        attribute(doc, "lines[3].qty")


def test_result_types_by_name() -> None:
    doc = Doc(id=1)
    assert type_problems(doc, "Doc", MODELS) == []
    assert type_problems([doc], "list[Doc]", MODELS) == []
    assert type_problems([doc], "Doc", MODELS)  # the retrieve-returns-a-list bug
    assert type_problems({"doc": {}}, "Doc", MODELS)  # the envelope bug
    assert type_problems(None, "Doc | None", MODELS) == []
    assert type_problems(b"%PDF", "bytes", MODELS) == []
    assert type_problems(1, "Nope", MODELS)


def test_lossless_sees_a_declared_key_in_model_extra() -> None:
    body = {"invoice": {"id": 3, "documentSeries": "FT"}}
    assert lossless_problems(Doc.model_validate(body["invoice"]), body, DECLARED) == []
    problems = lossless_problems(DocNoAlias.model_validate(body["invoice"]), body, DECLARED)
    assert problems and "model_extra" in problems[0]


def test_lossless_sees_a_changed_type() -> None:
    body = {"id": 3, "lines": [{"qty": 2.0}]}  # the model turns 2.0 into 2
    problems = lossless_problems(Doc.model_validate(body), body, DECLARED)
    assert any("/lines/0/qty" in p for p in problems)
