"""`with_streaming_response` over real HTTP on 127.0.0.1: the body reaches the caller chunk by chunk while the
server is still sending it, is never held in memory whole, the response is closed on exit, and errors,
retries and re-logins behave as without streaming."""

from __future__ import annotations

import asyncio
import json
import threading
import tracemalloc
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from generator.runtime import (
    AsyncClient,
    NotFoundError,
    OperationSpec,
    SessionAuth,
    SyncClient,
    async_to_streamed_response_wrapper,
    to_streamed_response_wrapper,
)

from .fakes import FakeClock

pytestmark = pytest.mark.slow  # real sockets

SIZE = 8 * 1024 * 1024  # the body; far more than the memory the streamed read may use
HEAD = 64 * 1024  # sent before the server waits for the client to have read it
DOWNLOAD = OperationSpec("downloadPdf", "GET", "/pdf", success_kind="binary", accept="application/pdf")
MISSING = OperationSpec("downloadMissing", "GET", "/missing", success_kind="binary")
FLAKY = OperationSpec("downloadFlaky", "GET", "/flaky", success_kind="binary")
GUARDED = OperationSpec("downloadGuarded", "GET", "/guarded", success_kind="binary", security=(("session",),))
LOGIN = OperationSpec("login", "POST", "/login")


class StreamServer:
    """`/pdf` sends HEAD bytes, then waits until the test says it has read them (`gate`), then the rest."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.gate_seen: list[bool] = []  # per download: had the client read the head before the rest was sent?
        self.hits: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                payload = json.dumps(body).encode()
                self.send_response(status)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _big(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/pdf")
                self.send_header("Content-Length", str(SIZE))
                self.send_header("X-Request-Id", "req-stream-1")
                self.end_headers()
                self.wfile.write(b"%" * HEAD)
                self.wfile.flush()
                server.gate_seen.append(server.gate.wait(10))
                block = b"x" * HEAD
                try:
                    for _ in range((SIZE - HEAD) // HEAD):
                        self.wfile.write(block)
                except OSError:  # the client left early (on purpose, in one test)
                    self.close_connection = True

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                server.hits[path] = server.hits.get(path, 0) + 1
                if path == "/pdf":
                    self._big()
                elif path == "/missing":
                    self._json(404, {"message": "no such invoice"}, {"X-Request-Id": "req-404"})
                elif path == "/flaky":
                    if server.hits[path] == 1:
                        self._json(503, {"message": "busy"}, {"Retry-After": "1"})
                    else:
                        self._big()
                elif path == "/guarded":
                    if self.headers.get("Authorization") != "Bearer fresh":
                        self._json(401, {"message": "expired"})
                    else:
                        self._big()

            def do_POST(self) -> None:
                server.hits["/login"] = server.hits.get("/login", 0) + 1
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._json(200, {"token": "fresh" if server.hits["/login"] > 1 else "stale"})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)


@pytest.fixture
def stream_server() -> Iterator[StreamServer]:
    server = StreamServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.gate.set()
        server.httpd.shutdown()
        server.httpd.server_close()


def _sync(server: StreamServer, clock: FakeClock, **kwargs: Any) -> SyncClient:
    return SyncClient(
        base_url=server.base_url, _clock=clock.monotonic, _wall_clock=clock.wall, _sleep=clock.sleep, logger_name="stream_test", **kwargs
    )


def _async(server: StreamServer, clock: FakeClock) -> AsyncClient:
    return AsyncClient(
        base_url=server.base_url, _clock=clock.monotonic, _wall_clock=clock.wall, _sleep=clock.asleep, logger_name="stream_test"
    )


def _download(client: SyncClient, op: OperationSpec = DOWNLOAD) -> bytes:
    result: bytes = client.request(op, cast_to=bytes)
    return result


def test_the_body_arrives_in_chunks_while_the_server_is_still_sending(stream_server: StreamServer, clock: FakeClock) -> None:
    streamed = to_streamed_response_wrapper(_download)
    total = 0
    tracemalloc.start()
    try:
        with _sync(stream_server, clock) as client, streamed(client) as response:
            assert response.status_code == 200 and response.request_id == "req-stream-1"
            chunks = 0
            for chunk in response.iter_bytes(HEAD):
                if total == 0:
                    assert chunk == b"%" * HEAD
                    stream_server.gate.set()  # only now may the server send the rest
                total += len(chunk)
                chunks += 1
            _, peak = tracemalloc.get_traced_memory()
            http_response = response.http_response
        assert http_response.is_closed
    finally:
        tracemalloc.stop()
    assert total == SIZE and chunks >= SIZE // HEAD
    # Buffered, the client would have waited for all 8 MiB before handing over a byte: the gate would have
    # timed out, and the whole body would have been in memory at once.
    assert stream_server.gate_seen == [True]
    assert peak < SIZE // 4, f"{peak} bytes allocated while streaming {SIZE}"


def test_the_response_is_closed_when_the_block_exits_early(stream_server: StreamServer, clock: FakeClock) -> None:
    stream_server.gate.set()
    streamed = to_streamed_response_wrapper(_download)
    with _sync(stream_server, clock) as client:
        with streamed(client) as response:
            first = next(response.iter_bytes(1024))
            http_response = response.http_response
        assert first == b"%" * 1024 and http_response.is_closed
        assert _download(client)[:3] == b"%%%"  # the pool still serves the next call


def test_parse_reads_the_whole_body_and_returns_what_the_method_returns(stream_server: StreamServer, clock: FakeClock) -> None:
    stream_server.gate.set()
    with _sync(stream_server, clock) as client, to_streamed_response_wrapper(_download)(client) as response:
        body = response.parse()
    assert isinstance(body, bytes) and len(body) == SIZE


def test_an_error_answer_raises_the_typed_error_with_its_message(stream_server: StreamServer, clock: FakeClock) -> None:
    streamed = to_streamed_response_wrapper(_download)
    with _sync(stream_server, clock) as client, pytest.raises(NotFoundError) as info, streamed(client, MISSING):
        pytest.fail("the block must not run for a 404")
    assert info.value.error_message == "no such invoice" and info.value.request_id == "req-404"
    assert "no such invoice" in str(info.value)


def test_retries_happen_before_the_stream_is_handed_over(stream_server: StreamServer, clock: FakeClock) -> None:
    stream_server.gate.set()
    with _sync(stream_server, clock) as client, to_streamed_response_wrapper(_download)(client, FLAKY) as response:
        assert response.retries_taken == 1
        assert sum(len(c) for c in response.iter_bytes()) == SIZE
    assert stream_server.hits["/flaky"] == 2 and clock.sleeps == [1.0]


def test_a_login_inside_a_streamed_call_is_read_and_a_refused_token_relogs(stream_server: StreamServer, clock: FakeClock) -> None:
    stream_server.gate.set()
    session = SessionAuth(login=LOGIN, token_pointer="/token", relogin_status=(401,))
    with (
        _sync(stream_server, clock, auth={"session": session}) as client,
        to_streamed_response_wrapper(_download)(client, GUARDED) as response,
    ):
        assert sum(len(c) for c in response.iter_bytes()) == SIZE
    assert stream_server.hits["/login"] == 2 and stream_server.hits["/guarded"] == 2


def test_async_streaming(stream_server: StreamServer, clock: FakeClock) -> None:
    async def download(client: AsyncClient, op: OperationSpec = DOWNLOAD) -> bytes:
        result: bytes = await client.request(op, cast_to=bytes)
        return result

    streamed = async_to_streamed_response_wrapper(download)

    async def main() -> tuple[int, bool]:
        total = 0
        async with _async(stream_server, clock) as client:
            async with streamed(client) as response:
                async for chunk in response.aiter_bytes(HEAD):
                    if total == 0:
                        stream_server.gate.set()
                    total += len(chunk)
                http_response = response.http_response
            with pytest.raises(NotFoundError):
                async with streamed(client, MISSING):
                    pass
        return total, http_response.is_closed

    total, closed = asyncio.run(main())
    assert total == SIZE and closed and stream_server.gate_seen == [True]


def test_without_the_wrapper_nothing_is_streamed(stream_server: StreamServer, clock: FakeClock) -> None:
    stream_server.gate.set()
    with _sync(stream_server, clock) as client:
        assert len(_download(client)) == SIZE
    # sanity: the streamed path really is a different one
    with (
        pytest.raises(httpx.ResponseNotRead),
        _sync(stream_server, clock) as client,
        to_streamed_response_wrapper(_download)(client) as response,
    ):
        _ = response.http_response.content
