"""The generated clients against the mock, end to end: a real client logs in through each login flow
(Gestix session exchange, Wisedat RSA login with a real key), pages through a list, and logs in again
after the mock expires its tokens."""

from __future__ import annotations

import importlib
from collections import Counter
from typing import Any

import httpx
import pytest

from generator.mock import running_mock

pytestmark = pytest.mark.slow  # generated clients against the mock over sockets: left out of `make test-fast`


class CountingTransport(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.paths: Counter[str] = Counter()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.paths[request.url.path] += 1
        return super().handle_request(request)


def client_class(package: str, name: str) -> Any:
    """Our own generated packages: an import error is a failure, never a skip."""
    return getattr(importlib.import_module(package), name)


def test_gestix_session_login_and_relogin() -> None:
    gestix = client_class("gestix_client", "Gestix")
    transport = CountingTransport()
    with running_mock("gestix") as base_url:
        client = gestix(account="demo", api_token="api-token", base_url=base_url, transport=transport)
        assert list(client.customers.list(limit=2))
        httpx.post(f"{base_url}/__mock__/expire")
        assert list(client.customers.list(limit=2))
    assert transport.paths["/helo"] == 2  # one login, one re-login after the 403


def test_wisedat_rsa_login_and_relogin() -> None:
    wisedat = client_class("wisedat_client", "Wisedat")
    transport = CountingTransport()
    with running_mock("wisedat") as base_url:
        client = wisedat(api_key="key", username="maria", password="pw", base_url=base_url, transport=transport)
        assert next(iter(client.products.list()))
        httpx.post(f"{base_url}/__mock__/expire")
        assert next(iter(client.products.list()))
    assert transport.paths["/authentication/login"] == 2
