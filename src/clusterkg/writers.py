"""RDF writers: any graph, six formats, the same bytes every time.

Every format is written by a maintained serializer, pyoxigraph's, fed the triples in one order
(subject, then predicate, then object, by their N-Triples text) with blank nodes relabelled by
RDFC-1.0 (W3C RDF Dataset Canonicalization), so the same graph gives the same bytes in any process.
Where a format asks more, a little of our own code sits around it, each piece kept because a
measurement showed pyoxigraph's output alone changed or lost data (see :mod:`clusterkg.rdfxml` and
:mod:`clusterkg.jsonld`). Prefixes that a format cannot declare are dropped, never written.

Triple formats (Turtle, N-Triples, JSON-LD, RDF/XML) write the union of the store's graphs, each triple
once; quad formats (TriG, N-Quads) keep the graph names: the default graph first, then named graphs
by IRI (then blank-node names).

Large stores are streamed: only the subjects are sorted in memory, and each subject's quads are fetched,
sorted and written in turn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from . import jsonld, rdfxml
from .errors import ClusterKGError
from .fileio import atomic_write
from .gcpause import gc_paused
from .names import turtle_prefix

# -- Formats ----


@dataclass(frozen=True)
class Format:
    """An RDF format: file extension, IANA media type, EU file type, W3C name, and how to write it."""

    name: str
    extension: str
    media_type: str
    file_type: str  # the EU Publications Office file-type authority code
    w3c_format: str
    label: str
    rdf_format: ox.RdfFormat
    quads: bool  # keeps graph names (TriG, N-Quads); else the union of the graphs is written
    prefix_ok: Callable[[str], bool] | None  # which prefix names it declares; None: it declares none
    writer: Callable[..., bytes]  # writer(view, fmt, prefixes, context) -> bytes


def _write_oxigraph(view, fmt: Format, prefixes: dict, context) -> bytes:
    items = ordered_quads(view) if fmt.quads else ordered_triples(view)
    return ox.serialize(items, format=fmt.rdf_format, prefixes=prefixes or None)


def _write_rdfxml(view, fmt: Format, prefixes: dict, context) -> bytes:
    return rdfxml.write(ordered_triples(view), prefixes)


def _write_jsonld(view, fmt: Format, prefixes: dict, context) -> bytes:
    return jsonld.write(view, ordered_triples(view), prefixes, context)


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("turtle", "ttl", "text/turtle", "RDF_TURTLE", "Turtle", "Turtle",
           ox.RdfFormat.TURTLE, False, turtle_prefix, _write_oxigraph),
    Format("ntriples", "nt", "application/n-triples", "RDF_N_TRIPLES", "N-Triples", "N-Triples",
           ox.RdfFormat.N_TRIPLES, False, None, _write_oxigraph),
    Format("jsonld", "jsonld", "application/ld+json", "JSON_LD", "JSON-LD", "JSON-LD",
           ox.RdfFormat.JSON_LD, False, jsonld.prefix_ok, _write_jsonld),
    Format("rdfxml", "rdf", "application/rdf+xml", "RDF_XML", "RDF_XML", "RDF/XML",
           ox.RdfFormat.RDF_XML, False, rdfxml.prefix_ok, _write_rdfxml),
    Format("trig", "trig", "application/trig", "RDF_TRIG", "TriG", "TriG",
           ox.RdfFormat.TRIG, True, turtle_prefix, _write_oxigraph),
    Format("nquads", "nq", "application/n-quads", "RDF_N_QUADS", "N-Quads", "N-Quads",
           ox.RdfFormat.N_QUADS, True, None, _write_oxigraph),
)}


def get_format(name: str) -> Format:
    """The format called ``name``; a :class:`ClusterKGError` naming the known ones if there is none."""
    try:
        return FORMATS[name]
    except (KeyError, TypeError):
        raise ClusterKGError(f"unknown format '{name}' (expected one of: {', '.join(FORMATS)})") from None


# -- Writing ----


@gc_paused
def serialize(source, format: str = "turtle", *, prefixes: Mapping[str, str] | Iterable | None = None,
              context: dict | None = None) -> bytes:
    """``source`` as bytes in ``format``; the same graph always gives the same bytes.

    ``source`` is anything :func:`to_store` takes. ``prefixes`` (prefix -> namespace IRI; by default an
    rdflib source's own bindings) are declared where the format allows them (see :func:`usable_prefixes`).
    ``context`` is the JSON-LD context to write with (by default :func:`clusterkg.jsonld.jsonld_context`);
    entries that would change what the data says are left out of it.
    Raises :class:`ClusterKGError` if the format cannot hold the graph (RDF/XML: some characters and
    property IRIs).
    """
    fmt = get_format(format)
    if prefixes is None:
        prefixes = _own_prefixes(source)
    return fmt.writer(quad_view(source), fmt, usable_prefixes(prefixes, fmt.name), context)


def write(source, path, format: str = "turtle", *, prefixes: Mapping[str, str] | Iterable | None = None,
          context: dict | None = None):
    """Write ``source`` to ``path`` in ``format``, whole or not at all (options as for :func:`serialize`)."""
    return atomic_write(path, serialize(source, format, prefixes=prefixes, context=context))


def usable_prefixes(prefixes: Mapping[str, str] | Iterable | None, format: str) -> dict[str, str]:
    """The prefixes ``format`` can declare, sorted by name; the rest are dropped.

    Dropped: names the format cannot declare (Turtle/TriG: not a PN_PREFIX such as ``1x``; RDF/XML:
    empty, not an XML NCName, or ``xml...``; JSON-LD: empty or not a PN_PREFIX), namespaces that are
    not IRIs, and all but one binding of a name or of a namespace: taken in order of name, then
    namespace, the first binding of each wins. N-Triples and N-Quads declare none.
    """
    fmt = get_format(format)
    if fmt.prefix_ok is None or not prefixes:
        return {}
    pairs = prefixes.items() if isinstance(prefixes, Mapping) else prefixes
    out: dict[str, str] = {}
    for prefix, namespace in sorted((str(p), str(n)) for p, n in pairs):
        if prefix in out or namespace in out.values() or not fmt.prefix_ok(prefix) or not _is_iri(namespace):
            continue
        out[prefix] = namespace
    return out


def _is_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def _own_prefixes(source) -> list:
    """The namespace bindings of an rdflib graph, else none."""
    namespaces = getattr(source, "namespaces", None)
    return list(namespaces()) if callable(namespaces) else []


# -- Input ----


def to_store(source) -> ox.Store | ox.Dataset:
    """``source`` as a pyoxigraph Store or Dataset that holds exactly its quads.

    ``source``: a pyoxigraph Store or Dataset (returned as it is); an rdflib Graph (its triples, in the
    default graph) or Dataset / ConjunctiveGraph (named graphs kept); or an iterable of pyoxigraph Triples
    and Quads. Anything else becomes a new Dataset, not a new Store: a Store rewrites the typed literals
    it knows as they go in (measured, pyoxigraph 0.5.13: ``"123"^^xsd:byte`` becomes
    ``"123"^^xsd:integer``, ``"1.0E0"^^xsd:double`` becomes ``"1"``), and that would change the graph.
    rdflib terms are converted one by one, never through text; a term Oxigraph cannot hold raises
    :class:`ClusterKGError`.
    """
    if isinstance(source, (ox.Store, ox.Dataset)):
        return source
    inner = _oxrdflib_store(source)
    if inner is not None:  # an rdflib graph whose triples Oxigraph already holds
        return ox.Dataset(quad_view(source))
    quads = _rdflib_quads(source) if _is_rdflib(source) else _plain_quads(source)
    try:
        return ox.Dataset(quads)
    except (AttributeError, TypeError) as exc:
        raise ClusterKGError(f"cannot write {type(source).__name__}: not an RDF graph or store ({exc})") from None


def _is_rdflib(source) -> bool:
    import rdflib

    return isinstance(source, rdflib.Graph)


def _oxrdflib_store(source) -> ox.Store | None:
    """The pyoxigraph Store under an rdflib graph on the oxrdflib store, else None."""
    try:
        from oxrdflib import OxigraphStore
    except ImportError:  # pragma: no cover - a dependency of the package
        return None
    store = getattr(source, "store", None)
    inner = getattr(store, "_inner", None) if isinstance(store, OxigraphStore) else None
    return inner if isinstance(inner, ox.Store) else None


def _plain_quads(source) -> Iterator[ox.Quad]:
    for item in source:
        yield item if isinstance(item, ox.Quad) else ox.Quad(item.subject, item.predicate, item.object)


def _rdflib_quads(graph) -> Iterator[ox.Quad]:
    """The quads of an rdflib graph as pyoxigraph quads (named graphs kept for a context-aware graph)."""
    from rdflib import BNode, Literal, URIRef
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
            raise ClusterKGError(f"cannot write {t.n3()}: {exc}") from None
        made[t] = found
        return found

    if not graph.context_aware:
        for s, p, o in graph:
            yield ox.Quad(term(s), term(p), term(o))
        return
    default = ox.DefaultGraph()
    for s, p, o, g in graph.quads((None, None, None, None)):
        name = g.identifier if g is not None else DATASET_DEFAULT_GRAPH_ID
        yield ox.Quad(term(s), term(p), term(o), default if name == DATASET_DEFAULT_GRAPH_ID else term(name))


# -- Order ----


def ordered_triples(source) -> Iterator[ox.Triple | ox.Quad]:
    """The union of the graphs of ``source`` (see :func:`to_store`), each triple once, sorted by N-Triples
    text, blank nodes labelled canonically. Default-graph quads stand for triples where the source has
    no named graphs (pyoxigraph's triple writers take them, and it saves making a triple of each)."""
    src = quad_view(source)
    union = bool(src.named_graphs())
    blank = _canonical(ox.Quad(q.subject, q.predicate, q.object) for q in src.blank_quads())
    for subject in _sorted_subjects(src.subjects(None), blank, ox.DefaultGraph()):
        if isinstance(subject, ox.BlankNode):
            found = blank[ox.DefaultGraph(), subject]
        else:
            found = [q for q in src.quads(subject, None) if not isinstance(q.object, ox.BlankNode)]
            found += blank.get((ox.DefaultGraph(), subject), ())
        yield from sorted({q.triple for q in found} if union else found, key=str)


def ordered_quads(source) -> Iterator[ox.Quad]:
    """The quads of ``source`` graph by graph (the default graph, then named graphs by N-Triples text),
    sorted within each graph by N-Triples text, blank nodes labelled canonically."""
    src = quad_view(source)
    blank = _canonical(src.blank_quads())
    names = [name for name in src.named_graphs() if isinstance(name, ox.NamedNode)]
    names += list({graph for graph, _ in blank if isinstance(graph, ox.BlankNode)})
    for graph in [ox.DefaultGraph()] + sorted(names, key=str):
        subjects = () if isinstance(graph, ox.BlankNode) else src.subjects(graph)
        for subject in _sorted_subjects(subjects, blank, graph):
            quads = list(blank.get((graph, subject), ()))
            if isinstance(subject, ox.NamedNode):
                quads += (q for q in src.quads(subject, graph) if not isinstance(q.object, ox.BlankNode))
            yield from sorted(quads, key=str)


def _sorted_subjects(subjects, blank: dict, graph) -> list:
    """The IRI ``subjects``, then the blank-node subjects of ``graph`` in ``blank``, each sorted."""
    iris = sorted((s for s in subjects if isinstance(s, ox.NamedNode)), key=str)
    return iris + sorted((s for g, s in blank if g == graph and isinstance(s, ox.BlankNode)), key=str)


def _canonical(quads: Iterable[ox.Quad]) -> dict:
    """The quads that hold a blank node, relabelled by RDFC-1.0, by (graph name, subject).

    Only these quads decide the canonical labels, so the rest of a large store is never copied.
    """
    dataset = ox.Dataset(quads)
    if not len(dataset):
        return {}
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    out: dict = {}
    for quad in dataset:
        out.setdefault((quad.graph_name, quad.subject), []).append(quad)
    return out


# -- What the writers ask of a graph ----

_SUBJECTS = "SELECT DISTINCT ?s WHERE { ?s ?p ?o }"
_BLANK_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }"
_BLANK_QUADS = """SELECT ?s ?p ?o ?g WHERE {
  { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } FILTER(isBlank(?s) || isBlank(?o) || isBlank(?g)) }"""


class StoreView:
    """A pyoxigraph Store (or one graph of it, read as the default graph), asked through its SPARQL
    engine and indexes, so that a large store is never copied."""

    def __init__(self, store: ox.Store, graph=None):
        self.store, self.graph = store, graph
        self.scope = {"default_graph": graph} if graph is not None else {"use_default_graph_as_union": True}

    def named_graphs(self) -> list:
        return [] if self.graph is not None else list(self.store.named_graphs())

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
            return (ox.Quad(s, p, o) for s, p, o in self.store.query(_BLANK_TRIPLES, **self.scope))
        return (ox.Quad(s, p, o, ox.DefaultGraph() if g is None else g)
                for s, p, o, g in self.store.query(_BLANK_QUADS))

    def __iter__(self) -> Iterator[ox.Quad]:
        if self.graph is None:
            return iter(self.store)
        return (ox.Quad(q.subject, q.predicate, q.object)
                for q in self.store.quads_for_pattern(None, None, None, self.graph))


class DatasetView:
    """A pyoxigraph Dataset, with its subjects and blank-node quads found in one pass."""

    def __init__(self, dataset: ox.Dataset):
        self.dataset = dataset
        self.by_graph: dict = {}
        self.blank: list = []
        for q in dataset:
            self.by_graph.setdefault(q.graph_name, set()).add(q.subject)
            if any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object, q.graph_name)):
                self.blank.append(q)

    def named_graphs(self) -> list:
        return [g for g in self.by_graph if not isinstance(g, ox.DefaultGraph)]

    def subjects(self, graph) -> Iterable:
        return set().union(*self.by_graph.values()) if graph is None else self.by_graph.get(graph, ())

    def quads(self, subject, graph) -> Iterable[ox.Quad]:
        return (q for q in self.dataset.quads_for_subject(subject) if graph is None or q.graph_name == graph)

    def blank_quads(self) -> list:
        return self.blank

    def __iter__(self) -> Iterator[ox.Quad]:
        return iter(self.dataset)


def quad_view(source) -> StoreView | DatasetView:
    """What the writers read ``source`` through (any :func:`to_store` source, or a view)."""
    if isinstance(source, (StoreView, DatasetView)):
        return source
    if isinstance(source, ox.Store):
        return StoreView(source)
    inner = _oxrdflib_store(source)
    if inner is not None:  # an rdflib graph on the oxrdflib store: read Oxigraph's own quads
        from rdflib import URIRef
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        if source.context_aware:
            return StoreView(inner)
        name = source.identifier
        graph = ox.DefaultGraph() if name == DATASET_DEFAULT_GRAPH_ID else \
            (ox.NamedNode(name) if isinstance(name, URIRef) else ox.BlankNode(name))
        return StoreView(inner, graph)
    return DatasetView(to_store(source))
