"""The official DCAT-AP 3.0.1 SHACL shapes (SEMIC, copied with their licence into tests/data/dcat-ap-3.0.1) on the files a
harvester reads alone: catalog.rdf, void.ttl and the description inside each data file. shapes.ttl
and range.ttl together must find no violation; the recommended shapes' warnings are exactly the
properties the README lists as left empty, and each says why."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyshacl
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SH, SKOS

from clusterkg import publish

OFFICIAL = Path(__file__).resolve().parents[1] / "data" / "dcat-ap-3.0.1"
DATASET = URIRef("https://w3id.org/wmgrowth/id/dataset/cluster-growth-profiles")
CATALOG = URIRef("https://w3id.org/wmgrowth/id/catalog/clusterkg")
PROJECT = URIRef("https://w3id.org/wmgrowth/id/agent/clusterkg")
COVERAGE = URIRef(f"{DATASET}/spatial-coverage")  # the box over the 16 districts
STATGEO = "http://statistics.data.gov.uk/id/statistical-geography/"
DISTRICTS = ["E08000025", "E08000026", "E08000027", "E08000028", "E08000029", "E08000030", "E08000031",
             "E07000192", "E07000193", "E07000199", "E07000218", "E07000219", "E07000220", "E07000221",
             "E07000222", "E07000239"]
SETTINGS = {"issued": "2025-01-31", "modified": "2025-03-01", "contact_name": "Data team",
            "contact_email": "contact@example.org", "contact_url": "https://example.org/contact",
            "landing_page": "https://example.org/wm/", "download_base": "https://example.org/wm/files/",
            "dataset_version": "0.2.0"}
RDFLIB = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml"}
# (focus, path) of each recommended property left empty with every setting given; docs/publisher.md
AVAILABILITY = "http://data.europa.eu/r5r/availability"
LEFT_EMPTY = Counter({
    ("distribution", AVAILABILITY): 5,  # planned availability: a commitment only the publisher can make
    (str(DATASET), str(DCTERMS.temporal)): 1,  # the page states no period the data covers
    (str(PROJECT), str(DCTERMS.type)): 1,  # no ADMS publisher type names a project
    # no centroid could be established (a box's centre is not one), for the box of the 16 districts and for
    # each district (each has its box, from the same ONS boundaries)
    (str(COVERAGE), str(DCAT.centroid)): 1,
    **{(STATGEO + code, str(DCAT.centroid)): 1 for code in DISTRICTS},
})


def _shapes(*names: str) -> Graph:
    missing = [name for name in names if not (OFFICIAL / name).is_file()]
    assert not missing, f"the official DCAT-AP 3.0.1 shapes are missing from {OFFICIAL}: {missing}"
    shapes = Graph()
    for name in names:
        shapes.parse(OFFICIAL / name)
    return shapes


@pytest.fixture(scope="module")
def mandatory():
    return _shapes("shapes.ttl", "range.ttl")


@pytest.fixture(scope="module")
def recommended():
    return _shapes("shapes_recommended.ttl")


@pytest.fixture(scope="module")
def folder(graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("dcat-ap") / "pub"
    publish(graph, out, **SETTINGS)
    return out


@pytest.fixture(scope="module")
def bare_folder(graph, tmp_path_factory):
    """A publication with no settings at all (the embedded data's case: the page gives none)."""
    out = tmp_path_factory.mktemp("dcat-ap-bare") / "pub"
    publish(graph, out)
    return out


def results(data: Graph, shapes: Graph) -> list[tuple[str, str, str]]:
    """(severity, focus node, path) of every result."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    return sorted((str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1], str(report.value(r, SH.focusNode)),
                   str(report.value(r, SH.resultPath))) for r in report.subjects(RDF.type, SH.ValidationResult))


def harvested(folder: Path, name: str) -> Graph:
    """What a harvester reads of one file: a data file's default graph (TriG: the description)."""
    if name.endswith(".trig"):
        ds = Dataset()
        ds.parse(folder / name, format="trig")
        return Graph() + ds.default_graph
    suffix = name.rsplit(".", 1)[-1]
    return Graph().parse(folder / name, format=RDFLIB.get(suffix, "turtle"))


FILES = ["catalog.rdf", "void.ttl", "graph.ttl", "graph.nt", "graph.jsonld", "graph.rdf", "graph.trig"]


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("which", ["with-settings", "no-settings"])
def test_official_shapes_find_no_violation(folder, bare_folder, mandatory, name, which):
    found = results(harvested(folder if which == "with-settings" else bare_folder, name), mandatory)
    assert found == [], found[:10]


def _left_empty(found) -> Counter:
    return Counter(("distribution" if "/distribution/" in focus else focus, path) for _, focus, path in found)


def test_recommended_properties_left_empty_are_the_listed_ones(folder, recommended):
    found = results(harvested(folder, "catalog.rdf"), recommended)
    assert {severity for severity, _, _ in found} == {"Warning"}
    assert _left_empty(found) == LEFT_EMPTY


def test_without_settings_the_contact_point_homepage_and_dates_are_missing_too(bare_folder, recommended):
    found = _left_empty(results(harvested(bare_folder, "void.ttl"), recommended))
    assert found - LEFT_EMPTY == Counter({(str(DATASET), str(DCAT.contactPoint)): 1,
                                          (str(CATALOG), "http://xmlns.com/foaf/0.1/homepage"): 1,
                                          (str(CATALOG), str(DCTERMS.issued)): 1,
                                          (str(CATALOG), str(DCTERMS.modified)): 1})


def test_the_data_files_lack_only_the_distributions_they_cannot_hold(folder, recommended):
    """A file cannot carry its own checksum: the distributions are in void.ttl and catalog.rdf."""
    found = _left_empty(results(harvested(folder, "graph.ttl"), recommended))
    assert found - LEFT_EMPTY == Counter({(str(DATASET), str(DCAT.distribution)): 1})


LEVER = URIRef("https://w3id.org/wmgrowth/id/lever/early-growth-fund")
ECON = URIRef("http://publications.europa.eu/resource/authority/data-theme/ECON")
TURTLE = URIRef(f"{DATASET}/distribution/turtle")
BREAKS = {
    "theme-not-a-concept": (lambda g: g.remove((LEVER, RDF.type, SKOS.Concept)), (str(DATASET), str(DCAT.theme))),
    "eu-theme-without-label": (lambda g: g.remove((ECON, SKOS.prefLabel, None)), (str(ECON), str(SKOS.prefLabel))),
    "scheme-without-title": (lambda g: g.remove((URIRef("https://w3id.org/wmgrowth/id/scheme/benchmarks"),
                                                 DCTERMS.title, None)),
                             ("https://w3id.org/wmgrowth/id/scheme/benchmarks", str(DCTERMS.title))),
    "two-versions": (lambda g: g.add((DATASET, URIRef(str(DCAT) + "version"), Literal("0.3.0"))),
                     (str(DATASET), str(DCAT) + "version")),
    "byte-size-not-an-integer": (lambda g: g.set((TURTLE, DCAT.byteSize, Literal("150 kB"))),
                                 (str(TURTLE), str(DCAT.byteSize))),
    "contact-not-a-vcard": (lambda g: g.remove((URIRef(f"{DATASET}/contact-point"), RDF.type, None)),
                            (str(DATASET), str(DCAT.contactPoint))),
}


@pytest.mark.parametrize("case", BREAKS)
def test_each_broken_rule_is_a_violation(folder, mandatory, case):
    broken = harvested(folder, "graph.ttl") + harvested(folder, "void.ttl")
    change, expected = BREAKS[case]
    change(broken)
    found = results(broken, mandatory)
    assert {(focus, path) for severity, focus, path in found if severity == "Violation"} == {expected}
