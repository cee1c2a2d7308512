"""Security schemes -> runtime auth strategies and the constructor arguments that feed them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..diagnostics import Diagnostics, Severity
from ..load import LoadedDocument, join_pointer
from ..naming import snake_case
from .model import AuthScheme, Credential
from .numbers import extension_number, status_codes

__all__ = ["build_auth"]

_PASSWORDISH = ("password", "secret", "token", "key")


def build_auth(
    document: dict[str, Any], source: LoadedDocument, env_prefix: str, op_consts: dict[str, str], diagnostics: Diagnostics
) -> tuple[tuple[AuthScheme, ...], tuple[Credential, ...]]:
    schemes_data = (document.get("components") or {}).get("securitySchemes") or {}
    schemes: list[AuthScheme] = []
    names: list[str] = []
    for name in sorted(schemes_data):
        scheme = schemes_data[name]
        pointer = join_pointer("/components/securitySchemes", name)
        built = _scheme(str(name), scheme if isinstance(scheme, dict) else {}, schemes_data, op_consts, pointer, source, diagnostics)
        if built is None:
            continue
        schemes.append(built)
        for credential in built.credentials:
            if credential not in names:
                names.append(credential)
    credentials = tuple(Credential(n, f"{env_prefix}_{n.upper()}", secret=any(w in n for w in _PASSWORDISH)) for n in names)
    return _with_hints(schemes, credentials), credentials


def _with_hints(schemes: list[AuthScheme], credentials: tuple[Credential, ...]) -> tuple[AuthScheme, ...]:
    """Each scheme's hint names the constructor arguments (and environment variables) that configure it,
    so a missing credential is reported as `api_token=`, not as an internal scheme name."""
    env = {c.name: c.env for c in credentials}
    by_name = {s.name: s for s in schemes}

    def arguments(names: tuple[str, ...]) -> str:
        return " and ".join(f"{n}= (or {env[n]})" for n in names if n in env)

    hinted = []
    for scheme in schemes:
        options = []
        if scheme.kind == "session":
            base = by_name.get(str(scheme.get("login_scheme")))
            if base is not None and base.credentials:
                options.append(arguments(base.credentials))
        if scheme.credentials:
            options.append(arguments(scheme.credentials))
        hinted.append(replace(scheme, hint=", or ".join(o for o in options if o)))
    return tuple(hinted)


def _credential(scheme: dict[str, Any], default: str) -> str:
    name = scheme.get("x-credential")
    return snake_case(name) if isinstance(name, str) and name else default


def _scheme(
    name: str,
    scheme: dict[str, Any],
    all_schemes: dict[str, Any],
    op_consts: dict[str, str],
    pointer: str,
    source: LoadedDocument,
    diagnostics: Diagnostics,
) -> AuthScheme | None:
    flow = scheme.get("x-auth-flow")
    if isinstance(flow, dict) and flow.get("kind") == "session":
        return _session(name, flow, all_schemes, op_consts, pointer, source, diagnostics)
    if isinstance(flow, dict) and flow.get("kind") == "rsa-login":
        return _rsa(name, flow, op_consts, pointer, source, diagnostics)
    kind = scheme.get("type")
    if kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
        return AuthScheme(name, "basic", ("username", "password"))
    if kind in ("http", "oauth2", "openIdConnect"):
        return AuthScheme(name, "bearer", (_credential(scheme, "token"),))
    if kind == "apiKey":
        location = scheme.get("in", "header")
        settings = (
            ("name", str(scheme.get("name", "api_key"))),
            ("location", str(location)),
            ("prefix", str(scheme.get("x-value-prefix") or "")),
        )
        return AuthScheme(name, "apikey", (_credential(scheme, "api_key"),), settings)
    diagnostics.add(
        source.diagnostic(
            pointer,
            "auth.unsupported",
            f"security scheme type {kind!r} is not supported; operations needing it are sent without credentials",
            Severity.WARNING,
        )
    )
    return None


def _op(
    flow: dict[str, Any], key: str, op_consts: dict[str, str], pointer: str, source: LoadedDocument, diagnostics: Diagnostics
) -> str | None:
    op_id = flow.get(key)
    if op_id is None:
        return None
    const = op_consts.get(str(op_id))
    if const is None:
        diagnostics.add(
            source.diagnostic(
                join_pointer(pointer, "x-auth-flow", key),
                "auth.operation",
                f"x-auth-flow.{key} names operation {op_id!r}, which does not exist",
            )
        )
    return const


def _session(
    name: str,
    flow: dict[str, Any],
    all_schemes: dict[str, Any],
    op_consts: dict[str, str],
    pointer: str,
    source: LoadedDocument,
    diagnostics: Diagnostics,
) -> AuthScheme:
    flow_ptr = join_pointer(pointer, "x-auth-flow")
    login = _op(flow, "login", op_consts, pointer, source, diagnostics)
    alt = _op(flow, "alt_login", op_consts, pointer, source, diagnostics)
    login_scheme = flow.get("login_scheme")
    if login_scheme is None:
        # The login operation is protected by some other scheme (Gestix: the API token on GET /helo).
        login_scheme = next(
            (n for n, s in sorted(all_schemes.items()) if n != name and isinstance(s, dict) and "x-auth-flow" not in s), None
        )
    credentials: tuple[str, ...] = ("username", "password") if alt else ()
    settings = (
        ("login", login),
        ("alt_login", alt),
        ("token", str(flow.get("token", "/token"))),
        ("login_scheme", login_scheme),
        ("relogin_status", status_codes(source, diagnostics, flow, "relogin_status", flow_ptr, (401, 403))),
    )
    return AuthScheme(name, "session", credentials, settings)


def _rsa(
    name: str, flow: dict[str, Any], op_consts: dict[str, str], pointer: str, source: LoadedDocument, diagnostics: Diagnostics
) -> AuthScheme:
    flow_ptr = join_pointer(pointer, "x-auth-flow")
    creds = tuple(snake_case(str(c)) for c in flow.get("credentials", ["api_key", "username", "password"]))
    settings = (
        ("key_operation", _op(flow, "key_operation", op_consts, pointer, source, diagnostics)),
        ("key", str(flow.get("key", "/PublicKey"))),
        ("login", _op(flow, "login", op_consts, pointer, source, diagnostics)),
        ("token", str(flow.get("token", "/auth_token"))),
        ("ttl", extension_number(source, diagnostics, flow, "ttl", flow_ptr, 1800.0)),
        ("relogin_status", status_codes(source, diagnostics, flow, "relogin_status", flow_ptr, (401,))),
    )
    return AuthScheme(name, "rsa-login", creds, settings)
