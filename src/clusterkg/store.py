"""Where a graph's triples live: rdflib's in-memory store or an embedded Oxigraph store.

Both give an ordinary :class:`rdflib.Graph`; with ``store="oxigraph"`` (a subclass of the ``oxrdflib``
plugin's store) SPARQL runs in Oxigraph's engine and Turtle is parsed by Oxigraph's parser, which is one to
two orders of magnitude faster on the self-joins of the sharing queries (see benchmarks/README.md).
Query parameters (``initBindings``) work the same on both: for Oxigraph they are written into the
query as a ``VALUES`` block of escaped terms (:func:`clusterkg.remote.bind_values`, as for an
endpoint), since Oxigraph only substitutes variables that the query projects.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .errors import ClusterKGError

STORES = ("memory", "oxigraph")
DEFAULT_STORE = "oxigraph"
RDF_FORMATS = {"turtle": "TURTLE", "ntriples": "N_TRIPLES", "n3": "N3", "xml": "RDF_XML"}  # name -> pyoxigraph


def check_store(store: str) -> str:
    if store not in STORES:
        raise ClusterKGError(f"unknown store '{store}' (expected one of: {', '.join(STORES)})")
    return store


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@functools.cache
def _converters():
    """``(from_ox, to_ox)``: term converters, made once (rdflib and pyoxigraph load on first use)."""
    import pyoxigraph as ox
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    def uri(value: str):
        # URIRef(value) less its validity check (which costs more than the rest): Oxigraph only holds valid IRIs
        return str.__new__(URIRef, value)

    def plain(value: str):
        # Literal(value) for a plain string, less its parsing of the lexical form (eight times faster)
        literal = str.__new__(Literal, value)
        literal._language = literal._datatype = literal._ill_typed = None
        literal._value = value
        return literal

    probe, made = Literal("probe"), plain("probe")
    if any(getattr(probe, slot) != getattr(made, slot) for slot in Literal.__slots__):
        plain = Literal  # noqa: F811 - an rdflib whose literals hold more: build them its way

    def from_ox(term):
        """An Oxigraph term as an rdflib term; a plain string stays a plain ``Literal`` (no xsd:string
        datatype), as rdflib's parser and memory store have it, so terms compare equal across stores."""
        kind = type(term)
        if kind is ox.NamedNode:
            return uri(term.value)
        if kind is ox.Literal:
            if term.language:
                return Literal(term.value, lang=term.language)
            datatype = term.datatype.value
            return plain(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=uri(datatype))
        if kind is ox.BlankNode:
            return BNode(term.value)
        if term is None:
            return None
        if kind is ox.Triple:
            return from_ox(term.subject), from_ox(term.predicate), from_ox(term.object)
        raise ClusterKGError(f"unexpected Oxigraph term {term!r}")

    def to_ox(term):
        """An rdflib term (or a graph, for its name) as an Oxigraph term; None stays None (a wildcard)."""
        if term is None:
            return None
        if isinstance(term, Graph):
            term = term.identifier
        if term == DATASET_DEFAULT_GRAPH_ID:
            return ox.DefaultGraph()
        if isinstance(term, URIRef):
            return ox.NamedNode(term)
        if isinstance(term, BNode):
            return ox.BlankNode(term)
        if isinstance(term, Literal):
            return ox.Literal(term, language=term.language,
                              datatype=ox.NamedNode(term.datatype) if term.datatype else None)
        raise ClusterKGError(f"cannot store {term!r} in Oxigraph")

    return from_ox, to_ox


@functools.cache
def _oxigraph_store_class():
    try:
        import pyoxigraph as ox
        from oxrdflib import OxigraphStore
    except ImportError:  # pragma: no cover - dependencies of the package
        raise ClusterKGError("the oxigraph store needs the oxrdflib package (pip install oxrdflib)") from None
    from rdflib import Graph, URIRef
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
    from rdflib.query import Result
    from rdflib.term import Node, Variable

    _from_ox, _to_ox = _converters()

    class Store(OxigraphStore):
        """oxrdflib's store with plain string literals, a context graph made once per graph name, and
        ``initBindings`` for any variable (Oxigraph itself only substitutes projected ones)."""

        def __init__(self):
            super().__init__()
            self._contexts: dict = {}

        def _context(self, name) -> Graph:
            graph = self._contexts.get(name)
            if graph is None:
                identifier = _from_ox(name) if not isinstance(name, ox.DefaultGraph) else None
                graph = self._contexts[name] = Graph(store=self, identifier=identifier or DATASET_DEFAULT_GRAPH_ID)
            return graph

        def triples(self, triple_pattern, context=None):
            s, p, o = triple_pattern
            try:
                quads = self._inner.quads_for_pattern(_to_ox(s), _to_ox(p), _to_ox(o), _to_ox(context))
            except (TypeError, ValueError, ClusterKGError):
                return iter(())  # a pattern no stored triple can match (e.g. a literal subject)
            # an IRI of the pattern is returned as given (the stored one is the same); the rest is converted
            keep_o = isinstance(o, URIRef)
            return (((s if s is not None else _from_ox(q.subject), p if p is not None else _from_ox(q.predicate),
                      o if keep_o else _from_ox(q.object)), iter((self._context(q.graph_name),))) for q in quads)

        def query(self, query, initNs, initBindings, queryGraph, **kwargs):  # noqa: N803
            if not isinstance(query, str) or kwargs:
                raise NotImplementedError  # rdflib then evaluates it itself, over this store
            if initBindings:
                from .remote import bind_values  # the same VALUES block an endpoint gets
                query = bind_values(query, {str(k): v for k, v in initBindings.items()})
            found = self._inner.query(
                query, use_default_graph_as_union=queryGraph == "__UNION__",
                default_graph=_to_ox(queryGraph) if isinstance(queryGraph, Node) else None,
                prefixes={k: str(v) for k, v in dict(self._namespace_for_prefix, **initNs).items()})
            if isinstance(found, ox.QueryBoolean):
                result = Result("ASK")
                result.askAnswer = bool(found)
            elif isinstance(found, ox.QuerySolutions):
                names = [v.value for v in found.variables]
                rows = [{n: _from_ox(value) for n, value in zip(names, solution) if value is not None}
                        for solution in found]
                result = Result("SELECT")
                result.vars = [Variable(n) for n in names]
                result.rows_by_name = rows  # what clusterkg's query API reads, without a second pass
                result.bindings = ({Variable(k): v for k, v in row.items()} for row in rows)  # when rdflib asks
            else:
                result = Result("CONSTRUCT")
                result.graph = Graph()
                result.graph += (_from_ox(t) for t in found)
            return result

    return Store


def open_graph(source=None, store: str = DEFAULT_STORE, format: str = "turtle"):
    """A graph on ``store`` ("memory" or "oxigraph"), holding ``source`` if given.

    ``source`` is a path to an RDF file (``format``: turtle, ntriples, ...), the file's bytes, or an
    rdflib Graph to copy. The graph has the project's prefixes bound either way.
    """
    from rdflib import Graph

    from .graph import bind_prefixes

    check_store(store)
    from_ox, to_ox = _converters()
    graph = Graph(store=_oxigraph_store_class()()) if store == "oxigraph" else Graph()
    bind_prefixes(graph)
    if source is None:
        return graph
    if isinstance(source, Graph):
        if store == "memory":
            graph += source
            return graph
        # Through N-Triples: twice as fast as adding the triples one by one through the plugin.
        source, format = source.serialize(format="nt", encoding="utf-8"), "ntriples"
    # Oxigraph's parser for both stores: it fills an Oxigraph store in one step and, for the memory
    # store, is still about 1.5 times faster than rdflib's own Turtle parser.
    import pyoxigraph as ox

    if format not in RDF_FORMATS:
        raise ClusterKGError(f"unknown RDF format '{format}' (expected one of: {', '.join(RDF_FORMATS)})")
    args = {"format": getattr(ox.RdfFormat, RDF_FORMATS[format])}
    if isinstance(source, (bytes, bytearray)):
        args["input"], where = bytes(source), ""
    else:
        path = Path(source)
        if not path.is_file():
            raise ClusterKGError(f"{path}: no such file")
        args["path"], where = str(path), f"{path}: "
    try:
        if store == "oxigraph":
            graph.store._inner.load(**args, to_graph=to_ox(graph))
        else:
            graph.addN((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object), graph)
                       for t in ox.parse(**args))
    except SyntaxError as exc:
        raise ClusterKGError(f"{where}not valid {format}: {exc}") from None
    return graph


def load_turtle(path, store: str = DEFAULT_STORE):
    """The Turtle file at ``path`` as a graph on ``store``."""
    return open_graph(path, store=store, format="turtle")


def store_name(graph) -> str:
    """"oxigraph" or "memory": which kind of store ``graph`` lives in."""
    try:
        from oxrdflib import OxigraphStore
    except ImportError:  # pragma: no cover
        return "memory"
    return "oxigraph" if isinstance(graph.store, OxigraphStore) else "memory"
