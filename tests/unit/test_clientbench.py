"""The client bench interleaves the contestants: each gets the same number of calls, in ABBA order, so a burst
of load from elsewhere cannot land on one of them only."""

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


def test_calls_alternate_in_abba_blocks_and_each_side_gets_them_all() -> None:
    bench = _clientbench()
    seen: list[str] = []
    first, second = bench._paired(lambda: seen.append("a"), lambda: seen.append("b"), 4 * bench.BLOCK)
    assert seen.count("a") == seen.count("b") == 4 * bench.BLOCK
    blocks = [seen[i] for i in range(0, len(seen), bench.BLOCK)]
    assert blocks == ["a", "b", "b", "a", "a", "b", "b", "a"]
    assert first > 0 and second > 0


def test_list_parses_alternate_and_the_median_is_reported() -> None:
    bench = _clientbench()
    order: list[str] = []
    items = [SimpleNamespace(id=i) for i in range(bench.LIST_ITEMS)]

    def parse(name: str) -> list[SimpleNamespace]:
        order.append(name)
        return items

    first, second = bench._paired_parses(lambda: parse("a"), lambda: parse("b"))
    assert order == ["a", "b", "b", "a", "a", "b", "b", "a", "a", "b", "b", "a"][: 2 * bench.PARSES]
    assert first > 0 and second > 0
