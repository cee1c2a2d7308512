"""Choose the recording (or spec example) that answers a request.

Matching: same operation, method and concrete path; every recorded query parameter that matters has the
same value in the request (a parameter the request omits counts with its spec default); the parameters
that select an `x-variants` entry are present in both or in neither. Among the matches the most specific
wins: more matching parameters, then an identical body, then a 2xx answer. Recordings of the very same
request form a sequence (`pending1`, `pending2`, `ready`) answered in order per session, then the last
one again and again. Recorded 401/403 answers are never replayed: by the time a request gets here the
mock's own credential check has accepted it (and it answers refusals itself).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..conformance.oas import Operation, find_operation, resolve
from ..conformance.recordings import Recording

__all__ = ["Example", "Replay", "answer_order", "example_answer", "query_defaults"]

_WILDCARDS = ("<redacted>", "<nonce>")
_AUTH_FAILURES = (401, 403)  # the mock answers these itself, from its own credential checks


@dataclass
class _Group:
    """Recordings of one identical request, in answer order."""

    operation: str
    query: dict[str, list[str]]
    body: str
    recordings: list[Recording] = field(default_factory=list)
    accept: str = ""
    conflict: bool = False
    """A create's 409: answered only to a request the session already made (see `_best`)."""


@dataclass(frozen=True)
class Example:
    status: int
    content_type: str | None
    body: Any


def query_defaults(spec: dict[str, Any], op: Operation) -> dict[str, list[str]]:
    """Wire values of the declared query parameter defaults (`limit` omitted = `limit=20`)."""
    defaults: dict[str, list[str]] = {}
    for param in op.parameters(spec):
        schema = resolve(spec, param.get("schema", {}))
        if param.get("in") == "query" and isinstance(schema, dict) and "default" in schema:
            value = schema["default"]
            defaults[str(param["name"])] = [json.dumps(value) if isinstance(value, bool) else str(value)]
    return defaults


class Replay:
    """Recordings indexed by (method, path); sequence positions per (group, session)."""

    def __init__(self, spec: dict[str, Any], recordings: Sequence[Recording], ignored_query: set[str]) -> None:
        self.spec = spec
        self.ignored = ignored_query
        self.groups: dict[tuple[str, str], list[_Group]] = {}
        self.positions: dict[tuple[int, str], int] = {}
        for rec in recordings:
            op = find_operation(spec, rec.operation)
            if op is not None and rec.document is not None and rec.response.status not in _AUTH_FAILURES:
                self._add(op.parent_id, rec)
        for groups in self.groups.values():
            for group in groups:
                group.recordings.sort(key=answer_order)

    def _add(self, operation: str, rec: Recording) -> None:
        query = {k: v if isinstance(v, list) else [v] for k, v in rec.request.query.items() if k not in self.ignored}
        body = canonical_json(rec.request.body)
        accept = _media({k.lower(): str(v) for k, v in rec.request.headers.items()}.get("accept", ""))
        conflict = rec.request.method == "POST" and rec.response.status == 409
        groups = self.groups.setdefault((rec.request.method, rec.request.path), [])
        for group in groups:
            if (group.operation, group.query, group.body, group.accept, group.conflict) == (operation, query, body, accept, conflict):
                group.recordings.append(rec)
                return
        groups.append(_Group(operation, query, body, [rec], accept, conflict))

    def reset(self) -> None:
        self.positions.clear()

    def answer(
        self,
        op: Operation,
        method: str,
        path: str,
        query: Mapping[str, list[str]],
        body: Any,
        session: str,
        accept: str = "",
        repeated: bool = False,
    ) -> tuple[Recording, bool] | None:
        """The next recording for this request in `session` and whether it stands for the page past the
        end of a paginated list; None when no recording matches.

        For an `x-pagination` operation a page size nobody recorded still gets the recorded page at that
        position, and a position nobody recorded (the page after the last one a client was shown) gets
        the nearest recording, to be answered with its items emptied: the list ends there.
        """
        request_query = {**query_defaults(self.spec, op), **query}
        attempts: list[tuple[set[str], bool]] = [(set(), False)]
        paging = op.node.get("x-pagination")
        first_page: dict[str, list[str] | None] = {}
        if isinstance(paging, dict) and paging.get("style") == "page" and paging.get("page_param"):
            # A pager asks for the first page without a page number; the vendor reads that as page 1.
            request_query.setdefault(str(paging["page_param"]), ["1"])
        if isinstance(paging, dict):
            size = {str(paging["size_param"])} if paging.get("size_param") else set()
            first_page = {
                str(paging[k]): d for k, d in (("page_param", ["1"]), ("offset_param", ["0"]), ("cursor_param", None)) if paging.get(k)
            }
            attempts += [(size, False), (size | set(first_page), True)]
        for ignore, past_end in attempts:
            # A page position nobody recorded is not the first page: cursors and page numbers must end.
            exact = {name: default for name, default in first_page.items() if name not in ignore}
            group = self._best(op, method, path, request_query, body, ignore, _media(accept), exact, repeated)
            if group is not None:
                return self._next(group, session), past_end
        return None

    def knows_operation(self, op: Operation) -> bool:
        return any(group.operation == op.parent_id for groups in self.groups.values() for group in groups)

    def loose(self, op: Operation, path: str, query: Mapping[str, list[str]], session: str) -> Recording | None:
        """Last resort before 404/501: the operation's recording of the same record (same concrete path,
        same variant selector values: `?id=7` never answers with record 8) that agrees best (a 2xx, most
        equal parameters, fewest different ones). A list (`x-pagination`) may borrow another path's
        recording; a single record may not, so an unknown id can be answered 404."""
        selectors = _selectors(op)
        is_list = isinstance(op.node.get("x-pagination"), dict) and not any(n in query for n in selectors)
        best: tuple[tuple[int, int, int, int], _Group] | None = None
        for (_, group_path), groups in self.groups.items():
            for group in groups:
                if group.operation != op.parent_id or not all(group.query.get(n) == query.get(n) for n in selectors):
                    continue
                if group_path != path and not is_list:
                    continue
                equal = sum(1 for k, v in group.query.items() if query.get(k) == v)
                rank = (int(group_path == path), int(_is_success(group)), equal, equal - len(group.query))
                if best is None or rank > best[0]:
                    best = (rank, group)
        return None if best is None else self._next(best[1], session)

    def _best(
        self,
        op: Operation,
        method: str,
        path: str,
        query: Mapping[str, list[str]],
        body: Any,
        ignore: set[str],
        accept: str = "",
        exact: Mapping[str, list[str] | None] | None = None,
        repeated: bool = False,
    ) -> _Group | None:
        selectors = _selectors(op)
        body_text = canonical_json(body)
        best: tuple[tuple[int, ...], _Group] | None = None
        for group in self.groups.get((method, path), []):
            recorded = {k: v for k, v in group.query.items() if k not in ignore}
            if group.operation != op.parent_id or not _matches(recorded, query, selectors):
                continue
            if any(group.query.get(n, d) != query.get(n, d) for n, d in (exact or {}).items()):
                continue
            if group.conflict and not repeated:
                continue  # a create conflicts only with something created before: the same request earlier in the session
            if accept and group.accept and not _accepts(accept, group.accept):
                continue  # a PDF twin of a JSON view answers only a client that asks for a PDF
            conflicts = int(group.conflict and group.body == body_text)
            rank = (conflicts, len(recorded), int(group.accept == accept), int(group.body == body_text), int(_is_success(group)))
            if best is None or rank > best[0]:
                best = (rank, group)
        return None if best is None else best[1]

    def _next(self, group: _Group, session: str) -> Recording:
        key = (id(group), session)
        index = self.positions.get(key, 0)
        self.positions[key] = min(index + 1, len(group.recordings) - 1)
        return group.recordings[index]

    def reset_session(self, session: str) -> None:
        """Restart the sequences of one `x-mock-session` only (parallel tests keep theirs)."""
        for key in [k for k in self.positions if k[1] == session]:
            del self.positions[key]


def canonical_json(value: Any) -> str:
    """JSON text that ignores key order and `6` vs `6.0`: how a server compares two bodies, not how it spells them."""

    def norm(node: Any) -> Any:
        if isinstance(node, float) and node.is_integer():
            return int(node)
        if isinstance(node, dict):
            return {str(k): norm(v) for k, v in node.items()}
        if isinstance(node, list):
            return [norm(v) for v in node]
        return node

    return json.dumps(norm(value), sort_keys=True)


def _media(accept: str) -> str:
    return accept.split(",")[0].split(";")[0].strip().lower()


def _accepts(wanted: str, recorded: str) -> bool:
    if wanted in ("*/*", recorded):
        return True
    return "json" in wanted and "json" in recorded


def _matches(recorded: Mapping[str, list[str]], request: Mapping[str, list[str]], selectors: set[str]) -> bool:
    for name, values in recorded.items():
        if any(v in _WILDCARDS for v in values):
            if name not in request:
                return False
        elif request.get(name) != values:
            return False
    return all((name in recorded) == (name in request) for name in selectors)


def _selectors(op: Operation) -> set[str]:
    """Query parameters whose presence picks a variant (`?id=` retrieve vs list)."""
    names: set[str] = set()
    for variant in op.node.get("x-variants", []) or []:
        names.update(variant.get("required", []) or [])
    return names


def _is_success(group: _Group) -> bool:
    return 200 <= group.recordings[0].response.status < 300


def answer_order(rec: Recording) -> tuple[int, list[Any]]:
    """'default' first, then natural order of case names (`pending2` before `pending10`, then `ready`)."""
    natural = [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", rec.case)]
    return (0 if rec.case == "default" else 1, natural)


def example_answer(spec: dict[str, Any], op: Operation, variant: dict[str, Any] | None = None) -> Example | None:
    """The lowest declared 2xx answer with its example (media `example`/`examples`, else the schema's
    `example`); a 2xx without content answers empty; None when there is content but no example."""
    responses = op.node.get("responses") or {}
    success = sorted(str(s) for s in responses if str(s).isdigit() and str(s).startswith("2"))
    if not success:
        return None
    response = resolve(spec, responses[success[0]])
    content = (response or {}).get("content") or {}
    if not content:
        return Example(int(success[0]), None, None)
    for media, body in content.items():
        found = _example_of(spec, body, variant)
        if found is not _MISSING:
            return Example(int(success[0]), str(media), found)
    return None


_MISSING = object()


def _example_of(spec: dict[str, Any], media: Any, variant: dict[str, Any] | None) -> Any:
    media = media if isinstance(media, dict) else {}
    if variant is not None and isinstance(variant.get("response"), dict):
        schema = resolve(spec, variant["response"])
        return schema.get("example", _MISSING) if isinstance(schema, dict) else _MISSING
    if "example" in media:
        return media["example"]
    for example in (media.get("examples") or {}).values():
        example = resolve(spec, example)
        if isinstance(example, dict) and "value" in example:
            return example["value"]
    schema = resolve(spec, media.get("schema", {}))
    return schema.get("example", _MISSING) if isinstance(schema, dict) else _MISSING
