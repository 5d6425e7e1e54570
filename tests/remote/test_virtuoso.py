"""OpenLink Virtuoso 7 (Debian's), started on 127.0.0.1 from a temporary folder and stopped by its PID.

A publisher's setup: the anonymous /sparql endpoint reads; a user with the SPARQL_UPDATE role pushes
through /sparql-auth with Digest auth. Every stored query and check gives the same rows, by value,
on rdflib's engine, Oxigraph and Virtuoso; a batch Virtuoso finds too large is halved.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from rdflib import Literal as RdfLiteral
from rdflib import URIRef

import clusterkg
from clusterkg import KnowledgeGraph, push
from clusterkg.errors import ClusterKGError
from clusterkg.model.rdffiles import load_file
from clusterkg.query.catalogue import get_query
from clusterkg.query.params import bind_params
from clusterkg.query.results import NUMERIC_TYPES
from clusterkg.query.sparql import bind_values
from clusterkg.remote.endpoint import DATASET_IRI, Endpoint
from clusterkg.resources import ontology_file
from tests.conftest import run_cli
from tests.remote.test_remote import SAMPLE_PARAMS, local_triples, one_line_error, triples_on
from tests.servers import Virtuoso
from tests.sparqlclient import same_rows_as_the_cli

GROW, ID = "https://w3id.org/wmgrowth/def#", "https://w3id.org/wmgrowth/id/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
CHECKS_GRAPH = "https://example.org/virtuoso/checks"
PUSHER = {"CLUSTERKG_ENDPOINT_USER": "pusher", "CLUSTERKG_ENDPOINT_PASSWORD": "pw-Pusher-7",
          "CLUSTERKG_ENDPOINT_AUTH": "digest"}


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso")).start()
    server.isql("DB.DBA.USER_CREATE('pusher', 'pw-Pusher-7')", 'GRANT SPARQL_UPDATE TO "pusher"',
                "DB.DBA.USER_CREATE('reader', 'pw-Reader-7')", 'GRANT SPARQL_SELECT TO "reader"')
    yield server
    server.stop()


@pytest.fixture
def as_pusher(monkeypatch):
    for key, value in PUSHER.items():
        monkeypatch.setenv(key, value)


@pytest.fixture(scope="module")
def damaged():
    """The real graph with the ontology, broken so that every check finds something."""
    store = KnowledgeGraph.from_data().store
    load_file(ontology_file(), store=store)
    n = ox.NamedNode

    def first(pattern):
        return next(iter(store.query(pattern)))

    for q in list(store.quads_for_pattern(n(ID + "cluster/aerospace"), n(GROW + "usesLever"), None)):
        store.remove(q)
    for q in list(store.quads_for_pattern(n(ID + "cluster/logistics-distribution"), n(GROW + "locatedIn"), None)):
        store.remove(q)
    led = first(f"SELECT ?c ?e WHERE {{ ?c <{GROW}ledBy> ?e }}")
    store.remove(ox.Quad(led["c"], n(GROW + "involves"), led["e"]))
    stranger = first(f"SELECT ?e WHERE {{ ?e a <{GROW}Organisation> FILTER NOT EXISTS {{ "
                     f"<{ID}cluster/future-housing> <{GROW}involves> ?e }} }} ORDER BY ?e")["e"]
    store.add(ox.Quad(n(ID + "cluster/future-housing"), n(GROW + "involves"), stranger))
    place = n(ID + "place/walsall")
    for q in list(store.quads_for_pattern(place, n(RDFS_LABEL), None)):
        store.remove(q)
    statement = first(f"SELECT ?s WHERE {{ ?s a <{GROW}Driver> ; <{GROW}sourceLine> ?l }} ORDER BY ?s")["s"]
    for q in list(store.quads_for_pattern(statement, n(GROW + "sourceLine"), None)):
        store.remove(q)
    store.add(ox.Quad(statement, n(GROW + "notATerm"), ox.Literal("x")))
    store.add(ox.Quad(statement, n(GROW + "mentions"), n(ID + "organisation/nobody")))
    # the checks of i26: Coventry Airport also named "Coventry", the place's label (shared-name-violation), and
    # sited at Wyre Forest, which no bullet mentions with it (site-without-statement-violation)
    airport = n(ID + "asset/coventry-airport")
    coventry = first(f"SELECT ?l WHERE {{ <{ID}place/coventry> <{RDFS_LABEL}> ?l }}")["l"]
    store.add(ox.Quad(airport, n("http://www.w3.org/2004/02/skos/core#altLabel"), coventry))
    store.add(ox.Quad(airport, n(GROW + "sitedAt"), n(ID + "place/wyre-forest")))
    return KnowledgeGraph(store)


@pytest.fixture(scope="module")
def pushed(virtuoso, damaged):
    """The real graph in the dataset graph and the damaged one beside it, pushed as a publisher would."""
    with pytest.MonkeyPatch.context() as mp:
        for key, value in PUSHER.items():
            mp.setenv(key, value)
        url = virtuoso.base + "/sparql-auth"
        report = push(KnowledgeGraph.from_data(), url, batch_size=1000, progress=False)
        assert report.graphs == ((DATASET_IRI, len(KnowledgeGraph.from_data())),)
        push(damaged, url, graph=CHECKS_GRAPH, progress=False)
    return virtuoso


# -- Grants and auth ----

def test_the_anonymous_endpoint_may_not_write(virtuoso):
    result = run_cli("push", "--endpoint", virtuoso.url, "--graph", "https://example.org/virtuoso/anonymous")
    one_line_error(result, "answered HTTP 500 SPARQL Request Failed: Virtuoso 42000 Error SR186:SECURITY: No "
                   "permission to execute procedure", "the user needs the SPARQL_UPDATE role",
                   "<https://example.org/virtuoso/anonymous> was left as it was")
    assert "INSERT DATA" not in result.stderr  # Virtuoso's copy of the query is left out


def test_a_user_without_the_grant_may_not_write_through_sparql_auth(virtuoso):
    env = dict(PUSHER, CLUSTERKG_ENDPOINT_USER="reader", CLUSTERKG_ENDPOINT_PASSWORD="pw-Reader-7")
    result = run_cli("push", "--endpoint", virtuoso.base + "/sparql-auth", env=env)
    one_line_error(result, "SR186", "the user needs the SPARQL_UPDATE role")
    assert "pw-Reader-7" not in result.stderr


def test_a_wrong_password_is_one_line_and_never_shown(virtuoso):
    env = dict(PUSHER, CLUSTERKG_ENDPOINT_PASSWORD="not-the-password")
    result = run_cli("push", "--endpoint", virtuoso.base + "/sparql-auth", env=env)
    one_line_error(result, "answered HTTP 401", "the server refused the digest auth of CLUSTERKG_ENDPOINT_USER")
    assert "not-the-password" not in result.stderr + result.stdout


def test_push_through_sparql_auth_stores_the_graph_exactly_and_again(pushed, graph, as_pusher):
    assert triples_on(pushed.url, DATASET_IRI) == local_triples(graph)
    target = "https://example.org/virtuoso/twice"
    for _ in range(2):
        result = run_cli("push", "--endpoint", pushed.base + "/sparql-auth", "--graph", target, "--batch-size", "700")
        assert result.returncode == 0, result.stderr
        batches = -(-len(graph) // 700)
        assert result.stdout.startswith(f"Pushed {len(graph)} triples in {batches} batches into <{target}>")
    assert triples_on(pushed.url, target) == local_triples(graph)
    assert Endpoint(pushed.url).named_graphs(target) == [target]  # no staging graph (target#clusterkg-push-...) left


def test_a_batch_too_large_for_virtuoso_is_halved(pushed, as_pusher):
    store = ox.Store()
    for i in range(12000):
        store.add(ox.Quad(ox.NamedNode(f"https://example.org/big/s{i}"), ox.NamedNode(f"https://example.org/p{i % 7}"),
                          ox.Literal(f"value number {i}")))
    seen = []
    report = push(store, pushed.base + "/sparql-auth", graph="https://example.org/virtuoso/big", batch_size=5000,
                  progress=lambda done, total: seen.append((done, total)))
    assert report.graphs == (("https://example.org/virtuoso/big", 12000),)
    assert seen == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]  # 5,000 refused (SP030), then 2,500 a batch
    with pytest.raises(ClusterKGError, match=r"sent 1000[01] of its 12000 triples .*ResultSetMaxRows"):
        KnowledgeGraph.from_endpoint(pushed.url, graph="https://example.org/virtuoso/big").store  # noqa: B018
    with pytest.raises(ClusterKGError, match="cut its answer at 10000 rows .*ResultSetMaxRows"):
        clusterkg.query(pushed.url, graph="https://example.org/virtuoso/big", sparql="SELECT * WHERE { ?s ?p ?o }")


@pytest.mark.parametrize("name", [q.name for q in clusterkg.list_queries()])
def test_every_stored_query_gives_the_same_csv_and_table_as_locally(pushed, real, name):
    local = real[0].query(name, params=SAMPLE_PARAMS.get(name))
    remote = KnowledgeGraph.from_endpoint(pushed.url).query(name, params=SAMPLE_PARAMS.get(name))
    assert remote.format("csv") == local.format("csv")
    assert remote.format("table", width=120) == local.format("table", width=120)


def test_ask_reads_virtuosos_answer_as_a_boolean(pushed):
    assert clusterkg.query(pushed.url, sparql=f"ASK {{ ?c a <{GROW}Cluster> }}").boolean is True
    assert clusterkg.query(pushed.url, sparql=f"ASK {{ ?c a <{GROW}Nothing> }}").boolean is False


def test_query_without_graph_reads_what_push_wrote(pushed):
    remote = run_cli("query", "shared-places", "--endpoint", pushed.url, "--format", "csv")
    local = run_cli("query", "shared-places", "--format", "csv")
    assert remote.returncode == 0 and remote.stdout == local.stdout and len(local.stdout.splitlines()) > 2


# -- The same rows on every engine ----

def by_value(term):
    """A term as a comparable value: IRIs by text, numbers as numbers, other literals by text."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode | URIRef):
        return ("iri", str(term.value if isinstance(term, ox.NamedNode) else term))
    if isinstance(term, ox.Literal | RdfLiteral):
        datatype = str(term.datatype.value if isinstance(term, ox.Literal) else term.datatype or "")
        text = term.value if isinstance(term, ox.Literal) else str(term)
        if datatype in NUMERIC_TYPES:
            return ("number", round(float(text), 9))
        return ("text", text, term.language or None)
    return ("blank",)


def rows_of(result) -> list[tuple]:
    return [tuple(by_value(row.get(v)) for v in result.variables) for row in result.rows]


def on_rdflib(rdf, text: str) -> tuple[list[str], list[tuple]]:
    found = rdf.query(text)
    names = [str(v) for v in found.vars]
    return names, [tuple(by_value(row[v]) for v in found.vars) for row in found]


def three_engines(kg: KnowledgeGraph, rdf, endpoint: Endpoint, stored, params) -> list:
    bindings = bind_params(stored, params, kg.engine)
    local = kg.engine.select(stored.text, bindings, stored.label)
    remote = endpoint.select(stored.text, bindings, stored.label)
    names, rdflib_rows = on_rdflib(rdf, bind_values(stored.text, bindings))
    assert local.variables == remote.variables == names
    return [rows_of(local), rows_of(remote), rdflib_rows]


def same(stored, answers) -> None:
    ordered = re.search(r"\bORDER\s+BY\b", stored.text, re.IGNORECASE)
    first = answers[0] if ordered else sorted(answers[0], key=repr)
    for other in answers[1:]:
        assert (other if ordered else sorted(other, key=repr)) == first


@pytest.fixture(scope="module")
def real():
    kg = KnowledgeGraph.from_data()
    return kg, kg.rdflib()


@pytest.mark.parametrize("name", [q.name for q in clusterkg.list_queries()])
def test_every_stored_query_gives_the_same_rows_on_rdflib_oxigraph_and_virtuoso(pushed, real, name):
    kg, rdf = real
    answers = three_engines(kg, rdf, Endpoint(pushed.url), get_query(name), SAMPLE_PARAMS.get(name))
    assert len(answers[0]) > 0
    same(get_query(name), answers)


@pytest.mark.parametrize("name", [q.name for q in clusterkg.list_checks()])
def test_every_check_finds_the_same_faults_on_rdflib_oxigraph_and_virtuoso(pushed, damaged, name):
    answers = three_engines(damaged, damaged.rdflib(), Endpoint(pushed.url, graph=CHECKS_GRAPH), get_query(name), None)
    assert len(answers[0]) > 0  # the damage shows
    same(get_query(name), answers)


@pytest.mark.parametrize("name", [q.name for q in clusterkg.list_queries()])
def test_sparqlwrapper_gets_the_clis_rows_for_every_stored_query_as_its_file_stands(pushed, real, name):
    same_rows_as_the_cli(real[0], get_query(name), pushed.url, default_graph=DATASET_IRI)
