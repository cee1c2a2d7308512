"""Check 1 of the conformance suite: a recording names a real operation and validates against the spec.

Every violation points at the recording's own file:line and gives the JSON pointer of the offending value
inside the body or query, so a reviewer can jump straight to it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from ..load import escape_pointer
from .checks import Issue, encode_body, make_request, make_response, request_issues, response_issues, schema_validator
from .oas import Operation, find_operation, path_regex, resolve
from .recordings import Recording

__all__ = ["Violation", "map_operation", "nonce_value", "validate_recording"]


@dataclass(frozen=True, order=True)
class Violation:
    """`part` is mapping, request or response; `pointer` is inside `location` (body, query, ...)."""

    file: str
    line: int
    part: str
    location: str
    pointer: str
    message: str

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        inner = f" {self.pointer}" if self.pointer else ""
        return f"{where}: {self.part} {self.location}{inner}: {self.message}"


def nonce_value() -> str:
    """A valid Gestix-style nonce (Unix milliseconds) standing in for a recorded '<nonce>'."""
    return str(time.time_ns() // 1_000_000)


def validate_recording(spec: dict[str, Any], rec: Recording) -> list[Violation]:
    """Mapping, request and response violations of one recording (format problems are `rec.problems`)."""
    if rec.document is None:
        return []
    op, violations = map_operation(spec, rec)
    node = op.node if op else None
    request = rec.request
    query = {k: (nonce_value() if v == "<nonce>" else v) for k, v in request.query.items()}
    content_type = request.headers.get("content-type", "application/json")
    mock_request = make_request(spec, node, request.method, request.path, query, request.headers, encode_body(request.body, content_type))
    for issue in request_issues(spec, mock_request, op):
        violations.append(_violation(rec, "request", issue))
    response = rec.response
    body = response.body_file if response.body_file is not None else response.body
    response_content_type = response.headers.get("content-type", "application/json")
    if op is not None and _empty_allowed(spec, op, response.status) and (body is None or (isinstance(body, str) and not body.strip())):
        return violations  # `x-empty-body`: the spec says this answer may come empty or as whitespace
    mock_response = make_response(response.status, response.headers, encode_body(body, response_content_type))
    path_unknown = any(v.part == "request" and v.location == "path" for v in violations)
    for issue in response_issues(spec, mock_request, mock_response):
        if not (path_unknown and issue.where == "path"):  # said once, for the request
            violations.append(_violation(rec, "response", issue))
    if op is not None and 200 <= response.status < 300 and response.body is not None:
        violations.extend(_shape_violations(spec, rec, op))
    return violations


def _empty_allowed(spec: dict[str, Any], op: Operation, status: int) -> bool:
    """`x-empty-body: true` on a response object: the server may send that status with an empty body, or
    with nothing but whitespace, although content is declared (InvoiceXpress 404s: "" or " " as JSON)."""
    responses = op.node.get("responses") or {}
    node = resolve(spec, responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default"))
    return isinstance(node, dict) and node.get("x-empty-body") is True


def map_operation(spec: dict[str, Any], rec: Recording) -> tuple[Operation | None, list[Violation]]:
    """The operation (or variant) a recording names, and what does not fit: method, path template,
    and the parameters that select a variant."""
    op = find_operation(spec, rec.operation)
    if op is None:
        return None, [_at(rec, "/operation", "mapping", "operation", f"no operation or x-variant has operationId {rec.operation!r}")]
    violations: list[Violation] = []
    if op.method != rec.request.method:
        violations.append(
            _at(rec, "/request/method", "mapping", "method", f"{rec.operation} is {op.method} {op.path}, not {rec.request.method}")
        )
    if not path_regex(spec, op).fullmatch(rec.request.path):
        violations.append(_at(rec, "/request/path", "mapping", "path", f"{rec.request.path!r} does not match {op.method} {op.path}"))
    query = set(rec.request.query)
    if op.variant is not None:
        missing = [name for name in op.variant.get("required", []) if name not in query]
        if missing:
            violations.append(_at(rec, "/request/query", "mapping", "query", f"variant {op.operation_id} requires {', '.join(missing)}"))
    else:
        for variant in op.node.get("x-variants", []) or []:
            required = set(variant.get("required", [])) | set(variant.get("fixed", {}) or {})
            if required and required <= query:
                name = variant.get("operationId")
                violations.append(
                    _at(
                        rec,
                        "/operation",
                        "mapping",
                        "operation",
                        f"the request sends {', '.join(sorted(required))}: that is variant {name}",
                    )
                )
    return op, violations


def _shape_violations(spec: dict[str, Any], rec: Recording, op: Operation) -> list[Violation]:
    """A variant's `response` (or the operation's `x-response`) is the shape its client method parses:
    the union schema of the operation would accept a list where a single record was promised."""
    schema = (op.variant or {}).get("response") if op.variant is not None else op.node.get("x-response")
    if not isinstance(schema, dict):
        return []
    validator = schema_validator(spec, schema)
    violations = []
    for error in validator.iter_errors(rec.response.body):
        pointer = "".join("/" + escape_pointer(str(t)) for t in error.absolute_path)
        issue = Issue("body", pointer, f"{error.message} (the {op.operation_id} shape)")
        violations.append(_violation(rec, "response", issue))
    return violations


def _violation(rec: Recording, part: str, issue: Issue) -> Violation:
    """Locate an issue in the recording; a pointer the file lacks resolves to its nearest ancestor."""
    section = "headers" if issue.where == "security" else issue.where
    return _at(rec, f"/{part}/{section}{issue.pointer}", part, issue.where, issue.message, issue.pointer)


def _at(rec: Recording, pointer: str, part: str, location: str, message: str, inner: str | None = None) -> Violation:
    file, line = rec.where(pointer)
    return Violation(file, line, part, location, inner if inner is not None else "", message)
