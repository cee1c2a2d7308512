"""sanitize visits every mapping (inside lists too) and acts on each kind of keyword it knows, and nowhere
it must not (names, example data)."""

from __future__ import annotations

from generator.diagnostics import Diagnostics
from generator.load import LoadedDocument
from generator.spec.trust import sanitize


def test_every_keyword_kind_is_found_at_its_pointer() -> None:
    data = {
        "components": {
            "schemas": {
                "$id": {  # a schema *named* $id: a name, not a keyword
                    "allOf": [
                        {"$dynamicRef": "https://example.com/s"},
                        {"$recursiveRef": "#"},
                        {"discriminator": {"mapping": {"a": "other.yaml#/A", "b": "B"}}},
                        {"$anchor": "a", "x-python-type": "int", "x-datamodel-code-generator-y": 1},
                        {"x-enum-varnames": ["ok", "class"], "example": {"$id": "data"}},
                        [{"$schema": "https://example.com/dialect"}],  # a list in a list is still walked
                    ],
                    "properties": {"x-python-import": {"type": "string"}},
                }
            }
        }
    }
    diagnostics = Diagnostics()
    sanitize(LoadedDocument("s.yaml", data), diagnostics)
    found = sorted((d.pointer, d.code) for d in diagnostics.items)
    base = "/components/schemas/$id/allOf"
    assert found == [
        (f"{base}/0/$dynamicRef", "ref.remote"),
        (f"{base}/1/$recursiveRef", "spec.unsupported-keyword"),
        (f"{base}/2/discriminator/mapping/a", "ref.remote"),
        (f"{base}/3/$anchor", "spec.unsupported-keyword"),
        (f"{base}/3/x-datamodel-code-generator-y", "spec.unsafe-keyword"),
        (f"{base}/3/x-python-type", "spec.unsafe-keyword"),
        (f"{base}/4/x-enum-varnames", "spec.unsafe-keyword"),
        (f"{base}/5/0/$schema", "spec.unsupported-keyword"),
    ]
    assert data["components"]["schemas"]["$id"]["allOf"][4] == {"example": {"$id": "data"}}
