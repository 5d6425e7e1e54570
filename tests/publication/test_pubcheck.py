"""check-publication: data.europa.eu's MQA, the FOOPS! checks and the DCAT-AP shapes on what export --all
writes, with the scores worked out by hand from the methodologies' weights and tests."""

from __future__ import annotations

import shutil

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from clusterkg.publication import foops, mqa
from clusterkg.publication.pubcheck import check_publication
from tests.conftest import run_cli

DATASET = URIRef("https://w3id.org/wmgrowth/id/dataset/cluster-growth-profiles")
ONTOLOGY = URIRef("https://w3id.org/wmgrowth/def")
SETTINGS = ["--issued", "2025-01-31", "--contact-name", "Data team", "--contact-email", "data@example.org"]


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """export --all with the settings only a publisher can give (issued, a contact point)."""
    folder = tmp_path_factory.mktemp("pub") / "full"
    result = run_cli("export", "--all", folder, "--no-site", *SETTINGS)
    assert result.returncode == 0, result.stderr
    return folder


def test_a_full_publication_reaches_every_mark(published):
    result = run_cli("check-publication", published)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("MQA: 405 of 405 (Excellent); data.europa.eu MQA methodology")
    # OM1 6 + OM2 4 + OM3 5 (its 6 less the DOI) + OM4.1 1 + OM5.1 2 + OM5.2 2 + FIND1, VER1, VOC1-4, HTTP1, PURL1
    assert "FOOPS!: 28 of 28 required tests of the checks that read only the ontology; FOOPS! 0.3.1 " \
           "(oeg-upm/fair_ontologies)" in lines
    assert "  OM3 detailed metadata: no DOI (not required: a DOI needs a registration)" in lines
    assert "DCAT-AP 3.0.1 (SEMIC's SHACL shapes: shapes.ttl and range.ttl): 0 violation(s)" in lines
    assert lines[-1] == "OK: every point and every required test."


def test_temporal_coverage_is_the_pages_target_year(published):
    catalogue = Graph().parse(published / "catalog.rdf")
    period = catalogue.value(DATASET, DCTERMS.temporal)
    assert (period, RDF.type, DCTERMS.PeriodOfTime) in catalogue
    assert catalogue.value(period, DCAT.endDate) == Literal("2030", datatype=XSD.gYear)  # page line 109
    assert catalogue.value(period, DCAT.startDate) is None  # the page states none


def test_without_temporal_coverage_the_mqa_loses_its_20_points(published):
    catalogue = Graph().parse(published / "catalog.rdf")
    catalogue.remove((DATASET, DCTERMS.temporal, None))
    points = sum(i.points for i in mqa.assess(catalogue, published, compliant=True))
    assert points == 385  # Findability's "time based search" weighs 20


def test_a_publication_without_the_publishers_settings_is_below_the_mark(tmp_path):
    folder = tmp_path / "bare"
    assert run_cli("export", "--all", folder, "--no-site").returncode == 0
    result = run_cli("check-publication", folder)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    # no contact point (20 of Reusability), no issued or modified date (5 each of Contextuality)
    assert lines[0].startswith("MQA: 375 of 405 (Excellent)")
    assert "    short: dcat:contactPoint, 0 of 20 (0 of 1)" in lines
    assert "    short: dct:issued, 0 of 5 (0 of 1)" in lines and "    short: dct:modified, 0 of 5 (0 of 1)" in lines
    assert lines[-1] == "Below the mark."


def test_a_distribution_file_that_differs_from_its_checksum_is_not_served(published, tmp_path):
    folder = tmp_path / "changed"
    shutil.copytree(published, folder)
    (folder / "graph.nt").write_bytes(b"# changed\n" + (folder / "graph.nt").read_bytes())
    found = {i.name: (i.passed, i.population) for i in check_publication(folder).indicators}
    assert found["dcat:accessURL code=200"] == (4, 5) and found["dcat:downloadURL code=200"] == (4, 5)


def test_a_share_of_distributions_gives_that_share_of_the_weight():
    catalogue = Graph()
    dataset, one, two = URIRef("urn:d"), URIRef("urn:one"), URIRef("urn:two")
    catalogue.add((dataset, RDF.type, DCAT.Dataset))
    for dist in (one, two):
        catalogue.add((dataset, DCAT.distribution, dist))
    catalogue.add((one, DCAT.byteSize, Literal(10)))
    found = {i.name: i for i in mqa.assess(catalogue, ".", compliant=False)}
    assert found["dcat:byteSize"].points == 2.5  # 5 points x 1 of 2 distributions
    assert found["DCAT-AP compliance"].points == 0


def test_a_logo_the_folder_does_not_ship_is_below_the_mark(published, tmp_path):
    folder = tmp_path / "no-logo"
    shutil.copytree(published, folder)
    (folder / "logo.svg").unlink()
    report = check_publication(folder)
    assert report.missing_logo == "https://w3id.org/wmgrowth/download/logo.svg" and not report.ok


def test_foops_names_the_metadata_an_ontology_lacks(published):
    ontology = Graph().parse(published / "clusterkg.ttl")
    for p in (FOAF.logo, DCTERMS.issued, DCTERMS.bibliographicCitation):
        ontology.remove((ONTOLOGY, p, None))
    checks = {c.id: c for c in foops.assess(ontology)}
    assert checks["OM3"].failed == ("doi", "logo", "issued") and checks["OM3"].required_failed == ("logo", "issued")
    assert checks["OM2"].failed == ("citation",)
    assert checks["OM5.2"].failed == ("issued",)
    assert checks["OM1"].failed == ()


def test_the_ontology_header_dates_come_from_the_repository_history():
    # git log --diff-filter=A ontology/clusterkg.ttl: 2026-11-27; version 0.2.0 first committed 2026-11-30
    from clusterkg.resources import ontology_file

    ontology = Graph().parse(ontology_file())
    assert ontology.value(ONTOLOGY, DCTERMS.created) == Literal("2026-11-27", datatype=XSD.date)
    assert ontology.value(ONTOLOGY, DCTERMS.issued) == Literal("2026-11-30", datatype=XSD.date)
    assert ontology.value(ONTOLOGY, FOAF.logo) == URIRef("https://w3id.org/wmgrowth/download/logo.svg")


@pytest.mark.parametrize("flag, value, message", [
    ("--temporal-start", "20x4", "temporal start: '20x4' is not a year (YYYY) or a date (YYYY-MM-DD)"),
    ("--temporal-end", "2029", "temporal end 2029 is before temporal start 2031"),
], ids=["not-a-year", "end-before-start"])
def test_a_bad_temporal_setting_is_one_line_and_exit_2(tmp_path, flag, value, message):
    extra = ["--temporal-start", "2031"] if flag == "--temporal-end" else []
    result = run_cli("export", "--all", tmp_path / "out", "--no-site", *extra, flag, value)
    assert result.returncode == 2 and message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_bad_folders_are_one_line_and_exit_2(tmp_path):
    result = run_cli("check-publication", tmp_path / "nope")
    assert result.returncode == 2 and result.stderr.strip().endswith("nope: no such folder")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "catalog.rdf").write_text("<x", encoding="utf-8")
    result = run_cli("check-publication", tmp_path / "bad")
    assert result.returncode == 2 and "catalog.rdf: not RDF/XML: " in result.stderr
