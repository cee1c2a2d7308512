"""Load a vendor spec as one plain dict, with `x-codegen.include` fragments merged into the root.

The conformance suite and the mock server need the whole API (Xentral keeps V3 in `v3.yaml`) but not the
generator's validation and normalisation, so this is the spec stage's own bundling step and nothing more:
one merge rule for the generator, the tests and the mock.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics, SpecError
from ..load import load_document
from ..spec.bundle import bundle

__all__ = ["load_spec_dict"]


def load_spec_dict(spec_path: str | Path) -> dict[str, Any]:
    """The spec at `spec_path` with its includes merged; SpecError (file:line of both places for a
    duplicate key) when it cannot be read or merged."""
    diagnostics = Diagnostics()
    document, _ = bundle(load_document(spec_path), diagnostics)
    if diagnostics.errors:
        raise SpecError(diagnostics)
    if not isinstance(document.data, dict):
        raise SpecError(Diagnostics([document.diagnostic("", "spec.not-mapping", "a spec must be a mapping")]))
    return _numbers_as_strings(document.data)


def _numbers_as_strings(data: dict[str, Any]) -> dict[str, Any]:
    """`x-number-as-string: true` means the vendor may send the number as a numeric string: the wire schema
    the validator checks accepts both, as docs/extensions.md promises."""
    data = copy.deepcopy(data)
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("x-number-as-string") is True and node.get("type") in ("number", "integer"):
                number = {k: node.pop(k) for k in list(node) if k in _NUMBER_KEYWORDS}
                node["anyOf"] = [number, {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}]
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return data


_NUMBER_KEYWORDS = ("type", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
