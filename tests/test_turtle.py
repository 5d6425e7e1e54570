"""The Turtle writer: every kind of term survives a round trip through rdflib and Oxigraph."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from clusterkg.turtle import write_turtle

EX = Namespace("https://example.org/ns#")

LITERALS = {
    "quotes-and-backslash": Literal('say "hi" \\ bye'),
    "newlines": Literal("two\nlines\r\n"),
    "tab-and-unicode": Literal("tab\there · £320m ’quoted’ 🙂"),
    "language": Literal("Aerospace", lang="en-GB"),
    "integer": Literal(11200, datatype=XSD.integer),
    "negative-integer": Literal("-5", datatype=XSD.integer),
    "decimal": Literal("850000000.0", datatype=XSD.decimal),
    "decimal-no-point": Literal("850000000", datatype=XSD.decimal),
    "boolean": Literal(True),
    "gyear": Literal("2030", datatype=XSD.gYear),
    "positive-integer": Literal("107", datatype=XSD.positiveInteger),
    "double": Literal("1.5E3", datatype=XSD.double),
    "unknown-datatype": Literal("x", datatype=URIRef("https://example.org/dt/odd")),
}


def _graph(obj) -> Graph:
    g = Graph()
    g.bind("ex", EX)
    g.add((EX.thing, RDF.type, EX.Kind))
    g.add((EX.thing, EX.value, obj))
    return g


@pytest.mark.parametrize("name", LITERALS)
def test_literal_round_trips(name):
    g = _graph(LITERALS[name])
    data = write_turtle(g)
    assert isomorphic(Graph().parse(data=data, format="turtle"), g)
    assert len(list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))) == len(g)


def test_layout_prefixes_and_order():
    g = _graph(Literal("b"))
    g.add((EX.thing, EX.value, Literal("a")))
    g.add((EX.thing, RDFS.label, Literal("Thing")))
    g.add((URIRef("https://example.org/other/x.y/z"), EX.value, BNode("b0")))
    g.add((BNode("b0"), RDFS.label, Literal("blank")))
    text = write_turtle(g).decode("utf-8")
    assert text == (
        "PREFIX ex: <https://example.org/ns#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "\n"
        "ex:thing\n"
        "    a ex:Kind ;\n"
        "    rdfs:label \"Thing\" ;\n"
        "    ex:value\n"
        "        \"a\" ,\n"
        "        \"b\" .\n"
        "\n"
        "<https://example.org/other/x.y/z>\n"
        "    ex:value _:b0 .\n"
        "\n"
        "_:b0\n"
        "    rdfs:label \"blank\" .\n"
    )
    assert isomorphic(Graph().parse(data=text, format="turtle"), g)


def test_local_names_that_turtle_cannot_hold_are_written_whole():
    g = Graph()
    g.bind("ex", EX)
    for local in ("ends-with-dot.", "has/slash", "has%25percent", "ok_name-1"):
        g.add((EX[local], RDF.type, EX.Kind))
    text = write_turtle(g).decode("utf-8")
    assert "<https://example.org/ns#ends-with-dot.>" in text and "<https://example.org/ns#has/slash>" in text
    assert "ex:ok_name-1" in text
    assert isomorphic(Graph().parse(data=text, format="turtle"), g)


def test_same_triples_same_bytes_whatever_the_insertion_order(graph):
    triples = sorted(graph)
    forward, backward = Graph(), Graph()
    for prefix, ns in graph.namespaces():
        forward.bind(prefix, ns, replace=True)
        backward.bind(prefix, ns, replace=True)
    for t in triples:
        forward.add(t)
    for t in reversed(triples):
        backward.add(t)
    assert write_turtle(forward) == write_turtle(backward)
