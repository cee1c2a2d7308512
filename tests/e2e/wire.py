"""A real socket transport that keeps every exchange, so session tests can check exactly what was sent."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

__all__ = ["AsyncWireLog", "Exchange", "WireLog", "expire_tokens"]


@dataclass(frozen=True)
class Exchange:
    """One request as sent (method, path, query, headers, body) and the status that came back."""

    method: str
    path: str
    items: tuple[tuple[str, str], ...]
    headers: httpx.Headers
    body: bytes
    status: int

    @property
    def query(self) -> dict[str, str]:
        return dict(self.items)

    @property
    def authorization(self) -> str:
        return self.headers.get("authorization", "")

    def param(self, name: str) -> str | None:
        return next((v for k, v in self.items if k == name), None)

    def json(self) -> Any:
        return json.loads(self.body)


def _exchange(request: httpx.Request, response: httpx.Response) -> Exchange:
    return Exchange(
        request.method, request.url.path, tuple(request.url.params.multi_items()), request.headers, request.content, response.status_code
    )


class _Log:
    exchanges: list[Exchange]

    def calls(self, method: str, path: str) -> list[Exchange]:
        return [e for e in self.exchanges if (e.method, e.path) == (method, path)]

    def since(self, index: int) -> list[tuple[str, str, int]]:
        return [(e.method, e.path, e.status) for e in self.exchanges[index:]]


class WireLog(_Log, httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.exchanges = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        response = super().handle_request(request)
        self.exchanges.append(_exchange(request, response))
        return response


class AsyncWireLog(_Log, httpx.AsyncHTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.exchanges = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        response = await super().handle_async_request(request)
        self.exchanges.append(_exchange(request, response))
        return response


def expire_tokens(base_url: str) -> None:
    """Make the mock forget every token it issued, so the next call must log in again."""
    answer = httpx.post(f"{base_url}/__mock__/expire")
    assert answer.status_code == 200 and answer.json()["expired"] >= 1
