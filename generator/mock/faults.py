"""Fault injection for reliability tests: `429:0.2,503:0.1,delay:200ms,drop:0.05`.

One seeded random draw per request decides its fate, so a test with a fixed seed sees the same sequence
of faults every run (and retries in a client under test can be asserted exactly).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["Fault", "FaultConfig", "FaultPlan", "parse_faults"]

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)(ms|s)?$")


@dataclass(frozen=True)
class FaultConfig:
    """`statuses`: (status, probability) answered instead of the real answer; `drop`: probability of
    closing the connection without an answer; `delay`: seconds added before every answer."""

    statuses: tuple[tuple[int, float], ...] = ()
    drop: float = 0.0
    delay: float = 0.0

    def __post_init__(self) -> None:
        total = self.drop + sum(p for _, p in self.statuses)
        if total > 1.0 + 1e-9:
            raise ValueError(f"fault probabilities add up to {total:g} (> 1)")


@dataclass(frozen=True)
class Fault:
    kind: Literal["none", "drop", "status"]
    status: int = 0


def parse_faults(text: str | None) -> FaultConfig:
    """Parse the CLI's `--faults` value; an empty value means no faults."""
    statuses: list[tuple[int, float]] = []
    drop = delay = 0.0
    for item in filter(None, (part.strip() for part in (text or "").split(","))):
        key, sep, value = item.partition(":")
        if not sep:
            raise ValueError(f"fault {item!r}: expected <status|drop|delay>:<value>")
        if key == "delay":
            delay = _duration(value)
        elif key == "drop":
            drop = _probability(item, value)
        elif key.isdigit() and 400 <= int(key) <= 599:
            statuses.append((int(key), _probability(item, value)))
        else:
            raise ValueError(f"fault {item!r}: unknown kind {key!r} (a 4xx/5xx status, drop or delay)")
    return FaultConfig(tuple(statuses), drop, delay)


def _probability(item: str, value: str) -> float:
    try:
        probability = float(value)
    except ValueError:
        probability = -1.0
    if not 0.0 <= probability <= 1.0:
        raise ValueError(f"fault {item!r}: probability must be between 0 and 1")
    return probability


def _duration(value: str) -> float:
    """`200ms`, `1.5s` or a bare number of milliseconds -> seconds."""
    match = _DURATION.match(value.strip())
    if not match:
        raise ValueError(f"delay {value!r}: expected e.g. 200ms or 1.5s")
    amount = float(match.group(1))
    return amount if match.group(2) == "s" else amount / 1000.0


class FaultPlan:
    """Draws the fault for each request from a seeded RNG (one draw per request)."""

    def __init__(self, config: FaultConfig | None, seed: int | None = None) -> None:
        self.config = config or FaultConfig()
        self._rng = random.Random(seed)

    @property
    def active(self) -> bool:
        return bool(self.config.statuses or self.config.drop or self.config.delay)

    def draw(self) -> Fault:
        if not (self.config.statuses or self.config.drop):
            return Fault("none")
        point = self._rng.random()
        if point < self.config.drop:
            return Fault("drop")
        edge = self.config.drop
        for status, probability in self.config.statuses:
            edge += probability
            if point < edge:
                return Fault("status", status)
        return Fault("none")
