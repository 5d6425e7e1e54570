"""Hostile cases, remote servers: an answer that never ends, or says it is huge, is not read on.

A fake SPARQL server on 127.0.0.1 (a free port) streams an endless JSON answer, or declares one of
100 GB: ``clusterkg query --endpoint`` stops at its answer-size limit with one line, exit 2.
"""

from __future__ import annotations

import http.server
import threading
import time

import pytest

from tests.servers import free_port

HEAD = b'{"head": {"vars": ["s"]}, "results": {"bindings": ['
ROW = b'{"s": {"type": "literal", "value": "' + b"x" * 1000 + b'"}},'


class Endless(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        if self.path.startswith("/declared"):
            self.send_header("Content-Length", str(100 * 1000 ** 3))
            self.end_headers()
            self.wfile.write(HEAD)
            return
        self.end_headers()
        self.wfile.write(HEAD)
        try:
            while True:
                self.wfile.write(ROW * 64)
        except OSError:
            return

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def endless():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Endless)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path, limit, words", [
    ("/sparql", "1000000", "larger than 1,000,000 bytes: not read on (--max-answer-bytes raises the limit)"),
    ("/declared", "1000000", "larger than 1,000,000 bytes"),
], ids=["streamed", "declared"])
def test_an_endless_answer_stops_at_the_limit_in_one_line(endless, path, limit, words, cli):
    args = ["query", "--endpoint", endless + path, "--timeout", "60", "--sparql", "SELECT ?s WHERE { ?s ?p ?o }"]
    if limit:
        args += ["--max-answer-bytes", limit]
    started = time.monotonic()
    result = cli(*args, timeout=120)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert words in lines[0] and result.stdout == ""
    assert time.monotonic() - started < 60


def test_the_default_answer_limit_is_documented(cli):
    result = cli("query", "--help")
    assert "stop reading an answer larger than this (default: 268435456, 256 MiB)" in " ".join(result.stdout.split())
