"""A real SPARQL server: Oxigraph, started on 127.0.0.1 with a free port and stopped by its PID.

Push the graph, then every stored query must give the same rows there as locally; pushes replace
the named graph whole or not at all; a down, slow or locked server gives a clear error in time.
"""

from __future__ import annotations

import base64
import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

import clusterkg
from clusterkg import KnowledgeGraph
from clusterkg.errors import ClusterKGError
from clusterkg.push import push
from clusterkg.remote import DATASET_IRI, Endpoint, default_update_endpoint
from clusterkg.results import format_result, to_python
from .conftest import run_cli

OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
SAMPLE_PARAMS = {"cluster-profile": {"cluster": "aerospace"}, "clusters-in-place": {"place": "E08000025"},
                 "clusters-using-lever": {"lever": "Early Growth Fund"}, "provenance": {"entity": "wmg"}}
G = "https://example.org/graph/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Oxigraph:
    """``oxigraph serve`` on a folder, on 127.0.0.1 and a free port."""

    def __init__(self, location: Path):
        self.location, self.proc, self.port = location, None, None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def start(self) -> "Oxigraph":
        if OXIGRAPH is None:
            pytest.fail("the oxigraph server is not installed: pip install -e '.[test]'")
        self.port = free_port()
        log = open(self.location.with_suffix(".log"), "ab")
        self.proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(self.location),
                                      "--bind", f"127.0.0.1:{self.port}"], stdout=log, stderr=log)
        log.close()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"oxigraph exited: {self.location.with_suffix('.log').read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{self.url}?query=ASK%7B%7D", timeout=1) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        pytest.fail("oxigraph did not answer within 20 s")

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    ox = Oxigraph(tmp_path_factory.mktemp("oxigraph") / "store").start()
    yield ox
    ox.stop()


@pytest.fixture(scope="module")
def pushed(server, graph):
    """The real graph pushed once into the dataset graph."""
    report = push(graph, server.url, batch_size=700, progress=False)
    assert (report.graph, report.triples, report.batches) == (DATASET_IRI, len(graph), 3)
    return Endpoint(server.url, graph=DATASET_IRI, timeout=30)


def graphs_on(server) -> dict[str, int]:
    rows = clusterkg.query(server.url, sparql="SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {r["g"].value: int(r["n"].value) for r in rows}


def _value(term):
    """Literals as Python values (a server may write a value in another lexical form)."""
    return (to_python(term), type(to_python(term))) if isinstance(term, ox.Literal) else term.value


def triples_on(server, graph_iri) -> set:
    rows = clusterkg.query(Endpoint(server.url, graph=graph_iri), sparql="SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    return {(r["s"].value, r["p"].value, _value(r["o"])) for r in rows}


def local_triples(graph) -> set:
    return {(q.subject.value, q.predicate.value, _value(q.object)) for q in KnowledgeGraph.of(graph).store}


# -- The same answers there as here ----

@pytest.mark.parametrize("name", [q.name for q in clusterkg.list_queries()])
def test_every_stored_query_gives_the_same_rows_remotely(pushed, graph, name):
    local = clusterkg.query(graph, name, params=SAMPLE_PARAMS.get(name))
    remote = clusterkg.query(pushed, name, params=SAMPLE_PARAMS.get(name))
    assert len(local) > 0
    assert remote.variables == local.variables
    assert remote.to_records() == local.to_records()
    assert format_result(remote, "table", width=120) == format_result(local, "table", width=120)


def test_push_stores_the_graph_exactly(pushed, server, graph):
    assert triples_on(server, DATASET_IRI) == local_triples(graph)
    assert graphs_on(server)[DATASET_IRI] == len(graph)


def test_push_twice_leaves_one_copy(server, graph):
    target = G + "twice"
    for _ in range(2):
        report = push(graph, server.url, graph=target, batch_size=1000, progress=False)
        assert report.batches == 3
    on_server = graphs_on(server)
    assert on_server[target] == len(graph)
    assert not [g for g in on_server if "clusterkg-push" in g]


def test_a_rejected_batch_leaves_the_old_graph_whole(server, graph, monkeypatch):
    target = G + "rejected"
    push(graph, server.url, graph=target, progress=False)
    newer = Graph()
    newer += graph
    newer.add((URIRef("https://example.org/extra"), URIRef("https://example.org/p"), Literal("v2")))
    real_update, sent = Endpoint.update, []

    def rejecting_third_batch(endpoint, text, label="update"):
        sent.append(label)
        if label.startswith("push: batch 3 of"):  # the server refuses this batch, as Oxigraph answers a bad one
            raise ClusterKGError(f"{label}: {endpoint.update_url} answered QueryBadFormed: error at 1:1")
        return real_update(endpoint, text, label)

    monkeypatch.setattr(Endpoint, "update", rejecting_third_batch)
    batches = -(-len(newer) // 400)
    done = []
    with pytest.raises(ClusterKGError) as err:
        push(newer, server.url, graph=target, batch_size=400, progress=lambda n, total: done.append(n))
    assert done == [1, 2]
    message = str(err.value)
    assert f"push: batch 3 of {batches}: {server.url[:-len('query')]}update answered QueryBadFormed" in message
    assert f"<{target}> was left as it was" in message
    assert triples_on(server, target) == local_triples(graph)
    assert not [g for g in graphs_on(server) if "clusterkg-push" in g]
    assert sent[-1] == "push: cleaning up"


def test_a_server_killed_mid_push_leaves_the_old_graph_whole(tmp_path, graph):
    store = tmp_path / "store"
    ox = Oxigraph(store).start()
    try:
        target = G + "killed"
        push(graph, ox.url, graph=target, progress=False)
        newer = Graph()
        newer += graph
        newer.add((URIRef("https://example.org/extra"), URIRef("https://example.org/p"), Literal("v2")))

        def kill_after_three(done, total):
            if done == 3:
                ox.kill()

        with pytest.raises(ClusterKGError, match=f"push: batch 4 of 11: cannot reach .*; <{target}> was left as it was"):
            push(newer, ox.url, graph=target, batch_size=200, progress=kill_after_three, timeout=5)
        ox.start()
        assert triples_on(ox, target) == local_triples(graph)
        staging = target + "#clusterkg-push-in-progress"
        assert graphs_on(ox) == {target: len(graph), staging: 3 * 200}  # the half-loaded copy, set aside
        push(newer, ox.url, graph=target, batch_size=200, progress=False)  # clears the half-loaded staging graph
        assert triples_on(ox, target) == local_triples(newer)
        assert set(graphs_on(ox)) == {target}
    finally:
        ox.stop()


def test_push_and_query_from_the_command_line(server):
    target = G + "cli"
    pushed = run_cli("push", "--endpoint", server.url, "--graph", target, "--batch-size", "500")
    assert pushed.returncode == 0, pushed.stderr
    assert pushed.stdout.startswith(f"Pushed {len(KnowledgeGraph.from_data())} triples in 5 batches into <{target}>")
    assert pushed.stderr == ""  # no progress bar when stderr is not a terminal
    for args in (["shared-levers"], ["clusters-in-place", "-p", "place=Coventry"], ["growth-totals", "--format", "md"]):
        remote = run_cli("query", *args, "--endpoint", server.url, "--graph", target)
        local = run_cli("query", *args)
        assert remote.returncode == 0, remote.stderr
        assert remote.stdout == local.stdout


# -- Params on an endpoint ----

@pytest.mark.parametrize("value", ['x" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o', "\\u0022} ; DROP ALL",
                                   "back\\slash\ttab\nnewline 'single' \"double\""],
                         ids=["quote-brace-drop", "unicode-escape-text", "controls-and-quotes"])
def test_a_literal_param_reaches_the_server_as_a_term(pushed, server, value):
    before = graphs_on(server)
    rows = clusterkg.query(pushed, sparql="#+ summary: echo\n#+ params: [{name: text, type: literal}]\n"
                                          "SELECT ?text (STRLEN(?text) AS ?n) WHERE { }", params={"text": value})
    assert rows.to_records() == [{"text": value, "n": len(value)}]
    assert graphs_on(server) == before


def test_a_syntax_error_on_the_server_is_one_line_with_its_position(server):
    result = run_cli("query", "--sparql", "SELECT ?s WHERE {\n ?s ?p }", "--endpoint", server.url)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "answered QueryBadFormed: error at 2:" in result.stderr


# -- Servers that are down, slow or locked ----

def test_a_down_server_gives_a_clear_error_at_once():
    url = f"http://127.0.0.1:{free_port()}/query"
    started = time.monotonic()
    with pytest.raises(ClusterKGError, match=f"cannot reach the SPARQL endpoint {url}: .*[Rr]efused"):
        clusterkg.query(url, "clusters", timeout=5)
    with pytest.raises(ClusterKGError, match="cannot reach"):
        push(KnowledgeGraph(), url, timeout=5)
    assert time.monotonic() - started < 5
    result = run_cli("query", "lever-reach", "--endpoint", url)
    assert result.returncode == 2 and "cannot reach the SPARQL endpoint" in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.fixture
def silent_server():
    """Accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/query"
    stop.set()
    thread.join(5)
    for conn in held:
        conn.close()
    listener.close()


def test_a_slow_server_gives_a_clear_error_within_the_timeout(silent_server, graph):
    for call in (lambda: clusterkg.query(silent_server, "shared-places", timeout=1),
                 lambda: push(graph, silent_server, timeout=1, progress=False)):
        started = time.monotonic()
        with pytest.raises(ClusterKGError, match=f"no answer from {silent_server[:-5]}(query|update) within 1 s"):
            call()
        assert time.monotonic() - started < 4
    result = run_cli("query", "clusters", "--endpoint", silent_server, "--timeout", "0.5")
    assert result.returncode == 2 and result.stderr.strip() == (
        f"clusterkg query: error: query 'clusters': no answer from {silent_server} within 0.5 s")


@pytest.fixture
def locked_server():
    """An endpoint that records the Authorization header and answers 401."""
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            seen.append(self.headers.get("Authorization"))
            body = b"who are you?"
            self.send_response(401)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/sparql", seen
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def test_basic_auth_comes_from_the_environment_and_is_never_shown(locked_server, monkeypatch):
    url, seen = locked_server
    password = "s3cret pass"
    monkeypatch.setenv("CLUSTERKG_ENDPOINT_USER", "alice")
    monkeypatch.setenv("CLUSTERKG_ENDPOINT_PASSWORD", password)
    with pytest.raises(ClusterKGError) as err:
        clusterkg.query(url, "clusters", timeout=5)
    assert seen == ["Basic " + base64.b64encode(f"alice:{password}".encode()).decode()]
    assert "answered Unauthorized: who are you?" in str(err.value) and password not in str(err.value)
    assert password not in repr(Endpoint(url))
    result = run_cli("push", "--endpoint", url, env={"CLUSTERKG_ENDPOINT_USER": "alice",
                                                     "CLUSTERKG_ENDPOINT_PASSWORD": password})
    assert result.returncode == 2 and "Unauthorized" in result.stderr
    assert password not in result.stderr + result.stdout and "alice" not in result.stderr
    monkeypatch.delenv("CLUSTERKG_ENDPOINT_PASSWORD")
    with pytest.raises(ClusterKGError, match="CLUSTERKG_ENDPOINT_PASSWORD is not set"):
        Endpoint(url)


def test_credentials_in_an_endpoint_url_are_not_shown():
    url = f"http://bob:hunter2@127.0.0.1:{free_port()}/query"
    with pytest.raises(ClusterKGError) as err:
        clusterkg.query(url, "clusters", timeout=5)
    assert "hunter2" not in str(err.value) and "bob" not in str(err.value)


@pytest.mark.parametrize("url, update", [("http://h:7878/query", "http://h:7878/update"),
                                         ("http://h/ds/query", "http://h/ds/update"),
                                         ("http://h/sparql", "http://h/sparql")],
                         ids=["oxigraph", "fuseki", "same-url"])
def test_the_default_update_endpoint(url, update):
    assert default_update_endpoint(url) == update


def test_ask_and_construct_on_the_server(pushed, server):
    assert clusterkg.query(server.url, sparql="ASK { GRAPH ?g { ?c a <https://w3id.org/wmgrowth/def#Cluster> } }").boolean
    built = clusterkg.query(server.url, graph=DATASET_IRI, sparql=(
        "CONSTRUCT { ?c <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
        "WHERE { ?c a <https://w3id.org/wmgrowth/def#Cluster> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }"))
    assert built.variables == ["subject", "predicate", "object"] and len(built) == 8
    assert "Aerospace (including manufacturing alternative fuels)" in {r["object"].value for r in built}


def test_push_draws_a_progress_bar_on_a_terminal(server, tmp_path, graph):
    import os
    import pty

    source = tmp_path / "graph.ttl"
    clusterkg.export(graph, source)
    import threading

    import fcntl
    import struct
    import termios

    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    chunks = []

    def drain():  # read the terminal while push writes to it, so a full pty buffer never blocks it
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        proc = subprocess.run([sys.executable, "-m", "clusterkg", "push", "--endpoint", server.url, "--input", source,
                               "--graph", G + "tty", "--batch-size", "300"], stdout=subprocess.PIPE,
                              stderr=secondary, timeout=60, cwd=Path(__file__).resolve().parents[1],
                              env=dict(os.environ, COLUMNS="100", CLUSTERKG_PROGRESS_DELAY="0"))
    finally:
        os.close(secondary)
        reader.join(timeout=10)
        os.close(main)
    drawn = b"".join(chunks)
    assert proc.returncode == 0
    batches = -(-len(graph) // 300)
    assert f"Pushed {len(graph)} triples in {batches} batches".encode() in proc.stdout
    assert b"Pushing:" in drawn and f"/{batches} [".encode() in drawn
    assert graphs_on(server)[G + "tty"] == len(graph)
