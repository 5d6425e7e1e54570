"""The W3C RDF 1.1 and RDF 1.2 test suites copied into tests/data/w3c-rdf-tests (see its README): their
positive tests, each input parsed once, and the questions the writer tests ask of an input, answered by
test code alone (never by the code under test).

Inputs are parsed with their own file URI as base IRI, as ``clusterkg.serialize`` reads a file path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
import rdflib

SUITES = Path(__file__).resolve().parent / "data" / "w3c-rdf-tests" / "rdf"
RDFT = "http://www.w3.org/ns/rdftest#"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
POSITIVE = {RDFT + name for name in (
    "TestTurtleEval", "TestTurtlePositiveSyntax", "TestTrigEval", "TestTrigPositiveSyntax",
    "TestNTriplesPositiveSyntax", "TestNTriplesPositiveC14N", "TestNQuadsPositiveSyntax",
    "TestNQuadsPositiveC14N", "TestXMLEval")}
FOLDERS = {"rdf-turtle": ("ttl", ox.RdfFormat.TURTLE), "rdf-trig": ("trig", ox.RdfFormat.TRIG),
           "rdf-n-triples": ("nt", ox.RdfFormat.N_TRIPLES), "rdf-n-quads": ("nq", ox.RdfFormat.N_QUADS),
           "rdf-xml": ("rdf", ox.RdfFormat.RDF_XML)}
# The number of positive tests issue 21 counted in these suites (Turtle, TriG, N-Triples, N-Quads, RDF/XML)
EXPECTED_COUNT = 924


@dataclass(frozen=True)
class Case:
    """One positive test: its id (``rdf12-ttl-name``), input file and format."""

    id: str
    path: Path
    format: ox.RdfFormat
    quads: list = field(default_factory=list, compare=False, repr=False)

    @cached_property
    def rdf12(self) -> bool:
        """Whether the input holds what only RDF 1.2 has: a triple term, or a literal with a base direction."""
        return any(_rdf12_term(t) for q in self.quads for t in (q.subject, q.object))

    @cached_property
    def triple_term(self) -> bool:
        return any(isinstance(q.object, ox.Triple) for q in self.quads)

    @cached_property
    def named_graphs(self) -> bool:
        return any(not isinstance(q.graph_name, ox.DefaultGraph) for q in self.quads)

    @cached_property
    def blank(self) -> bool:
        return any(_has_blank(t) for q in self.quads for t in (q.subject, q.object, q.graph_name))

    def union(self) -> list:
        """The input's quads, all in the default graph (what a triple format writes)."""
        return [ox.Quad(q.subject, q.predicate, q.object) for q in self.quads]


def _rdf12_term(term) -> bool:
    if isinstance(term, ox.Triple):
        return True
    return isinstance(term, ox.Literal) and term.direction is not None


def _has_blank(term) -> bool:
    if isinstance(term, ox.BlankNode):
        return True
    return isinstance(term, ox.Triple) and (_has_blank(term.subject) or _has_blank(term.object))


def positive_tests() -> list[Case]:
    """Every positive test of the suites, by id, each input parsed once; AssertionError if any is missing."""
    found: dict[str, Case] = {}
    for version in ("rdf11", "rdf12"):
        for folder, (tag, fmt) in FOLDERS.items():
            manifests = sorted((SUITES / version / folder).glob("**/manifest.ttl"))
            assert manifests, f"the W3C RDF test suite is missing: {SUITES / version / folder}"
            for manifest in manifests:
                for path in _positive_inputs(manifest):
                    case_id = f"{version}-{tag}-{path.relative_to(SUITES / version / folder).with_suffix('')}"
                    if case_id not in found:
                        quads = list(ox.parse(path=str(path), format=fmt, base_iri=path.as_uri()))
                        found[case_id] = Case(case_id, path, fmt, quads)
    return [found[key] for key in sorted(found)]


def _positive_inputs(manifest: Path) -> list[Path]:
    quads = list(ox.parse(path=str(manifest), format=ox.RdfFormat.TURTLE, base_iri=manifest.as_uri()))
    kinds = {q.subject: q.object.value for q in quads if q.predicate.value == RDF_TYPE}
    actions = {q.subject: q.object.value for q in quads if q.predicate.value == MF + "action"}
    return [Path(actions[test].removeprefix("file://")) for test, kind in kinds.items() if kind in POSITIVE]


# -- Comparing ----


def canonical(quads) -> list[str]:
    """The quads in RDFC-1.0 canonical form (pyoxigraph), sorted: equal lists, the same dataset."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(str(q) for q in dataset)


def difference(expected: list[str], got: list[str]) -> str:
    only_expected, only_got = sorted(set(expected) - set(got)), sorted(set(got) - set(expected))
    return f"missing {only_expected[:3]}, unexpected {only_got[:3]}"


XSD_DOUBLE = "http://www.w3.org/2001/XMLSchema#double"


def doubles_by_value(quads) -> list:
    """The quads with each xsd:double literal in one lexical form per value (Python's repr of the float),
    for readers that rewrite them: rapper reading a bare Turtle number (``1E0`` comes back ``1.0E0``), and
    pyld, which rewrites every xsd:double string though JSON-LD 1.1 (toRdf) rewrites only JSON numbers."""
    def term(t):
        if isinstance(t, ox.Literal) and t.datatype.value == XSD_DOUBLE:
            try:
                return ox.Literal(repr(float(t.value)), datatype=t.datatype)
            except ValueError:
                return t
        return t

    return [ox.Quad(q.subject, q.predicate, term(q.object), q.graph_name) for q in quads]


def has_nul(case: Case) -> bool:
    """Whether a literal of the input holds U+0000 (which rapper, on C strings, cuts the literal at)."""
    return any(isinstance(t, ox.Literal) and "\x00" in t.value for t in _all_terms(case.quads))


# -- rdflib ----


def to_rdflib(quads) -> rdflib.Graph | rdflib.Dataset:
    """The quads as an rdflib Graph (no named graphs) or Dataset, every literal keeping its lexical form
    (``normalize=False``); a blank node keeps its label."""
    convert = _rdflib_term
    if all(isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
        graph = rdflib.Graph()
        for q in quads:
            graph.add((convert(q.subject), convert(q.predicate), convert(q.object)))
        return graph
    dataset = rdflib.Dataset()
    for q in quads:
        name = None if isinstance(q.graph_name, ox.DefaultGraph) else convert(q.graph_name)
        graph = dataset.default_graph if name is None else dataset.graph(name)
        graph.add((convert(q.subject), convert(q.predicate), convert(q.object)))
    return dataset


def _rdflib_term(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value), normalize=False)


# -- What RDF/XML cannot hold (XML 1.0 and the RDF/XML grammar) ----

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_forbidden_literal(case: Case) -> bool:
    """Whether a literal of the input holds a character XML 1.0 forbids (its Char production)."""
    return any(isinstance(t, ox.Literal) and _XML_FORBIDDEN.search(t.value) for t in _all_terms(case.quads))


def _all_terms(quads):
    stack = [t for q in quads for t in (q.subject, q.object)]
    while stack:
        term = stack.pop()
        yield term
        if isinstance(term, ox.Triple):
            stack += [term.subject, term.object]
