"""The generated-code summary: public classes, methods and functions, compared by signature."""

from __future__ import annotations

import pytest

from generator.review.codesummary import describe, diff_api, public_api

BEFORE = """
class Orders(SyncAPIResource):
    def list(self, *, page: int = 1) -> Page[Order]: ...
    def retrieve(self, id: str) -> Order: ...
    def _private(self) -> None: ...
class _Hidden: ...
def helper(x: int) -> int: ...
"""
AFTER = """
class Orders(SyncAPIResource):
    def list(self, *, page: int = 1, size: int = 50) -> Page[Order]: ...
    async def cancel(self, id: str) -> None: ...
"""


def test_public_api_reads_classes_methods_and_functions() -> None:
    api = public_api(
        {"src/acme_client/resources/orders.py": BEFORE, "acme_client/__init__.py": "X = 1\n", "tests/test_x.py": "def test(): ..."}
    )
    assert api == {
        "acme_client.resources.orders.Orders": "class Orders(SyncAPIResource)",
        "acme_client.resources.orders.Orders.list": "def list(self, *, page: int=1) -> Page[Order]",
        "acme_client.resources.orders.Orders.retrieve": "def retrieve(self, id: str) -> Order",
        "acme_client.resources.orders.helper": "def helper(x: int) -> int",
    }


def test_diff_api_names_added_removed_and_changed() -> None:
    changes = diff_api(public_api({"m.py": BEFORE}), public_api({"m.py": AFTER}))
    assert [(c.kind, c.name, c.details) for c in changes] == [
        ("added", "m.Orders.cancel", ()),
        ("changed", "m.Orders.list", ("parameter `size` added (optional)",)),
        ("removed", "m.Orders.retrieve", ()),
        ("removed", "m.helper", ()),
    ]


MODELS_BEFORE = """
class Document(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: Annotated[int | None, Field(description="Internal id.")] = None
    number: str
    total: float | None = None
    notes: str | None = None
class Gone(BaseModel):
    a: int
    b: str
"""
MODELS_AFTER = """
class Document(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: Annotated[int, Field(description="The internal id, always sent.")]
    number: str
    total: Decimal | None = None
    series: str | None = None
class Fresh(BaseModel):
    a: int
    def check(self) -> None: ...
"""


def test_model_fields_are_compared_in_words() -> None:
    changes = {c.name: (c.kind, c.details) for c in diff_api(public_api({"m.py": MODELS_BEFORE}), public_api({"m.py": MODELS_AFTER}))}
    assert changes == {
        "m.Document.id": ("changed", ("type `int | None` -> `int`", "now required")),
        "m.Document.total": ("changed", ("type `float | None` -> `Decimal | None`",)),
        "m.Document.notes": ("removed", ()),
        "m.Document.series": ("added", ()),
        "m.Gone": ("removed", ()),
        "m.Fresh": ("added", ("1 field", "1 method")),
    }


@pytest.mark.parametrize(
    ("before", "after", "details"),
    [
        ("def f(self, a: int) -> X", "def f(self) -> X", ("parameter `a` removed",)),
        ("def f(self, a: int) -> X", "def f(self, a: str) -> X", ("parameter `a`: type `int` -> `str`",)),
        ("def f(self, *, a: int=1) -> X", "def f(self, *, a: int) -> X", ("parameter `a` now required",)),
        ("def f(self, a: int) -> X", "def f(self, *, a: int) -> X", ("parameter `a` now keyword-only",)),
        ("def f(self, *, b: int=1) -> X", "def f(self, *, b: int=1, c: int) -> X", ("parameter `c` added (required)",)),
        ("def f(self) -> X", "def f(self) -> Y", ("returns `X` -> `Y`",)),
        ("def f(self, a: int, b: int) -> X", "def f(self, b: int, a: int) -> X", ("parameters reordered",)),
        ("field a: int", "field a: int = 3", ("now optional",)),
        ("field a: int = Field(...)", "field a: int = Field(None)", ("now optional",)),
    ],
)
def test_describe_says_what_changed(before: str, after: str, details: tuple[str, ...]) -> None:
    assert describe(before, after) == details


def test_syntax_error_is_reported_not_raised() -> None:
    assert public_api({"broken.py": "def (:"})["broken"].startswith("<syntax error")
