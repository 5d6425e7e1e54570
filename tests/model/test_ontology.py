"""The ontology, ontology/clusterkg.ttl: its terms against ``GROW``, their blocks, its README."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS

from clusterkg.model.vocab import GROW, ONTOLOGY_IRI, ORG

# A plain Namespace: rdflib's XSD warns when pytest probes the module's names during collection.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_FILE = ROOT / "ontology" / "clusterkg.ttl"
NS = str(GROW._NS)
KINDS = {
    OWL.Class: "class",
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "datatype property",
}
PREFIXES = {"grow": NS, "skos": str(SKOS), "org": str(ORG), "foaf": str(FOAF), "prov": str(PROV), "xsd": str(XSD)}
# The one order of a term's block in the Turtle file.
BLOCK_ORDER = ["a", "rdfs:label", "rdfs:domain", "rdfs:range", "rdfs:subClassOf", "rdfs:subPropertyOf",
               "rdfs:comment", "rdfs:isDefinedBy"]

ONTOLOGY = Graph().parse(ONTOLOGY_FILE)


def defined_terms(g: Graph) -> set[URIRef]:
    return {s for kind in KINDS for s in g.subjects(RDF.type, kind) if str(s).startswith(NS)}


def used_terms(g: Graph) -> set[URIRef]:
    return {t for triple in g for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}


def vocab_terms() -> list[URIRef]:
    """The terms of ``GROW``, in the order vocab.py lists them."""
    return [URIRef(NS + name) for name in GROW.__annotations__ if not name.startswith("_")]


def members(g: Graph, node) -> list:
    """A class, or the members of an ``owl:unionOf`` class expression."""
    union = g.value(node, OWL.unionOf) if isinstance(node, BNode) else None
    return list(Collection(g, union)) if union is not None else [node]


def curie(uri) -> str:
    for prefix, ns in PREFIXES.items():
        if str(uri).startswith(ns):
            return f"`{prefix}:{str(uri)[len(ns):]}`"
    return f"<{uri}>"


def readme_rows(g: Graph) -> list[str]:
    """The term table of ontology/README.md, as the ontology says it should read."""
    rows = []
    for term in vocab_terms():
        kind = KINDS[g.value(term, RDF.type)]
        for predicate, words in ((RDFS.subClassOf, "subclass of"), (RDFS.subPropertyOf, "sub-property of")):
            supers = sorted(curie(s) for s in g.objects(term, predicate))
            kind += f", {words} {', '.join(supers)}" if supers else ""
        ends = []
        for predicate in (RDFS.domain, RDFS.range):
            node = g.value(term, predicate)
            names = [curie(m) for m in members(g, node)] if node is not None else ["any"]
            ends.append(names[0] if len(names) == 1 else "one of " + ", ".join(names))
        span = "" if kind.startswith("class") else " → ".join(ends)
        rows.append(f"| {curie(term)} | {kind} | {g.value(term, RDFS.label)} | {span} | {g.value(term, RDFS.comment)} |")
    return rows


def test_ontology_and_namespace_define_the_same_terms():
    in_ttl, in_vocab = defined_terms(ONTOLOGY), set(vocab_terms())
    assert in_ttl == in_vocab, (
        f"only in clusterkg.ttl: {sorted(in_ttl - in_vocab)}; only in vocab.py: {sorted(in_vocab - in_ttl)}"
    )


def test_every_term_used_in_the_ontology_is_defined():
    assert used_terms(ONTOLOGY) <= defined_terms(ONTOLOGY), sorted(used_terms(ONTOLOGY) - defined_terms(ONTOLOGY))


@pytest.mark.parametrize("term", sorted(defined_terms(ONTOLOGY)), ids=lambda t: t.fragment)
def test_every_term_has_a_type_label_definition_and_defined_by(term):
    types = set(ONTOLOGY.objects(term, RDF.type))
    labels = list(ONTOLOGY.objects(term, RDFS.label))
    comments = list(ONTOLOGY.objects(term, RDFS.comment))
    assert len(types & KINDS.keys()) == 1, f"kinds: {types}"
    assert len(labels) == 1 and labels[0].language == "en", f"labels: {labels}"
    assert len(comments) == 1 and comments[0].language == "en", f"comments: {comments}"
    assert list(ONTOLOGY.objects(term, RDFS.isDefinedBy)) == [URIRef(ONTOLOGY_IRI)]


def test_domains_and_ranges_name_defined_classes_or_datatypes():
    classes = set(ONTOLOGY.subjects(RDF.type, OWL.Class)) & defined_terms(ONTOLOGY)
    wrong = []
    for prop in ONTOLOGY.subjects(RDF.type, OWL.ObjectProperty):
        for end in (RDFS.domain, RDFS.range):
            wrong += [(prop, end, c) for node in ONTOLOGY.objects(prop, end) for c in members(ONTOLOGY, node)
                      if c not in classes]
    for prop in ONTOLOGY.subjects(RDF.type, OWL.DatatypeProperty):
        wrong += [(prop, RDFS.domain, c) for node in ONTOLOGY.objects(prop, RDFS.domain)
                  for c in members(ONTOLOGY, node) if c not in classes]
        wrong += [(prop, RDFS.range, r) for r in ONTOLOGY.objects(prop, RDFS.range) if not str(r).startswith(str(XSD))]
        assert ONTOLOGY.value(prop, RDFS.range) is not None, f"{prop} has no datatype"
    # An object property with a literal range (ORG's defect) lands here: a datatype is not a class.
    assert not wrong, "\n".join(f"{p.fragment} {e.fragment} {c}" for p, e, c in wrong)


@pytest.mark.parametrize(
    "subject, predicate, obj",
    [
        (GROW.Organisation, RDFS.subClassOf, ORG.Organization),
        (GROW.Lever, RDFS.subClassOf, SKOS.Concept),
        (GROW.Benchmark, RDFS.subClassOf, SKOS.Concept),
        *[(c, RDFS.subClassOf, GROW.Statement) for c in
          (GROW.Driver, GROW.LocationStatement, GROW.Leadership, GROW.Strength, GROW.Action, GROW.LeverStatement)],
        (GROW.SourceDocument, RDFS.subClassOf, FOAF.Document),
        (GROW.SourceDocument, RDFS.subClassOf, PROV.Entity),
        (GROW.ledBy, RDFS.subPropertyOf, GROW.involves),
        (GROW.hasAsset, RDFS.subPropertyOf, GROW.involves),
        (GROW.minOutputGBP, RDFS.range, XSD.decimal),
        (GROW.maxOutputGBP, RDFS.range, XSD.decimal),
        (GROW.minJobs, RDFS.range, XSD.integer),
        (GROW.maxJobs, RDFS.range, XSD.integer),
        (GROW.targetYear, RDFS.range, XSD.gYear),
        (GROW.sourceLine, RDFS.range, XSD.positiveInteger),
        (GROW.position, RDFS.range, XSD.positiveInteger),
    ],
    ids=lambda t: t.fragment or str(t).rsplit("/", 1)[-1],
)
def test_contract_axiom(subject, predicate, obj):
    assert (subject, predicate, obj) in ONTOLOGY


def test_header_has_title_description_licence_and_package_version():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    onto = URIRef(ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in ONTOLOGY
    for predicate in (DCTERMS.title, DCTERMS.description, DCTERMS.license):
        assert ONTOLOGY.value(onto, predicate) is not None, f"no {predicate}"
    assert str(ONTOLOGY.value(onto, OWL.versionInfo)) == version
    assert ONTOLOGY.value(onto, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{version}")


def test_term_blocks_follow_one_order():
    text = ONTOLOGY_FILE.read_text(encoding="utf-8")
    out_of_order = []
    for block in re.findall(r"^grow:(\w+)\n(.*?) \.$", text, flags=re.M | re.S):
        keys = [line.split()[0] for line in block[1].splitlines()]
        if not set(keys) <= set(BLOCK_ORDER) or keys != sorted(keys, key=BLOCK_ORDER.index):
            out_of_order.append(f"{block[0]}: {keys}")
    assert not out_of_order, "\n".join(out_of_order)


def test_readme_table_matches_the_ontology():
    readme = (ROOT / "ontology" / "README.md").read_text(encoding="utf-8")
    found = [line for line in readme.splitlines() if line.startswith("| `grow:")]
    expected = readme_rows(ONTOLOGY)
    assert found == expected, "ontology/README.md should have these rows:\n" + "\n".join(expected)
