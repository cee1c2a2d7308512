"""Shared helpers for the mock-server and recording tests: fixture specs, and logging in like a client.

(A plain module rather than conftest.py: the tests import these helpers by name.)
"""

from __future__ import annotations

import base64
from pathlib import Path

import httpx
from cryptography.hazmat.primitives.asymmetric import padding, rsa

FIXTURES = Path(__file__).parent / "fixtures"
SESSION = FIXTURES / "session" / "openapi.yaml"
RSA = FIXTURES / "rsa" / "openapi.yaml"
PLAIN = FIXTURES / "plain" / "openapi.yaml"


def session_token(client: httpx.Client) -> dict[str, str]:
    """Log in through the session flow (GET /helo with the API token); the Bearer header to use."""
    answer = client.get("/helo", headers={"authorization": "Bearer api-token-for-tests"})
    assert answer.status_code == 200, answer.text
    return {"authorization": f"Bearer {answer.json()['xa-token']}"}


def wdapi_login_header(public_key: list[str], credentials: str) -> str:
    """Encrypt like the vendor's clients: PKCS#1 v1.5 of 'key;user;pass' with the published key."""
    modulus, exponent = (int.from_bytes(base64.b64decode(part), "big") for part in public_key)
    key = rsa.RSAPublicNumbers(exponent, modulus).public_key()
    return "WDAPI " + base64.b64encode(key.encrypt(credentials.encode(), padding.PKCS1v15())).decode()
