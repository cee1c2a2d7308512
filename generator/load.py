"""Stage 1: read YAML or JSON into plain Python data while remembering where every node came from.

Positions are kept per JSON pointer so that every later stage can say `file:line:col` for what it finds.
A document that is strict JSON is read by `json.loads` (tens of times faster); its positions come from the
YAML path, run only when one is first asked for, so both paths give the same data, positions and errors.
The loader also refuses duplicate mapping keys (YAML would silently keep the last one) and runaway alias
expansion, because a spec is untrusted input.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, Diagnostics, Severity, SpecError

__all__ = ["LoadedDocument", "child_pointer", "escape_pointer", "join_pointer", "load_document", "load_text"]

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MAX_NODES = 5_000_000
_MAX_DEPTH = 128  # real specs nest a few dozen levels; deeper only exhausts the recursion of later stages
_MAX_BYTES = 64 * 1024 * 1024


def escape_pointer(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def join_pointer(base: str, *tokens: str | int) -> str:
    return base + "".join("/" + escape_pointer(str(t)) for t in tokens)


def child_pointer(base: str, token: str | int) -> str:
    """join_pointer for one token, the hot path of every whole-document walk (most keys need no escaping)."""
    token = str(token)
    return f"{base}/{escape_pointer(token)}" if "~" in token or "/" in token else f"{base}/{token}"


Positions = dict[str, tuple[str, int, int]]


class LoadedDocument:
    """Plain data plus a pointer -> (file, line, col) map; `file` is the path as given.

    The map can be given ready or as `locate`, which computes it the first time it is asked for: a strict
    JSON document is read by `json.loads`, and its positions are only worked out (by the YAML reader) when a
    diagnostic or a review needs one."""

    def __init__(self, path: str, data: Any, positions: Positions | None = None, *, locate: Callable[[], Positions] | None = None) -> None:
        self.path = path
        self.data = data
        self._positions: Positions | None = positions if positions is not None else (None if locate else {})
        self._locate = locate

    def __repr__(self) -> str:
        return f"LoadedDocument(path={self.path!r})"

    @property
    def positions(self) -> Positions:
        if self._positions is None:
            assert self._locate is not None
            self._positions, self._locate = self._locate(), None
        return self._positions

    def where(self, pointer: str) -> tuple[str, int, int]:
        """Position of the node at `pointer`, or of its nearest ancestor that has one."""
        positions, probe = self.positions, pointer
        while True:
            if probe in positions:
                return positions[probe]
            if not probe:
                return (self.path, 0, 0)
            probe = probe.rsplit("/", 1)[0]

    def diagnostic(self, pointer: str, code: str, message: str, severity: Severity = Severity.ERROR) -> Diagnostic:
        file, line, col = self.where(pointer)
        return Diagnostic(file, line, col, pointer, severity, code, message)


_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


class _NotATree(Exception):
    """The optimistic build met something only the full alias check may judge (see `_build`)."""


class _Builder:
    def __init__(self, loader: Any, file: str, diagnostics: Diagnostics, *, tree_only: bool = False) -> None:
        self.loader = loader
        self.file = file
        self.diagnostics = diagnostics
        self.positions: dict[str, tuple[str, int, int]] = {}
        self.count = 0
        #: tree_only: refuse (with _NotATree) any node reachable twice, any merge key and any non-scalar key,
        #: and count keys as nodes, so that a finished build proves the document a plain tree.
        self.seen: set[int] | None = set() if tree_only else None
        self.keys = 0

    def build(self, node: yaml.Node, pointer: str, depth: int = 0) -> Any:
        self.count += 1
        if self.count > _MAX_NODES:
            raise SpecError(Diagnostics([self._error(node, pointer, "load.too-large", "document expands to too many nodes (alias bomb?)")]))
        if depth > _MAX_DEPTH:
            message = f"nesting deeper than {_MAX_DEPTH} levels is not supported"
            raise SpecError(Diagnostics([self._error(node, pointer, "load.too-deep", message)]))
        mark = node.start_mark
        self.positions[pointer] = (self.file, mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:  # what construct_object gives for a string, without its bookkeeping
                return node.value
            value = self.loader.construct_object(node, deep=True)
            if hasattr(value, "isoformat"):  # YAML timestamps: keep the text, JSON has no dates
                return node.value
            return value
        if self.seen is not None:
            if id(node) in self.seen:
                raise _NotATree
            self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, pointer, depth)
        return [self.build(item, f"{pointer}/{i}", depth + 1) for i, item in enumerate(node.value)]

    def _mapping(self, node: yaml.MappingNode, pointer: str, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        if self.seen is not None:
            self.keys += len(node.value)
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                if self.seen is not None:
                    raise _NotATree
                self.diagnostics.add(self._error(key_node, pointer, "load.merge-key", "YAML merge keys (<<) are not supported"))
                continue
            if key_node.tag == _STR and isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
            else:
                if self.seen is not None and not isinstance(key_node, yaml.ScalarNode):
                    raise _NotATree
                key = self.loader.construct_object(key_node, deep=True)
                key = str(key).lower() if isinstance(key, bool) else str(key)
            child = child_pointer(pointer, key)
            if key in result:
                first = self.positions.get(child, (self.file, 0, 0))
                self.diagnostics.add(
                    self._error(key_node, child, "load.duplicate-key", f"key {key!r} is defined twice (first at line {first[1]})")
                )
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def _error(self, node: yaml.Node, pointer: str, code: str, message: str) -> Diagnostic:
        mark = node.start_mark
        return Diagnostic(self.file, mark.line + 1, mark.column + 1, pointer, Severity.ERROR, code, message)


def _build(loader: Any, node: yaml.Node, file: str, text: str, diagnostics: Diagnostics) -> tuple[_Builder, Any]:
    """Build the data, refusing alias bombs first.

    A document with an anchor is first built optimistically as a plain tree. When that build finishes
    without meeting a node twice, a merge key or a collection used as a key, and with at most _MAX_NODES
    nodes counting keys, then no node is shared, every node sits at most _MAX_DEPTH deep and no subtree
    exceeds the limit: `_check_size` could not have refused it, so its walk (as long as the build itself) is
    skipped. Anything else (including any error, whose report must stay the one the checked path gives)
    starts over the checked way: `_check_size`, then a fresh build."""
    if "&" in text:  # an alias needs an anchor, an anchor needs '&': without one nothing can expand
        attempt = _Builder(loader, file, Diagnostics(), tree_only=True)
        try:
            data = attempt.build(node, "")
            if attempt.count + attempt.keys <= _MAX_NODES:
                diagnostics.extend(attempt.diagnostics.items)
                return attempt, data
        except Exception:  # every failure is reported by the checked path below
            pass
        yaml.constructor.SafeConstructor.__init__(loader)  # forget what the attempt constructed
        _check_size(node, file)
    builder = _Builder(loader, file, diagnostics)
    return builder, builder.build(node, "")


def _check_size(root: yaml.Node, file: str) -> None:
    """Refuse an alias bomb before expanding it: the expanded size of each distinct node is computed once
    (aliases share node objects), so a billion-laughs document is measured in microseconds, not built."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 0, False)]
    while stack:
        node, depth, done = stack.pop()
        if id(node) in sizes and not done:
            continue
        children = [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) else node.value
        children = children if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) else []
        if done:
            sizes[id(node)] = 1 + sum(sizes.get(id(c), 1) for c in children)
            if sizes[id(node)] > _MAX_NODES:
                mark = node.start_mark
                message = "document expands to too many nodes (alias bomb?)"
                raise SpecError(
                    Diagnostics([Diagnostic(file, mark.line + 1, mark.column + 1, "", Severity.ERROR, "load.too-large", message)])
                )
            continue
        if depth > _MAX_DEPTH:
            mark = node.start_mark
            message = f"nesting deeper than {_MAX_DEPTH} levels is not supported"
            raise SpecError(Diagnostics([Diagnostic(file, mark.line + 1, mark.column + 1, "", Severity.ERROR, "load.too-deep", message)]))
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in children if id(child) not in sizes)


_SURROGATE_PAIR = re.compile(r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")
_LONE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _join_surrogates(text: str) -> str:
    """JSON escapes astral characters as UTF-16 surrogate pairs, which YAML rejects; write them whole."""
    if "\\u" not in text:
        return text
    text = _SURROGATE_PAIR.sub(lambda m: chr(0x10000 + ((int(m[1], 16) - 0xD800) << 10) + (int(m[2], 16) - 0xDC00)), text)
    return _LONE_SURROGATE.sub("\\\\ufffd", text)


def load_text(text: str, file: str) -> LoadedDocument:
    """Parse YAML (JSON is accepted as YAML) and keep positions; raise SpecError with every load problem."""
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        col = nul - (text.rfind("\n", 0, nul) + 1) + 1
        message = "a NUL character is not allowed in YAML or JSON"
        raise SpecError(Diagnostics([Diagnostic(file, line, col, "", Severity.ERROR, "load.syntax", message)]))
    text = _join_surrogates(text)
    data = _strict_json(text)
    if data is not _NOT_JSON:
        return LoadedDocument(file, data, locate=partial(_yaml_positions, text, file))
    return _load_yaml(text, file)


_NOT_JSON: Any = object()

# Text on which the YAML reader may disagree with json.loads (or refuse what it accepts): tabs (YAML allows
# them only inside flow collections), characters YAML refuses or reads as line breaks, a BOM, a key whose
# colon is on a later line, and a key followed by a long run of spaces (YAML looks for a key's colon within
# 1024 characters; keys themselves are capped at _JSON_MAX_KEY characters below).
_JSON_UNSAFE = re.compile('[\t\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]|"[ \r\n]*[\r\n][ \r\n]*:|" {64,}:')
_JSON_MAX_KEY = 100
# The floats YAML 1.1 also reads as floats: a fraction, and an exponent only with its sign (1e5 is a string).
_YAML_FLOAT = re.compile(r"-?[0-9]+\.[0-9]+(?:[eE][-+][0-9]+)?")


class _NotPlainJSON(Exception):
    """json.loads met something it reads differently from the YAML reader, or that the YAML path reports."""


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs) or any(len(key) > _JSON_MAX_KEY for key in result):
        raise _NotPlainJSON  # duplicate keys are reported, with their lines, by the YAML path
    return result


def _json_float(text: str) -> float:
    if not _YAML_FLOAT.fullmatch(text):
        raise _NotPlainJSON
    return float(text)


def _json_constant(_text: str) -> Any:
    raise _NotPlainJSON  # NaN, Infinity: not JSON, and plain strings to YAML


def _strict_json(text: str) -> Any:
    """The data of a document that is strict JSON and that the YAML path would read to the same data without
    a diagnostic; _NOT_JSON for anything else (YAML, invalid JSON, or a case the YAML path must judge)."""
    if not text.lstrip(" \r\n").startswith("{") or _JSON_UNSAFE.search(text):
        return _NOT_JSON
    try:
        data = json.loads(text, object_pairs_hook=_json_object, parse_float=_json_float, parse_constant=_json_constant)
    except (ValueError, RecursionError, _NotPlainJSON):  # JSONDecodeError is a ValueError
        return _NOT_JSON
    # the limits of _Builder: nodes (a node is a value: keys are not counted) and depth
    count, stack = 1, [(data, 0)]
    while stack:
        node, depth = stack.pop()
        count += len(node)
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            if isinstance(child, (dict, list)):
                if depth + 1 >= _MAX_DEPTH:
                    return _NOT_JSON
                stack.append((child, depth + 1))
    return data if count <= _MAX_NODES else _NOT_JSON


def _yaml_positions(text: str, file: str) -> Positions:
    return _load_yaml(text, file).positions


def _load_yaml(text: str, file: str) -> LoadedDocument:
    diagnostics = Diagnostics()
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            diagnostics.add(Diagnostic(file, 1, 1, "", Severity.ERROR, "load.empty", "document is empty"))
            raise SpecError(diagnostics)
        builder, data = _build(loader, node, file, text, diagnostics)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        diagnostics.add(Diagnostic(file, line, col, "", Severity.ERROR, "load.syntax", f"{exc.problem or exc}"))
        raise SpecError(diagnostics) from None
    except yaml.YAMLError as exc:  # reader errors (control characters) carry a position of their own
        line, col = _reader_position(text, exc)
        diagnostics.add(Diagnostic(file, line, col, "", Severity.ERROR, "load.syntax", " ".join(str(exc).split())[:200]))
        raise SpecError(diagnostics) from None
    finally:
        loader.dispose()
    if diagnostics.errors:
        raise SpecError(diagnostics)
    return LoadedDocument(file, data, builder.positions)


def _reader_position(text: str, exc: yaml.YAMLError) -> tuple[int, int]:
    position = getattr(exc, "position", None)
    if not isinstance(position, int):
        return (0, 0)
    return text.count("\n", 0, position) + 1, position - (text.rfind("\n", 0, position) + 1) + 1


def load_document(path: str | Path) -> LoadedDocument:
    """Read a regular file (never a folder, FIFO or device: those would hang or never end) of bounded size."""
    path = Path(path)

    def refuse(message: str) -> SpecError:
        return SpecError(Diagnostics([Diagnostic(str(path), 0, 0, "", Severity.ERROR, "load.read", message)]))

    try:
        with open(path, "rb", opener=_open_nonblocking) as handle:
            info = stat.S_IFMT(os.fstat(handle.fileno()).st_mode)
            if info != stat.S_IFREG:
                raise refuse("not a regular file (a folder, pipe or device cannot be a spec)")
            data = handle.read(_MAX_BYTES + 1)
    except OSError as exc:
        raise refuse(exc.strerror or str(exc)) from None
    if len(data) > _MAX_BYTES:
        raise refuse(f"larger than {_MAX_BYTES // (1024 * 1024)} MB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise refuse(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return load_text(text, str(path))


def _open_nonblocking(file: str, flags: int) -> int:
    """Open without blocking: a FIFO opened for reading would otherwise wait for a writer forever."""
    return os.open(file, flags | getattr(os, "O_NONBLOCK", 0))
