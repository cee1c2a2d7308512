"""Client-side timings for `bench/run.py`, run as a script in the virtualenv of the client under test.

`python clientbench.py ours PACKAGE_DIR ROUNDS` or `python clientbench.py opc PACKAGE_DIR ROUNDS` prints one
JSON object of per-round timings. Each round measures the contestants in the same process, interleaved (calls
in alternating blocks, list parses one by one, both in ABBA order), so a busy machine slows both alike and
the ratios stay meaningful; a round's list figure is the median of its parses.
Everything runs in-process over `httpx.MockTransport`: no sockets, the cost measured is the client's own.
Each list parse and each run of calls starts from a collected heap (`gc.collect()` outside the clock), so no
contestant pays for collecting the garbage the one before it left.
"""

from __future__ import annotations

import gc
import importlib
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

CALLS = 2_000
LIST_ITEMS = 10_000
LIST_ROUNDS_SCALE = 1


def _item(i: int) -> dict[str, Any]:
    return {
        "id": i,
        "name": f"item {i}",
        "price": 10.5 + i,
        "created_at": "2026-11-21T10:15:00+00:00",
        "status": "active" if i % 2 else "archived",
        "tags": ["a", "b"],
        "note": None,
    }


ONE = json.dumps(_item(1)).encode()
MANY = json.dumps([_item(i) for i in range(LIST_ITEMS)]).encode()


def _handler(request: httpx.Request) -> httpx.Response:
    body = MANY if request.url.path.endswith("/items") else ONE
    return httpx.Response(200, content=body, headers={"content-type": "application/json"})


def _per_call(fn: Callable[[], object], calls: int) -> float:
    gc.collect()
    started = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - started) / calls


BLOCK = 100


def _paired(first: Callable[[], object], second: Callable[[], object], calls: int) -> tuple[float, float]:
    """Seconds per call of `first` and `second`, measured in alternating blocks of BLOCK calls (ABBA order), so
    that a burst of load from elsewhere on the machine lands on both alike instead of on whichever ran then.
    The calls are about 0.1 ms each: one 2,000-call stretch per contestant let a single busy second move
    the ratio by several percent."""
    totals = [0.0, 0.0]
    gc.collect()
    for block in range(calls // BLOCK):
        order = (0, 1) if block % 2 == 0 else (1, 0)
        for which in order:
            fn = first if which == 0 else second
            started = time.perf_counter()
            for _ in range(BLOCK):
                fn()
            totals[which] += time.perf_counter() - started
    done = (calls // BLOCK) * BLOCK
    return totals[0] / done, totals[1] / done


PARSES = 6


def _one_parse(fn: Callable[[], Any]) -> float:
    """Seconds for one 10,000-item parse, from a collected heap; the result is checked, then freed untimed."""
    gc.collect()
    started = time.perf_counter()
    parsed = fn()
    seconds = time.perf_counter() - started
    assert len(parsed) == LIST_ITEMS and parsed[-1].id == LIST_ITEMS - 1
    del parsed  # the next parse starts from the same heap, not one holding 10,000 more objects
    return seconds


def _paired_parses(first: Callable[[], Any], second: Callable[[], Any]) -> tuple[float, float]:
    """Median seconds per parse of each, over PARSES parses each in ABBA order: a single 30 ms parse per
    contestant let one scheduler hiccup move the ratio by ten percent."""
    times: tuple[list[float], list[float]] = ([], [])
    for index in range(PARSES):
        for which in (0, 1) if index % 2 == 0 else (1, 0):
            times[which].append(_one_parse(first if which == 0 else second))
    return statistics.median(times[0]), statistics.median(times[1])


def ours(package_dir: Path, rounds: int) -> dict[str, list[float]]:
    from pydantic import TypeAdapter

    sys.path.insert(0, str(package_dir))
    package = importlib.import_module(next(p.name for p in package_dir.iterdir() if (p / "__init__.py").exists()))
    client = package.Bench(base_url="https://bench.invalid/v1", transport=httpx.MockTransport(_handler), max_retries=0)
    item = package.models.Item
    raw = httpx.Client(base_url="https://bench.invalid/v1", transport=httpx.MockTransport(_handler))
    adapter = TypeAdapter(list[item])

    def raw_call() -> object:
        return item.model_validate_json(raw.get("/items/1").content)

    out: dict[str, list[float]] = {"call_ours": [], "call_raw": [], "list_ours": [], "list_typeadapter": []}
    client.items.get_item(1)
    raw_call()
    client.items.list_items()  # warm: each side's first list parse builds its validators
    adapter.validate_json(raw.get("/items").content)
    for _ in range(rounds):
        ours_call, raw_call_seconds = _paired(lambda: client.items.get_item(1), raw_call, CALLS)
        out["call_ours"].append(ours_call)
        out["call_raw"].append(raw_call_seconds)
        list_ours, list_typeadapter = _paired_parses(client.items.list_items, lambda: adapter.validate_json(raw.get("/items").content))
        out["list_ours"].append(list_ours)
        out["list_typeadapter"].append(list_typeadapter)
    return out


def opc(package_dir: Path, rounds: int) -> dict[str, list[float]]:
    sys.path.insert(0, str(package_dir))
    name = next(p.name for p in package_dir.iterdir() if (p / "client.py").exists())
    package = importlib.import_module(name)
    list_items = importlib.import_module(f"{name}.api.default.list_items")
    get_item = importlib.import_module(f"{name}.api.default.get_item")
    client = package.Client(base_url="https://bench.invalid/v1", httpx_args={"transport": httpx.MockTransport(_handler)})
    out: dict[str, list[float]] = {"call_opc": [], "list_opc": []}
    get_item.sync(1, client=client)
    list_items.sync(client=client)
    for _ in range(rounds):
        out["call_opc"].append(_per_call(lambda: get_item.sync(1, client=client), CALLS))
        out["list_opc"].append(statistics.median(_one_parse(lambda: list_items.sync(client=client)) for _ in range(PARSES)))
    return out


if __name__ == "__main__":
    which, folder, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    print(json.dumps((ours if which == "ours" else opc)(folder, count)))
