"""normalize's own tree copy and scan stand in for copy.deepcopy and refs.walk: same results, less work."""

from __future__ import annotations

import copy

from generator.spec.normalize import _containers, _copy_tree
from generator.spec.refs import walk


def test_copy_tree_is_a_deepcopy_that_keeps_sharing() -> None:
    shared = {"name": "id", "in": "path", "schema": {"type": "string"}}
    tree = {"a": [shared, shared, 1.5, None, True, b"raw"], "b": {"c": shared, "d": [[], {}]}}
    copied = _copy_tree(tree)
    assert copied == copy.deepcopy(tree)
    assert copied["a"][0] is copied["a"][1] is copied["b"]["c"]  # one copy, as deepcopy makes
    assert copied["a"][0] is not shared and copied["a"][0]["schema"] is not shared["schema"]
    copied["b"]["d"][0].append(1)
    assert tree["b"]["d"] == [[], {}]


def test_containers_follow_walk_and_see_rewrites_before_descending() -> None:
    tree = {"x": [{"$ref": "old"}, {"y": {"z": 1}}], "w": "s"}
    assert list(_containers(tree)) == [value for _pointer, value in walk(tree)]
    seen = []
    for node in _containers({"swap": {"mapping": {"k": "v"}}}):
        seen.append(node)
        if isinstance(node, dict) and "mapping" in node:
            node["mapping"] = {"k": "new"}
    assert seen[-1] == "new"
