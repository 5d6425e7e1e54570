"""One prefix map (clusterkg.model.terms.PREFIXES) for --sparql, --file, #+ headers, /sparql of serve and endpoints."""

from __future__ import annotations

import json

from clusterkg.query.catalogue import parse_query
from clusterkg.query.sparql import with_prefixes
from clusterkg.web.queryworkers import QueryPool

GROW_NS = "https://w3id.org/wmgrowth/def#"
COUNT = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a grow:Cluster }"


def test_a_prefix_used_and_not_declared_is_declared_first():
    assert with_prefixes(COUNT) == f"PREFIX grow: <{GROW_NS}>\n" + COUNT


def test_a_declared_prefix_is_left_as_the_query_declares_it():
    text = "PREFIX grow: <urn:other#>\n" + COUNT
    assert with_prefixes(text) == text


def test_names_inside_strings_iris_and_comments_are_not_uses():
    text = 'SELECT ?x WHERE { ?x <urn:p> "grow:Cluster" } # grow:Lever'
    assert with_prefixes(text) == text


def test_unknown_prefixes_are_left_to_the_engine_to_refuse():
    assert with_prefixes("SELECT ?x WHERE { ?x a nope:Thing }") == "SELECT ?x WHERE { ?x a nope:Thing }"


def test_a_params_header_may_name_a_class_by_the_projects_prefixes():
    query = parse_query("#+ summary: levers\n#+ params: [{name: lever, type: iri, class: grow:Lever}]\n"
                        "SELECT ?lever WHERE { ?lever a grow:Lever }", "q")
    assert query.params[0].classes == (GROW_NS + "Lever",)


def test_the_sparql_endpoint_of_serve_knows_the_prefixes(real_store):
    pool = QueryPool(real_store, size=1, timeout=30, limit=1_000_000)
    try:
        outcome = pool.run(COUNT, "json")
    finally:
        pool.close()
    assert outcome.status == "ok", outcome.message
    [row] = json.loads(outcome.body)["results"]["bindings"]
    assert row["n"]["value"] == "8"  # the eight cluster profiles of data/profiles/
