"""Slow and silent clients cannot take the production server's threads (issue 19).

`navigator serve --production` (granian) runs as a process of its own on a free loopback
port; raw sockets play the attacker. bench/stall.py measures the same with latencies.
"""

from __future__ import annotations

import asyncio
import io
import select
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

import pytest

from navigator.web.rsgi import BODY_TIMEOUT, Buffered, call_wsgi, read_body, wsgi_environ
from navigator.web.serve import IDLE_TIMEOUT

TINY = Path(__file__).parent / "fixtures" / "web"
STALLED_POST = (
    b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Content-Type: application/x-www-form-urlencoded\r\n"
    b"Content-Length: 1000\r\n\r\nquery="
)
GENEROUS = 2.0  # seconds: far above a normal answer (about a millisecond), far below a stall


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """The production server on the tiny site, for the whole module."""
    pathways = tmp_path_factory.mktemp("slow") / "pathways"
    shutil.copytree(TINY, pathways)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = int(probe.getsockname()[1])
    command = [sys.executable, "-m", "navigator", "serve", "--production", "--no-cache"]
    server = subprocess.Popen(
        [*command, "--port", str(free), str(pathways)], stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while _seconds_for_about(free) is None:
            assert server.poll() is None and time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)
        yield free
    finally:
        server.terminate()
        server.wait(timeout=30)


def _seconds_for_about(port: int, timeout: float = 10.0) -> float | None:
    """Seconds for a GET of /om/ on a new connection, or None without a 200 in time."""
    start = time.monotonic()
    connection = HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/om/")
        answer = connection.getresponse()
        answer.read()
        return time.monotonic() - start if answer.status == 200 else None
    except OSError:
        return None
    finally:
        connection.close()


def _closed_within(sockets: list[socket.socket], seconds: float) -> list[bytes]:
    """What each socket the server closes within seconds received before it was closed."""
    open_ = list(sockets)
    got = {sock: b"" for sock in sockets}
    closed = []
    deadline = time.monotonic() + seconds
    while open_ and time.monotonic() < deadline:
        ready, _, _ = select.select(open_, [], [], 0.2)
        for sock in ready:
            try:
                data = sock.recv(65536)
            except OSError:
                data = b""
            got[sock] += data
            if not data:
                open_.remove(sock)
                closed.append(got[sock])
    return closed


def _hold(port: int, count: int, first: bytes | None) -> list[socket.socket]:
    held = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        if first is not None:
            sock.sendall(first)
        held.append(sock)
    return held


def test_stalled_bodies_leave_the_site_answering_and_are_closed(port: int) -> None:
    stalled = _hold(port, 8, STALLED_POST)  # as many as the server has threads
    try:
        time.sleep(0.3)
        for _ in range(5):
            seconds = _seconds_for_about(port)
            assert seconds is not None and seconds < GENEROUS, seconds
        answers = _closed_within(stalled, BODY_TIMEOUT + 5)
        assert len(answers) == len(stalled)
        for answer in answers:  # our own 408, with our headers, then the connection closes
            assert answer.startswith(b"HTTP/1.1 408"), answer[:40]
            assert b"x-content-type-options: nosniff" in answer.lower()
    finally:
        for sock in stalled:
            sock.close()


def test_a_body_that_comes_in_pieces_is_answered(port: int) -> None:
    query = b"query=" + b"SELECT%20%3Fs%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20LIMIT%201"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            b"Accept: application/sparql-results+json\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: " + str(len(query)).encode() + b"\r\n\r\n"
        )
        for i in range(0, len(query), 20):
            sock.sendall(query[i : i + 20])
            time.sleep(0.05)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
    assert b'"bindings"' in answer


def test_idle_keep_alives_do_not_stall_new_visitors_and_are_closed(port: int) -> None:
    silent = _hold(port, 100, None)  # connected, never a byte: closed by the client or a proxy
    idle = _hold(port, 100, b"GET /om/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")  # kept alive
    try:
        time.sleep(0.3)
        for _ in range(5):
            seconds = _seconds_for_about(port)
            assert seconds is not None and seconds < GENEROUS, seconds
        assert len(_closed_within(idle, IDLE_TIMEOUT + 5)) == len(idle)
    finally:
        for sock in silent + idle:
            sock.close()


# ---- the RSGI adapter, without a server ----------------------------------------------------------


class Headers(dict[str, str]):
    """RSGI's header mapping: lower-case names."""


class Scope:
    """An RSGI HTTP scope."""

    proto, http_version, scheme = "http", "1.1", "http"
    server, client = "127.0.0.1:8000", "127.0.0.1:50000"

    def __init__(self, method: str, path: str, query: str = "", **headers: str) -> None:
        self.method, self.path, self.query_string = method, path, query
        self.headers = Headers({k.replace("_", "-"): v for k, v in headers.items()})


class Protocol:
    """An RSGI HTTP protocol whose body comes in the given chunks, then never more."""

    def __init__(self, *chunks: bytes, then_stall: bool = False) -> None:
        self.chunks, self.then_stall = list(chunks), then_stall
        self.answers: list[tuple[int, list[tuple[str, str]], bytes]] = []

    def __aiter__(self) -> Protocol:
        return self

    async def __anext__(self) -> bytes:
        if self.chunks:
            return self.chunks.pop(0)
        if self.then_stall:
            await asyncio.sleep(3600)
        raise StopAsyncIteration

    def response_bytes(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.answers.append((status, headers, body))


def test_a_chunked_body_reaches_flask_whole_and_unchunked() -> None:
    scope = Scope("POST", "/x", transfer_encoding="chunked", content_type="text/plain")
    body = asyncio.run(read_body(scope, Protocol(b"ab", b"cd")))
    environ = wsgi_environ(scope, body)
    assert environ["CONTENT_LENGTH"] == "4" and environ["wsgi.input"].read() == b"abcd"
    assert "HTTP_TRANSFER_ENCODING" not in environ and environ["CONTENT_TYPE"] == "text/plain"


def test_the_environ_keeps_raw_bytes_of_the_path_and_the_query() -> None:
    environ = wsgi_environ(Scope("GET", "/søg/", "q=%C3%B8&a=1", host="x.dk"), b"")
    assert environ["PATH_INFO"] == "/søg/".encode().decode("latin-1")
    assert environ["QUERY_STRING"] == "q=%C3%B8&a=1" and environ["HTTP_HOST"] == "x.dk"
    assert environ["SERVER_PORT"] == "8000" and environ["REMOTE_ADDR"] == "127.0.0.1"


def test_a_body_that_stops_coming_is_a_408_without_the_app() -> None:
    called: list[Any] = []

    class App:
        wsgi_app = None

        def __call__(self, environ: Any, start_response: Any) -> list[bytes]:
            called.append(environ)
            start_response("200 OK", [])
            return [b""]

    buffered = Buffered(App(), threads=1, body_timeout=0.2)  # type: ignore[arg-type]
    protocol = Protocol(b"query=", then_stall=True)
    asyncio.run(buffered.__rsgi__(Scope("POST", "/sparql", content_length="1000"), protocol))
    assert [a[0] for a in protocol.answers] == [408] and not called
    assert buffered.busy == 0


def test_over_the_in_flight_bound_the_answer_is_503() -> None:
    buffered = Buffered(None, threads=1, in_flight=0)  # type: ignore[arg-type]
    protocol = Protocol()
    asyncio.run(buffered.__rsgi__(Scope("GET", "/om/"), protocol))
    status, headers, _ = protocol.answers[0]
    assert status == 503 and ("Retry-After", "1") in headers


def test_call_wsgi_collects_written_and_returned_parts() -> None:
    def app(environ: Any, start_response: Any) -> list[bytes]:
        start_response("201 Created", [("X", "1")])(b"a")
        return [b"b", b"c"]

    environ = wsgi_environ(Scope("GET", "/"), b"")
    assert call_wsgi(app, environ) == (201, [("X", "1")], b"abc")
    assert isinstance(environ["wsgi.input"], io.BytesIO)
