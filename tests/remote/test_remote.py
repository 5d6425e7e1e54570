"""A real SPARQL server: Oxigraph, started on 127.0.0.1 with a free port and stopped by its PID.

Push the graph, then every stored query must give the same rows there as locally; `query --endpoint`
reads what `push` wrote; a down, dripping, odd or locked server gives one line, exit 2, in time.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest

import clusterkg
from clusterkg import KnowledgeGraph, push
from clusterkg.errors import ClusterKGError
from clusterkg.query.results import format_result, to_python
from clusterkg.remote.endpoint import DATASET_IRI, Endpoint, default_update_endpoint
from tests.conftest import run_cli
from tests.servers import Oxigraph, answering, dripping, free_port

SAMPLE_PARAMS = {"cluster-profile": {"cluster": "aerospace"}, "clusters-in-place": {"place": "E08000025"},
                 "clusters-using-lever": {"lever": "Early Growth Fund"}, "provenance": {"entity": "wmg"}}
G = "https://example.org/graph/"
JSON = {"Content-Type": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Oxigraph(tmp_path_factory.mktemp("oxigraph")).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def pushed(server, graph):
    """The real graph pushed once into the dataset graph."""
    report = push(graph, server.url, batch_size=700, progress=False)
    assert (report.graph, report.triples, report.batches) == (DATASET_IRI, len(graph), -(-len(graph) // 700))
    assert report.graphs == ((DATASET_IRI, len(graph)),)
    return Endpoint(server.url, timeout=30)


def graphs_on(url) -> dict[str, int]:
    rows = clusterkg.query(url, graph="default",
                           sparql="SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {r["g"].value: int(r["n"].value) for r in rows}


def _value(term):
    """Literals as Python values (a server may write a value in another lexical form)."""
    return (to_python(term), type(to_python(term))) if isinstance(term, ox.Literal) else term.value


def triples_on(url, graph_iri) -> set:
    rows = clusterkg.query(Endpoint(url, graph=graph_iri), sparql="SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    return {(r["s"].value, r["p"].value, _value(r["o"])) for r in rows}


def local_triples(graph) -> set:
    return {(q.subject.value, q.predicate.value, _value(q.object)) for q in KnowledgeGraph.of(graph).store}


def one_line_error(result, *parts):
    assert result.returncode == 2, result.stdout + result.stderr
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr, result.stderr
    for part in parts:
        assert part in result.stderr, result.stderr


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
    assert triples_on(server.url, DATASET_IRI) == local_triples(graph)
    assert graphs_on(server.url)[DATASET_IRI] == len(graph)
    assert not [g for g in graphs_on(server.url) if "clusterkg-push" in g]


def test_push_twice_leaves_one_copy(server, graph):
    target = G + "twice"
    for _ in range(2):
        report = push(graph, server.url, graph=target, batch_size=1000, progress=False)
        assert report.batches == -(-len(graph) // 1000) and report.graphs == ((target, len(graph)),)
    on_server = graphs_on(server.url)
    assert on_server[target] == len(graph)
    assert not [g for g in on_server if "clusterkg-push" in g]


def test_push_and_query_from_the_command_line_agree_without_graph(server):
    pushed = run_cli("push", "--endpoint", server.url, "--batch-size", "500")
    assert pushed.returncode == 0, pushed.stderr
    triples = len(KnowledgeGraph.from_data())
    batches = -(-triples // 500)
    assert pushed.stdout.startswith(f"Pushed {triples} triples in {batches} batches into <{DATASET_IRI}> at "
                                    f"{server.url} (counted there after the move)")
    assert pushed.stderr == ""  # no progress bar when stderr is not a terminal
    for args in (["shared-levers"], ["clusters-in-place", "-p", "place=Coventry"], ["growth-totals", "--format", "md"]):
        remote = run_cli("query", *args, "--endpoint", server.url)  # no --graph: the graph push writes
        local = run_cli("query", *args)
        assert remote.returncode == 0, remote.stderr
        assert remote.stdout == local.stdout and remote.stderr == ""


def test_an_empty_answer_names_the_graphs_the_server_holds(server, pushed):
    empty = G + "nothing-here"
    result = run_cli("query", "clusters", "--endpoint", server.url, "--graph", empty, "--format", "csv")
    assert result.returncode == 0 and result.stdout.splitlines()[1:] == []
    assert result.stderr.startswith(f"clusterkg query: no rows: the graph <{empty}> on {server.url} is empty or absent")
    assert f"<{DATASET_IRI}>" in result.stderr and "--graph default" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    # a graph that holds triples but matches nothing: no note
    quiet = run_cli("query", "--sparql", "SELECT ?s WHERE { ?s a <https://example.org/Nothing> }",
                    "--endpoint", server.url)
    assert quiet.returncode == 0 and quiet.stderr == ""
    # the server's default graph, asked for by name
    default = run_cli("query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--endpoint", server.url,
                      "--graph", "default", "--format", "csv")
    assert default.returncode == 0 and default.stdout.splitlines() == ["n", "0"]


# -- Params on an endpoint ----

@pytest.mark.parametrize("value", ['x" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o', "\\u0022} ; DROP ALL",
                                   "back\\slash\ttab\nnewline 'single' \"double\""],
                         ids=["quote-brace-drop", "unicode-escape-text", "controls-and-quotes"])
def test_a_literal_param_reaches_the_server_as_a_term(pushed, server, value):
    before = graphs_on(server.url)
    rows = clusterkg.query(pushed, sparql="#+ summary: echo\n#+ params: [{name: text, type: literal}]\n"
                                          "SELECT ?text (STRLEN(?text) AS ?n) WHERE { }", params={"text": value})
    assert rows.to_records() == [{"text": value, "n": len(value)}]
    assert graphs_on(server.url) == before


def test_a_syntax_error_on_the_server_is_one_line_with_its_position(server):
    result = run_cli("query", "--sparql", "SELECT ?s WHERE {\n ?s ?p }", "--endpoint", server.url)
    one_line_error(result, "answered HTTP 400 Bad Request: error at 2:")


def test_ask_and_construct_on_the_server(pushed, server):
    assert clusterkg.query(server.url, graph="default",
                           sparql="ASK { GRAPH ?g { ?c a <https://w3id.org/wmgrowth/def#Cluster> } }").boolean
    built = clusterkg.query(server.url, sparql=(
        "CONSTRUCT { ?c <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
        "WHERE { ?c a <https://w3id.org/wmgrowth/def#Cluster> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }"))
    assert built.variables == ["subject", "predicate", "object"] and len(built) == 8
    assert "Aerospace (including manufacturing alternative fuels)" in {r["object"].value for r in built}


# -- Servers that are down, slow, odd or locked ----

def test_a_down_server_gives_a_clear_error_at_once():
    url = f"http://127.0.0.1:{free_port()}/query"
    started = time.monotonic()
    with pytest.raises(ClusterKGError, match=f"cannot reach the SPARQL endpoint {url}: .*[Rr]efused"):
        clusterkg.query(url, "clusters", timeout=5)
    with pytest.raises(ClusterKGError, match="cannot reach.*was left as it was$"):
        push(KnowledgeGraph.from_data(), url, timeout=5)
    assert time.monotonic() - started < 5
    one_line_error(run_cli("query", "lever-reach", "--endpoint", url), "cannot reach the SPARQL endpoint")


def test_a_dripping_server_cannot_hold_a_request_past_its_deadline(graph):
    answer = b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n" + b'{"head":{}}' * 20
    with dripping(answer, every=0.5) as (base, sent):
        started = time.monotonic()
        result = run_cli("query", "clusters", "--endpoint", base + "/query", "--timeout", "2")
        took = time.monotonic() - started
        one_line_error(result, f"query 'clusters': no answer from {base}/query within 2 s")
        assert took < 6 and sent and sent[0] >= 2  # bytes kept coming, and still the deadline held
        started = time.monotonic()
        with pytest.raises(ClusterKGError, match=f"no answer from {base}/query within 1.5 s; <{DATASET_IRI}> was left"):
            push(graph, base + "/query", timeout=1.5, progress=False)
        assert time.monotonic() - started < 4  # the first request (looking for old staging graphs) is bounded too


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0", "soon", "1e400"])
@pytest.mark.parametrize("command", ["query", "push"])
def test_a_timeout_must_be_positive_and_finite(command, value):
    args = ["query", "clusters"] if command == "query" else ["push"]
    result = run_cli(*args, "--endpoint", "http://127.0.0.1:9/query", f"--timeout={value}")
    one_line_error(result, "--timeout must be a", f"not '{value}'")
    with pytest.raises(ClusterKGError, match="--timeout must be a"):
        push(KnowledgeGraph(), "http://127.0.0.1:9/query", timeout=float(value) if value != "soon" else value)


ODD = {
    "a-list": (200, JSON, b"[1,2,3]", "did not answer with SPARQL results"),
    "null-results": (200, JSON, b'{"head":{"vars":["n"]},"results":null}', "did not answer with SPARQL results"),
    "html-page": (200, {"Content-Type": "text/html"}, b"<html>log in</html>", "it sent text/html"),
    "redirect": (302, {"Location": "https://elsewhere.example/sparql"}, b"",
                 "answered HTTP 302 Found, a redirect to https://elsewhere.example/sparql: give the URL"),
    "yes-to-select": (200, JSON, b'{"head":{},"boolean":true}', "answered a yes/no answer to a SELECT query"),
    "server-error": (503, {"Content-Type": "text/plain"}, b"down for\nmaintenance", "HTTP 503 Service Unavailable: "
                     "down for maintenance"),
}


@pytest.mark.parametrize("status, headers, body, message", ODD.values(), ids=ODD.keys())
def test_an_answer_of_the_wrong_shape_is_one_line(status, headers, body, message):
    with answering(lambda path, h, b: (status, headers, body)) as (base, seen):
        one_line_error(run_cli("query", "clusters", "--endpoint", base + "/sparql", "--timeout", "5"), message)
        one_line_error(run_cli("push", "--endpoint", base + "/sparql", "--timeout", "5"), message,
                       f"<{DATASET_IRI}> was left as it was")
        assert len(seen) == 2  # one request each: no redirect followed, nothing retried


def test_a_construct_answer_that_is_not_turtle_is_one_line():
    bad = (200, {"Content-Type": "text/turtle"}, b"<a> <b> <c> ; ; .")
    with answering(lambda path, h, b: bad) as (base, _):
        result = run_cli("query", "--sparql", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "--endpoint", base)
        one_line_error(result, "did not answer with an RDF graph")


def test_a_count_that_is_not_a_number_fails_the_push(graph):
    def respond(path, headers, body):
        text = body.decode()
        if "COUNT" in text:
            rows = [{"n": {"type": "literal", "value": "many"}}]
            return 200, JSON, json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": rows}}).encode()
        if text.startswith("query="):
            return 200, JSON, b'{"head":{"vars":["g"]},"results":{"bindings":[]}}'
        return 204, {}, b""

    with answering(respond) as (base, seen):
        result = run_cli("push", "--endpoint", base + "/sparql")
        one_line_error(result, "push: counting the staging graph: ", "answered a count that is not a number "
                       "of triples ('many')", f"<{DATASET_IRI}> was left as it was")
        assert not any(b"MOVE" in body for _, _, body in seen)


def test_basic_auth_comes_from_the_environment_and_is_never_shown(monkeypatch):
    password = "s3cret pass"
    refuse = (401, {"Content-Type": "text/plain"}, b"who are you?")
    with answering(lambda path, h, b: refuse) as (url, seen):
        monkeypatch.setenv("CLUSTERKG_ENDPOINT_USER", "alice")
        monkeypatch.setenv("CLUSTERKG_ENDPOINT_PASSWORD", password)
        with pytest.raises(ClusterKGError) as err:
            clusterkg.query(url, "clusters", timeout=5)
        assert [h.get("Authorization") for _, h, _ in seen] == [
            "Basic " + base64.b64encode(f"alice:{password}".encode()).decode()]
        assert "answered HTTP 401 Unauthorized: who are you? (the server refused the basic auth" in str(err.value)
        assert password not in str(err.value) and password not in repr(Endpoint(url))
        result = run_cli("push", "--endpoint", url, env={"CLUSTERKG_ENDPOINT_USER": "alice",
                                                         "CLUSTERKG_ENDPOINT_PASSWORD": password})
        one_line_error(result, "Unauthorized")
        assert password not in result.stderr + result.stdout and "alice" not in result.stderr
    monkeypatch.delenv("CLUSTERKG_ENDPOINT_PASSWORD")
    with pytest.raises(ClusterKGError, match="CLUSTERKG_ENDPOINT_PASSWORD is not set"):
        Endpoint(url)
    monkeypatch.setenv("CLUSTERKG_ENDPOINT_AUTH", "kerberos")
    with pytest.raises(ClusterKGError, match="CLUSTERKG_ENDPOINT_AUTH must be 'basic' or 'digest'"):
        Endpoint(url)


def test_digest_auth_answers_the_challenge_and_sends_no_password(monkeypatch):
    challenge = {"WWW-Authenticate": 'Digest realm="sparql", nonce="abc123", qop="auth", algorithm=MD5'}

    def respond(path, headers, body):
        if headers.get("Authorization", "").startswith("Digest "):
            return 200, JSON, b'{"head":{"vars":["n"]},"results":{"bindings":[]}}'
        return 401, challenge, b"digest please"

    monkeypatch.setenv("CLUSTERKG_ENDPOINT_USER", "bob")
    monkeypatch.setenv("CLUSTERKG_ENDPOINT_PASSWORD", "pw-digest")
    monkeypatch.setenv("CLUSTERKG_ENDPOINT_AUTH", "digest")
    with answering(respond) as (url, seen):
        assert clusterkg.query(url, sparql="SELECT ?n WHERE { ?n ?p ?o }", labels=False).rows == []
    first, second = (h.get("Authorization", "") for _, h, _ in seen)
    assert first == "" and second.startswith('Digest username="bob", realm="sparql", nonce="abc123"')
    assert "pw-digest" not in second and seen[0][2] == seen[1][2]  # the same form sent again, with the answer


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


def test_updates_go_as_sparql_update_not_as_a_form(graph):
    with answering(lambda path, h, b: (204, {}, b"") if not b.startswith(b"query=")
                   else (200, JSON, b'{"head":{"vars":["n"]},"results":{"bindings":[]}}')) as (base, seen):
        with pytest.raises(ClusterKGError):
            push(graph, base + "/query", progress=False, timeout=5)
    # SPARQLWrapper writes an update's target as the endpoint, "?" and its parameters (here none): "/update?"
    updates = [(urlsplit(path).path, urlsplit(path).query, h["Content-Type"])
               for path, h, body in seen if not body.startswith(b"query=")]
    assert updates and set(updates) == {("/update", "", "application/sparql-update")}


def test_a_dataset_file_of_named_graphs_goes_graph_by_graph(server, tmp_path, graph):
    store = KnowledgeGraph.of(graph).store
    quads = [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(G + ("a" if i % 3 else "b")))
             for i, q in enumerate(sorted(store, key=str))]
    path = tmp_path / "graphs.nq"
    ox.serialize(quads, str(path), format=ox.RdfFormat.N_QUADS)
    result = run_cli("push", "--endpoint", server.url, "--input", path)
    sizes = {g: sum(1 for q in quads if q.graph_name.value == g) for g in (G + "a", G + "b")}
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Pushed {len(quads)} triples in 2 batches at {server.url}: "
                                    f"{sizes[G + 'a']} into <{G}a>, {sizes[G + 'b']} into <{G}b>")
    on_server = graphs_on(server.url)
    assert {g: on_server[g] for g in sizes} == sizes
    one_line_error(run_cli("push", "--endpoint", server.url, "--input", path, "--graph", G + "c"),
                   "has no triples in its default graph, the only ones --graph places", "leave out --graph")


def test_a_dataset_file_whose_default_graph_would_land_on_a_named_graph_is_refused(server, tmp_path, graph):
    data = [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(DATASET_IRI))
            for q in KnowledgeGraph.of(graph).store]
    described = ox.Quad(ox.NamedNode(DATASET_IRI), ox.NamedNode("http://purl.org/dc/terms/title"), ox.Literal("x"))
    path = tmp_path / "graph.trig"
    ox.serialize([*data, described], str(path), format=ox.RdfFormat.TRIG)
    before = graphs_on(server.url)
    one_line_error(run_cli("push", "--endpoint", server.url, "--input", path),
                   f"graph.trig holds 1 triple in its default graph and {len(data)} in the named graph <{DATASET_IRI}>",
                   "give --graph IRI")
    assert graphs_on(server.url) == before
    placed = run_cli("push", "--endpoint", server.url, "--input", path, "--graph", G + "description")
    assert placed.returncode == 0, placed.stderr
    assert f"1 into <{G}description>, {len(data)} into <{DATASET_IRI}>" in placed.stdout
    assert triples_on(server.url, DATASET_IRI) == local_triples(graph)
    assert triples_on(server.url, G + "description") == {(DATASET_IRI, "http://purl.org/dc/terms/title", ("x", str))}


def test_push_draws_a_progress_bar_on_a_terminal(server, tmp_path, graph):
    source = tmp_path / "graph.nt"
    ox.serialize(KnowledgeGraph.of(graph).store, str(source), format=ox.RdfFormat.N_TRIPLES)
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
                              stderr=secondary, timeout=60, cwd=Path(__file__).resolve().parents[2],
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
    assert graphs_on(server.url)[G + "tty"] == len(graph)


def test_the_published_trig_is_refused_whole_or_pushed_graph_by_graph(server, tmp_path, graph):
    """`export --format trig` puts the data in the named dataset graph and its description in the default
    graph: the push that once said "Pushed 412 triples" and dropped the data."""
    trig = tmp_path / "graph.trig"
    assert run_cli("export", "--format", "trig", "--output", trig).returncode == 0
    quads = ox.parse(path=str(trig), format=ox.RdfFormat.TRIG)
    sizes = Counter("default" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value for q in quads)
    assert sizes[DATASET_IRI] == len(graph) and sizes["default"] > 0
    refused = run_cli("push", "--endpoint", server.url, "--input", trig)
    one_line_error(refused, f"holds {sizes['default']} triples in its default graph and {len(graph)} in the named "
                   f"graph <{DATASET_IRI}>")
    placed = run_cli("push", "--endpoint", server.url, "--input", trig, "--graph", G + "published-description")
    assert placed.returncode == 0, placed.stderr
    assert (f"{sizes['default']} into <{G}published-description>, {len(graph)} into <{DATASET_IRI}> "
            "(counted there after the move)") in placed.stdout
    assert triples_on(server.url, DATASET_IRI) == local_triples(graph)
