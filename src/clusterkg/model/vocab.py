"""The clusterkg vocabulary for rdflib users: ``GROW`` as an rdflib ``DefinedNamespace``.

The terms are those of :mod:`clusterkg.model.terms` (plain strings, for code that does not load rdflib); a
misspelt term fails at import time (``_fail = True``), and a test checks both against the ontology.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import ORG, DefinedNamespace  # noqa: F401 - ORG is re-exported

from clusterkg.model import terms
from clusterkg.model.terms import BASE_IRI, ONTOLOGY_IRI  # noqa: F401 - re-exported

ID = Namespace(terms.ID)
STATGEO = Namespace(terms.STATGEO)

GROW = type("GROW", (DefinedNamespace,), {
    "__doc__": "Terms of the clusterkg ontology, ``https://w3id.org/wmgrowth/def#``.",
    "__annotations__": dict.fromkeys(terms.GROW, URIRef),
    "_NS": Namespace(terms.ONTOLOGY_NS),
    "_fail": True,
})

SECTION_CLASSES = {section: URIRef(iri) for section, iri in terms.SECTION_CLASSES.items()}
SECTION_SEGMENTS = dict(terms.SECTION_SEGMENTS)
ENTITY_CLASSES = {kind: URIRef(iri) for kind, iri in terms.ENTITY_CLASSES.items()}
PLAN = URIRef(terms.PLAN)
SOURCE = URIRef(terms.SOURCE)
LEVER_SCHEME = URIRef(terms.LEVER_SCHEME)
BENCHMARK_SCHEME = URIRef(terms.BENCHMARK_SCHEME)


def cluster_iri(slug: str) -> URIRef:
    return URIRef(terms.cluster_iri(slug))


def growth_iri(slug: str) -> URIRef:
    return URIRef(terms.growth_iri(slug))


def statement_iri(slug: str, section: str, n: int) -> URIRef:
    return URIRef(terms.statement_iri(slug, section, n))


def place_iri(slug: str) -> URIRef:
    return URIRef(terms.place_iri(slug))


def entity_iri(kind: str, slug: str) -> URIRef:
    return URIRef(terms.entity_iri(kind, slug))


def lever_iri(slug: str) -> URIRef:
    return URIRef(terms.lever_iri(slug))


def benchmark_iri(slug: str) -> URIRef:
    return URIRef(terms.benchmark_iri(slug))
