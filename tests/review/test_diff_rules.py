"""One spec change per diff rule: each must be detected with the right rule id and classification.

Every case edits a copy of the clean fixture spec (base, head, or both) and names the rule and level it
expects, so a change to the catalog's classification fails here and has to be made on purpose.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from generator.review.catalog import DIFF_RULES, Level
from generator.review.diff import diff_specs

Spec = dict[str, Any]
Edit = Callable[[Spec], None]
B, P, N = Level.BREAKING, Level.POTENTIALLY_BREAKING, Level.NON_BREAKING


def op(spec: Spec, path: str, method: str) -> dict[str, Any]:
    result: dict[str, Any] = spec["paths"][path][method]
    return result


def schema(spec: Spec, name: str) -> dict[str, Any]:
    result: dict[str, Any] = spec["components"]["schemas"][name]
    return result


def param(spec: Spec, name: str) -> dict[str, Any]:
    return next(p for p in op(spec, "/orders", "get")["parameters"] if p["name"] == name)


def nothing(spec: Spec) -> None:
    pass


def _set(target: Callable[[Spec], dict[str, Any]], key: str, value: Any) -> Edit:
    def edit(spec: Spec) -> None:
        target(spec)[key] = value

    return edit


def _del(target: Callable[[Spec], dict[str, Any]], key: str) -> Edit:
    def edit(spec: Spec) -> None:
        del target(spec)[key]

    return edit


def listing(spec: Spec) -> dict[str, Any]:
    return op(spec, "/orders", "get")


def create(spec: Spec) -> dict[str, Any]:
    return op(spec, "/orders", "post")


def retrieve(spec: Spec) -> dict[str, Any]:
    return op(spec, "/orders/{id}", "get")


def order(spec: Spec) -> dict[str, Any]:
    return schema(spec, "Order")


def order_props(spec: Spec) -> dict[str, Any]:
    found: dict[str, Any] = schema(spec, "Order")["properties"]
    return found


def line_props(spec: Spec) -> dict[str, Any]:
    found: dict[str, Any] = schema(spec, "Line")["properties"]
    return found


def new_order_props(spec: Spec) -> dict[str, Any]:
    found: dict[str, Any] = schema(spec, "NewOrder")["properties"]
    return found


def ok_content(spec: Spec) -> dict[str, Any]:
    found: dict[str, Any] = retrieve(spec)["responses"]["200"]["content"]
    return found


def request_content(spec: Spec) -> dict[str, Any]:
    found: dict[str, Any] = create(spec)["requestBody"]["content"]
    return found


def schemes(spec: Spec) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["securitySchemes"]
    return found


def add_param(name: str, required: bool) -> Edit:
    def edit(spec: Spec) -> None:
        listing(spec)["parameters"].append({"name": name, "in": "query", "required": required, "schema": {"type": "string"}})

    return edit


def both(*edits: Edit) -> Edit:
    def edit(spec: Spec) -> None:
        for each in edits:
            each(spec)

    return edit


def require(name: str, field: str, add: bool = True) -> Edit:
    def edit(spec: Spec) -> None:
        required = schema(spec, name).setdefault("required", [])
        (required.append if add else required.remove)(field)

    return edit


INVOICES = {"get": {"operationId": "listInvoices", "responses": {"200": {"description": "ok"}}}}
UNIT = {"type": "string", "enum": ["kg", "pc"]}

# (rule, expected level, edit base, edit head)
CASES: list[tuple[str, Level, Edit, Edit]] = [
    ("operation-added", N, nothing, lambda s: s["paths"].__setitem__("/invoices", INVOICES)),
    ("operation-removed", B, nothing, lambda s: s["paths"].pop("/orders/{id}")),
    ("operation-renamed", B, nothing, _set(listing, "operationId", "fetchOrders")),
    ("operation-id-changed", N, nothing, both(_set(listing, "operationId", "listAllOrders"), _set(listing, "x-name", "list_orders"))),
    ("operation-deprecated", N, nothing, _set(listing, "deprecated", True)),
    ("parameter-added-required", B, nothing, add_param("since", True)),
    ("parameter-added-optional", N, nothing, add_param("since", False)),
    ("parameter-removed", B, nothing, lambda s: listing(s)["parameters"].pop()),
    ("parameter-became-required", B, nothing, lambda s: param(s, "limit").__setitem__("required", True)),
    ("parameter-became-optional", N, lambda s: param(s, "limit").__setitem__("required", True), nothing),
    ("parameter-location-changed", B, nothing, lambda s: param(s, "limit").__setitem__("in", "header")),
    ("parameter-type-changed", B, nothing, lambda s: param(s, "limit")["schema"].__setitem__("type", "string")),
    ("parameter-type-widened", N, nothing, lambda s: param(s, "limit")["schema"].__setitem__("type", "number")),
    ("parameter-enum-value-removed", B, nothing, lambda s: param(s, "status")["schema"].__setitem__("enum", ["open"])),
    ("parameter-enum-value-added", N, nothing, lambda s: param(s, "status")["schema"]["enum"].append("void")),
    ("parameter-constraint-tightened", B, nothing, lambda s: param(s, "limit")["schema"].__setitem__("maximum", 50)),
    ("request-body-added-required", B, _del(create, "requestBody"), nothing),
    ("request-body-added-optional", N, _del(create, "requestBody"), lambda s: create(s)["requestBody"].__setitem__("required", False)),
    ("request-body-removed", B, nothing, _del(create, "requestBody")),
    ("request-body-became-required", B, lambda s: create(s)["requestBody"].__setitem__("required", False), nothing),
    ("request-content-type-added", N, nothing, lambda s: request_content(s).__setitem__("application/xml", {})),
    ("request-content-type-removed", B, lambda s: request_content(s).__setitem__("application/xml", {}), nothing),
    (
        "request-field-added-required",
        B,
        nothing,
        both(_set(new_order_props, "customer", {"type": "integer"}), require("NewOrder", "customer")),
    ),
    ("request-field-added-optional", N, nothing, _set(new_order_props, "note", {"type": "string"})),
    ("request-field-removed", B, nothing, _del(line_props, "sku")),
    ("request-field-became-required", B, _set(line_props, "unit", UNIT), both(_set(line_props, "unit", UNIT), require("Line", "unit"))),
    ("request-field-became-optional", N, nothing, require("Line", "quantity", add=False)),
    ("request-field-type-changed", B, nothing, lambda s: line_props(s)["quantity"].__setitem__("type", "string")),
    ("request-field-type-widened", N, nothing, lambda s: line_props(s)["quantity"].__setitem__("type", "number")),
    ("request-enum-value-removed", B, _set(line_props, "unit", UNIT), _set(line_props, "unit", {**UNIT, "enum": ["kg"]})),
    ("request-enum-value-added", N, _set(line_props, "unit", UNIT), _set(line_props, "unit", {**UNIT, "enum": ["kg", "pc", "m"]})),
    ("request-constraint-tightened", B, nothing, lambda s: line_props(s)["quantity"].__setitem__("minimum", 2)),
    ("response-success-added", P, nothing, lambda s: listing(s)["responses"].__setitem__("206", {"description": "partial"})),
    ("response-success-removed", B, nothing, lambda s: retrieve(s)["responses"].pop("200")),
    ("response-error-added", P, nothing, lambda s: listing(s)["responses"].__setitem__("404", {"description": "none"})),
    ("response-error-removed", N, nothing, lambda s: listing(s)["responses"].pop("400")),
    ("response-content-type-added", P, nothing, lambda s: ok_content(s).__setitem__("text/csv", {})),
    ("response-content-type-removed", B, lambda s: ok_content(s).__setitem__("text/csv", {}), nothing),
    ("response-body-added", N, lambda s: create(s)["responses"]["201"].pop("content"), nothing),
    ("response-body-removed", B, nothing, lambda s: create(s)["responses"]["201"].pop("content")),
    ("response-field-added", N, nothing, _set(order_props, "currency", {"type": "string"})),
    ("response-field-removed", B, nothing, _del(order_props, "total")),
    ("response-field-became-optional", P, nothing, require("Order", "status", add=False)),
    ("response-field-became-required", N, nothing, require("Order", "total")),
    ("response-field-became-nullable", P, nothing, lambda s: order_props(s)["status"].__setitem__("nullable", True)),
    ("response-field-type-changed", B, nothing, lambda s: order_props(s)["id"].__setitem__("type", "string")),
    ("response-field-type-narrowed", N, nothing, lambda s: order_props(s)["total"].__setitem__("type", "integer")),
    ("response-enum-value-added", P, nothing, lambda s: order_props(s)["status"]["enum"].append("void")),
    ("response-enum-value-removed", N, nothing, lambda s: order_props(s)["status"].__setitem__("enum", ["open"])),
    ("response-constraint-loosened", P, lambda s: order_props(s)["id"].__setitem__("maximum", 100), nothing),
    ("security-tightened", B, nothing, _set(retrieve, "security", [{"token": [], "signature": []}])),
    ("security-loosened", N, nothing, _set(retrieve, "security", [{"token": []}, {}])),
    ("security-scheme-changed", B, nothing, _set(schemes, "token", {"type": "http", "scheme": "basic"})),
    ("security-scheme-added", N, nothing, _set(schemes, "key", {"type": "apiKey", "in": "query", "name": "api_key"})),
    ("security-scheme-removed", B, _set(schemes, "legacy", {"type": "http", "scheme": "basic"}), nothing),
    ("server-added", N, nothing, lambda s: s["servers"].append({"url": "https://eu.acme.example/api"})),
    ("server-removed", P, nothing, lambda s: s["servers"][0].__setitem__("url", "https://acme.example/api")),
    ("server-variable-changed", P, nothing, lambda s: s["servers"][0]["variables"]["tenant"].__setitem__("default", "prod")),
    ("package-renamed", B, nothing, lambda s: s["x-codegen"].__setitem__("package", "acme")),
    ("spec-other-changed", N, nothing, lambda s: s["info"].__setitem__("description", "now with prose")),
]


@pytest.mark.parametrize(("rule", "level", "edit_base", "edit_head"), CASES, ids=[c[0] for c in CASES])
def test_rule(acme: Spec, rule: str, level: Level, edit_base: Edit, edit_head: Edit) -> None:
    base, head = acme, copy.deepcopy(acme)
    edit_base(base)
    edit_head(head)
    changes = diff_specs(base, head)
    fired = [c for c in changes if c.rule == rule]
    assert fired, f"{rule} did not fire; got {[(c.rule, c.subject, c.message) for c in changes]}"
    assert all(c.level is level for c in fired)


def test_every_diff_rule_has_a_case() -> None:
    assert {c[0] for c in CASES} == set(DIFF_RULES)


def test_identical_specs_have_no_changes(acme: Spec) -> None:
    assert diff_specs(acme, copy.deepcopy(acme)) == []


def test_version_only_change_is_not_a_change(acme: Spec) -> None:
    head = copy.deepcopy(acme)
    head["x-codegen"]["version"] = "9.9.9"
    assert diff_specs(acme, head) == []


def _rules(base: Spec, head: Spec) -> list[tuple[str, str]]:
    return [(c.rule, c.subject) for c in diff_specs(base, head)]


def test_shared_schema_change_is_reported_once_with_its_operations(acme: Spec) -> None:
    head = copy.deepcopy(acme)
    del schema(head, "Error")["properties"]["message"]
    (change,) = diff_specs(acme, head)
    assert (change.rule, change.subject) == ("response-field-removed", "Error.message")
    assert change.operations == ("GET /customers", "GET /orders", "GET /orders/{id}", "POST /orders")


def test_recursive_schemas_terminate_and_still_compare(acme: Spec) -> None:
    for spec in (acme, head := copy.deepcopy(acme)):
        schema(spec, "Order")["properties"]["children"] = {"type": "array", "items": {"$ref": "#/components/schemas/Branch"}}
        spec["components"]["schemas"]["Branch"] = {
            "type": "object",
            "properties": {"order": {"$ref": "#/components/schemas/Order"}, "depth": {"type": "integer"}},
        }
    schema(head, "Branch")["properties"]["depth"]["type"] = "string"
    assert ("response-field-type-changed", "Branch.depth") in _rules(acme, head)


def test_renamed_path_parameter_is_the_same_operation(acme: Spec) -> None:
    head = copy.deepcopy(acme)
    item = head["paths"].pop("/orders/{id}")
    item["parameters"][0]["name"] = "orderId"
    head["paths"]["/orders/{orderId}"] = item
    assert _rules(acme, head) == [("parameter-added-required", "GET /orders/{orderId}"), ("parameter-removed", "GET /orders/{orderId}")]


def test_required_nonce_is_not_a_required_argument(acme: Spec) -> None:
    head = copy.deepcopy(acme)
    create(head)["parameters"] = [{"name": "nonce", "in": "query", "required": True, "x-nonce": True, "schema": {"type": "integer"}}]
    assert _rules(acme, head) == [("parameter-added-optional", "POST /orders")]


def test_read_only_field_is_not_a_request_field(acme: Spec) -> None:
    head = copy.deepcopy(acme)
    schema(head, "Line")["properties"]["id"] = {"type": "integer", "readOnly": True}
    schema(head, "Line")["required"].append("id")
    assert [rule for rule, _ in _rules(acme, head)] == ["spec-other-changed"]  # the client never sends it


def test_union_alternative_added_to_a_response_breaks(acme: Spec) -> None:
    head = copy.deepcopy(acme)
    ok_content(head)["application/json"]["schema"] = {
        "oneOf": [{"$ref": "#/components/schemas/Order"}, {"$ref": "#/components/schemas/Error"}]
    }
    (change,) = diff_specs(acme, head)
    assert (change.rule, change.message, change.level) == ("response-field-type-changed", "oneOf alternative Error added", B)


def test_all_of_members_are_compared(acme: Spec) -> None:
    for spec in (acme, head := copy.deepcopy(acme)):
        spec["components"]["schemas"]["Priced"] = {
            "allOf": [{"$ref": "#/components/schemas/Order"}, {"properties": {"price": {"type": "number"}}}]
        }
        ok_content(spec)["application/json"]["schema"] = {"$ref": "#/components/schemas/Priced"}
    del schema(head, "Order")["properties"]["placed"]
    assert ("response-field-removed", "Priced.placed") in _rules(acme, head)


def test_security_superset_is_only_tightening(acme: Spec) -> None:
    head = copy.deepcopy(acme)
    retrieve(head)["security"] = [{"token": [], "signature": []}]
    assert [rule for rule, _ in _rules(acme, head)] == ["security-tightened"]
