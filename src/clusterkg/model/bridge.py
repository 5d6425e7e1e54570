"""Terms and graphs between pyoxigraph (the engine) and rdflib (for whoever wants an rdflib Graph,
and for pySHACL). Conversion goes term by term, never through text."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from clusterkg.errors import ClusterKGError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib_term(term):
    """An Oxigraph term as an rdflib term; a plain string becomes a plain ``Literal`` (no datatype),
    as rdflib's parsers make it."""
    kind = type(term)
    if kind is ox.NamedNode:
        return URIRef(term.value)
    if kind is ox.Literal:
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    if kind is ox.BlankNode:
        return BNode(term.value)
    raise ClusterKGError(f"cannot hand {term!r} to rdflib")


def from_rdflib_term(term):
    """An rdflib term as an Oxigraph term (a ``ClusterKGError`` for what Oxigraph cannot hold)."""
    try:
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term)) if str(term).isalnum() else ox.BlankNode()
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None:
                return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term))
    except ValueError as exc:
        raise ClusterKGError(f"not a valid RDF term: {term!r} ({exc})") from None
    raise ClusterKGError(f"cannot store {term!r} in Oxigraph")


def to_rdflib(store: ox.Store, prefixes: dict | None = None) -> Graph:
    """The default graph of ``store`` as a new rdflib Graph, with ``prefixes`` bound."""
    graph = Graph()
    for prefix, namespace in (prefixes or {}).items():
        graph.bind(prefix, namespace, override=True, replace=True)
    convert = to_rdflib_term
    graph.addN((convert(q.subject), convert(q.predicate), convert(q.object), graph)
               for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    return graph


def from_rdflib(graph: Graph, store: ox.Store | None = None) -> ox.Store:
    """A store (new unless given) holding every triple of the rdflib ``graph`` (of a Dataset or
    ConjunctiveGraph: of all its graphs) in its default graph; a blank node keeps one Oxigraph blank node
    throughout."""
    store = ox.Store() if store is None else store
    blank: dict = {}

    def convert(term):
        if isinstance(term, BNode):
            if term not in blank:
                blank[term] = ox.BlankNode()
            return blank[term]
        return from_rdflib_term(term)

    triples = (((s, p, o) for s, p, o, _ in graph.quads((None, None, None, None)))  # type: ignore[attr-defined]
               if graph.context_aware else graph)
    store.extend(ox.Quad(convert(s), convert(p), convert(o)) for s, p, o in triples)  # a dataset: its union
    return store
