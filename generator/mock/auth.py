"""Credentials the mock accepts, driven by the spec's security schemes and their `x-auth-flow`.

Plain schemes only need a credential to be present. Schemes with a login dance accept only tokens this
mock issued (and has not expired), so a real generated client must really log in: `session` flows issue a
token from their login operations; `rsa-login` flows publish a real RSA public key from their key operation
and issue a JWT only for a login header that decrypts to the expected `;`-separated credentials.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric import padding, rsa

from ..conformance.oas import effective_security, resolve

__all__ = ["AuthFailure", "AuthState", "LoginRole"]


@dataclass(frozen=True)
class AuthFailure:
    status: int
    message: str


@dataclass(frozen=True)
class LoginRole:
    """What an operation does in a flow: `key` (publish the RSA key), `login` or `alt_login`."""

    role: str
    flow: dict[str, Any]


class AuthState:
    """Issued tokens and the RSA key of one mock app."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.schemes: dict[str, dict[str, Any]] = {
            name: resolve(spec, scheme) for name, scheme in ((spec.get("components") or {}).get("securitySchemes") or {}).items()
        }
        self.tokens: dict[str, float] = {}
        self._key: rsa.RSAPrivateKey | None = None

    def roles(self) -> dict[str, LoginRole]:
        """operationId -> its role in an auth flow."""
        result: dict[str, LoginRole] = {}
        for scheme in self.schemes.values():
            flow = scheme.get("x-auth-flow")
            if isinstance(flow, dict):
                for role in ("key_operation", "login", "alt_login"):
                    if flow.get(role):
                        result[str(flow[role])] = LoginRole(role.replace("_operation", ""), flow)
        return result

    # --- checking ---------------------------------------------------------------------------------

    def check(self, operation: dict[str, Any], headers: Mapping[str, str], query: Mapping[str, Any]) -> AuthFailure | None:
        """None when one of the operation's security requirements is met, else the vendor's answer."""
        requirements = effective_security(self.spec, operation)
        if not requirements or any(all(self._satisfied(n, headers, query) for n in req) for req in requirements):
            return None
        scheme = self.schemes.get(next(iter(requirements[0]), ""), {})
        return AuthFailure(self.failure_status(operation, scheme), "missing or invalid credentials")

    def failure_status(self, operation: dict[str, Any], scheme: dict[str, Any]) -> int:
        """The flow's `relogin_status`, else the 401/403 the operation declares, else 401."""
        flow = scheme.get("x-auth-flow")
        if isinstance(flow, dict) and flow.get("relogin_status"):
            return int(flow["relogin_status"][0])
        declared = [int(s) for s in (operation.get("responses") or {}) if str(s) in ("401", "403")]
        return min(declared) if declared else 401

    def _satisfied(self, name: str, headers: Mapping[str, str], query: Mapping[str, Any]) -> bool:
        scheme = self.schemes.get(name, {})
        kind = scheme.get("type")
        if kind == "apiKey":
            where = headers if scheme.get("in") == "header" else query
            key = str(scheme.get("name", ""))
            return bool(where.get(key.lower() if scheme.get("in") == "header" else key))
        auth_type, _, credential = headers.get("authorization", "").partition(" ")
        expected = str(scheme.get("scheme", "bearer")) if kind == "http" else "bearer"
        if auth_type.lower() != expected.lower() or not credential.strip():
            return False
        return self.valid(credential.strip()) if isinstance(scheme.get("x-auth-flow"), dict) else True

    # --- tokens -----------------------------------------------------------------------------------

    def valid(self, token: str) -> bool:
        expiry = self.tokens.get(token)
        return expiry is not None and expiry > time.monotonic()

    def issue(self, flow: dict[str, Any], subject: str = "mock-user") -> str:
        """A fresh token: a fake JWT for RSA logins (clients may read its expiry), an opaque one else."""
        ttl = float(flow.get("ttl", 86400))
        if flow.get("kind") == "rsa-login":
            now = int(time.time())
            claims = {"sub": subject, "iat": now, "exp": now + int(ttl), "jti": secrets.token_hex(8), "iss": "mock"}
            token = ".".join([_b64url({"alg": "none", "typ": "JWT"}), _b64url(claims), "mock-signature"])
        else:
            token = f"mock-session-{secrets.token_hex(12)}"
        self.tokens[token] = time.monotonic() + ttl
        return token

    def expire(self) -> int:
        """Invalidate every issued token (tests of re-login); returns how many there were."""
        count = len(self.tokens)
        self.tokens.clear()
        return count

    # --- RSA login --------------------------------------------------------------------------------

    @property
    def key(self) -> rsa.RSAPrivateKey:
        if self._key is None:  # generated once per app, on first use: ~0.1 s
            self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return self._key

    def public_key_value(self) -> list[str]:
        """[base64 modulus, base64 exponent], big-endian bytes, as the vendor publishes it."""
        numbers = self.key.public_key().public_numbers()
        return [_b64_int(numbers.n), _b64_int(numbers.e)]

    def rsa_credentials(self, flow: dict[str, Any], headers: Mapping[str, str]) -> list[str] | None:
        """The decrypted `;`-separated credentials of an RSA login header, or None when they do not
        decrypt or have the wrong number of parts."""
        _, _, ciphertext = headers.get("authorization", "").partition(" ")
        try:
            plain = self.key.decrypt(base64.b64decode(ciphertext.strip(), validate=True), padding.PKCS1v15())
            parts = plain.decode("utf-8").split(";")
        except ValueError:
            return None
        expected = len(flow.get("credentials") or [1, 2, 3])
        return parts if len(parts) == expected and all(parts) else None


def _b64_int(value: int) -> str:
    return base64.b64encode(value.to_bytes((value.bit_length() + 7) // 8, "big")).decode("ascii")


def _b64url(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
