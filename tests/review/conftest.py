"""Shared fixtures for the review tests: the fixture specs and a loader for them as plain data."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from generator.review.sources import WorkTree, load_spec

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good" / "specs" / "acme" / "openapi.yaml"
BAD = FIXTURES / "bad" / "specs" / "bad" / "openapi.yaml"

_CACHE: dict[str, dict[str, Any]] = {}


@pytest.fixture
def acme() -> dict[str, Any]:
    """The clean fixture spec, bundled, as a fresh copy each time (tests mutate it)."""
    if "acme" not in _CACHE:
        _CACHE["acme"] = load_spec(WorkTree(GOOD.parent), GOOD.name)
    return copy.deepcopy(_CACHE["acme"])
