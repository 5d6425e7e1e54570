"""The SHACL shapes, ontology/shapes.ttl, run against the examples in ontology/examples and the real graph."""

from __future__ import annotations

import re
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from clusterkg.model.vocab import GROW

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = Graph().parse(ROOT / "ontology" / "clusterkg.ttl")
SHAPES = Graph().parse(ROOT / "ontology" / "shapes.ttl")
GROWSH = "https://w3id.org/wmgrowth/shapes#"
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")
NS = str(GROW._NS)
EXAMPLES = sorted((ROOT / "ontology" / "examples").glob("*.ttl"))
FIRST_LINE = re.compile(r"# (?:Valid|Invalid \(growsh:(?P<shape>\w+)\)): \S")


def defined_terms() -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {s for kind in kinds for s in ONTOLOGY.subjects(RDF.type, kind) if str(s).startswith(NS)}


def grow_terms(g: Graph) -> set[URIRef]:
    """Every grow: IRI in a graph, in any position, and in the text of its SPARQL queries."""
    terms = {t for triple in g for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}
    for query in g.objects(None, SH.select):
        terms |= {URIRef(NS + name) for name in re.findall(r"\bgrow:(\w+)", query)}
    return terms


def validate(data: Graph, ont_graph: Graph | None = None) -> tuple[bool, Graph, str]:
    return pyshacl.validate(data, shacl_graph=SHAPES, ont_graph=ont_graph, inference="none")


def expectation(path: Path) -> str | None:
    """None for a valid example, or the local name of the shape that must reject it."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = FIRST_LINE.match(first)
    assert match, f"{path.name}: first line should be '# Valid: ...' or '# Invalid (growsh:Shape): ...', not {first!r}"
    return match["shape"]


def family(shape: URIRef) -> set:
    """A node shape and the property shapes it holds: the sh:sourceShape of its results."""
    return {shape, *SHAPES.objects(shape, SH.property)}


def test_every_shape_and_sparql_constraint_has_a_message():
    shapes = set(SHAPES.subjects(RDF.type, SH.NodeShape)) | set(SHAPES.objects(None, SH.property))
    shapes |= set(SHAPES.objects(None, SH.sparql))
    silent = [s for s in shapes if SHAPES.value(s, SH.message) is None]
    assert shapes and not silent, f"no sh:message on: {[SHAPES.cbd(s).serialize(format='turtle') for s in silent]}"


def test_shapes_use_only_defined_terms():
    assert grow_terms(SHAPES) <= defined_terms(), sorted(grow_terms(SHAPES) - defined_terms())


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_uses_only_defined_terms(path):
    used = grow_terms(Graph().parse(path))
    assert used <= defined_terms(), sorted(used - defined_terms())


def test_every_shape_has_a_failing_example():
    shapes = {str(s)[len(GROWSH):] for s in SHAPES.subjects(RDF.type, SH.NodeShape)}
    rejected = {expectation(path) for path in EXAMPLES} - {None}
    assert shapes <= rejected, f"no invalid example for: {sorted(shapes - rejected)}"


@pytest.mark.parametrize("with_ontology", [True, False], ids=["with-ontology", "shapes-alone"])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_validates_as_its_first_line_says(path, with_ontology):
    shape = expectation(path)
    conforms, results, text = validate(Graph().parse(path), ONTOLOGY if with_ontology else None)
    if shape is None:
        assert conforms, text
        return
    assert not conforms, f"{path.name} conforms, but growsh:{shape} should reject it"
    sources = set(results.objects(None, SH.sourceShape))
    expected = family(URIRef(GROWSH + shape))
    # Every violation comes from the intended shape, so the example fails for the reason it states.
    assert sources and sources <= expected, text


# ``graph`` is the real graph, from tests/conftest.py (clusterkg.build_graph on data/).
def test_built_graph_conforms_to_the_shapes(graph):
    conforms, _, text = validate(graph)
    assert conforms, text


def test_built_graph_uses_only_defined_terms(graph):
    used = grow_terms(graph)
    assert used <= defined_terms(), sorted(used - defined_terms())


def test_built_graph_agrees_with_domains_and_ranges(graph):
    """What the ontology would infer from each grow: triple, the graph already states."""

    def allowed(node) -> set:  # a class, or the members of a union
        union = ONTOLOGY.value(node, OWL.unionOf) if isinstance(node, BNode) else None
        return set(Collection(ONTOLOGY, union)) if union is not None else {node}

    def types(node) -> set:
        return {c for t in graph.objects(node, RDF.type) for c in ONTOLOGY.transitive_objects(t, RDFS.subClassOf)}

    wrong = []
    for s, p, o in graph.triples((None, None, None)):
        domain, range_ = ONTOLOGY.value(p, RDFS.domain), ONTOLOGY.value(p, RDFS.range)
        if str(p).startswith(NS) and domain is not None and not types(s) & allowed(domain):
            wrong.append(f"{s} is not in the domain of {p}")
        if isinstance(o, Literal):
            datatype = o.datatype or (RDF.langString if o.language else XSD_STRING)
            # an xsd:integer from 1 is a value of xsd:positiveInteger (the store keeps the integer form)
            positive = range_ == XSD.positiveInteger and datatype == XSD.integer and o.toPython() >= 1
            if range_ is not None and datatype != range_ and not positive:
                wrong.append(f"{s} {p} {o!r}: expected {range_}")
        elif str(p).startswith(NS) and range_ is not None and not types(o) & allowed(range_):
            wrong.append(f"{o} is not in the range of {p}")
    assert not wrong, "\n".join(wrong[:20])
