"""The tolerant walk and the lossless field types, on hand-written models (the generated ones are covered in
tests/functional/test_tolerant_parsing.py)."""

from __future__ import annotations

import datetime as dt
import enum
import json
from decimal import Decimal
from typing import Annotated, Any

import pydantic
import pytest
from pydantic import ConfigDict, Field, RootModel, StrictInt

from generator.runtime import DateTime, FlexNumber, Money, MoneyString, Number, WireModel, encode_money
from generator.runtime._tolerant import _validate_rest, tolerant_validate


class Level(int, enum.Enum):
    LOW = 1
    HIGH = 2


class Line(WireModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    id: StrictInt
    qty: Number | None = None
    level: Level | None = None
    code: Annotated[str | None, Field(max_length=3)] = None


class Doc(WireModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    number: str
    lines: list[Line] = Field(default_factory=list)
    totals: dict[str, Number] | None = None
    when: DateTime | None = None


class Ids(RootModel[list[StrictInt]]):
    pass


def wire(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def test_walk_keeps_every_value_and_locates_each_issue() -> None:
    raw = {
        "number": "D1",
        "lines": [{"id": 1, "qty": 2}, {"id": "2", "qty": "1.50", "level": 7, "code": "TOOLONG"}],
        "totals": {"net": 10, "tax": "2.3"},
        "when": "2024-08-13 12:01:14",
    }
    doc, issues = tolerant_validate(Doc, raw)
    assert wire(doc.model_dump(mode="json", by_alias=True, exclude_unset=True)) == wire(raw)
    assert [(i.pointer, i.message) for i in issues] == [
        ("/lines/1/id", "a numeric string where a number is declared"),
        ("/lines/1/qty", "a numeric string where a number is declared"),
        ("/lines/1/level", "value not in the declared enum (kept)"),
        ("/lines/1/code", "outside the declared constraints"),
        ("/totals/tax", "a numeric string where a number is declared"),
    ]
    second = doc.lines[1]
    assert second.id == 2 and second.qty == 1.5 and second.level == 7 and isinstance(second.level, Level)
    assert second.code == "TOOLONG"
    assert doc.lines[0].validation_issues == () and len(second.validation_issues) == 4
    assert doc.when == dt.datetime(2024, 8, 13, 12, 1, 14)


def test_rest_of_a_failing_object_is_validated_at_once() -> None:
    rest = _validate_rest(Line, {"id": "x", "qty": 3, "level": 2}, {"id"})
    assert rest is not None and rest["qty"] == 3 and rest["level"] is Level.HIGH and rest["id"] is None


def test_root_models_and_wrong_containers() -> None:
    ids, issues = tolerant_validate(Ids, [1, "2", 3])
    assert ids.root == [1, "2", 3] and [i.pointer for i in issues] == ["/1"]
    doc, issues = tolerant_validate(Doc, {"number": "D", "lines": {"not": "a list"}})
    assert doc.model_dump(mode="json", by_alias=True, exclude_unset=True) == {"number": "D", "lines": {"not": "a list"}}
    assert [i.pointer for i in issues] == ["/lines"]


def test_secret_values_never_reach_an_issue() -> None:
    class Session(WireModel):
        model_config = ConfigDict(extra="allow")
        auth_token: int | None = None

    _, issues = tolerant_validate(Session, {"auth_token": "eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl"})
    assert issues and "eyJ" not in str(issues[0]) and issues[0].got == "string"


@pytest.mark.parametrize(
    ("value", "kind", "wire_value"),
    [
        (Decimal("123.10"), "number", 123.1),
        (Decimal("7"), "number", 7),
        (Decimal("7.00"), "number", 7.0),
        (Decimal("1.5"), "string", "1.5"),
    ],
)
def test_encode_money(value: Decimal, kind: str, wire_value: Any) -> None:
    encoded = encode_money(value, kind)
    assert encoded == wire_value and type(encoded) is type(wire_value)


def test_money_types() -> None:
    adapter = pydantic.TypeAdapter(Money)
    for sent in (12, 12.5, "12.50", " 3 "):
        parsed = adapter.validate_python(sent)
        assert isinstance(parsed, Decimal) and adapter.dump_python(parsed, mode="json") == sent
    for bad in ("abc", "NaN", True, None, [1]):
        with pytest.raises(pydantic.ValidationError):
            adapter.validate_python(bad)
    assert pydantic.TypeAdapter(MoneyString).dump_python(Decimal("2.50"), mode="json") == "2.50"
    assert pydantic.TypeAdapter(Money).dump_python(Decimal("2.50"), mode="python") == Decimal("2.50")


def test_flex_number_and_datetime() -> None:
    flex = pydantic.TypeAdapter(FlexNumber)
    assert flex.validate_python("12") == 12 and flex.dump_python(flex.validate_python("12"), mode="json") == "12"
    assert flex.validate_python(2.5) == 2.5 and flex.dump_python(2.5, mode="json") == 2.5
    with pytest.raises(pydantic.ValidationError):
        flex.validate_python("inf")
    stamp = pydantic.TypeAdapter(DateTime)
    for sent in (
        "2024-08-13T12:01:14Z",
        "2024-08-13T12:01:14",
        "2024-08-13T12:01:14+02:00",
        "2024-08-13 12:01:14",
        "2024-08-13T12:01:14.100+00:00",
        "2024-08-13T12:01:14+00:00",
        "2024-08-13T12:01:14z",
        "2024-08-13T12:01:14+0200",
        "2024-W33-2T12:01:14Z",
        "2024-08-13T120114.1+02:00",
        "2024-08-13T120114.1",
    ):
        assert stamp.dump_python(stamp.validate_python(sent), mode="json") == sent
    with pytest.raises(pydantic.ValidationError):
        stamp.validate_python("0000-00-00")
    assert stamp.dump_python(dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC), mode="json") == "2024-01-02T03:04:05Z"


class Part(WireModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    unit_count: Annotated[StrictInt | None, Field(alias="unitCount")] = None


class Sheet(WireModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    sheet_id: Annotated[StrictInt, Field(alias="sheetId")]
    pdf_url: Annotated[str | None, Field(alias="pdfUrl")] = None
    parts: list[Part] = Field(default_factory=list)
    by_code: Annotated[dict[str, Part] | None, Field(alias="byCode")] = None


def test_python_names_are_kept_as_sent_and_read_into_the_field() -> None:
    """Alias-only validation: a key under the python name stays in the extras (the dump writes it as it came),
    the attribute still reads it, the field stays unset, and each place is an issue; nested ones too."""
    raw = {
        "sheet_id": 3,
        "pdf_url": "https://x/1.pdf",
        "parts": [{"unitCount": 1}, {"unit_count": "2"}],
        "byCode": {"a": {"unit_count": 5}},
    }
    sheet, issues = tolerant_validate(Sheet, raw, by_name=False)
    assert wire(sheet.model_dump(mode="json", by_alias=True, exclude_unset=True)) == wire(raw)
    assert sheet.sheet_id == 3 and sheet.pdf_url == "https://x/1.pdf" and sheet.parts[1].unit_count == 2
    assert "pdf_url" not in sheet.model_fields_set and sheet.model_extra == {"sheet_id": 3, "pdf_url": "https://x/1.pdf"}
    assert sheet.by_code is not None and sheet.by_code["a"].unit_count == 5
    assert sorted(i.pointer for i in issues) == [
        "/byCode/a/unit_count",
        "/parts/1/unit_count",
        "/parts/1/unit_count",
        "/pdf_url",
        "/sheet_id",
    ]
    assert [i.pointer for i in sheet.parts[1].validation_issues] == ["/parts/1/unit_count", "/parts/1/unit_count"]
    # the wire key and the python name both sent: the field takes the wire key, the other stays an extra
    both = {"sheetId": 1, "sheet_id": 2}
    sheet, issues = tolerant_validate(Sheet, both, by_name=False)
    assert sheet.sheet_id == 1 and sheet.model_extra == {"sheet_id": 2} and issues == ()
    assert wire(sheet.model_dump(mode="json", by_alias=True, exclude_unset=True)) == wire(both)


@pytest.mark.parametrize(
    ("content", "found"),
    [
        (b'{"sheetId": 1, "pdfUrl": "u"}', False),  # no "_" at all: the common case of camelCase APIs
        (b'{"sheetId": 1, "note": "see pdf_url"}', False),  # the name inside a value, not as a key
        (b'{"sheetId": 1, "pdf_url": "u"}', True),
        (b'{"parts": [{"unit_count" : 2}]}', True),
        (b'{"sheetId": 1, "other_key": 2}', False),
        (b'{"sheetId": 1, "xpdf_url": 2, "note": "a pdf_url"}', False),  # a longer key that ends like one
    ],
)
def test_body_scan_for_python_names(content: bytes, found: bool) -> None:
    from generator.runtime._tolerant import _FEW, _python_names, mentions_python_names

    assert mentions_python_names(Sheet, content) is found
    assert _python_names(Sheet).snake == {b"sheet_id", b"pdf_url", b"unit_count", b"by_code"}
    assert len(_python_names(Sheet).snake) == _FEW  # the one-by-one search; the key regex below
    many = pydantic.create_model("Many", __base__=WireModel, **{f"f_{i}": (int | None, Field(None, alias=f"f{i}")) for i in range(9)})
    assert mentions_python_names(list[many], content.replace(b"unit_count", b"f_3").replace(b"pdf_url", b"f_4")) is found


def test_per_page_types_are_cached_by_value() -> None:
    """A pager validates each page as a new `list[Item]` object: caches keyed by identity would grow per page."""
    from generator.runtime._pagination import _list_of
    from generator.runtime._tolerant import _names_cache, _python_names

    assert _list_of(Sheet) is _list_of(Sheet) and _list_of(Sheet) == list[Sheet]
    _python_names(list[Sheet])
    size = len(_names_cache)
    for _ in range(50):
        _python_names(list[Sheet])
    assert len(_names_cache) == size


def test_a_field_renamed_away_from_a_pydantic_method_imports_without_a_warning() -> None:
    """`model_dump` in a spec becomes `model_dump_`: pydantic's namespace check must not warn users on import."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")

        class Shadowing(WireModel):
            model_config = ConfigDict(extra="allow", populate_by_name=True)
            model_dump_: int | None = Field(None, alias="model_dump")
            model_config_: str | None = Field(None, alias="model_config")

    parsed = Shadowing.model_validate({"model_dump": 3, "model_config": "x"})
    assert (parsed.model_dump_, parsed.model_config_) == (3, "x")
    assert parsed.model_dump(by_alias=True) == {"model_dump": 3, "model_config": "x"}


class Handle(WireModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    cls: str
    size: StrictInt | None = None


def test_a_field_named_like_model_constructs_first_argument_is_walked() -> None:
    """`model_construct(cls, ...)` took such a field's value as its own first argument (TypeError)."""
    handle, issues = tolerant_validate(Handle, {"cls": "box", "size": "3"})
    assert handle.cls == "box" and handle.size == 3 and handle.model_fields_set == {"cls"}
    assert [issue.pointer for issue in issues] == ["/size"]
    assert handle.model_dump(mode="json", by_alias=True, exclude_unset=True) == {"cls": "box", "size": "3"}
