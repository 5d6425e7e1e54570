"""What SPARQLWrapper's requests need underneath, that SPARQLWrapper cannot give; and small helpers.

:mod:`clusterkg.remote.endpoint` builds and sends every request with SPARQLWrapper, which opens it with
``urllib.request.urlopen``, that is, through urllib's process-wide opener. SPARQLWrapper 2.0.0 as it
comes, measured against the fake servers of ``tests/servers.py``:

- a 302 to a POST was followed, as a GET to its Location on another port, with the
  ``Authorization: Basic`` header sent along: the query lost, the password given to the other host;
- its Digest path (``setHTTPAuth(DIGEST)``) answers only the realm given in advance (``"SPARQL"`` by
  default: a server whose realm is ``"sparql"`` got one request and a 401), and installs a process-wide
  opener that keeps the password: another module's later plain ``urlopen`` of that server went out
  signed in as the user. That opener follows redirects too;
- an error status became an exception without the reason phrase (Virtuoso's "SPARQL Request Failed")
  or the headers (a redirect's Location), the body only as a ``repr`` inside its message;
- ``setTimeout`` keeps whole seconds (1.5 became 1; 0.5 became 0: no timeout at all) and bounds each
  socket operation only: a server sending a byte every half second held a ``setTimeout(2)`` request 30 s.

So :func:`call` runs the SPARQLWrapper request in a worker thread and waits for it until the deadline,
and urlopen finds :data:`PER_THREAD` installed as urllib's opener (urllib takes any object with an
``open`` method). In the worker it is the request's own opener, made of urllib's handlers: every answer
handed back as it is (no redirect followed; an error read like any answer, so SPARQLWrapper returns it
and :class:`Answer` holds status, reason, headers and body), Digest answered by urllib's digest handler
for any realm, the request's sockets noted (connected: the server may act on it) and shut at the
deadline. For any other caller it is urllib's default opener, as if none were installed; an opener
installed before clusterkg's first request is replaced (urllib has no way to read it back).
Credentials appear in no message.
"""

from __future__ import annotations

import functools
import http.client
import socket
import ssl
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

CHUNK = 65536
MAX_ANSWER_BYTES = 256 * 1024 ** 2  # an answer longer than this is not read on (query --max-answer-bytes)


class Timeout(Exception):
    """No complete answer by the deadline; ``sent`` says whether the request may have reached the server
    (the connection was made)."""

    def __init__(self, sent: bool):
        super().__init__("no answer by the deadline")
        self.sent = sent


class Unreachable(Exception):
    """The connection could not be made, or broke; ``sent`` says whether the request may have reached the
    server."""

    def __init__(self, reason: str, sent: bool):
        super().__init__(reason)
        self.reason, self.sent = reason, sent


class TooLarge(Exception):
    """The answer passed ``limit`` bytes (by its Content-Length, or as it streamed in): not read on."""

    def __init__(self, limit: int):
        super().__init__(f"the answer is larger than {limit:,} bytes")
        self.limit = limit


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


# -- The opener under SPARQLWrapper ----

class _PerThread:
    """urllib's opener from clusterkg's first request on: a worker's own opener, else urllib's default."""

    def __init__(self):
        self.own, self.default = threading.local(), None

    def open(self, *args, **kwargs):
        opener = getattr(self.own, "opener", None)
        if opener is None:
            self.default = opener = self.default or urllib.request.build_opener()
        return opener.open(*args, **kwargs)


PER_THREAD = _PerThread()


class _AsItIs(urllib.request.HTTPErrorProcessor, urllib.request.HTTPDefaultErrorHandler):
    """Every answer handed back as it is: no redirect followed, an error status read like any answer.
    Only a 401 to a request without credentials, with Digest auth set, goes on to urllib's digest handler."""

    def __init__(self, digest: bool):
        self.digest = digest

    def http_response(self, request, response):
        if self.digest and response.status == 401 and not request.has_header("Authorization"):
            return super().http_response(request, response)  # the digest handler answers the challenge
        return response

    https_response = http_response

    def http_error_default(self, req, fp, code, msg, hdrs):
        return fp  # a challenge the digest handler could not answer: the 401 as it came


class _Sockets:
    """The sockets of one request: whether one was connected (from then on the server may act on the
    request), and shut down at the deadline, which ends the worker reading them (measured: a server
    dripping its answer a byte every half second kept a worker left to its socket timeout 28 s more)."""

    def __init__(self):
        self.connected, self.closed, self.open, self.lock = False, False, [], threading.Lock()

    def add(self, sock) -> None:
        with self.lock:
            self.connected = True
            self.open.append(sock)
            if self.closed:
                _shut(sock)

    def close(self) -> None:
        with self.lock:
            self.closed = True
            for sock in self.open:
                _shut(sock)


def _shut(sock) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _noting(base, sockets: _Sockets):
    class Connection(base):
        def connect(self):
            super().connect()
            sockets.add(self.sock)

    return Connection


@functools.cache
def _tls() -> ssl.SSLContext:
    return ssl.create_default_context()  # made once: 80 ms each time


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, sockets: _Sockets):
        super().__init__()
        self.sockets = sockets

    def http_open(self, req):
        return self.do_open(_noting(http.client.HTTPConnection, self.sockets), req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, sockets: _Sockets):
        super().__init__(context=_tls())
        self.sockets = sockets

    def https_open(self, req):
        return self.do_open(_noting(http.client.HTTPSConnection, self.sockets), req, context=_tls())


def _opener(url: str, credentials: Credentials | None, sockets: _Sockets):
    digest = credentials is not None and credentials.scheme == "digest"
    handlers = [_HTTP(sockets), _HTTPS(sockets), _AsItIs(digest)]
    if digest:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, credentials.user, credentials.password)
        handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
    return urllib.request.build_opener(*handlers)


# -- One request, by its deadline ----

def call(query, url: str, timeout: float, credentials: Credentials | None = None,
         max_bytes: int = MAX_ANSWER_BYTES) -> Answer:
    """The answer to ``query()`` (a SPARQLWrapper's ``query``, sending to ``url``), whatever its status,
    read whole within ``timeout`` seconds. ``query()`` and the read run in a worker thread (a daemon);
    at the deadline its sockets are shut, which ends it (a connection still being made ends at its socket
    timeout). Raises :class:`Timeout`, :class:`Unreachable`, or :class:`TooLarge` past ``max_bytes``."""
    deadline = time.monotonic() + timeout
    sockets, outcome = _Sockets(), []
    opener = _opener(url, credentials, sockets)

    def work():
        urllib.request.install_opener(PER_THREAD)  # again each time: no other opener carries our request
        PER_THREAD.own.opener = opener
        try:
            outcome.append(_answer(query().response, deadline, max_bytes))
        except Exception as exc:  # handed to the waiting thread
            outcome.append(exc)
        finally:
            PER_THREAD.own.opener = None

    worker = threading.Thread(target=work, name="clusterkg-sparql", daemon=True)
    worker.start()
    worker.join(timeout)
    if not outcome:
        sockets.close()
        raise Timeout(sockets.connected)
    if isinstance(outcome[0], Answer):
        return outcome[0]
    exc = outcome[0]
    if not isinstance(exc, OSError | http.client.HTTPException | ValueError):
        raise exc
    if time.monotonic() >= deadline or _timed_out(exc):
        raise Timeout(sockets.connected) from None
    raise Unreachable(_reason(exc), sockets.connected) from None


def _answer(response, deadline: float, max_bytes: int = MAX_ANSWER_BYTES) -> Answer:
    with response:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise TooLarge(max_bytes)
        chunks, size = [], 0
        while chunk := response.read1(CHUNK):  # what has come, so the deadline is checked as bytes drip in
            if time.monotonic() >= deadline:
                raise TimeoutError
            size += len(chunk)
            if size > max_bytes:
                raise TooLarge(max_bytes)
            chunks.append(chunk)
        headers = {k.lower(): v for k, v in response.headers.items()}
        return Answer(response.status, str(response.reason or ""), response.headers.get_content_type(),
                      b"".join(chunks), headers)


def _timed_out(exc: Exception) -> bool:
    reason = getattr(exc, "reason", None)
    return isinstance(exc, TimeoutError | socket.timeout) or isinstance(reason, TimeoutError | socket.timeout)


def _reason(exc: Exception) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    text = " ".join(str(reason).split())
    return text or type(reason).__name__
