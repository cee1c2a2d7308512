"""The fast validation pre-check: "clean" from it must mean "clean" from openapi-spec-validator.

A wrong "clean" would silently drop the validator's findings, so the differential test holds the two side by
side on every spec we have (vendors, generality regressions, the shared corpus), and one small document per
rule the validator enforces beyond its metaschema proves the pre-check does not wave that rule through.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Diagnostics
from generator.load import load_document
from generator.spec.bundle import bundle
from generator.spec.fastcheck import precheck, unsure_reason
from generator.spec.validate import _findings
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[2]
CORPUS = SHARED / "corpus" / "specs"
SPECS = [
    *sorted(ROOT.glob("specs/*/openapi.yaml")),
    *sorted((ROOT / "tests" / "specs" / "generality").glob("*.yaml")),
    *(sorted(CORPUS.glob("*")) if CORPUS.is_dir() else []),
]


def _bundled(path: Path) -> dict[str, Any]:
    doc, _ = bundle(load_document(str(path)), Diagnostics())
    assert isinstance(doc.data, dict)
    return doc.data


@pytest.mark.slow
@pytest.mark.parametrize("path", SPECS, ids=[f"{p.parent.name}/{p.name}" for p in SPECS])
def test_clean_only_when_the_validator_finds_nothing(path: Path) -> None:
    """And where the validator does run (the pre-check is unsure), skipping its metaschema run for the schemas
    the pre-check vouches for gives the same findings, in the same order, as the validator alone."""
    data = _bundled(path)
    version = str(data.get("openapi", ""))
    if not version.startswith(("3.0", "3.1")):
        pytest.skip(f"{path.name}: OpenAPI {version or '?'} is refused before validation")
    verdict = precheck(data, version)
    if verdict.reason is None:
        assert _findings(data, version) == [], f"{path.name}: the pre-check said clean, the validator disagrees"
    else:
        fast = _findings(data, version, verdict.document_valid)
        assert fast == _findings(data, version, verdict.document_valid, prechecked=False), f"{path.name}: the skip changed the findings"
    if verdict.document_valid:
        assert _metaschema_errors(data, version) == [], f"{path.name}: the validator's metaschema pass would find something"


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_the_per_schema_skip_is_taken_for_clean_schemas_and_not_for_others(version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The validator's own metaschema run is asked only about schemas the pre-check cannot vouch for."""
    from openapi_spec_validator.validation import keywords

    asked: list[Any] = []
    for name in ("OpenAPIV30SchemaValidator", "OpenAPIV31SchemaValidator"):
        cls = getattr(keywords, name)
        real = cls._validate_schema_meta
        monkeypatch.setattr(
            cls, "_validate_schema_meta", lambda self, schema, value, real=real: asked.append(value) or real(self, schema, value)
        )
    doc = _base(version)
    assert _findings(doc, version) == [] and asked == []
    assert _findings(doc, version, prechecked=False) == [] and asked, "the validator checks every schema itself"
    asked.clear()
    bad = copy.deepcopy(doc)
    bad["components"]["schemas"]["Item"]["properties"]["size"]["minimum"] = "one"
    assert _findings(bad, version)
    assert [value.get("allOf") is not None for value in asked] == [True], "only the broken schema goes to the validator"


def test_recursive_schemas_are_walked_once_either_way() -> None:
    """The faster validator remembers visited schemas in sets: a schema that contains itself is still walked
    once, and its one bad default is reported once, as the validator alone reports it."""
    doc = _base()
    doc["components"]["schemas"]["Node"] = {
        "type": "object",
        "properties": {
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            "parent": {"$ref": "#/components/schemas/Node"},
            "size": {"type": "integer", "default": "big"},
        },
    }
    found = _findings(doc, "3.0.3")
    assert len(found) == 1 and "big" in found[0][2], found
    assert _findings(doc, "3.0.3", prechecked=False) == found


def _metaschema_errors(data: dict[str, Any], version: str) -> list[str]:
    """The first half of openapi-spec-validator's run, which `document_valid` lets validation skip."""
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    validator: Any = (OpenAPIV31SpecValidator if version.startswith("3.1") else OpenAPIV30SpecValidator)(data)
    return [error.message for error in validator.schema_validator.iter_errors(validator.schema)]


def test_the_shipped_specs_take_the_fast_path() -> None:
    """The point of the pre-check: our own specs (clean by the lint) never wait for the slow validator."""
    for path in sorted(ROOT.glob("specs/*/openapi.yaml")):
        data = _bundled(path)
        assert unsure_reason(data, str(data["openapi"])) is None, path


def _base(version: str = "3.0.3") -> dict[str, Any]:
    return {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "tags": [{"name": "a"}],
        "paths": {
            "/items/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "get": {
                    "operationId": "getItem",
                    "parameters": [{"name": "q", "in": "query", "schema": {"type": "string", "default": "x"}}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}},
                        }
                    },
                },
            },
            "/items": {"get": {"operationId": "listItems", "responses": {"200": {"description": "ok"}}}},
        },
        "components": {
            "schemas": {
                "Base": {"type": "object", "properties": {"id": {"type": "string"}}},
                "Item": {
                    "allOf": [{"$ref": "#/components/schemas/Base"}],
                    "required": ["id"],
                    "properties": {
                        "size": {"type": "integer", "format": "int32", "default": 3, "minimum": 1},
                        "code": {"type": "string", "pattern": "^[A-Z]+$", "default": "AB"},
                        "flags": {"type": "array", "items": {"type": "string"}, "maxItems": 2, "default": ["a"]},
                    },
                },
            }
        },
    }


def _broken(change: str) -> dict[str, Any]:
    doc = copy.deepcopy(_base())
    paths, schemas = doc["paths"], doc["components"]["schemas"]
    item = schemas["Item"]["properties"]
    if change == "duplicate operationId":
        paths["/items"]["get"]["operationId"] = "getItem"
    elif change == "duplicate tag":
        doc["tags"].append({"name": "a", "description": "again"})  # identical items the metaschema already refuses
    elif change == "duplicate parameter":
        get = paths["/items/{id}"]["get"]
        twin = copy.deepcopy(get["parameters"][0])
        twin["description"] = "the same name and location again"  # identical items the metaschema already refuses
        get["parameters"].append(twin)
    elif change == "path parameter missing from template":
        paths["/items"]["get"]["parameters"] = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    elif change == "template variable without parameter":
        paths["/items/{id}/{sub}"] = paths.pop("/items/{id}")
    elif change == "required nowhere in allOf":
        schemas["Item"]["required"].append("ghost")
    elif change == "default of the wrong type":
        item["size"]["default"] = "three"
    elif change == "default below minimum":
        item["size"]["default"] = 0
    elif change == "default against its pattern":
        item["code"]["default"] = "ab"
    elif change == "default with too many items":
        item["flags"]["default"] = ["a", "b", "c"]
    elif change == "default outside int32":
        item["size"]["default"] = 2**31
    elif change == "default in a parameter schema":
        paths["/items/{id}"]["get"]["parameters"][0]["schema"]["default"] = 5
    elif change == "invalid pattern":
        item["code"]["pattern"] = "[A-Z"
    elif change == "schema against its metaschema":
        item["size"]["minimum"] = "one"
    elif change == "document against the OpenAPI metaschema":
        del paths["/items"]["get"]["responses"]
    return doc


BROKEN = [
    "duplicate operationId",
    "duplicate tag",
    "duplicate parameter",
    "path parameter missing from template",
    "template variable without parameter",
    "required nowhere in allOf",
    "default of the wrong type",
    "default below minimum",
    "default against its pattern",
    "default with too many items",
    "default outside int32",
    "default in a parameter schema",
    "invalid pattern",
    "schema against its metaschema",
    "document against the OpenAPI metaschema",
]


def test_the_base_document_is_clean_for_both() -> None:
    """Without this, every broken case below could pass for a pre-check that never says clean."""
    doc = _base()
    assert unsure_reason(doc, doc["openapi"]) is None
    assert _findings(doc, doc["openapi"]) == []


@pytest.mark.parametrize("change", BROKEN)
def test_each_validator_rule_sends_the_document_to_the_validator(change: str) -> None:
    doc = _broken(change)
    verdict = precheck(doc, doc["openapi"])
    assert verdict.reason is not None, change
    full = _findings(doc, doc["openapi"])
    assert full, f"{change}: the validator accepts it, so the case proves nothing"
    assert _findings(doc, doc["openapi"], prechecked=False) == full, f"{change}: the per-schema skip changed the findings"
    if verdict.document_valid:  # the validator's metaschema pass is skipped: the findings must not change
        assert _metaschema_errors(doc, doc["openapi"]) == []
        assert _findings(doc, doc["openapi"], document_valid=True) == full


def test_the_metaschema_skip_is_exercised_by_the_broken_documents() -> None:
    """Semantic rules (unique ids, path templates, defaults) pass the metaschema: those cases take the skip."""
    valid = {change for change in BROKEN if precheck(_broken(change), "3.0.3").document_valid}
    assert {"duplicate operationId", "path parameter missing from template", "default below minimum"} <= valid
    assert "document against the OpenAPI metaschema" not in valid


def test_a_31_document_is_checked_against_the_31_dialect() -> None:
    doc = _base("3.1.0")
    assert unsure_reason(doc, "3.1.0") is None
    doc["components"]["schemas"]["Base"]["properties"]["id"]["type"] = "text"
    assert unsure_reason(doc, "3.1.0") is not None
    assert _findings(doc, "3.1.0")


def test_a_spec_with_findings_still_gets_every_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through validate_openapi: the fast path must hand an unsure document to the validator, not drop it."""
    from generator.load import LoadedDocument
    from generator.spec.validate import validate_openapi

    monkeypatch.setenv("GENERATOR_CACHE_DIR", str(tmp_path))
    diagnostics = Diagnostics()
    validate_openapi(LoadedDocument("x.yaml", _broken("duplicate operationId")), diagnostics)
    assert any("operationId" in d.message or "operation" in d.message.lower() for d in diagnostics)
