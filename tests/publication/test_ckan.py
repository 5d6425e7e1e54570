"""A real CKAN harvest: ckanext-dcat's RDFParser with its DCAT-AP 3 profile reads catalog.rdf as a CKAN
portal does, and the test checks what a portal user would see. CKAN pins versions of libraries that
clash with ours, so it lives in a virtual environment of its own, made here on first use and kept in
.venv-ckan (about two minutes to install); tests/portal/ckan_harvest.py runs in it."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS

from clusterkg import publish
from clusterkg.options import OGL_V3
from clusterkg.rdfio.export import FORMATS, PUBLISHED_FORMATS

# each file's rights statement (clusterkg.rdfio.dataset): the dataset's licence, and the source page's own note
RIGHTS = ("clusterkg project publishes this dataset under the Open Government Licence v3.0. Its source page: The page "
          "states no licence for its text; none is asserted for it here.")
OGL_ATTRIBUTION_WORDS = "Contains public sector information"
ROOT = Path(__file__).resolve().parents[2]
CKAN_VENV = ROOT / ".venv-ckan"
REQUIREMENTS = ["ckan[requirements]==2.12.0", "ckanext-dcat==2.4.4"]
HARVEST = ROOT / "tests" / "portal" / "ckan_harvest.py"
SETTINGS = {"issued": "2025-01-31", "modified": "2025-03-01", "contact_name": "Data team",
            "contact_email": "contact@example.org", "contact_url": "https://example.org/contact",
            "landing_page": "https://example.org/wm/", "download_base": "https://example.org/wm/files/",
            "dataset_version": "0.2.0"}
MEDIA = {"turtle": "text/turtle", "ntriples": "application/n-triples", "jsonld": "application/ld+json",
         "rdfxml": "application/rdf+xml", "trig": "application/trig"}
# the format CKAN shows: its own name where its format register knows the media type, else the EU file type
CKAN_FORMAT = {"rdfxml": "RDF"}
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
STATGEO = "http://statistics.data.gov.uk/id/statistical-geography/"
DISTRICTS = ["E08000025", "E08000026", "E08000027", "E08000028", "E08000029", "E08000030", "E08000031",
             "E07000192", "E07000193", "E07000199", "E07000218", "E07000219", "E07000220", "E07000221",
             "E07000222", "E07000239"]


def ckan_python() -> Path:
    """The interpreter of .venv-ckan, installing CKAN and ckanext-dcat there first if need be."""
    python, marker = CKAN_VENV / "bin" / "python", CKAN_VENV / "clusterkg-requirements.txt"
    wanted = "\n".join(REQUIREMENTS) + "\n"
    if python.is_file() and marker.is_file() and marker.read_text() == wanted:
        return python
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(CKAN_VENV)], check=True, timeout=300)
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                              *REQUIREMENTS], capture_output=True, text=True, timeout=1500)
    assert install.returncode == 0, install.stderr[-3000:]
    marker.write_text(wanted)
    return python


@pytest.fixture(scope="module")
def folder(graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("ckan") / "pub"
    publish(graph, out, **SETTINGS)
    return out


@pytest.fixture(scope="module")
def harvest(folder):
    result = subprocess.run([str(ckan_python()), str(HARVEST), str(folder / "catalog.rdf"), "xml"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def dataset(harvest):
    assert len(harvest["datasets"]) == 1
    return harvest["datasets"][0]


def extras(dataset) -> dict:
    return {e["key"]: e["value"] for e in dataset["extras"]}


def test_the_licence_is_recognised(dataset):
    assert dataset["license_id"] == "uk-ogl"
    assert {r["license"] for r in dataset["resources"]} == {OGL_V3}


def test_every_keyword_is_a_valid_ckan_tag(dataset, harvest):
    names = [t["name"] for t in dataset["tags"]]
    assert len(names) == 10 and "Aerospace" in names and "West Midlands Plan for Growth" in names
    assert harvest["tag_problems"] == dict.fromkeys(names)  # CKAN's own validators accept each


def test_contact_landing_page_dates_and_version(dataset):
    e = extras(dataset)
    assert (e["contact_name"], e["contact_email"], e["contact_url"]) == \
        ("Data team", "contact@example.org", "https://example.org/contact")
    assert dataset["url"] == "https://example.org/wm/"
    assert (e["issued"], e["modified"]) == ("2025-01-31", "2025-03-01")
    assert dataset["version"] == "0.2.0"
    assert e["publisher_name"] == "clusterkg project"  # who publishes this derived dataset, not the page


@pytest.mark.parametrize("format", PUBLISHED_FORMATS)
def test_each_file_is_a_resource_with_mimetype_format_size_and_checksum(dataset, folder, format):
    filename = f"graph.{FORMATS[format].extension}"
    data = (folder / filename).read_bytes()
    resources = [r for r in dataset["resources"] if r["url"] == "https://example.org/wm/files/" + filename]
    assert len(resources) == 1 and len(dataset["resources"]) == 5
    resource = resources[0]
    assert resource["mimetype"] == MEDIA[format]
    assert resource["format"] == CKAN_FORMAT.get(format, FILE_TYPE + FORMATS[format].file_type)
    assert resource["size"] == len(data)
    assert resource["hash"] == hashlib.sha256(data).hexdigest()
    assert resource["hash_algorithm"] == "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"
    # no OGL attribution wording (the page states no licence for itself): CKAN keeps the rights statement's words
    assert resource["rights"] == RIGHTS


def test_spatial_coverage_one_of_the_districts_and_a_box_over_them_all(dataset):
    """A portal keeps one spatial value: one of the 17 the description gives (the 16 districts and the
    location of the box that covers them), and a box."""
    e = extras(dataset)
    assert e["spatial_uri"] in {STATGEO + c for c in DISTRICTS} | {
        "https://w3id.org/wmgrowth/id/dataset/cluster-growth-profiles/spatial-coverage"}
    box = json.loads(e["spatial_bbox"])
    assert box["type"] == "Polygon"
    xs, ys = zip(*box["coordinates"][0])
    # the box of one district or of them all: inside the box of the 16 (facts in portal_terms, by district)
    assert -2.43624 <= min(xs) and min(ys) >= 51.95568 and max(xs) <= -1.17207 and max(ys) <= 53.04576


def test_an_eu_data_theme_beside_the_levers(dataset):
    themes = json.loads(extras(dataset)["theme"])
    assert "http://publications.europa.eu/resource/authority/data-theme/ECON" in themes
    assert sum(t.startswith("https://w3id.org/wmgrowth/id/lever/") for t in themes) == 6 and len(themes) == 7


def test_the_round_trip_through_ckans_serializer_keeps_the_licence_and_no_attribution_wording(harvest):
    g = Graph().parse(data=harvest["serialized"][0], format="nt")
    distributions = set(g.subjects(RDF.type, DCAT.Distribution))
    assert len(distributions) == 5
    for node in distributions:
        assert set(g.objects(node, DCTERMS.license)) == {URIRef(OGL_V3)}
        [rights] = g.objects(node, DCTERMS.rights)  # one rights statement, its words as the description gives them
        assert OGL_ATTRIBUTION_WORDS not in str(g.value(rights, RDFS.label) or rights)
