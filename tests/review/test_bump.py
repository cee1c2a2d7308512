"""The version-bump policy: semver, the 0.x rule (Cargo's), and the check against x-codegen.version."""

from __future__ import annotations

import pytest
from packaging.version import Version

from generator.review.bump import actual_bump, check_bump, needed_bump
from generator.review.catalog import Bump
from generator.review.specdiff import Change

BREAKING = Change("operation-removed", "GET /a", "gone")
ADDITION = Change("operation-added", "GET /b", "new")
RISKY = Change("response-enum-value-added", "A.kind", "new value")
PATCH = Change("spec-other-changed", "spec", "prose")


@pytest.mark.parametrize(
    ("changes", "base", "needed"),
    [
        ([BREAKING, ADDITION], "1.4.2", Bump.MAJOR),
        ([ADDITION], "1.4.2", Bump.MINOR),
        ([RISKY], "1.4.2", Bump.MINOR),
        ([PATCH], "1.4.2", Bump.PATCH),
        ([], "1.4.2", Bump.NONE),
        ([BREAKING], "0.3.1", Bump.MINOR),  # 0.x: the minor is the breaking component
        ([ADDITION], "0.3.1", Bump.PATCH),
        ([PATCH], "0.3.1", Bump.PATCH),
        ([BREAKING], "0.0.3", Bump.PATCH),  # 0.0.z: every release may break
        ([], "0.0.3", Bump.NONE),
    ],
)
def test_needed_bump(changes: list[Change], base: str, needed: Bump) -> None:
    assert needed_bump(changes, Version(base)) is needed


@pytest.mark.parametrize(
    ("base", "head", "bump"),
    [
        ("1.2.3", "2.0.0", Bump.MAJOR),
        ("1.2.3", "1.3.0", Bump.MINOR),
        ("1.2.3", "1.2.4", Bump.PATCH),
        ("1.2", "1.2.1", Bump.PATCH),
        ("1.2.3", "1.2.3", Bump.NONE),
        ("1.2.3", "1.2.3.post1", Bump.PATCH),
        ("1.2.3", "1.2.2", None),
        ("0.1.0", "1.0.0", Bump.MAJOR),
    ],
)
def test_actual_bump(base: str, head: str, bump: Bump | None) -> None:
    assert actual_bump(Version(base), Version(head)) is bump


@pytest.mark.parametrize(
    ("base", "head", "changes", "ok", "words"),
    [
        ("1.0.0", "1.1.0", [BREAKING], False, "needs a major bump, but 1.0.0 -> 1.1.0 is a minor bump: too small"),
        ("1.0.0", "2.0.0", [BREAKING], True, "needs a major bump; 1.0.0 -> 2.0.0 is a major bump"),
        ("0.1.0", "0.2.0", [BREAKING], True, "needs a minor bump (0.x: the minor is the breaking component)"),
        ("0.1.0", "0.1.1", [BREAKING], False, "too small"),
        ("0.1.0", "0.1.1", [ADDITION], True, "needs a patch bump"),
        ("1.0.0", "1.0.0", [PATCH], False, "is no bump: too small"),
        ("1.0.0", "1.0.0", [], True, "needs no bump"),
        ("1.1.0", "1.0.0", [], False, "went backwards"),
        ("2.0.0rc1", "2.0.0", [BREAKING], True, "pre-releases"),
        (None, "0.1.0", [BREAKING], True, "new package"),
        ("1.0.0", "one", [], False, "not a PEP 440 version"),
        ("1.0.0", None, [], False, "missing"),
    ],
)
def test_check_bump(base: str | None, head: str | None, changes: list[Change], ok: bool, words: str) -> None:
    result = check_bump(base, head, changes)
    assert result.ok is ok
    assert words in result.message
