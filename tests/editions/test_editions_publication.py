"""A versioned publication (issue 25, point 4): ``export --all --previous`` records both editions with
DCAT 3's versioning, writes what changed as changes.html, changes.ru and changes.rdfp, and the site has a
page "What changed in this edition" in its navigation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from clusterkg import publish
from tests.conftest import run_cli
from tests.editions.test_editions import make_edition
from tests.publication.test_dcat_ap import _shapes, results

ROOT = Path(__file__).resolve().parents[2]
DATASET = "https://w3id.org/wmgrowth/id/dataset/cluster-growth-profiles"
DCAT3 = "http://www.w3.org/ns/dcat#"
V1, V2 = URIRef(DATASET + "/version/2025.1"), URIRef(DATASET + "/version/2025.2")


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    base = tmp_path_factory.mktemp("versioned")
    first = base / "first"
    publish(ROOT / "data", first, site=False, dataset_version="2025.1")
    new = make_edition(base / "new-data", ids=True)
    second = base / "second"
    publish(new, second, site=True, dataset_version="2025.2", previous=str(first))
    return {"first": first, "second": second, "new": new}


def _named_graph(folder: Path) -> set:
    store = ox.Store()
    store.load(path=str(folder / "graph.trig"), format=ox.RdfFormat.TRIG)
    return {ox.Quad(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None,
                                                                                          ox.NamedNode(DATASET))}


def test_the_description_records_both_editions(editions):
    void = Graph().parse(editions["second"] / "void.ttl")
    d = URIRef(DATASET)
    title = str(void.value(d, DCTERMS.title))
    versions = {(s, p, o) for s, p, o in void if s in (V1, V2) or p in (URIRef(DCAT3 + "hasVersion"),
                                                                       URIRef(DCAT3 + "hasCurrentVersion"))}
    changes = URIRef("https://w3id.org/wmgrowth/download/changes.html")
    assert versions == {
        (d, URIRef(DCAT3 + "hasVersion"), V1), (d, URIRef(DCAT3 + "hasVersion"), V2),
        (d, URIRef(DCAT3 + "hasCurrentVersion"), V2),
        (V1, RDF.type, URIRef(DCAT3 + "Dataset")), (V2, RDF.type, URIRef(DCAT3 + "Dataset")),
        (V1, DCTERMS.title, Literal(f"{title}, edition 2025.1", lang="en")),
        (V2, DCTERMS.title, Literal(f"{title}, edition 2025.2", lang="en")),
        (V1, RDFS.label, Literal(f"{title}, edition 2025.1", lang="en")),
        (V2, RDFS.label, Literal(f"{title}, edition 2025.2", lang="en")),
        (V1, DCTERMS.description, Literal("Edition 2025.1 of this dataset, an earlier edition.", lang="en")),
        (V2, DCTERMS.description, Literal("Edition 2025.2 of this dataset, the current edition.", lang="en")),
        (V1, URIRef(DCAT3 + "version"), Literal("2025.1")), (V2, URIRef(DCAT3 + "version"), Literal("2025.2")),
        (V1, DCTERMS.isVersionOf, d), (V2, DCTERMS.isVersionOf, d),
        (V2, URIRef(DCAT3 + "previousVersion"), V1), (V2, RDFS.seeAlso, changes),
    }
    assert void.value(d, URIRef(DCAT3 + "version")) == Literal("2025.2")


def test_the_versions_pass_the_official_dcat_ap_shapes(editions):
    data = Graph().parse(editions["second"] / "void.ttl")
    assert [r for r in results(data, _shapes("shapes.ttl", "range.ttl")) if r[0] == "Violation"] == []


def test_the_changes_turn_the_first_edition_into_the_second(editions):
    second = editions["second"]
    first_data, second_data = _named_graph(editions["first"]), _named_graph(second)
    store = ox.Store()
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(DATASET)) for q in first_data)
    store.update((second / "changes.ru").read_text(encoding="utf-8"))
    assert {ox.Quad(q.subject, q.predicate, q.object) for q in store} == second_data
    patch = (second / "changes.rdfp").read_text(encoding="utf-8").splitlines()
    assert patch[0] == "TX ." and patch[-1] == "TC ." and len(patch) == 2 + 26 + 65  # as in test_editions
    assert all(row.endswith(f" <{DATASET}> .") for row in patch[1:-1])
    listed = (second / "SHA256SUMS").read_text(encoding="utf-8")
    assert all(f"  {name}\n" in listed for name in ("changes.html", "changes.ru", "changes.rdfp"))


def test_the_site_says_what_changed_in_this_edition(editions):
    page = (editions["second"] / "changes.html").read_text(encoding="utf-8")
    assert "<h1>What changed in this edition</h1>" in page and "Changes from edition 2025.1 to edition 2025.2" in page
    assert "<h3>Strengths</h3>" in page and "<del>Strengths in dependent industries such as metals and materials" in page
    assert 'href="changes.html"' in (editions["second"] / "resources.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("args, words", [
    (["--previous", "{first}", "--dataset-version", "2025.1"], "is the previous edition's too"),
    (["--previous", "{data}", "--dataset-version", "2"], "is not a publication folder"),
], ids=["same-version", "not-a-publication"])
def test_bad_previous_editions_are_refused_in_one_line(editions, tmp_path, args, words):
    args = [a.format(first=editions["first"], data=ROOT / "data") for a in args]
    result = run_cli("export", "--all", tmp_path / "out", "--no-site", *args)
    errors = [line for line in result.stderr.splitlines() if not line.startswith("clusterkg export: warning:")]
    assert result.returncode == 2 and len(errors) == 1 and words in errors[0], result.stderr
    assert not (tmp_path / "out").exists()


def test_an_edition_that_follows_another_needs_a_version_of_its_own():
    from clusterkg.errors import ClusterKGError
    from clusterkg.options import PublicationOptions

    with pytest.raises(ClusterKGError, match="needs a version of its own: give --dataset-version"):
        PublicationOptions(previous_version="2025.1")


def test_a_previous_edition_without_a_version_is_refused(editions, tmp_path):
    unversioned = tmp_path / "unversioned"
    shutil.copytree(editions["first"], unversioned)
    text = (unversioned / "graph.trig").read_text(encoding="utf-8")
    (unversioned / "graph.trig").write_text(text.replace('dcat:version "2025.1"', 'dcat:keyword "2025.1"'),
                                            encoding="utf-8")
    result = run_cli("export", "--all", tmp_path / "out", "--no-site", "--previous", unversioned,
                     "--dataset-version", "2")
    assert result.returncode == 2 and "records no version (dcat:version)" in result.stderr, result.stderr
