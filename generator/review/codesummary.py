"""What changed in a generated package's public Python API, read with `ast` (never imported: untrusted code).

Public means: module-level classes and functions without a leading underscore, and the public methods
(plus `__init__`) of those classes; a signature is the `def` line as `ast.unparse` prints it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Literal

__all__ = ["CodeChange", "diff_api", "public_api"]

Kind = Literal["added", "removed", "changed"]
_Function = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class CodeChange:
    kind: Kind
    name: str
    before: str | None
    after: str | None


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


def public_api(files: dict[str, str]) -> dict[str, str]:
    """Qualified name -> signature for every public class, method and function in `files` (path -> source)."""
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
            elif isinstance(node, _Function) and not node.name.startswith("_"):
                _put(api, f"{module}.{node.name}", _signature(node))
    return api


def _put(api: dict[str, str], name: str, signature: str) -> None:
    """Overloads share a name: keep every signature."""
    api[name] = f"{api[name]}\n{signature}" if name in api else signature


def diff_api(before: dict[str, str], after: dict[str, str]) -> list[CodeChange]:
    changes = [CodeChange("removed", n, before[n], None) for n in before.keys() - after.keys()]
    changes += [CodeChange("added", n, None, after[n]) for n in after.keys() - before.keys()]
    changes += [CodeChange("changed", n, before[n], after[n]) for n in before.keys() & after.keys() if before[n] != after[n]]
    return sorted(changes, key=lambda c: (c.name, c.kind))
