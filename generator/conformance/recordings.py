"""Read `tests/recordings/<vendor>/*.yaml` (format: docs/recordings.md) and check the format itself.

A recording that cannot be read still becomes a `Recording` carrying its problems, so a broken file shows up
as one failing test with file:line rather than as a collection error that hides every other recording.
"""

from __future__ import annotations

import base64
import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Severity, SpecError
from ..load import LoadedDocument, join_pointer, load_document

__all__ = [
    "ORIGINS",
    "RecordedRequest",
    "RecordedResponse",
    "Recording",
    "discover",
    "load_recording",
    "split_name",
]

ORIGINS = ("documentation-example", "live-capture")
# `expect` (what the user must get) and `deviation` (which real behaviour a recording reproduces where it differs from
# the vendor's published schema) are read by the replay and the drift checks; the loader only lets them through.
_TOP_KEYS = {"operation", "case", "origin", "source", "request", "response", "expect", "deviation"}
_REQUEST_KEYS = {"method", "path", "query", "headers", "body"}
_RESPONSE_KEYS = {"status", "headers", "body", "body_file"}
_METHODS = {"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"}
_SECRET_HEADERS = {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key"}
_SECRET_QUERY = {"api_key", "apikey", "password", "access_token", "token"}
_TOKEN_KEYS = {"xa-token", "auth_token", "access_token", "refresh_token", "token", "password", "api_key"}
_FAKE_MARKERS = ("<redacted>", "example", "fake", "dummy", "sample")
_JWT = re.compile(r"^eyJ[\w-]+\.[\w-]+\.[\w-]+$")


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str | list[str]] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None


@dataclass(frozen=True)
class RecordedResponse:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    body_file: bytes | None = None

    @property
    def has_body(self) -> bool:
        return self.body is not None or self.body_file is not None


@dataclass
class Recording:
    """One exchange; `document` keeps positions so every finding can say file:line."""

    vendor: str
    path: Path
    operation: str
    case: str
    origin: str
    source: dict[str, Any]
    request: RecordedRequest
    response: RecordedResponse
    document: LoadedDocument | None = None
    problems: list[Diagnostic] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.vendor}/{self.operation}/{self.case}"

    def where(self, pointer: str) -> tuple[str, int]:
        """(file, line) of the node at `pointer` (or its nearest ancestor) in the recording."""
        if self.document is None:
            return str(self.path), 0
        file, line, _ = self.document.where(pointer)
        return file, line


def split_name(path: Path) -> tuple[str, str]:
    """`listCustomers__page2.yaml` -> ('listCustomers', 'page2'); no `__` part -> case 'default'."""
    operation, _, case = path.stem.partition("__")
    return operation, case or "default"


def discover(root: str | Path = "tests/recordings") -> list[Recording]:
    """Every `<vendor>/*.yaml` under `root`, sorted by vendor then file name."""
    base = Path(root)
    files = sorted(p for p in base.glob("*/*.yaml") if p.is_file()) if base.is_dir() else []
    return [load_recording(p, p.parent.name) for p in files]


def load_recording(path: str | Path, vendor: str | None = None) -> Recording:
    """Read one recording; format problems go to `problems`, never raise."""
    path = Path(path)
    operation, case = split_name(path)
    vendor = vendor or path.parent.name
    try:
        document = load_document(path)
    except SpecError as exc:
        empty = RecordedRequest("GET", "/")
        return Recording(vendor, path, operation, case, "", {}, empty, RecordedResponse(0), None, exc.diagnostics.errors)
    checker = _FormatChecker(document, path)
    return checker.build(vendor, operation, case)


class _FormatChecker:
    """Builds the Recording while collecting every format problem with its position."""

    def __init__(self, document: LoadedDocument, path: Path) -> None:
        self.document = document
        self.path = path
        self.problems: list[Diagnostic] = []

    def problem(self, pointer: str, code: str, message: str) -> None:
        self.problems.append(self.document.diagnostic(pointer, f"recording.{code}", message, Severity.ERROR))

    def mapping(self, value: Any, pointer: str, allowed: set[str] | None = None) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(pointer, "type", "expected a mapping")
            return {}
        if allowed is not None:
            for key in sorted(set(value) - allowed):
                self.problem(join_pointer(pointer, key), "unknown-key", f"unknown key {key!r} (allowed: {', '.join(sorted(allowed))})")
        return value

    def build(self, vendor: str, file_operation: str, file_case: str) -> Recording:
        data = self.mapping(self.document.data, "", _TOP_KEYS)
        for key in ("operation", "origin", "source", "request", "response"):
            if key not in data:
                self.problem("", "missing-key", f"required key {key!r} is missing")
        operation = str(data.get("operation", file_operation))
        case = str(data.get("case", file_case))
        if operation != file_operation:
            self.problem("/operation", "name", f"operation {operation!r} does not match the file name ({file_operation!r})")
        if case != file_case:
            self.problem("/case", "name", f"case {case!r} does not match the file name's case ({file_case!r})")
        origin = str(data.get("origin", ""))
        if "origin" in data and origin not in ORIGINS:
            self.problem("/origin", "origin", f"origin must be one of {', '.join(ORIGINS)}")
        source = self.source(data["source"]) if "source" in data else {}
        request = self.request(self.mapping(data.get("request"), "/request", _REQUEST_KEYS), present="request" in data)
        response = self.response(self.mapping(data.get("response"), "/response", _RESPONSE_KEYS))
        self.tokens(data.get("request", {}), "/request")
        self.tokens(data.get("response", {}), "/response")
        return Recording(vendor, self.path, operation, case, origin, source, request, response, self.document, self.problems)

    def source(self, value: Any) -> dict[str, Any]:
        source = self.mapping(value, "/source", {"doc", "section", "note"})
        for key in ("doc", "section"):
            if not (isinstance(source.get(key), str) and source[key].strip()):
                self.problem(f"/source/{key}" if key in source else "/source", "source", f"source.{key} must be a non-empty string")
        return source

    def request(self, data: dict[str, Any], present: bool) -> RecordedRequest:
        for key in ("method", "path"):
            if key not in data and present:
                self.problem("/request", "missing-key", f"request.{key} is required")
        method = str(data.get("method", "GET"))
        if method not in _METHODS:
            self.problem("/request/method", "method", f"method {method!r} must be an upper-case HTTP method")
        path = str(data.get("path", "/"))
        if not path.startswith("/") or "?" in path or "://" in path:
            self.problem("/request/path", "path", "path must start with '/' and hold neither host nor query")
        query = self.query(self.mapping(data.get("query"), "/request/query"))
        headers = self.headers(data.get("headers"), "/request/headers")
        body = data.get("body")
        if body is not None and "content-type" not in headers:
            self.problem("/request/headers", "content-type", "a request with a body needs a content-type header")
        return RecordedRequest(method, path, query, headers, body)

    def response(self, data: dict[str, Any]) -> RecordedResponse:
        status = data.get("status")
        if not (isinstance(status, int) and 100 <= status <= 599):
            self.problem("/response/status" if "status" in data else "/response", "status", "status must be an HTTP status code")
            status = 0
        headers = self.headers(data.get("headers"), "/response/headers")
        body_file = self.body_file(data.get("body_file"))
        if data.get("body") is not None and body_file is not None:
            self.problem("/response/body_file", "body", "give either body or body_file, not both")
        if (data.get("body") is not None or body_file is not None) and "content-type" not in headers:
            self.problem("/response/headers", "content-type", "a response with a body needs a content-type header")
        return RecordedResponse(status, headers, data.get("body"), body_file)

    def body_file(self, name: Any) -> bytes | None:
        if name is None:
            return None
        target = self.path.parent / str(name)
        if "/" in str(name) or not target.is_file():
            self.problem("/response/body_file", "body-file", f"body_file {name!r} must name a file beside the recording")
            return None
        return target.read_bytes()

    def query(self, query: dict[str, Any]) -> dict[str, str | list[str]]:
        result: dict[str, str | list[str]] = {}
        for name, value in query.items():
            pointer = join_pointer("/request/query", name)
            values = value if isinstance(value, list) else [value]
            if not all(isinstance(v, str) for v in values):
                self.problem(pointer, "query", "query values are strings as on the wire ('0', 'true'), or lists of strings")
            if name.lower() in _SECRET_QUERY and not all("<redacted>" in str(v) for v in values):
                self.problem(pointer, "secret", f"query parameter {name!r} must be written '<redacted>'")
            result[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
        return result

    def headers(self, value: Any, pointer: str) -> dict[str, str]:
        headers = self.mapping(value, pointer)
        for name, text in headers.items():
            where = join_pointer(pointer, name)
            if name != name.lower():
                self.problem(where, "header-case", f"header name {name!r} must be lower-case")
            if not isinstance(text, str):
                self.problem(where, "header-value", "header values are strings")
            if name.lower() in _SECRET_HEADERS and "<redacted>" not in str(text):
                self.problem(where, "secret", f"header {name!r} must be left out or written '<redacted>'")
        return {str(k).lower(): str(v) for k, v in headers.items()}

    def tokens(self, value: Any, pointer: str) -> None:
        """Tokens in bodies must be fake values that say so; JWT-looking strings are flagged too."""
        if isinstance(value, dict):
            for key, child in value.items():
                child_pointer = join_pointer(pointer, key)
                if key.lower() in _TOKEN_KEYS and isinstance(child, str) and child and not _looks_fake(child):
                    self.problem(child_pointer, "secret", f"{key!r} must be a fake value that says so (e.g. 'example-session-token')")
                else:
                    self.tokens(child, child_pointer)
        elif isinstance(value, list):
            for index, child in enumerate(value):
                self.tokens(child, join_pointer(pointer, index))
        elif isinstance(value, str) and _JWT.match(value) and not _looks_fake(value):
            self.problem(pointer, "secret", "JWT-looking value: write a fake token that says so")


def _looks_fake(value: str) -> bool:
    """Says it is fake: in clear, or once base64-decoded (a fake JWT payload, an encoded fake password)."""
    texts = [value]
    for part in value.split(".") if _JWT.match(value) else [value]:
        with contextlib.suppress(ValueError):
            texts.append(base64.urlsafe_b64decode(part.replace("+", "-").replace("/", "_") + "=" * (-len(part) % 4)).decode("utf-8"))
    return any(marker in text.lower() for text in texts for marker in _FAKE_MARKERS)
