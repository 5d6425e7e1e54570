"""The one label service: how every surface names a resource, with one order of preference.

A resource's *label* is its ``rdfs:label``, else its ``skos:prefLabel`` (the least by text where it has
several of the same predicate); some things also have a *short name* (a cluster's ``grow:shortName``,
"EV and batteries") for where space is tight. An IRI with neither is shown by its prefixed name
(:func:`clusterkg.query.results.prefixed_name`). Query results (CLI, CSV, JSON, XML, xlsx, records, pandas),
the network, the views and the site's query pages all ask here, on a local store or a remote endpoint.
"""

from __future__ import annotations

import pyoxigraph as ox

from clusterkg.model.terms import GROW, RDFS_LABEL, SKOS
from clusterkg.query.sparql import sparql_term

LABEL_PREDICATES = (RDFS_LABEL, SKOS + "prefLabel")  # in order of preference
SHORT_NAME = GROW.shortName
LABEL_CHUNK = 500  # IRIs per label look-up query
_DEFAULT_GRAPH = ox.DefaultGraph()


def store_labels(store: ox.Store, subjects=None) -> dict[str, str]:
    """Subject -> its label, read from ``store`` (every labelled subject, or those in ``subjects``)."""
    best: dict[str, tuple[int, str]] = {}
    for rank, predicate in enumerate(LABEL_PREDICATES):
        for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None, _DEFAULT_GRAPH):
            subject = quad.subject.value
            if subjects is not None and subject not in subjects:
                continue
            candidate = (rank, quad.object.value)
            if subject not in best or candidate < best[subject]:
                best[subject] = candidate
    return {subject: text for subject, (_, text) in best.items()}


def lookup_names(engine, iris) -> tuple[dict[str, str], dict[str, str]]:
    """The labels and the short names of ``iris`` on ``engine`` (a local engine or an endpoint), in
    chunks of one query each."""
    labels: dict[str, str] = {}
    short: dict[str, str] = {}
    iris = sorted(iris)
    rank = {p: i for i, p in enumerate(LABEL_PREDICATES)}
    for start in range(0, len(iris), LABEL_CHUNK):
        chunk = " ".join(sparql_term(ox.NamedNode(i)) for i in iris[start:start + LABEL_CHUNK])
        # one constant predicate per branch: engines look each up in an index (Oxigraph scans the whole
        # graph for `VALUES ?p {...} ?s ?p ?label`: 2 s against 0.01 s at R = 100)
        branches = " UNION ".join(f"{{ ?s <{p}> ?label BIND(<{p}> AS ?p) }}" for p in (*LABEL_PREDICATES, SHORT_NAME))
        text = f"SELECT ?s ?p ?label WHERE {{ VALUES ?s {{ {chunk} }} {branches} }}"
        rows = engine.select(text, {}, "label lookup").rows
        for row in sorted(rows, key=lambda r: (rank.get(r["p"].value, len(rank)), r["label"].value)):
            found = short if row["p"].value == SHORT_NAME else labels
            found.setdefault(row["s"].value, row["label"].value)
    return labels, short


def lookup_labels(engine, iris) -> dict[str, str]:
    """The labels of ``iris`` on ``engine`` (see :func:`lookup_names`)."""
    return lookup_names(engine, iris)[0]
