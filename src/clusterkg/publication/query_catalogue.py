"""The stored queries published as data (``queries.ttl`` of a publication folder), the way SIB's
sparql-examples publish theirs: each query a ``sh:SPARQLExecutable`` (and ``sh:SPARQLSelectExecutable``,
``...AskExecutable`` or ``...ConstructExecutable``) whose ``sh:select``/``sh:ask``/``sh:construct``
holds the query text, with its summary as ``rdfs:label``, its description as ``rdfs:comment``, its tags
as ``schema:keywords`` and the SPARQL endpoint (when the settings name one) as ``schema:target``,
so that a portal or a SPARQL editor can list them.

The text is the stored query without its ``#+`` header (which the label, comment and keywords carry),
with its IRIs moved to the publication's base and ontology namespace. A query with params runs as it
is in any editor (a param only narrows the rows); each param is listed in the comment.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib.plugins.sparql.parser import parseQuery

from clusterkg.model.terms import ID
from clusterkg.rdfio import writers
from clusterkg.rdfio.rebase import Rebaser

SH = "http://www.w3.org/ns/shacl#"
SCHEMA = "https://schema.org/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCTERMS = "http://purl.org/dc/terms/"
# rdflib's parse of the query -> (SHACL class, property holding the text)
FORMS = {"SelectQuery": ("SPARQLSelectExecutable", "select"), "AskQuery": ("SPARQLAskExecutable", "ask"),
         "ConstructQuery": ("SPARQLConstructExecutable", "construct")}
PREFIXES = {"sh": SH, "schema": SCHEMA, "rdfs": RDFS, "dcterms": DCTERMS}


def query_text(text: str, rebaser: Rebaser) -> str:
    """The query without its ``#+`` header lines, its IRIs moved by ``rebaser``."""
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#+")).strip() + "\n"
    return rebaser.query_text(body)



def catalogue_quads(queries, rebaser: Rebaser, dataset: str, sparql_endpoint: str | None = None) -> list[ox.Quad]:
    """The triples describing ``queries`` (:class:`~clusterkg.query.catalogue.StoredQuery`)."""
    base = rebaser.iri(ID)
    quads = []

    def add(s, p, o):
        quads.append(ox.Quad(s, ox.NamedNode(p), o))

    for query in queries:
        form = parseQuery(query.text)[1].name
        if form not in FORMS:
            continue  # DESCRIBE has no SHACL executable class
        node = ox.NamedNode(f"{base}query/{query.name}")
        shacl_class, text_property = FORMS[form]
        add(node, RDF_TYPE.value, ox.NamedNode(SH + "SPARQLExecutable"))
        add(node, RDF_TYPE.value, ox.NamedNode(SH + shacl_class))
        add(node, RDFS + "label", ox.Literal(query.summary or query.name, language="en"))
        add(node, SH + text_property, ox.Literal(query_text(query.text, rebaser)))
        add(node, DCTERMS + "identifier", ox.Literal(query.name))
        add(node, DCTERMS + "isPartOf", ox.NamedNode(dataset))
        comment = query.description
        for param in query.params:
            comment += f" Param ?{param.name}: {param.description or param.type}."
        if comment.strip():
            add(node, RDFS + "comment", ox.Literal(comment.strip(), language="en"))
        for tag in query.tags:
            add(node, SCHEMA + "keywords", ox.Literal(tag))
        if sparql_endpoint:
            add(node, SCHEMA + "target", ox.NamedNode(sparql_endpoint))
    return quads


def catalogue_file(queries, rebaser: Rebaser, dataset: str, sparql_endpoint: str | None = None) -> bytes:
    """``queries.ttl``: the catalogue in Turtle, deterministic."""
    prefixes = dict(PREFIXES, query=rebaser.iri(ID) + "query/")
    return writers.serialize(catalogue_quads(queries, rebaser, dataset, sparql_endpoint), "turtle", prefixes=prefixes)
