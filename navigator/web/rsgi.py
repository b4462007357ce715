"""The WSGI app on granian's RSGI interface: a request's body is read in full on the event loop,
under a deadline, before the request takes one of the app's threads.

Under granian's WSGI interface the app is called on a thread as soon as the headers have
come, and reading the body blocks that thread for as long as the client likes: eight
connections that promised a body and went quiet held all eight threads, and the whole site
was offline for as long as they stayed (issue 19). Here the event loop receives the body, a
client that does not finish it within BODY_TIMEOUT gets a 408 and its connection is closed,
and only a complete request goes to the thread pool. Answers kept in memory (Guard.kept) are
served on the loop itself, without a thread. IN_FLIGHT bounds the requests being worked on or
waiting for a thread; idle keep-alive connections are not requests and do not count.
"""

from __future__ import annotations

import asyncio
import io
import logging
import sys
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from flask import Flask

from .app import MAX_CONTENT_LENGTH, SECURITY_HEADERS, Guard

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

log = logging.getLogger("navigator.web.rsgi")
BODY_TIMEOUT = 10.0
"""Seconds a client has to send the whole request body (at most 1 MB) once its headers came."""
IN_FLIGHT = 200
"""Requests worked on or waiting for a thread at once; more get 503 with Retry-After."""
Answer = tuple[int, list[tuple[str, str]], bytes]
PLAIN = [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store")]
SLOW_BODY: Answer = (
    408,
    [*PLAIN, ("Connection", "close"), *SECURITY_HEADERS],
    "Forespørgslen kom ikke frem i tide. Prøv igen.\n".encode(),
)
BUSY: Answer = (
    503,
    [*PLAIN, ("Retry-After", "1"), *SECURITY_HEADERS],
    "Siden har travlt lige nu. Prøv igen om lidt.\n".encode(),
)
FAILED: Answer = (
    500,
    [*PLAIN, *SECURITY_HEADERS],
    "Der skete en fejl hos os. Prøv igen om lidt.\n".encode(),
)


class Buffered:
    """An RSGI application around a Flask app whose WSGI layer is the Guard."""

    def __init__(
        self,
        flask: Flask,
        threads: int = 8,
        body_timeout: float = BODY_TIMEOUT,
        in_flight: int = IN_FLIGHT,
    ) -> None:
        self.flask, self.threads = flask, threads
        self.body_timeout, self.in_flight = body_timeout, in_flight
        self.pool: ThreadPoolExecutor | None = None
        self.busy = 0  # read and changed on the event loop's thread only: no lock

    def __rsgi_init__(self, loop: asyncio.AbstractEventLoop) -> None:
        """Start the thread pool in the worker (threads do not survive granian's fork)."""
        self._threads()

    def __rsgi_del__(self, loop: asyncio.AbstractEventLoop) -> None:
        """Let the threads go when the worker stops."""
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """The Flask app as plain WSGI (granian calls __rsgi__ when the object has one)."""
        return self.flask(environ, start_response)

    def _threads(self) -> ThreadPoolExecutor:
        if self.pool is None:
            self.pool = ThreadPoolExecutor(self.threads, thread_name_prefix="navigator-wsgi")
        return self.pool

    async def __rsgi__(self, scope: Any, protocol: Any) -> None:
        """Answer one HTTP request: body first, then memory or a thread."""
        if scope.proto != "http":  # websockets are off in serve.granian; refuse any other
            return
        if self.busy >= self.in_flight:
            protocol.response_bytes(*BUSY)
            return
        self.busy += 1
        try:
            protocol.response_bytes(*await self.answer(scope, protocol))
        finally:
            self.busy -= 1

    async def answer(self, scope: Any, protocol: Any) -> Answer:
        """The answer to a request: 408 if its body does not come in time."""
        body = b""
        if has_body(scope.headers):
            try:
                body = await asyncio.wait_for(read_body(scope, protocol), self.body_timeout)
            except TimeoutError:
                return SLOW_BODY
            except Exception:  # the client went away mid-body: nobody is left to answer
                return SLOW_BODY
        else:  # most requests: look in memory first, with only what a key needs
            kept = self.kept(scope)
            if kept is not None:
                return kept
        environ = wsgi_environ(scope, body)
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._threads(), call_wsgi, self.flask, environ)
        except Exception:  # the Guard answers every error itself; this is a bug
            log.exception("the WSGI app failed")
            return FAILED

    def kept(self, scope: Any) -> Answer | None:
        """The answer kept in memory for a request without a body (Guard.from_memory), or None;
        a dictionary lookup, so it runs on the loop without a thread."""
        guard = self.flask.wsgi_app
        if not isinstance(guard, Guard):
            return None
        headers = scope.headers
        environ: dict[str, Any] = {
            "REQUEST_METHOD": scope.method,
            "PATH_INFO": scope.path.encode("utf-8", "surrogateescape").decode("latin-1"),
            "QUERY_STRING": scope.query_string,
            "HTTP_IF_NONE_MATCH": headers.get("if-none-match"),
        }
        host = headers.get("host")
        if host is not None:
            environ["HTTP_HOST"] = host
        kept = guard.from_memory(environ)
        if kept is None:
            return None
        status, answer_headers, data = kept
        return int(status[:3]), answer_headers, data


def has_body(headers: Any) -> bool:
    """Whether a request says it has a body (a Content-Length above 0, or chunks)."""
    length = headers.get("content-length")
    if length and length != "0":
        return True
    return "chunked" in headers.get("transfer-encoding", "").lower()


async def read_body(scope: Any, protocol: Any) -> bytes:
    """The whole body, or its first MAX_CONTENT_LENGTH + 1 bytes (Flask then answers 413);
    nothing when there is none or when Content-Length already says it is too large."""
    length = scope.headers.get("content-length")
    if not has_body(scope.headers):
        return b""
    if length and length.isdigit() and int(length) > MAX_CONTENT_LENGTH:
        return b""  # refused unread: Flask's 413 reads only the header
    parts, size = [], 0
    async for chunk in protocol:
        parts.append(chunk)
        size += len(chunk)
        if size > MAX_CONTENT_LENGTH:
            break
    return b"".join(parts)


def wsgi_environ(scope: Any, body: bytes) -> WSGIEnvironment:
    """The WSGI environ of an RSGI request, as granian's WSGI interface builds it."""
    server, _, port = scope.server.rpartition(":")
    client = scope.client.rpartition(":")[0]
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope.method,
        "SCRIPT_NAME": "",
        # RSGI gives the path percent-decoded as text; WSGI wants its UTF-8 bytes as latin-1
        "PATH_INFO": scope.path.encode("utf-8", "surrogateescape").decode("latin-1"),
        "QUERY_STRING": scope.query_string,
        "SERVER_NAME": server.strip("[]"),
        "SERVER_PORT": port,
        "SERVER_PROTOCOL": f"HTTP/{scope.http_version}",
        "REMOTE_ADDR": client.strip("[]"),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.scheme,
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in scope.headers.items():
        if name == "content-type":
            environ["CONTENT_TYPE"] = value
        elif name == "content-length":
            environ["CONTENT_LENGTH"] = value
        elif name != "transfer-encoding":  # the body is already whole: no chunking left
            key = "HTTP_" + name.upper().replace("-", "_")
            environ[key] = f"{environ[key]}, {value}" if key in environ else value
    if body and "CONTENT_LENGTH" not in environ:  # a chunked body, now whole
        environ["CONTENT_LENGTH"] = str(len(body))
    return environ


def call_wsgi(app: Any, environ: WSGIEnvironment) -> Answer:
    """Call a WSGI app on this thread and collect its whole answer."""
    started: list[Any] = []
    written: list[bytes] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        started[:] = [status, headers]
        return written.append

    result = app(environ, start_response)
    try:
        body = b"".join([*written, *result])
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    status, headers = started
    return int(status[:3]), list(headers), body
