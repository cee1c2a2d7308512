"""A function run in a forked child, its JSON result collected later.

openapi-spec-validator, when it has to run at all, takes seconds on a large spec and can overlap with the
rest of a generation. A forked child inherits its inputs (no pickling of a big document) and uses the second
core; the parent goes on and collects the answer when it needs it. Where there is no fork (Windows), callers
run the function in-process instead. (Compiling a large models module in a child did not pay: measured
0.42 s in-process against 0.48 s forked on Xentral's check, on a busy 2-core machine.)
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

__all__ = ["ChildDied", "Forked", "run_forked"]


class ChildDied(RuntimeError):
    """The child ended without an answer (killed, out of memory)."""


class Forked:
    def __init__(self, pid: int, read_end: int) -> None:
        self.pid = pid
        self.read_end = read_end

    def result(self) -> Any:
        """Wait for the child and return what its function returned (as JSON gives it back: lists for tuples)."""
        with os.fdopen(self.read_end, "rb") as handle:
            payload = handle.read()
        _, status = os.waitpid(self.pid, 0)
        try:
            return json.loads(payload)
        except ValueError:
            raise ChildDied(f"the child process ended without an answer (wait status {status})") from None


def run_forked(fn: Callable[..., Any], *args: Any) -> Forked | None:
    """Start `fn(*args)` in a child; None where the platform cannot fork. The child never returns into the
    caller's code: it leaves through os._exit whatever happens (an exception there means no answer)."""
    if not hasattr(os, "fork"):
        return None
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child; the parent's tests check what it sends
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                out.write(json.dumps(fn(*args)).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    return Forked(pid, read_end)
