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
from .validate import validate_openapi

__all__ = ["Spec", "read_spec"]


@dataclass
class Spec:
    path: Path
    files: list[Path]
    source: LoadedDocument
    normalized: Normalized
    diagnostics: Diagnostics
    sha256: str

    @property
    def data(self) -> dict[str, Any]:
        return self.normalized.data


def read_spec(path: str | Path, diagnostics: Diagnostics | None = None, *, trust_types: bool = False) -> Spec:
    """Load, bundle, drop unsafe keywords, check refs, validate and normalize; raise SpecError on any error.

    `trust_types` keeps the keywords that name Python types (see `trust.TYPE_KEYWORDS`): the user's opt-in."""
    diagnostics = diagnostics if diagnostics is not None else Diagnostics()
    path = Path(path)
    try:
        root = load_document(path)
        document, files = bundle(root, diagnostics)
    except SpecError as exc:
        diagnostics.extend(exc.diagnostics)
        raise SpecError(diagnostics) from None
    sanitize(document, diagnostics, trust_types=trust_types)
    if not diagnostics.errors and check_refs(document, diagnostics):
        validate_openapi(document, diagnostics)
    if diagnostics.errors:
        raise SpecError(diagnostics)
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode() + b"\0" + file.read_bytes())
    normalized = normalize(document, diagnostics)
    return Spec(path, files, document, normalized, diagnostics, digest.hexdigest())
