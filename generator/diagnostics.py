"""Located problems found in a spec, collected and reported together rather than one crash at a time."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

__all__ = ["Diagnostic", "Diagnostics", "Severity", "SpecError"]


class Severity(str, Enum):  # noqa: UP042 - a str subclass keeps JSON output and comparisons simple
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Diagnostic(NamedTuple):
    """One problem, with the place it was found: file:line:col and the JSON pointer inside the document."""

    file: str
    line: int
    col: int
    pointer: str
    severity: Severity
    code: str
    message: str

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        ptr = f" at {self.pointer or '/'}" if self.pointer is not None else ""
        return f"{where}: {self.severity.value}[{self.code}]{ptr}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        data = self._asdict()
        data["severity"] = self.severity.value
        return data


@dataclass
class Diagnostics:
    """An ordered, de-duplicated collection of diagnostics."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self.items:
            self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            self.add(diagnostic)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(sorted(self.items, key=lambda d: (d.file, d.line, d.col, d.code, d.message)))

    def __len__(self) -> int:
        return len(self.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self if d.severity is Severity.WARNING]

    def failed(self, *, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def format(self) -> str:
        return "\n".join(d.format() for d in self)

    def to_json(self) -> str:
        return json.dumps([d.as_dict() for d in self], indent=2)


class SpecError(Exception):
    """Raised when a stage cannot go on; carries every diagnostic found so far."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        self.diagnostics = diagnostics
        super().__init__(diagnostics.format())
