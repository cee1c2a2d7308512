"""The drift check on small inline spec pairs: one case per rule id, normalization, acknowledgement, the CLI.

`ours()` (OpenAPI 3.0, components and $refs) and `theirs()` (OpenAPI 3.1, everything inline, other path
parameter names) describe the same API, so they must show no difference; each case then edits one side
and names exactly the differences it must produce (rule, our pointer, property/value).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.review.catalog import DIFF_RULES, DRIFT_RULES
from generator.review.deviation import Deviation, acknowledge, collect_deviations
from generator.review.drift import Difference, Published, compare
from generator.review.driftcheck import drift_main, run_drift

Spec = dict[str, Any]
ITEM = "/components/schemas/Item"
OP = "/paths/~1items~1{id}/get"
LIST = "/paths/~1items/post"


def ours() -> Spec:
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/items": {
                "post": {
                    "operationId": "createItem",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}},
                    },
                    "responses": {"201": {"$ref": "#/components/responses/Created"}},
                }
            },
            "/items/{id}": {
                "get": {
                    "operationId": "getItem",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
                        {"name": "fields", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                    ],
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
                        "404": {"description": "none"},
                    },
                }
            },
        },
        "components": {
            "responses": {
                "Created": {"description": "made", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}
            },
            "schemas": {
                "Item": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "integer", "format": "int64"},
                        "name": {"type": "string", "nullable": True},
                        "state": {"type": "string", "enum": ["open", "closed"]},
                        "owner": {"allOf": [{"$ref": "#/components/schemas/Person"}], "nullable": True},
                        "parent": {"$ref": "#/components/schemas/Node"},
                        "pay": {"oneOf": [{"$ref": "#/components/schemas/Card"}, {"$ref": "#/components/schemas/Cash"}]},
                    },
                },
                "Person": {"type": "object", "properties": {"name": {"type": "string"}}},
                "Node": {
                    "type": "object",
                    "properties": {
                        "label": {"type": "string"},
                        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                    },
                },
                "Card": {"type": "object", "properties": {"number": {"type": "string"}}},
                "Cash": {"type": "object", "properties": {"currency": {"type": "string"}}},
            },
        },
    }


def _item_31() -> Spec:
    node: Spec = {
        "type": "object",
        "properties": {"label": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}},
    }
    return {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "integer", "format": "int64"},
            "name": {"type": ["string", "null"]},
            "state": {"type": "string", "enum": ["closed", "open"]},
            "owner": {"anyOf": [{"type": "object", "properties": {"name": {"type": "string"}}}, {"type": "null"}]},
            "parent": node,
            "pay": {
                "anyOf": [
                    {"type": "object", "properties": {"currency": {"type": "string"}}},
                    {"type": "object", "properties": {"number": {"type": "string"}}},
                ]
            },
        },
    }


def theirs() -> Spec:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/items": {
                "post": {
                    "requestBody": {"required": True, "content": {"application/json": {"schema": _item_31()}}},
                    "responses": {"201": {"description": "made", "content": {"application/json": {"schema": _item_31()}}}},
                }
            },
            "/items/{itemId}": {
                "get": {
                    "parameters": [
                        {
                            "name": "itemId",
                            "in": "path",
                            "required": True,
                            "style": "simple",
                            "explode": False,
                            "schema": {"type": "integer"},
                        },
                        {
                            "name": "fields",
                            "in": "query",
                            "style": "form",
                            "explode": True,
                            "schema": {"type": "array", "items": {"type": "string"}},
                        },
                    ],
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {"schema": _item_31()}}},
                        "404": {"description": "none"},
                    },
                }
            },
        },
        "components": {"schemas": {"Node": _item_31()["properties"]["parent"]}},
    }


def run(mine: Spec, their: Spec) -> list[Difference]:
    return compare(mine, [Published("theirs.json", their)])


def found(diffs: list[Difference]) -> set[tuple[str, str, Any]]:
    return {(d.rule, d.ours, d.prop if d.prop is not None else d.value) for d in diffs}


def test_the_same_api_in_3_0_and_3_1_shows_no_difference() -> None:
    assert run(ours(), theirs()) == []


Edit = Callable[[Spec], None]


def _get_op(spec: Spec) -> Spec:
    op: Spec = next(v for k, v in spec["paths"].items() if k.startswith("/items/"))["get"]
    return op


def _their_item(spec: Spec) -> Spec:
    item: Spec = _get_op(spec)["responses"]["200"]["content"]["application/json"]["schema"]
    return item


def _no(spec: Spec) -> None:
    pass


CASES: list[tuple[str, Edit, Edit, set[tuple[str, str, Any]]]] = [
    (
        "operation-missing",
        _no,
        lambda s: s["paths"].update({"/things": {"get": {"responses": {"200": {"description": "ok"}}}}}),
        {("operation-missing", "", None)},
    ),
    (
        "operation-extra",
        lambda s: s["paths"].update({"/things": {"get": {"operationId": "t", "responses": {"200": {"description": "ok"}}}}}),
        _no,
        {("operation-extra", "/paths/~1things/get", None)},
    ),
    (
        "parameter-missing",
        _no,
        lambda s: _get_op(s)["parameters"].append({"name": "lang", "in": "query", "schema": {"type": "string"}}),
        {("parameter-missing", OP, "lang")},
    ),
    (
        "parameter-extra",
        lambda s: _get_op(s)["parameters"].append({"name": "lang", "in": "query", "schema": {"type": "string"}}),
        _no,
        {("parameter-extra", OP + "/parameters/2", "lang")},
    ),
    (
        "parameter-required",
        lambda s: _get_op(s)["parameters"][1].update(required=True),
        _no,
        {("parameter-required", OP + "/parameters/1", "fields")},
    ),
    (
        "parameter-style",
        _no,
        lambda s: _get_op(s)["parameters"][1].update(explode=False),
        {("parameter-style", OP + "/parameters/1", "fields")},
    ),
    (
        "parameter-location",
        _no,
        lambda s: _get_op(s)["parameters"][1].update({"in": "header"}),
        {("parameter-location", OP + "/parameters/1", "fields")},
    ),
    (
        "status-missing",
        _no,
        lambda s: _get_op(s)["responses"].update({"429": {"description": "slow down"}}),
        {("status-missing", OP, "429")},
    ),
    ("status-extra", lambda s: _get_op(s)["responses"].pop("404"), _no, {("status-missing", OP, "404")}),
    ("status-extra", _no, lambda s: _get_op(s)["responses"].pop("404"), {("status-extra", OP, "404")}),
    (
        "request-body-missing",
        lambda s: s["paths"]["/items"]["post"].pop("requestBody"),
        _no,
        {("request-body-missing", LIST, None)},
    ),
    (
        "request-body-extra",
        _no,
        lambda s: s["paths"]["/items"]["post"].pop("requestBody"),
        {("request-body-extra", LIST, None)},
    ),
    (
        "request-body-required",
        _no,
        lambda s: s["paths"]["/items"]["post"]["requestBody"].update(required=False),
        {("request-body-required", LIST + "/requestBody", None)},
    ),
    (
        "content-type-missing (reported at the shared response component)",
        _no,
        lambda s: s["paths"]["/items"]["post"]["responses"]["201"]["content"].update({"application/pdf": {}}),
        {("content-type-missing", "/components/responses/Created", "application/pdf")},
    ),
    (
        "content-type-extra",
        lambda s: s["paths"]["/items"]["post"]["requestBody"]["content"].update({"text/csv": {}}),
        _no,
        {("content-type-extra", LIST + "/requestBody", "text/csv")},
    ),
    (
        "schema-type",
        _no,
        lambda s: _their_item(s)["properties"]["state"].update(type="integer"),
        {("schema-type", ITEM + "/properties/state", None)},
    ),
    (
        "schema-format",
        _no,
        lambda s: _their_item(s)["properties"]["id"].update(format="int32"),
        {("schema-format", ITEM + "/properties/id", None)},
    ),
    (
        "schema-nullable (3.1 type array)",
        _no,
        lambda s: _their_item(s)["properties"]["id"].update(type=["integer", "null"]),
        {("schema-nullable", ITEM + "/properties/id", None)},
    ),
    (
        "schema-nullable (allOf wrapper: reported at the wrapper, not the component)",
        _no,
        lambda s: _their_item(s)["properties"]["owner"]["anyOf"].pop(),
        {("schema-nullable", ITEM + "/properties/owner", None)},
    ),
    (
        "schema-enum",
        _no,
        lambda s: _their_item(s)["properties"]["state"]["enum"].append("sent"),
        {("schema-enum", ITEM + "/properties/state", "sent")},
    ),
    (
        "property-extra (at the property's own schema)",
        _no,
        lambda s: _their_item(s)["properties"].pop("name"),
        {("property-extra", ITEM + "/properties/name", "name")},
    ),
    (
        "property-missing (at the object schema, through $ref)",
        _no,
        lambda s: _their_item(s)["properties"]["owner"]["anyOf"][0]["properties"].update(email={"type": "string"}),
        {("property-missing", "/components/schemas/Person", "email")},
    ),
    (
        "schema-required",
        _no,
        lambda s: _their_item(s)["required"].append("name"),
        {("schema-required", ITEM, "name")},
    ),
    (
        "schema-unclassified",
        _no,
        lambda s: _their_item(s)["properties"]["pay"].update(
            anyOf=[
                {"type": "object", "properties": {"currency": {"type": "string"}}},
                {"type": "object", "properties": {"iban": {"type": "string"}}},
                {"type": "object", "properties": {"bic": {"type": "string"}}},
            ]
        ),
        {("schema-unclassified", ITEM + "/properties/pay", None)},
    ),
    (
        "schema-type on a union: one side has an alternative more",
        _no,
        lambda s: _their_item(s)["properties"]["pay"]["anyOf"].append({"type": "string"}),
        {("schema-type", ITEM + "/properties/pay", None)},
    ),
    (
        "a $ref cycle is followed once and reported at the component",
        _no,
        lambda s: s["components"]["schemas"]["Node"]["properties"]["label"].update(type="integer"),
        {("schema-type", "/components/schemas/Node/properties/label", None)},
    ),
]


@pytest.mark.parametrize(("title", "edit_ours", "edit_theirs", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_is_detected_at_our_node(title: str, edit_ours: Edit, edit_theirs: Edit, expected: set[tuple[str, str, Any]]) -> None:
    mine, their = ours(), theirs()
    edit_ours(mine)
    edit_theirs(their)
    diffs = run(mine, their)
    assert found(diffs) == expected
    for diff in diffs:
        assert diff.rule in DRIFT_RULES
        assert all(rule in DIFF_RULES for rule in diff.review)


def test_every_acknowledgeable_rule_has_a_case() -> None:
    covered = {rule for _t, _o, _h, expected in CASES for rule, _p, _v in expected}
    assert covered == set(DRIFT_RULES) - {"deviation-stale"}


def test_catalog_review_ids_exist() -> None:
    for rule, entry in DRIFT_RULES.items():
        assert all(review in DIFF_RULES for review in entry.review), rule


def test_pointer_into_their_file_and_values() -> None:
    their = theirs()
    _their_item(their)["properties"]["state"]["enum"].append("sent")
    (diff,) = run(ours(), their)
    assert diff.their_file == "theirs.json"
    assert diff.theirs == "/paths/~1items~1{itemId}/get/responses/200/content/application~1json/schema/properties/state"
    assert (diff.before, diff.after, diff.value) == (None, "sent", "sent")
    assert diff.operations == ["GET /items/{id}"]
    assert diff.review == ["response-enum-value-added"]


def test_a_component_difference_lists_every_operation_it_reaches() -> None:
    their = theirs()
    for schema in (
        _their_item(their),
        their["paths"]["/items"]["post"]["requestBody"]["content"]["application/json"]["schema"],
        their["paths"]["/items"]["post"]["responses"]["201"]["content"]["application/json"]["schema"],
    ):
        schema["properties"]["id"]["type"] = "string"
    diffs = run(ours(), their)
    assert {d.ours for d in diffs} == {ITEM + "/properties/id"}
    assert sorted(op for d in diffs for op in d.operations) == ["GET /items/{id}", "POST /items", "POST /items"]


def test_read_only_properties_are_not_missing_from_requests() -> None:
    their = theirs()
    schema = their["paths"]["/items"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    schema["properties"]["created"] = {"type": "string", "readOnly": True}
    assert run(ours(), their) == []


def _api_key_param(required: bool = True) -> Spec:
    return {"name": "api_key", "in": "query", "required": required, "schema": {"type": "string"}}


def test_api_key_credential_as_a_parameter_is_not_drift() -> None:
    mine = ours()
    mine["components"]["securitySchemes"] = {"key": {"type": "apiKey", "in": "query", "name": "api_key"}}
    mine["security"] = [{"key": []}]
    their = theirs()
    _get_op(their)["parameters"].append(_api_key_param())
    assert run(mine, their) == []
    # the other way round, and with the requirement on the operation only
    mine, their = ours(), theirs()
    _get_op(mine)["parameters"].append(_api_key_param())
    their["components"]["securitySchemes"] = {"key": {"type": "apiKey", "in": "query", "name": "api_key"}}
    _get_op(their)["security"] = [{"key": []}]
    assert run(mine, their) == []


def test_an_api_key_parameter_is_skipped_only_where_the_other_side_sends_it_as_a_scheme() -> None:
    """A scheme that exists but does not secure the operation (a public endpoint) leaves the parameter a real
    difference; a credential declared as a parameter on both sides is compared like any parameter."""
    mine = ours()
    mine["components"]["securitySchemes"] = {"key": {"type": "apiKey", "in": "query", "name": "api_key"}}
    mine["security"] = [{"key": []}]
    _get_op(mine)["security"] = []
    their = theirs()
    _get_op(their)["parameters"].append(_api_key_param())
    assert found(run(mine, their)) == {("parameter-missing", OP, "api_key")}

    mine["security"], _get_op(mine)["security"] = [{"key": []}], [{"key": []}]
    _get_op(mine)["parameters"].append(_api_key_param(required=False))
    assert found(run(mine, their)) == {("parameter-required", OP + "/parameters/2", "api_key")}


# acknowledgement -----------------------------------------------------------------------------------------------


def _entry(rule: str, **narrow: Any) -> Spec:
    return {"rule": rule, "what": "w", "why": "y", "evidence": "e", **narrow}


def _enum_pair(*values: str) -> tuple[Spec, Spec]:
    their = theirs()
    _their_item(their)["properties"]["state"]["enum"].extend(values)
    return ours(), their


def _ack(mine: Spec, their: Spec) -> tuple[list[Difference], list[Deviation]]:
    diffs = run(mine, their)
    return diffs, acknowledge(diffs, collect_deviations(mine))


def test_an_entry_on_the_node_with_the_same_rule_acknowledges() -> None:
    mine, their = _enum_pair("sent")
    mine["components"]["schemas"]["Item"]["properties"]["state"]["x-deviation"] = [_entry("schema-enum")]
    diffs, stale = _ack(mine, their)
    assert [d.acknowledged_by for d in diffs] == [ITEM + "/properties/state/x-deviation/0"]
    assert stale == []


@pytest.mark.parametrize(
    ("where", "entry"),
    [
        (ITEM, _entry("schema-enum")),  # the parent object, not the node
        (ITEM + "/properties/state", _entry("schema-type")),  # another rule
        (ITEM + "/properties/state", _entry("schema-enum", value="other")),  # another value
        (ITEM + "/properties/state", _entry("schema-enum", property="state")),  # property narrows to nothing here
    ],
)
def test_an_entry_elsewhere_or_for_something_else_does_not_acknowledge_and_is_stale(where: str, entry: Spec) -> None:
    mine, their = _enum_pair("sent")
    node = mine
    for token in where.strip("/").split("/"):
        node = node[token]
    node["x-deviation"] = [entry]
    diffs, stale = _ack(mine, their)
    assert [d.acknowledged_by for d in diffs] == [None]
    assert [d.pointer for d in stale] == [where + "/x-deviation/0"]


def test_value_narrows_to_one_enum_value() -> None:
    mine, their = _enum_pair("sent", "lost")
    mine["components"]["schemas"]["Item"]["properties"]["state"]["x-deviation"] = [_entry("schema-enum", value="sent")]
    diffs, stale = _ack(mine, their)
    assert {d.value: d.acknowledged_by is not None for d in diffs} == {"sent": True, "lost": False}
    assert stale == []


def test_property_narrows_to_one_property() -> None:
    mine, their = ours(), theirs()
    _their_item(their)["required"] += ["name", "state"]
    mine["components"]["schemas"]["Item"]["x-deviation"] = [_entry("schema-required", property="name")]
    diffs, stale = _ack(mine, their)
    assert {d.prop: d.acknowledged_by is not None for d in diffs} == {"name": True, "state": False}
    assert stale == []


def test_operation_missing_is_acknowledged_on_the_root_by_operation() -> None:
    mine, their = ours(), theirs()
    their["paths"]["/things/{thingId}"] = {"get": {"responses": {"200": {"description": "ok"}}}}
    their["paths"]["/others"] = {"get": {"responses": {"200": {"description": "ok"}}}}
    mine["x-deviation"] = [_entry("operation-missing", operation="GET /things/{id}"), _entry("operation-missing", operation="GET /gone")]
    diffs, stale = _ack(mine, their)
    assert {d.after: d.acknowledged_by for d in diffs} == {"GET /things/{thingId}": "/x-deviation/0", "GET /others": None}
    assert [d.pointer for d in stale] == ["/x-deviation/1"]


def test_status_value_matches_an_integer_entry() -> None:
    mine, their = ours(), theirs()
    _get_op(their)["responses"]["429"] = {"description": "slow down"}
    _get_op(mine)["x-deviation"] = [_entry("status-missing", value=429)]
    diffs, stale = _ack(mine, their)
    assert [d.acknowledged_by for d in diffs] == [OP + "/x-deviation/0"] and stale == []


# command line ---------------------------------------------------------------------------------------------------


@pytest.fixture
def files(tmp_path: Path) -> Callable[[Spec, Spec], list[str]]:
    def write(mine: Spec, their: Spec) -> list[str]:
        spec, published = tmp_path / "openapi.yaml", tmp_path / "published.json"
        spec.write_text(yaml.safe_dump(mine, sort_keys=False), encoding="utf-8")
        published.write_text(json.dumps(their), encoding="utf-8")
        return ["acme", "--spec", str(spec), "--against", str(published)]

    return write


def test_cli_exit_0_when_everything_is_acknowledged(files: Callable[[Spec, Spec], list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    mine, their = _enum_pair("sent")
    mine["components"]["schemas"]["Item"]["properties"]["state"]["x-deviation"] = [_entry("schema-enum")]
    assert drift_main(files(mine, their)) == 0
    out = capsys.readouterr().out
    assert "GET /items/{id}" in out and "ack   schema-enum" in out
    assert "1 differences: 1 acknowledged, 0 unacknowledged (at 0 nodes of our spec); 0 stale" in out


def test_cli_exit_1_and_located_table(files: Callable[[Spec, Spec], list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    args = files(*_enum_pair("sent"))
    assert drift_main(args) == 1
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "UNACK schema-enum" in x)
    spec_lines = Path(args[2]).read_text(encoding="utf-8").splitlines()
    location = line.split()[2]
    file, row, _col = location.rsplit(":", 2)
    assert file.endswith("openapi.yaml") and spec_lines[int(row) - 2].strip() == "state:"  # the node starts below its key
    assert "published.json#/paths/~1items~1{itemId}/get" in line
    assert "schema-enum" in out.split("unack")[-1]


def test_cli_stale_entry_fails(files: Callable[[Spec, Spec], list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    mine = ours()
    mine["components"]["schemas"]["Item"]["x-deviation"] = [_entry("schema-type")]
    assert drift_main([*files(mine, theirs()), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["stale"] == 1 and report["summary"]["total"] == 0 and report["summary"]["unacknowledged_nodes"] == 0
    assert report["stale"][0]["pointer"] == ITEM + "/x-deviation/0"
    assert report["summary"]["rules"] == {"deviation-stale": {"total": 1, "acknowledged": 0, "unacknowledged": 1}}


def test_cli_json_and_markdown(files: Callable[[Spec, Spec], list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    args = files(*_enum_pair("sent", "lost"))
    assert drift_main([*args, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["rules"] == {"schema-enum": {"total": 2, "acknowledged": 0, "unacknowledged": 2}}
    assert report["summary"]["unacknowledged_nodes"] == 1  # both values sit on the one enum schema
    assert {d["value"] for d in report["differences"]} == {"sent", "lost"}
    assert all(d["location"].split(":")[0].endswith("openapi.yaml") and d["level"] for d in report["differences"])
    assert drift_main([*args, "--format", "markdown"]) == 1
    markdown = capsys.readouterr().out
    assert "| `schema-enum` | 2 | 0 | 2 |" in markdown
    assert markdown.count("| GET /items/{id} | `schema-enum` | **no** |") == 2


def test_cli_usage_errors_exit_2(files: Callable[[Spec, Spec], list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = files(ours(), theirs())
    assert drift_main([*args, "--format", "xml"]) == 2
    assert drift_main(["no-such-vendor"]) == 2
    assert "known vendors" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert drift_main([*args[:3], "--against", str(broken)]) == 2
    assert "broken.json" in capsys.readouterr().err


def test_cli_shared_folder_absent_or_vendor_without_published_files(
    files: Callable[[Spec, Spec], list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec_args = files(ours(), theirs())[:3]
    assert drift_main([*spec_args, "--shared", str(tmp_path / "absent")]) == 3
    assert "shared folder" in capsys.readouterr().err
    (tmp_path / "shared" / "vendor-docs" / "acme").mkdir(parents=True)
    assert drift_main([*spec_args, "--shared", str(tmp_path / "shared")]) == 0
    assert "publishes no OpenAPI description" in capsys.readouterr().out
    published = tmp_path / "shared" / "vendor-docs" / "acme" / "published"
    published.mkdir()
    (published / "api.json").write_text(json.dumps(theirs()), encoding="utf-8")
    assert drift_main([*spec_args, "--shared", str(tmp_path / "shared")]) == 0
    assert "0 differences" in capsys.readouterr().out


def test_run_drift_reads_yaml_published_files(tmp_path: Path) -> None:
    spec, published = tmp_path / "openapi.yaml", tmp_path / "published.yaml"
    spec.write_text(yaml.safe_dump(ours()), encoding="utf-8")
    their = copy.deepcopy(theirs())
    _get_op(their)["responses"][429] = {"description": "slow"}  # YAML int keys, as the vendor files have them
    published.write_text(yaml.safe_dump(their), encoding="utf-8")
    result = run_drift("acme", spec, [published])
    assert [(d.rule, d.value) for d in result.differences] == [("status-missing", "429")]
    assert not result.ok


def test_union_alternatives_pair_by_discriminator_values_and_last_single_pair() -> None:
    mine, their = ours(), theirs()
    problem = {"type": "object", "properties": {"type": {"type": "string", "enum": ["x"]}, "title": {"type": "string"}}}
    mine["components"]["schemas"]["Item"]["properties"]["pay"] = {
        "oneOf": [
            {**problem, "properties": {**problem["properties"], "type": {"type": "string", "enum": ["a"]}}},
            {**problem, "properties": {**problem["properties"], "type": {"type": "string", "enum": ["b"]}}},
        ]
    }
    _their_item(their)["properties"]["pay"] = {
        "anyOf": [
            {**problem, "properties": {**problem["properties"], "type": {"const": "b", "type": "string"}}},
            {**problem, "properties": {**problem["properties"], "type": {"const": "a", "type": "string"}}},
        ]
    }
    diffs = [d for d in run(mine, their) if d.operations == ["GET /items/{id}"]]
    assert diffs == []
    # one alternative left on each side (no common property) is still compared, not reported as unpairable
    _their_item(their)["properties"]["pay"]["anyOf"][1] = {"type": "object", "properties": {"iban": {"type": "string"}}}
    diffs = [d for d in run(mine, their) if d.operations == ["GET /items/{id}"]]
    assert {d.rule for d in diffs} == {"property-extra", "property-missing"}


@pytest.mark.timeout(20)
def test_branching_recursive_schemas_are_compared_once_per_pair() -> None:
    """Without the once-per-pair rule a tree with two recursive branches takes 2**depth steps."""
    mine, their = ours(), theirs()
    tree = {"type": "object", "properties": {"label": {"type": "string"}}}
    mine["components"]["schemas"]["Node"] = copy.deepcopy(tree)
    their["components"]["schemas"]["Node"] = copy.deepcopy(tree)
    for spec in (mine, their):
        for branch in ("left", "right", "up"):
            spec["components"]["schemas"]["Node"]["properties"][branch] = {"$ref": "#/components/schemas/Node"}
    their["components"]["schemas"]["Node"]["properties"]["label"]["type"] = "integer"
    _their_item(their)["properties"]["parent"] = {"$ref": "#/components/schemas/Node"}
    their["paths"]["/items"]["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"]["parent"] = {
        "$ref": "#/components/schemas/Node"
    }
    their["paths"]["/items"]["post"]["responses"]["201"]["content"]["application/json"]["schema"]["properties"]["parent"] = {
        "$ref": "#/components/schemas/Node"
    }
    assert found(run(mine, their)) == {("schema-type", "/components/schemas/Node/properties/label", None)}


def test_status_ranges_match_whatever_their_case() -> None:
    mine, their = ours(), theirs()
    _get_op(mine)["responses"]["4XX"] = {"description": "client error"}
    _get_op(their)["responses"]["4xx"] = {"description": "client error"}
    assert run(mine, their) == []


def test_an_entry_matches_only_a_difference_at_its_own_node() -> None:
    mine, their = _enum_pair("sent")
    (diff,) = run(mine, their)
    assert Deviation(ITEM + "/properties/state", 0, _entry("schema-enum")).matches(diff)
    assert not Deviation(ITEM, 0, _entry("schema-enum")).matches(diff)


def test_cli_against_takes_several_files(
    files: Callable[[Spec, Spec], list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine, their = ours(), theirs()
    more = {
        "openapi": "3.1.0",
        "info": {"title": "v3", "version": "1"},
        "paths": {"/v3/things": {"get": {"responses": {"200": {"description": "ok"}}}}},
    }
    args = files(mine, their)
    (tmp_path / "more.json").write_text(json.dumps(more), encoding="utf-8")
    assert drift_main([*args, str(tmp_path / "more.json"), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [Path(a).name for a in report["against"]] == ["published.json", "more.json"]
    assert [(d["rule"], Path(d["their_file"]).name, d["after"]) for d in report["differences"]] == [
        ("operation-missing", "more.json", "GET /v3/things")
    ]


def test_generator_cli_delegates_drift_and_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    assert main(["drift", "--help"]) == 0
    assert "--against FILE" in capsys.readouterr().out
    assert main(["drift", "no-such-vendor"]) == 2


def test_an_exploded_object_query_parameter_is_one_parameter_per_property() -> None:
    their = theirs()
    _get_op(their)["parameters"][1] = {
        "name": "query",
        "in": "query",
        "required": True,
        "schema": {
            "type": "object",
            "required": ["lang"],
            "properties": {"fields": {"type": "array", "items": {"type": "string"}}, "lang": {"type": "string"}},
        },
    }
    diffs = run(ours(), their)
    assert [(d.rule, d.prop, d.theirs) for d in diffs] == [
        ("parameter-missing", "lang", "/paths/~1items~1{itemId}/get/parameters/1/schema/properties/lang")
    ]
    assert "required" in diffs[0].message


def test_properties_of_an_optional_object_parameter_are_optional() -> None:
    """The object's `required` binds only a caller who sends the object at all (InvoiceXpress list filters)."""
    their = theirs()
    _get_op(their)["parameters"][1] = {
        "name": "query",
        "in": "query",
        "schema": {"type": "object", "required": ["lang"], "properties": {"lang": {"type": "string"}}},
    }
    mine = ours()
    _get_op(mine)["parameters"][1] = {"name": "lang", "in": "query", "schema": {"type": "string"}}
    assert [d.rule for d in run(mine, their) if d.rule.startswith("parameter")] == []


def _typed_paths(*names: str) -> Spec:
    spec = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    for name in names:
        param = {"name": name, "in": "path", "required": True, "schema": {"type": "string", "enum": [name]}}
        spec["paths"][f"/{{{name}}}.json"] = {
            "post": {"operationId": name, "parameters": [param], "responses": {"201": {"description": "ok"}}}
        }
    return spec


def test_operations_of_one_path_shape_pair_by_path_and_never_by_guesswork() -> None:
    their = _typed_paths("invoices-type", "guides-type")
    their["paths"]["/{guides-type}.json"]["post"]["responses"]["422"] = {"description": "invalid"}
    diffs = run(_typed_paths("invoices-type", "guides-type"), their)
    assert [(d.rule, d.operation) for d in diffs] == [("status-missing", "POST /{guides-type}.json")]
    # one left on each side: the same shape pairs them (names of path parameters differ freely)
    assert [d.rule for d in run(_typed_paths("invoices-type", "guides-type"), _typed_paths("invoices-type", "kind"))] == ["schema-enum"] * 2
    # two left on each side: no pairing is guessed, all four are reported
    diffs = run(_typed_paths("a", "b"), _typed_paths("x", "y"))
    assert sorted((d.rule, d.operation) for d in diffs) == [
        ("operation-extra", "POST /{a}.json"),
        ("operation-extra", "POST /{b}.json"),
        ("operation-missing", "POST /{x}.json"),
        ("operation-missing", "POST /{y}.json"),
    ]


def test_an_operation_published_twice_is_compared_with_both_files() -> None:
    mine, second = _typed_paths("a"), _typed_paths("a")
    second["paths"]["/{a}.json"]["post"]["responses"]["422"] = {"description": "invalid"}
    diffs = compare(mine, [Published("one.json", _typed_paths("a")), Published("two.json", second)])
    assert [(d.rule, d.their_file) for d in diffs] == [("status-missing", "two.json")]


def test_union_alternatives_pair_by_property_types_not_only_names() -> None:
    """Both of our alternatives share the vendor's property name; the one whose type agrees is its pair
    (InvoiceXpress: `{errors: {error}}` must pair with our object form, not with the list form)."""
    object_form = {"type": "object", "properties": {"errors": {"type": "object", "properties": {"error": {"type": "string"}}}}}
    mine, their = ours(), theirs()
    mine["components"]["schemas"]["Item"]["properties"]["errors"] = {
        "oneOf": [object_form, {"type": "object", "properties": {"errors": {"type": "array", "items": {"type": "string"}}}}]
    }
    their_union = {"oneOf": [object_form, {"type": "object", "properties": {"message": {"type": "string"}}}]}
    for schema in _their_item_schemas(their):
        schema["properties"]["errors"] = copy.deepcopy(their_union)
    inner = [(d.rule, d.ours) for d in run(mine, their) if "/oneOf/" in d.ours]
    assert ("schema-type", "/components/schemas/Item/properties/errors/oneOf/1/properties/errors") not in inner, inner


def _their_item_schemas(their: Spec) -> list[Spec]:
    post = their["paths"]["/items"]["post"]
    get = next(v for k, v in their["paths"].items() if k.startswith("/items/"))["get"]
    return [
        post["requestBody"]["content"]["application/json"]["schema"],
        post["responses"]["201"]["content"]["application/json"]["schema"],
        get["responses"]["200"]["content"]["application/json"]["schema"],
    ]


# allOf merged deeply -------------------------------------------------------------------------------------------


def _financials_ours() -> Spec:
    mine = ours()
    mine["components"]["schemas"]["Item"]["properties"]["financials"] = {
        "type": "object",
        "properties": {
            "currency": {"type": "string"},
            "tax": {"type": "object", "properties": {"rate": {"type": "number"}, "notice": {"type": "boolean"}}},
        },
    }
    return mine


def _financials_theirs() -> Spec:
    """The vendor's (Xentral V3 `Invoice`) way: each allOf member declares a part of `financials`, one of them
    the outer schema itself, and `tax` is split again between two members."""
    their = theirs()
    for schema in _their_item_schemas(their):
        schema["properties"]["financials"] = {"type": "object", "properties": {"currency": {"type": "string"}}}
        schema["allOf"] = [
            {"$ref": "#/components/schemas/TaxRate"},
            {"properties": {"financials": {"properties": {"tax": {"properties": {"notice": {"type": "boolean"}}}}}}},
        ]
    their["components"]["schemas"]["TaxRate"] = {
        "type": "object",
        "properties": {
            "financials": {"type": "object", "properties": {"tax": {"type": "object", "properties": {"rate": {"type": "number"}}}}}
        },
    }
    return their


def test_allof_members_that_each_declare_part_of_a_property_are_merged_all_the_way_down() -> None:
    """Merged shallowly, one member's `financials` hid the others': currency and tax.rate read as extra."""
    assert run(_financials_ours(), _financials_theirs()) == []


def test_a_difference_inside_one_allof_member_is_still_reported_at_our_node() -> None:
    their = _financials_theirs()
    their["components"]["schemas"]["TaxRate"]["properties"]["financials"]["properties"]["tax"]["properties"]["rate"]["type"] = "string"
    mine = _financials_ours()
    mine["components"]["schemas"]["Item"]["properties"]["financials"]["properties"]["tax"]["properties"]["due"] = {"type": "string"}
    tax = ITEM + "/properties/financials/properties/tax/properties"
    diffs = run(mine, their)
    assert found(diffs) == {("schema-type", tax + "/rate", None), ("property-extra", tax + "/due", "due")}
    (typed,) = [d for d in diffs if d.rule == "schema-type"]
    assert typed.theirs == "/components/schemas/TaxRate/properties/financials/properties/tax/properties/rate"


def test_our_allof_members_are_merged_deeply_too_and_an_extra_is_located_in_its_member() -> None:
    mine = ours()
    item = mine["components"]["schemas"]["Item"]
    mine["components"]["schemas"]["Item"] = {"allOf": [item, {"properties": {"parent": {"properties": {"rank": {"type": "integer"}}}}}]}
    diffs = run(mine, theirs())
    assert found(diffs) == {("property-extra", ITEM + "/allOf/1/properties/parent/properties/rank", "rank")}


def test_a_property_declared_in_several_members_is_nullable_only_when_every_declaration_is() -> None:
    mine, their = ours(), theirs()
    mine["components"]["schemas"]["Item"]["properties"]["note"] = {"type": "string", "nullable": True}
    for schema in _their_item_schemas(their):
        schema["allOf"] = [{"properties": {"note": {"type": "string"}}}, {"properties": {"note": {"type": ["string", "null"]}}}]
    assert found(run(mine, their)) == {("schema-nullable", ITEM + "/properties/note", None)}
    for schema in _their_item_schemas(their):
        schema["allOf"][0]["properties"]["note"]["type"] = ["string", "null"]
    assert run(mine, their) == []


def test_union_alternatives_pair_by_a_discriminator_that_one_allof_member_narrows() -> None:
    """Xentral problem types: `type` is a plain string in the shared base and an enum in each type's own member;
    the alternatives must still pair by those values, whatever order they are listed in."""
    base = {"type": "object", "properties": {"type": {"type": "string"}, "title": {"type": "string"}}}

    def problem(kind: str) -> Spec:
        own = {"type": {"type": "string", "enum": [kind]}, "detail": {"type": "string"}}
        return {"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "properties": own}]}

    mine, their = ours(), theirs()
    mine["components"]["schemas"].update(Base=base, A=problem("a"), B=problem("b"))
    mine["components"]["schemas"]["Item"]["properties"]["problem"] = {
        "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]
    }
    their["components"]["schemas"]["Base"] = base
    for schema in _their_item_schemas(their):
        schema["properties"]["problem"] = {"oneOf": [problem("b"), problem("a")]}
    assert run(mine, their) == []


# property-extra of a $ref property ----------------------------------------------------------------------------


def test_an_extra_property_that_refers_to_a_component_is_reported_at_the_property() -> None:
    """Reported at the referenced component, one entry there would acknowledge every property of that name
    referring to it, wherever it is used."""
    mine = ours()
    mine["components"]["schemas"]["Item"]["properties"]["coach"] = {"$ref": "#/components/schemas/Person"}
    assert found(run(mine, theirs())) == {("property-extra", ITEM + "/properties/coach", "coach")}
    mine["components"]["schemas"]["Person"]["x-deviation"] = [_entry("property-extra", property="coach")]
    diffs, stale = _ack(mine, theirs())
    assert {d.acknowledged_by for d in diffs} == {None} and len(stale) == 1
    del mine["components"]["schemas"]["Person"]["x-deviation"]
    mine["components"]["schemas"]["Item"]["properties"]["coach"]["x-deviation"] = [_entry("property-extra")]
    diffs, stale = _ack(mine, theirs())
    assert {d.acknowledged_by for d in diffs} == {ITEM + "/properties/coach/x-deviation/0"} and stale == []


def test_a_read_only_flag_in_one_allof_declaration_hides_the_property_from_requests() -> None:
    their = theirs()
    schema = their["paths"]["/items"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    schema["allOf"] = [
        {"properties": {"created": {"type": "string"}}},
        {"properties": {"created": {"readOnly": True}}},
    ]
    assert run(ours(), their) == []
