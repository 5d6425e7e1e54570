"""Move the graph's IRIs to another base, so a portal can publish under its own domain.

Every IRI under the old base (default ``https://w3id.org/wmgrowth/``) moves to the new base. The
ontology (``https://w3id.org/wmgrowth/def``, its ``#`` terms and its ``/`` version IRIs) sits under
the same base but moves only when a new ontology namespace is given. IRIs written as literals
(``xsd:anyURI``, such as a SHACL ``sh:namespace``, and ``vann:preferredNamespaceUri``) move too.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD, Namespace

from .errors import ClusterKGError
from .vocab import BASE_IRI, ONTOLOGY_IRI

VANN = Namespace("http://purl.org/vocab/vann/")
_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


def check_iri(value: str, what: str, ends_with: tuple[str, ...] = ()) -> str:
    """``value`` if it is an absolute http(s) IRI ending in one of ``ends_with``; else a ClusterKGError."""
    value = str(value)
    if not _IRI.match(value):
        raise ClusterKGError(f"{what} '{value}' is not an absolute http(s) IRI")
    if ends_with and not value.endswith(ends_with):
        raise ClusterKGError(f"{what} '{value}' must end with {' or '.join(repr(e) for e in ends_with)}")
    return value


def ontology_document(namespace: str) -> str:
    """The ontology's own IRI for a term namespace: ``…/def#`` -> ``…/def``."""
    return namespace.rstrip("#/")


class Rebaser:
    """Maps IRIs from the old base and ontology to new ones (``None`` keeps them)."""

    def __init__(self, base_iri: str | None = None, ontology_iri: str | None = None,
                 old_base: str = BASE_IRI, old_ontology: str = ONTOLOGY_IRI):
        self.base = check_iri(base_iri, "base IRI", ("/",)) if base_iri else None
        self.ontology_ns = check_iri(ontology_iri, "ontology IRI", ("#", "/")) if ontology_iri else None
        self.old_base, self.old_ontology = old_base, ontology_document(old_ontology)

    def iri(self, iri: str) -> str:
        old = self.old_ontology
        if iri == old or iri.startswith((old + "#", old + "/")):
            if self.ontology_ns is None:
                return iri
            new = ontology_document(self.ontology_ns)
            if iri == old:
                return new
            rest = iri[len(old) + 1:]
            return (self.ontology_ns + rest) if iri[len(old)] == "#" else f"{new}/{rest}"
        if self.base is not None and iri.startswith(self.old_base):
            return self.base + iri[len(self.old_base):]
        return iri

    def term(self, term):
        if isinstance(term, URIRef):
            return URIRef(self.iri(str(term)))
        return term

    def graph(self, graph: Graph) -> Graph:
        out = Graph()
        for prefix, namespace in graph.namespaces():
            out.bind(prefix, self.iri(str(namespace)), override=True, replace=True)
        for s, p, o in graph:
            if isinstance(o, Literal) and (p == VANN.preferredNamespaceUri or o.datatype == XSD.anyURI):
                o = Literal(self.iri(str(o)), lang=o.language, datatype=o.datatype)
            out.add((self.term(s), self.term(p), self.term(o)))
        return out


def rebase(graph: Graph, base_iri: str | None = None, *, ontology_iri: str | None = None,
           old_base: str = BASE_IRI) -> Graph:
    """A copy of ``graph`` with every IRI under ``old_base`` moved under ``base_iri``.

    The ontology namespace moves only when ``ontology_iri`` (a namespace ending in ``#`` or ``/``)
    is given; ``graph`` itself is not changed.
    """
    return Rebaser(base_iri, ontology_iri, old_base=old_base).graph(graph)
