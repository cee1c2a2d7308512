"""Stage 2: a loaded document becomes a validated, bundled, normalized OpenAPI document.

`read_spec(path)` runs the whole stage and returns a `Spec`; problems are collected as located diagnostics
and raised together (`SpecError`) when any of them is an error.
"""

from __future__ import annotations

from .model import Spec, read_spec

__all__ = ["Spec", "read_spec"]
