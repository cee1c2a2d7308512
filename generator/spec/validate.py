"""OpenAPI validation (openapi-spec-validator) with every error mapped back to file:line:col."""

from __future__ import annotations

from typing import Any

from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

from ..diagnostics import Diagnostics, Severity
from ..load import LoadedDocument, join_pointer

__all__ = ["validate_openapi"]

_MAX_ERRORS = 200
_DOCUMENT_KEYS = frozenset(
    {"openapi", "info", "servers", "paths", "components", "security", "tags", "externalDocs", "webhooks", "jsonSchemaDialect"}
)


def validate_openapi(doc: LoadedDocument, diagnostics: Diagnostics) -> None:
    data = doc.data
    if not isinstance(data, dict):
        diagnostics.add(doc.diagnostic("", "spec.not-mapping", "an OpenAPI document must be a mapping"))
        return
    version = str(data.get("openapi", ""))
    if not version.startswith(("3.0", "3.1")):
        found = f"openapi: {version}" if version else ("swagger 2.0" if "swagger" in data else "no 'openapi' key")
        diagnostics.add(doc.diagnostic("/openapi", "spec.version", f"only OpenAPI 3.0 and 3.1 are supported ({found})"))
        return
    validator_cls: Any = OpenAPIV31SpecValidator if version.startswith("3.1") else OpenAPIV30SpecValidator
    try:
        for count, error in enumerate(validator_cls(data).iter_errors()):
            if count >= _MAX_ERRORS:
                diagnostics.add(doc.diagnostic("", "spec.too-many-errors", f"stopped after {_MAX_ERRORS} validation errors"))
                break
            path = list(getattr(error, "absolute_path", None) or getattr(error, "path", None) or [])
            message = _shorten(getattr(error, "message", None) or str(error))
            if path and path[0] in _DOCUMENT_KEYS:
                diagnostics.add(doc.diagnostic(join_pointer("", *path), "spec.invalid", message))
            else:
                # A value inside some schema (a default, an example, a 3.0 keyword in a 3.1 document) that the
                # validator rejects without saying where; the client can still be generated.
                where = "/".join(str(p) for p in path)
                note = f" (inside a schema, at {where})" if where else " (inside a schema; the validator gives no location)"
                diagnostics.add(doc.diagnostic("", "spec.schema-value", message + note, Severity.WARNING))
    except Exception as exc:  # the validator raises on constructs it cannot walk; report, don't crash
        diagnostics.add(doc.diagnostic("", "spec.validator-crash", f"validator could not finish: {_shorten(str(exc))}", Severity.ERROR))


def _shorten(message: str, limit: int = 300) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 3] + "..."
