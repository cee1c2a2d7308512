# Copied from the generator's runtime (generator/runtime/_issues.py); do not edit by hand.
"""Where a parsed answer differed from the spec (see `_tolerant`), without importing pydantic's model
machinery: the package imports these names, and a plain `import <vendor>_client` should not pay for it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pydantic

__all__ = ["ISSUES_KEY", "ValidationIssue", "validation_issues"]

#: the key under a model's `__pydantic_private__` that holds its issues
ISSUES_KEY = "validation_issues"


@dataclass(frozen=True)
class ValidationIssue:
    """One place where a 2xx body differs from the declared model; the value was kept, not lost."""

    pointer: str  # JSON pointer into the parsed body ("" = the whole body)
    expected: str
    got: str
    message: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message} (expected {self.expected}, got {self.got})"


def validation_issues(value: Any) -> tuple[ValidationIssue, ...]:
    """The issues of a parsed result: a model's own, or those of every item of a list."""
    if isinstance(value, pydantic.BaseModel):
        private = value.__pydantic_private__
        found = private.get(ISSUES_KEY) if isinstance(private, dict) else None
        return found if isinstance(found, tuple) else ()
    if isinstance(value, (list, tuple)):
        return tuple(issue for item in value for issue in validation_issues(item))
    return ()
