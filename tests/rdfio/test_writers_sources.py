"""clusterkg.serialize and ``clusterkg export --input`` on graphs that are not ours (issue 21): a Store, an
rdflib Graph, Dataset or ConjunctiveGraph, a file. Every expected output below is written out by hand."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import XSD, Literal, URIRef

import clusterkg
from clusterkg.errors import ClusterKGError

S, P, G = "http://ex/s", "http://ex/p", "http://ex/g"
BYTE = "http://www.w3.org/2001/XMLSchema#byte"
QUADS = (f'<{S}> <{P}> "01"^^<{BYTE}> .\n'
         f'<{S}> <{P}> "x" <{G}> .\n')


@pytest.fixture
def quads_file(tmp_path):
    path = tmp_path / "in.nq"
    path.write_text(QUADS, encoding="utf-8")
    return path


def test_a_file_is_written_exactly_named_graphs_and_lexical_forms_kept(quads_file):
    assert clusterkg.serialize(quads_file, "nquads").decode() == QUADS
    assert clusterkg.serialize(quads_file, "trig").decode() == (
        f'<{S}> <{P}> "01"^^<{BYTE}> .\n'
        f'<{G}> {{\n\t<{S}> <{P}> "x" .\n}}\n')


def test_a_triple_format_writes_the_union_of_the_graphs(quads_file):
    assert clusterkg.serialize(quads_file, "ntriples").decode() == (f'<{S}> <{P}> "01"^^<{BYTE}> .\n'
                                                                   f'<{S}> <{P}> "x" .\n')


def test_jsonld_keeps_the_named_graph(quads_file):
    import json

    doc = json.loads(clusterkg.serialize(quads_file, "jsonld"))
    assert doc["@graph"] == [{"@id": S, "p": {"@value": "01", "@type": BYTE}},
                             {"@id": G, "@graph": [{"@id": S, "p": "x"}]}]


def test_a_store_keeps_its_named_graph_in_trig():
    """The issue's first finding: the named graph of a Store was dropped and its default graph moved."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode(S), ox.NamedNode(P), ox.Literal("x"), ox.NamedNode(G)))
    assert clusterkg.serialize(store, "trig").decode() == f'<{G}> {{\n\t<{S}> <{P}> "x" .\n}}\n'


def test_an_rdflib_graph_keeps_every_lexical_form():
    """turtle-subm-26's three literals (1, 1.0, 1.) and "01" stay four distinct terms."""
    g = rdflib.Graph()
    for lexical, datatype in (("01", XSD.integer), ("1.0", XSD.decimal), ("1.", XSD.decimal), ("1", XSD.byte)):
        g.add((URIRef(S), URIRef(P), Literal(lexical, datatype=datatype, normalize=False)))
    xsd = "http://www.w3.org/2001/XMLSchema#"
    # sorted by N-Triples text: '"' (U+0022) before '.'
    assert clusterkg.serialize(g, "ntriples").decode() == (f'<{S}> <{P}> "01"^^<{xsd}integer> .\n'
                                                          f'<{S}> <{P}> "1"^^<{xsd}byte> .\n'
                                                          f'<{S}> <{P}> "1."^^<{xsd}decimal> .\n'
                                                          f'<{S}> <{P}> "1.0"^^<{xsd}decimal> .\n')


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")
@pytest.mark.parametrize("kind", ["Dataset", "ConjunctiveGraph"])
def test_an_rdflib_dataset_keeps_its_graphs(kind):
    ds = getattr(rdflib, kind)()
    ds.get_context(URIRef(G)).add((URIRef(S), URIRef(P), Literal("x")))
    if kind == "Dataset":
        ds.default_graph.add((URIRef(S), URIRef(P), Literal("y", lang="en")))
    else:
        ds.default_context.add((URIRef(S), URIRef(P), Literal("y", lang="en")))
    assert clusterkg.serialize(ds, "nquads").decode() == (f'<{S}> <{P}> "y"@en .\n'
                                                         f'<{S}> <{P}> "x" <{G}> .\n')


def test_an_rdflib_dataset_opens_as_a_knowledge_graph_of_its_union():
    """With publication options a source is read as a knowledge graph: a Dataset no longer crashes."""
    ds = rdflib.Dataset()
    ds.graph(URIRef(G)).add((URIRef(S), URIRef(P), Literal("x")))
    ds.default_graph.add((URIRef(S), URIRef(P), Literal("y")))
    assert len(clusterkg.KnowledgeGraph.of(ds)) == 2


TRIPLE_TERM = '_:b <http://ex/p> <<( _:b <http://ex/q> _:c )>> .\n_:c <http://ex/r> "x"@en--ltr .\n'


def test_a_blank_node_inside_a_triple_term_keeps_its_identity(tmp_path):
    path = tmp_path / "t.nt"
    path.write_text(TRIPLE_TERM, encoding="utf-8")
    # the labels RDFC-1.0 gives (pyoxigraph's Dataset.canonicalize); _:b keeps one label inside and out
    expected = ('_:c14n0 <http://ex/r> "x"@en--ltr .\n'
                '_:c14n1 <http://ex/p> <<( _:c14n1 <http://ex/q> _:c14n0 )>> .\n')
    assert clusterkg.serialize(path, "ntriples").decode() == expected
    store = ox.Store()
    store.extend(ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES, rename_blank_nodes=True))
    assert clusterkg.serialize(store, "ntriples").decode() == expected


def test_jsonld_refuses_a_triple_term_with_one_clear_line(tmp_path):
    path = tmp_path / "t.nt"
    path.write_text(TRIPLE_TERM, encoding="utf-8")
    with pytest.raises(ClusterKGError, match=r"^cannot write the triple term .* in JSON-LD: JSON-LD 1.1 has no "
                                             r"triple terms \(RDF 1.2\)"):
        clusterkg.serialize(path, "jsonld")


def test_rdfxml_writes_a_class_iri_ending_in_a_slash(tmp_path):
    """rdf-ns-prefix-confusion-test0006: the rdf:type object cannot be an element name, so rdf:resource."""
    path = tmp_path / "t.nt"
    path.write_text("<http://example.org/resource/> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                    "<http://example.org/class/> .\n", encoding="utf-8")
    assert clusterkg.serialize(path, "rdfxml").decode() == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:its="http://www.w3.org/2005/11/its">\n'
        '\t<rdf:Description rdf:about="http://example.org/resource/">\n'
        '\t\t<rdf:type rdf:resource="http://example.org/class/"/>\n'
        '\t</rdf:Description>\n'
        '</rdf:RDF>')


# -- Command line ----

def test_cli_export_input_writes_nquads(cli, quads_file, tmp_path):
    out = tmp_path / "out.nq"
    result = cli("export", "--input", quads_file, "--format", "nquads", "--output", out)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == QUADS


def test_cli_a_format_that_cannot_hold_the_data_is_exit_2_and_nothing_written(cli, tmp_path):
    path = tmp_path / "t.nt"
    path.write_text(TRIPLE_TERM, encoding="utf-8")
    out = tmp_path / "out.jsonld"
    result = cli("export", "--input", path, "--format", "jsonld", "--output", out)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "in JSON-LD" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.nt"]


def test_cli_a_bad_input_file_is_one_line_naming_it(cli, tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text("<http://ex/s> <http://ex/p> .\n", encoding="utf-8")
    out = tmp_path / "out.ttl"
    result = cli("export", "--input", path, "--output", out)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "bad.ttl" in result.stderr
    assert not out.exists()


def test_cli_input_refuses_publication_flags(cli, quads_file, tmp_path):
    result = cli("export", "--input", quads_file, "--with-ontology", "--output", tmp_path / "o.ttl")
    assert result.returncode == 2 and "--input writes a file as it is: leave out --with-ontology" in result.stderr
