"""Fault injection: parsing, seeded reproducibility, and what a client sees over a real socket."""

from __future__ import annotations

import time

import httpx
import pytest

from generator.mock import FaultConfig, FaultPlan, parse_faults, running_mock

from .mock_support import PLAIN


def test_parse_faults() -> None:
    config = parse_faults("429:0.2,503:0.1,delay:200ms,drop:0.05")
    assert config == FaultConfig(statuses=((429, 0.2), (503, 0.1)), drop=0.05, delay=0.2)
    assert parse_faults("delay:1.5s").delay == 1.5
    assert parse_faults("delay:250").delay == 0.25
    assert parse_faults(None) == FaultConfig()
    assert parse_faults("") == FaultConfig()


@pytest.mark.parametrize("text", ["429", "200:0.1", "429:2", "drop:x", "delay:fast", "boom:0.1", "429:0.6,503:0.6"])
def test_parse_faults_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_faults(text)


def test_seeded_plans_repeat_and_follow_the_rates() -> None:
    config = parse_faults("429:0.2,503:0.1,drop:0.05")
    first = [FaultPlan(config, seed=7).draw() for _ in range(1)]
    plan_a, plan_b = FaultPlan(config, seed=7), FaultPlan(config, seed=7)
    draws = [plan_a.draw() for _ in range(4000)]
    assert draws == [plan_b.draw() for _ in range(4000)]
    assert draws[:1] == first
    share = {kind: sum(1 for d in draws if (d.status or d.kind) == kind) / len(draws) for kind in (429, 503, "drop", "none")}
    assert share[429] == pytest.approx(0.2, abs=0.03)
    assert share[503] == pytest.approx(0.1, abs=0.02)
    assert share["drop"] == pytest.approx(0.05, abs=0.015)


@pytest.mark.slow  # over real sockets
def test_429_carries_retry_after_and_the_vendor_shape() -> None:
    with running_mock(PLAIN, faults="429:1") as base_url:
        answer = httpx.get(f"{base_url}/ping.json", timeout=5)
        assert answer.status_code == 429
        assert answer.headers["retry-after"] == "1"
        assert set(answer.json()) == {"errors"}  # the spec's only error shape
        assert httpx.post(f"{base_url}/__mock__/reset", timeout=5).status_code == 200  # control endpoints never fault


@pytest.mark.slow  # over real sockets
def test_503() -> None:
    with running_mock(PLAIN, faults="503:1") as base_url:
        assert httpx.get(f"{base_url}/ping.json", timeout=5).status_code == 503


@pytest.mark.slow  # over real sockets
def test_drop_closes_the_connection_without_an_answer() -> None:
    with running_mock(PLAIN, faults="drop:1") as base_url, pytest.raises(httpx.RemoteProtocolError, match="without sending"):
        httpx.get(f"{base_url}/ping.json", timeout=5)


@pytest.mark.slow  # over real sockets
def test_delay() -> None:
    with running_mock(PLAIN, faults="delay:200ms") as base_url:
        started = time.perf_counter()
        assert httpx.get(f"{base_url}/ping.json", timeout=5).status_code == 200
        assert time.perf_counter() - started >= 0.2


def outcomes(seed: int) -> list[str]:
    """What a client sees for 30 requests against a seeded faulty mock."""
    seen = []
    with running_mock(PLAIN, faults="429:0.3,503:0.2,drop:0.2", seed=seed) as base_url, httpx.Client(timeout=5) as client:
        for _ in range(30):
            try:
                seen.append(str(client.get(f"{base_url}/ping.json").status_code))
            except httpx.TransportError:
                seen.append("dropped")
    return seen


@pytest.mark.slow  # over real sockets
def test_seeded_faults_are_reproducible_over_the_wire() -> None:
    first = outcomes(seed=42)
    assert first == outcomes(seed=42)
    assert {"200", "429", "503", "dropped"} <= set(first)
