"""Every positive test of the W3C RDF 1.1 Turtle and N-Triples suites, written in every format and read
back by both Oxigraph and rdflib: the graph must come back the same.

The suites are copied, with their licence, into ``tests/data/w3c-rdf-tests`` (see its README); a missing
suite is a failure, not a skip. Each input is parsed once (by Oxigraph), for the whole module.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from clusterkg.errors import ClusterKGError
from clusterkg.writers import FORMATS, serialize

from .rdfcompare import assert_same_graph, canonical_numbers, from_oxigraph, read_back

SUITES = Path(__file__).resolve().parent / "data" / "w3c-rdf-tests" / "rdf" / "rdf11"
RDFT = "http://www.w3.org/ns/rdftest#"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
POSITIVE = {RDFT + "TestTurtleEval", RDFT + "TestTurtlePositiveSyntax", RDFT + "TestNTriplesPositiveSyntax"}
FOLDERS = {"rdf-turtle": ("ttl", ox.RdfFormat.TURTLE), "rdf-n-triples": ("nt", ox.RdfFormat.N_TRIPLES)}
BASE = "https://w3c.github.io/rdf-tests/rdf/rdf11/"

# Worked out by hand from the input files: the graphs RDF/XML cannot hold, and why.
_CONTROLS = "a literal holds control characters XML 1.0 forbids"
RDFXML_CANNOT = {
    "nt-literal_all_controls": _CONTROLS + " (U+0000 to U+001F)",
    "nt-literal_ascii_boundaries": _CONTROLS + " (U+0000, U+000B, U+000C, U+000E)",
    "nt-literal_with_BACKSPACE": _CONTROLS + " (U+0008)",
    "nt-literal_with_FORM_FEED": _CONTROLS + " (U+000C)",
    "ttl-LITERAL1_all_controls": _CONTROLS + " (U+0000 to U+001F)",
    "ttl-LITERAL1_ascii_boundaries": _CONTROLS + " (U+0000, U+000B, U+000C, U+000E)",
    "ttl-LITERAL2_ascii_boundaries": _CONTROLS + " (U+0000, U+000B, U+000C, U+000E)",
    "ttl-LITERAL_LONG1_ascii_boundaries": _CONTROLS + " (U+0000)",
    "ttl-LITERAL_LONG2_ascii_boundaries": _CONTROLS + " (U+0000)",
    "ttl-literal_with_BACKSPACE": _CONTROLS + " (U+0008)",
    "ttl-literal_with_FORM_FEED": _CONTROLS + " (U+000C)",
    "ttl-literal_with_escaped_BACKSPACE": _CONTROLS + " (U+0008)",
    "ttl-literal_with_escaped_FORM_FEED": _CONTROLS + " (U+000C)",
    "ttl-turtle-syntax-ln-colons": "property IRIs end in ':1', ':' or ':2': no XML name at the end",
    "ttl-turtle-syntax-pname-esc-03": "the property IRI ends in 'abc.:': no XML name at the end",
    "ttl-turtle-syntax-prefix-05": "the property IRI ends in '/': no XML name at the end",
    "ttl-turtle-syntax-prefix-09": "the property IRI ends in '%25': no XML name at the end",
}
# Inputs with numbers whose lexical form is not canonical (+1, 01, 000001, .1, +123.0, +.7). Written bare
# in Turtle and TriG (as the Turtle grammar allows), rdflib's Turtle parser reads them through Python's
# int/Decimal/float and so changes the lexical form ("+1" -> "1"), which Oxigraph does not. For these,
# rdflib's reading is compared with the numbers written in rdflib's canonical form.
RDFLIB_BARE_NUMBERS = {"ttl-numeric_with_leading_0", "ttl-positive_numeric", "ttl-turtle-subm-11",
                       "ttl-turtle-syntax-number-03", "ttl-turtle-syntax-number-05", "ttl-turtle-syntax-number-07",
                       "ttl-turtle-syntax-number-13"}


def _tests() -> list[tuple[str, Path, ox.RdfFormat, str]]:
    """(id, input file, its format, base IRI) for every positive test, in manifest order."""
    found = []
    for folder, (tag, fmt) in FOLDERS.items():
        manifest = SUITES / folder / "manifest.ttl"
        assert manifest.is_file(), f"the W3C RDF test suite is missing: {manifest}"
        base = f"{BASE}{folder}/manifest.ttl"
        graph = rdflib.Graph().parse(manifest, format="turtle", publicID=base)
        for test, kind in graph.subject_objects(rdflib.RDF.type):
            if str(kind) in POSITIVE:
                name = str(graph.value(test, rdflib.URIRef(MF + "name")))
                action = str(graph.value(test, rdflib.URIRef(MF + "action")))
                found.append((f"{tag}-{name}", SUITES / folder / action.rsplit("/", 1)[1], fmt, action))
    return sorted(found)


TESTS = _tests()


@pytest.fixture(scope="module")
def inputs() -> dict:
    """id -> (the input as Oxigraph triples, the prefixes it declares, the same triples as an rdflib graph);
    each input parsed once."""
    out = {}
    for test_id, path, fmt, base in TESTS:
        parser = ox.parse(path=str(path), format=fmt, base_iri=base)
        triples = [q.triple for q in parser]
        out[test_id] = (triples, dict(parser.prefixes), from_oxigraph(triples))
    return out


@pytest.mark.parametrize(("test_id", "format"), [
    pytest.param(test_id, format, id=f"{format}-{test_id}") for test_id, *_ in TESTS for format in FORMATS])
def test_w3c_graph_survives(inputs, test_id, format):
    """Written with the prefixes the input declares (empty, reassigned, odd namespaces), as a graph that is
    not ours would be."""
    triples, prefixes, expected = inputs[test_id]
    if format == "rdfxml" and test_id in RDFXML_CANNOT:
        with pytest.raises(ClusterKGError, match="RDF/XML"):
            serialize(triples, format, prefixes=prefixes)
        return
    data = serialize(triples, format, prefixes=prefixes)
    assert_same_graph(expected, read_back(data, format, "oxigraph"), f"{format} read by oxigraph")
    if format in ("turtle", "trig") and test_id in RDFLIB_BARE_NUMBERS:
        expected = canonical_numbers(expected)
    assert_same_graph(expected, read_back(data, format, "rdflib"), f"{format} read by rdflib")
