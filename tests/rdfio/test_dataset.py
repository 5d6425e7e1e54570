"""The dataset description: DCAT content, VoID counts against an independent engine, PROV, options.
(The official DCAT-AP 3 shapes run in test_dcat_ap.py, a real CKAN harvest in test_ckan.py.)"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph
import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

import clusterkg
from clusterkg import KnowledgeGraph
from clusterkg.errors import ClusterKGError, InputError
from clusterkg.options import PublicationOptions
from clusterkg.rdfio.dataset import OGL_V3, SPDX, Distribution, describe
from clusterkg.rdfio.export import FORMATS, PUBLISHED_FORMATS, prepare, render
from clusterkg.rdfio.portal_terms import is_portal_tag
from clusterkg.source.profiles import load_profiles

ROOT = Path(__file__).resolve().parents[2]
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
LEVERS = ["future-skills-pathway", "location-coordination", "direct-competitive-funding",  # the plan's six
          "early-growth-fund", "land-assembly-infrastructure-fund", "transport-infrastructure-fund"]
OGL_ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
SOURCE_ADDRESS = ("https://www.wmca.org.uk/documents/strategies/plan-for-growth/west-midlands-plan-for-growth/"
                  "cluster-growth-profiles/")
# The box of the 16 districts, read off json/administrative/eng/topo_lad.json of martinjc/UK-GeoJSON (ONS
# LAD boundaries): west Wyre Forest, south Stratford-on-Avon, east Rugby, north East Staffordshire.
BOX = "POLYGON((-2.43624 51.95568, -1.17207 51.95568, -1.17207 53.04576, -2.43624 53.04576, -2.43624 51.95568))"


@pytest.fixture(scope="module")
def description(graph):
    """The description with one distribution per format, as ``export --all`` writes it."""
    parts = prepare(KnowledgeGraph.of(graph), PublicationOptions(description=True, issued="2025-01-31"))
    dists = [Distribution.of(FORMATS[name], f"graph.{FORMATS[name].extension}", render(parts, name))
             for name in PUBLISHED_FORMATS]
    return describe(graph, issued="2025-01-31", distributions=dists)


@pytest.fixture(scope="module")
def plain(graph):
    """The description with no options at all."""
    return describe(graph)


def _dist(g: Graph, name: str) -> URIRef:
    return URIRef(f"{DATASET}/distribution/{name}")


# -- DCAT content ----

def test_dataset_title_publisher_creator(description):
    d = description
    assert (DATASET, RDF.type, DCAT.Dataset) in d and (DATASET, RDF.type, VOID.Dataset) in d
    assert (CATALOG, DCAT.dataset, DATASET) in d
    assert d.value(DATASET, DCTERMS.title) == Literal(
        "West Midlands Plan for Growth: Cluster Growth Profiles as linked data", lang="en")
    assert "(157 statements)" in d.value(DATASET, DCTERMS.description)
    assert "published by West Midlands Combined Authority" in d.value(DATASET, DCTERMS.description)  # the page
    # the derived dataset is published by the project; the WMCA published the page it is derived from
    assert d.value(DATASET, DCTERMS.publisher) == PROJECT
    assert d.value(SOURCE, DCTERMS.publisher) == WMCA and d.value(DATASET, PROV.wasDerivedFrom) == SOURCE
    assert d.value(WMCA, FOAF.name) == Literal("West Midlands Combined Authority")
    assert d.value(WMCA, DCTERMS.type) == URIRef("http://purl.org/adms/publishertype/RegionalAuthority")
    assert d.value(WMCA, FOAF.homepage) == URIRef("https://www.wmca.org.uk/")  # from data/entities.yaml
    assert d.value(DATASET, DCTERMS.creator) == PROJECT and d.value(PROJECT, FOAF.name) is not None
    assert d.value(SOURCE, FOAF.page) == URIRef(SOURCE_ADDRESS)
    assert "states no licence" in d.value(SOURCE, SKOS.note) and d.value(SOURCE, DCTERMS.license) is None


def test_publisher_comes_from_the_data(data_copy, cli, tmp_path, graph):
    _set_source_fields(data_copy, publisher="BBC")  # the source's publisher in plan.yaml, found by label
    _set_publication(data_copy, publisher="Office for National Statistics")  # the dataset's, a setting
    out = tmp_path / "g.ttl"
    assert cli("export", "--data", data_copy, "--output", out).returncode == 0
    g = Graph().parse(out)
    assert g.value(DATASET, DCTERMS.publisher) == URIRef(ID + "agent/office-for-national-statistics")
    assert g.value(SOURCE, DCTERMS.publisher) == URIRef(ID + "organisation/bbc")
    # a publisher the graph does not know becomes an agent of its own
    d = describe(graph, publisher="Office for National Statistics")
    agent = URIRef(ID + "agent/office-for-national-statistics")
    assert d.value(DATASET, DCTERMS.publisher) == agent
    assert d.value(agent, FOAF.name) == Literal("Office for National Statistics")


def test_the_publishers_homepage_is_in_the_graph(graph):
    assert graph.value(WMCA, FOAF.homepage) == URIRef("https://www.wmca.org.uk/")


def test_spatial_coverage_is_the_16_districts_with_a_box_that_covers_them(description, graph):
    coverage = URIRef(f"{DATASET}/spatial-coverage")
    assert set(description.objects(DATASET, DCTERMS.spatial)) == {URIRef(STATGEO + c) for c in DISTRICTS} | {coverage}
    assert description.value(URIRef(STATGEO + "E07000221"), RDFS.label) == Literal("Stratford-on-Avon", lang="en")
    assert description.value(coverage, RDFS.label) == Literal(
        "The 16 local authority districts the profiles name", lang="en")
    box = description.value(coverage, DCAT.bbox)
    assert box.datatype == URIRef("http://www.opengis.net/ont/geosparql#wktLiteral")
    assert str(box) == BOX
    assert description.value(coverage, DCTERMS.source) == URIRef("https://github.com/martinjc/UK-GeoJSON")
    assert URIRef(STATGEO + "E47000007") not in set(description.objects())  # 9 districts lie outside it
    # the districts stay in the data, each with its ONS IRI
    assert {str(o)[len(STATGEO):] for o in graph.objects(None, OWL.sameAs) if str(o).startswith(STATGEO)} == \
        set(DISTRICTS)


def test_themes_are_the_levers_and_an_eu_data_theme(description):
    econ = URIRef("http://publications.europa.eu/resource/authority/data-theme/ECON")
    assert {str(t) for t in description.objects(DATASET, DCAT.theme)} == \
        {ID + "lever/" + s for s in LEVERS} | {str(econ)}
    eu_themes = URIRef("http://publications.europa.eu/resource/authority/data-theme")
    assert set(description.objects(CATALOG, DCAT.themeTaxonomy)) == {LEVER_SCHEME, eu_themes}
    assert description.value(LEVER_SCHEME, DCTERMS.title) == Literal("Levers of the Plan for Growth", lang="en")
    assert description.value(econ, SKOS.prefLabel) == Literal("Economy and finance", lang="en")
    for theme in description.objects(DATASET, DCAT.theme):  # typed and named, for a harvester reading it alone
        assert (theme, RDF.type, SKOS.Concept) in description and description.value(theme, SKOS.prefLabel)
        assert description.value(theme, SKOS.inScheme) in (LEVER_SCHEME, eu_themes)


def test_every_concept_scheme_of_the_data_gets_a_title(description):
    benchmarks = URIRef(ID + "scheme/benchmarks")
    assert (benchmarks, RDF.type, SKOS.ConceptScheme) in description
    assert description.value(benchmarks, DCTERMS.title) is not None


def test_keywords_are_portal_tags_the_plan_the_page_and_the_clusters(description, data):
    keywords = {str(k) for k in description.objects(DATASET, DCAT.keyword)}
    # a cluster name a portal cannot take as a tag gives way to its short name
    names = {p.name if p.slug != "aerospace" else "Aerospace" for p in data.profiles}
    assert keywords == {"West Midlands Plan for Growth", "Cluster Growth Profiles"} | names
    assert len(keywords) == 10 and all(is_portal_tag(k) for k in keywords)
    assert not is_portal_tag("Aerospace (including manufacturing alternative fuels)") and not is_portal_tag("a,b")


def test_default_licence_is_the_ogl_without_a_claim_about_the_source(description):
    assert OGL_V3 == "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"  # CKAN's uk-ogl
    for subject in (DATASET, CATALOG, _dist(description, "turtle")):
        assert description.value(subject, DCTERMS.license) == URIRef(OGL_V3)
    assert description.value(URIRef(OGL_V3), DCTERMS.title) == Literal("Open Government Licence v3.0", lang="en")
    licence_type = description.value(URIRef(OGL_V3), DCTERMS.type)
    assert (licence_type, RDF.type, SKOS.Concept) in description
    # the OGL's attribution wording would say the page is under the OGL, which the page does not state; each
    # file's rights statement (the MQA asks for one) says who licenses what: the dataset under the publisher's
    # licence, and the source page's own note from data/plan.yaml (it states no licence; none is claimed)
    assert description.value(CATALOG, DCTERMS.rights) is None
    rights = description.value(_dist(description, "trig"), DCTERMS.rights)
    assert (rights, RDF.type, DCTERMS.RightsStatement) in description
    assert description.value(rights, RDFS.label) == Literal(
        "clusterkg project publishes this dataset under the Open Government Licence v3.0. Its source page: The page "
        "states no licence for its text; none is asserted for it here.", lang="en")
    assert OGL_ATTRIBUTION not in description.serialize(format="nt")


def test_another_licence_has_no_ogl_wording(graph):
    cc = "https://creativecommons.org/licenses/by/4.0/"
    d = describe(graph, license=cc)
    assert d.value(DATASET, DCTERMS.license) == URIRef(cc)
    assert (URIRef(cc), RDF.type, DCTERMS.LicenseDocument) in d
    assert d.value(CATALOG, DCTERMS.rights) is None and OGL_ATTRIBUTION not in d.serialize(format="nt")


@pytest.mark.parametrize("licence", ["OGL", "ftp://example.org/licence"], ids=["a-name", "not-http"])
def test_bad_licence_is_a_clear_error(graph, licence):
    with pytest.raises(ClusterKGError, match="licence"):
        describe(graph, license=licence)


# -- Distributions ----

MEDIA = {"turtle": "text/turtle", "ntriples": "application/n-triples", "jsonld": "application/ld+json",
         "rdfxml": "application/rdf+xml", "trig": "application/trig"}


@pytest.mark.parametrize("format", PUBLISHED_FORMATS)
def test_one_distribution_per_format_with_media_type_size_and_checksum(graph, description, format):
    parts = prepare(KnowledgeGraph.of(graph), PublicationOptions(description=True, issued="2025-01-31"))
    data = render(parts, format)
    node = _dist(description, format)
    assert (DATASET, DCAT.distribution, node) in description
    media = description.value(node, DCAT.mediaType)
    assert str(media) == "http://www.iana.org/assignments/media-types/" + MEDIA[format]
    assert description.value(media, RDFS.label) == Literal(MEDIA[format])  # what a portal shows as mimetype
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


def _set_publication(data_dir: Path, **fields) -> None:
    path = data_dir / "plan.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["publication"].update(fields)
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


def test_default_dates_come_from_the_publication_settings(data_copy, cli, tmp_path):
    _set_publication(data_copy, issued="2024-06-01", modified="2024-09-15")
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
    by_hand = {"Cluster": 8, "GrowthOpportunity": 8, "Statement": 157, "Place": 21, "Lever": 6, "Benchmark": 3,
               "Plan": 1, "SourceDocument": 1}  # six levers: the plan's six cross-cutting interventions
    assert {name: parts[grow + name] for name in by_hand} == by_hand
    assert parts[str(SKOS.Concept)] == 9 and parts[str(SKOS.ConceptScheme)] == 2  # 6 levers, 3 benchmarks


def test_void_property_partitions_equal_the_real_counts(plain, oxigraph_store):
    real = {str(row["p"].value): int(row["n"].value) for row in oxigraph_store.query(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p")}
    parts = {str(plain.value(p, VOID.property)): void_int(plain, p, "triples")
             for p in plain.objects(DATASET, VOID.propertyPartition)}
    assert parts == real
    assert parts["https://w3id.org/wmgrowth/def#usesLever"] == 26  # the 26 cluster-lever edges (facts.LEVERS)


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


UK_GEOJSON = Path("/work/.mirror/martinjc+UK-GeoJSON/repo")  # a mirror of github.com/martinjc/UK-GeoJSON


def test_the_box_is_the_union_of_the_district_boxes():
    from clusterkg.rdfio.portal_terms import DISTRICT_BOXES, DISTRICTS_BOX

    assert sorted(DISTRICT_BOXES) == sorted(DISTRICTS)
    boxes = DISTRICT_BOXES.values()
    assert DISTRICTS_BOX == (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                             max(b[3] for b in boxes))
    # by hand from the table: west Wyre Forest, south Stratford-on-Avon, east Rugby, north East Staffordshire
    assert DISTRICTS_BOX == (DISTRICT_BOXES["E07000239"][0], DISTRICT_BOXES["E07000221"][1],
                             DISTRICT_BOXES["E07000220"][2], DISTRICT_BOXES["E07000193"][3])


@pytest.mark.skipif(not UK_GEOJSON.exists(), reason="no mirror of martinjc/UK-GeoJSON on this machine")
def test_each_district_box_covers_its_boundary_in_the_named_source():
    """Decode the TopoJSON of the named source independently and check every box holds its district, to
    within one rounding step (boxes are rounded outwards to 1e-5 degrees)."""
    import json
    import subprocess

    from clusterkg.rdfio.portal_terms import DISTRICT_BOXES

    text = subprocess.run(["git", "-C", str(UK_GEOJSON), "show", "HEAD:json/administrative/eng/topo_lad.json"],
                          capture_output=True, check=True, timeout=60).stdout
    topo = json.loads(text)
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    found = {}
    for geometry in topo["objects"]["lad"]["geometries"]:
        code = geometry["properties"]["LAD13CD"]
        if code in DISTRICT_BOXES:
            polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
            points = [p for polygon in polygons for ring in polygon for a in ring for p in arcs[a if a >= 0 else ~a]]
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            found[code] = (min(xs), min(ys), max(xs), max(ys))
    assert sorted(found) == sorted(DISTRICT_BOXES)
    for code, (west, south, east, north) in DISTRICT_BOXES.items():
        w, s, e, n = found[code]
        assert west <= w < west + 1e-5 and south <= s < south + 1e-5, code
        assert east - 1e-5 < e <= east and north - 1e-5 < n <= north, code
