"""What changed in a generated package's public Python API, read with `ast` (never imported: untrusted code).

Public means: module-level classes and functions without a leading underscore, the public methods (plus
`__init__`) of those classes, and their annotated class attributes (model fields). Each symbol is kept as
one line of text (`def list(self, *, page: int=1) -> Page[Order]`, `field id: int | None = None`) so the
JSON report stays readable; a change is described in words (parameter added, type changed, field made
required) by comparing the two lines' parsed forms, because a reviewer cannot diff 500-character signatures.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["CodeChange", "describe", "diff_api", "public_api"]

Kind = Literal["added", "removed", "changed"]
_Function = ast.FunctionDef | ast.AsyncFunctionDef
_FIELD = "field "
_SKIPPED_FIELDS = frozenset({"model_config"})


@dataclass(frozen=True)
class CodeChange:
    kind: Kind
    name: str
    before: str | None
    after: str | None
    details: tuple[str, ...] = field(default=())


def _module(path: str) -> str:
    parts = path.removesuffix(".py").split("/")
    if parts and parts[0] == "src":
        parts = parts[1:]
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _signature(node: _Function) -> str:
    prefix = "async def" if isinstance(node, ast.AsyncFunctionDef) else "def"
    returns = f" -> {ast.unparse(node.returns)}" if node.returns is not None else ""
    return f"{prefix} {node.name}({ast.unparse(node.args)}){returns}"


_PROSE_KEYWORDS = frozenset({"description", "title", "examples", "json_schema_extra"})


def _annotation(node: ast.expr) -> str:
    """The annotation without documentation (`Annotated[int, Field(description=...)]` reads as `int`)."""
    if not (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "Annotated"):
        return ast.unparse(node)
    parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    kept = [ast.unparse(parts[0])]
    for extra in parts[1:]:
        if isinstance(extra, ast.Call) and ast.unparse(extra.func) == "Field":
            keywords = [k for k in extra.keywords if k.arg not in _PROSE_KEYWORDS]
            if not keywords and not extra.args:
                continue
            extra = ast.Call(extra.func, extra.args, keywords)
        kept.append(ast.unparse(extra))
    return kept[0] if len(kept) == 1 else f"Annotated[{', '.join(kept)}]"


def _field(node: ast.AnnAssign) -> str | None:
    if not isinstance(node.target, ast.Name) or node.target.id.startswith("_") or node.target.id in _SKIPPED_FIELDS:
        return None
    default = f" = {ast.unparse(node.value)}" if node.value is not None else ""
    return f"{_FIELD}{node.target.id}: {_annotation(node.annotation)}{default}"


def public_api(files: dict[str, str]) -> dict[str, str]:
    """Qualified name -> one-line form for every public class, method, function and class field in `files`."""
    api: dict[str, str] = {}
    for path, source in sorted(files.items()):
        if not path.endswith(".py") or path.startswith("tests/"):
            continue
        module = _module(path)
        try:
            tree = ast.parse(source)
        except SyntaxError as exc:
            api[module] = f"<syntax error: {exc.msg}>"
            continue
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                api[f"{module}.{node.name}"] = f"class {node.name}({', '.join(ast.unparse(b) for b in node.bases)})"
                for item in node.body:
                    if isinstance(item, _Function) and (not item.name.startswith("_") or item.name == "__init__"):
                        _put(api, f"{module}.{node.name}.{item.name}", _signature(item))
                    elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name) and (line := _field(item)):
                        api[f"{module}.{node.name}.{item.target.id}"] = line
            elif isinstance(node, _Function) and not node.name.startswith("_"):
                _put(api, f"{module}.{node.name}", _signature(node))
    return api


def _put(api: dict[str, str], name: str, signature: str) -> None:
    """Overloads share a name: keep every signature."""
    api[name] = f"{api[name]}\n{signature}" if name in api else signature


def diff_api(before: dict[str, str], after: dict[str, str]) -> list[CodeChange]:
    """Changes by symbol; members of an added or removed class are folded into the class's line."""
    removed = before.keys() - after.keys()
    added = after.keys() - before.keys()
    changes = [CodeChange("removed", n, before[n], None) for n in removed if _owner(n) not in removed]
    changes += [CodeChange("added", n, None, after[n], _member_count(n, after)) for n in added if _owner(n) not in added]
    changes += [
        CodeChange("changed", n, before[n], after[n], describe(before[n], after[n]))
        for n in before.keys() & after.keys()
        if before[n] != after[n]
    ]
    return sorted(changes, key=lambda c: (c.name, c.kind))


def _owner(name: str) -> str:
    return name.rsplit(".", 1)[0]


def _member_count(name: str, api: dict[str, str]) -> tuple[str, ...]:
    if not api[name].startswith("class "):
        return ()
    members = [n for n in api if _owner(n) == name]
    fields = sum(1 for n in members if api[n].startswith(_FIELD))
    methods = len(members) - fields
    parts = [f"{fields} field{'s' * (fields != 1)}" if fields else "", f"{methods} method{'s' * (methods != 1)}" if methods else ""]
    return tuple(p for p in parts if p)


@dataclass(frozen=True)
class _Param:
    name: str
    annotation: str
    required: bool
    kind: str


def _params(signature: str) -> tuple[list[_Param], str] | None:
    """Parameters and return annotation of a one-line `def`, or None when it is not one (overloads, fields)."""
    if "\n" in signature or "def " not in signature:
        return None
    try:
        node = ast.parse(signature.removeprefix("async ") + ": ...").body[0]
    except SyntaxError:
        return None
    if not isinstance(node, ast.FunctionDef):
        return None
    args = node.args
    positional = [*args.posonlyargs, *args.args]
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    params = [_Param(a.arg, _unparse(a.annotation), d is None, "positional") for a, d in zip(positional, defaults, strict=True)]
    params += [
        _Param(a.arg, _unparse(a.annotation), d is None, "keyword-only") for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
    ]
    for star, kind in ((args.vararg, "*args"), (args.kwarg, "**kwargs")):
        if star is not None:
            params.append(_Param(star.arg, _unparse(star.annotation), False, kind))
    return [p for p in params if p.name != "self"], _unparse(node.returns)


def _unparse(node: ast.AST | None) -> str:
    return ast.unparse(node) if node is not None else ""


def _field_parts(line: str) -> tuple[str, bool] | None:
    """(annotation, required) of a `field name: T [= default]` line."""
    if not line.startswith(_FIELD):
        return None
    try:
        node = ast.parse(line.removeprefix(_FIELD)).body[0]
    except SyntaxError:
        return None
    if not isinstance(node, ast.AnnAssign):
        return None
    return ast.unparse(node.annotation), _required(node.value)


def _required(default: ast.expr | None) -> bool:
    """No default, or pydantic's `Field(...)` / `Field()` without a default."""
    if default is None:
        return True
    if not isinstance(default, ast.Call):
        return False
    if default.args:
        return isinstance(default.args[0], ast.Constant) and default.args[0].value is Ellipsis
    return not any(k.arg in ("default", "default_factory") for k in default.keywords)


def describe(before: str, after: str) -> tuple[str, ...]:
    """What a reviewer needs to know about one changed symbol, in words."""
    old_field, new_field = _field_parts(before), _field_parts(after)
    if old_field and new_field:
        notes = []
        if old_field[0] != new_field[0]:
            notes.append(f"type `{old_field[0]}` -> `{new_field[0]}`")
        if old_field[1] != new_field[1]:
            notes.append("now required" if new_field[1] else "now optional")
        return tuple(notes) or ("default changed",)
    old_sig, new_sig = _params(before), _params(after)
    if old_sig is None or new_sig is None:
        return ("definition changed",)
    (old_params, old_returns), (new_params, new_returns) = old_sig, new_sig
    olds, news = {p.name: p for p in old_params}, {p.name: p for p in new_params}
    notes = [f"parameter `{n}` removed" for n in olds if n not in news]
    for name, new in news.items():
        old = olds.get(name)
        if old is None:
            notes.append(f"parameter `{name}` added ({'required' if new.required else 'optional'})")
            continue
        if old.annotation != new.annotation:
            notes.append(f"parameter `{name}`: type `{old.annotation}` -> `{new.annotation}`")
        if old.required != new.required:
            notes.append(f"parameter `{name}` now {'required' if new.required else 'optional'}")
        if old.kind != new.kind:
            notes.append(f"parameter `{name}` now {new.kind}")
    if old_returns != new_returns:
        notes.append(f"returns `{old_returns}` -> `{new_returns}`")
    if not notes and [p.name for p in old_params] != [p.name for p in new_params]:
        notes.append("parameters reordered")
    return tuple(notes) or ("defaults changed",)
