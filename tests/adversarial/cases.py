"""The hostile and broken inputs: each one a way an attacker or a careless user has broken a generator."""

from __future__ import annotations

import copy
import json
import os
import socket
from pathlib import Path
from typing import Any

from .harness import CANARY, Case

OK = {"200": {"description": "ok"}}


def doc(paths: dict[str, Any] | None = None, schemas: dict[str, Any] | None = None, version: str = "3.0.3", **extra: Any) -> dict[str, Any]:
    """A small valid document; `extra` adds or replaces top-level keys."""
    base: dict[str, Any] = {
        "openapi": version,
        "info": {"title": "Hostile", "version": "1"},
        "servers": [{"url": "https://api.example/v1"}],
        "x-codegen": {"distribution": "hostile-client", "package": "hostile_client", "client": "Hostile", "version": "0.1.0"},
        "paths": paths if paths is not None else {"/things": {"get": {"operationId": "listThings", "tags": ["things"], "responses": OK}}},
    }
    if schemas is not None:
        base["components"] = {"schemas": schemas}
        base["paths"] = paths or {
            "/things": {
                "get": {
                    "operationId": "getThing",
                    "tags": ["things"],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{next(iter(schemas))}"}}},
                        }
                    },
                }
            }
        }
    base.update(extra)
    return base


def with_schema(schema: dict[str, Any], version: str = "3.1.0", name: str = "Thing") -> dict[str, Any]:
    return doc(schemas={name: schema}, version=version)


def _op(op_id: str, tag: str = "things", **more: Any) -> dict[str, Any]:
    return {"operationId": op_id, "tags": [tag], "responses": OK, **more}


def _models_clean(*forbidden: str) -> Any:
    def check(out: Path) -> None:
        # the runtime is copied verbatim (its docs may name 127.0.0.1); only spec-derived modules count
        text = "\n".join(p.read_text() for p in out.rglob("*.py") if "_runtime" not in p.parts)
        for word in forbidden:
            assert word not in text, f"{word!r} reached the generated code"

    return check


def _never_imports(module: str) -> Any:
    def check(out: Path) -> None:
        import ast

        for path in out.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else []
                )
                assert not any(n.split(".")[0] == module for n in names), f"{path} imports {module}"

    return check


def _header_one_line(out: Path) -> None:
    for path in out.rglob("*.py"):
        first = path.read_text().splitlines()[0]
        assert first.startswith("#"), f"{path}: first line is not a comment: {first!r}"
    import tomllib

    tomllib.loads((out / "pyproject.toml").read_text())


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "pipe.yaml")


def _yaml_dir(folder: Path) -> None:
    (folder / "unrelated.yaml").mkdir()
    (folder / "unrelated.yaml" / "x").write_text("x")


def _include_dir(folder: Path) -> None:
    (folder / "frag.yaml").mkdir()


def _big_sibling(folder: Path) -> None:
    (folder / "notes.yaml").write_text("a: 1\n")


def _secret_file(folder: Path) -> None:
    (folder / "secret.json").write_text(json.dumps({"type": "object", "properties": {"stolen": {"type": "string"}}}))


def _deep(levels: int) -> str:
    return (
        "openapi: 3.0.3\ninfo: {title: Deep, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Deep: "
        + "{type: object, properties: {a: " * levels
        + "{type: string}"
        + "}}" * levels
        + "\n"
    )


def _amplified(values: int, operations: int) -> dict[str, Any]:
    param = {"name": "kind", "in": "query", "schema": {"type": "string", "enum": [f"value{i}" for i in range(values)]}}
    paths = {
        f"/r{i}": {
            "get": {"operationId": f"op{i}", "tags": ["r"], "parameters": [{"$ref": "#/components/parameters/Kind"}], "responses": OK}
        }
        for i in range(operations)
    }
    return doc(paths=paths, components={"parameters": {"Kind": param}})


def _size_below(limit: int, last_value: str) -> Any:
    def check(out: Path) -> None:
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        assert size < limit, f"output is {size} bytes, expected under {limit}"
        printed = sum(p.read_text().count(last_value) for p in out.rglob("*.py"))
        assert printed == 1, f"the enum is printed {printed} times; expected once (a named alias)"

    return check


def _busy_port(folder: Path) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    (folder / "port").write_text(str(sock.getsockname()[1]))
    _KEEP.append(sock)


_KEEP: list[socket.socket] = []


LINE_SEPARATORS = {"vt": "\x0b", "fs": "\x1c", "gs": "\x1d", "rs": "\x1e", "nel": "\x85", "ls": "\u2028", "ps": "\u2029"}

CASES: list[Case] = [
    # --- ref-like keywords: nothing is read from disk or fetched ---------------------------------------------------
    Case(
        "dynamicref-file",
        with_schema({"type": "object", "properties": {"a": {"$dynamicRef": "secret.json"}}}),
        "diagnostic",
        "ref.remote",
        setup=_secret_file,
    ),
    Case(
        "dynamicref-file-url",
        with_schema({"type": "object", "properties": {"a": {"$dynamicRef": "file:///etc/hostname"}}}),
        "diagnostic",
        "ref.remote",
    ),
    Case(
        "dynamicref-http",
        with_schema({"type": "object", "properties": {"a": {"$dynamicRef": "http://127.0.0.1:9/schema.json"}}}),
        "diagnostic",
        "ref.remote",
    ),
    Case(
        "dynamicref-local",
        with_schema({"$dynamicAnchor": "node", "type": "object", "properties": {"next": {"$dynamicRef": "#node"}}}),
        "package",
        "spec.unsupported-keyword",
    ),
    Case(
        "recursiveref",
        with_schema({"$recursiveAnchor": True, "type": "object", "properties": {"next": {"$recursiveRef": "#"}}}, version="3.1.0"),
        "package",
        "spec.unsupported-keyword",
    ),
    Case(
        "recursiveref-remote",
        with_schema({"type": "object", "properties": {"next": {"$recursiveRef": "https://example.invalid/s.json"}}}),
        "diagnostic",
        "ref.remote",
    ),
    Case(
        "id-base-uri",
        with_schema({"$id": "http://127.0.0.1:9/base/", "type": "object", "properties": {"a": {"type": "string"}}}),
        "package",
        "spec.unsupported-keyword",
        check=_models_clean("127.0.0.1"),
    ),
    Case(
        "id-file-base",
        with_schema({"$id": "file:///etc/", "type": "object", "properties": {"a": {"type": "string"}}}),
        "package",
        "spec.unsupported-keyword",
    ),
    Case(
        "schema-url",
        with_schema({"$schema": "http://127.0.0.1:9/meta.json", "type": "object", "properties": {"a": {"type": "string"}}}),
        "package",
        "spec.unsupported-keyword",
    ),
    Case("dialect-url", doc(version="3.1.0", jsonSchemaDialect="http://127.0.0.1:9/dialect.json"), "package", "spec.unsupported-keyword"),
    Case(
        "anchor",
        with_schema({"$anchor": "x", "type": "object", "properties": {"a": {"type": "string"}}}),
        "package",
        "spec.unsupported-keyword",
    ),
    Case(
        "ref-sibling-id",
        with_schema({"type": "object", "properties": {"a": {"$id": "secret.json", "$ref": "#/components/schemas/Other"}}}, version="3.1.0")
        | {
            "components": {
                "schemas": {
                    "Thing": {"type": "object", "properties": {"a": {"$id": "secret.json", "$ref": "#/components/schemas/Other"}}},
                    "Other": {"type": "string"},
                }
            }
        },
        "package",
        "spec.unsupported-keyword",
        setup=_secret_file,
        check=_models_clean("stolen"),
    ),
    Case(
        "discriminator-mapping-remote",
        doc(
            schemas={
                "Pet": {
                    "oneOf": [{"$ref": "#/components/schemas/Cat"}],
                    "discriminator": {
                        "propertyName": "kind",
                        "mapping": {
                            "cat": "#/components/schemas/Cat",
                            "dog": "http://127.0.0.1:9/dog.json#/Dog",
                            "rat": "secret.json#/Rat",
                        },
                    },
                },
                "Cat": {"type": "object", "properties": {"kind": {"type": "string"}}},
            }
        ),
        "diagnostic",
        "ref.remote",
        setup=_secret_file,
    ),
    Case(
        "example-external-value",
        doc(
            paths={
                "/a": {
                    "get": _op(
                        "a",
                        responses={
                            "200": {
                                "description": "ok",
                                "content": {
                                    "application/json": {
                                        "schema": {"type": "object"},
                                        "examples": {
                                            "x": {"externalValue": "file:///etc/hostname"},
                                            "y": {"externalValue": "http://127.0.0.1:9/x"},
                                        },
                                    }
                                },
                            }
                        },
                    )
                }
            }
        ),
        "package",
    ),
    Case(
        "link-operation-ref-remote",
        doc(
            paths={
                "/a": {
                    "get": _op(
                        "a",
                        responses={
                            "200": {"description": "ok", "links": {"next": {"operationRef": "http://127.0.0.1:9/spec.json#/paths/~1b/get"}}}
                        },
                    )
                }
            }
        ),
        "package",
    ),
    # --- keywords datamodel-code-generator honours that choose code or types ----------------------------------------
    Case(
        "custom-type-path",
        with_schema({"type": "object", "properties": {"a": {"type": "string", "customTypePath": "os.system"}}}),
        "package",
        "spec.unsafe-keyword",
        check=_models_clean("os.system"),
    ),
    Case(
        "custom-type-path-module",
        with_schema({"type": "object", "properties": {"a": {"type": "string", "customTypePath": "antigravity.fly"}}}),
        "package",
        "spec.unsafe-keyword",
        check=_models_clean("antigravity"),
    ),
    Case(
        "custom-base-path",
        with_schema({"type": "object", "customBasePath": "this.Base", "properties": {"a": {"type": "string"}}}),
        "package",
        "spec.unsafe-keyword",
        check=_models_clean("from this"),
    ),
    Case(
        "custom-base-path-list",
        with_schema({"type": "object", "customBasePath": ["this.A", "antigravity.B"], "properties": {"a": {"type": "string"}}}),
        "package",
        "spec.unsafe-keyword",
        check=_models_clean("antigravity"),
    ),
    Case(
        "x-python-type",
        with_schema({"type": "object", "properties": {"a": {"type": "string", "x-python-type": "antigravity.Fly"}}}),
        "package",
        "spec.unsafe-keyword",
        check=_models_clean("antigravity"),
    ),
    Case(
        "x-python-import",
        with_schema(
            {
                "type": "object",
                "properties": {
                    "a": {"type": "string", "x-python-type": "Fly", "x-python-import": {"module": "antigravity", "name": "Fly"}}
                },
            }
        ),
        "package",
        "spec.unsafe-keyword",
        check=_never_imports("antigravity"),
    ),
    Case(
        "x-is-base-class",
        with_schema({"type": "object", "x-is-base-class": True, "properties": {"a": {"type": "string"}}}),
        "package",
        "spec.unsafe-keyword",
    ),
    Case(
        "x-is-classvar",
        with_schema({"type": "object", "properties": {"a": {"type": "string", "x-is-classvar": True}}}),
        "package",
        "spec.unsafe-keyword",
    ),
    Case(
        "x-enum-varnames-code",
        with_schema({"type": "string", "enum": ["a", "b"], "x-enum-varnames": ["__import__('os')", "x; import antigravity"]}),
        "package",
        "spec.unsafe-keyword",
        check=_models_clean("antigravity"),
    ),
    Case(
        "dmcg-field-name",
        with_schema({"type": "object", "properties": {"a": {"type": "string", "x-datamodel-code-generator-field-name": "__class__"}}}),
        "package",
        "spec.unsafe-keyword",
    ),
    # --- the spec's file name goes into headers and pyproject.toml escaped ------------------------------------------
    Case("file-name-newline", doc(), "package", file_name="evil\nimport antigravity\n.yaml", check=_header_one_line),
    Case("file-name-quotes", doc(), "package", file_name='e"v\'il """ \\ .yaml', check=_header_one_line),
    Case("file-name-unicode-controls", doc(), "package", file_name="a\u2028b\x1bc\u202e.yaml", check=_header_one_line),
    # --- output folders the generator must not replace --------------------------------------------------------------
    Case("output-dot", doc(), "diagnostic", "output.unsafe", argv=lambda spec, out, work: ["generate", str(spec), "-o", "."]),
    Case(
        "output-spec-folder",
        doc(),
        "diagnostic",
        "output.unsafe",
        argv=lambda spec, out, work: ["generate", str(spec), "-o", str(spec.parent)],
    ),
    Case("output-ancestor", doc(), "diagnostic", "output.unsafe", argv=lambda spec, out, work: ["generate", str(spec), "-o", str(work)]),
    Case(
        "output-regular-file", doc(), "diagnostic", "output.unsafe", argv=lambda spec, out, work: ["generate", str(spec), "-o", str(spec)]
    ),
    Case(
        "output-foreign-folder",
        doc(),
        "diagnostic",
        "output.unsafe",
        setup=lambda d: (d / "mine").mkdir() or (d / "mine" / "notes.txt").write_text("keep"),
        argv=lambda spec, out, work: ["generate", str(spec), "-o", str(spec.parent / "mine")],
    ),
    Case(
        "output-working-dir-relative",
        doc(),
        "diagnostic",
        "output.unsafe",
        argv=lambda spec, out, work: ["generate", str(spec), "-o", "../spec/."],
    ),
    Case(
        "output-symlink-to-spec-folder",
        doc(),
        "diagnostic",
        "output.unsafe",
        setup=lambda d: (d.parent / "link").symlink_to(d),
        argv=lambda spec, out, work: ["generate", str(spec), "-o", str(work / "link")],
    ),
    Case("output-empty-folder", doc(), "package", previous=False, setup=lambda d: (d.parent / "out").mkdir()),
    Case("output-new-folder", doc(), "package", previous=False),
    Case(
        "output-under-a-file",
        doc(),
        "diagnostic",
        "output.write",
        argv=lambda spec, out, work: ["generate", str(spec), "-o", str(spec / "pkg")],
    ),
    # --- packages that would not import ----------------------------------------------------------------------------
    Case(
        "client-named-like-resource",
        doc(paths={"/pets": {"get": _op("listPets", "pets")}}, info={"title": "Pets", "version": "1"}) | {"x-codegen": {}},
        "package",
    ),
    Case("client-named-like-resource-explicit", doc(paths={"/pets": {"get": _op("listPets", "Hostile")}}), "package"),
    Case(
        "server-var-vs-credential",
        doc(
            servers=[{"url": "https://{api_key}.example", "variables": {"api_key": {"default": "x"}}}],
            components={"securitySchemes": {"k": {"type": "apiKey", "name": "apiKey", "in": "header"}}},
            security=[{"k": []}],
        ),
        "package",
    ),
    Case(
        "server-vars-runtime-names",
        doc(
            servers=[
                {
                    "url": "https://{timeout}.{transport}.{http_client}.{max_retries}.{base_url}.{self}/x",
                    "variables": {n: {"default": "a"} for n in ("timeout", "transport", "http_client", "max_retries", "base_url", "self")},
                }
            ]
        ),
        "package",
    ),
    Case(
        "credentials-same-snake",
        doc(
            components={
                "securitySchemes": {
                    "api-key": {"type": "apiKey", "name": "X-A", "in": "header"},
                    "api_key": {"type": "apiKey", "name": "X-B", "in": "header"},
                    "ApiKey": {"type": "http", "scheme": "bearer"},
                }
            },
            security=[{"api-key": [], "api_key": []}, {"ApiKey": []}],
        ),
        "package",
    ),
    Case(
        "credential-named-timeout",
        doc(
            components={"securitySchemes": {"k": {"type": "apiKey", "name": "X-K", "in": "header", "x-credential": "timeout"}}},
            security=[{"k": []}],
        ),
        "diagnostic",
        "auth.credential-name",
    ),
    Case(
        "auth-flow-status-text",
        doc(
            paths={"/login": {"post": _op("login")}},
            components={
                "securitySchemes": {
                    "t": {"type": "apiKey", "name": "X-T", "in": "header"},
                    "s": {
                        "type": "apiKey",
                        "name": "X-S",
                        "in": "header",
                        "x-auth-flow": {"kind": "session", "login": "login", "relogin_status": ["often"]},
                    },
                }
            },
            security=[{"s": []}],
        ),
        "diagnostic",
        "extension.number",
    ),
    Case(
        "nan-defaults-in-schemas",
        with_schema(
            {
                "type": "object",
                "properties": {
                    "a": {"type": "number", "default": float("nan")},
                    "b": {"type": "number", "enum": [1.5, float("inf")]},
                    "c": {"type": "number", "maximum": float("inf"), "default": float("-inf")},
                },
            },
            version="3.0.3",
        ),
        "package",
    ),
    Case(
        "nan-header-default",
        doc(
            paths={
                "/a": {
                    "get": _op(
                        "a",
                        parameters=[
                            {"name": "X-N", "in": "header", "schema": {"type": "number", "default": float("nan")}},
                            {"name": "q", "in": "query", "schema": {"type": "number", "enum": [float("nan"), 1.0]}},
                        ],
                    )
                }
            }
        ),
        "package",
    ),
    Case("rate-limit-nan", doc(**{"x-rate-limit": {"requests": 10, "period": float("nan")}}), "diagnostic", "extension.number"),
    Case("rate-limit-inf", doc(**{"x-rate-limit": {"requests": float("inf"), "period": 1}}), "diagnostic", "extension.number"),
    Case("rate-limit-text", doc(**{"x-rate-limit": {"requests": "ten", "period": 1}}), "diagnostic", "extension.number"),
    Case("rate-limit-negative", doc(**{"x-rate-limit": {"requests": -1, "period": 0}}), "diagnostic", "extension.number"),
    Case(
        "poll-text",
        doc(paths={"/jobs": {"post": _op("startJob", **{"x-poll": {"operation": "startJob", "interval": "soon", "timeout": "later"}})}}),
        "diagnostic",
        "extension.number",
    ),
    Case(
        "auth-flow-text",
        doc(
            paths={"/login": {"post": _op("login")}},
            components={
                "securitySchemes": {
                    "s": {
                        "type": "apiKey",
                        "name": "X-S",
                        "in": "header",
                        "x-auth-flow": {"kind": "rsa-login", "login": "login", "token": "token", "ttl": "forever"},
                    }
                }
            },
            security=[{"s": []}],
        ),
        "diagnostic",
        "extension.number",
    ),
    # --- inputs that used to end in a traceback ----------------------------------------------------------------------
    Case("smallest-spec", {"openapi": "3.0.3", "info": {"title": "Min", "version": "1"}, "paths": {}}, "package"),
    *[
        Case(f"enum-{label}", with_schema({"type": "string", "enum": [f"a{char}b", "plain"]}, version="3.0.3"), "package")
        for label, char in LINE_SEPARATORS.items()
    ],
    Case(
        "enum-line-separators-in-params",
        doc(
            paths={
                "/a": {
                    "get": _op(
                        "a", parameters=[{"name": "m", "in": "query", "schema": {"type": "string", "enum": list(LINE_SEPARATORS.values())}}]
                    )
                }
            }
        ),
        "package",
    ),
    Case(
        "builder-without-required",
        with_schema({"type": "object", "x-builder": "make_thing", "properties": {"a": {"type": "string"}}}, version="3.0.3"),
        "package",
    ),
    Case(
        "builder-on-non-object", with_schema({"type": "string", "x-builder": "make_thing"}, version="3.0.3"), "package", "builder.invalid"
    ),
    Case("deep-nesting", _deep(2000), "diagnostic", "load.too-deep"),
    Case("nul-byte", b"openapi: 3.0.3\ninfo: {title: 'a\x00b', version: '1'}\npaths: {}\n", "diagnostic", "load.syntax"),
    Case("long-tag", doc(paths={"/a": {"get": _op("a", "t" * 300)}}), "package"),
    Case("long-operation-id", doc(paths={"/a": {"get": _op("o" * 400)}}), "package"),
    Case(
        "include-folder",
        doc(**{"x-codegen": {"package": "hostile_client", "include": ["frag.yaml"]}}),
        "diagnostic",
        "load.read",
        setup=_include_dir,
    ),
    Case(
        "include-symlink-outside",
        doc(**{"x-codegen": {"package": "hostile_client", "include": ["frag.yaml"]}}),
        "diagnostic",
        "bundle.outside",
        setup=lambda d: (d / "frag.yaml").symlink_to("/etc/hostname"),
    ),
    Case("include-missing", doc(**{"x-codegen": {"package": "hostile_client", "include": ["nope.yaml"]}}), "diagnostic", "load.read"),
    Case("sibling-folder-named-yaml", doc(), "package", setup=_yaml_dir),
    Case("sibling-fifo-named-yaml", doc(), "package", setup=_fifo),
    Case("sibling-unrelated-yaml", doc(), "package", setup=_big_sibling),
    Case(
        "missing-spec",
        doc(),
        "diagnostic",
        "load.read",
        argv=lambda spec, out, work: ["generate", str(spec.parent / "nope.yaml"), "-o", str(out)],
    ),
    Case(
        "spec-is-directory", doc(), "diagnostic", "load.read", argv=lambda spec, out, work: ["generate", str(spec.parent), "-o", str(out)]
    ),
    Case("spec-is-dev-zero", doc(), "diagnostic", "load.read", argv=lambda spec, out, work: ["generate", "/dev/zero", "-o", str(out)]),
    Case(
        "spec-is-fifo",
        doc(),
        "diagnostic",
        "load.read",
        setup=lambda d: os.mkfifo(d / "in.yaml"),
        argv=lambda spec, out, work: ["generate", str(spec.parent / "in.yaml"), "-o", str(out)],
    ),
    Case(
        "output-unwritable",
        doc(),
        "diagnostic",
        "output.write",
        argv=lambda spec, out, work: ["generate", str(spec), "-o", "/proc/hostile-generator-out/pkg"],
    ),
    Case("lint-dev-zero", doc(), "diagnostic", tool=True, argv=lambda spec, out, work: ["lint", "/dev/zero"]),
    Case("lint-missing", doc(), "diagnostic", tool=True, argv=lambda spec, out, work: ["lint", str(spec.parent / "nope.yaml")]),
    Case("lint-directory", doc(), "diagnostic", tool=True, argv=lambda spec, out, work: ["lint", str(spec.parent)]),
    Case("mock-port-out-of-range", doc(), "diagnostic", tool=True, argv=lambda spec, out, work: ["mock", "gestix", "--port", "70000"]),
    Case(
        "mock-port-in-use",
        doc(),
        "diagnostic",
        tool=True,
        setup=_busy_port,
        argv=lambda spec, out, work: ["mock", "gestix", "--port", (spec.parent / "port").read_text()],
    ),
    # --- amplification ---------------------------------------------------------------------------------------------
    Case("enum-param-amplified", _amplified(3000, 150), "package", check=_size_below(1_000_000, "value2999")),
    Case("huge-enum-schema", with_schema({"type": "string", "enum": [f"v{i}" for i in range(5000)]}, version="3.0.3"), "package"),
    Case(
        "alias-bomb",
        "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\nopenapi: 3.0.3\n",
        "diagnostic",
        "load.too-large",
    ),
    Case(
        "python-tag",
        "openapi: 3.0.3\ninfo: !!python/object/apply:os.system ['touch " + CANARY + "']\npaths: {}\n",
        "diagnostic",
        "spec.invalid",
    ),
    # --- names ------------------------------------------------------------------------------------------------------
    Case("unicode-confusable-tags", doc(paths={"/a": {"get": _op("a", "Pets")}, "/b": {"get": _op("b", "Р" + "ets")}}), "package"),
    Case("unicode-confusable-operations", doc(paths={"/a": {"get": _op("list")}, "/b": {"get": _op("lіst")}}), "package"),
    Case(
        "operation-ids-same-snake",
        doc(paths={"/a": {"get": _op("getThing")}, "/b": {"get": _op("get_thing")}, "/c": {"get": _op("GetThing")}}),
        "package",
    ),
    Case(
        "duplicate-operation-ids",
        doc(paths={"/a": {"get": _op("same")}, "/b": {"get": _op("same")}}),
        "diagnostic",
        "operation.duplicate-id",
    ),
    Case(
        "python-keywords-everywhere",
        doc(
            paths={
                "/class/{def}": {
                    "get": _op(
                        "import",
                        "lambda",
                        parameters=[
                            {"name": "def", "in": "path", "required": True, "schema": {"type": "string"}},
                            {"name": "from", "in": "query", "schema": {"type": "string"}},
                        ],
                    )
                }
            }
        ),
        "package",
    ),
    Case(
        "reserved-member-names",
        doc(
            paths={
                "/a": {"get": _op("close", "models")},
                "/b": {"get": _op("__init__", "_runtime")},
                "/c": {"get": _op("with_raw_response", "__class__")},
            }
        ),
        "package",
    ),
    Case(
        "model-named-basemodel",
        doc(schemas={"BaseModel": {"type": "object", "properties": {"a": {"type": "string"}}}}),
        "package",
        None,
    ),
    Case(
        "model-names-shadow",
        doc(
            schemas={
                "Thing": {
                    "type": "object",
                    "properties": {
                        "model_config": {"type": "string"},
                        "model_dump": {"type": "integer"},
                        "__class__": {"type": "string"},
                        "field": {"$ref": "#/components/schemas/Field"},
                    },
                },
                "Field": {"type": "string"},
                "Any": {"type": "object"},
                "datetime": {"type": "string", "format": "date-time"},
            }
        ),
        "package",
    ),
    Case(
        "deep-allof",
        doc(
            schemas={
                f"M{i}": {
                    "allOf": [{"$ref": f"#/components/schemas/M{i + 1}"}, {"type": "object", "properties": {f"p{i}": {"type": "string"}}}]
                }
                for i in range(60)
            }
            | {"M60": {"type": "object", "properties": {"root": {"type": "string"}}}}
        ),
        "package",
    ),
    Case(
        "recursive-model",
        with_schema(
            {
                "type": "object",
                "properties": {
                    "child": {"$ref": "#/components/schemas/Thing"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}},
                },
            },
            version="3.0.3",
        ),
        "package",
    ),
    Case(
        "mutually-recursive",
        doc(
            schemas={
                "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
                "B": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}},
            }
        ),
        "package",
    ),
    Case("self-ref-alias", doc(schemas={"A": {"$ref": "#/components/schemas/A"}}), "diagnostic"),
    Case(
        "path-template-odd",
        doc(
            paths={
                "/a/{x y}/{ü}/{}/{a.b}": {
                    "get": _op(
                        "odd",
                        parameters=[{"name": n, "in": "path", "required": True, "schema": {"type": "string"}} for n in ("x y", "ü", "a.b")],
                    )
                }
            }
        ),
        "package",
    ),
    Case(
        "path-template-injection",
        doc(paths={"/a/{id}')\nimport antigravity\n#": {"get": _op("inj")}}),
        "package",
        check=_never_imports("antigravity"),
    ),
    Case("package-shadows-stdlib", doc(**{"x-codegen": {"package": "json", "client": "Json"}}), "diagnostic", "codegen.package"),
    Case(
        "distribution-with-quotes",
        doc(**{"x-codegen": {"distribution": 'a"\nb = 1', "package": "hostile_client", "version": '1"\n[x]'}}),
        "diagnostic",
        "codegen.invalid",
    ),
    Case(
        "version-not-pep440", doc(**{"x-codegen": {"package": "hostile_client", "version": "1; rm -rf /"}}), "diagnostic", "codegen.invalid"
    ),
    Case(
        "title-injection-toml", doc(info={"title": 'x"""\n[tool.evil]\na = "', "version": '1"\nx = 1'}), "package", check=_header_one_line
    ),
    Case(
        "non-string-keys",
        "openapi: 3.0.3\ninfo: {title: K, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {200: {description: ok}, 404: {description: 'no'}}\n",
        "package",
    ),
    Case(
        "yaml-1-1-booleans",
        "openapi: 3.0.3\ninfo: {title: K, version: 1}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {200: {description: no}}\n",
        "diagnostic",
        "spec.invalid",
    ),
    Case("surrogates-json", '{"openapi": "3.0.3", "info": {"title": "\\ud83d\\ude00 \\ud800", "version": "1"}, "paths": {}}', "package"),
    Case("server-template-undeclared", doc(servers=[{"url": 'https://{tenant}.example/{a"b}'}]), "package"),
    Case(
        "parameter-name-collisions",
        doc(
            paths={
                "/a/{self}": {
                    "post": _op(
                        "a",
                        parameters=[
                            {"name": "self", "in": "path", "required": True, "schema": {"type": "string"}},
                            {"name": "Self", "in": "query", "schema": {"type": "string"}},
                            {"name": "extra_headers", "in": "header", "schema": {"type": "string"}},
                            {"name": "timeout", "in": "query", "schema": {"type": "integer"}},
                        ],
                        requestBody={
                            "content": {
                                "application/json": {
                                    "schema": {"type": "object", "properties": {"self": {"type": "string"}, "timeout": {"type": "string"}}}
                                }
                            }
                        },
                    )
                }
            }
        ),
        "package",
    ),
]

CASES_BY_NAME = {case.name: case for case in CASES}
assert len(CASES_BY_NAME) == len(CASES), "case names must be unique"


def cloned(case: Case) -> Any:
    return copy.deepcopy(case.spec)
