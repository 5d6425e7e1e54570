"""Where the writers read a graph from, and the few questions they ask of it.

A pyoxigraph Store is asked through its SPARQL engine and indexes (:class:`StoreView`), so a large one
is never copied. Anything else (an RDF file, an rdflib graph, a pyoxigraph Dataset, pyoxigraph triples
and quads) is held in Python, indexed by graph and subject (:class:`MemoryView`); never in a new Store,
because a Store rewrites the typed literals it knows as they go in (see :func:`to_store`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from clusterkg.errors import ClusterKGError


def to_store(source) -> ox.Store | ox.Dataset:
    """``source`` as a pyoxigraph Store or Dataset that holds exactly its quads.

    ``source``: a pyoxigraph Store or Dataset (returned as it is); an RDF file (a path: its quads exactly
    as written, see :func:`file_quads`); an rdflib Graph (its triples, in the default graph) or Dataset /
    ConjunctiveGraph (named graphs kept); or an iterable of pyoxigraph Triples and Quads. Anything else
    becomes a new Dataset, not a new Store: a Store rewrites the typed literals
    it knows as they go in (measured, pyoxigraph 0.5.13: ``"123"^^xsd:byte`` becomes
    ``"123"^^xsd:integer``, ``"1.0E0"^^xsd:double`` becomes ``"1"``), and that would change the graph.
    rdflib terms are converted one by one, never through text; a term Oxigraph cannot hold raises
    :class:`ClusterKGError`.
    """
    if isinstance(source, (ox.Store, ox.Dataset)):
        return source
    return ox.Dataset(_quads(source))


def _quads(source) -> Iterator[ox.Quad]:
    """The quads of any :func:`to_store` source but a Store; :class:`ClusterKGError` for what is no graph."""
    if isinstance(source, ox.Dataset):
        return iter(source)
    if isinstance(source, str | os.PathLike):
        return iter(file_quads(source))
    if _is_rdflib(source):
        return _rdflib_quads(source)
    try:
        return _plain_quads(iter(source))
    except TypeError:
        raise ClusterKGError(f"cannot write {type(source).__name__}: not an RDF graph or store") from None


def file_quads(path, with_prefixes: bool = False):
    """The quads of the RDF file at ``path`` (format from its suffix) exactly as written; relative IRIs are
    resolved against the file's own ``file:`` URI, as rapper does. With ``with_prefixes``, also the prefixes
    it declares. A bad file raises :class:`clusterkg.errors.InputError` (one line naming it)."""
    from clusterkg.model.rdffiles import read_quads

    return read_quads(path, base_iri=Path(path).resolve().as_uri(), with_prefixes=with_prefixes)


def own_prefixes(source) -> list:
    """The namespace bindings of an rdflib graph, else none."""
    namespaces = getattr(source, "namespaces", None)
    return list(namespaces()) if callable(namespaces) else []


def shown(text: str, width: int = 80) -> str:
    """``text`` fit for a one-line message: at most ``width`` characters, anything unprintable escaped."""
    text = text if len(text) <= width else text[:width - 3] + "..."
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def _is_rdflib(source) -> bool:
    import rdflib

    return isinstance(source, rdflib.Graph)


def _plain_quads(items: Iterator) -> Iterator[ox.Quad]:
    for item in items:
        if isinstance(item, ox.Quad):
            yield item
        elif isinstance(item, ox.Triple):
            yield ox.Quad(item.subject, item.predicate, item.object)
        else:
            raise ClusterKGError(f"cannot write {shown(repr(item))}: not a pyoxigraph Triple or Quad")


def _rdflib_quads(graph) -> Iterator[ox.Quad]:
    """The quads of an rdflib graph as pyoxigraph quads (named graphs kept for a context-aware graph)."""
    from rdflib import BNode, Dataset, Literal, URIRef
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    made: dict = {}

    def term(t):
        found = made.get(t)
        if found is not None:
            return found
        try:
            if isinstance(t, URIRef):
                found = ox.NamedNode(t)
            elif isinstance(t, BNode):
                found = ox.BlankNode()
            elif isinstance(t, Literal):
                datatype = ox.NamedNode(t.datatype) if t.datatype and not t.language else None
                found = ox.Literal(str(t), language=t.language or None, datatype=datatype)
            else:
                raise ClusterKGError(f"cannot write {t!r}: not an RDF term")
        except ValueError as exc:
            raise ClusterKGError(f"cannot write {shown(t.n3())}: {exc}") from None
        made[t] = found
        return found

    if not graph.context_aware:
        for s, p, o in graph:
            yield ox.Quad(term(s), term(p), term(o))
        return
    default = ox.DefaultGraph()
    own_default = None  # a ConjunctiveGraph's default graph has a name of its own
    if not isinstance(graph, Dataset):
        own_default = getattr(getattr(graph, "default_context", None), "identifier", None)
    for s, p, o, g in graph.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)  # a Graph, or (rdflib.Dataset) its name
        is_default = name is None or name == DATASET_DEFAULT_GRAPH_ID or name == own_default
        yield ox.Quad(term(s), term(p), term(o), default if is_default else term(name))


# -- What the writers ask of a graph ----

_PREDICATES = "SELECT DISTINCT ?p WHERE { ?s ?p ?o }"


class StoreView:
    """A pyoxigraph Store (or one graph of it, read as the default graph), read through the store's own
    N-Triples writer and SPARQL engine, so that a large store is never copied into Python objects."""

    def __init__(self, store: ox.Store, graph=None):
        self.store, self.graph = store, graph
        self.scope = {"default_graph": graph} if graph is not None else {"use_default_graph_as_union": True}

    def named_graphs(self) -> list:
        return [] if self.graph is not None else list(self.store.named_graphs())

    def predicates(self) -> list:
        return [row[0] for row in self.store.query(_PREDICATES, **self.scope)]

    def graph_texts(self) -> Iterator[tuple]:
        """(graph name, its triples as N-Triples) for each graph, written by the store itself."""
        nt = ox.RdfFormat.N_TRIPLES
        if self.graph is not None:
            yield ox.DefaultGraph(), self.store.dump(format=nt, from_graph=self.graph)
            return
        for graph in [ox.DefaultGraph(), *self.store.named_graphs()]:
            yield graph, self.store.dump(format=nt, from_graph=graph)

    def __iter__(self) -> Iterator[ox.Quad]:
        if self.graph is None:
            return iter(self.store)
        return (ox.Quad(q.subject, q.predicate, q.object)
                for q in self.store.quads_for_pattern(None, None, None, self.graph))


class MemoryView:
    """Quads held in Python, indexed by graph (any source but a Store), each quad once.

    Filling a pyoxigraph Dataset cost about 10 µs a quad (measured, 0.5.13), several times this.
    """

    def __init__(self, quads: Iterable[ox.Quad]):
        self.index: dict = {}  # graph name -> set of quads
        for q in quads:
            self.index.setdefault(q.graph_name, set()).add(q)

    def named_graphs(self) -> list:
        return [g for g in self.index if not isinstance(g, ox.DefaultGraph)]

    def predicates(self) -> list:
        return list({q.predicate for quads in self.index.values() for q in quads})

    def graph_texts(self) -> Iterator[tuple]:
        """(graph name, its triples as N-Triples) for each graph."""
        for graph, quads in self.index.items():
            yield graph, ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES)

    def __iter__(self) -> Iterator[ox.Quad]:
        return (q for quads in self.index.values() for q in quads)


def quad_view(source) -> StoreView | MemoryView:
    """What the writers read ``source`` through (any :func:`to_store` source, or a view)."""
    if isinstance(source, (StoreView, MemoryView)):
        return source
    if isinstance(source, ox.Store):
        return StoreView(source)
    return MemoryView(_quads(source))
