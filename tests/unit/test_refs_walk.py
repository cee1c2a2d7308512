"""refs_outside_extensions: every mapping holding a `$ref`, in document order, with its pointer and whether
it sits inside an `x-` extension (a property *named* `x-...` is not one)."""

from __future__ import annotations

from generator.spec.refs import refs_outside_extensions


def test_refs_in_document_order_with_extension_flag() -> None:
    data = {
        "$ref": "#/top",
        "paths": {"/a": {"get": {"x-doc": {"link": {"$ref": "https://example.com"}, "list": [{"$ref": "#/in-list"}]}}}},
        "components": {
            "schemas": {
                "x-named": {"$ref": "#/components/schemas/B", "properties": {"x-prop": {"$ref": "#/p"}}},
                "B": {"allOf": [{"type": "string"}, {"$ref": "#/a/b"}, "scalar", [{"$ref": "#/nested"}]]},
            }
        },
    }
    found = [(pointer, node["$ref"], extension) for pointer, node, extension in refs_outside_extensions(data)]
    assert found == [
        ("", "#/top", False),
        ("/paths/~1a/get/x-doc/link", "https://example.com", True),
        ("/paths/~1a/get/x-doc/list/0", "#/in-list", True),
        ("/components/schemas/x-named", "#/components/schemas/B", False),
        ("/components/schemas/x-named/properties/x-prop", "#/p", False),
        ("/components/schemas/B/allOf/1", "#/a/b", False),
        ("/components/schemas/B/allOf/3/0", "#/nested", False),
    ]
    assert list(refs_outside_extensions("not a mapping")) == []


def test_objects_gives_walks_dicts_in_its_order_and_sees_edits_before_children() -> None:
    from generator.spec.refs import objects, walk

    data = {
        "a": {"b": [{"c": 1}, "s", [{"d": {}}]], "e": {"f": {"g": None}}},
        "h": [[[{"i": 2}]]],
        "j": {},
    }
    assert [id(node) for node in objects(data)] == [id(node) for _pointer, node in walk(data) if isinstance(node, dict)]
    assert list(objects([1, "x"])) == [] and list(objects({})) == [{}]

    seen = []
    for node in objects({"keep": {"drop": {"inner": {}}, "new": None}}):
        seen.append(sorted(node))
        if "drop" in node:  # a scan that removes a child before it is visited never meets it
            node.pop("drop")
            node["new"] = {"added": {}}
    assert seen == [["keep"], ["drop", "new"], ["added"], []]
