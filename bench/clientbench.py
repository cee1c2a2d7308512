"""Client-side timings for `bench/run.py`, run as a script in our virtualenv.

`python clientbench.py PACKAGE_DIR ROUNDS [OPC_PACKAGE_DIR]` prints one JSON object of per-round timings for
our generated client, raw httpx + pydantic on the same model and, when given, the client openapi-python-client
wrote for the same spec. Each round measures the contestants in one process, interleaved (calls in blocks of
100, list parses one by one, each time in turn forward then backward), so a busy machine slows all alike and
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
from collections.abc import Callable, Iterator, Sequence
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


BLOCK = 100


def _orders(count: int) -> Iterator[tuple[int, ...]]:
    """Contestant orders, forward then backward (ABBA for two, ABCCBA for three), forever."""
    forward = tuple(range(count))
    while True:
        yield forward
        yield forward[::-1]


def _interleaved(fns: Sequence[Callable[[], object]], calls: int) -> list[float]:
    """Seconds per call of each of `fns`, measured in blocks of BLOCK calls taken in turn (forward, then
    backward), so that a burst of load from elsewhere on the machine lands on all alike instead of on whichever
    ran then. The calls are about 0.1 ms each: one 2,000-call stretch per contestant let a single busy second
    move the ratio by several percent."""
    totals = [0.0] * len(fns)
    gc.collect()
    orders = _orders(len(fns))
    for _block in range(calls // BLOCK):
        for which in next(orders):
            fn = fns[which]
            started = time.perf_counter()
            for _ in range(BLOCK):
                fn()
            totals[which] += time.perf_counter() - started
    done = (calls // BLOCK) * BLOCK
    return [total / done for total in totals]


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


def _interleaved_parses(fns: Sequence[Callable[[], Any]]) -> list[float]:
    """Median seconds per parse of each of `fns`, over PARSES parses each taken in turn (forward, then backward):
    a single 30 ms parse per contestant let one scheduler hiccup move the ratio by ten percent."""
    times: list[list[float]] = [[] for _ in fns]
    orders = _orders(len(fns))
    for _ in range(PARSES):
        for which in next(orders):
            times[which].append(_one_parse(fns[which]))
    return [statistics.median(found) for found in times]


def _opc_client(folder: Path) -> tuple[Callable[[], object], Callable[[], Any]]:
    """get_item and list_items of the client openapi-python-client wrote for the bench spec. Its generator runs
    in its own virtualenv; the client it writes needs only httpx and attrs, so it runs here, on the same httpx,
    interpreter and heap as ours: the comparison is like with like, and interleaved like the others."""
    sys.path.insert(0, str(folder))
    name = next(p.name for p in folder.iterdir() if (p / "client.py").exists())
    package = importlib.import_module(name)
    list_items = importlib.import_module(f"{name}.api.default.list_items")
    get_item = importlib.import_module(f"{name}.api.default.get_item")
    client = package.Client(base_url="https://bench.invalid/v1", httpx_args={"transport": httpx.MockTransport(_handler)})
    return (lambda: get_item.sync(1, client=client)), (lambda: list_items.sync(client=client))


def measure(package_dir: Path, rounds: int, opc_dir: Path | None = None) -> dict[str, list[float]]:
    from pydantic import TypeAdapter

    sys.path.insert(0, str(package_dir))
    package = importlib.import_module(next(p.name for p in package_dir.iterdir() if (p / "__init__.py").exists()))
    client = package.Bench(base_url="https://bench.invalid/v1", transport=httpx.MockTransport(_handler), max_retries=0)
    item = package.models.Item
    raw = httpx.Client(base_url="https://bench.invalid/v1", transport=httpx.MockTransport(_handler))
    adapter = TypeAdapter(list[item])

    def raw_call() -> object:
        return item.model_validate_json(raw.get("/items/1").content)

    names = ["ours", "raw"]
    calls: list[Callable[[], object]] = [lambda: client.items.get_item(1), raw_call]
    # The reference list parse gets the same HTTP round trip, then pydantic's fastest path on the bytes.
    parses: list[Callable[[], Any]] = [client.items.list_items, lambda: adapter.validate_json(raw.get("/items").content)]
    if opc_dir is not None:
        opc_call, opc_list = _opc_client(opc_dir)
        names.append("opc")
        calls.append(opc_call)
        parses.append(opc_list)
    for fn in (*calls, *parses):
        fn()  # warm: each side's first call and parse build its validators
    out: dict[str, list[float]] = {f"{kind}_{name}": [] for kind in ("call", "list") for name in names}
    for _ in range(rounds):
        for name, seconds in zip(names, _interleaved(calls, CALLS), strict=True):
            out[f"call_{name}"].append(seconds)
        for name, seconds in zip(names, _interleaved_parses(parses), strict=True):
            out[f"list_{name}"].append(seconds)
    return out


if __name__ == "__main__":
    folder, count = Path(sys.argv[1]), int(sys.argv[2])
    print(json.dumps(measure(folder, count, Path(sys.argv[3]) if len(sys.argv) > 3 else None)))
