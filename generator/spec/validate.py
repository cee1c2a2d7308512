"""OpenAPI validation (openapi-spec-validator) with every error mapped back to file:line:col.

The validator is the slowest stage on large specs (seconds) and its import alone costs a few hundred ms,
so its findings are cached per content hash: the document as validated, the validator's version and the
source of this module and of the pre-check. An unchanged spec is not revalidated when only templates or the
generator change, and a cache hit never imports the validator. The cached findings are replayed into located diagnostics, so a
cached run reports exactly what a fresh one does. `GENERATOR_CACHE_DIR` moves the cache (bench: cold runs).

On a cache miss, `fastcheck` first answers whether the validator would find anything at all (the same checks on
plain dicts, through jsonschema-rs, in milliseconds); only a document it is unsure of goes to the validator,
which then writes every message. A clean spec never imports openapi-spec-validator.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics, Severity
from ..forked import ChildDied, Forked, run_forked
from ..load import LoadedDocument, join_pointer
from .fastcheck import precheck

__all__ = ["PendingValidation", "cache_dir", "start_validation", "validate_openapi"]

_MAX_ERRORS = 200
_DOCUMENT_KEYS = frozenset(
    {"openapi", "info", "servers", "paths", "components", "security", "tags", "externalDocs", "webhooks", "jsonSchemaDialect"}
)


def validate_openapi(doc: LoadedDocument, diagnostics: Diagnostics) -> None:
    pending = start_validation(doc, diagnostics)
    if pending is not None:
        pending.finish(diagnostics)


def start_validation(doc: LoadedDocument, diagnostics: Diagnostics, *, background: bool = False) -> PendingValidation | None:
    """Validate `doc`, or with `background`, start openapi-spec-validator in a forked process when it has to
    run at all (the pre-check is unsure): the caller goes on with the later stages and calls `finish`.
    None when the document is refused at once (not a mapping, not OpenAPI 3.0/3.1; diagnostics added)."""
    data = doc.data
    if not isinstance(data, dict):
        diagnostics.add(doc.diagnostic("", "spec.not-mapping", "an OpenAPI document must be a mapping"))
        return None
    version = str(data.get("openapi", ""))
    if not version.startswith(("3.0", "3.1")):
        found = f"openapi: {version}" if version else ("swagger 2.0" if "swagger" in data else "no 'openapi' key")
        diagnostics.add(doc.diagnostic("/openapi", "spec.version", f"only OpenAPI 3.0 and 3.1 are supported ({found})"))
        return None
    key = _cache_key(data)
    pending = PendingValidation(doc, key, len(diagnostics.items), _cached(key))
    if pending.findings is None:
        verdict = precheck(data, version)
        if verdict.reason is not None:
            import logging  # here, not at the top: most runs never log, and the module costs 3 ms to import

            logging.getLogger(__name__).debug("%s: full validation (%s)", doc.path, verdict.reason)
        if verdict.reason is None:
            pending.findings = []
        elif background and (child := run_forked(_findings, data, version, verdict.document_valid)) is not None:
            pending.child = child
            return pending
        else:
            pending.findings = _findings(data, version, verdict.document_valid)
        _store(key, pending.findings)
    return pending


class PendingValidation:
    """Findings now, or a forked validator still at work. `finish` waits for it and adds the diagnostics; when
    they hold an error, whatever the caller added since the start is dropped, so the outcome is the one of
    validating first (the later stages would never have run on an invalid document)."""

    def __init__(self, doc: LoadedDocument, key: str, mark: int, findings: list[Finding] | None) -> None:
        self.doc = doc
        self.key = key
        self.mark = mark
        self.findings = findings
        self.child: Forked | None = None

    def finish(self, diagnostics: Diagnostics) -> bool:
        """Add the findings; True when one is an error (and what came after the start was dropped)."""
        if self.child is not None:
            try:
                self.findings = [(str(p), str(c), str(m), str(s)) for p, c, m, s in self.child.result()]
                _store(self.key, self.findings)
            except ChildDied as exc:  # not cached: the next run tries again
                self.findings = [("", "spec.validator-crash", f"the validator could not finish: {exc}", "error")]
            self.child = None
        located = [self.doc.diagnostic(p, code, message, Severity(severity)) for p, code, message, severity in self.findings or []]
        failed = any(d.severity is Severity.ERROR for d in located)
        if failed:
            del diagnostics.items[self.mark :]
        diagnostics.extend(located)
        return failed


Finding = tuple[str, str, str, str]
"""(JSON pointer, code, message, severity): a diagnostic without its file position, which the document gives."""


_OAS31_DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"


class _IdList(list[int]):
    """A list (what the validator's code expects) whose `in` is a set lookup."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set[int] = set()

    def append(self, item: int) -> None:
        self._members.add(item)
        super().append(item)

    def __contains__(self, item: object) -> bool:
        return item in self._members


@functools.cache
def _prechecked(oas31: bool) -> Any:
    """openapi-spec-validator's spec validator, faster in two places: its Schema Object keyword skips the Python
    metaschema run for a schema `fastcheck.surely_meta_valid` vouches for (that run, once per schema, was
    most of the validator's time on openai.yaml), and remembers the schemas it has seen in sets. Every other
    schema, and every other rule, is judged and worded by the validator as before; tests/unit/test_fastcheck.py
    holds the findings equal, in order, on every spec where the validator runs."""
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    from .fastcheck import surely_meta_valid

    base: Any = OpenAPIV31SpecValidator if oas31 else OpenAPIV30SpecValidator
    keyword: Any = base.keyword_validators["schema"]

    class PrecheckedSchemaValidator(keyword):  # type: ignore[misc]
        def __init__(self, registry: Any) -> None:
            super().__init__(registry)
            # The validator keeps the ids of the schemas it has seen in lists and asks `in` of them for every
            # schema: quadratic, half a second on openai.yaml's 12,860 schemas.
            self.visited_schema_ids = _IdList()
            self.meta_checked_schema_ids = _IdList()

        def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
            if surely_meta_valid(schema_value, oas31):
                return None
            return super()._validate_schema_meta(schema, schema_value)

    return type(
        f"Prechecked{base.__name__}", (base,), {"keyword_validators": {**base.keyword_validators, "schema": PrecheckedSchemaValidator}}
    )


def _findings(data: dict[str, Any], version: str, document_valid: bool = False, *, prechecked: bool = True) -> list[Finding]:
    """Every finding of openapi-spec-validator. `document_valid` (jsonschema-rs found the OpenAPI metaschema
    satisfied) skips the validator's own pass over that metaschema, which finds nothing then and was 3.1 s of
    openai.yaml's 7.7 s; its keyword walk, where the findings come from, always runs, with the metaschema
    check of each schema the pre-check vouches for skipped (`_prechecked`; `prechecked=False` for the tests)."""
    # jsonschema-rs is installed for the pre-check; the validator would pick it up as its backend, which words
    # its messages as raw schema paths and rejects NaN where the Python backend accepts it. Keep the judge as it
    # was unless the user chose otherwise.
    os.environ.setdefault("OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND", "jsonschema")
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    oas31 = version.startswith("3.1")
    validator_cls: Any = OpenAPIV31SpecValidator if oas31 else OpenAPIV30SpecValidator
    # The pre-check models the 3.1 base dialect only: a document that sets another keeps the plain validator.
    if prechecked and (not oas31 or data.get("jsonSchemaDialect", _OAS31_DIALECT) == _OAS31_DIALECT):
        validator_cls = _prechecked(oas31)
    found: list[Finding] = []
    try:
        validator = validator_cls(data)
        errors = validator.root_validator(validator.schema_path) if document_valid else validator.iter_errors()
        for count, error in enumerate(errors):
            if count >= _MAX_ERRORS:
                found.append(("", "spec.too-many-errors", f"stopped after {_MAX_ERRORS} validation errors", "error"))
                break
            path = list(getattr(error, "absolute_path", None) or getattr(error, "path", None) or [])
            message = _shorten(getattr(error, "message", None) or str(error))
            if path and path[0] in _DOCUMENT_KEYS:
                found.append((join_pointer("", *path), "spec.invalid", message, "error"))
            else:
                # A value inside some schema (a default, an example, a 3.0 keyword in a 3.1 document) that the
                # validator rejects without saying where; the client can still be generated.
                where = "/".join(str(p) for p in path)
                note = f" (inside a schema, at {where})" if where else " (inside a schema; the validator gives no location)"
                found.append(("", "spec.schema-value", message + note, "warning"))
    except Exception as exc:  # the validator raises on constructs it cannot walk; report, don't crash
        found.append(("", "spec.validator-crash", f"validator could not finish: {_shorten(str(exc))}", "error"))
    return found


def cache_dir() -> Path:
    configured = os.environ.get("GENERATOR_CACHE_DIR")
    base = Path(configured) if configured else Path(__file__).resolve().parents[2] / ".cache"
    return base / "validate"


def _validator_version() -> str:
    """The installed openapi-spec-validator's version, from its dist-info folder name: importing
    `importlib.metadata` for it cost more than the cache hit it decides (about 50 ms)."""
    import importlib.util

    found = importlib.util.find_spec("openapi_spec_validator")
    origin = Path(found.origin).parent.parent if found and found.origin else None
    names = sorted(p.name for p in origin.glob("openapi_spec_validator-*.dist-info")) if origin else []
    if len(names) == 1:
        return names[0][len("openapi_spec_validator-") : -len(".dist-info")]
    from importlib.metadata import version

    return version("openapi-spec-validator")


def _cache_key(data: dict[str, Any]) -> str:
    digest = hashlib.sha256(_validator_version().encode() + b"\0")
    digest.update(Path(__file__).read_bytes() + b"\0")
    digest.update(Path(__file__).with_name("fastcheck.py").read_bytes() + b"\0")  # its "clean" skips the validator
    digest.update(json.dumps(data, separators=(",", ":"), ensure_ascii=False, default=repr).encode())
    return digest.hexdigest()


def _cached(key: str) -> list[Finding] | None:
    try:
        rows = json.loads((cache_dir() / f"{key}.json").read_text(encoding="utf-8"))
        return [(str(p), str(c), str(m), str(s)) for p, c, m, s in rows]
    except (OSError, ValueError, TypeError):
        return None  # absent, or unreadable: validate again


def _store(key: str, findings: list[Finding]) -> None:
    """Written to a temporary file and renamed: parallel generations never read half an entry."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(findings, handle)
        os.replace(temp, folder / f"{key}.json")
    except OSError:
        pass  # a read-only checkout still generates, just without the cache


def _shorten(message: str, limit: int = 300) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 3] + "..."
