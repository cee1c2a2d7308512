"""Capture live traffic as recordings (docs/recordings.md), with every secret redacted.

Plug it into any generated client: `Client(..., http_client=httpx.Client(transport=RecordingTransport(
directory="captures")))`. Each exchange becomes one YAML file that the conformance suite and the mock
server read as they are. Redaction is the shared one from `_logging` (secret header, query and body names,
JWTs, `Bearer`/`WDAPI` credentials), so what a recording hides is exactly what a log line hides.

Generated packages depend only on httpx and pydantic, so the YAML is written by the small emitter below
(block style, strings quoted JSON-style whenever a plain scalar could be misread).
"""

from __future__ import annotations

import json
import math
import mimetypes
import re
from pathlib import Path
from typing import Any

import httpx

from ._logging import redact_body, redact_headers, redact_url

__all__ = ["AsyncRecordingTransport", "RecordingTransport", "dump_yaml"]

OPERATION_EXTENSION = "operation_id"  # a client may name the operation in request.extensions
_DROP_REQUEST = {"host", "content-length", "user-agent", "accept-encoding", "connection", "transfer-encoding"}
_DROP_RESPONSE = {
    "date",
    "server",
    "content-length",
    "transfer-encoding",
    "connection",
    "content-encoding",
    "keep-alive",
}
_NONCE_NAMES = {"nonce"}


class _Recorder:
    """Turns one finished exchange into a recording file; shared by the sync and async transports."""

    def __init__(self, directory: str | Path, vendor_base_path: str) -> None:
        self.directory = Path(directory)
        self.base_path = "/" + vendor_base_path.strip("/") if vendor_base_path.strip("/") else ""

    def record(self, request: httpx.Request, status: int, headers: httpx.Headers, content: bytes) -> Path:
        url = httpx.URL(redact_url(request.url))
        path = self._relative(url.path)
        operation = request.extensions.get(OPERATION_EXTENSION)
        name = operation if isinstance(operation, str) and operation else _slug(request.method, path)
        self.directory.mkdir(parents=True, exist_ok=True)
        target, case = self._claim(name)
        response: dict[str, Any] = {"status": status, "headers": _headers(headers, _DROP_RESPONSE)}
        body_file = self._response_body(response, headers, content, target)
        document = {
            "operation": name,
            "case": case,
            "origin": "live-capture",
            "source": {"doc": "live capture", "section": f"{request.method} {path} captured by RecordingTransport"},
            "request": {
                "method": request.method,
                "path": path,
                "query": _query(url),
                "headers": _headers(request.headers, _DROP_REQUEST),
                "body": _body(request.headers.get("content-type", ""), request.content),
            },
            "response": response,
        }
        if body_file is not None:
            target.with_suffix(body_file.suffix).write_bytes(content)
        target.write_text(dump_yaml(document), encoding="utf-8")
        return target

    def _relative(self, path: str) -> str:
        if self.base_path and (path == self.base_path or path.startswith(self.base_path + "/")):
            return path[len(self.base_path) :] or "/"
        return path

    def _claim(self, name: str) -> tuple[Path, str]:
        """Create `<name>.yaml`, else `<name>__2.yaml`, ... atomically (safe across threads/processes)."""
        for number in range(1, 100_000):
            case = "default" if number == 1 else str(number)
            target = self.directory / (f"{name}.yaml" if number == 1 else f"{name}__{case}.yaml")
            try:
                target.open("x", encoding="utf-8").close()
            except FileExistsError:
                continue
            return target, case
        raise RuntimeError(f"too many recordings named {name}")

    def _response_body(
        self, response: dict[str, Any], headers: httpx.Headers, content: bytes, target: Path
    ) -> Path | None:
        """JSON and text go inline; anything binary goes to a file beside the recording."""
        content_type = headers.get("content-type", "")
        if content and not _is_text(content_type):
            extension = mimetypes.guess_extension(content_type.split(";")[0].strip()) or ".bin"
            body_file = target.with_suffix(extension)
            response["body_file"] = body_file.name
            return body_file
        response["body"] = _body(content_type, content)
        return None


class RecordingTransport(httpx.BaseTransport):
    """Forwards to `wrapped` (default `httpx.HTTPTransport()`) and writes each exchange to `directory`.

    `vendor_base_path` (e.g. `/api/acme/v4.0.0`) is cut from recorded paths, which are relative to the
    server URL. The whole response is read before it is handed on (so it can be recorded).
    """

    def __init__(
        self, wrapped: httpx.BaseTransport | None = None, *, directory: str | Path, vendor_base_path: str = ""
    ) -> None:
        self._wrapped = wrapped if wrapped is not None else httpx.HTTPTransport()
        self._recorder = _Recorder(directory, vendor_base_path)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        response = self._wrapped.handle_request(request)
        try:
            content = response.content  # already read by the wrapped transport (e.g. httpx.MockTransport)
        except httpx.ResponseNotRead:
            try:
                raw = b"".join(response.iter_raw())
            finally:
                response.close()
            content, response = _decoded(response, raw), _replay(request, response, raw)
        self._recorder.record(request, response.status_code, response.headers, content)
        return response

    def close(self) -> None:
        self._wrapped.close()


class AsyncRecordingTransport(httpx.AsyncBaseTransport):
    """The async twin of `RecordingTransport` (the small file write happens inline)."""

    def __init__(
        self, wrapped: httpx.AsyncBaseTransport | None = None, *, directory: str | Path, vendor_base_path: str = ""
    ) -> None:
        self._wrapped = wrapped if wrapped is not None else httpx.AsyncHTTPTransport()
        self._recorder = _Recorder(directory, vendor_base_path)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        response = await self._wrapped.handle_async_request(request)
        try:
            content = response.content
        except httpx.ResponseNotRead:
            try:
                raw = b"".join([chunk async for chunk in response.aiter_raw()])
            finally:
                await response.aclose()
            content, response = _decoded(response, raw), _replay(request, response, raw)
        self._recorder.record(request, response.status_code, response.headers, content)
        return response

    async def aclose(self) -> None:
        await self._wrapped.aclose()


def _decoded(response: httpx.Response, raw: bytes) -> bytes:
    """The body with its content-encoding (gzip, ...) undone, read from a throwaway copy."""
    return httpx.Response(response.status_code, headers=response.headers, stream=httpx.ByteStream(raw)).read()


def _replay(request: httpx.Request, response: httpx.Response, raw: bytes) -> httpx.Response:
    """A fresh, unread response for the client (the original stream has been consumed)."""
    return httpx.Response(
        response.status_code,
        headers=response.headers,
        stream=httpx.ByteStream(raw),
        extensions=response.extensions,
        request=request,
    )


def _slug(method: str, path: str) -> str:
    """`GET /api/v1/salesOrders/7` -> `get_api_v1_salesOrders_7`: the name when the operation is unknown."""
    slug = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_")
    return f"{method.lower()}_{slug}" if slug else method.lower()


def _query(url: httpx.URL) -> dict[str, Any]:
    query: dict[str, Any] = {}
    for name in url.params:
        values = url.params.get_list(name)
        values = ["<nonce>"] * len(values) if name in _NONCE_NAMES else values
        query[name] = values[0] if len(values) == 1 else values
    return query


def _headers(headers: httpx.Headers, drop: set[str]) -> dict[str, str]:
    kept = [(name.lower(), value) for name, value in headers.multi_items() if name.lower() not in drop]
    return {name.lower(): value for name, value in redact_headers(kept).items()}


def _is_text(content_type: str) -> bool:
    media = content_type.split(";")[0].strip().lower()
    return (
        not media or media.startswith("text/") or "json" in media or "xml" in media or "x-www-form-urlencoded" in media
    )


def _body(content_type: str, content: bytes) -> Any:
    """The recorded body, redacted: a JSON value for JSON, a string for text and forms."""
    if not content:
        return None
    if not _is_text(content_type):
        return f"<binary body: {len(content)} bytes>"
    text = content.decode("utf-8", "replace")
    if "json" in content_type.lower():
        try:
            return redact_body(json.loads(text))
        except ValueError:
            pass
    return redact_body(text)


# --- YAML emitter -------------------------------------------------------------------------------------

_PLAIN = re.compile(r"^[A-Za-z_/][A-Za-z0-9_ ./()+-]*$")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
# escaped inside quotes: what YAML cannot hold raw, plus the characters it folds as line breaks (NEL, LS, PS)
_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]")


def dump_yaml(data: Any) -> str:
    """Block-style YAML for JSON-like data; keys keep their order (the recording's reading order)."""
    return "\n".join(_lines(data, 0)) + "\n"


def _lines(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict) and value:
        lines: list[str] = []
        for key, child in value.items():
            lines.extend(_entry(f"{pad}{_scalar(str(key))}:", child, indent))
        return lines
    if isinstance(value, list) and value:
        lines = []
        for child in value:
            lines.extend(_item(pad, child, indent))
        return lines
    return [pad + _scalar(value)]


def _entry(head: str, child: Any, indent: int) -> list[str]:
    if isinstance(child, (dict, list)) and child:
        return [head, *_lines(child, indent + 2)]
    return [f"{head} {_scalar(child)}"]


def _item(pad: str, child: Any, indent: int) -> list[str]:
    """`- ` then the child; a mapping's first key shares the dash's line."""
    if isinstance(child, (dict, list)) and child:
        nested = _lines(child, indent + 2)
        return [f"{pad}- {nested[0].lstrip()}", *nested[1:]]
    return [f"{pad}- {_scalar(child)}"]


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _RESERVED and not text.endswith(" ") and "  " not in text:
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return _UNPRINTABLE.sub(
        lambda m: f"\\u{ord(m.group(0)):04x}" if ord(m.group(0)) <= 0xFFFF else f"\\U{ord(m.group(0)):08x}", quoted
    )


def _float(value: float) -> str:
    """A float YAML 1.1 readers also parse as a float (they need a '.' before an exponent)."""
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    if "e" in text and "." not in text.split("e")[0]:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent if exponent[0] in '+-' else '+' + exponent}"
    return text
