"""docs/review-and-release.md explains every rule id the review tools can report, docs/extensions.md every drift rule."""

from __future__ import annotations

from pathlib import Path

from generator.review.catalog import DIFF_RULES, DRIFT_RULES, LINT_RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "review-and-release.md"
EXTENSIONS = DOC.parent / "extensions.md"


def test_every_rule_id_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [rule for rule in (*LINT_RULES, *DIFF_RULES) if f"| `{rule}` |" not in text]
    assert not missing, f"add these rule ids to {DOC}: {missing}"


def test_every_drift_rule_id_is_documented() -> None:
    text = EXTENSIONS.read_text(encoding="utf-8")
    missing = [rule for rule in DRIFT_RULES if f"| `{rule}` |" not in text]
    assert not missing, f"add these drift rule ids to {EXTENSIONS}: {missing}"
