"""End to end over HTTP: the mock of each vendor answers every one of its recordings as recorded.

A client logs in through the spec's own auth flow (tests/mock/vendor_login.py), then sends each recorded
request; success answers must come back byte-for-byte as recorded, error answers with the recorded status.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.conformance import Recording, discover, load_spec_dict
from generator.conformance.checks import encode_body
from generator.conformance.oas import find_operation
from generator.mock import running_mock
from generator.mock.replay import answer_order

from .vendor_login import SpecLogin

pytestmark = pytest.mark.slow  # every recording over sockets (seconds per vendor): left out of `make test-fast`

ROOT = Path(__file__).resolve().parents[2]
RECORDINGS = discover(ROOT / "tests" / "recordings")
VENDORS = sorted({r.vendor for r in RECORDINGS})


def wire_query(recording: Recording, nonces: itertools.count[int], keep_secrets: bool) -> dict[str, Any]:
    """The recorded query with fresh nonces; redacted values become a stand-in, or are left out when the
    recording shows a refusal (the mock accepts any credential, so a refusal means none was sent)."""

    def value(text: str) -> str:
        return str(next(nonces)) if text == "<nonce>" else text.replace("<redacted>", "mock-secret")

    query = recording.request.query.items()
    return {k: [value(x) for x in v] if isinstance(v, list) else value(v) for k, v in query if keep_secrets or "<redacted>" not in str(v)}


def _is_create_conflict(recording: Recording) -> bool:
    """Sorted last: a create's 409 is answered only after the same create succeeded in the session."""
    return recording.request.method == "POST" and recording.response.status == 409


def same_body(answer: httpx.Response, recording: Recording) -> bool:
    expected = recording.response
    if expected.body_file is not None:
        return answer.content == expected.body_file
    if "json" in answer.headers.get("content-type", "") and answer.content:
        return bool(answer.json() == expected.body)
    return (answer.text or None) == expected.body


@pytest.mark.parametrize("vendor", VENDORS)
def test_mock_answers_every_recording(vendor: str) -> None:
    spec_path = ROOT / "specs" / vendor / "openapi.yaml"
    if not spec_path.is_file():
        pytest.skip(f"no specs/{vendor}/openapi.yaml yet")
    spec = load_spec_dict(spec_path)
    recordings = sorted(
        (r for r in RECORDINGS if r.vendor == vendor and not r.problems),
        key=lambda r: (r.operation, _is_create_conflict(r), answer_order(r)),
    )
    nonces = itertools.count(1_700_000_000_000)
    failures = []
    with running_mock(vendor) as base_url, httpx.Client(base_url=base_url, timeout=10) as client:
        login = SpecLogin(spec, client)
        for recording in recordings:
            op = find_operation(spec, recording.operation)
            if op is None:
                continue
            request = recording.request
            headers = {k: v for k, v in request.headers.items() if "<redacted>" not in v}
            refused = recording.response.status in (401, 403)
            extra_query: dict[str, Any] = {}
            if not refused:
                extra_headers, extra_query = login.credentials(op.node)
                headers.update(extra_headers)
            content = encode_body(request.body, request.headers.get("content-type", "application/json")) or None
            expected = recording.response
            sends = 2 if _is_create_conflict(recording) else 1  # a create conflicts with an earlier one
            for _ in range(sends):
                query = {**wire_query(recording, nonces, keep_secrets=not refused), **extra_query}
                answer = client.request(request.method, request.path, params=query, headers=headers, content=content)
            source = answer.headers.get("x-mock-answer", "")
            if answer.status_code != expected.status:
                failures.append(f"{recording.path.name}: expected {expected.status}, got {answer.status_code}: {answer.text[:200]}")
            elif expected.status < 400 and not login.is_login(op.parent_id) and not same_body(answer, recording):
                failures.append(f"{recording.path.name}: body differs from the recording")
            elif not refused and not login.is_login(op.parent_id) and source != f"recorded {recording.path.name}":
                failures.append(f"{recording.path.name}: answered from {source!r}, not from this recording")
    assert not failures, f"{len(failures)} of {len(recordings)} recordings not answered as recorded:\n" + "\n".join(failures)
