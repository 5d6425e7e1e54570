"""Reading written RDF back with Oxigraph or rdflib, and comparing graphs (with a diff when they differ).

rdflib normally rewrites some literals as it parses them ("1.0E0"^^xsd:double -> "1.0"): use
:func:`lexical_forms_kept` while reading, so that what is compared is what was written.
"""

from __future__ import annotations

import contextlib

import pyoxigraph as ox
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from clusterkg.rdfio.writers import FORMATS

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml", "trig": "trig",
                  "nquads": "nquads"}


@contextlib.contextmanager
def lexical_forms_kept():
    """rdflib keeps each literal's lexical form while this runs."""
    before = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = before


def rdflib_term(term):
    """A pyoxigraph term as an rdflib term (a simple string literal without a datatype, as rdflib reads it)."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language, normalize=False)
        datatype = term.datatype.value
        return rdflib.Literal(term.value, datatype=None if datatype == XSD_STRING else datatype, normalize=False)
    raise TypeError(f"not an RDF term: {term!r}")


def from_oxigraph(triples) -> rdflib.Graph:
    graph = rdflib.Graph()
    for t in triples:
        graph.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
    return graph


def dataset_from_oxigraph(quads) -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    for q in quads:
        name = DATASET_DEFAULT_GRAPH_ID if isinstance(q.graph_name, ox.DefaultGraph) else rdflib_term(q.graph_name)
        dataset.graph(name).add((rdflib_term(q.subject), rdflib_term(q.predicate), rdflib_term(q.object)))
    return dataset


def read_back(data: bytes, format: str, reader: str) -> rdflib.Graph:
    """The triples of ``data`` as read by ``reader`` ("oxigraph" or "rdflib"); for a quad format, its
    default graph, after checking that it has no named graphs."""
    if reader == "oxigraph":
        quads = list(ox.parse(data, format=FORMATS[format].rdf_format))
        assert all(isinstance(q.graph_name, ox.DefaultGraph) for q in quads), "triples came back in a named graph"
        return from_oxigraph(q.triple for q in quads)
    with lexical_forms_kept():
        if not FORMATS[format].quads:
            return rdflib.Graph().parse(data=data, format=RDFLIB_FORMATS[format])
        dataset = rdflib.Dataset().parse(data=data, format=RDFLIB_FORMATS[format])
    names = {g.identifier for g in dataset.graphs() if len(g)} - {DATASET_DEFAULT_GRAPH_ID}
    assert not names, f"triples came back in named graphs {names}"
    out = rdflib.Graph()
    out += dataset.graph(DATASET_DEFAULT_GRAPH_ID)
    return out


def read_back_quads(data: bytes, format: str, reader: str) -> list[ox.Quad]:
    """The quads of ``data`` as read by ``reader``, as pyoxigraph quads."""
    if reader == "oxigraph":
        return list(ox.parse(data, format=FORMATS[format].rdf_format))
    with lexical_forms_kept():
        dataset = rdflib.Dataset().parse(data=data, format=RDFLIB_FORMATS[format])
    from clusterkg.rdfio.writers import to_store

    return list(to_store(dataset))


def canonical(quads) -> set[str]:
    """The N-Quads lines of ``quads`` with blank nodes relabelled by RDFC-1.0: equal iff the datasets are
    isomorphic."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q) for q in dataset}


def assert_same_graph(expected: rdflib.Graph, actual: rdflib.Graph, what: str) -> None:
    """Fail unless the graphs are isomorphic, printing what is in both and only in either."""
    if isomorphic(expected, actual):
        return
    both, first, second = graph_diff(to_isomorphic(expected), to_isomorphic(actual))

    def lines(graph):
        return "\n".join(sorted(f"    {s.n3()} {p.n3()} {o.n3()} ." for s, p, o in graph)) or "    (none)"

    raise AssertionError(f"{what}: the graph changed\n  in both:\n{lines(both)}\n"
                         f"  only in the original:\n{lines(first)}\n  only in what was read back:\n{lines(second)}")
