"""Hostile cases, pushes: several pushes into one graph at once, on Oxigraph and on Virtuoso (real servers
on 127.0.0.1). Each time, the graph holds exactly one push's triples (or, when every push lost, what it
held before); a push that reports success pushed what the graph holds; every other one says it lost.
"""

from __future__ import annotations

import threading

import pytest
from rdflib import Graph, Literal, URIRef

from clusterkg import push
from clusterkg.errors import ClusterKGError
from clusterkg.remote.pushclaim import CLAIM, claim_graph
from tests.remote.test_remote import graphs_on, local_triples, triples_on
from tests.remote.test_virtuoso import PUSHER
from tests.servers import Oxigraph, Virtuoso

G = "https://example.org/hostile/raced"
LOST = "this push lost and moved nothing"


def version(tag: str, size: int) -> Graph:
    g = Graph()
    for i in range(size):
        g.add((URIRef(f"https://example.org/{tag}/{i}"), URIRef("https://example.org/p"), Literal(f"{tag}{i}")))
    return g


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    running = Oxigraph(tmp_path_factory.mktemp("oxigraph")).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    running = Virtuoso(tmp_path_factory.mktemp("virtuoso")).start()
    running.isql("DB.DBA.USER_CREATE('pusher', 'pw-Pusher-7')", 'GRANT SPARQL_UPDATE TO "pusher"')
    yield running
    running.stop()


def race(url: str, versions: dict, graph: str) -> dict:
    start, outcome = threading.Barrier(len(versions)), {}

    def run(key):
        start.wait(10)
        try:
            outcome[key] = push(versions[key], url, graph=graph, batch_size=200, progress=False, timeout=60)
        except ClusterKGError as exc:
            outcome[key] = exc

    threads = [threading.Thread(target=run, args=(key,)) for key in versions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    return outcome


def assert_one_whole(url: str, versions: dict, outcome: dict, before: set, graph: str) -> None:
    held = triples_on(url, graph)
    won = [key for key, o in outcome.items() if not isinstance(o, Exception)]
    for o in outcome.values():
        if isinstance(o, Exception):
            assert LOST in str(o) or "another push replaced it" in str(o), str(o)
    if not won:
        assert held == before
    else:
        assert held in [local_triples(versions[key]) for key in won]
    for key in won:  # a success is a push whose move no other push undid before it counted
        assert outcome[key].triples == len(versions[key])
    assert not [g for g in graphs_on(url) if "clusterkg-push" in g]
    assert triples_on(url, claim_graph(graph)) == set()


@pytest.mark.parametrize("trial", range(3))
def test_concurrent_pushes_into_one_graph_on_oxigraph_never_mix(oxigraph, trial):
    graph = f"{G}/{trial}"
    versions = {tag: version(tag, 400 + 37 * n) for n, tag in enumerate("abc")}
    outcome = race(oxigraph.url, versions, graph)
    assert_one_whole(oxigraph.url, versions, outcome, set(), graph)


def test_concurrent_pushes_over_an_existing_graph_on_oxigraph(oxigraph):
    graph = f"{G}/existing"
    push(version("old", 300), oxigraph.url, graph=graph, progress=False)
    before = local_triples(version("old", 300))
    versions = {tag: version(tag, 350 + n) for n, tag in enumerate("xy")}
    outcome = race(oxigraph.url, versions, graph)
    assert_one_whole(oxigraph.url, versions, outcome, before, graph)


def test_concurrent_pushes_into_one_graph_on_virtuoso_never_mix(virtuoso, monkeypatch):
    for key, value in PUSHER.items():
        monkeypatch.setenv(key, value)
    graph = f"{G}/virtuoso"
    versions = {tag: version(tag, 300 + 41 * n) for n, tag in enumerate("pq")}
    outcome = race(virtuoso.base + "/sparql-auth", versions, graph)
    assert_one_whole(virtuoso.url, versions, outcome, set(), graph)


def test_a_live_claim_makes_a_push_lose_and_a_stale_one_does_not(oxigraph):
    from clusterkg.remote.endpoint import SERVER_DEFAULT, Endpoint

    graph = f"{G}/claimed"
    ep = Endpoint(oxigraph.url, graph=SERVER_DEFAULT)
    claimed = claim_graph(graph)
    ep.update(f'INSERT DATA {{ GRAPH <{claimed}> {{ <{claimed}> <{CLAIM}> "29991231T000000Z-00000000" }} }}')
    with pytest.raises(ClusterKGError, match=LOST):
        push(version("z", 10), oxigraph.url, graph=graph, progress=False)
    assert triples_on(oxigraph.url, graph) == set()
    ep.update(f"DROP GRAPH <{claimed}>")
    ep.update(f'INSERT DATA {{ GRAPH <{claimed}> {{ <{claimed}> <{CLAIM}> "20000101T000000Z-00000000" }} }}')
    report = push(version("z", 10), oxigraph.url, graph=graph, progress=False)  # a killed push's, long ago
    assert report.triples == 10 and triples_on(oxigraph.url, claimed) == set()
