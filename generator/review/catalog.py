"""Every rule id the review tools can report, with its severity and a one-line reason.

One table, so the docs, the markdown report and the tests all agree on what a rule id means; a test checks
that docs/review-and-release.md explains each of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum

from ..diagnostics import Severity

__all__ = ["DIFF_RULES", "DRIFT_RULES", "LINT_RULES", "Bump", "DiffRule", "DriftRule", "Level", "LintRule"]


class Level(StrEnum):
    """How a change affects existing callers of the generated client."""

    BREAKING = "breaking"
    POTENTIALLY_BREAKING = "potentially-breaking"
    NON_BREAKING = "non-breaking"


class Bump(int, Enum):
    """Version component a change requires; ordered so `max()` gives the bump a set of changes needs."""

    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3


@dataclass(frozen=True)
class LintRule:
    severity: Severity
    doc: str


@dataclass(frozen=True)
class DiffRule:
    level: Level
    bump: Bump
    doc: str


@dataclass(frozen=True)
class DriftRule:
    """A kind of difference between our spec and the vendor's published one.

    `node` is where our spec acknowledges it with `x-deviation`; `review` lists the `review` rule ids the same
    change gets when read as "our spec -> the vendor's" (the report names the one that applies, with its level).
    """

    node: str
    doc: str
    review: tuple[str, ...] = ()


_E, _W = Severity.ERROR, Severity.WARNING

LINT_RULES: dict[str, LintRule] = {
    "operation-id-python": LintRule(
        _E, "every operation has an operationId, unique, that snake_cases to a Python name without mangling (x-name too)"
    ),
    "x-source-missing": LintRule(_E, "every operation and component schema says where it came from (x-source)"),
    "x-source-invalid": LintRule(_E, "x-source is a mapping with `doc` and `section` strings"),
    "x-source-confidence": LintRule(_E, "x-source.confidence is `documented` or `inferred`"),
    "path-param-undeclared": LintRule(
        _E, "every {name} in a path is declared as a required `in: path` parameter, and every declared one is used"
    ),
    "operation-success-response": LintRule(_E, "every operation declares a 2xx response"),
    "operation-error-response": LintRule(
        _W, "every operation declares an error response (4xx, 5xx or default) so the client can parse the vendor's error body"
    ),
    "example-invalid": LintRule(_E, "every example (media type, parameter, schema) validates against its schema"),
    "recording-invalid": LintRule(
        _E, "every recording under tests/recordings/<vendor>/ names a known operation, a declared status, and bodies that validate"
    ),
    "component-unused": LintRule(_W, "every component is reachable from an operation (or from another used component)"),
    "ref-unresolved": LintRule(
        _E, "every $ref is local and points at something (reported as ref.unresolved / ref.remote by the spec stage)"
    ),
    "server-variable-undeclared": LintRule(
        _E, "every {name} in a server URL is declared under `variables` with a default (in its enum), and every declared one is used"
    ),
    "x-deviation-invalid": LintRule(
        _E, "every x-deviation entry is a mapping with a known drift rule id and non-empty `what`, `why` and `evidence`"
    ),
    "x-codegen-incomplete": LintRule(
        _E, "x-codegen has distribution, package, client and version, each valid (PEP 508 name, Python identifiers, PEP 440 version)"
    ),
}

_B, _P, _N = Level.BREAKING, Level.POTENTIALLY_BREAKING, Level.NON_BREAKING
_MAJ, _MIN, _PAT = Bump.MAJOR, Bump.MINOR, Bump.PATCH

DIFF_RULES: dict[str, DiffRule] = {
    # operations
    "operation-added": DiffRule(_N, _MIN, "a new operation: a new client method"),
    "operation-removed": DiffRule(_B, _MAJ, "an operation is gone: callers of its method break"),
    "operation-renamed": DiffRule(_B, _MAJ, "the client method name (x-name, else snake_case operationId) changed"),
    "operation-id-changed": DiffRule(_N, _PAT, "operationId changed but the method name did not"),
    "operation-deprecated": DiffRule(_N, _MIN, "an operation was marked deprecated"),
    # parameters
    "parameter-added-required": DiffRule(_B, _MAJ, "a new required parameter: existing calls lack it"),
    "parameter-added-optional": DiffRule(_N, _MIN, "a new optional parameter"),
    "parameter-removed": DiffRule(_B, _MAJ, "a parameter is gone: calls passing it break"),
    "parameter-became-required": DiffRule(_B, _MAJ, "an optional parameter became required"),
    "parameter-became-optional": DiffRule(_N, _PAT, "a required parameter became optional"),
    "parameter-location-changed": DiffRule(_B, _MAJ, "a parameter moved (query/path/header/cookie)"),
    "parameter-type-changed": DiffRule(_B, _MAJ, "a parameter no longer accepts every value it accepted (type or format narrowed)"),
    "parameter-type-widened": DiffRule(_N, _PAT, "a parameter accepts more types than before"),
    "parameter-enum-value-removed": DiffRule(_B, _MAJ, "a parameter enum lost a value (or gained an enum): calls using it break"),
    "parameter-enum-value-added": DiffRule(_N, _MIN, "a parameter enum gained a value (or lost its enum)"),
    "parameter-constraint-tightened": DiffRule(_B, _MAJ, "a parameter's min/max/length/pattern constraint became stricter"),
    # request bodies
    "request-body-added-required": DiffRule(_B, _MAJ, "an operation now requires a request body"),
    "request-body-added-optional": DiffRule(_N, _MIN, "an operation now accepts an optional request body"),
    "request-body-removed": DiffRule(_B, _MAJ, "an operation no longer takes a request body"),
    "request-body-became-required": DiffRule(_B, _MAJ, "an optional request body became required"),
    "request-content-type-added": DiffRule(_N, _MIN, "the request body accepts a new media type"),
    "request-content-type-removed": DiffRule(_B, _MAJ, "the request body no longer accepts a media type"),
    "request-field-added-required": DiffRule(_B, _MAJ, "a new required request field: existing calls lack it"),
    "request-field-added-optional": DiffRule(_N, _MIN, "a new optional request field"),
    "request-field-removed": DiffRule(_B, _MAJ, "a request field is gone: calls passing it break"),
    "request-field-became-required": DiffRule(_B, _MAJ, "an optional request field became required"),
    "request-field-became-optional": DiffRule(_N, _PAT, "a required request field became optional"),
    "request-field-type-changed": DiffRule(
        _B, _MAJ, "a request field no longer accepts every value it accepted (type, format or union narrowed)"
    ),
    "request-field-type-widened": DiffRule(_N, _PAT, "a request field accepts more types than before"),
    "request-enum-value-removed": DiffRule(_B, _MAJ, "a request enum lost a value (or gained an enum)"),
    "request-enum-value-added": DiffRule(_N, _MIN, "a request enum gained a value (or lost its enum)"),
    "request-constraint-tightened": DiffRule(_B, _MAJ, "a request field's min/max/length/pattern constraint became stricter"),
    # responses
    "response-success-added": DiffRule(_P, _MIN, "a new 2xx status: callers may receive a shape they do not handle"),
    "response-success-removed": DiffRule(_B, _MAJ, "a 2xx status is gone: code relying on it breaks"),
    "response-error-added": DiffRule(_P, _MIN, "a new error status: a new typed error may be raised"),
    "response-error-removed": DiffRule(_N, _PAT, "an error status is no longer documented"),
    "response-content-type-added": DiffRule(_P, _MIN, "a response may come in a new media type"),
    "response-content-type-removed": DiffRule(_B, _MAJ, "a response media type is gone"),
    "response-body-added": DiffRule(_N, _MIN, "a response that had no body now has one"),
    "response-body-removed": DiffRule(_B, _MAJ, "a response no longer has a body"),
    "response-field-added": DiffRule(_N, _MIN, "a new response field"),
    "response-field-removed": DiffRule(_B, _MAJ, "a response field is gone: code reading it breaks"),
    "response-field-became-optional": DiffRule(_P, _MIN, "a required response field became optional: it may be missing"),
    "response-field-became-required": DiffRule(_N, _PAT, "an optional response field became required"),
    "response-field-became-nullable": DiffRule(_P, _MIN, "a response field may now be null"),
    "response-field-type-changed": DiffRule(
        _B, _MAJ, "a response field may now hold a type it could not before (type, format or union widened)"
    ),
    "response-field-type-narrowed": DiffRule(_N, _PAT, "a response field holds fewer types than before"),
    "response-enum-value-added": DiffRule(_P, _MIN, "a response enum gained a value (or lost its enum): exhaustive matches miss it"),
    "response-enum-value-removed": DiffRule(_N, _PAT, "a response enum lost a value"),
    "response-constraint-loosened": DiffRule(_P, _MIN, "a response field's min/max/length/pattern constraint became looser"),
    # security, servers, packaging
    "security-tightened": DiffRule(_B, _MAJ, "an operation no longer accepts a way of authenticating it accepted"),
    "security-loosened": DiffRule(_N, _MIN, "an operation accepts a new way of authenticating (or none)"),
    "security-scheme-changed": DiffRule(_B, _MAJ, "a security scheme changed type, location, name or login flow"),
    "security-scheme-added": DiffRule(_N, _MIN, "a new security scheme"),
    "security-scheme-removed": DiffRule(_B, _MAJ, "a security scheme is gone"),
    "server-added": DiffRule(_N, _MIN, "a new server URL"),
    "server-removed": DiffRule(_P, _MIN, "a server URL is gone: the client's default base URL may change"),
    "server-variable-changed": DiffRule(_P, _MIN, "a server variable's default or allowed values changed"),
    "package-renamed": DiffRule(_B, _MAJ, "x-codegen distribution, package or client name changed: installs and imports break"),
    "spec-other-changed": DiffRule(_N, _PAT, "the spec changed without touching the API surface (descriptions, examples, provenance)"),
}

_OP, _ROOT, _PARAM, _BODY, _SCHEMA, _OBJECT = (
    "operation",
    "root (with `operation: METHOD /path`)",
    "parameter",
    "request body or response",
    "schema",
    "object schema",
)

_TYPE_REVIEW = (
    "parameter-type-changed",
    "parameter-type-widened",
    "request-field-type-changed",
    "request-field-type-widened",
    "response-field-type-changed",
    "response-field-type-narrowed",
)

DRIFT_RULES: dict[str, DriftRule] = {
    "operation-missing": DriftRule(_ROOT, "the vendor publishes an operation our spec lacks", ("operation-added",)),
    "operation-extra": DriftRule(_OP, "our spec has an operation the vendor does not publish", ("operation-removed",)),
    "parameter-missing": DriftRule(
        _OP, "the vendor declares a parameter our operation lacks", ("parameter-added-required", "parameter-added-optional")
    ),
    "parameter-extra": DriftRule(_PARAM, "our operation declares a parameter the vendor does not", ("parameter-removed",)),
    "parameter-required": DriftRule(
        _PARAM, "the parameter is required on one side only", ("parameter-became-required", "parameter-became-optional")
    ),
    "parameter-style": DriftRule(_PARAM, "the parameter's effective style or explode differs"),
    "parameter-location": DriftRule(_PARAM, "the parameter sits elsewhere (query, path, header, cookie)", ("parameter-location-changed",)),
    "status-missing": DriftRule(
        _OP, "the vendor documents a status code our operation lacks", ("response-success-added", "response-error-added")
    ),
    "status-extra": DriftRule(
        _OP, "our operation declares a status code the vendor does not", ("response-success-removed", "response-error-removed")
    ),
    "request-body-missing": DriftRule(
        _OP, "the vendor's operation takes a request body, ours does not", ("request-body-added-required", "request-body-added-optional")
    ),
    "request-body-extra": DriftRule(_OP, "our operation takes a request body, the vendor's does not", ("request-body-removed",)),
    "request-body-required": DriftRule(_BODY, "the request body is required on one side only", ("request-body-became-required",)),
    "content-type-missing": DriftRule(
        _BODY, "the vendor offers a media type we do not", ("request-content-type-added", "response-content-type-added")
    ),
    "content-type-extra": DriftRule(
        _BODY, "we declare a media type the vendor does not", ("request-content-type-removed", "response-content-type-removed")
    ),
    "schema-type": DriftRule(
        _SCHEMA,
        "the types (or union alternatives) differ",
        _TYPE_REVIEW,
    ),
    "schema-format": DriftRule(
        _SCHEMA,
        "the format differs",
        _TYPE_REVIEW,
    ),
    "schema-nullable": DriftRule(
        _SCHEMA,
        "null is allowed on one side only (3.0 `nullable` and 3.1 type arrays or null alternatives read alike)",
        ("response-field-became-nullable", "request-field-type-widened", "request-field-type-changed"),
    ),
    "schema-enum": DriftRule(
        _SCHEMA,
        "an enum value is listed on one side only, or only one side has an enum (`value:` names the value)",
        (
            "parameter-enum-value-added",
            "parameter-enum-value-removed",
            "request-enum-value-added",
            "request-enum-value-removed",
            "response-enum-value-added",
            "response-enum-value-removed",
        ),
    ),
    "property-extra": DriftRule(
        _SCHEMA, "we declare a property the vendor does not (reported at the property's own schema)", ("request-field-removed",)
    ),
    "property-missing": DriftRule(
        _OBJECT,
        "the vendor declares a property we lack (`property:` names it)",
        ("request-field-added-required", "request-field-added-optional", "response-field-added"),
    ),
    "schema-required": DriftRule(
        _OBJECT,
        "a property is required on one side only (`property:` names it)",
        (
            "request-field-became-required",
            "request-field-became-optional",
            "response-field-became-required",
            "response-field-became-optional",
        ),
    ),
    "schema-unclassified": DriftRule(
        _SCHEMA, "the schemas differ in a way the rules above cannot name (e.g. union alternatives that cannot be paired)"
    ),
    "deviation-stale": DriftRule(
        "any x-deviation entry", "an x-deviation entry acknowledges no difference any more: remove it or fix its node/rule"
    ),
}
