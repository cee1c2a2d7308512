"""The version bump a set of changes needs, checked against the `x-codegen.version` change.

Semantic versioning: breaking -> major, additions (and potentially breaking changes) -> minor, anything
else -> patch. Before 1.0 we follow Cargo: in 0.x.y the minor is the breaking component (0.3.1 -> 0.4.0)
and additions only need the patch; in 0.0.z every release may break, so any bump of z will do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from packaging.version import InvalidVersion, Version

from .catalog import Bump
from .specdiff import Change

__all__ = ["BumpCheck", "actual_bump", "check_bump", "needed_bump"]

_ZERO_MAJOR = {Bump.NONE: Bump.NONE, Bump.PATCH: Bump.PATCH, Bump.MINOR: Bump.PATCH, Bump.MAJOR: Bump.MINOR}


@dataclass(frozen=True)
class BumpCheck:
    base_version: str | None
    head_version: str | None
    required: Bump
    actual: Bump | None
    ok: bool
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "base_version": self.base_version,
            "head_version": self.head_version,
            "required": self.required.name.lower(),
            "actual": self.actual.name.lower() if self.actual is not None else None,
            "ok": self.ok,
            "message": self.message,
        }


def needed_bump(changes: Iterable[Change], base: Version) -> Bump:
    """The smallest bump of `base` that the changes allow, with the 0.x rule applied."""
    required = max((change.bump for change in changes), default=Bump.NONE)
    if base.major > 0 or required is Bump.NONE:
        return required
    return Bump.PATCH if base.minor == 0 else _ZERO_MAJOR[required]


def actual_bump(base: Version, head: Version) -> Bump | None:
    """Which component went up from base to head; None when the version went backwards."""
    if head < base:
        return None
    old, new = ((*v.release, 0, 0)[:3] for v in (base, head))
    for index, bump in enumerate((Bump.MAJOR, Bump.MINOR, Bump.PATCH)):
        if new[index] > old[index]:
            return bump
    return Bump.PATCH if head > base else Bump.NONE


def _parse(value: Any) -> Version | None:
    try:
        return Version(str(value)) if value is not None else None
    except InvalidVersion:
        return None


def check_bump(base_version: Any, head_version: Any, changes: list[Change]) -> BumpCheck:
    """Is head_version a big enough step from base_version for these changes?"""
    base, head = _parse(base_version), _parse(head_version)
    shown = (str(base_version) if base_version is not None else None, str(head_version) if head_version is not None else None)
    if head is None:
        return BumpCheck(*shown, Bump.NONE, None, False, f"x-codegen.version {head_version!r} is missing or not a PEP 440 version")
    if base is None:
        return BumpCheck(*shown, Bump.NONE, None, True, f"new package at {head}: no earlier version to compare")
    required, actual = needed_bump(changes, base), actual_bump(base, head)
    if actual is None:
        return BumpCheck(*shown, required, None, False, f"version went backwards: {base} -> {head}")
    if base.is_prerelease and base.release == head.release:
        return BumpCheck(*shown, required, actual, True, f"{base} -> {head}: pre-releases of {head.base_version} may change anything")
    zero = " (0.x: the minor is the breaking component)" if base.major == 0 and required is not Bump.NONE else ""
    need = f"needs a {required.name.lower()} bump{zero}" if required is not Bump.NONE else "needs no bump"
    if actual < required:
        return BumpCheck(*shown, required, actual, False, f"{need}, but {base} -> {head} is {_describe(actual)}: too small")
    return BumpCheck(*shown, required, actual, True, f"{need}; {base} -> {head} is {_describe(actual)}")


def _describe(bump: Bump) -> str:
    return "no bump" if bump is Bump.NONE else f"a {bump.name.lower()} bump"
