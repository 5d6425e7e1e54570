"""Move the graph's IRIs to another base, so a portal can publish under its own domain.

Every IRI under the old base (default ``https://w3id.org/wmgrowth/``) moves to the new base. The
ontology (``https://w3id.org/wmgrowth/def``, its ``#`` terms and its ``/`` version IRIs) sits under
the same base but moves only when a new ontology namespace is given. IRIs written as literals
(``xsd:anyURI``, such as a SHACL ``sh:namespace``, and ``vann:preferredNamespaceUri``) move too.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from clusterkg.model.terms import BASE_IRI, ONTOLOGY_IRI, XSD
from clusterkg.values import WEB, check_iri

_QUERY_IRI = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s\"{}|^`\\]*)>")  # an IRI in SPARQL text

VANN_NAMESPACE_URI = "http://purl.org/vocab/vann/preferredNamespaceUri"


def ontology_document(namespace: str) -> str:
    """The ontology's own IRI for a term namespace: ``…/def#`` -> ``…/def``."""
    return namespace.rstrip("#/")


class Rebaser:
    """Maps IRIs from the old base and ontology to new ones (``None`` keeps them)."""

    def __init__(self, base_iri: str | None = None, ontology_iri: str | None = None,
                 old_base: str = BASE_IRI, old_ontology: str = ONTOLOGY_IRI):
        self.base = check_iri(base_iri, "base IRI", schemes=WEB, ends_with=("/",)) if base_iri else None
        self.ontology_ns = (check_iri(ontology_iri, "ontology IRI", schemes=WEB, ends_with=("#", "/"))
                            if ontology_iri else None)
        self.old_base, self.old_ontology = old_base, ontology_document(old_ontology)

    @property
    def moves(self) -> bool:
        return self.base is not None or self.ontology_ns is not None

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

    def term(self, term, predicate=None):
        """``term`` moved: IRIs, and IRIs written as literals."""
        if isinstance(term, ox.NamedNode):
            moved = self.iri(term.value)
            return term if moved == term.value else ox.NamedNode(moved)
        if isinstance(term, ox.Literal) and (term.datatype.value == XSD + "anyURI"
                                             or (predicate is not None and predicate.value == VANN_NAMESPACE_URI)):
            moved = self.iri(term.value)
            return term if moved == term.value else ox.Literal(moved, datatype=term.datatype)
        return term

    def query_text(self, text: str) -> str:
        """SPARQL text with every ``<IRI>`` in it moved (prefixed names follow their moved PREFIX)."""
        return _QUERY_IRI.sub(lambda m: f"<{self.iri(m.group(1))}>", text)

    def quad(self, q: ox.Quad) -> ox.Quad:
        graph = q.graph_name
        return ox.Quad(self.term(q.subject), self.term(q.predicate), self.term(q.object, q.predicate),
                       graph if isinstance(graph, ox.DefaultGraph) else self.term(graph))

    def quads(self, quads):
        """``quads`` with their IRIs moved (a generator)."""
        if not self.moves:
            yield from quads
            return
        for q in quads:
            yield self.quad(q)

    def prefixes(self, prefixes: dict) -> dict:
        return {p: self.iri(ns) for p, ns in prefixes.items()}


def rebase_store(store: ox.Store, base_iri: str | None = None, *, ontology_iri: str | None = None,
                 old_base: str = BASE_IRI) -> ox.Store:
    """A new store with every IRI of ``store``'s default graph under ``old_base`` moved under ``base_iri``
    (the ontology namespace moves only with ``ontology_iri``). :func:`clusterkg.rebase` wraps it."""
    rebaser = Rebaser(base_iri, ontology_iri, old_base=old_base)
    moved = ox.Store()
    moved.bulk_extend(rebaser.quads(store.quads_for_pattern(None, None, None, ox.DefaultGraph())))
    return moved
