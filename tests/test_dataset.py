"""The dataset description: DCAT-AP 3 checks, VoID counts against an independent engine, PROV, options."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph
import pyshacl
import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

import clusterkg
from clusterkg.dataset import OGL_V3, SPDX, Distribution, describe
from clusterkg.profiles import load_profiles
from clusterkg.errors import ClusterKGError, InputError
from clusterkg.export import EXPORT_FORMATS, FORMATS, prepare, render
from clusterkg.options import PublicationOptions

ROOT = Path(__file__).resolve().parents[1]
CHECKS = Graph().parse(ROOT / "ontology" / "dcat-ap-checks.ttl")
ID = "https://w3id.org/wmgrowth/id/"
DATASET = URIRef(ID + "dataset/cluster-growth-profiles")
CATALOG = URIRef(ID + "catalog/clusterkg")
SOURCE = URIRef(ID + "source/cluster-growth-profiles")
WMCA = URIRef(ID + "organisation/west-midlands-combined-authority")
PROJECT = URIRef(ID + "agent/clusterkg")
LEVER_SCHEME = URIRef(ID + "scheme/levers")
STATGEO = "http://statistics.data.gov.uk/id/statistical-geography/"
DISTRICTS = ["E08000025", "E08000026", "E08000027", "E08000028", "E08000029", "E08000030", "E08000031",
             "E07000192", "E07000193", "E07000199", "E07000218", "E07000219", "E07000220", "E07000221",
             "E07000222", "E07000239"]
LEVERS = ["future-skills-pathway", "location-coordination", "foreign-direct-investment", "direct-competitive-funding",
          "early-growth-fund", "land-assembly-infrastructure-fund", "transport-infrastructure-fund"]
OGL_ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."


@pytest.fixture(scope="module")
def description(graph):
    """The description with one distribution per format, as ``export --all`` writes it."""
    parts = prepare(graph, PublicationOptions(description=True, issued="2025-01-31"))
    dists = [Distribution.of(FORMATS[name], f"graph.{FORMATS[name].extension}", render(parts, name))
             for name in EXPORT_FORMATS]
    return describe(graph, issued="2025-01-31", distributions=dists)


@pytest.fixture(scope="module")
def plain(graph):
    """The description with no options at all."""
    return describe(graph)


def shacl(data: Graph) -> tuple[bool, list[str]]:
    conforms, results, _ = pyshacl.validate(data, shacl_graph=CHECKS, inference="none")
    return conforms, sorted({str(m) for m in results.objects(None, SH.resultMessage)})


# -- DCAT-AP 3 ----

def test_every_check_has_a_message():
    shapes = set(CHECKS.subjects(RDF.type, SH.NodeShape)) | set(CHECKS.objects(None, SH.property))
    assert len(shapes) > 30 and all(CHECKS.value(s, SH.message) for s in shapes)


@pytest.mark.parametrize("which", ["with-distributions", "no-options"])
def test_description_passes_the_dcat_ap_checks(graph, description, plain, which):
    conforms, messages = shacl(graph + (description if which == "with-distributions" else plain))
    assert conforms, messages


def _dist(g: Graph, name: str) -> URIRef:
    return URIRef(f"{DATASET}/distribution/{name}")


BREAKS = {
    "dataset-without-title": (lambda g: g.remove((DATASET, DCTERMS.title, None)),
                              "A dataset must have a title (DCAT-AP 3 mandatory)."),
    "dataset-without-description": (lambda g: g.remove((DATASET, DCTERMS.description, None)),
                                    "A dataset must have a description (DCAT-AP 3 mandatory)."),
    "catalog-without-title": (lambda g: g.remove((CATALOG, DCTERMS.title, None)),
                              "A catalogue must have a title (DCAT-AP 3 mandatory)."),
    "catalog-without-publisher": (lambda g: g.remove((CATALOG, DCTERMS.publisher, None)),
                                  "A catalogue must have exactly one publisher, a foaf:Agent (DCAT-AP 3 mandatory)."),
    "catalog-with-two-publishers": (lambda g: g.add((CATALOG, DCTERMS.publisher, WMCA)),
                                    "A catalogue must have exactly one publisher, a foaf:Agent (DCAT-AP 3 mandatory)."),
    "dataset-with-two-publishers": (lambda g: g.add((DATASET, DCTERMS.publisher, PROJECT)),
                                    "A dataset has at most one publisher, a foaf:Agent."),
    "distribution-without-access-url": (lambda g: g.remove((_dist(g, "turtle"), DCAT.accessURL, None)),
                                        "A distribution must have an access URL, an IRI (DCAT-AP 3 mandatory)."),
    "distribution-with-two-media-types": (
        lambda g: g.add((_dist(g, "turtle"), DCAT.mediaType, g.value(_dist(g, "trig"), DCAT.mediaType))),
        "A distribution has at most one media type, a dcterms:MediaType."),
    "byte-size-not-an-integer": (
        lambda g: g.set((_dist(g, "trig"), DCAT.byteSize, Literal("150 kB"))),
        "A distribution has at most one byte size, an xsd:nonNegativeInteger."),
    "checksum-without-algorithm": (
        lambda g: g.remove((URIRef(f"{_dist(g, 'jsonld')}/checksum"), SPDX.algorithm, None)),
        "A checksum must name exactly one algorithm, an spdx:ChecksumAlgorithm (DCAT-AP 3 mandatory)."),
    "checksum-value-not-hex-binary": (
        lambda g: g.set((URIRef(f"{_dist(g, 'jsonld')}/checksum"), SPDX.checksumValue, Literal("abc"))),
        "A checksum must have exactly one value, an xsd:hexBinary (DCAT-AP 3 mandatory)."),
    "publisher-without-name": (lambda g: g.remove((WMCA, FOAF.name, None)),
                               "An agent must have a name (DCAT-AP 3 mandatory)."),
    "theme-without-pref-label": (lambda g: g.remove((URIRef(ID + "lever/early-growth-fund"), SKOS.prefLabel, None)),
                                 "A concept must have a preferred label (DCAT-AP 3 mandatory)."),
    "theme-scheme-without-title": (lambda g: g.remove((LEVER_SCHEME, DCTERMS.title, None)),
                                   "A concept scheme must have a title (DCAT-AP 3 mandatory)."),
    "spatial-not-a-location": (lambda g: g.remove((URIRef(STATGEO + "E47000007"), RDF.type, DCTERMS.Location)),
                               "A dataset's spatial coverage must be dcterms:Locations."),
    "issued-not-a-date": (lambda g: g.set((DATASET, DCTERMS.issued, Literal("31 January 2025"))),
                          "A dataset has at most one issued date, an xsd:date or xsd:dateTime."),
}


@pytest.mark.parametrize("case", BREAKS)
def test_each_broken_rule_is_reported(graph, description, case):
    broken = graph + description
    change, message = BREAKS[case]
    change(broken)
    conforms, messages = shacl(broken)
    assert not conforms and messages == [message]


def test_every_node_shape_has_a_failing_case():
    failing = {message for _, message in BREAKS.values()}
    for shape in CHECKS.subjects(RDF.type, SH.NodeShape):
        own = {str(CHECKS.value(p, SH.message)) for p in CHECKS.objects(shape, SH.property)}
        assert own & failing, f"no case breaks {shape}"


# -- DCAT content ----

def test_dataset_title_publisher_creator(description):
    d = description
    assert (DATASET, RDF.type, DCAT.Dataset) in d and (DATASET, RDF.type, VOID.Dataset) in d
    assert (CATALOG, DCAT.dataset, DATASET) in d
    assert d.value(DATASET, DCTERMS.title) == Literal(
        "West Midlands Plan for Growth: Cluster Growth Profiles as linked data", lang="en")
    assert "(157 statements)" in d.value(DATASET, DCTERMS.description)
    assert d.value(DATASET, DCTERMS.publisher) == WMCA
    assert d.value(WMCA, FOAF.name) == Literal("West Midlands Combined Authority")
    assert d.value(WMCA, DCTERMS.type) == URIRef("http://purl.org/adms/publishertype/RegionalAuthority")
    assert d.value(WMCA, FOAF.homepage) == URIRef("https://www.wmca.org.uk/")  # from data/entities.yaml
    assert d.value(DATASET, DCTERMS.creator) == PROJECT and d.value(PROJECT, FOAF.name) is not None


def test_publisher_comes_from_the_data(data_copy, cli, tmp_path, graph):
    _set_source_fields(data_copy, publisher="BBC")  # the source's publisher in plan.yaml, found by label
    out = tmp_path / "g.ttl"
    assert cli("export", "--data", data_copy, "--output", out).returncode == 0
    g = Graph().parse(out)
    assert g.value(DATASET, DCTERMS.publisher) == URIRef(ID + "organisation/bbc")
    assert g.value(SOURCE, DCTERMS.publisher) == URIRef(ID + "organisation/bbc")
    # a publisher the graph does not know becomes an agent of its own
    d = describe(graph, publisher="Office for National Statistics")
    agent = URIRef(ID + "agent/office-for-national-statistics")
    assert d.value(DATASET, DCTERMS.publisher) == agent
    assert d.value(agent, FOAF.name) == Literal("Office for National Statistics")


def test_the_publishers_homepage_is_in_the_graph(graph):
    assert graph.value(WMCA, FOAF.homepage) == URIRef("https://www.wmca.org.uk/")


def test_spatial_coverage_is_the_combined_authority_area_and_the_districts(description):
    spatial = {str(s)[len(STATGEO):] for s in description.objects(DATASET, DCTERMS.spatial)}
    assert spatial == {"E47000007", *DISTRICTS} and len(spatial) == 17
    assert description.value(URIRef(STATGEO + "E47000007"), RDFS.label) == \
        Literal("West Midlands Combined Authority area", lang="en")
    assert description.value(URIRef(STATGEO + "E07000221"), RDFS.label) == Literal("Stratford-on-Avon", lang="en")


def test_themes_are_the_lever_scheme(description):
    assert {str(t) for t in description.objects(DATASET, DCAT.theme)} == {ID + "lever/" + s for s in LEVERS}
    assert set(description.objects(CATALOG, DCAT.themeTaxonomy)) == {LEVER_SCHEME}
    assert description.value(LEVER_SCHEME, DCTERMS.title) == Literal("Levers of the Plan for Growth", lang="en")


def test_keywords_are_the_plan_the_page_and_the_cluster_names(description, data):
    keywords = {str(k) for k in description.objects(DATASET, DCAT.keyword)}
    assert keywords == {"West Midlands Plan for Growth", "Cluster Growth Profiles"} | {p.name for p in data.profiles}
    assert len(keywords) == 10


def test_default_licence_is_the_ogl_with_its_attribution(description):
    for subject in (DATASET, CATALOG, _dist(description, "turtle")):
        assert description.value(subject, DCTERMS.license) == URIRef(OGL_V3)
    assert description.value(URIRef(OGL_V3), RDFS.label) == Literal("Open Government Licence v3.0", lang="en")
    rights = description.value(DATASET, DCTERMS.rights)
    assert description.value(rights, RDFS.label) == Literal(OGL_ATTRIBUTION, lang="en")
    assert description.value(_dist(description, "trig"), DCTERMS.rights) == rights


def test_another_licence_has_no_ogl_wording(graph):
    cc = "https://creativecommons.org/licenses/by/4.0/"
    d = describe(graph, license=cc)
    assert d.value(DATASET, DCTERMS.license) == URIRef(cc)
    assert (URIRef(cc), RDF.type, DCTERMS.LicenseDocument) in d
    assert d.value(DATASET, DCTERMS.rights) is None and OGL_ATTRIBUTION not in d.serialize(format="nt")


@pytest.mark.parametrize("licence", ["OGL", "ftp://example.org/licence"], ids=["a-name", "not-http"])
def test_bad_licence_is_a_clear_error(graph, licence):
    with pytest.raises(ClusterKGError, match="licence"):
        describe(graph, license=licence)


# -- Distributions ----

MEDIA = {"turtle": "text/turtle", "ntriples": "application/n-triples", "jsonld": "application/ld+json",
         "rdfxml": "application/rdf+xml", "trig": "application/trig"}


@pytest.mark.parametrize("format", EXPORT_FORMATS)
def test_one_distribution_per_format_with_media_type_size_and_checksum(graph, description, format):
    parts = prepare(graph, PublicationOptions(description=True, issued="2025-01-31"))
    data = render(parts, format)
    node = _dist(description, format)
    assert (DATASET, DCAT.distribution, node) in description
    assert str(description.value(node, DCAT.mediaType)) == "http://www.iana.org/assignments/media-types/" + MEDIA[format]
    assert description.value(node, DCAT.byteSize) == Literal(len(data), datatype=XSD.nonNegativeInteger)
    checksum = description.value(node, SPDX.checksum)
    assert description.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    assert description.value(checksum, SPDX.checksumValue) == Literal(hashlib.sha256(data).hexdigest(),
                                                                      datatype=XSD.hexBinary)
    url = URIRef(f"https://w3id.org/wmgrowth/download/graph.{FORMATS[format].extension}")
    assert description.value(node, DCAT.downloadURL) == url and (DATASET, VOID.dataDump, url) in description


def test_no_distributions_without_files(plain):
    assert list(plain.objects(DATASET, DCAT.distribution)) == []


# -- Dates ----

def test_dates_come_only_from_options(graph, plain):
    assert plain.value(DATASET, DCTERMS.issued) is None and plain.value(DATASET, DCTERMS.modified) is None
    d = describe(graph, issued="2025-01-31")
    for subject in (DATASET, CATALOG):
        assert d.value(subject, DCTERMS.issued) == Literal("2025-01-31", datatype=XSD.date)
        assert d.value(subject, DCTERMS.modified) == Literal("2025-01-31", datatype=XSD.date)
    d = describe(graph, issued="2025-01-31", modified="2025-03-01")
    assert d.value(DATASET, DCTERMS.modified) == Literal("2025-03-01", datatype=XSD.date)


@pytest.mark.parametrize("options, message", [
    ({"issued": "31/01/2025"}, "issued: '31/01/2025' is not a date"),
    ({"modified": "2025-02-30"}, "modified: '2025-02-30' is not a date"),
    ({"issued": "2025-02-01", "modified": "2025-01-01"}, "before issued date"),
], ids=["issued-not-iso", "no-such-day", "modified-before-issued"])
def test_bad_dates_are_clear_errors(graph, options, message):
    with pytest.raises(ClusterKGError, match=message):
        describe(graph, **options)


def _set_source_fields(data_dir: Path, **fields) -> None:
    path = data_dir / "plan.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["sources"][0].update(fields)
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


def test_default_dates_come_from_the_data(data_copy, cli, tmp_path):
    import datetime

    source = load_profiles().sources[0]
    assert (source.issued, source.modified) == (None, None)  # the real data states none
    _set_source_fields(data_copy, issued="2024-06-01", modified="2024-09-15")
    source = load_profiles(data_copy).sources[0]
    assert (source.issued, source.modified) == (datetime.date(2024, 6, 1), datetime.date(2024, 9, 15))
    out = tmp_path / "g.ttl"
    assert cli("export", "--data", data_copy, "--output", out).returncode == 0
    g = Graph().parse(out)
    assert g.value(DATASET, DCTERMS.issued) == Literal("2024-06-01", datatype=XSD.date)
    assert g.value(DATASET, DCTERMS.modified) == Literal("2024-09-15", datatype=XSD.date)
    assert cli("export", "--data", data_copy, "--output", out, "--modified", "2025-01-01").returncode == 0
    assert Graph().parse(out).value(DATASET, DCTERMS.modified) == Literal("2025-01-01", datatype=XSD.date)


def test_a_bad_date_in_the_data_names_file_and_field(data_copy, cli, tmp_path):
    _set_source_fields(data_copy, issued="June 2024")
    with pytest.raises(InputError, match=r"plan\.yaml, line \d+ \(field 'sources\[0\]\.issued'\)"):
        load_profiles(data_copy)
    result = cli("export", "--data", data_copy, "--output", tmp_path / "g.ttl")
    assert result.returncode == 2 and "sources[0].issued" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "g.ttl").exists()


# -- PROV ----

def test_provenance_source_page_and_generating_tool(description):
    d = description
    assert d.value(DATASET, PROV.wasDerivedFrom) == SOURCE
    assert d.value(SOURCE, DCTERMS.title) == Literal("Cluster Growth Profiles")
    assert d.value(SOURCE, DCTERMS.publisher) == WMCA and (SOURCE, RDF.type, PROV.Entity) in d
    activity = d.value(DATASET, PROV.wasGeneratedBy)
    assert (activity, RDF.type, PROV.Activity) in d and d.value(activity, PROV.used) == SOURCE
    software = d.value(activity, PROV.wasAssociatedWith)
    assert (software, RDF.type, PROV.SoftwareAgent) in d
    assert d.value(software, OWL.versionInfo) == Literal(clusterkg.__version__)
    assert d.value(software, RDFS.label) == Literal(f"clusterkg {clusterkg.__version__}")


# -- VoID, checked against Oxigraph's SPARQL engine ----

@pytest.fixture(scope="module")
def oxigraph_store(graph):
    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def count(store, what: str, where: str) -> int:
    """``SELECT (COUNT(what) AS ?n) WHERE { where }`` on the Oxigraph store."""
    rows = store.query(f"SELECT (COUNT({what}) AS ?n) WHERE {{ {where} }}")
    return int(next(iter(rows))["n"].value)


def void_int(d: Graph, subject, prop) -> int:
    return int(d.value(subject, VOID[prop]))


@pytest.mark.parametrize("prop, what, where", [pytest.param(prop, what, where, id=prop) for prop, what, where in [
    ("triples", "*", "?s ?p ?o"),
    ("entities", "DISTINCT ?s", f'?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{ID}"))'),
    ("distinctSubjects", "DISTINCT ?s", "?s ?p ?o"),
    ("distinctObjects", "DISTINCT ?o", "?s ?p ?o"),
    ("classes", "DISTINCT ?c", "?s a ?c"),
    ("properties", "DISTINCT ?p", "?s ?p ?o"),
]])
def test_void_counts_equal_the_real_counts(plain, oxigraph_store, prop, what, where):
    assert void_int(plain, DATASET, prop) == count(oxigraph_store, what, where)


def test_void_triples_is_the_size_of_the_graph(plain, graph):
    assert void_int(plain, DATASET, "triples") == len(graph)


def test_void_class_partitions_equal_the_real_counts(plain, oxigraph_store):
    real = {str(row["c"].value): int(row["n"].value) for row in oxigraph_store.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")}
    parts = {str(plain.value(p, VOID["class"])): void_int(plain, p, "entities")
             for p in plain.objects(DATASET, VOID.classPartition)}
    assert parts == real
    grow = "https://w3id.org/wmgrowth/def#"
    by_hand = {"Cluster": 8, "GrowthOpportunity": 8, "Statement": 157, "Place": 21, "Lever": 7, "Benchmark": 3,
               "Plan": 1, "SourceDocument": 1}
    assert {name: parts[grow + name] for name in by_hand} == by_hand
    assert parts[str(SKOS.Concept)] == 10 and parts[str(SKOS.ConceptScheme)] == 2


def test_void_property_partitions_equal_the_real_counts(plain, oxigraph_store):
    real = {str(row["p"].value): int(row["n"].value) for row in oxigraph_store.query(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p")}
    parts = {str(plain.value(p, VOID.property)): void_int(plain, p, "triples")
             for p in plain.objects(DATASET, VOID.propertyPartition)}
    assert parts == real
    assert parts["https://w3id.org/wmgrowth/def#usesLever"] == 29  # the 29 cluster-lever edges


def test_void_vocabularies_uri_space_examples(plain):
    assert {str(v) for v in plain.objects(DATASET, VOID.vocabulary)} == {
        "https://w3id.org/wmgrowth/def#", str(RDF), str(RDFS), str(SKOS), str(OWL), str(PROV), str(DCTERMS),
        "http://www.w3.org/ns/org#", str(FOAF)}
    assert plain.value(DATASET, VOID.uriSpace) == Literal(ID)
    assert {str(e)[len(ID):] for e in plain.objects(DATASET, VOID.exampleResource)} == {
        "plan/plan-for-growth", "cluster/aerospace", "place/birmingham", "lever/direct-competitive-funding",
        "organisation/association-of-health-tech-businesses"}
    assert plain.value(DATASET, VOID.sparqlEndpoint) is None


def test_sparql_endpoint_only_when_given(graph):
    d = describe(graph, sparql_endpoint="http://127.0.0.1:7878/query")
    assert d.value(DATASET, VOID.sparqlEndpoint) == URIRef("http://127.0.0.1:7878/query")


def test_rebased_description_uses_the_new_base(graph):
    base = "https://data.example.org/wm/"
    d = describe(clusterkg.rebase(graph, base).rdflib(), base_iri=base)
    dataset = URIRef(base + "id/dataset/cluster-growth-profiles")
    assert d.value(dataset, VOID.uriSpace) == Literal(base + "id/")
    assert void_int(d, dataset, "entities") == void_int(describe(graph), DATASET, "entities")
    assert not any(str(t).startswith("https://w3id.org/wmgrowth/id/") for tr in d for t in tr)


def test_description_is_deterministic(graph, plain):
    again = describe(clusterkg.build_graph(clusterkg.load_profiles()))
    assert again.serialize(format="longturtle") == plain.serialize(format="longturtle")
