"""Differential check: the models the generator writes itself against datamodel-code-generator's for the same input.

For every spec the emitter takes on (our vendors, the shared corpus, the generality regression specs), both
writers get the same prepared schemas; every class must come out with the same name and the same body (field
names, aliases, types, defaults, constraints, config), compared as syntax trees, and the module must import
the same names. On the vendors, both model sets are also imported and fed the same instances (the recordings'
bodies and the schemas' examples, each also broken on purpose): what one accepts the other accepts, and the
values read back are the same. A spec the emitter declines must be one listed here, with its reason.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.diagnostics import Diagnostics, SpecError
from generator.emit_models import Unsupported, emit_models
from generator.ir import build_api
from generator.models import _dmcg, _finish, _prepare
from generator.pipeline import ROOT, render_tree
from generator.spec import read_spec
from tests.conftest import SHARED

CORPUS = SHARED / "corpus" / "specs"
# The vendors' own published specs, as they publish them (`../shared/vendor-docs/<vendor>/published`). Over a
# megabyte, datamodel-code-generator takes several seconds on one (Xentral's 4 MB: 10 s): those are marked slow.
PUBLISHED = sorted(p for p in SHARED.glob("vendor-docs/*/published/*") if p.suffix in (".json", ".yaml", ".yml"))
SPECS = sorted([*(ROOT / "specs").glob("*/openapi.yaml"), *(ROOT / "tests" / "specs" / "generality").glob("*.yaml"), *CORPUS.glob("*")])

# Specs the emitter hands to datamodel-code-generator, and the shape that makes it decline (a substring of the
# reason). Strict both ways: a spec listed here that the emitter now writes fails, so the entry must go.
KNOWN_FALLBACKS: dict[str, str] = {
    "component_renamed_referenced_early.yaml": "a renamed component an earlier component refers to",
    "readme-discriminators.json": "a member named twice",
    # Bases declaring `financials` differently: the tool writes one class of (some of) the bases' fields instead.
    "published-xentral-xentral-documents-api.openapi-3.1.0.json": "bases declaring 'financials' differently",
}
INSTANCE_VENDORS = ("gestix", "invoicexpress", "wisedat")


def _name(path: Path) -> str:
    if path in PUBLISHED:
        return f"published-{path.parent.parent.name}-{path.name}"
    return path.parent.name if path.name == "openapi.yaml" else path.name


def _param(path: Path) -> Any:
    return pytest.param(path, id=_name(path), marks=[pytest.mark.slow] if path in PUBLISHED and path.stat().st_size > 1_000_000 else [])


def _prepared(path: Path) -> tuple[Any, str, dict[str, Any]]:
    diagnostics = Diagnostics()
    spec = read_spec(path, diagnostics)
    vendor = path.parent.name if path.name == "openapi.yaml" else "corpus_" + "".join(c if c.isalnum() else "_" for c in path.stem)
    api = build_api(spec, vendor, diagnostics)
    document, _formats = _prepare(spec, api.package, api.always_returned)
    return spec, api.package, document


def _classes(source: str) -> tuple[dict[str, str], set[tuple[str | None, str, str | None]]]:
    tree = ast.parse(source)
    classes = {node.name: ast.dump(node) for node in tree.body if isinstance(node, ast.ClassDef)}
    imports = {(n.module, a.name, a.asname) for n in tree.body if isinstance(n, ast.ImportFrom) for a in n.names}
    return classes, imports


@pytest.mark.parametrize("path", [_param(p) for p in [*SPECS, *PUBLISHED]])
def test_emitter_writes_the_classes_datamodel_code_generator_writes(path: Path) -> None:
    name = _name(path)
    try:
        spec, package, document = _prepared(path)
    except SpecError:
        pytest.skip(f"{name} does not get as far as the models")  # covered by the corpus and negative tests
    schemas = document["components"]["schemas"]
    if not schemas:
        return
    try:
        ours = emit_models(schemas, package)
    except Unsupported as exc:
        assert name in KNOWN_FALLBACKS, f"the emitter declined {name}: {exc}"
        assert KNOWN_FALLBACKS[name] in str(exc)
        return
    assert name not in KNOWN_FALLBACKS, f"the emitter now writes {name}: remove it from KNOWN_FALLBACKS"
    try:
        theirs = _dmcg(spec, package, document, Diagnostics())
    except SpecError as exc:
        pytest.fail(f"datamodel-code-generator fails on {name} where the emitter does not: {exc.diagnostics.errors[:1]}")
    our_classes, our_imports = _classes(ours)
    their_classes, their_imports = _classes(theirs)
    assert sorted(our_classes) == sorted(their_classes)
    differing = [n for n in their_classes if our_classes[n] != their_classes[n]]
    assert not differing, f"{len(differing)} classes differ, first {differing[0]}"
    assert our_imports == their_imports


# Small shapes at the edges of what the emitter writes (names, nulls, defaults, unions, enums): for each, the
# emitter either writes exactly what datamodel-code-generator writes or declines; it never writes something else.
EDGE_CASES: dict[str, dict[str, Any]] = {
    "closed": {"A": {"type": "object", "properties": {"x": {"type": "string"}}, "additionalProperties": False}},
    "typed_extra_model": {"A": {"type": "object", "properties": {"x": {"type": "string"}}, "additionalProperties": {"type": "integer"}}},
    "free_obj_root": {"A": {"type": "object"}},
    "dict_root": {"A": {"type": "object", "additionalProperties": {"type": "string"}}},
    "nullable_prop_req": {
        "A": {"type": "object", "required": ["x"], "properties": {"x": {"type": "string", "nullable": True, "description": "d"}}}
    },
    "str_root": {"A": {"type": "string", "maxLength": 3}},
    "int_root_default": {"A": {"type": "object", "properties": {"n": {"type": "integer", "default": 3, "nullable": True}}}},
    "array_any": {"A": {"type": "object", "properties": {"l": {"type": "array"}}}},
    "keyword_field": {
        "A": {
            "type": "object",
            "properties": {
                "class": {"type": "string"},
                "model_config": {"type": "string"},
                "2x": {"type": "string"},
                "_y": {"type": "string"},
                "a-b": {"type": "string"},
                "fooBarBAZ": {"type": "string"},
                "schema": {"type": "boolean"},
            },
        }
    },
    "enum_members": {"E": {"type": "string", "enum": ["a b", "A-B", "mro", "1x", "", "class", "None", "upper", "count", "_x"]}},
    "int_enum_neg": {"E": {"type": "integer", "enum": [-1, 0, 2]}},
    "union_prims": {"U": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
    "union_nullable": {
        "U": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "string"}], "nullable": True},
        "A": {"type": "object", "properties": {"x": {"type": "string"}}},
    },
    "default_str_req": {"A": {"type": "object", "required": ["x"], "properties": {"x": {"type": "string", "default": "q"}}}},
    "array_of_nullable": {"A": {"type": "object", "properties": {"l": {"type": "array", "items": {"type": "string", "nullable": True}}}}},
    "dup_field": {"A": {"type": "object", "properties": {"fooBar": {"type": "string"}, "foo_bar": {"type": "string"}}}},
    "empty_obj_model": {"A": {"type": "object", "properties": {}}},
    "typelist": {"A": {"type": "object", "properties": {"x": {"type": ["string", "null"]}}}},
    "ref_desc_required": {
        "A": {"type": "object", "required": ["b"], "properties": {"b": {"$ref": "#/components/schemas/B", "description": "bee"}}},
        "B": {"type": "object", "properties": {"y": {"type": "string"}}},
    },
    "root_array_desc": {
        "L": {"type": "array", "description": "d", "items": {"$ref": "#/components/schemas/B"}, "minItems": 1},
        "B": {"type": "object", "properties": {"y": {"type": "string"}}},
    },
    "allof_two_bases": {
        "C": {
            "allOf": [
                {"$ref": "#/components/schemas/A"},
                {"$ref": "#/components/schemas/B"},
                {"properties": {"z": {"type": "string"}}, "required": ["z"]},
            ]
        },
        "A": {"type": "object", "properties": {"x": {"type": "string"}}},
        "B": {"type": "object", "properties": {"y": {"type": "string"}}},
    },
    "pattern_bs": {"A": {"type": "object", "properties": {"x": {"type": "string", "pattern": "^\\d+'\"$"}}}},
    "example_none": {"A": {"type": "object", "properties": {"x": {"type": "string", "example": None}}}},
    "number_enum": {"E": {"type": "number", "enum": [1.5, 2]}},
    "bool_prop_default": {"A": {"type": "object", "properties": {"x": {"type": "boolean", "default": True, "description": "d"}}}},
    "date_field_date": {"A": {"type": "object", "properties": {"date": {"type": "string", "format": "date"}}}},
    "binary_prop": {"A": {"type": "object", "properties": {"f": {"type": "string", "format": "binary"}}}},
    "inline_enum_prop": {
        "A": {"type": "object", "properties": {"kind": {"type": "string", "enum": ["x", "y"], "default": "x"}}},
        "Kind": {"type": "string", "enum": ["q"]},
    },
    "enum_ref_default_req": {
        "A": {"type": "object", "required": ["k"], "properties": {"k": {"$ref": "#/components/schemas/K"}}},
        "K": {"type": "string", "enum": ["q", "r"], "default": "r"},
    },
    "union_constrained": {"U": {"anyOf": [{"type": "string", "maxLength": 3}, {"type": "integer"}]}},
    "prop_union_constrained": {
        "A": {"type": "object", "properties": {"u": {"anyOf": [{"type": "string", "maxLength": 3}, {"type": "integer"}]}}}
    },
    "prop_union_refs": {
        "A": {"type": "object", "properties": {"u": {"oneOf": [{"$ref": "#/components/schemas/B"}, {"type": "string"}]}}},
        "B": {"type": "object", "properties": {"y": {"type": "string"}}},
    },
    "title_prop": {"A": {"type": "object", "title": "Thing", "properties": {"x": {"type": "string", "title": "Ex"}}}},
    "opt_nullable_default": {"A": {"type": "object", "properties": {"x": {"type": "string", "nullable": True, "default": "a"}}}},
    "req_nullable_default": {
        "A": {"type": "object", "required": ["x"], "properties": {"x": {"type": "string", "nullable": True, "default": "a"}}}
    },
    "enum_dups": {"E": {"type": "string", "enum": ["a", "A", "a-"]}},
    "readonly_req": {"A": {"type": "object", "required": ["x"], "properties": {"x": {"type": "string", "readOnly": True}}}},
    "items_ref_nullable_arr": {
        "A": {
            "type": "object",
            "properties": {"l": {"type": "array", "nullable": True, "items": {"$ref": "#/components/schemas/B"}, "maxItems": 4}},
        },
        "B": {"type": "object", "properties": {"y": {"type": "string"}}},
    },
    "uuid_decimal": {
        "A": {
            "type": "object",
            "properties": {
                "u": {"type": "string", "format": "uuid"},
                "d": {"type": "string", "format": "decimal"},
                "b": {"type": "string", "format": "byte"},
            },
        }
    },
    "int_bounds": {
        "A": {
            "type": "object",
            "properties": {"n": {"type": "integer", "minimum": 1, "maximum": 5, "exclusiveMaximum": True, "multipleOf": 2}},
        }
    },
    "ref_to_enum_optional": {
        "A": {"type": "object", "properties": {"k": {"$ref": "#/components/schemas/K"}}},
        "K": {"type": "integer", "enum": [1, 2]},
    },
    "root_ref": {"A": {"$ref": "#/components/schemas/B"}, "B": {"type": "object", "properties": {"y": {"type": "string"}}}},
    "bool_root": {"A": {"type": "boolean"}},
    "int_root": {"A": {"type": "integer", "minimum": 0}},
    "any_root": {"A": {}},
    "root_title": {
        "A": {"type": "array", "title": "T", "items": {"type": "string"}},
        "U": {"title": "UU", "anyOf": [{"type": "string"}, {"type": "integer"}]},
    },
    "union_member_title": {"U": {"anyOf": [{"type": "string", "title": "S"}, {"type": "integer"}]}},
    "inline_enum_twice": {
        "A": {"type": "object", "properties": {"kind": {"type": "string", "enum": ["x", "y"]}}},
        "B": {"type": "object", "properties": {"kind": {"type": "string", "enum": ["x", "y"]}}},
        "C": {
            "type": "object",
            "properties": {"kind": {"type": "string", "enum": ["z"]}, "deprecatedThing": {"type": "string", "deprecated": True}},
        },
    },
    "desc_only_obj": {"A": {"description": "x", "properties": {"y": {"type": "string"}}}},
    # Inline classes: named after the field (singular for items), numbered past taken names, equal ones merged.
    "inline_objects": {
        "Unit": {"type": "string", "enum": ["m"]},
        "A": {
            "type": "object",
            "properties": {
                "size": {
                    "type": "object",
                    "properties": {
                        "width": {"type": "object", "properties": {"unit": {"type": "string", "enum": ["cm"]}}},
                        "height": {"type": "object", "properties": {"unit": {"type": "string", "enum": ["cm"]}}},
                        "weight": {"type": "object", "properties": {"unit": {"type": "string", "enum": ["kg"]}}},
                    },
                },
                "tags": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}}}},
                "codes": {"type": "array", "items": {"type": "string", "pattern": "^[0-9]+$"}},
                "flag": {"oneOf": [{"type": "boolean"}, {"type": "string", "enum": ["yes", "no"]}], "nullable": True},
                "kind": {"type": "string", "const": "a"},
                "rate": {"type": "number", "enum": [1, 2.5]},
            },
        },
        "B": {"type": "object", "properties": {"codes": {"type": "array", "items": {"type": "string", "pattern": "^[0-9]+$"}}}},
    },
    "union_inline_members": {
        "F": {"oneOf": [{"type": "boolean"}, {"type": "integer", "enum": [0, 1], "description": "d"}, {"type": "string", "enum": ["t"]}]},
        "G": {"oneOf": [{"type": "boolean", "nullable": True}, {"type": "string", "enum": ["t"]}]},
    },
    "enum_with_null": {"E": {"type": "string", "nullable": True, "enum": ["a", "b", None]}},
    "object_union": {
        "U": {
            "type": "object",
            "anyOf": [
                {"type": "object", "properties": {"a": {"type": "string"}}},
                {"type": "object", "properties": {"b": {"type": "string"}}},
            ],
        }
    },
    "array_root_nullable": {"L": {"type": "array", "nullable": True, "items": {"type": "string"}}},
    "allof_lone_array": {"L": {"allOf": [{"type": "array", "items": {"type": "string"}}]}},
    "root_array_inline_items": {"Rows": {"type": "array", "items": {"type": "object", "properties": {"a": {"type": "string"}}}}},
    # OpenAPI 3.1 nulls as union members (`anyOf: [X, {type: 'null'}]`), and union members with constraints.
    "null_members": {
        "N": {"anyOf": [{"type": "string"}, {"type": "null"}], "description": "d"},
        "P": {"anyOf": [{"type": "integer", "maximum": 3, "default": 0, "example": 1, "description": "d"}, {"type": "null"}]},
        "Q": {"anyOf": [{"type": "string", "enum": ["a", "b"], "default": "a"}, {"type": "null"}]},
        "M": {"anyOf": [{"type": "object", "additionalProperties": {"type": "string"}, "description": "x"}, {"type": "null"}]},
        "L": {"anyOf": [{"type": "array", "items": {"type": "string"}, "minItems": 2}, {"type": "null"}]},
        "A": {
            "type": "object",
            "required": ["a", "b", "c", "d", "e", "f"],
            "properties": {
                "a": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                "b": {"anyOf": [{"type": "string"}, {"type": "null"}], "description": "x"},
                "c": {"type": ["string", "null"]},
                "d": {"type": "string", "nullable": True},
                "e": {"$ref": "#/components/schemas/N"},
                "f": {"anyOf": [{"type": "string", "maxLength": 2}, {"type": "integer"}, {"type": "null"}]},
                "h": {"anyOf": [{"$ref": "#/components/schemas/N"}, {"type": "null"}]},
                "s": {"anyOf": [{"type": "string", "maxLength": 4}, {"type": "null"}]},
                "t": {"anyOf": [{"type": "string", "enum": ["x"]}, {"type": "null"}]},
            },
        },
    },
    # Discriminated unions of references: members get the property as their Literal (declared again where
    # inherited, the component's name for a plain string); two members sharing a value drop the discriminator.
    "discriminated": {
        "A": {"type": "object", "properties": {"type": {"type": "string", "const": "a", "description": "d", "default": "a"}}},
        "B": {"type": "object", "properties": {"type": {"type": "string", "const": "b", "description": "e"}}},
        "BR": {
            "allOf": [{"$ref": "#/components/schemas/B"}, {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}]
        },
        "C": {"type": "object", "properties": {"type": {"type": "string", "default": "c", "description": "f"}}},
        "U": {
            "type": "object",
            "title": "T",
            "discriminator": {"propertyName": "type"},
            "anyOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/BR"}],
        },
        "W": {"discriminator": {"propertyName": "type"}, "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/C"}]},
        "X": {
            "type": "object",
            "properties": {
                "u": {"$ref": "#/components/schemas/U"},
                "w": {
                    "discriminator": {"propertyName": "type"},
                    "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
                },
            },
        },
        "D1": {"type": "object", "properties": {"kind": {"type": "string", "const": "same"}}},
        "D2": {"type": "object", "properties": {"kind": {"type": "string", "const": "same"}}},
        "D": {
            "discriminator": {"propertyName": "kind"},
            "oneOf": [{"$ref": "#/components/schemas/D1"}, {"$ref": "#/components/schemas/D2"}],
        },
    },
    "ref_siblings": {
        "E": {"type": "string", "enum": ["a"]},
        "O": {"type": "object", "properties": {"y": {"type": "string"}}},
        "A": {
            "type": "object",
            "required": ["r"],
            "properties": {
                "t": {"$ref": "#/components/schemas/E", "deprecated": True, "description": "d"},
                "u": {"$ref": "#/components/schemas/O", "deprecated": True},
                "r": {"$ref": "#/components/schemas/O", "nullable": True},
                "s": {"$ref": "#/components/schemas/O", "nullable": True, "description": "x"},
            },
        },
        "U": {
            "oneOf": [
                {"$ref": "#/components/schemas/O", "title": "T", "description": "d", "deprecated": True},
                {"$ref": "#/components/schemas/E"},
            ]
        },
    },
    "list_defaults": {
        "O": {"type": "object", "properties": {"y": {"type": "string"}}},
        "A": {
            "type": "object",
            "required": ["r"],
            "properties": {
                "a": {"type": "array", "default": [], "items": {"$ref": "#/components/schemas/O"}, "maxItems": 3},
                "b": {"type": "array", "default": [], "items": {"type": "string"}},
                "d": {"type": "array", "default": ["x"], "items": {"type": "string"}},
                "r": {"type": "array", "default": [], "items": {"type": "string"}},
                "u": {"type": "array", "default": [], "items": {"$ref": "#/components/schemas/U"}},
                "e": {"type": "array", "default": ["b", "a"], "items": {"$ref": "#/components/schemas/E"}, "description": "x"},
            },
        },
        "P": {"type": "object", "properties": {"z": {"type": "string"}}},
        "U": {"oneOf": [{"$ref": "#/components/schemas/O"}, {"$ref": "#/components/schemas/P"}]},
        "E": {"type": "string", "enum": ["a", "b"]},
    },
    "object_typed_enum_union": {
        "V": {"type": "object", "properties": {"y": {"type": "string"}}},
        "T": {
            "type": "object",
            "description": "d",
            "oneOf": [{"type": "string", "enum": ["auto"], "default": ["auto"], "description": "x"}, {"$ref": "#/components/schemas/V"}],
        },
        "E": {"type": "string", "enum": ["logprobs"], "default": []},
    },
    "allof_nullable_part": {
        "O": {"type": "object", "properties": {"y": {"type": "string"}}},
        "T": {"allOf": [{"$ref": "#/components/schemas/O"}, {"nullable": True}]},
        "U": {"allOf": [{"$ref": "#/components/schemas/O"}, {"nullable": True, "description": "dd"}]},
        "A": {
            "type": "object",
            "required": ["t"],
            "properties": {"t": {"$ref": "#/components/schemas/T"}, "u": {"$ref": "#/components/schemas/U"}},
        },
    },
    "map_of_union": {
        "O": {"type": "object", "properties": {"y": {"type": "string"}}},
        "V": {
            "anyOf": [
                {
                    "type": "object",
                    "title": "T",
                    "additionalProperties": {"oneOf": [{"type": "string"}, {"$ref": "#/components/schemas/O"}]},
                },
                {"type": "null"},
            ]
        },
        "A": {
            "type": "object",
            "properties": {
                "m": {"type": "object", "additionalProperties": {"anyOf": [{"type": "integer"}, {"type": "boolean"}, {"type": "null"}]}}
            },
        },
    },
    "union_member_docs": {
        "E": {"anyOf": [{"type": "string", "description": "x", "title": "t", "example": "e", "deprecated": True}, {"type": "integer"}]},
        "A": {"anyOf": [{"type": "array", "items": {"type": "string"}, "description": "d"}, {"type": "integer"}]},
    },
    # A map whose values are a union with a wire-typed number member (openai's `ChatkitWorkflowStateVariables`).
    "map_of_wire_union": {
        "V": {
            "anyOf": [
                {
                    "type": "object",
                    "additionalProperties": {
                        "oneOf": [{"type": "string"}, {"type": "number", "customTypePath": "pkg._runtime.WireNumber"}, {"type": "boolean"}]
                    },
                },
                {"type": "null"},
            ]
        },
    },
    # A discriminated union with an empty-schema member: the discriminator is dropped, the member is `Any`.
    "discriminated_any_member": {
        "F": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "default": "eq"}}},
        "G": {"type": "object", "properties": {"type": {"type": "string", "const": "g"}}},
        "U": {
            "oneOf": [{"$ref": "#/components/schemas/F"}, {}, {"$ref": "#/components/schemas/G"}],
            "discriminator": {"propertyName": "type"},
        },
    },
    # `allOf: [{$ref: X}]` as a union member is X (openai's `RealtimeSessionInputAudioTranscription`).
    "lone_ref_part_member": {
        "O": {"type": "object", "properties": {"y": {"type": "string"}}},
        "N": {"anyOf": [{"allOf": [{"$ref": "#/components/schemas/O"}], "description": "d"}, {"type": "null"}]},
        "A": {
            "type": "object",
            "properties": {
                "p": {"anyOf": [{"allOf": [{"$ref": "#/components/schemas/O"}], "description": "d"}, {"type": "null"}]},
                "q": {"oneOf": [{"allOf": [{"$ref": "#/components/schemas/O"}]}, {"type": "string"}]},
            },
        },
    },
    # Maps with key names and entry counts (openai's `VectorStoreFileAttributes`, `WorkflowParamStateVariables`):
    # a value union's constrained member is a root model named after the map; a root map with key names declines.
    "map_keywords": {
        "V": {
            "anyOf": [
                {
                    "type": "object",
                    "maxProperties": 16,
                    "propertyNames": {"type": "string", "maxLength": 64},
                    "additionalProperties": {"oneOf": [{"type": "string", "maxLength": 512}, {"type": "boolean"}]},
                },
                {"type": "null"},
            ]
        },
        "W": {
            "type": "object",
            "description": "d",
            "maxProperties": 16,
            "minProperties": 1,
            "additionalProperties": {"oneOf": [{"type": "string", "maxLength": 512}, {"type": "boolean"}]},
        },
        "X": {"type": "object", "additionalProperties": {"oneOf": [{"type": "string", "maxLength": 512}, {"type": "boolean"}]}},
        "A": {
            "type": "object",
            "properties": {
                "m": {
                    "type": "object",
                    "maxProperties": 3,
                    "description": "x",
                    "propertyNames": {"type": "string", "maxLength": 64},
                    "additionalProperties": {"oneOf": [{"type": "string", "maxLength": 512}, {"type": "boolean"}]},
                }
            },
        },
    },
    "root_map_property_names": {
        "Y": {
            "type": "object",
            "nullable": True,
            "description": "d",
            "propertyNames": {"type": "string", "maxLength": 3},
            "additionalProperties": {"type": "string"},
        }
    },
    # A member `{$ref: Union, type: object}` lists the union's members in place (openai's `InputItem`); a shared
    # value drops the discriminator, and a member without a const is then written as it is.
    "merged_union_member": {
        "A": {"type": "object", "properties": {"type": {"type": "string", "const": "a"}}},
        "A2": {"type": "object", "properties": {"type": {"type": "string", "const": "a"}}},
        "B": {"type": "object", "properties": {"type": {"type": "string", "const": "b"}}},
        "C": {"type": "object", "properties": {"type": {"type": "string", "const": "c"}}},
        "R": {"type": "object", "properties": {"type": {"anyOf": [{"type": "string", "enum": ["r"], "default": "r"}, {"type": "null"}]}}},
        "I": {
            "type": "object",
            "description": "d",
            "oneOf": [{"$ref": "#/components/schemas/A2"}, {"$ref": "#/components/schemas/B"}],
            "discriminator": {"propertyName": "type"},
        },
        "J": {"oneOf": [{"$ref": "#/components/schemas/B"}, {"$ref": "#/components/schemas/C"}]},
        "U": {
            "oneOf": [
                {"$ref": "#/components/schemas/A"},
                {"type": "object", "title": "Item", "description": "x", "$ref": "#/components/schemas/I"},
                {"$ref": "#/components/schemas/R"},
            ],
            "discriminator": {"propertyName": "type"},
        },
        "V": {
            "oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "object", "$ref": "#/components/schemas/J"}],
            "discriminator": {"propertyName": "type"},
        },
        "W": {"anyOf": [{"$ref": "#/components/schemas/C"}, {"type": "object", "title": "Item", "$ref": "#/components/schemas/I"}]},
        "X": {
            "type": "object",
            "properties": {"u": {"oneOf": [{"$ref": "#/components/schemas/C"}, {"type": "object", "$ref": "#/components/schemas/J"}]}},
        },
    },
    # Inline `allOf: [{$ref}, {properties}]` members of a component's discriminated union are subclasses named after
    # the union, the inherited discriminator declared again as a Literal (openai's `ResponsesServerEvent`).
    "subclass_members": {
        "A": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "const": "a"}, "n": {"type": "integer"}}},
        "B": {"type": "object", "properties": {"type": {"type": "string", "const": "b", "description": "d"}}},
        "E": {"type": "object", "properties": {"type": {"type": "string", "const": "e"}}},
        "U": {
            "description": "u",
            "discriminator": {"propertyName": "type"},
            "anyOf": [
                {
                    "title": "AWs",
                    "description": "x",
                    "allOf": [{"$ref": "#/components/schemas/A"}, {"type": "object", "properties": {"s": {"type": "string"}}}],
                },
                {"allOf": [{"$ref": "#/components/schemas/B", "x-k": 1}, {"type": "object", "properties": {"s": {"type": "string"}}}]},
                {"$ref": "#/components/schemas/E"},
            ],
        },
    },
    # `allOf: [{anyOf: [A, B]}, {properties}]`: the properties are `W1`, each member `Wn(A, W1)` (openai's
    # `ResponsesWebSocketStreamEvent`).
    "union_with_part": {
        "A": {"type": "object", "properties": {"type": {"type": "string", "const": "a"}}},
        "B": {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}},
        "W": {
            "allOf": [
                {"anyOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]},
                {"type": "object", "properties": {"s": {"type": "string", "description": "d"}}},
            ]
        },
    },
    # Properties with `anyOf` of required-sets: one model per set, `not` ignored (openai's `ImageRefParam`). An inline
    # class takes the name of a later component nothing referenced yet, and that component is renamed (`Q2` -> `Q21`);
    # a name already referenced is skipped (`P2`).
    "required_sets": {
        "X": {"type": "object", "properties": {"r": {"$ref": "#/components/schemas/P2"}}},
        "P": {
            "type": "object",
            "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
            "anyOf": [{"required": ["a"]}, {"required": ["b"]}],
        },
        "P2": {"type": "object", "properties": {"c": {"type": "string"}}},
        "Q": {
            "type": "object",
            "description": "d",
            "required": ["c"],
            "additionalProperties": False,
            "properties": {"a": {"type": "string"}, "b": {"type": "string"}, "c": {"type": "integer"}},
            "oneOf": [{"required": ["a"]}, {"required": ["b"]}],
            "not": {"required": ["a", "b"]},
        },
        "Q2": {"type": "object", "properties": {"c": {"type": "string"}}},
        "Y": {
            "type": "object",
            "properties": {"r": {"$ref": "#/components/schemas/Q2"}, "s": {"type": "array", "items": {"$ref": "#/components/schemas/Q2"}}},
        },
        "Z": {"allOf": [{"$ref": "#/components/schemas/Q2"}, {"type": "object", "properties": {"d": {"type": "string"}}}]},
    },
    # An allOf part's title and `deprecated: false` are not written (openai's
    # `FineTuneChatCompletionRequestAssistantMessage`).
    "allof_part_title": {
        "B": {"type": "object", "required": ["role"], "properties": {"role": {"type": "string", "const": "a", "description": "r"}}},
        "F": {
            "allOf": [
                {"type": "object", "title": "T", "deprecated": False, "properties": {"weight": {"type": "integer", "enum": [0, 1]}}},
                {"$ref": "#/components/schemas/B"},
            ],
            "required": ["role"],
        },
        "G": {"allOf": [{"$ref": "#/components/schemas/B"}, {"type": "object", "title": "T", "properties": {"y": {"type": "string"}}}]},
    },
    # A discriminated union of inline objects inside a union: listed in place, named after the outer union, the
    # discriminator dropped (openai's `RealtimeTurnDetection`).
    "nested_discriminated_objects": {
        "T": {
            "anyOf": [
                {
                    "title": "x",
                    "discriminator": {"propertyName": "type"},
                    "oneOf": [
                        {
                            "type": "object",
                            "required": ["type"],
                            "properties": {
                                "type": {"type": "string", "const": "a", "default": "a"},
                                "n": {"anyOf": [{"type": "integer", "minimum": 5}, {"type": "null"}]},
                            },
                        },
                        {
                            "type": "object",
                            "properties": {
                                "type": {"type": "string", "const": "b"},
                                "e": {"type": "string", "enum": ["p", "q"], "default": "q"},
                            },
                        },
                    ],
                },
                {"type": "null"},
            ]
        },
        "A": {
            "type": "object",
            "properties": {
                "p": {
                    "anyOf": [
                        {
                            "discriminator": {"propertyName": "type"},
                            "oneOf": [
                                {"type": "object", "properties": {"type": {"type": "string", "const": "c"}}},
                                {"type": "object", "properties": {"type": {"type": "string", "const": "d"}}},
                            ],
                        },
                        {"type": "null"},
                    ]
                }
            },
        },
    },
    # `allOf: [{$ref: U}, {nullable: true}]` over a union of a string enum and models (openai's `RunObjectToolChoice`).
    "nullable_union_ref": {
        "O": {
            "description": "d",
            "oneOf": [{"type": "string", "description": "x", "enum": ["none", "auto"]}, {"$ref": "#/components/schemas/N"}],
        },
        "N": {"type": "object", "required": ["t"], "properties": {"t": {"type": "string"}}},
        "M": {"type": "object", "properties": {"u": {"type": "string"}}},
        "O2": {
            "oneOf": [{"$ref": "#/components/schemas/N"}, {"type": "string", "enum": ["none", "auto"]}, {"$ref": "#/components/schemas/M"}]
        },
        "C": {"allOf": [{"$ref": "#/components/schemas/O"}, {"nullable": True}]},
        "D": {"allOf": [{"$ref": "#/components/schemas/O2"}, {"nullable": True}]},
    },
    # A property's required-set union and a `type: object` union of inline objects, each named after the field
    # (openai's `CreateAssistantRequestToolResources`).
    "inline_required_sets": {
        "A": {
            "type": "object",
            "properties": {
                "search": {
                    "type": "object",
                    "description": "d",
                    "properties": {
                        "ids": {"type": "array", "items": {"type": "string"}},
                        "stores": {"type": "array", "items": {"type": "object", "properties": {"n": {"type": "integer"}}}},
                    },
                    "oneOf": [{"required": ["ids"]}, {"required": ["stores"]}],
                },
                "strategy": {
                    "type": "object",
                    "description": "s",
                    "oneOf": [
                        {
                            "type": "object",
                            "title": "Auto",
                            "additionalProperties": False,
                            "properties": {"type": {"type": "string", "const": "auto"}},
                        },
                        {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "const": "static"}}},
                    ],
                },
            },
        },
        "Search": {"type": "object", "properties": {"x": {"type": "string"}}},
    },
    # German and Portuguese names (fields, inline classes, enum members) and enum values with punctuation.
    "non_ascii_names": {
        "Endereço": {
            "type": "object",
            "properties": {
                "Straße": {"type": "string"},
                "descrição": {"type": "string"},
                "ÄnderungsDatum": {"type": "string", "format": "date"},
                "Größe": {"type": "object", "properties": {"Längengrad_": {"type": "number", "customTypePath": "pkg._runtime.WireNumber"}}},
                "Bundesländer": {"type": "array", "items": {"type": "string", "enum": ["Baden-Württemberg", "Thüringen", "São Paulo"]}},
                "preço": {"type": "string", "enum": ["€ 10 – 20", "über 20 °C", "d’água"]},
            },
        },
        "Land": {"type": "string", "enum": ["Baden-Württemberg", "ÖSTERREICH", "Straße"]},
    },
    # Enums without a type (a plain Enum, members named after the value's Python type) and boolean ones; an `xml`
    # beside a property's own enum stays on the field.
    "untyped_enums": {
        "I": {"enum": [0, 1, -2]},
        "B": {"enum": [True, False]},
        "T": {"type": "boolean", "enum": [True, False]},
        "M": {"enum": ["a", 1, 2.5, True, 1e20]},
        "A": {
            "type": "object",
            "required": ["e"],
            "properties": {
                "c": {"enum": [0, 1], "default": 1},
                "d": {"type": "boolean", "enum": [True], "default": True},
                "e": {"enum": [False], "description": "q", "example": "0", "xml": {"attribute": True}},
                "s": {"type": "string", "enum": ["x"], "xml": {"name": "y"}},
            },
        },
    },
    # String constraints the tool leaves out for a format's type (a date has no pattern), and `SecretStr`.
    "format_constraints": {
        "R": {"type": "string", "format": "uuid", "pattern": "^x$", "description": "d"},
        "P": {"type": "string", "format": "password", "pattern": "^x$", "maxLength": 3},
        "A": {
            "type": "object",
            "properties": {
                "d": {"type": "string", "format": "date", "pattern": "^x$", "minLength": 1},
                "u": {"type": "string", "format": "uuid", "maxLength": 36},
                "m": {"type": "string", "format": "decimal", "pattern": "^[0-9]+$"},
                "p": {"type": "string", "format": "password", "minLength": 8, "pattern": "^x$"},
                "b": {"type": "string", "format": "byte", "pattern": "^x$"},
                "l": {"type": "array", "items": {"type": "string", "format": "uuid", "pattern": "^x$"}},
                "n": {"anyOf": [{"type": "string", "format": "date", "maxLength": 10}, {"type": "integer"}]},
            },
        },
    },
    # A property two inline allOf parts declare: merged key by key, the later part winning.
    "allof_property_twice": {
        "A": {
            "allOf": [
                {"type": "object", "required": ["n"], "properties": {"n": {"type": "string", "description": "a", "maxLength": 3}}},
                {"type": "object", "properties": {"n": {"example": "b", "description": "c"}, "m": {"type": "integer"}}},
            ]
        },
        "B": {
            "allOf": [
                {"type": "object", "properties": {"n": {"type": "string"}}},
                {"type": "object", "properties": {"n": {"type": "integer"}}},
            ]
        },
    },
    # `type: array` with `properties` as well (nexmo's `messages`): the list or an object of those properties.
    "array_with_properties": {
        "M": {"type": "object", "properties": {"x": {"type": "string"}}},
        "R": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/M"},
            "properties": {"count": {"type": "integer"}},
            "description": "d",
            "maxItems": 4,
        },
        "S": {
            "type": "object",
            "required": ["a", "n"],
            "properties": {
                "a": {
                    "type": "array",
                    "items": {"type": "object", "properties": {"q": {"type": "string"}}},
                    "properties": {"count": {"type": "integer"}},
                    "required": ["count"],
                },
                "n": {
                    "type": "array",
                    "nullable": True,
                    "items": {"type": "string", "maxLength": 3},
                    "properties": {"c": {"type": "integer"}},
                },
                "o": {"type": "array", "items": {"type": "string"}, "properties": {"c": {"type": "integer"}}, "xml": {"name": "z"}},
                "l": {"type": "array", "items": {"type": "array", "items": {"type": "string"}, "properties": {"c": {"type": "integer"}}}},
            },
        },
    },
    # Discriminators with a mapping (values to members, a member left out takes its name), on a camelCase property
    # (the union names the members' field), declared nowhere or inherited as a plain string (the field is added).
    "discriminator_mapping": {
        "A": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "a": {"type": "string"}}},
        "B": {"type": "object", "properties": {"kind": {"type": "string", "const": "y"}, "b": {"type": "string"}}},
        "U1": {
            "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
            "discriminator": {"propertyName": "kind", "mapping": {"x": "#/components/schemas/A", "y": "#/components/schemas/B"}},
        },
        "Base": {"type": "object", "properties": {"powerSource": {"type": "string"}}},
        "C": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "properties": {"c": {"type": "string"}}}]},
        "D": {"type": "object", "properties": {"d": {"type": "string"}}},
        "U2": {
            "oneOf": [{"$ref": "#/components/schemas/C"}, {"$ref": "#/components/schemas/D"}],
            "discriminator": {"propertyName": "powerSource", "mapping": {"c-val": "C", "d-val": "#/components/schemas/D"}},
        },
        "E": {"type": "object", "properties": {"t": {"type": "string"}}},
        "F": {"type": "object", "properties": {"t": {"type": "string"}}},
        "U3": {
            "oneOf": [{"$ref": "#/components/schemas/E"}, {"$ref": "#/components/schemas/F"}],
            "discriminator": {"propertyName": "t", "mapping": {"e": "#/components/schemas/E"}},
        },
        "O": {
            "type": "object",
            "properties": {
                "u": {
                    "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
                    "discriminator": {"propertyName": "kind", "mapping": {"x": "#/components/schemas/A", "y": "#/components/schemas/B"}},
                }
            },
        },
        "K1": {"type": "object", "properties": {"kindOf": {"type": "string"}}},
        "K2": {"type": "object", "properties": {"kindOf": {"type": "string", "const": "k"}}},
        "KB": {"type": "object", "properties": {"kindOf": {"type": "string", "const": "kb"}}},
        "K3": {"allOf": [{"$ref": "#/components/schemas/KB"}, {"type": "object", "properties": {"z": {"type": "string"}}}]},
        "UK": {
            "oneOf": [{"$ref": "#/components/schemas/K1"}, {"$ref": "#/components/schemas/K2"}, {"$ref": "#/components/schemas/K3"}],
            "discriminator": {"propertyName": "kindOf"},
        },
    },
    # A base model with a discriminator of its own: referred to, it is the union of its direct subclasses (each
    # taking the property as its Literal, the mapping's value or its name); referred to by nobody, a plain model.
    "base_discriminator": {
        "Pet": {
            "type": "object",
            "required": ["pet_type"],
            "properties": {"pet_type": {"type": "string"}, "name": {"type": "string"}},
            "discriminator": {"propertyName": "pet_type"},
        },
        "Dog": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "object", "properties": {"bark": {"type": "boolean"}}}]},
        "Puppy": {"allOf": [{"$ref": "#/components/schemas/Dog"}, {"type": "object", "properties": {"age": {"type": "integer"}}}]},
        "Cat": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "object", "properties": {"hunts": {"type": "boolean"}}}]},
        "Owner": {
            "type": "object",
            "required": ["r", "n2"],
            "properties": {
                "r": {"$ref": "#/components/schemas/Pet"},
                "n": {"$ref": "#/components/schemas/Pet", "nullable": True},
                "n2": {"$ref": "#/components/schemas/Pet", "nullable": True, "description": "d"},
                "l": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}},
                "m": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Pet"}},
            },
        },
        "Pets": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}},
        "V": {
            "type": "object",
            "properties": {"powerSource": {"type": "string"}},
            "discriminator": {"propertyName": "powerSource", "mapping": {"p": "#/components/schemas/PV", "e": "#/components/schemas/EV"}},
        },
        "EV": {"allOf": [{"$ref": "#/components/schemas/V"}, {"type": "object", "properties": {"amps": {"type": "integer"}}}]},
        "FV": {"allOf": [{"$ref": "#/components/schemas/V"}, {"type": "object", "properties": {"tank": {"type": "integer"}}}]},
        "PV": {"allOf": [{"$ref": "#/components/schemas/V"}, {"type": "object", "properties": {"pedals": {"type": "integer"}}}]},
        "O": {
            "type": "object",
            "required": ["v", "w"],
            "properties": {"v": {"$ref": "#/components/schemas/V"}, "w": {"$ref": "#/components/schemas/V", "nullable": True}},
        },
        "Q": {
            "type": "object",
            "properties": {"kind": {"type": "string"}},
            "discriminator": {"propertyName": "kind", "mapping": {"q": "#/components/schemas/Q1"}},
        },
        "Q1": {"allOf": [{"$ref": "#/components/schemas/Q"}, {"type": "object", "properties": {"x": {"type": "integer"}}}]},
        "Q2": {"allOf": [{"$ref": "#/components/schemas/Q"}]},
    },
    # The same with subclasses declaring the property again (plain or const): the base's `required` still holds.
    "base_discriminator_redeclared": {
        "Pet": {
            "type": "object",
            "required": ["petType"],
            "properties": {"petType": {"type": "string"}, "name": {"type": "string"}},
            "discriminator": {"propertyName": "petType"},
        },
        "Dog": {
            "allOf": [
                {"$ref": "#/components/schemas/Pet"},
                {"type": "object", "properties": {"petType": {"type": "string"}, "bark": {"type": "boolean"}}},
            ]
        },
        "Cat": {
            "allOf": [
                {"$ref": "#/components/schemas/Pet"},
                {"type": "object", "properties": {"petType": {"type": "string", "const": "kitty"}, "hunts": {"type": "boolean"}}},
            ]
        },
        "Fish": {"allOf": [{"$ref": "#/components/schemas/Pet"}], "description": "f"},
        "Owner": {
            "type": "object",
            "properties": {
                "r": {"$ref": "#/components/schemas/Pet", "description": "x", "readOnly": True},
                "l": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}, "description": "y"},
            },
        },
        "U": {
            "oneOf": [{"$ref": "#/components/schemas/Dog"}, {"$ref": "#/components/schemas/Cat"}],
            "discriminator": {"propertyName": "petType"},
        },
    },
    # A property a subclass declares again is required when a base (or its base) requires it.
    "required_by_base": {
        "G": {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}, "b": {"type": "string"}}},
        "P": {
            "allOf": [{"$ref": "#/components/schemas/G"}, {"type": "object", "required": ["b"], "properties": {"c": {"type": "string"}}}]
        },
        "C": {
            "allOf": [
                {"$ref": "#/components/schemas/P"},
                {
                    "type": "object",
                    "properties": {"a": {"type": "integer"}, "b": {"type": "integer", "description": "b"}, "c": {"type": "integer"}},
                },
            ]
        },
        "D": {"allOf": [{"$ref": "#/components/schemas/P"}], "properties": {"a": {"type": "integer", "default": 3}}},
    },
    # Constraints that do not fit the type are not written (a `maxLength` on an integer, a `pattern` on an array, a
    # `minimum` on a string, anything on a boolean or a free-form object); a wire type keeps them all.
    "misplaced_constraints": {
        "R1": {"type": "integer", "maxLength": 3, "minimum": 1},
        "R2": {"type": "array", "items": {"type": "string"}, "pattern": "x", "minItems": 1},
        "A": {
            "type": "object",
            "properties": {
                "i": {"type": "integer", "maxLength": 3, "pattern": "x"},
                "s": {"type": "string", "minimum": 3, "maxItems": 4},
                "b": {"type": "boolean", "maxLength": 2},
                "o": {"type": "object", "minimum": 1},
                "a": {"minLength": 1},
                "d": {"type": "string", "format": "decimal", "minimum": 1, "maxLength": 3},
                "n": {"type": ["string", "null"], "minimum": 1, "maxLength": 3},
                "w": {"type": "number", "customTypePath": "pkg._runtime.WireNumber", "maxLength": 3},
                "l": {"type": "array", "items": {"type": "integer", "maxLength": 3}},
            },
        },
    },
    # A subclass declaring a base's property again: the tool merges the two, so only a lone reference or a schema
    # giving every key the base gives is written; the merges (a base's description kept, a nested one) decline.
    "override_written": {
        "Y": {"type": "object", "properties": {"y": {"type": "string"}}},
        "B": {
            "type": "object",
            "properties": {"a": {"type": "string", "description": "b", "nullable": True}, "r": {"$ref": "#/components/schemas/Y"}},
        },
        "C": {
            "allOf": [
                {"$ref": "#/components/schemas/B"},
                {"type": "object", "properties": {"a": {"type": "string", "description": "c"}, "r": {"$ref": "#/components/schemas/Y"}}},
            ]
        },
    },
    "override_merged": {
        "B": {"type": "object", "properties": {"a": {"type": "string", "description": "b", "maxLength": 3}}},
        "C": {"allOf": [{"$ref": "#/components/schemas/B"}, {"type": "object", "properties": {"a": {"type": "string", "minLength": 1}}}]},
    },
    "override_wire_type": {
        "B": {"type": "object", "properties": {"a": {"type": "number", "customTypePath": "pkg._runtime.WireNumber"}}},
        "C": {"allOf": [{"$ref": "#/components/schemas/B"}, {"type": "object", "properties": {"a": {"type": "string"}}}]},
    },
    # Nullable only where both the base and the subclass say so (the tool keeps `a` non-null, takes `b` as null).
    "override_nullable": {
        "B": {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string", "nullable": True}}},
        "C": {
            "allOf": [
                {"$ref": "#/components/schemas/B"},
                {
                    "type": "object",
                    "required": ["a", "b"],
                    "properties": {"a": {"type": "string", "nullable": True}, "b": {"type": "string", "nullable": True}},
                },
            ]
        },
    },
    # Nullable items and map values: the null is written for plain values and references, dropped for others.
    "nullable_items_written": {
        "P": {"type": "object", "properties": {"x": {"type": "string"}}},
        "A": {
            "type": "object",
            "properties": {
                "s": {"type": "array", "items": {"type": "string", "nullable": True}},
                "r": {"type": "array", "items": {"$ref": "#/components/schemas/P", "nullable": True}},
                "o": {"type": "array", "items": {"type": "object", "properties": {"q": {"type": "string"}}, "nullable": True}},
                "m": {"type": "object", "additionalProperties": {"type": "integer", "nullable": True}},
            },
        },
    },
    "nullable_items_dropped": {
        "A": {"type": "object", "properties": {"a": {"type": "array", "items": {"type": "string", "enum": ["a"], "nullable": True}}}}
    },
    "constrained_map_values": {
        "A": {"type": "object", "properties": {"m": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 3}}}}
    },
    "constrained_union": {"U": {"anyOf": [{"type": "string"}, {"type": "integer"}], "maxLength": 3}},
    # Inline objects and enums as a map's values: named after the field (a root map's after the component, numbered).
    "map_inline_values": {
        "P": {"type": "object", "properties": {"x": {"type": "string"}}},
        "A": {
            "type": "object",
            "required": ["mi"],
            "properties": {
                "mo": {"type": "object", "additionalProperties": {"type": "object", "properties": {"q": {"type": "string"}}}},
                "me": {"type": "object", "additionalProperties": {"type": "string", "enum": ["a", "b"]}},
                "mi": {"type": "object", "additionalProperties": {"type": "integer", "enum": [1, 2]}, "nullable": True},
                "mu": {
                    "type": "object",
                    "additionalProperties": {
                        "oneOf": [{"$ref": "#/components/schemas/P"}, {"type": "object", "properties": {"z": {"type": "string"}}}]
                    },
                },
                "ma": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "object", "properties": {"w": {"type": "string"}}}},
                },
                "mm": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "object",
                        "additionalProperties": {"type": "object", "properties": {"v": {"type": "string"}}},
                    },
                },
            },
        },
        "M": {"type": "object", "additionalProperties": {"type": "object", "properties": {"q": {"type": "string"}}}},
        "B": {
            "type": "object",
            "properties": {"mo": {"type": "object", "additionalProperties": {"type": "object", "properties": {"q": {"type": "string"}}}}},
        },
    },
    # An array inside a top-level array is a class of its own only when it has a length constraint.
    "inner_arrays": {
        "R1": {"type": "array", "items": {"type": "array", "items": {"type": "string"}, "description": "d"}},
        "R2": {"type": "array", "items": {"type": "array", "items": {"type": "string"}, "minItems": 1}},
        "A": {
            "type": "object",
            "properties": {
                "c": {
                    "type": "array",
                    "items": {"type": "array", "minItems": 1, "items": {"type": "array", "items": {"type": "string"}, "description": "d"}},
                },
                "k": {"type": "string", "enum": ["a"], "title": "T", "deprecated": True, "nullable": True},
            },
            "required": ["k"],
        },
    },
    # A wire type inside an inline class (a constrained item's root) does not mark the enclosing model.
    "wire_type_in_item_class": {
        "A": {
            "type": "object",
            "properties": {
                "l": {
                    "type": "array",
                    "items": {"type": "array", "items": {"type": "number", "customTypePath": "pkg._runtime.WireNumber"}, "minItems": 1},
                }
            },
        }
    },
    # An optional field naming a plain value component with a default takes that default, validated.
    "component_default": {
        "S": {"type": "string", "default": "q"},
        "I": {"type": "integer", "default": 3, "description": "d"},
        "B": {"type": "boolean", "default": False},
        "O": {"type": "object", "properties": {"x": {"type": "string"}}, "default": {}},
        "N": {"type": "object", "additionalProperties": {"type": "integer"}, "default": None, "nullable": True},
        "A": {
            "type": "object",
            "required": ["r"],
            "properties": {
                "s": {"$ref": "#/components/schemas/S"},
                "i": {"$ref": "#/components/schemas/I", "description": "z"},
                "r": {"$ref": "#/components/schemas/S"},
                "b": {"$ref": "#/components/schemas/B"},
                "o": {"$ref": "#/components/schemas/O"},
                "n": {"$ref": "#/components/schemas/N"},
            },
        },
    },
    # Characters the tool names by its own Unicode tables or an ASCII fallback: the emitter declines them.
    "non_ascii_declined": {"A": {"type": "object", "properties": {"nº": {"type": "string"}, "µg": {"type": "string"}}}},
    # Entry counts: dropped on a model of properties (and on an array's items), written on a free-form object's
    # field or root (a component becomes a root model then, its documentation and `nullable` dropped as a map's).
    "entry_counts": {
        "Terms": {
            "type": "object",
            "nullable": True,
            "additionalProperties": False,
            "minProperties": 1,
            "properties": {"d": {"type": "integer"}},
        },
        "Bag": {"type": "object", "minProperties": 2, "description": "not written"},
        "NullBag": {"type": "object", "maxProperties": 5, "nullable": True, "additionalProperties": True},
        "Holder": {
            "type": "object",
            "required": ["r"],
            "properties": {
                "t": {"$ref": "#/components/schemas/Terms"},
                "inline": {"type": "object", "maxProperties": 2, "properties": {"q": {"type": "string"}}},
                "free": {"type": "object", "minProperties": 1, "maxProperties": 9, "description": "written"},
                "r": {"type": "object", "nullable": True, "maxProperties": 3},
                "rows": {"type": "array", "items": {"type": "object", "minProperties": 1}},
            },
        },
    },
    # Counted values of a map: the tool names them as a type alias, which the emitter does not write.
    "entry_counted_map_values": {
        "M": {"type": "object", "properties": {"m": {"type": "object", "additionalProperties": {"type": "object", "minProperties": 1}}}},
        "N": {
            "type": "object",
            "additionalProperties": {"type": "object", "maxProperties": 1, "additionalProperties": {"type": "string"}},
        },
    },
    # One value part in an allOf, documented beside it: the outer description and title win over the part's own.
    "lone_part_documented": {
        "Ids": {
            "description": "outer",
            "allOf": [
                {
                    "type": "array",
                    "description": "inner",
                    "items": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
                }
            ],
        },
        "Code": {"title": "T", "description": "d", "allOf": [{"type": "string", "maxLength": 4, "title": "inner"}]},
        "Use": {"type": "object", "properties": {"ids": {"$ref": "#/components/schemas/Ids"}}},
    },
    # `type: array` with properties and no items: a list of anything or an object of those properties.
    "array_properties_without_items": {
        "Listing": {"type": "array", "additionalProperties": False, "properties": {"id": {"type": "string"}}},
        "MaybeListing": {"type": "array", "nullable": True, "description": "d", "properties": {"id": {"type": "string"}}},
        "Owner": {
            "type": "object",
            "properties": {
                "data": {"type": "array", "description": "dd", "properties": {"n": {"type": "integer"}}},
                "grid": {"type": "array", "items": {"type": "array", "properties": {"k": {"type": "integer"}}}},
            },
        },
    },
    # Enums typed with a list: read as untyped enums (plain Enum, members of other values named by type), their
    # null not read (a required field stays non-null); an enum listing null is declined.
    "enum_type_lists": {
        "Mood": {"type": ["string", "null"], "enum": ["calm", "busy"], "description": "d", "default": "busy"},
        "Form": {
            "type": "object",
            "required": ["kind", "mood"],
            "properties": {
                "kind": {"description": "k", "type": ["string", "null"], "enum": ["letter", "email"], "example": "email"},
                "mood": {"$ref": "#/components/schemas/Mood"},
                "later": {"$ref": "#/components/schemas/Mood"},
                "level": {"type": ["integer", "null"], "enum": [1, 2], "default": 2},
                "one": {"type": ["string"], "enum": ["x"]},
                "flag": {"type": ["boolean", "null"], "enum": [True]},
                "ratio": {"type": ["number", "null"], "enum": [0.5, 1]},
                "marks": {"type": "array", "items": {"type": ["string", "null"], "enum": ["p", "q"]}},
                "either": {"anyOf": [{"type": ["string", "null"], "enum": ["r"]}, {"type": "integer"}]},
                "named": {"type": "object", "additionalProperties": {"type": ["string", "null"], "enum": ["s"]}},
            },
        },
    },
    "enum_type_list_with_null": {"A": {"type": "object", "properties": {"n": {"type": ["string", "null"], "enum": ["a", None]}}}},
    # Type lists naming null on components and fields: a component admits null where a required field names it, a
    # root takes no default, an object of a type list is a map of anything, a wire type drops the null.
    "null_type_lists": {
        "Text": {"type": ["string", "null"], "description": "d", "maxLength": 3},
        "Count": {"type": ["integer", "null"]},
        "Names": {"type": ["array", "null"], "items": {"type": "string"}},
        "Labels": {"type": ["object", "null"], "additionalProperties": {"type": "string"}, "description": "e", "example": {"a": "b"}},
        "Free": {"type": ["object", "null"]},
        "Amount": {"type": ["number", "null"], "customTypePath": "pkg._runtime.WireNumber", "description": "d"},
        "Stamp": {"type": ["string", "null"], "customTypePath": "pkg._runtime.WireDateTime"},
        "Ref": {"type": ["object", "null"], "properties": {"id": {"type": "string"}}},
        "Record": {
            "type": "object",
            "required": ["text", "count", "names", "labels", "free", "amount", "stamp", "ref", "rate", "at", "map"],
            "properties": {
                "text": {"$ref": "#/components/schemas/Text"},
                "count": {"$ref": "#/components/schemas/Count"},
                "names": {"$ref": "#/components/schemas/Names"},
                "labels": {"$ref": "#/components/schemas/Labels"},
                "free": {"$ref": "#/components/schemas/Free"},
                "amount": {"$ref": "#/components/schemas/Amount"},
                "stamp": {"$ref": "#/components/schemas/Stamp"},
                "ref": {"$ref": "#/components/schemas/Ref"},
                "maybe": {"$ref": "#/components/schemas/Ref", "description": "m"},
                "rate": {"type": ["number", "null"], "customTypePath": "pkg._runtime.WireNumber", "description": "d"},
                "at": {"type": ["string", "null"], "customTypePath": "pkg._runtime.WireDateTime"},
                "map": {"type": ["object", "null"], "additionalProperties": {"type": "integer"}},
                "opt_map": {"type": ["object", "null"], "additionalProperties": {"type": "integer"}, "description": "q"},
                "maps": {"type": "array", "items": {"type": ["object", "null"], "additionalProperties": {"type": "integer"}}},
                "refs": {"type": "array", "items": {"$ref": "#/components/schemas/Ref"}},
            },
        },
    },
    # A part's property typed with a null list and required from beside the allOf (or another part) keeps its
    # null, an enum's and a wire type's too; required by its own part it does not.
    "allof_part_null_lists": {
        "Base": {"type": "object", "properties": {"b": {"type": "string"}}},
        "Doc": {
            "type": "object",
            "required": ["state", "total", "map", "count", "kept"],
            "allOf": [
                {"$ref": "#/components/schemas/Base"},
                {
                    "type": "object",
                    "required": ["kept"],
                    "properties": {
                        "state": {"type": ["integer", "null"], "enum": [1, 2], "description": "d"},
                        "total": {"type": ["number", "null"], "customTypePath": "pkg._runtime.WireNumber"},
                        "map": {"type": ["object", "null"], "additionalProperties": {"type": "integer"}},
                        "count": {"type": ["integer", "null"]},
                        "kept": {"type": ["string", "null"], "enum": ["k"]},
                    },
                },
            ],
        },
        "Other": {
            "type": "object",
            "allOf": [
                {"type": "object", "properties": {"e": {"type": ["integer", "null"], "enum": [3]}}},
                {"type": "object", "required": ["e"]},
            ],
        },
    },
    # Re-required from a base, typed with a null list: the tool writes a class of its own for it; declined.
    "base_null_list_required": {
        "Base": {"type": "object", "properties": {"t": {"type": ["string", "null"], "enum": ["a"]}}},
        "Sub": {"type": "object", "required": ["t"], "allOf": [{"$ref": "#/components/schemas/Base"}]},
    },
    # Bases declaring one property differently: the tool writes one class merging their fields; declined.
    "bases_declaring_differently": {
        "P": {"type": "object", "properties": {"q": {"type": "string"}}},
        "Q": {"type": "object", "properties": {"r": {"type": "string"}}},
        "A": {"type": "object", "properties": {"a": {"type": "string"}, "p": {"$ref": "#/components/schemas/P"}}},
        "B": {"type": "object", "properties": {"b": {"type": "integer"}, "p": {"$ref": "#/components/schemas/Q"}}},
        "C": {"allOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]},
    },
    # A wire-typed property re-required from a base written later in the document: the field is added after the
    # class is configured, so it does not allow arbitrary types (from a base written earlier it does).
    "wire_type_required_from_later_base": {
        "Early": {
            "type": "object",
            "required": ["at", "id"],
            "allOf": [{"$ref": "#/components/schemas/Middle"}, {"type": "object", "properties": {"id": {"type": "string"}}}],
        },
        "Middle": {
            "type": "object",
            "allOf": [{"$ref": "#/components/schemas/Stamped"}, {"type": "object", "properties": {"m": {"type": "string"}}}],
        },
        "Stamped": {"type": "object", "properties": {"at": {"type": "string", "customTypePath": "pkg._runtime.WireDateTime"}}},
        "Late": {"type": "object", "required": ["at"], "allOf": [{"$ref": "#/components/schemas/Middle"}]},
    },
    # An allOf component renamed because an inline class took its name: the tool names its own inline classes
    # first, then the component; declined.
    "renamed_allof_component": {
        "T": {"type": "object", "properties": {"t": {"type": "string"}}},
        "A": {"type": "object", "properties": {"e": {"type": "string", "enum": ["a"]}}},
        "E": {
            "type": "object",
            "allOf": [{"$ref": "#/components/schemas/T"}, {"type": "object", "properties": {"e": {"type": "string", "enum": ["i"]}}}],
        },
    },
}


@pytest.mark.parametrize(
    "case",
    [
        "non_ascii_names",
        "untyped_enums",
        "format_constraints",
        "allof_property_twice",
        "array_with_properties",
        "discriminator_mapping",
        "base_discriminator",
        "base_discriminator_redeclared",
        "required_by_base",
        "misplaced_constraints",
        "override_written",
        "nullable_items_written",
        "map_inline_values",
        "inner_arrays",
        "wire_type_in_item_class",
        "component_default",
        "inline_required_sets",
        "nullable_union_ref",
        "nested_discriminated_objects",
        "allof_part_title",
        "required_sets",
        "union_with_part",
        "subclass_members",
        "merged_union_member",
        "map_keywords",
        "lone_ref_part_member",
        "map_of_wire_union",
        "discriminated_any_member",
        "inline_objects",
        "union_inline_members",
        "enum_with_null",
        "object_union",
        "array_root_nullable",
        "allof_lone_array",
        "union_constrained",
        "prop_union_constrained",
        "union_member_title",
        "null_members",
        "union_member_docs",
        "discriminated",
        "ref_siblings",
        "list_defaults",
        "object_typed_enum_union",
        "allof_nullable_part",
        "map_of_union",
        "entry_counts",
        "lone_part_documented",
        "array_properties_without_items",
        "enum_type_lists",
        "null_type_lists",
        "allof_part_null_lists",
        "wire_type_required_from_later_base",
    ],
)
def test_inline_shapes_are_written_not_declined(case: str) -> None:
    """The shapes of Xentral's inline classes and of OpenAPI 3.1 unions: the emitter writes them (the test above
    holds it to the tool)."""
    emit_models(EDGE_CASES[case], "pkg")


@pytest.mark.parametrize("case", sorted(EDGE_CASES))
def test_edge_shapes_are_written_as_the_tool_writes_them_or_declined(case: str) -> None:
    schemas = EDGE_CASES[case]
    try:
        ours = emit_models(schemas, "pkg")
    except Unsupported:
        return
    document = {"openapi": "3.0.3", "info": {"title": "m", "version": "0"}, "paths": {}, "components": {"schemas": schemas}}
    theirs = _dmcg(None, "pkg", document, Diagnostics())  # type: ignore[arg-type]  # the spec is only read on failure
    assert _classes(ours) == _classes(theirs)


_CHECK = r"""
import json, sys, importlib
from pydantic import BaseModel, ValidationError
ours = importlib.import_module(sys.argv[1] + ".models")
theirs = importlib.import_module(sys.argv[1] + ".models_dmcg")
samples = json.load(open(sys.argv[2]))
def outcome(cls, value):
    try:
        model = cls.model_validate(value)
    except ValidationError as exc:
        return ["rejected", sorted({(tuple(map(str, e["loc"])), e["type"]) for e in exc.errors()})]
    return ["accepted", model.model_dump(mode="json", by_alias=True, exclude_unset=True)]
checked = accepted = 0
for name in ours.__all__:
    a, b = getattr(ours, name), getattr(theirs, name)
    if not (isinstance(a, type) and issubclass(a, BaseModel)):
        assert [m.value for m in a] == [m.value for m in b], name
        continue
    for value in samples:
        left, right = outcome(a, value), outcome(b, value)
        assert json.dumps(left, default=str) == json.dumps(right, default=str), (name, value, left, right)
        checked += 1
        accepted += left[0] == "accepted"
print(checked, accepted)
"""


def _bodies(vendor: str, schemas: dict[str, Any]) -> list[Any]:
    """Recorded request and response bodies, the schemas' examples, and each one broken on purpose."""
    found: list[Any] = []
    for recording in sorted((ROOT / "tests" / "recordings" / vendor).glob("*.yaml")):
        data = yaml.safe_load(recording.read_text(encoding="utf-8")) or {}
        for part in ("request", "response"):
            body = (data.get(part) or {}).get("body")
            if isinstance(body, (dict, list)):
                found.append(body)
    for schema in schemas.values():
        if isinstance(schema, dict) and isinstance(schema.get("example"), (dict, list)):
            found.append(schema["example"])
    broken: list[Any] = [{}]
    for body in found:
        items = body if isinstance(body, list) else [body]
        for item in items[:3]:
            if isinstance(item, dict):
                broken.append(item)
                broken += [{**item, key: [[]]} for key in list(item)[:8]]  # every field with a wrong type
                broken += [{k: v for k, v in item.items() if k != key} for key in list(item)[:8]]  # each one missing
    return found + broken


@pytest.mark.slow
@pytest.mark.parametrize("vendor", INSTANCE_VENDORS)
def test_both_model_sets_accept_and_reject_the_same_instances(vendor: str, tmp_path: Path) -> None:
    path = ROOT / "specs" / vendor / "openapi.yaml"
    spec, package, document = _prepared(path)
    out = tmp_path / vendor
    render_tree(path, vendor, out, Diagnostics())
    assert "models by" not in (out / package / "models.py").read_text(encoding="utf-8").splitlines()[0], "the emitter did not write them"
    theirs = _dmcg(spec, package, document, Diagnostics())
    classes = frozenset(n.name for n in ast.parse(theirs).body if isinstance(n, ast.ClassDef))
    (out / package / "models_dmcg.py").write_text(_finish(theirs, classes), encoding="utf-8")
    samples = tmp_path / "samples.json"
    samples.write_text(json.dumps(_bodies(vendor, document["components"]["schemas"]), default=str), encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", _CHECK, package, str(samples)], cwd=out, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    checked, accepted = map(int, result.stdout.split())
    assert accepted > 0 and checked > accepted, (checked, accepted)  # both outcomes were exercised
