"""A module imported on first use: `import <vendor>_client` must not pay for every model class up front.

A large API's `models` module (hundreds of pydantic classes) and its operation table take most of a
package's import time, yet nothing uses them before the first call. Generated modules hold a `LazyModule`
in their global namespace instead (type checkers and IDEs see the real import under `TYPE_CHECKING`); the
first attribute read imports the module and puts it in place of the stand-in, so later reads are ordinary
global lookups with no extra cost per call.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

__all__ = ["LazyModule"]


class LazyModule:
    """Stands for module `name` in `namespace[alias]` until an attribute of it is first read."""

    __slots__ = ("_alias", "_name", "_namespace")

    def __init__(self, name: str, namespace: dict[str, Any], alias: str) -> None:
        self._name = name
        self._namespace = namespace
        self._alias = alias

    def _load(self) -> ModuleType:
        module = importlib.import_module(self._name)
        if self._namespace.get(self._alias) is self:
            self._namespace[self._alias] = module
        return module

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._load(), attribute)

    def __dir__(self) -> list[str]:
        return dir(self._load())

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"
