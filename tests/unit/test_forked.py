"""generator/forked.py: a child's answer comes back whole, and a child that dies gives a clear error."""

from __future__ import annotations

import os

import pytest

from generator.forked import ChildDied, run_forked

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="this platform cannot fork: callers run in-process")


def _answer(text: str, times: int) -> dict[str, object]:
    return {"pid": os.getpid(), "text": text * times, "pair": ("a", 1)}


def _exit_now() -> None:
    os._exit(3)


def _raise() -> None:
    raise ValueError("broken inside the child")


def test_the_answer_comes_back_from_another_process() -> None:
    child = run_forked(_answer, "x", 200_000)  # larger than a pipe's buffer: the child must not block forever
    assert child is not None
    answer = child.result()
    assert answer["pid"] != os.getpid()
    assert answer["text"] == "x" * 200_000 and answer["pair"] == ["a", 1]


@pytest.mark.parametrize("fn", [_exit_now, _raise])
def test_a_child_without_an_answer_is_reported(fn: object) -> None:
    child = run_forked(fn)  # type: ignore[arg-type]
    assert child is not None
    with pytest.raises(ChildDied, match="without an answer"):
        child.result()
