"""Which compositions become named models: a union of plain scalars stays a field annotation."""

from __future__ import annotations

from typing import Any

import pytest

from generator.spec.normalize import is_complex, is_scalar_union


@pytest.mark.parametrize(
    ("schema", "scalar"),
    [
        ({"anyOf": [{"type": "string"}, {"type": "number"}]}, True),
        ({"oneOf": [{"type": "integer"}, {"type": "string", "format": "date"}]}, True),
        ({"anyOf": [{"type": "string"}, {"type": "boolean"}], "description": "a flag or a word"}, True),
        ({"anyOf": [{"type": "string", "enum": ["a"]}, {"type": "number"}]}, False),  # an enum member needs its class
        ({"anyOf": [{"type": "string", "pattern": "^[0-9]+$"}, {"type": "integer"}]}, False),  # constrained: a class
        ({"anyOf": [{"type": "object", "properties": {"a": {"type": "string"}}}, {"type": "string"}]}, False),
        ({"anyOf": [{"$ref": "#/components/schemas/Money"}, {"type": "string"}]}, False),
        ({"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]}, False),
        ({"anyOf": [{"type": "string"}], "allOf": [{"type": "string"}]}, False),
        ({"anyOf": []}, False),
        ({"type": "string"}, False),
    ],
)
def test_scalar_unions(schema: dict[str, Any], scalar: bool) -> None:
    assert is_scalar_union(schema) is scalar
    if "anyOf" in schema or "oneOf" in schema:
        assert is_complex(schema) is (not scalar)
