"""Logging and redaction: one place decides what a secret looks like, and every printable thing
(log lines, reprs, error messages, recordings) goes through it.

Redaction is by value first, then by name, then by a few unmistakable shapes:

- by value: every client registers the secrets it holds (`register_secrets`: API keys, passwords, API
  tokens, each session token or JWT it receives, Wisedat's `api_key;user;password` plaintext) and each
  of them, also URL- and JSON-escaped, is masked wherever it shows up: a vendor that echoes a credential
  back in a header, an error body or a message cannot leak it through a log line, an exception or a
  recording;
- by name: a header or query/body key that names a credential (`Authorization`, `api_key`, `password`,
  `xa-token`, `auth_token`, anything with `token` or `secret` in it) loses its value; a bracketed sub-key
  counts only by such a part (`user[password]`), so `filter[0][key]=name` stays readable and replayable;
- by shape: JWTs and `Bearer`/`WDAPI`/`Basic` credentials in free text.

Usernames are not secrets and stay readable. httpx's and httpcore's own loggers get the same filter.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from collections.abc import Iterable, Mapping
from typing import Any, Final
from urllib.parse import quote, quote_plus, unquote_plus

import httpx

__all__ = [
    "REDACTED",
    "configure_logger",
    "is_secret_name",
    "mask_deep",
    "mask_values",
    "redact_body",
    "redact_headers",
    "redact_text",
    "redact_url",
    "register_secrets",
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
_SECRET_NAMES = frozenset({"auth", "key", "sig", "pwd", "pass", "jwt", "ciphertext"})  # whole names only
_SCHEMES = r"Bearer|WDAPI|Basic|Token|Digest"
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
# a credential after a scheme word: token characters with a digit or symbol in them (so prose such as
# "Bearer authentication failed" stays readable), or a long run of letters
_SCHEME_CREDENTIAL = re.compile(
    rf"\b({_SCHEMES})\s+(?:(?=[A-Za-z]*[0-9+/=._~-])[A-Za-z0-9+/=._~-]{{8,}}|[A-Za-z]{{24,}})", re.IGNORECASE
)
_KEY_VALUE = re.compile(r"(?P<key>[A-Za-z0-9_.\-\[\]]+)(?P<sep>=|\"?\s*:\s*\"?)(?P<value>[^&\s\"',;}]+)")
_HTTPX_LOGGERS = (
    "httpx",
    "httpcore",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.connection",
    "httpcore.proxy",
    "httpcore.socks",
)
_MIN_SECRET = 4  # shorter values would mask ordinary text ("1", "abc") everywhere
_MAX_KNOWN = 1024

_known: dict[str, None] = {}  # insertion-ordered set of secret values (and their escaped forms)
_known_lock = threading.Lock()


def register_secrets(values: Iterable[str | None]) -> None:
    """Remember secret values so every redaction masks them (process-wide; oldest forgotten past 1024)."""
    with _known_lock:
        for value in values:
            if not isinstance(value, str) or len(value) < _MIN_SECRET:
                continue
            for form in (value, quote(value, safe=""), quote_plus(value), json.dumps(value)[1:-1]):
                _known.pop(form, None)
                _known[form] = None
        while len(_known) > _MAX_KNOWN:
            del _known[next(iter(_known))]


def _known_values() -> list[str]:
    with _known_lock:
        return sorted(_known, key=len, reverse=True)


def _mask_known(text: str) -> str:
    for secret in _known_values():
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def is_secret_name(name: str) -> bool:
    """Whether a header, query or body key names a credential (`user[password]` counts, `filter[0][key]` not)."""
    lowered = name.lower()
    return lowered in _SECRET_NAMES or any(part in lowered for part in _SECRET_PARTS)


def _mask_pair(match: re.Match[str]) -> str:
    if not is_secret_name(match.group("key").strip("\"'")):
        return match.group(0)
    return f"{match.group('key')}{match.group('sep')}{REDACTED}"


def redact_text(text: str) -> str:
    """Masks credentials in free text: known secret values, JWTs, `Bearer x` / `WDAPI x`, `password=x` pairs."""
    text = _mask_known(text)
    text = _JWT.sub(REDACTED, text)
    text = _SCHEME_CREDENTIAL.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    return _KEY_VALUE.sub(_mask_pair, text)


def mask_values(text: str, secrets: Iterable[str]) -> str:
    """Masks known credential values wherever they appear, e.g. a vendor error echoing the API key back.
    The shape rules above cannot recognise an opaque token in prose; the client knows its own secrets."""
    for secret in sorted({s for s in secrets if len(s) >= _MIN_SECRET}, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return _mask_known(text)


def mask_deep(value: Any, secrets: Iterable[str] = ()) -> Any:
    """`value` (JSON-like data or a pydantic model, e.g. an error body) with known secret values masked in every
    string; the very same object back when nothing needed masking."""
    secrets = tuple(secrets)
    if isinstance(value, str):
        return mask_values(value, secrets)
    if isinstance(value, Mapping):
        masked = {k: mask_deep(v, secrets) for k, v in value.items()}
        return value if all(masked[k] is v for k, v in value.items()) else masked
    if isinstance(value, list):
        items = [mask_deep(v, secrets) for v in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        data = dump(mode="json", by_alias=True)
        masked = mask_deep(data, secrets)
        if masked is data:
            return value
        try:
            return type(value).model_validate(masked)
        except Exception:  # a masked value may no longer validate: the plain data then
            return masked
    return value


def redact_url(url: str | httpx.URL) -> str:
    """The URL with secret query values and any userinfo password replaced; other bytes unchanged."""
    text = _mask_known(str(url))
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
            shown[name] = redact_text(value)  # known values too: a vendor echoing the API key in X-Echo
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
        body = _mask_known(body)
        try:
            parsed = json.loads(body)
        except ValueError:
            return redact_text(body)
        if isinstance(parsed, (dict, list)):
            return json.dumps(redact_body(parsed), ensure_ascii=False)
        return redact_text(body)
    return body


# httpcore's DEBUG lines print raw header lists, `[(b'Name', b'value'), ...]`; a header value it prints before the
# client could know it is secret (the login answer that carries a new session) is kept only for these names.
_PLAIN_HEADERS = frozenset(
    {
        "content-type",
        "content-length",
        "date",
        "server",
        "connection",
        "transfer-encoding",
        "content-encoding",
        "vary",
        "cache-control",
        "retry-after",
        "x-request-id",
        "host",
        "accept",
        "accept-encoding",
        "user-agent",
    }
)
_HEADER_PAIR = re.compile(r"\(b(['\"])(?P<name>.*?)\1, b(['\"])(?P<value>.*?)\3\)")


def _mask_header_pairs(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group("name").lower() in _PLAIN_HEADERS:
            return match.group(0)
        return f"(b'{match.group('name')}', b'{REDACTED}')"

    return _HEADER_PAIR.sub(one, text)


class _RedactingFilter(logging.Filter):
    """httpx logs every request URL at INFO, `api_key` query values included, and httpcore prints raw header
    lists at DEBUG: mask them at the source."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("httpcore") and isinstance(record.msg, str):
            record.msg = _mask_header_pairs(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_scrub_arg(a) for a in record.args)
        elif isinstance(record.args, Mapping):
            record.args = {k: _scrub_arg(v) for k, v in record.args.items()}
        if isinstance(record.msg, str):
            record.msg = redact_text(record.msg)
        return True


def _scrub_arg(arg: Any) -> Any:
    """A log argument as text with secrets masked (httpcore passes header lists and requests, not strings)."""
    if isinstance(arg, (str, httpx.URL)):
        return redact_text(redact_url(arg))
    if isinstance(arg, (int, float)) or arg is None:
        return arg
    return redact_text(repr(arg))


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
