"""One label service (clusterkg.query.labels): rdfs:label, else skos:prefLabel, the least by text; short names apart."""

from __future__ import annotations

import pyoxigraph as ox

from clusterkg.model.terms import GROW, RDFS_LABEL, SKOS
from clusterkg.query.engine import LocalEngine
from clusterkg.query.labels import lookup_names, store_labels


def a_store() -> ox.Store:
    store = ox.Store()
    facts = [("urn:a", RDFS_LABEL, "beta"), ("urn:a", RDFS_LABEL, "alpha"), ("urn:a", SKOS + "prefLabel", "Aardvark"),
             ("urn:b", SKOS + "prefLabel", "only preferred"), ("urn:c", GROW.shortName, "short"),
             ("urn:c", RDFS_LABEL, "the long name of c")]
    store.extend(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.Literal(o)) for s, p, o in facts)
    return store


def test_rdfs_label_first_then_preflabel_the_least_by_text():
    assert store_labels(a_store()) == {"urn:a": "alpha", "urn:b": "only preferred", "urn:c": "the long name of c"}
    assert store_labels(a_store(), {"urn:b"}) == {"urn:b": "only preferred"}


def test_queries_name_things_as_the_store_scan_does():
    labels, short = lookup_names(LocalEngine(a_store()), ["urn:a", "urn:b", "urn:c", "urn:nameless"])
    assert labels == store_labels(a_store()) and short == {"urn:c": "short"}


def test_a_query_result_carries_the_same_names(real_store):
    from clusterkg import KnowledgeGraph

    kg = KnowledgeGraph(real_store)
    result = kg.query(sparql="SELECT ?l WHERE { ?l a grow:Lever }")
    assert result.labels == store_labels(real_store, result.iris())
