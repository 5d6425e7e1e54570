"""clusterkg.rdfio.writers: hand-made cases, each with its expected value worked out by hand.

One case per bug that today's writers had (form feed, U+2028 and control characters in N-Triples; an
empty or generated prefix in RDF/XML; ``1x:`` in Turtle; ``urn`` in JSON-LD; doubles in TriG), and the
rules the module promises: order, blank nodes, prefixes, errors, inputs, the JSON-LD context.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from clusterkg.errors import ClusterKGError
from clusterkg.rdfio.jsonld import context_document, jsonld_context
from clusterkg.rdfio.writers import FORMATS, get_format, serialize, to_store, usable_prefixes, write
from tests.rdfcompare import assert_same_graph, canonical, from_oxigraph, read_back, read_back_quads

XSD = "http://www.w3.org/2001/XMLSchema#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
N, L, B = ox.NamedNode, ox.Literal, ox.BlankNode
S, P, Q = N("http://ex.org/s"), N("http://ex.org/p"), N("http://ex.org/q")


def triple(s, p, o):
    return ox.Triple(s, p, o)


def assert_round_trip(triples, format, **options) -> bytes:
    """Write ``triples`` and read them back with Oxigraph and rdflib: the same graph both times."""
    data = serialize(triples, format, **options)
    expected = from_oxigraph(triples)
    for reader in ("oxigraph", "rdflib"):
        assert_same_graph(expected, read_back(data, format, reader), f"{format} read by {reader}")
    return data


# -- The registry ----


def test_the_six_formats_and_what_they_are():
    assert {name: (f.extension, f.media_type, f.file_type) for name, f in FORMATS.items()} == {
        "turtle": ("ttl", "text/turtle", "RDF_TURTLE"),
        "ntriples": ("nt", "application/n-triples", "RDF_N_TRIPLES"),
        "jsonld": ("jsonld", "application/ld+json", "JSON_LD"),
        "rdfxml": ("rdf", "application/rdf+xml", "RDF_XML"),
        "trig": ("trig", "application/trig", "RDF_TRIG"),
        "nquads": ("nq", "application/n-quads", "RDF_N_QUADS"),
    }
    # issue 21: JSON-LD keeps named graphs
    assert [name for name, f in FORMATS.items() if f.quads] == ["jsonld", "trig", "nquads"]
    assert all(f.rdf_format.file_extension == f.extension for f in FORMATS.values() if f.name != "rdfxml")


def test_an_unknown_format_is_a_clear_error():
    with pytest.raises(ClusterKGError, match=r"unknown format 'n3' \(expected one of: turtle, ntriples, jsonld, "
                                             r"rdfxml, trig, nquads\)"):
        get_format("n3")
    with pytest.raises(ClusterKGError, match="unknown format"):
        serialize([], "xml")


# -- Order ----


def test_triples_are_sorted_by_their_n_triples_text():
    triples = [triple(N("http://a/b/c"), N("http://a/p"), L("x")),
               triple(N("http://a/b"), N("http://a/q"), N("http://a/o")),
               triple(N("http://a/b"), N("http://a/p"), L("z")),
               triple(N("http://a/b"), N("http://a/p"), N("http://a/o")),
               triple(N("http://a/b"), N("http://a/p"), L("y", language="en"))]
    # "<http://a/b/c>" sorts before "<http://a/b>" ('/' < '>'), and literals ('"') before IRIs ('<')
    assert serialize(triples, "ntriples") == (
        b'<http://a/b/c> <http://a/p> "x" .\n'
        b'<http://a/b> <http://a/p> "y"@en .\n'
        b'<http://a/b> <http://a/p> "z" .\n'
        b'<http://a/b> <http://a/p> <http://a/o> .\n'
        b'<http://a/b> <http://a/q> <http://a/o> .\n')


def test_triple_formats_write_the_union_and_quad_formats_keep_the_graphs():
    store = ox.Store()
    store.add(ox.Quad(S, P, L("d")))
    store.add(ox.Quad(S, P, L("d"), N("http://g/2")))
    store.add(ox.Quad(S, P, L("x"), N("http://g/10")))
    store.add(ox.Quad(S, P, L("b"), B("graph")))
    assert serialize(store, "ntriples") == (b'<http://ex.org/s> <http://ex.org/p> "b" .\n'
                                            b'<http://ex.org/s> <http://ex.org/p> "d" .\n'
                                            b'<http://ex.org/s> <http://ex.org/p> "x" .\n')
    # the default graph, then <http://g/10> before <http://g/2> ('1' < '2'), then the blank node's graph
    assert serialize(store, "nquads") == (b'<http://ex.org/s> <http://ex.org/p> "d" .\n'
                                          b'<http://ex.org/s> <http://ex.org/p> "x" <http://g/10> .\n'
                                          b'<http://ex.org/s> <http://ex.org/p> "d" <http://g/2> .\n'
                                          b'<http://ex.org/s> <http://ex.org/p> "b" _:c14n0 .\n')
    for format in ("trig", "nquads"):
        data = serialize(store, format)
        for reader in ("oxigraph", "rdflib"):
            assert canonical(read_back_quads(data, format, reader)) == canonical(store), (format, reader)


def test_blank_nodes_get_the_same_labels_whatever_they_were_called():
    def graph(first, second):
        a, b = B(first), B(second)
        return [triple(S, P, a), triple(a, Q, b), triple(b, Q, a), triple(b, P, L("end"))]

    outputs = {format: serialize(graph("x", "y"), format) for format in FORMATS}
    assert outputs == {format: serialize(graph("zz9", "a1"), format) for format in FORMATS}
    assert b"_:c14n0" in outputs["ntriples"] and b"_:x" not in outputs["ntriples"]
    for format in FORMATS:
        if not FORMATS[format].quads:
            assert_round_trip(graph("x", "y"), format)  # a cycle of blank nodes survives too


DETERMINISM_SCRIPT = r"""
import hashlib, sys
import rdflib
from clusterkg.rdfio.writers import FORMATS, serialize
dataset = rdflib.Dataset()
dataset.parse(data='''
@prefix ex: <http://ex.org/> .
ex:s ex:p [ ex:q "one" ; ex:r ( 1 2.0 "3" ) ] ; ex:t _:a .
_:a ex:u _:b . _:b ex:u _:a .
ex:g1 { ex:s ex:p "in g1" ; ex:list ( ex:a ex:b ) }
_:g { ex:s ex:p "in a blank graph" , _:c }
''', format="trig")
for name in FORMATS:
    print(name, hashlib.sha256(serialize(dataset, name)).hexdigest())
"""


def test_the_same_graph_gives_the_same_bytes_in_any_process():
    runs = set()
    for seed in ("0", "1", "2", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run([sys.executable, "-c", DETERMINISM_SCRIPT], env=env, capture_output=True, text=True,
                              check=False, timeout=120)
        assert done.returncode == 0, done.stderr
        assert len(done.stdout.splitlines()) == len(FORMATS)
        runs.add(done.stdout)
    assert len(runs) == 1, runs


# -- N-Triples: any Unicode, one line per triple ----


def test_n_triples_hold_form_feed_line_separator_and_control_characters():
    text = "a\x0cb\u2028c\x01d\x7f"
    data = assert_round_trip([triple(S, P, L(text))], "ntriples")
    assert data == b'<http://ex.org/s> <http://ex.org/p> "a\\fb\xe2\x80\xa8c\\u0001d\\u007F" .\n'
    assert data.count(b"\n") == 1  # U+2028 is a line break to str.splitlines(), not to N-Triples
    for format in ("turtle", "jsonld", "trig", "nquads"):
        assert_round_trip([triple(S, P, L(text))], format)


ANY_TEXT = "".join(map(chr, range(0x20))) + "\x7f\x85\u00a0\u2028\u2029\ufeff\ufffe\uffff\U0001d11e\U0010ffff\"'\\<>&"


@pytest.mark.parametrize("format", ["turtle", "ntriples", "jsonld", "trig", "nquads"])
def test_every_format_but_rdfxml_holds_any_unicode(format):
    triples = [triple(N("http://ex.org/\u00e9t\u00e9"), P, L(ANY_TEXT)), triple(S, P, L(ANY_TEXT, language="en-GB")),
               triple(S, Q, L(ANY_TEXT, datatype=N("http://ex.org/type")))]
    assert_round_trip(triples, format, prefixes={"ex": "http://ex.org/"})


@pytest.mark.parametrize("format", list(FORMATS))
def test_an_empty_graph_is_written_and_read_back_empty(format):
    data = serialize(ox.Store(), format, prefixes={"ex": "http://ex.org/"})
    assert not list(ox.parse(data, format=FORMATS[format].rdf_format))
    assert len(read_back(data, format, "rdflib")) == 0


# -- RDF/XML ----


@pytest.mark.parametrize(("text", "char"), [("a\x01b", "U+0001"), ("form\x0cfeed", "U+000C"),
                                            ("not a character \ufffe", "U+FFFE")])
def test_rdfxml_refuses_characters_xml_forbids(text, char, tmp_path):
    with pytest.raises(ClusterKGError) as error:
        write([triple(S, P, L(text))], tmp_path / "graph.rdf", "rdfxml")
    message = str(error.value)
    assert "\n" not in message and "RDF/XML" in message and char in message
    assert message.startswith('cannot write "')
    assert not list(tmp_path.iterdir())  # nothing written, not even part of a file


def test_rdfxml_keeps_carriage_returns():
    data = assert_round_trip([triple(S, P, L("a\rb\r\nc"))], "rdfxml")
    assert b"a&#13;b&#13;\nc" in data


@pytest.mark.parametrize(("iri", "why"), [("http://ex.org/p/1", "does not end with an XML name"),
                                          ("http://ex.org/p#", "does not end with an XML name"),
                                          ("urn:x:", "does not end with an XML name"),
                                          ("http://ex.org/\u0370name", "does not end with an XML name"),
                                          ("http://www.w3.org/1999/02/22-rdf-syntax-ns#li", "syntax")])
def test_rdfxml_refuses_properties_it_cannot_name(iri, why):
    with pytest.raises(ClusterKGError, match=f"cannot write property <{iri}> in RDF/XML: .*{why}"):
        serialize([triple(S, N(iri), L("x"))], "rdfxml")


def test_rdfxml_never_declares_an_empty_prefix():
    triples = [triple(S, P, L("x")), triple(S, N("http://other.org/q"), L("y"))]
    data = assert_round_trip(triples, "rdfxml", prefixes={"": "http://ex.org/"})
    root = data.split(b"\n")[1]
    assert root == (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                    b'xmlns:its="http://www.w3.org/2005/11/its">')
    assert b"xmlns:=" not in data


def test_rdfxml_keeps_a_bound_ns1_and_makes_no_prefix_over_it():
    triples = [triple(S, N("http://other.org/q"), L("bound")), triple(S, P, L("unbound")),
               triple(S, N("http://third.org/r"), L("unbound too"))]
    data = assert_round_trip(triples, "rdfxml", prefixes={"ns1": "http://other.org/", "oxprefix": "http://ex.org/"})
    assert b'xmlns:ns1="http://other.org/"' in data and b"<ns1:q>bound</ns1:q>" in data


@pytest.mark.parametrize("prefix", ["1x", "xml", "xmlfoo", "XMLbar", "a:b", "", "\u0370x"])
def test_rdfxml_drops_prefixes_xml_rejects(prefix):
    assert usable_prefixes({prefix: "http://ex.org/", "ok": "http://ok.org/"}, "rdfxml") == {"ok": "http://ok.org/"}
    assert_round_trip([triple(S, P, L("x"))], "rdfxml", prefixes={prefix: "http://ex.org/"})


# -- Prefixes ----


def test_turtle_drops_prefixes_no_parser_reads():
    prefixes = {"1x": "http://ex.org/", "a.": "http://a.org/", "_x": "http://b.org/", "": "http://c.org/",
                "a-b": "http://d.org/", "\u00e9": "http://e.org/", "ok": "http://ok.org/"}
    assert usable_prefixes(prefixes, "turtle") == {"": "http://c.org/", "a-b": "http://d.org/", "ok": "http://ok.org/",
                                                   "\u00e9": "http://e.org/"}
    triples = [triple(S, P, N("http://ok.org/o")), triple(N("http://a.org/s"), P, L("x"))]
    data = assert_round_trip(triples, "turtle", prefixes=prefixes)
    assert data == (b"@prefix ok: <http://ok.org/> .\n"
                    b"<http://a.org/s> <http://ex.org/p> \"x\" .\n"
                    b"<http://ex.org/s> <http://ex.org/p> ok:o .\n")


def test_an_empty_prefix_is_kept_in_turtle_when_used():
    triples = [triple(S, P, N("http://ex.org/o"))]
    assert serialize(triples, "turtle", prefixes={"": "http://ex.org/", "x": "http://x.org/"}) == (
        b"@prefix : <http://ex.org/> .\n"
        b":s :p :o .\n")


def test_jsonld_prefixes_are_names_it_can_use():
    prefixes = {"": "http://a.org/", "_x": "http://b.org/", "urn": "http://c.org/", "ex": "http://ex.org/",
                "a.b": "http://d.org/"}
    assert usable_prefixes(prefixes, "jsonld") == {"a.b": "http://d.org/", "ex": "http://ex.org/",
                                                   "urn": "http://c.org/"}  # urn: only left out if the data uses it


def test_one_prefix_per_namespace_and_one_namespace_per_prefix():
    pairs = [("b", "http://one/"), ("a", "http://one/"), ("c", "http://three/"), ("c", "http://two/"),
             ("d", "not an IRI")]
    # taken in order of name, then namespace: a wins http://one/, c wins with http://three/
    assert usable_prefixes(pairs, "turtle") == {"a": "http://one/", "c": "http://three/"}
    assert usable_prefixes(pairs, "ntriples") == {} == usable_prefixes(pairs, "nquads")


def test_the_prefixes_of_an_rdflib_graph_are_used_and_unused_ones_left_out():
    graph = rdflib.Graph()
    graph.bind("ex", "http://ex.org/")
    graph.add((rdflib.URIRef("http://ex.org/s"), rdflib.URIRef("http://ex.org/p"), rdflib.Literal(1)))
    assert serialize(graph, "turtle") == (b"@prefix ex: <http://ex.org/> .\n"
                                          b"ex:s ex:p 1 .\n")  # rdflib binds ~30 prefixes; one is used


# -- JSON-LD ----

JSONLD_GRAPH = """
@prefix ex: <http://ex.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a a ex:Thing ; rdfs:label "A" ; ex:size 3 ; ex:near ex:b ; ex:note "n"@en .
ex:b a ex:Thing ; rdfs:label "B"@en ; ex:size 4 .
"""
JSONLD_PREFIXES = {"ex": "http://ex.org/", "rdfs": RDFS, "xsd": XSD, "unused": "http://unused.org/"}


def _parsed(text: str) -> list:
    return [q.triple for q in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)]


def test_jsonld_context_has_short_names_coercions_and_used_prefixes():
    assert jsonld_context(_parsed(JSONLD_GRAPH), JSONLD_PREFIXES) == {
        "ex": "http://ex.org/", "rdfs": RDFS, "xsd": XSD,
        "Thing": "ex:Thing",
        "label": "rdfs:label",  # plain and language-tagged strings: no coercion
        "near": {"@id": "ex:near", "@type": "@id"},
        "note": "ex:note",
        "size": {"@id": "ex:size", "@type": "xsd:integer"},
    }


def test_jsonld_is_compact_and_reads_back_the_same():
    triples = _parsed(JSONLD_GRAPH)
    data = assert_round_trip(triples, "jsonld", prefixes=JSONLD_PREFIXES)
    doc = json.loads(data)
    assert doc["@context"] == jsonld_context(triples, JSONLD_PREFIXES)
    assert doc["@graph"] == [
        {"@id": "ex:a", "@type": "Thing", "near": "ex:b", "note": {"@language": "en", "@value": "n"}, "size": "3",
         "label": "A"},
        {"@id": "ex:b", "@type": "Thing", "size": "4", "label": {"@language": "en", "@value": "B"}},
    ]


def test_a_jsonld_context_round_trips_exactly():
    triples = _parsed(JSONLD_GRAPH)
    context = jsonld_context(triples, JSONLD_PREFIXES)
    assert json.loads(context_document(context)) == {"@context": context}
    data = serialize(triples, "jsonld", context=context)
    assert json.loads(data)["@context"] == context
    assert data == serialize(triples, "jsonld", prefixes=JSONLD_PREFIXES)


def test_jsonld_never_names_a_prefix_or_term_after_a_scheme_of_the_data():
    triples = [triple(S, P, N("urn:isbn:1")), triple(S, N("http://ex.org/vocab/urn"), L("x"))]
    context = jsonld_context(triples, {"urn": "http://ex.org/"})
    assert context == {"p": {"@id": "http://ex.org/p", "@type": "@id"}}  # neither urn: nor the term "urn"
    data = assert_round_trip(triples, "jsonld", prefixes={"urn": "http://ex.org/"})
    assert b'"urn:isbn:1"' in data
    # a given context loses such entries too
    given = {"urn": "http://ex.org/", "p": {"@id": "urn:p", "@type": "@id"}, "mailto": "http://ex.org/m#"}
    data = assert_round_trip(triples, "jsonld", context=given)
    assert json.loads(data)["@context"] == {"mailto": "http://ex.org/m#", "p": {"@id": "urn:p", "@type": "@id"}}


def test_jsonld_drops_a_prefix_named_like_a_term():
    triples = [triple(S, N(RDFS + "label"), L("x")), triple(S, P, N("http://label.org/o"))]
    context = jsonld_context(triples, {"label": "http://label.org/", "rdfs": RDFS})
    assert context == {"rdfs": RDFS, "label": "rdfs:label", "p": {"@id": "http://ex.org/p", "@type": "@id"}}
    assert_round_trip(triples, "jsonld", prefixes={"label": "http://label.org/", "rdfs": RDFS})


def test_jsonld_never_writes_a_compact_iri_that_reads_as_an_absolute_one():
    triples = [triple(S, P, N("http://ex.org/o"))]
    data = assert_round_trip(triples, "jsonld", prefixes={"h": "http:"})
    assert b"h://" not in data and json.loads(data)["@context"] == {"p": {"@id": "http://ex.org/p", "@type": "@id"}}


def test_jsonld_values_that_a_coercion_would_misread_stay_value_objects():
    triples = [triple(S, P, N("http://ex.org/o")), triple(S, P, L("not an IRI")),
               triple(S, Q, L("7", datatype=N(XSD + "integer"))), triple(S, Q, L("7"))]
    assert_round_trip(triples, "jsonld", prefixes={"ex": "http://ex.org/"})
    context = {"ex": "http://ex.org/", "p": {"@id": "ex:p", "@type": "@id"},
               "q": {"@id": "ex:q", "@type": XSD + "integer"}}
    data = assert_round_trip(triples, "jsonld", context=context)
    node = json.loads(data)["@graph"][0]
    assert node["p"] == [{"@value": "not an IRI"}, "ex:o"] and node["q"] == [{"@value": "7"}, "7"]


def test_jsonld_keeps_numbers_as_written_and_blank_nodes_reached_from_others():
    first, second = B("a"), B("b")
    triples = [triple(S, P, L("01", datatype=N(XSD + "integer"))), triple(S, P, L("1e300", datatype=N(XSD + "double"))),
               triple(S, Q, first), triple(first, Q, second), triple(second, P, L("deep"))]
    data = assert_round_trip(triples, "jsonld")
    assert json.loads(data)["@graph"][0]["p"] == [{"@value": "01", "@type": XSD + "integer"},
                                                  {"@value": "1e300", "@type": XSD + "double"}]


@pytest.mark.parametrize("context", [{"@vocab": "http://ex.org/"},
                                     {"p": {"@id": "http://ex.org/p", "@container": "@list"}},
                                     {"p": {"@id": "http://ex.org/p", "@type": "@vocab"}}, {"p": "not:an iri"}, ["x"]])
def test_jsonld_refuses_contexts_it_cannot_honour(context):
    with pytest.raises(ClusterKGError, match="context"):
        serialize([triple(S, P, L("x"))], "jsonld", context=context)


# -- TriG and literals ----


def test_trig_keeps_doubles_as_they_are():
    triples = [triple(S, P, L("1.0E0", datatype=N(XSD + "double"))),
               triple(S, P, L("1e300", datatype=N(XSD + "double"))), triple(S, Q, L("123", datatype=N(XSD + "byte")))]
    for format in ("trig", "turtle", "nquads"):
        data = serialize(triples, format, prefixes={"ex": "http://ex.org/"})
        assert b"1.0E0" in data and b"1e300" in data
        back = [q.triple for q in ox.parse(data, format=FORMATS[format].rdf_format)]
        assert_same_graph(from_oxigraph(triples), from_oxigraph(back), f"{format} read by oxigraph")
    assert serialize(triples, "trig", prefixes={"ex": "http://ex.org/"}) == (
        b"@prefix ex: <http://ex.org/> .\n"
        b"ex:s ex:p 1.0E0 , 1e300 ;\n"
        b'\tex:q "123"^^<http://www.w3.org/2001/XMLSchema#byte> .\n')


# -- Inputs ----


def test_to_store_keeps_every_literal_exactly():
    graph = rdflib.Graph()
    for value, datatype in (("123", "byte"), ("1.0", "decimal"), ("01", "integer"), ("1.0E0", "double")):
        graph.add((rdflib.URIRef("http://ex.org/s"), rdflib.URIRef("http://ex.org/p"),
                   rdflib.Literal(value, datatype=rdflib.URIRef(XSD + datatype), normalize=False)))
    held = to_store(graph)
    assert isinstance(held, ox.Dataset)
    assert sorted(str(q.object) for q in held) == [f'"{v}"^^<{XSD}{t}>' for v, t in (
        ("01", "integer"), ("1.0", "decimal"), ("1.0E0", "double"), ("123", "byte"))]


def test_to_store_keeps_named_graphs_of_an_rdflib_dataset():
    dataset = rdflib.Dataset()
    s, p = rdflib.URIRef("http://ex.org/s"), rdflib.URIRef("http://ex.org/p")
    dataset.add((s, p, rdflib.Literal("default")))
    dataset.graph(rdflib.URIRef("http://g/1")).add((s, p, rdflib.Literal("named")))
    assert sorted(str(q) for q in to_store(dataset)) == ['<http://ex.org/s> <http://ex.org/p> "default"',
                                                         '<http://ex.org/s> <http://ex.org/p> "named" <http://g/1>']


def test_to_store_takes_stores_and_triples_and_quads():
    store = ox.Store()
    assert to_store(store) is store
    held = to_store([triple(S, P, L("t")), ox.Quad(S, P, L("q"), N("http://g/1"))])
    assert sorted(str(q) for q in held) == ['<http://ex.org/s> <http://ex.org/p> "q" <http://g/1>',
                                             '<http://ex.org/s> <http://ex.org/p> "t"']


@pytest.mark.parametrize("source", [42, ["not a triple"]])
def test_to_store_refuses_what_is_not_a_graph(source):
    with pytest.raises(ClusterKGError, match="cannot write"):
        to_store(source)


def test_a_literal_oxigraph_cannot_hold_is_a_clear_error():
    graph = rdflib.Graph()
    graph.add((rdflib.URIRef("http://ex.org/s"), rdflib.URIRef("http://ex.org/p"), rdflib.Literal("a\ud800")))
    with pytest.raises(ClusterKGError, match=r'cannot write "a\\ud800"'):
        serialize(graph, "ntriples")


def test_a_store_and_an_rdflib_graph_of_the_same_triples_give_the_same_bytes():
    data = (b'<http://ex.org/s> <http://ex.org/p> "x" .\n<http://ex.org/s> <http://ex.org/p> _:b .\n'
            b'_:b <http://ex.org/q> "y"@en .\n')
    store = ox.Store()
    store.load(input=data, format=ox.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph().parse(data=data, format="nt")
    for format in FORMATS:
        assert serialize(store, format, prefixes={}) == serialize(graph, format, prefixes={}), format
    assert serialize(store, "nquads") == (b'<http://ex.org/s> <http://ex.org/p> "x" .\n'
                                          b"<http://ex.org/s> <http://ex.org/p> _:c14n0 .\n"
                                          b'_:c14n0 <http://ex.org/q> "y"@en .\n')


def test_write_writes_the_bytes_of_serialize(tmp_path):
    triples = [triple(S, P, L("x"))]
    path = write(triples, tmp_path / "out" / "graph.ttl", "turtle", prefixes={"ex": "http://ex.org/"})
    assert Path(path).read_bytes() == serialize(triples, "turtle", prefixes={"ex": "http://ex.org/"}) == (
        b'@prefix ex: <http://ex.org/> .\nex:s ex:p "x" .\n')


# -- Our own graph ----


def test_the_project_graph_gets_short_jsonld_names_from_its_own_prefixes(graph):
    context = jsonld_context(graph)  # the prefixes bound to the rdflib graph
    assert context["grow"] == "https://w3id.org/wmgrowth/def#"
    assert context["Cluster"] == "grow:Cluster" and context["label"] == "rdfs:label"
    assert context["mentions"] == {"@id": "grow:mentions", "@type": "@id"}
    assert "brick" not in context  # bound by rdflib, used by nothing


@pytest.mark.parametrize("format", list(FORMATS))
def test_the_project_graph_survives_every_format(graph, format):
    data = serialize(graph, format)
    for reader in ("oxigraph", "rdflib"):
        assert_same_graph(graph, read_back(data, format, reader), f"{format} read by {reader}")
    assert hashlib.sha256(data).digest() == hashlib.sha256(serialize(graph, format)).digest()
