"""Generation raises the garbage collector's thresholds while it runs and gives the previous ones back after the
last generation in progress ends, also when runs in threads overlap or one fails."""

from __future__ import annotations

import gc

import pytest

from generator.pipeline import _rare_collections


def test_thresholds_come_back_after_overlapping_runs_end_in_any_order() -> None:
    before = gc.get_threshold()
    first, second = _rare_collections(), _rare_collections()
    first.__enter__()
    assert gc.get_threshold()[0] == 200_000
    second.__enter__()
    first.__exit__(None, None, None)  # the first run ends while the second still builds its trees
    assert gc.get_threshold()[0] == 200_000
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before


def test_thresholds_come_back_after_a_failed_run() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), _rare_collections():
        raise RuntimeError("stage failed")
    assert gc.get_threshold() == before
