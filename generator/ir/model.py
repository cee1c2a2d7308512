"""Frozen dataclasses describing one client package. No Jinja and no OpenAPI dicts in here.

Type hints are kept as text because they are what templates print; every hint is built by `types.py` from
names that went through `naming.py`. Each node keeps the JSON pointer it came from (`origin`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Api",
    "AuthScheme",
    "Body",
    "BodyField",
    "Credential",
    "Method",
    "Namespace",
    "OpSpec",
    "Param",
    "ParamWire",
    "Resource",
    "Source",
]


_CONFIDENCE = {
    "documented": " (as the vendor documents it)",
    "inferred": " (inferred: the vendor's documentation does not show all of it; check against your server)",
}
_WAIT = (
    "False (default) returns None while the vendor is still preparing the result (HTTP 202); True polls with "
    "backoff until it is ready, raising PollTimeoutError when it takes too long."
)


@dataclass(frozen=True)
class Source:
    doc: str = ""
    section: str = ""
    confidence: str = ""
    note: str = ""
    link: str = ""
    """The vendor's public documentation for users (our spec may cite files they do not have)."""


@dataclass(frozen=True)
class Param:
    """A method argument that ends up in the path, query, a header or a cookie."""

    py_name: str
    wire_name: str
    location: str
    hint: str
    required: bool
    description: str = ""
    default: str | None = None

    @property
    def default_literal(self) -> str:
        return self.default if self.default is not None else "None"

    @property
    def optional_hint(self) -> str:
        return self.hint if self.hint.endswith("| None") or self.hint == "_Any" else self.hint + " | None"


@dataclass(frozen=True)
class BodyField:
    py_name: str
    wire_name: str
    hint: str
    required: bool
    description: str = ""
    in_root: bool = False
    date_format: str | None = None
    money: str | None = None  # "number" | "string": an `x-money` field, how a caller's Decimal is written

    @property
    def value(self) -> str:
        """The expression that puts this argument on the wire."""
        if self.money:
            return f"_fmt.encode_money({self.py_name}, {self.money!r})"
        return f"_fmt.encode_date({self.py_name}, {self.date_format!r})" if self.date_format else self.py_name


@dataclass(frozen=True)
class Body:
    """`fields` when the body is an object whose fields become keyword arguments; else one `body` argument."""

    content_type: str
    kind: str  # json | form | multipart | binary | text
    fields: tuple[BodyField, ...] = ()
    whole_hint: str = ""
    required: bool = True
    root: str | None = None

    @property
    def top_fields(self) -> tuple[BodyField, ...]:
        return tuple(f for f in self.fields if not f.in_root)

    @property
    def root_fields(self) -> tuple[BodyField, ...]:
        return tuple(f for f in self.fields if f.in_root)

    @property
    def flattened(self) -> bool:
        return not self.whole_hint


@dataclass(frozen=True)
class ParamWire:
    name: str
    location: str
    style: str
    explode: bool
    date_format: str | None = None


@dataclass(frozen=True)
class OpSpec:
    """What the runtime's OperationSpec gets: rendered as data in `_operations.py`."""

    const: str
    operation_id: str
    method: str
    path: str
    params: tuple[ParamWire, ...] = ()
    security: tuple[tuple[str, ...], ...] = ()
    nonce_param: str | None = None
    idempotency_field: str | None = None
    pagination: tuple[tuple[str, str], ...] = ()
    pagination_when: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()  # x-pagination.when, value -> spec
    poll: tuple[int, float, float] | None = None
    unwrap: str | tuple[str, ...] | None = None  # several pointers: the first present in the body wins
    location_header: str | None = None
    location_pattern: str | None = None
    accept: str | None = None
    request_content_type: str | None = None
    fixed_query: tuple[tuple[str, str], ...] = ()
    success_kind: str = "json"
    error_models: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Method:
    name: str
    op: OpSpec
    summary: str
    doc: str
    path_params: tuple[Param, ...]
    params: tuple[Param, ...]
    body: Body | None
    returns: str
    cast_to: str
    item_hint: str | None = None
    poll: bool = False
    deprecated: bool = False
    beta: bool = False
    scopes: tuple[str, ...] = ()
    source: Source = field(default_factory=Source)
    origin: str = ""

    @property
    def paginated(self) -> bool:
        return self.item_hint is not None

    @property
    def readme_returns(self) -> str:
        def clean(hint: str) -> str:
            for old, new in (
                ("_models.", ""),
                ("_List", "list"),
                ("_Dict", "dict"),
                ("_Any", "Any"),
                ("_dt.", ""),
                ("_Created", "Created"),
                ("_Literal", "Literal"),
            ):
                hint = hint.replace(old, new)
            return hint

        return f"pages of `{clean(self.item_hint)}`" if self.item_hint else f"`{clean(self.returns)}`"

    def _located(self, location: str) -> tuple[Param, ...]:
        return tuple(p for p in self.path_params + self.params if p.location == location)

    @property
    def path_args(self) -> tuple[Param, ...]:
        return self._located("path")

    @property
    def query_args(self) -> tuple[Param, ...]:
        return self._located("query")

    @property
    def header_args(self) -> tuple[Param, ...]:
        return self._located("header") + self._located("cookie")

    @property
    def required_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.required)

    @property
    def optional_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if not p.required)

    @property
    def required_fields(self) -> tuple[BodyField, ...]:
        return tuple(f for f in self.body.fields if f.required) if self.body else ()

    @property
    def optional_fields(self) -> tuple[BodyField, ...]:
        return tuple(f for f in self.body.fields if not f.required) if self.body else ()

    @property
    def file_fields(self) -> tuple[BodyField, ...]:
        return tuple(f for f in self.body.fields if f.hint == "bytes") if self.body and self.body.kind == "multipart" else ()

    @property
    def data_fields(self) -> tuple[BodyField, ...]:
        files = self.file_fields
        return tuple(f for f in self.body.fields if f not in files) if self.body else ()

    @property
    def docstring(self) -> str:
        """Summary, description, provenance and markers: what a caller reads in their editor."""
        parts = [self.summary.strip() or self.name.replace("_", " ").capitalize() + "."]
        if self.doc.strip() and self.doc.strip() != self.summary.strip():
            parts.append(self.doc.strip())
        notes = []
        if self.beta:
            notes.append("Beta: the vendor may change this operation without notice.")
        if self.scopes:
            notes.append("Requires scopes: " + ", ".join(self.scopes) + ".")
        if self.deprecated:
            notes.append("Deprecated by the vendor.")
        notes.append(f"{self.op.method} {self.op.path}" + _CONFIDENCE.get(self.source.confidence, ""))
        if self.source.link:
            notes.append(f"Vendor docs: {self.source.link}")
        parts.append("\n".join(notes))
        documented = [(a.py_name, a.description) for a in self.path_params + self.params if a.description.strip()]
        documented += [(f.py_name, f.description) for f in (self.body.fields if self.body else ()) if f.description.strip()]
        if self.poll:
            documented.append(("wait", _WAIT))
        if documented:
            parts.append("Args:\n" + "\n".join(f"    {name}: {' '.join(text.split())}" for name, text in documented))
        return "\n\n".join(parts)

    @property
    def call_example(self) -> str:
        """`list()`, `retrieve(id)`, `create(name=..., nif=...)`: a call with what it cannot do without."""
        args = [p.py_name for p in self.path_params]
        args += [f"{p.py_name}=..." for p in self.params if p.required]
        if self.body is not None and self.body.flattened:
            args += [f"{f.py_name}=..." for f in self.body.fields if f.required]
        elif self.body is not None and self.body.required:
            args.append("...")
        return f"{self.name}({', '.join(args)})"

    @property
    def has_body_fields(self) -> bool:
        return self.body is not None and self.body.flattened

    @property
    def has_whole_body(self) -> bool:
        return self.body is not None and not self.body.flattened

    @property
    def takes_extra_body(self) -> bool:
        """`extra_body=` (fields merged into the body as sent) on every call that sends, or may send, a JSON or
        form body; not on bytes/text uploads, where there is nothing to merge into."""
        if self.body is not None:
            return self.body.kind in ("json", "form", "multipart")
        return self.op.method.upper() in ("POST", "PUT", "PATCH")


@dataclass(frozen=True)
class Resource:
    attr: str
    class_name: str
    module: str
    namespace: str
    description: str
    methods: tuple[Method, ...]

    @property
    def async_class_name(self) -> str:
        return "Async" + self.class_name


@dataclass(frozen=True)
class Namespace:
    attr: str
    class_name: str
    resources: tuple[Resource, ...]
    note: str = ""


@dataclass(frozen=True)
class Builder:
    """`x-builder`: a positional shorthand for a small model (`Filter("name", "contains", "shirt")`)."""

    name: str
    model: str
    params: tuple[BodyField, ...]
    description: str = ""

    @property
    def optional_params(self) -> tuple[BodyField, ...]:
        return tuple(p for p in self.params if not p.required)

    @property
    def required_params(self) -> tuple[BodyField, ...]:
        return tuple(p for p in self.params if p.required)


@dataclass(frozen=True)
class Credential:
    """A constructor argument that carries a secret (or a login name)."""

    name: str
    env: str
    secret: bool = True


@dataclass(frozen=True)
class AuthScheme:
    """One security scheme and how the runtime strategy is built from constructor arguments."""

    name: str
    kind: str  # bearer | apikey | basic | session | rsa-login
    credentials: tuple[str, ...]
    settings: tuple[tuple[str, Any], ...] = ()
    hint: str = ""
    """How a user configures this scheme, in constructor arguments and environment variables (for errors)."""

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.settings).get(key, default)


@dataclass(frozen=True)
class ServerVar:
    py_name: str
    wire_name: str
    default: str | None
    description: str = ""


@dataclass(frozen=True)
class Api:
    vendor: str
    title: str
    description: str
    distribution: str
    package: str
    client_class: str
    version: str
    api_version: str
    spec_file: str
    spec_sha256: str
    generator_version: str
    base_url: str
    server_vars: tuple[ServerVar, ...]
    base_url_required: bool
    resources: tuple[Resource, ...]
    namespaces: tuple[Namespace, ...]
    operations: tuple[OpSpec, ...]
    auth: tuple[AuthScheme, ...]
    credentials: tuple[Credential, ...]
    rate_limit: tuple[int, float] | None
    models: tuple[str, ...]
    error_models: tuple[str, ...]
    top_note: str = ""
    builders: tuple[Builder, ...] = ()
    base_url_env: str = ""
    """Environment variable read for the base URL when the constructor gets none (e.g. a mock or a proxy)."""
    docs_url: str = ""
    aliases: tuple[tuple[str, str], ...] = ()  # (name, Literal expression): long enums named once
    always_returned: tuple[tuple[str, tuple[str, ...]], ...] = ()  # x-always-returned: schema -> properties typed non-optional

    def _any(self, predicate: str) -> bool:
        return any(getattr(m.op, predicate) for r in self.resources for m in r.methods)

    @property
    def has_nonce(self) -> bool:
        return self._any("nonce_param")

    @property
    def has_poll(self) -> bool:
        return self._any("poll")

    @property
    def has_idempotency(self) -> bool:
        return self._any("idempotency_field")

    @property
    def has_created(self) -> bool:
        return self._any("location_header")

    @property
    def async_client_class(self) -> str:
        return "Async" + self.client_class

    @property
    def error_base(self) -> str:
        return self.client_class + "Error"

    @property
    def top_resources(self) -> tuple[Resource, ...]:
        return tuple(r for r in self.resources if not r.namespace)

    @property
    def primary_credential(self) -> str:
        """The credential a session's first login uses, which `username`/`password` can replace."""
        for scheme in self.auth:
            if scheme.kind == "session" and scheme.get("login"):
                login = next((s for s in self.auth if s.name == scheme.get("login_scheme")), None)
                if login is not None and login.credentials:
                    return login.credentials[0]
        return ""

    @property
    def coordination_env(self) -> str:
        """The environment variable the runtime reads for `coordination=` (derived from the logger name,
        which is the package name, exactly as `_coordination.make_coordination` derives it)."""
        return "".join(c if c.isalnum() else "_" for c in self.package).upper() + "_COORDINATION"

    @property
    def needs_cryptography(self) -> bool:
        return any(s.kind == "rsa-login" for s in self.auth)

    @property
    def usage_args(self) -> str:
        """Constructor arguments for the README example."""
        args = [f'{v.py_name}="..."' for v in self.server_vars if v.default is None]
        if self.base_url_required:
            args.append('base_url="https://..."')
        # A session scheme's username/password are the alternative login: the example shows the primary one.
        alternative = {c for s in self.auth if s.kind == "session" and s.get("login") for c in s.credentials}
        args += [f'{c.name}="..."' for c in self.credentials if c.name not in alternative][:3]
        return ", ".join(args)

    @property
    def example(self) -> str:
        for resource in self.top_resources:
            for method in resource.methods:
                if method.paginated and not method.path_params and not method.required_params:
                    return f"for item in client.{resource.attr}.{method.name}():\n    print(item)"
        return ""
