"""Where corpus results are collected; the root conftest prints the generality rate from them."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parents[2] / ".cache" / "corpus-results"
