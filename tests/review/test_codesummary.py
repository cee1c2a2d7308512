"""The generated-code summary: public classes, methods and functions, compared by signature."""

from __future__ import annotations

from generator.review.codesummary import diff_api, public_api

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
    assert [(c.kind, c.name) for c in changes] == [
        ("added", "m.Orders.cancel"),
        ("changed", "m.Orders.list"),
        ("removed", "m.Orders.retrieve"),
        ("removed", "m.helper"),
    ]


def test_syntax_error_is_reported_not_raised() -> None:
    assert public_api({"broken.py": "def (:"})["broken"].startswith("<syntax error")
