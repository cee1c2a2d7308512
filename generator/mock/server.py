"""Running the mock: `serve` for the CLI (blocking) and `running_mock` for tests (a background thread).

Tests bind port 0 on 127.0.0.1 themselves and hand the socket to uvicorn, so the port is known before the
first request and parallel test processes never collide.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from ..diagnostics import SpecError
from .app import build_app
from .faults import FaultConfig, parse_faults
from .middleware import TRANSPORT_KEY

__all__ = ["mock_main", "resolve_vendor", "running_mock", "serve"]

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class _TransportProtocol(H11Protocol):
    """uvicorn's h11 protocol that also puts the connection's transport into the ASGI scope, so the
    fault middleware can drop the connection for real, and answers without Nagle delays."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        sock = transport.get_extra_info("socket")
        if sock is not None:  # headers and body go out as two writes: without this, Nagle adds ~40 ms each
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        inner = self.app

        async def app(scope: Any, receive: Any, send: Any) -> None:
            scope[TRANSPORT_KEY] = transport
            await inner(scope, receive, send)

        self.app = app


def resolve_vendor(vendor_or_spec: str | Path, recordings_dir: str | Path | None = None) -> tuple[Path, Path]:
    """(spec path, recordings dir) for a vendor name (`specs/<vendor>/openapi.yaml`, looked up in the
    current directory, then in the project) or for a spec file path (recordings beside nothing: give them)."""
    candidate = Path(vendor_or_spec)
    if candidate.suffix in (".yaml", ".yml", ".json") or candidate.is_file():
        return candidate, Path(recordings_dir) if recordings_dir is not None else candidate.parent / "recordings"
    for root in (Path.cwd(), PROJECT_ROOT):
        spec = root / "specs" / str(vendor_or_spec) / "openapi.yaml"
        if spec.is_file():
            recordings = Path(recordings_dir) if recordings_dir is not None else root / "tests" / "recordings" / str(vendor_or_spec)
            return spec, recordings
    raise FileNotFoundError(f"no spec for vendor {vendor_or_spec!r} (specs/{vendor_or_spec}/openapi.yaml)")


def _config(app: Any, host: str, port: int, log_level: str) -> uvicorn.Config:
    return uvicorn.Config(app, host=host, port=port, http=_TransportProtocol, lifespan="off", log_level=log_level, access_log=False)


def serve(
    vendor: str,
    port: int = 8080,
    faults: str | None = None,
    host: str = "127.0.0.1",
    seed: int | None = None,
    recordings_dir: str | Path | None = None,
) -> None:
    """Serve the mock of `vendor` (or of a spec file) until interrupted: `python -m generator mock`."""
    spec_path, recordings = resolve_vendor(vendor, recordings_dir)
    app = build_app(spec_path, recordings, parse_faults(faults), seed)
    sock = _bind(host, port)
    bound = sock.getsockname()[1]
    print(f"mock {vendor}: http://{host}:{bound}  (spec {spec_path}, recordings {recordings}, faults {faults or 'none'})", flush=True)
    try:
        uvicorn.Server(_config(app, host, bound, "info")).run(sockets=[sock])
    finally:
        sock.close()


def _bind(host: str, port: int) -> socket.socket:
    """Bind before uvicorn starts, so port 0 gives a known free port and the URL can be printed first."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ValueError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


@contextmanager
def running_mock(
    vendor_or_spec: str | Path,
    recordings_dir: str | Path | None = None,
    faults: FaultConfig | str | None = None,
    seed: int | None = 0,
) -> Iterator[str]:
    """Run the mock on 127.0.0.1 (free port) in a thread; yields its base URL; stops it on exit."""
    spec_path, recordings = resolve_vendor(vendor_or_spec, recordings_dir)
    config_faults = parse_faults(faults) if isinstance(faults, str) or faults is None else faults
    app = build_app(spec_path, recordings, config_faults, seed)
    sock = _bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = uvicorn.Server(_config(app, "127.0.0.1", port, "warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name=f"mock-{port}", daemon=True)
    thread.start()
    try:
        _wait_started(server, thread)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _wait_started(server: uvicorn.Server, thread: threading.Thread) -> None:
    for _ in range(1000):
        if server.started:
            return
        if not thread.is_alive():
            raise RuntimeError("mock server failed to start")
        threading.Event().wait(0.01)
    raise RuntimeError("mock server did not start within 10 s")


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is out of range (0-65535)")
    return port


def mock_main(argv: list[str]) -> int:
    """`python -m generator mock VENDOR [--port N] [--faults SPEC] [--seed N]` (blocks until Ctrl-C)."""
    parser = argparse.ArgumentParser(prog="python -m generator mock", description="Serve a vendor's recordings over HTTP.")
    parser.add_argument("vendor", help="vendor name (specs/<vendor>/openapi.yaml) or a spec file")
    parser.add_argument("--port", type=_port, default=8080, help="port (default 8080; 0 picks a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    parser.add_argument("--faults", help="e.g. 429:0.2,503:0.1,delay:200ms,drop:0.05")
    parser.add_argument("--seed", type=int, help="seed of the fault RNG (reproducible runs)")
    parser.add_argument("--recordings", help="folder of recordings (default: tests/recordings/<vendor>)")
    args = parser.parse_args(argv)
    try:
        parse_faults(args.faults)
        serve(args.vendor, args.port, args.faults, args.host, args.seed, args.recordings)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except SpecError as exc:
        print(exc.diagnostics.format(), file=sys.stderr)
        return 1
    return 0
