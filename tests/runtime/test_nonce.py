"""Nonces: strictly increasing across threads, tasks, retries and restarts (even when the clock goes back)."""

from __future__ import annotations

import asyncio
import itertools
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.runtime import NonceSource, OperationSpec

from .fakes import Script, json_response

CREATE = OperationSpec("createDocument", "POST", "/documents", nonce_param="nonce")


def test_eight_threads_ten_thousand_each_strictly_increasing(tmp_path: Path) -> None:
    source = NonceSource(tmp_path / "nonce.state")
    per_thread: list[list[int]] = [[] for _ in range(8)]

    def work(out: list[int]) -> None:
        for _ in range(10_000):
            out.append(source.next())

    threads = [threading.Thread(target=work, args=(out,)) for out in per_thread]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = [n for out in per_thread for n in out]
    assert len(set(everything)) == 80_000
    for out in per_thread:
        assert all(a < b for a, b in itertools.pairwise(out))


def test_values_follow_the_clock_in_milliseconds() -> None:
    now = [1_700_000_000.0]
    source = NonceSource(clock=lambda: now[0])
    assert source.next() == 1_700_000_000_000
    assert source.next() == 1_700_000_000_001
    now[0] += 5
    assert source.next() == 1_700_000_005_000


def test_restart_with_clock_gone_back_never_goes_back(tmp_path: Path) -> None:
    state = tmp_path / "sub" / "nonce.state"
    now = [1_700_000_000.0]
    first = NonceSource(state, clock=lambda: now[0])
    issued = [first.next() for _ in range(100)]
    now[0] -= 3600  # NTP stepped the clock back an hour, then the process restarted
    second = NonceSource(state, clock=lambda: now[0])
    assert second.next() > max(issued)
    assert not list(state.parent.glob(".nonce.state.*"))  # no temp files left behind


def test_corrupt_state_file_is_refused(tmp_path: Path) -> None:
    state = tmp_path / "nonce.state"
    state.write_text("garbage")
    with pytest.raises(ValueError, match="does not hold an integer"):
        NonceSource(state)


def test_each_attempt_gets_a_fresh_nonce(make_sync: Any, tmp_path: Path) -> None:
    script = Script(httpx.ConnectError("refused"), httpx.ConnectError("refused"), json_response(201, {}))
    make_sync(script, nonce_state_path=tmp_path / "n").request(CREATE, body={"x": 1})
    nonces = [int(r.url.params["nonce"]) for r in script.requests]
    assert len(nonces) == 3 and nonces == sorted(set(nonces))


def test_async_tasks_share_the_source(make_async: Any) -> None:
    script = Script(json_response(201, {}))

    async def main() -> None:
        client = make_async(script)
        await asyncio.gather(*(client.request(CREATE, body={}) for _ in range(50)))

    asyncio.run(main())
    nonces = [int(r.url.params["nonce"]) for r in script.requests]
    assert len(set(nonces)) == 50
