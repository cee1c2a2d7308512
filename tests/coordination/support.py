"""Helpers shared by the coordination tests and their worker processes."""

from __future__ import annotations

import httpx

__all__ = ["ACCOUNT", "API_TOKEN", "expire", "mock_stats"]

ACCOUNT = "03101176"
API_TOKEN = "coordination-test-api-token"


def mock_stats(base_url: str, period: float | None = None) -> dict[str, int]:
    """What the mock server counted (`GET /__mock__/stats`): requests, logins, nonce rejections, and
    with `period` the most requests that arrived within any `period` seconds."""
    params = {"period": str(period)} if period is not None else {}
    answer = httpx.get(f"{base_url}/__mock__/stats", params=params)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def expire(base_url: str) -> int:
    """Make the mock forget every token it issued (a session expiry for every worker at once)."""
    answer = httpx.post(f"{base_url}/__mock__/expire")
    assert answer.status_code == 200, answer.text
    return int(answer.json()["expired"])
