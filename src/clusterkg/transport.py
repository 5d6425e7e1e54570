"""HTTP for SPARQL requests: one POST whose whole exchange, answer included, ends by a deadline.

A socket timeout bounds each read, so a server that sends a byte a second could hold a request for
ever; here a watchdog shuts the request's sockets when the deadline passes. Redirects are not
followed (a POST turned into a GET would lose its query). Basic auth is sent with the request;
Digest auth answers the server's challenge (urllib's handler). Credentials appear in no message.
"""

from __future__ import annotations

import base64
import http.client
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

CHUNK = 65536


class Timeout(Exception):
    """No complete answer by the deadline; ``sent`` says whether the request had gone out."""

    def __init__(self, sent: bool):
        super().__init__("no answer by the deadline")
        self.sent = sent


class Unreachable(Exception):
    """The connection could not be made, or broke; ``sent`` says whether the request had gone out."""

    def __init__(self, reason: str, sent: bool):
        super().__init__(reason)
        self.reason, self.sent = reason, sent


@dataclass
class Answer:
    status: int
    reason: str
    content_type: str
    body: bytes
    headers: dict = field(default_factory=dict)

    def text(self, limit: int = 300) -> str:
        """The body as one line of at most ``limit`` characters."""
        return " ".join(self.body.decode("utf-8", "replace").split())[:limit]


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str = field(repr=False)
    scheme: str = "basic"  # or "digest"

    def __repr__(self) -> str:
        return f"Credentials({self.scheme})"


def redact(url: str) -> str:
    """``url`` without a user name or password."""
    parts = urlsplit(url)
    if parts.username or parts.password:
        host = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=host))
    return url


class _Watch:
    """The sockets of one request, shut down together when its deadline passes."""

    def __init__(self):
        self.sockets, self.fired, self.sent, self._lock = [], False, False, threading.Lock()

    def add(self, sock) -> None:
        with self._lock:
            self.sockets.append(sock)
            if self.fired:
                _shut(sock)

    def fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self.sockets:
                _shut(sock)


def _shut(sock) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _watched(base, watch: _Watch):
    class Connection(base):
        def connect(self):
            super().connect()
            watch.add(self.sock)

        def send(self, data):
            if self.sock is None:
                self.connect()
            watch.sent = True  # connected: from here on the server may act on the request
            super().send(data)

    return Connection


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, watch: _Watch):
        super().__init__()
        self.watch = watch

    def http_open(self, req):
        return self.do_open(_watched(http.client.HTTPConnection, self.watch), req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, watch: _Watch):
        self.tls = ssl.create_default_context()
        super().__init__(context=self.tls)
        self.watch = watch

    def https_open(self, req):
        return self.do_open(_watched(http.client.HTTPSConnection, self.watch), req, context=self.tls)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the 3xx answer comes back as it is


def _opener(watch: _Watch, url: str, credentials: Credentials | None):
    handlers = [_HTTP(watch), _HTTPS(watch), _NoRedirect()]
    if credentials is not None and credentials.scheme == "digest":
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, credentials.user, credentials.password)
        handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
    return urllib.request.build_opener(*handlers)


def _read(response, deadline: float) -> bytes:
    chunks = []
    while True:
        if time.monotonic() >= deadline:
            raise TimeoutError
        chunk = response.read(CHUNK)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def post(url: str, body: bytes, headers: dict, timeout: float, credentials: Credentials | None = None) -> Answer:
    """POST ``body`` to ``url``; the answer, whatever its status, read whole within ``timeout`` seconds.
    Raises :class:`Timeout` or :class:`Unreachable`."""
    deadline = time.monotonic() + timeout
    watch = _Watch()
    request = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")
    if credentials is not None and credentials.scheme == "basic":
        token = base64.b64encode(f"{credentials.user}:{credentials.password}".encode()).decode()
        request.add_unredirected_header("Authorization", "Basic " + token)
    timer = threading.Timer(timeout, watch.fire)
    timer.daemon = True
    timer.start()
    try:
        try:
            response = _opener(watch, url, credentials).open(request, timeout=timeout)
        except urllib.error.HTTPError as exc:  # 3xx, 4xx, 5xx: an answer all the same
            response = exc
        with response:
            data = _read(response, deadline)
            headers = {k.lower(): v for k, v in response.headers.items()}
            return Answer(response.status, str(getattr(response, "reason", "") or ""),
                          response.headers.get_content_type(), data, headers)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if watch.fired or time.monotonic() >= deadline or _timed_out(exc):
            raise Timeout(watch.sent) from None
        raise Unreachable(_reason(exc), watch.sent) from None
    finally:
        timer.cancel()


def _timed_out(exc: Exception) -> bool:
    reason = getattr(exc, "reason", None)
    return isinstance(exc, TimeoutError | socket.timeout) or isinstance(reason, TimeoutError | socket.timeout)


def _reason(exc: Exception) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    text = " ".join(str(reason).split())
    return text or type(reason).__name__
