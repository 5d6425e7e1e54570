"""A push against a real Oxigraph server that fails on purpose: refused, killed, paused, answered
too late, fed half a graph, raced by another push. Each time the target ends whole (the old graph or
the new), and the message says which, or that it cannot be known and how to check."""

from __future__ import annotations

import shlex
import threading
import time

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from clusterkg import KnowledgeGraph, push
from clusterkg.errors import ClusterKGError
from clusterkg.remote.endpoint import Endpoint, Refused
from clusterkg.remote.push import MIN_BATCH_SIZE, staging_prefix
from tests.conftest import run_cli
from tests.remote.test_remote import JSON, graphs_on, local_triples, triples_on
from tests.servers import Oxigraph, answering, forward, forwarding

G = "https://example.org/faults/"


@pytest.fixture
def server(tmp_path):
    running = Oxigraph(tmp_path / "oxigraph").start()
    yield running
    running.stop()


def newer(graph, extra: int = 1) -> Graph:
    """The graph with ``extra`` more triples: a new version to push over the old."""
    g = Graph()
    g += graph
    for i in range(extra):
        g.add((URIRef(f"https://example.org/extra/{i}"), URIRef("https://example.org/p"), Literal(f"v{i}")))
    return g


def staging_graphs(url) -> dict[str, int]:
    return {g: n for g, n in graphs_on(url).items() if "clusterkg-push" in g}


def test_a_refused_batch_leaves_the_old_graph_whole(server, graph, monkeypatch):
    target = G + "refused"
    push(graph, server.url, graph=target, progress=False)
    real_update, sent = Endpoint.update, []

    def refusing_third_batch(endpoint, text, label="update"):
        sent.append(label)
        if label.startswith("push: batch 3 of"):
            raise Refused(f"{label}: {endpoint.update_url} answered HTTP 500 Internal Server Error: disk full", 500, "")
        return real_update(endpoint, text, label)

    monkeypatch.setattr(Endpoint, "update", refusing_third_batch)
    done = []
    with pytest.raises(ClusterKGError) as err:
        push(newer(graph), server.url, graph=target, batch_size=400, progress=lambda n, total: done.append(n))
    assert done == [1, 2]
    batches, update = -(-(len(graph) + 1) // 400), server.url[:-len("query")] + "update"
    assert str(err.value) == (f"push: batch 3 of {batches}: {update} answered HTTP 500 Internal Server Error: disk "
                              f"full; <{target}> was left as it was")
    assert triples_on(server.url, target) == local_triples(graph)
    assert staging_graphs(server.url) == {} and sent[-1] == "push: cleaning up"


def test_a_server_killed_mid_push_leaves_the_old_graph_whole(server, graph):
    target = G + "killed"
    push(graph, server.url, graph=target, progress=False)

    def kill_after_three(done, total):
        if done == 3:
            server.kill()

    with pytest.raises(ClusterKGError) as err:
        push(newer(graph), server.url, graph=target, batch_size=200, progress=kill_after_three, timeout=5)
    message = str(err.value)
    assert message.startswith(f"push: batch 4 of {-(-(len(graph) + 1) // 200)}: cannot reach the SPARQL endpoint")
    assert f"<{target}> was left as it was; the staging graph <{staging_prefix(target)}" in message
    server.start()
    assert triples_on(server.url, target) == local_triples(graph)
    assert list(staging_graphs(server.url).values()) == [3 * 200]  # the half-loaded copy, set aside and named
    report = push(newer(graph), server.url, graph=target, batch_size=200, progress=False)
    assert report.graphs == ((target, len(graph) + 1),) and report.cleared == ()  # too young to be anyone's leftover
    assert triples_on(server.url, target) == local_triples(newer(graph))


def test_staging_graphs_an_hour_old_are_dropped_by_the_next_push(server, graph):
    target = G + "stale"
    old = [staging_prefix(target) + "20200101T000000Z-0badcafe", staging_prefix(target) + "in-progress"]
    young = staging_prefix(target) + time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-12345678"
    for name in [*old, young]:
        Endpoint(server.url).update(f"INSERT DATA {{ GRAPH <{name}> {{ <urn:a> <urn:b> <urn:c> }} }}")
    report = push(graph, server.url, graph=target, progress=False)
    assert sorted(report.cleared) == sorted(old)
    assert staging_graphs(server.url) == {young: 1}


def test_a_paused_server_times_out_and_the_next_push_succeeds(server, graph):
    target = G + "paused"
    push(graph, server.url, graph=target, progress=False)

    def pause_after_one(done, total):
        if done == 1:
            server.pause()

    started = time.monotonic()
    try:
        with pytest.raises(ClusterKGError) as err:
            push(newer(graph), server.url, graph=target, batch_size=500, progress=pause_after_one, timeout=1)
        took = time.monotonic() - started
    finally:
        server.resume()
    message = str(err.value)
    batches = -(-(len(graph) + 1) // 500)
    assert message.startswith(f"push: batch 2 of {batches}: no answer from {server.url[:-5]}update within 1 s; "
                              f"<{target}> was left as it was; the staging graph <")
    assert "unknown" not in message and took < 5  # the batch and the clean-up, a second each
    assert triples_on(server.url, target) == local_triples(graph)
    push(newer(graph), server.url, graph=target, batch_size=500, progress=False)
    assert triples_on(server.url, target) == local_triples(newer(graph))


def test_a_move_answered_after_the_deadline_is_reported_as_unknown(server, graph):
    target = G + "late"
    base = server.url[: -len("/query")]
    with forwarding(base, after=lambda body: time.sleep(3) if b"MOVE GRAPH" in body else None) as proxy:
        result = run_cli("push", "--endpoint", proxy + "/query", "--graph", target, "--timeout", "1.5")
        assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr
        message = result.stderr
        assert f"push: replacing <{target}>: no answer from {proxy}/update within 1.5 s: the move was sent, so " \
               "whether it happened is unknown. Check with clusterkg query" in message
        assert "left as it was" not in message
        assert f"<{target}> with {len(graph)} triples and no staging graph means the push went through" in message
        check = shlex.split(message.split("Check with ", 1)[1].split("': <", 1)[0] + "'")
        assert check[:2] == ["clusterkg", "query"]
        checked = run_cli(*check[1:], "--format", "csv", "--no-labels")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.splitlines()[1:] == [f"{target},{len(graph)}"]  # it did go through: no staging graph left


def test_a_server_killed_as_the_move_goes_out_is_reported_as_unknown(server, graph):
    target = G + "killed-at-move"
    push(graph, server.url, graph=target, progress=False)
    base = server.url[: -len("/query")]

    def kill_at_move(body):
        if b"MOVE GRAPH" in body:
            server.kill()

    with forwarding(base, before=kill_at_move) as proxy:
        with pytest.raises(ClusterKGError) as err:
            push(newer(graph), proxy + "/query", graph=target, progress=False, timeout=5)
    message = str(err.value)
    assert message.startswith(f"push: replacing <{target}>: the connection to {proxy}/update broke before an answer")
    assert "the move was sent, so whether it happened is unknown. Check with clusterkg query" in message
    assert "left as it was" not in message
    server.start()
    assert triples_on(server.url, target) == local_triples(graph)  # here the move never reached the server
    assert list(staging_graphs(server.url).values()) == [len(graph) + 1]


def test_a_target_that_lost_triples_in_the_move_fails_the_push(server, graph):
    target = G + "lossy"
    base = server.url[: -len("/query")]

    def lose_some(body):  # the server "loses" three triples of the staging graph as it moves it, as Fuseki 4.5 did
        if b"MOVE GRAPH" in body:
            staging = body.decode().split("<", 1)[1].split(">", 1)[0]
            forward(base, "/update", {"Content-Type": "application/sparql-update"},
                    f"DELETE {{ GRAPH <{staging}> {{ ?s ?p ?o }} }} WHERE {{ {{ SELECT ?s ?p ?o WHERE {{ GRAPH "
                    f"<{staging}> {{ ?s ?p ?o }} }} LIMIT 3 }} }}".encode())

    with forwarding(base, before=lose_some) as proxy:
        result = run_cli("push", "--endpoint", proxy + "/query", "--graph", target)
    assert result.returncode == 2 and result.stdout == "", result.stdout
    assert result.stderr.strip() == (
        f"clusterkg push: error: push: after the move <{target}> holds {len(graph) - 3} triples, not the {len(graph)} "
        "sent: the graph on the server is not what was pushed (the server lost or merged triples, or another push "
        "replaced it since); push again")


def test_a_refused_move_says_what_the_target_holds(server, graph):
    target = G + "refused-move"
    push(graph, server.url, graph=target, progress=False)
    base = server.url[: -len("/query")]

    def respond(path, headers, body):
        if b"MOVE GRAPH" in body:
            return 500, {"Content-Type": "text/plain"}, b"Transaction aborted"
        return forward(base, path, headers, body)

    with answering(respond) as (proxy, _):
        with pytest.raises(ClusterKGError) as err:
            push(newer(graph), proxy + "/query", graph=target, progress=False)
    assert str(err.value) == (f"push: replacing <{target}>: {proxy}/update answered HTTP 500 Internal Server Error: "
                              f"Transaction aborted; <{target}> holds {len(graph)} triples")
    assert triples_on(server.url, target) == local_triples(graph) and staging_graphs(server.url) == {}


def test_two_pushes_at_once_leave_one_of_the_two_graphs_whole(server, graph):
    target = G + "raced"
    versions = {"a": newer(graph, 1), "b": newer(graph, 300)}
    start, outcome = threading.Barrier(2), {}

    def run(key):
        start.wait(10)
        try:
            outcome[key] = push(versions[key], server.url, graph=target, batch_size=150, progress=False, timeout=30)
        except ClusterKGError as exc:
            outcome[key] = exc

    threads = [threading.Thread(target=run, args=(key,)) for key in versions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    held = triples_on(server.url, target)
    lost = "this push lost and moved nothing"
    if all(isinstance(o, Exception) for o in outcome.values()):  # both claimed at once: both fail, say so
        assert all(lost in str(o) for o in outcome.values()) and held == set()
    else:
        assert held in (local_triples(versions["a"]), local_triples(versions["b"]))
        winner = "a" if held == local_triples(versions["a"]) else "b"
        assert not isinstance(outcome[winner], Exception)
        loser = outcome["b" if winner == "a" else "a"]
        if isinstance(loser, Exception):  # it found the other one moving: it moved nothing
            assert lost in str(loser)
    assert staging_graphs(server.url) == {}


def test_a_batch_too_large_even_at_the_floor_gives_up_with_the_servers_words(graph):
    sizes = []

    def respond(path, headers, body):
        text = body.decode()
        if text.startswith("query="):
            return 200, JSON, b'{"head":{"vars":["g"]},"results":{"bindings":[]}}'
        if text.startswith("INSERT DATA"):
            sizes.append(text.count("\n") - 1)
            message = b"Virtuoso 37000 Error SP031: SPARQL: Internal error: The length of generated SQL text has " \
                      b"exceeded 10000 lines of code"
            return 400, {"Content-Type": "text/plain"}, message
        return 200, {}, b""

    with answering(respond) as (base, _):
        with pytest.raises(ClusterKGError) as err:
            push(graph, base + "/sparql", progress=False, timeout=5)
    halves = [len(graph)]
    while halves[-1] // 2 > MIN_BATCH_SIZE:
        halves.append(halves[-1] // 2)
    assert sizes == [*halves, MIN_BATCH_SIZE]  # e.g. 2,102, 1,051, 525, 262, 131, 100
    assert "answered HTTP 400 Bad Request: Virtuoso 37000 Error SP031: SPARQL: Internal error: The length of " \
           "generated SQL text has exceeded 10000 lines of code (halved down to 100 triples a batch)" in str(err.value)


def test_blank_nodes_stay_one_node_each_across_batches(server):
    store = ox.Store()
    p, q = ox.NamedNode("https://example.org/p"), ox.NamedNode("https://example.org/q")
    for i in range(30):
        chain = [ox.BlankNode() for _ in range(3)]
        store.add(ox.Quad(ox.NamedNode(f"https://example.org/s{i}"), p, chain[0]))
        store.add(ox.Quad(chain[0], q, chain[1]))
        store.add(ox.Quad(chain[1], q, chain[2]))
        store.add(ox.Quad(chain[2], p, ox.Literal(f"end {i}")))
    report = push(KnowledgeGraph(store), server.url, graph=G + "blank", batch_size=5, progress=False)
    assert report.batches == 30  # a chain of four triples never split, never two chains in a batch of five
    rows = Endpoint(server.url, graph=G + "blank").select(
        "SELECT ?s ?end WHERE { ?s <https://example.org/p>/<https://example.org/q>/<https://example.org/q>/"
        "<https://example.org/p> ?end }", {}, "chains").rows
    assert sorted(r["end"].value for r in rows) == sorted(f"end {i}" for i in range(30))
