"""Numbers read from our extensions (`x-rate-limit`, `x-poll`, `x-auth-flow`) before they are printed into code.

`float("nan")`, `inf`, `"ten"` or a negative period would become a traceback here or a broken literal in the
generated package (`nan` is not a Python name); each is refused with a located error instead.
"""

from __future__ import annotations

import math
from typing import Any

from ..diagnostics import Diagnostics
from ..load import LoadedDocument, join_pointer

__all__ = ["extension_number", "status_codes"]


def extension_number(
    source: LoadedDocument,
    diagnostics: Diagnostics,
    node: dict[str, Any],
    key: str,
    pointer: str,
    default: float,
    *,
    integer: bool = False,
    minimum: float = 0.0,
) -> float:
    """`node[key]` as a finite number above `minimum` (an int when `integer`), or `default` after an error."""
    value = node.get(key, default)
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value > minimum
    if ok and integer and float(value) != int(value):
        ok = False
    if not ok:
        kind = "a whole number" if integer else "a number"
        diagnostics.add(
            source.diagnostic(
                join_pointer(pointer, key), "extension.number", f"{key} must be {kind} greater than {minimum:g}; got {value!r}"
            )
        )
        return default
    return int(value) if integer else float(value)


def status_codes(
    source: LoadedDocument, diagnostics: Diagnostics, node: dict[str, Any], key: str, pointer: str, default: tuple[int, ...]
) -> tuple[int, ...]:
    """`node[key]` as a list of HTTP status codes (100-599), or `default` after an error."""
    value = node.get(key, list(default))
    if isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) and 100 <= v <= 599 for v in value):
        return tuple(value)
    diagnostics.add(
        source.diagnostic(join_pointer(pointer, key), "extension.number", f"{key} must be a list of HTTP status codes; got {value!r}")
    )
    return default
