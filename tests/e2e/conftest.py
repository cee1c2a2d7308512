"""Fixtures shared by the scripted sessions."""

from __future__ import annotations

import pytest

from tests.e2e.wire import WireLog


@pytest.fixture
def wire() -> WireLog:
    return WireLog()
