"""The sanitizing module: every spec string that reaches code goes through these."""

from __future__ import annotations

import ast

import pytest

from generator.naming import class_name, docstring, py_literal, snake_case, unique


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("getCustomerByID", "get_customer_by_id"),
        ("list-pets", "list_pets"),
        ("page[number]", "page_number"),
        ("date[from]", "date_from"),
        ("class", "class_"),
        ("match", "match_"),
        ("2fa code", "value_2fa_code"),
        ("Längengrad", "längengrad"),
        ("x-pagination", "x_pagination"),
        ("", "value"),
        ("$$$", "value"),
    ],
)
def test_snake_case(text: str, expected: str) -> None:
    assert snake_case(text) == expected
    assert snake_case(text).isidentifier()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("customerDocument", "CustomerDocument"),
        ("api error", "ApiError"),
        ("200", "Model200"),
        ("None", "None_"),
        ("Längengrad", "Längengrad"),
    ],
)
def test_class_name(text: str, expected: str) -> None:
    assert class_name(text) == expected


def test_unique_numbers_collisions() -> None:
    taken: set[str] = set()
    assert [unique("list", taken, sep="_") for _ in range(3)] == ["list", "list_2", "list_3"]


@pytest.mark.parametrize("hostile", ['"""; import os; os.system("x") #', "\\", 'ends with "', "\x00\x1b[31m", "a\u2028b"])
def test_docstring_cannot_escape(hostile: str) -> None:
    source = f'def f():\n    """{docstring(hostile)}"""\n'
    tree = ast.parse(source)
    body = tree.body[0].body  # type: ignore[attr-defined]
    assert len(body) == 1 and isinstance(body[0], ast.Expr)


@pytest.mark.parametrize("value", ["'); import os #", {"a": [1, None, True]}, ("x",), 1.5])
def test_literal_round_trips(value: object) -> None:
    assert ast.literal_eval(py_literal(value)) == value
