"""Fault injection as ASGI middleware, in front of everything but `/__mock__/*`.

A dropped connection must be a real one (the client sees the socket close without any answer), which an
ordinary response cannot express: the server protocol in `server.py` puts the connection's transport into
the ASGI scope so this middleware can close it. Elsewhere (another ASGI server) a drop degrades to an
aborted response.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.responses import Response

from .faults import FaultPlan

__all__ = ["TRANSPORT_KEY", "FaultMiddleware"]

TRANSPORT_KEY = "mock.transport"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class FaultMiddleware:
    def __init__(self, app: ASGIApp, plan: FaultPlan, answer: Callable[[int, str], Response]) -> None:
        self.app = app
        self.plan = plan
        self.answer = answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope.get("path", "")).startswith("/__mock__/") or not self.plan.active:
            await self.app(scope, receive, send)
            return
        fault = self.plan.draw()
        if self.plan.config.delay:
            await asyncio.sleep(self.plan.config.delay)
        if fault.kind == "drop":
            await _drop(scope, receive, send)
        elif fault.kind == "status":
            await self.answer(fault.status, str(scope.get("path", "/")))(scope, receive, send)
        else:
            await self.app(scope, receive, send)


async def _drop(scope: Scope, receive: Receive, send: Send) -> None:
    """Close the connection without answering; wait until the server noticed so it sends nothing."""
    transport = scope.get(TRANSPORT_KEY)
    if transport is None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        raise ConnectionAbortedError("mock: dropped connection")
    transport.close()
    try:
        async with asyncio.timeout(2.0):
            while (await receive())["type"] != "http.disconnect":
                pass
    except TimeoutError:
        pass
