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

from .errors import ClusterKGError


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
    from .rdffiles import read_quads

    return read_quads(path, base_iri=Path(path).resolve().as_uri(), with_prefixes=with_prefixes)


def own_prefixes(source) -> list:
    """The namespace bindings of an rdflib graph, else none."""
    namespaces = getattr(source, "namespaces", None)
    return list(namespaces()) if callable(namespaces) else []


def has_blank(term) -> bool:
    """Whether ``term`` is a blank node or an RDF 1.2 triple term holding one (at any depth)."""
    if isinstance(term, ox.BlankNode):
        return True
    return isinstance(term, ox.Triple) and (has_blank(term.subject) or has_blank(term.object))


def quad_has_blank(quad: ox.Quad) -> bool:
    return has_blank(quad.subject) or has_blank(quad.object) or isinstance(quad.graph_name, ox.BlankNode)


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

_SUBJECTS = "SELECT DISTINCT ?s WHERE { ?s ?p ?o }"
_PREDICATES = "SELECT DISTINCT ?p WHERE { ?s ?p ?o }"
# quads that may hold a blank node (a triple term is then looked into with has_blank)
_BLANK_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o) || isTRIPLE(?o)) }"
_BLANK_QUADS = """SELECT ?s ?p ?o ?g WHERE {
  { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } FILTER(isBlank(?s) || isBlank(?o) || isTRIPLE(?o) || isBlank(?g)) }"""


class StoreView:
    """A pyoxigraph Store (or one graph of it, read as the default graph), asked through its SPARQL
    engine and indexes, so that a large store is never copied."""

    def __init__(self, store: ox.Store, graph=None):
        self.store, self.graph = store, graph
        self.scope = {"default_graph": graph} if graph is not None else {"use_default_graph_as_union": True}

    def named_graphs(self) -> list:
        return [] if self.graph is not None else list(self.store.named_graphs())

    def predicates(self) -> list:
        return [row[0] for row in self.store.query(_PREDICATES, **self.scope)]

    def subjects(self, graph) -> Iterator:
        """The subjects of ``graph`` (None: of all graphs)."""
        scope = self.scope if graph is None or self.graph is not None else {"default_graph": graph}
        return (row[0] for row in self.store.query(_SUBJECTS, **scope))

    def quads(self, subject, graph) -> Iterable[ox.Quad]:
        """The quads of ``subject`` in ``graph`` (None: in all graphs)."""
        if self.graph is None:
            return self.store.quads_for_pattern(subject, None, None, graph)
        return (ox.Quad(q.subject, q.predicate, q.object)
                for q in self.store.quads_for_pattern(subject, None, None, self.graph))

    def blank_quads(self) -> Iterator[ox.Quad]:
        """The quads that hold a blank node."""
        if self.graph is not None or not self.named_graphs():
            found = (ox.Quad(s, p, o) for s, p, o in self.store.query(_BLANK_TRIPLES, **self.scope))
        else:
            found = (ox.Quad(s, p, o, ox.DefaultGraph() if g is None else g)
                     for s, p, o, g in self.store.query(_BLANK_QUADS))
        return (q for q in found if quad_has_blank(q))

    def __iter__(self) -> Iterator[ox.Quad]:
        if self.graph is None:
            return iter(self.store)
        return (ox.Quad(q.subject, q.predicate, q.object)
                for q in self.store.quads_for_pattern(None, None, None, self.graph))


class MemoryView:
    """Quads held in Python, indexed by graph and subject in one pass (any source but a Store).

    Filling a pyoxigraph Dataset cost about 10 µs a quad (measured, 0.5.13), several times this.
    """

    def __init__(self, quads: Iterable[ox.Quad]):
        self.index: dict = {}  # graph name -> subject -> set of quads
        self.blank: list = []
        self.predicate_set: set = set()
        for q in quads:
            found = self.index.setdefault(q.graph_name, {}).setdefault(q.subject, set())
            if q not in found:
                found.add(q)
                self.predicate_set.add(q.predicate)
                if quad_has_blank(q):
                    self.blank.append(q)

    def named_graphs(self) -> list:
        return [g for g in self.index if not isinstance(g, ox.DefaultGraph)]

    def predicates(self) -> list:
        return list(self.predicate_set)

    def subjects(self, graph) -> Iterable:
        if graph is None:
            return {s for by_subject in self.index.values() for s in by_subject}
        return self.index.get(graph, {}).keys()

    def quads(self, subject, graph) -> Iterable[ox.Quad]:
        if graph is None:
            return [q for by_subject in self.index.values() for q in by_subject.get(subject, ())]
        return self.index.get(graph, {}).get(subject, ())

    def blank_quads(self) -> list:
        return self.blank

    def __iter__(self) -> Iterator[ox.Quad]:
        return (q for by_subject in self.index.values() for quads in by_subject.values() for q in quads)


def quad_view(source) -> StoreView | MemoryView:
    """What the writers read ``source`` through (any :func:`to_store` source, or a view)."""
    if isinstance(source, (StoreView, MemoryView)):
        return source
    if isinstance(source, ox.Store):
        return StoreView(source)
    return MemoryView(_quads(source))
