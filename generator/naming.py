"""The one place where text from a spec becomes Python source.

A spec is untrusted input: every identifier, string literal and docstring that reaches generated code goes
through a function here. Identifiers are rebuilt from word characters only (Unicode letters are kept whole,
so `Längengrad` stays one word), literals are emitted with `repr`, and docstrings are stripped of anything
that could end the string or smuggle control characters.
"""

from __future__ import annotations

import keyword
import re
import textwrap
import unicodedata
from typing import Any

__all__ = ["class_name", "display_text", "docstring", "is_identifier", "py_literal", "snake_case", "unique"]

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CAMEL_SPLIT = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | {"self", "cls", "async", "await", "None", "True", "False"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")


def display_text(text: str) -> str:
    """Text (a file name) safe inside a comment, a TOML/Markdown string or an HTML comment: every control,
    format or line-breaking character, quote, backslash, backtick and angle bracket becomes a visible escape."""
    return "".join(c if c.isprintable() and c not in "\"'\\`<>" else f"\\u{ord(c):04x}" for c in str(text))


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", str(text))
    words: list[str] = []
    for chunk in _WORD.findall(text):
        words.extend(w for w in _CAMEL_SPLIT.split(chunk) if w)
    return words


def is_identifier(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)


def snake_case(text: str, *, fallback: str = "value") -> str:
    """`getCustomerByID` -> `get_customer_by_id`; never a keyword, never starts with a digit."""
    words = [w.lower() for w in _words(text)]
    name = "_".join(words) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if name in _RESERVED or keyword.issoftkeyword(name):
        name += "_"
    return name if name.isidentifier() else fallback


def class_name(text: str, *, fallback: str = "Model") -> str:
    """`customer document` / `customerDocument` -> `CustomerDocument`."""
    words = _words(text)
    name = "".join(w[:1].upper() + w[1:] for w in words) or fallback
    if name[0].isdigit():
        name = f"{fallback}{name}"
    if name in _RESERVED:
        name += "_"
    return name if name.isidentifier() else fallback


def unique(name: str, taken: set[str], *, sep: str = "") -> str:
    """Return `name`, or `name2`, `name3`... whichever is free, and mark it taken."""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}{sep}{n}"
    taken.add(candidate)
    return candidate


def py_literal(value: Any) -> str:
    """A Python literal for a JSON-like value; `repr` escapes everything a string could carry."""
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (list, tuple)):
        inner = ", ".join(py_literal(v) for v in value)
        return (
            f"({inner},)" if isinstance(value, tuple) and len(value) == 1 else (f"({inner})" if isinstance(value, tuple) else f"[{inner}]")
        )
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_literal(str(k))}: {py_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot express {type(value).__name__} as a literal")


def docstring(text: str | None, width: int = 100) -> str:
    """Spec prose made safe inside a triple-quoted docstring (no terminator, no backslash escapes)."""
    if not text:
        return ""
    text = _CONTROL.sub(" ", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    lines: list[str] = []
    for line in text.strip().split("\n"):
        line = line.rstrip()
        if width and len(line) > width:
            indent = line[: len(line) - len(line.lstrip())]
            hanging = indent + "    " if indent and re.match(r"\s+\w+: ", line) else indent  # an `Args:` entry
            lines.extend(textwrap.wrap(line, width, subsequent_indent=hanging, break_long_words=False, break_on_hyphens=False))
        else:
            lines.append(line)
    if lines and lines[-1].endswith('"'):
        lines[-1] += " "
    return "\n".join(lines)
