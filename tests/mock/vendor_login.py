"""A minimal, spec-driven client login for tests: credentials for any operation, following the spec's
security schemes and `x-auth-flow` exactly like a generated client would (no vendor names here)."""

from __future__ import annotations

import base64
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from generator.conformance.oas import effective_security, find_operation, resolve


def pointer_get(document: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        document = document[int(token)] if isinstance(document, list) else document[token.replace("~1", "/").replace("~0", "~")]
    return document


class SpecLogin:
    def __init__(self, spec: dict[str, Any], client: httpx.Client) -> None:
        self.spec = spec
        self.client = client
        self.schemes = {k: resolve(spec, v) for k, v in ((spec.get("components") or {}).get("securitySchemes") or {}).items()}
        self.tokens: dict[str, str] = {}

    def flows(self) -> list[dict[str, Any]]:
        return [s["x-auth-flow"] for s in self.schemes.values() if isinstance(s.get("x-auth-flow"), dict)]

    def is_login(self, operation_id: str) -> bool:
        return any(operation_id in (f.get("login"), f.get("alt_login"), f.get("key_operation")) for f in self.flows())

    def credentials(self, operation: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
        """Headers and query that satisfy the operation's first security requirement; an RSA login
        operation gets a freshly encrypted login header."""
        headers, query = self._plain_credentials(operation)
        for flow in self.flows():
            if flow["kind"] == "rsa-login" and flow["login"] == operation.get("operationId"):
                headers["authorization"] = self.rsa_login_header(flow)
        return headers, query

    def _plain_credentials(self, operation: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
        headers: dict[str, str] = {}
        query: dict[str, str] = {}
        requirements = effective_security(self.spec, operation)
        for name in requirements[0] if requirements else {}:
            scheme = self.schemes[name]
            if isinstance(scheme.get("x-auth-flow"), dict):
                headers["authorization"] = "Bearer " + self.token(name)
            elif scheme.get("type") == "apiKey":
                value = str(scheme.get("x-value-prefix", "")) + "mock-key"
                (query if scheme.get("in") == "query" else headers)[
                    str(scheme["name"]).lower() if scheme.get("in") == "header" else str(scheme["name"])
                ] = value
            else:
                headers["authorization"] = f"{scheme.get('scheme', 'bearer')} mock-credential"
        return headers, query

    def token(self, scheme_name: str) -> str:
        if scheme_name not in self.tokens:
            flow = self.schemes[scheme_name]["x-auth-flow"]
            login = find_operation(self.spec, flow["login"])
            assert login is not None
            headers, query = self.credentials(login.node)
            answer = self.client.request(login.method, login.path, headers=headers, params=query)
            assert answer.is_success, answer.text
            self.tokens[scheme_name] = str(pointer_get(answer.json(), flow["token"]))
        return self.tokens[scheme_name]

    def rsa_login_header(self, flow: dict[str, Any]) -> str:
        """`<prefix> base64(RSA-PKCS1v15('key;user;pass'))` with the key the key operation publishes."""
        key_op = find_operation(self.spec, flow["key_operation"])
        assert key_op is not None
        headers, query = self._plain_credentials(key_op.node)
        published = self.client.request(key_op.method, key_op.path, headers=headers, params=query).json()
        modulus, exponent = (int.from_bytes(base64.b64decode(p), "big") for p in pointer_get(published, flow["key"]))
        ciphertext = rsa.RSAPublicNumbers(exponent, modulus).public_key().encrypt(b"mock-key;maria;pw", padding.PKCS1v15())
        prefix = headers.get("authorization", "WDAPI x").split(" ")[0]
        return f"{prefix} {base64.b64encode(ciphertext).decode()}"
