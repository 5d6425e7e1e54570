"""The store option: the same graph and the same answers on rdflib's memory store and on Oxigraph."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

import clusterkg
from clusterkg.errors import ClusterKGError
from clusterkg.queries import list_queries, query
from clusterkg.store import DEFAULT_STORE, STORES, load_turtle, open_graph, store_name

ID = "https://w3id.org/wmgrowth/id/"
GROW = "https://w3id.org/wmgrowth/def#"
SHARED_ENTITIES = {  # entity -> the clusters it is involved in (worked out by hand from the page)
    "organisation/wmg": {"electric-light-vehicles-batteries", "low-carbon-utilities"},
    "asset/east-midlands-airport": {"aerospace", "logistics-distribution"},
    "programme/business-and-tourism-programme": {"health-tech-med-tech", "professional-financial-services"},
    "event/commonwealth-games": {"professional-financial-services", "creative-content-gaming"},
    "programme/west-midlands-co-invest-fund": {"professional-financial-services", "creative-content-gaming"},
    "organisation/west-midlands-combined-authority": {"creative-content-gaming", "future-housing"},
}
SELF_JOIN = f"""PREFIX grow: <{GROW}>
SELECT ?entity (GROUP_CONCAT(DISTINCT STR(?cluster); separator=" ") AS ?clusters) WHERE {{
  ?cluster grow:involves ?entity . ?other grow:involves ?entity . FILTER(?cluster != ?other)
}} GROUP BY ?entity"""


@pytest.fixture(scope="module")
def turtle(graph, tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "graph.ttl"
    clusterkg.export(graph, path)
    return path


@pytest.fixture(scope="module")
def stores(turtle):
    return {store: open_graph(turtle, store=store) for store in STORES}


def _values(graph) -> set:
    """Triples with each literal as its value: Oxigraph keeps every value but writes decimals in their
    canonical form ("850000000", not "850000000.0") and stores the integer subtypes (our
    xsd:positiveInteger line numbers and positions) as xsd:integer."""
    def value(o):
        if not isinstance(o, Literal):
            return o
        datatype = XSD.integer if o.datatype == XSD.positiveInteger else o.datatype
        return (o.toPython(), datatype, o.language)
    return {(s, p, value(o)) for s, p, o in graph}


@pytest.mark.parametrize("store", STORES)
def test_turtle_loads_into_each_store_with_every_triple(store, stores, graph):
    assert store_name(stores[store]) == store
    assert len(stores[store]) == len(graph)
    assert _values(stores[store]) == _values(graph)


def test_memory_store_keeps_every_literal_as_written(stores, graph):
    assert set(stores["memory"]) == set(graph)


def test_oxigraph_changes_only_decimal_forms_and_integer_subtypes(stores, graph):
    changed = set(graph) - set(stores["oxigraph"])
    assert {p.split("#")[-1] for _, p, _ in changed} == {"sourceLine", "position", "minOutputGBP", "maxOutputGBP"}
    assert len(changed) == sum(1 for _, _, o in graph if getattr(o, "datatype", None) in (XSD.positiveInteger,
                                                                                             XSD.decimal))


@pytest.mark.parametrize("store", STORES)
def test_an_rdflib_graph_copies_into_each_store(store, graph):
    size = len(graph)
    copy = open_graph(graph, store=store)
    assert _values(copy) == _values(graph)
    assert len(graph) == size  # the fixture graph is untouched


def test_load_turtle_uses_the_default_store(turtle):
    assert DEFAULT_STORE == "oxigraph"
    assert store_name(load_turtle(turtle)) == "oxigraph"
    assert store_name(Graph()) == "memory"


@pytest.mark.parametrize("store", STORES)
def test_project_prefixes_are_bound(store):
    prefixes = dict(open_graph(store=store).namespaces())
    assert str(prefixes["grow"]) == GROW and str(prefixes["cluster"]) == ID + "cluster/"


@pytest.mark.parametrize("store", STORES)
def test_sharing_self_join_finds_the_six_shared_entities(store, stores):
    rows = stores[store].query(SELF_JOIN)
    found = {str(r.entity)[len(ID):]: {c[len(ID + "cluster/"):] for c in str(r.clusters).split()} for r in rows}
    assert found == SHARED_ENTITIES


@pytest.mark.parametrize("store", STORES)
def test_bindings_of_a_variable_the_query_does_not_select(store, stores):
    text = f"PREFIX grow: <{GROW}> SELECT ?e WHERE {{ ?c grow:involves ?e }} ORDER BY ?e"
    rows = stores[store].query(text, initBindings={"c": URIRef(ID + "cluster/aerospace")})
    assert [str(r.e)[len(ID):] for r in rows] == [
        "asset/birmingham-airport", "asset/east-midlands-airport", "organisation/midlands-aerospace-alliance"]


@pytest.mark.parametrize("store", STORES)
def test_a_bound_value_cannot_change_the_query(store, stores, graph):
    text = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s WHERE { ?s rdfs:label ?name }"
    for value in ('x"} ; DROP ALL', "x' } UNION { ?s ?p ?o", "Aerospace (including manufacturing alternative fuels)"):
        rows = list(stores[store].query(text, initBindings={"name": Literal(value)}))
        assert rows == ([] if value.startswith("x") else [(URIRef(ID + "cluster/aerospace"),)])
    assert len(stores[store]) == len(graph)


_VALUES = {"cluster": "aerospace", "place": "E08000025", "lever": "future-skills-pathway", "entity": "wmg"}
@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_stored_query_gives_the_same_rows_on_both_stores(name, stores):
    stored = next(q for q in list_queries() if q.name == name)
    params = {p.name: _VALUES.get(p.name, p.default) for p in stored.params}
    memory = query(stores["memory"], name=name, params=params)
    oxigraph = query(stores["oxigraph"], name=name, params=params)
    assert memory.variables == oxigraph.variables
    assert memory.rows, f"{name} gives no rows on the real data"
    assert oxigraph.to_records() == memory.to_records()


def test_unknown_store_is_a_clear_error(turtle):
    with pytest.raises(ClusterKGError, match="unknown store 'sqlite' \\(expected one of: memory, oxigraph\\)"):
        open_graph(turtle, store="sqlite")


@pytest.mark.parametrize("store", STORES)
def test_broken_turtle_names_the_file_and_line(store, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix x: <http://example.org/> .\nx:a x:b x:c .\nx:a x:b ;; x:c .\nx:d x:e x:f .\n",
                   encoding="utf-8")
    with pytest.raises(ClusterKGError, match=r"bad\.ttl: not valid turtle: .*line 3"):
        open_graph(bad, store=store)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ClusterKGError, match="no such file"):
        load_turtle(tmp_path / "nothing.ttl")


SUBSELECTS = {  # query -> clusters it gives with ?c bound to aerospace and to logistics-distribution
    "plain": ("SELECT ?c WHERE { SELECT ?c WHERE { ?c a grow:Cluster } }", ["aerospace"]),
    "nested": ("SELECT * WHERE { SELECT * { SELECT ?c WHERE { ?c a grow:Cluster } } }", ["aerospace"]),
    # the first cluster by IRI is aerospace: binding ?c outside the LIMIT keeps the sub-select's answer
    "limit": ("SELECT ?c WHERE { SELECT ?c WHERE { ?c a grow:Cluster } ORDER BY ?c LIMIT 1 }", ["aerospace"]),
    "group": ("SELECT ?c WHERE { SELECT ?c (COUNT(?l) AS ?n) WHERE { ?c grow:usesLever ?l } GROUP BY ?c }",
              ["aerospace"]),
}


@pytest.mark.parametrize("case", SUBSELECTS)
def test_bindings_join_a_bare_sub_select_as_if_outside_it(stores, case):
    # Oxigraph (and an endpoint) get the VALUES block; rdflib's own engine binds the variable before it
    # evaluates anything, so on the memory store the "limit" case gives logistics-distribution too
    text, expected = SUBSELECTS[case]
    text = f"PREFIX grow: <{GROW}> " + text
    for slug, found in (("aerospace", expected), ("logistics-distribution", [] if case == "limit" else None)):
        rows = list(stores["oxigraph"].query(text, initBindings={"c": URIRef(ID + "cluster/" + slug)}))
        assert [str(r.c)[len(ID + "cluster/"):] for r in rows] == (found if found is not None else [slug])


def test_a_values_block_goes_inside_a_sub_select_only_where_it_means_the_same():
    from clusterkg.remote import bind_values

    aerospace = URIRef(ID + "cluster/aerospace")
    inside = {"plain": True, "nested": True, "limit": False, "group": False}
    for case, (text, _) in SUBSELECTS.items():
        bound = bind_values(text, {"c": aerospace})
        # pushed down: the block sits just after the innermost WHERE's brace, before the patterns
        assert (f"{{ VALUES (?c) {{ (<{aerospace}>) }}  ?c a grow:Cluster" in bound
                or f"{{ VALUES (?c) {{ (<{aerospace}>) }}  ?c grow:usesLever" in bound) is inside[case], case
    assert bind_values("SELECT ?n WHERE { SELECT (COUNT(?c) AS ?n) WHERE { ?c ?p ?o } }", {"c": aerospace}) \
        .startswith(f"SELECT ?n WHERE {{ VALUES (?c) {{ (<{aerospace}>) }} {{ ")


def test_plain_literals_from_oxigraph_are_rdflib_literals_in_every_way(stores):
    import pyoxigraph

    from clusterkg.store import _converters

    from_ox, _ = _converters()
    for text in ("Birmingham", "", "a \"quoted\" line\nand ünïcode", "12"):
        made, expected = from_ox(pyoxigraph.Literal(text)), Literal(text)
        assert type(made) is Literal and made == expected and made.eq(expected) and hash(made) == hash(expected)
        assert (made.value, made.language, made.datatype, made.n3(), made.toPython()) == \
               (expected.value, expected.language, expected.datatype, expected.n3(), expected.toPython())
    label = stores["oxigraph"].value(URIRef(ID + "cluster/aerospace"),
                                     URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
    assert label == Literal("Aerospace (including manufacturing alternative fuels)")
