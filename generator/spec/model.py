"""The stage's result: the normalized document plus what later stages need to know about its origin."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics, SpecError
from ..load import LoadedDocument, load_document
from .bundle import bundle
from .normalize import Normalized, normalize
from .refs import check_refs
from .trust import sanitize
from .validate import PendingValidation, start_validation

__all__ = ["Spec", "read_spec"]


@dataclass
class Spec:
    path: Path
    files: list[Path]
    source: LoadedDocument
    normalized: Normalized
    diagnostics: Diagnostics
    sha256: str
    validation: PendingValidation | None = None  # still running: read_spec(..., background_validation=True)

    def finish_validation(self) -> bool:
        """Wait for a validation left running and add its diagnostics; True when it found an error."""
        pending, self.validation = self.validation, None
        return pending.finish(self.diagnostics) if pending is not None else False

    @property
    def data(self) -> dict[str, Any]:
        return self.normalized.data


def read_spec(
    path: str | Path, diagnostics: Diagnostics | None = None, *, trust_types: bool = False, background_validation: bool = False
) -> Spec:
    """Load, bundle, drop unsafe keywords, check refs, validate and normalize; raise SpecError on any error.

    `trust_types` keeps the keywords that name Python types (see `trust.TYPE_KEYWORDS`): the user's opt-in.
    `background_validation` lets openapi-spec-validator, when it has to run at all, work in a forked process
    while the caller goes on; the caller must then call `Spec.finish_validation` before using the result."""
    diagnostics = diagnostics if diagnostics is not None else Diagnostics()
    path = Path(path)
    try:
        root = load_document(path)
        document, files = bundle(root, diagnostics)
    except SpecError as exc:
        diagnostics.extend(exc.diagnostics)
        raise SpecError(diagnostics) from None
    sanitize(document, diagnostics, trust_types=trust_types)
    pending = None
    if not diagnostics.errors and check_refs(document, diagnostics):
        pending = start_validation(document, diagnostics, background=background_validation)
        if pending is not None and pending.child is None:
            pending.finish(diagnostics)
            pending = None
    if diagnostics.errors:
        raise SpecError(diagnostics)
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode() + b"\0" + file.read_bytes())
    try:
        normalized = normalize(document, diagnostics)
    except Exception:
        if pending is not None and pending.finish(diagnostics):
            raise SpecError(diagnostics) from None  # invalid: the validator's errors say why normalizing failed
        raise
    return Spec(path, files, document, normalized, diagnostics, digest.hexdigest(), pending)
