"""Mock vendor server: replays recordings and spec examples over real HTTP, validates requests like the
vendor would, enforces auth flows, and injects faults. See docs/mock-server.md."""

from __future__ import annotations

from .app import MockServer, build_app
from .faults import FaultConfig, FaultPlan, parse_faults
from .server import mock_main, resolve_vendor, running_mock, serve

__all__ = ["FaultConfig", "FaultPlan", "MockServer", "build_app", "mock_main", "parse_faults", "resolve_vendor", "running_mock", "serve"]
