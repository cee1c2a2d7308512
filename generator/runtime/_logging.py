"""Logging and redaction: one place decides what a secret looks like, and every printable thing
(log lines, reprs, error messages, recordings) goes through it.

Redaction is by name and by shape: a header or query/body key that names a credential (`Authorization`,
`api_key`, `password`, `xa-token`, `auth_token`, anything with `token` or `secret` in it) loses its
value, and JWTs or `Bearer`/`WDAPI`/`Basic` credentials are masked wherever they appear in free text.
On top of that the client masks the values it knows (its credentials and current tokens) in error
messages and logged bodies (`mask_values`). Usernames are not secrets and stay readable.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final
from urllib.parse import unquote_plus

import httpx

__all__ = [
    "REDACTED",
    "configure_logger",
    "is_secret_name",
    "mask_values",
    "redact_body",
    "redact_headers",
    "redact_text",
    "redact_url",
]

REDACTED: Final = "<redacted>"

_SECRET_PARTS = (
    "token",
    "password",
    "passwd",
    "secret",
    "api_key",
    "apikey",
    "api-key",
    "signature",
    "credential",
    "authorization",
    "cookie",
    "session",
    "private_key",
)
_SECRET_NAMES = frozenset({"auth", "key", "sig", "pwd", "pass", "jwt", "ciphertext"})
_SCHEMES = r"Bearer|WDAPI|Basic|Token|Digest"
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
# a credential after a scheme word: token characters with a digit or symbol in them (so prose such as
# "Bearer authentication failed" stays readable), or a long run of letters
_SCHEME_CREDENTIAL = re.compile(rf"\b({_SCHEMES})\s+(?:(?=[A-Za-z]*[0-9+/=._~-])[A-Za-z0-9+/=._~-]{{8,}}|[A-Za-z]{{24,}})", re.IGNORECASE)
_KEY_VALUE = re.compile(r"(?P<key>[A-Za-z0-9_.\-\[\]]+)(?P<sep>=|\"?\s*:\s*\"?)(?P<value>[^&\s\"',;}]+)")
_HTTPX_LOGGERS = ("httpx", "httpcore.http11", "httpcore.http2", "httpcore.connection", "httpcore.proxy")


def is_secret_name(name: str) -> bool:
    """Whether a header, query or body key names a credential (`user[password]` counts)."""
    lowered = name.lower()
    last = lowered.rstrip("]").rsplit("[", 1)[-1]
    return last in _SECRET_NAMES or any(part in lowered for part in _SECRET_PARTS)


def _mask_pair(match: re.Match[str]) -> str:
    if not is_secret_name(match.group("key").strip("\"'")):
        return match.group(0)
    return f"{match.group('key')}{match.group('sep')}{REDACTED}"


def redact_text(text: str) -> str:
    """Masks credentials in free text: JWTs, `Bearer x` / `WDAPI x`, and `password=x`-like pairs."""
    text = _JWT.sub(REDACTED, text)
    text = _SCHEME_CREDENTIAL.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    return _KEY_VALUE.sub(_mask_pair, text)


def mask_values(text: str, secrets: Iterable[str]) -> str:
    """Masks known credential values wherever they appear, e.g. a vendor error echoing the API key back.
    The shape rules above cannot recognise an opaque token in prose; the client knows its own secrets."""
    for secret in sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


def redact_url(url: str | httpx.URL) -> str:
    """The URL with secret query values and any userinfo password replaced; other bytes unchanged."""
    text = str(url)
    base, sep, query = text.partition("?")
    if "@" in base:
        base = re.sub(r"//([^/@:]*):[^/@]*@", rf"//\1:{REDACTED}@", base)
    if not sep:
        return _JWT.sub(REDACTED, base)
    parts = []
    for part in query.split("&"):
        key, eq, _value = part.partition("=")
        parts.append(f"{key}={REDACTED}" if eq and is_secret_name(unquote_plus(key)) else part)
    return _JWT.sub(REDACTED, f"{base}?{'&'.join(parts)}")


def _header_items(headers: Mapping[str, str] | httpx.Headers | Iterable[tuple[str, str]]) -> Iterable[tuple[str, str]]:
    if isinstance(headers, httpx.Headers):
        return headers.multi_items()
    if isinstance(headers, Mapping):
        return headers.items()
    return headers


def redact_headers(headers: Mapping[str, str] | httpx.Headers | Iterable[tuple[str, str]]) -> dict[str, str]:
    """Header dict for display: credential headers keep only their scheme word (`Bearer <redacted>`)."""
    shown: dict[str, str] = {}
    for name, value in _header_items(headers):
        if is_secret_name(name) or name.lower() in ("set-cookie", "proxy-authorization"):
            scheme, space, _rest = value.partition(" ")
            shown[name] = f"{scheme} {REDACTED}" if space and re.fullmatch(_SCHEMES, scheme, re.I) else REDACTED
        else:
            shown[name] = redact_text(value)
    return shown


def redact_body(body: Any) -> Any:
    """A body for display, same type back: JSON values have secret keys masked (recursively); str and
    bytes are parsed as JSON when they are JSON, else masked as text (form bodies included)."""
    if isinstance(body, Mapping):
        return {k: REDACTED if is_secret_name(str(k)) and v is not None else redact_body(v) for k, v in body.items()}
    if isinstance(body, list):
        return [redact_body(item) for item in body]
    if isinstance(body, bytes):
        try:
            return redact_body(body.decode("utf-8")).encode("utf-8")
        except UnicodeDecodeError:
            return body
    if isinstance(body, str):
        try:
            parsed = json.loads(body)
        except ValueError:
            return redact_text(body)
        if isinstance(parsed, (dict, list)):
            return json.dumps(redact_body(parsed), ensure_ascii=False)
        return redact_text(body)
    return body


class _RedactingFilter(logging.Filter):
    """httpx logs every request URL at INFO, `api_key` query values included: mask them at the source."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact_text(redact_url(a)) if isinstance(a, (str, httpx.URL)) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = redact_text(record.msg)
        return True


_FILTER = _RedactingFilter()


def configure_logger(name: str) -> logging.Logger:
    """The client's logger; `<NAME>_LOG=debug|info` (e.g. GESTIX_CLIENT_LOG=debug) prints it to stderr."""
    for library in _HTTPX_LOGGERS:
        library_logger = logging.getLogger(library)
        if _FILTER not in library_logger.filters:
            library_logger.addFilter(_FILTER)
    logger = logging.getLogger(name)
    wanted = os.environ.get(re.sub(r"\W", "_", name).upper() + "_LOG", "").strip().lower()
    if wanted in ("debug", "info"):
        logger.setLevel(logging.DEBUG if wanted == "debug" else logging.INFO)
        if not logger.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
            logger.addHandler(handler)
    return logger
