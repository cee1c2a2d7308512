"""Four worker processes, one vendor account, one Redis: 4 x 250 Gestix creates and 4 x 60 Xentral lists
through the generated clients against the mock servers, with limits lowered so the window matters.

Checked where the vendor would check it, on the mock servers: no nonce ever refused, never more than N
requests arriving within any window, and exactly one login per session expiry (the test expires every
session once while the workers run)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .support import expire, mock_stats

pytestmark = pytest.mark.slow  # ~15-25 s on a loaded 2-core machine

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 4
CREATES = 250
LISTS = 60
PERIOD = 0.5
GESTIX_LIMIT = 60  # per PERIOD, for the 4 workers together
XENTRAL_LIMIT = 15


def test_four_workers_share_limits_nonces_and_sessions(gestix_mock: str, xentral_mock: str, redis_url: str) -> None:
    settings = {
        "gestix_url": gestix_mock,
        "xentral_url": xentral_mock,
        "redis_url": redis_url,
        "creates": CREATES,
        "lists": LISTS,
        "period": PERIOD,
        "gestix_limit": GESTIX_LIMIT,
        "xentral_limit": XENTRAL_LIMIT,
    }
    paths = [str(ROOT), str(ROOT / "generated" / "gestix"), str(ROOT / "generated" / "xentral")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*paths, os.environ.get("PYTHONPATH", "")])}
    started = time.monotonic()
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.coordination.worker", json.dumps(settings)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(WORKERS)
    ]
    expired = 0
    try:
        # Expire every session once, while the workers are busy: each must notice, and only one logs in.
        while expired == 0 and any(w.poll() is None for w in workers):
            if mock_stats(gestix_mock)["requests"] >= WORKERS * CREATES * 0.4:
                expired = 1 if expire(gestix_mock) else 0
            time.sleep(0.05)
        outputs = [w.communicate(timeout=120) for w in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    elapsed = time.monotonic() - started
    results = []
    for worker, (out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err.decode()[-2000:]
        results.append(json.loads(out.decode().strip().splitlines()[-1]))
    gestix = mock_stats(gestix_mock, period=PERIOD)
    xentral = mock_stats(xentral_mock, period=PERIOD)
    print(f"\nmulti-process: {elapsed:.1f} s; gestix {gestix}; xentral {xentral}; workers {[r['seconds'] for r in results]}")

    assert expired == 1, "the workers finished before the session could be expired"
    for result in results:
        assert (result["gestix_ok"], result["gestix_errors"]) == (CREATES, [])
        assert (result["xentral_ok"], result["xentral_errors"]) == (LISTS, [])
    assert gestix["nonce_rejections"] == 0
    assert gestix["logins"] == 1 + expired
    assert gestix["max_in_window"] <= GESTIX_LIMIT
    assert xentral["requests"] == WORKERS * LISTS
    assert xentral["max_in_window"] == XENTRAL_LIMIT  # reached (the window mattered), never exceeded
