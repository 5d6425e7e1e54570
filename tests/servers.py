"""Real SPARQL servers for the tests, and small fake ones, all on 127.0.0.1.

``Oxigraph`` runs ``oxigraph serve`` (the test extras); ``Virtuoso`` runs Debian's ``virtuoso-t`` on a
temporary folder with a generated virtuoso.ini (tests/run installs it). Both take free ports, wait
until their endpoint answers, and are stopped by their PID. ``answering`` is an HTTP server whose
answers a test writes; ``dripping`` accepts a request and sends its answer a byte a second;
``forwarding`` passes requests on to a real server, and can act before a request or hold its answer.
"""

from __future__ import annotations

import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server process on a folder: ``start()`` waits until ``url`` answers, ``stop()`` ends it by PID."""

    name, start_within = "server", 30

    def __init__(self, folder: Path):
        self.folder, self.proc = folder, None
        folder.mkdir(parents=True, exist_ok=True)
        self.log = folder / "server.log"

    def command(self) -> list[str]:
        raise NotImplementedError

    @property
    def url(self) -> str:
        raise NotImplementedError

    def start(self):
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(self.command(), stdout=log, stderr=log, cwd=self.folder)
        deadline = time.monotonic() + self.start_within
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"{self.name} exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}?query=ASK%7B%7D", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        pytest.fail(f"{self.name} did not answer within {self.start_within} s")

    def pause(self) -> None:
        os.kill(self.proc.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.proc.pid, signal.SIGCONT)

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.resume()
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


class Oxigraph(Server):
    name, start_within = "oxigraph", 20

    def __init__(self, folder: Path):
        super().__init__(folder)
        self.port = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def command(self) -> list[str]:
        if OXIGRAPH is None:
            pytest.fail("the oxigraph server is not installed: tests/run installs it (pip install -e '.[test]')")
        return [OXIGRAPH, "serve", "--location", str(self.folder / "store"), "--bind", f"127.0.0.1:{self.port}"]

    def start(self):
        self.port = free_port()
        return super().start()


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{isql}
DisableUnixSocket = 1
DirsAllowed = {d}
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 60
"""


class Virtuoso(Server):
    """Debian's Virtuoso 7 on a temporary folder: /sparql (anonymous, read-only until granted) and
    /sparql-auth (Digest auth); ``isql`` runs SQL as dba."""

    name, start_within = "virtuoso", 40

    def __init__(self, folder: Path):
        super().__init__(folder)
        self.http_port, self.isql_port = free_port(), free_port()
        (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=folder, isql=self.isql_port, http=self.http_port))

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def url(self) -> str:
        return self.base + "/sparql"

    def command(self) -> list[str]:
        if VIRTUOSO is None or ISQL is None:
            pytest.fail("Virtuoso is not installed: tests/run installs it (apt-get install virtuoso-opensource-7-bin)")
        return [VIRTUOSO, "+foreground", "+configfile", str(self.folder / "virtuoso.ini")]

    def isql(self, *statements: str) -> str:
        """Run SQL statements as dba; fails the test on an error."""
        script = "".join(s.rstrip(";") + ";\n" for s in statements)
        done = subprocess.run([ISQL, f"127.0.0.1:{self.isql_port}", "dba", "dba", "VERBOSE=OFF", "BANNER=OFF",
                               "PROMPT=OFF", "ERRORS=STDOUT"], input=script, capture_output=True, text=True, timeout=60)
        if done.returncode != 0 or "*** Error" in done.stdout:
            pytest.fail(f"isql: {done.stdout}{done.stderr}")
        return done.stdout


# -- Fake servers ----

@contextmanager
def answering(respond):
    """An HTTP server on 127.0.0.1 whose every POST is answered by ``respond(path, headers, body)``,
    which returns ``(status, headers, body)``. Yields its base URL and the requests it saw."""
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            seen.append((self.path, dict(self.headers), body))
            status, headers, answer = respond(self.path, self.headers, body)
            self.send_response(status)
            for key, value in {"Content-Length": str(len(answer)), **headers}.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    class Quiet(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            pass  # a client that gave up before the answer: expected here

    httpd = Quiet(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@contextmanager
def dripping(answer: bytes, every: float = 1.0, limit: float = 30.0):
    """A server that reads each request and then sends ``answer`` one byte every ``every`` seconds
    (for ``limit`` seconds at most). Yields its base URL and the connections' sent-byte counts."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.1)
    stop, sent, threads = threading.Event(), [], []

    def drip(conn):
        with conn:
            conn.settimeout(2)
            try:
                conn.recv(65536)
                ends = time.monotonic() + limit
                sent.append(0)
                for i in range(len(answer)):
                    if stop.is_set() or time.monotonic() > ends:
                        return
                    conn.sendall(answer[i:i + 1])
                    sent[-1] += 1
                    stop.wait(every)
            except OSError:
                return

    def accept():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            t = threading.Thread(target=drip, args=(conn,), daemon=True)
            t.start()
            threads.append(t)

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", sent
    finally:
        stop.set()
        acceptor.join(5)
        for t in threads:
            t.join(5)
        listener.close()


def forward(target_base: str, path: str, headers, body: bytes) -> tuple[int, dict, bytes]:
    """POST ``body`` to ``target_base + path``; the answer as ``answering`` wants it."""
    kept = {k: v for k, v in headers.items() if k.lower() in ("content-type", "accept")}
    request = urllib.request.Request(target_base + path, data=body, method="POST", headers=kept)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            status, ctype, data = answer.status, answer.headers.get("Content-Type", ""), answer.read()
    except urllib.error.HTTPError as exc:
        status, ctype, data = exc.code, exc.headers.get("Content-Type", ""), exc.read()
    return status, ({"Content-Type": ctype} if ctype else {}), data


@contextmanager
def forwarding(target_base: str, before=None, after=None):
    """A proxy to ``target_base``: each POST is forwarded and its answer passed back. ``before(body)``
    runs before a request is forwarded, ``after(body)`` before its answer goes back (to hold it).
    Yields its base URL."""

    def respond(path, headers, body):
        if before:
            before(body)
        answer = forward(target_base, path, headers, body)
        if after:
            after(body)
        return answer

    with answering(respond) as (url, _seen):
        yield url
