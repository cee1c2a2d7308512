"""The client bench interleaves the contestants: each gets the same number of calls and parses, taken in turn
forward then backward, so a burst of load from elsewhere cannot land on one of them only."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]


def _clientbench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("clientbench", ROOT / "bench" / "clientbench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["clientbench"] = module
    spec.loader.exec_module(module)
    return module


def test_calls_are_taken_in_blocks_forward_then_backward_and_each_side_gets_them_all() -> None:
    bench = _clientbench()
    seen: list[str] = []
    timings = bench._interleaved([lambda: seen.append("a"), lambda: seen.append("b"), lambda: seen.append("c")], 2 * bench.BLOCK)
    assert [seen.count(name) for name in "abc"] == [2 * bench.BLOCK] * 3
    assert [seen[i] for i in range(0, len(seen), bench.BLOCK)] == ["a", "b", "c", "c", "b", "a"]
    assert len(timings) == 3 and all(t > 0 for t in timings)


def test_list_parses_alternate_and_the_median_is_reported() -> None:
    bench = _clientbench()
    order: list[str] = []
    items = [SimpleNamespace(id=i) for i in range(bench.LIST_ITEMS)]

    def parse(name: str) -> list[SimpleNamespace]:
        order.append(name)
        return items

    first, second = bench._interleaved_parses([lambda: parse("a"), lambda: parse("b")])
    assert order == ["a", "b", "b", "a"] * (bench.PARSES // 2)
    assert first > 0 and second > 0
