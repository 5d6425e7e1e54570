"""Publication settings in one place: the publication: section of plan.yaml, the flags of export that
override it, SOURCE_DATE_EPOCH for the date of last change, warnings for empty recommended settings,
and bad settings refused in one line before anything is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, XSD

import clusterkg
from clusterkg.errors import ClusterKGError, InputError
from clusterkg.options import OGL_V3, PublicationOptions
from clusterkg.publication.settings import publication_options, read_publication_section, source_date_epoch

ROOT = Path(__file__).resolve().parents[2]
DATASET = URIRef("https://w3id.org/wmgrowth/id/dataset/cluster-growth-profiles")
VCARD = "http://www.w3.org/2006/vcard/ns#"
FULL = {"publisher": "West Midlands Combined Authority",
        "contact": {"name": "Data team", "email": "contact@example.org", "url": "https://example.org/contact"},
        "landing_page": "https://example.org/wm/", "download_base": "https://example.org/wm/files/",
        "license": OGL_V3, "version": "1.0", "issued": "2025-01-31", "modified": "2025-03-01"}


def set_publication(data_dir: Path, section) -> Path:
    path = data_dir / "plan.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["publication"] = section
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def test_the_embedded_data_states_only_what_it_knows():
    settings = read_publication_section(ROOT / "data" / "plan.yaml")
    # the publisher and licence of this derived dataset (the project's own publication); the page gives no more:
    # its one target year, "by 2030" (line 109), is the end of the temporal coverage
    assert settings == {"publisher": "clusterkg project", "license": OGL_V3, "dataset_version": clusterkg.__version__,
                        "temporal_end": "2030"}
    options = publication_options(ROOT / "data", environ={})
    assert options.publisher == "clusterkg project"
    assert publication_options(ROOT / "data", {"publisher": "Example Council"}, environ={}).publisher == \
        "Example Council"  # whoever republishes it says so
    assert options.empty_recommended() == ["contact-name", "contact-email", "landing-page", "download-base",
                                           "issued", "modified"]


def test_every_setting_comes_from_the_section(data_copy):
    set_publication(data_copy, FULL)
    options = publication_options(data_copy, environ={})
    assert (options.contact_name, options.contact_email, options.contact_url) == \
        ("Data team", "contact@example.org", "https://example.org/contact")
    assert (options.landing_page, options.download_base, options.dataset_version) == \
        ("https://example.org/wm/", "https://example.org/wm/files/", "1.0")
    assert (options.issued, options.modified) == (dt.date(2025, 1, 31), dt.date(2025, 3, 1))
    assert options.empty_recommended() == []


def test_a_flag_overrides_the_file(data_copy):
    set_publication(data_copy, FULL)
    options = publication_options(data_copy, {"contact_email": "other@example.org", "landing_page": None},
                                  environ={})
    assert options.contact_email == "other@example.org"
    assert options.landing_page == "https://example.org/wm/"  # a flag not given leaves the file's value


@pytest.mark.parametrize("given, epoch, expected", [
    ({}, "1740787200", dt.date(2025, 3, 1)),  # 2025-03-01T00:00:00Z
    ({"modified": "2025-02-01"}, "1740787200", dt.date(2025, 2, 1)),  # a setting wins over the epoch
    ({"issued": "2025-01-31"}, None, dt.date(2025, 1, 31)),  # no epoch: modified is the issued date
    ({}, "1740873599", dt.date(2025, 3, 1)),  # 23:59:59 the same day, in UTC
], ids=["epoch-supplies-modified", "setting-wins", "no-epoch", "end-of-day"])
def test_source_date_epoch_supplies_modified_only(data_copy, given, epoch, expected):
    set_publication(data_copy, given)
    options = publication_options(data_copy, environ={"SOURCE_DATE_EPOCH": epoch} if epoch else {})
    assert options.modified == expected
    assert options.issued == (dt.date(2025, 1, 31) if "issued" in given else None)  # never from the epoch


def test_source_date_epoch_reaches_the_description(cli, tmp_path):
    out = tmp_path / "g.ttl"
    result = cli("export", "--output", out, env={"SOURCE_DATE_EPOCH": "1740787200"})
    assert result.returncode == 0, result.stderr
    assert Graph().parse(out).value(DATASET, DCTERMS.modified) == Literal("2025-03-01", datatype=XSD.date)
    assert "no modified given" not in result.stderr


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5e9", "99999999999999999999"])
def test_a_bad_source_date_epoch_is_refused(value):
    with pytest.raises(ClusterKGError, match="SOURCE_DATE_EPOCH: .* is not a whole number of seconds"):
        source_date_epoch({"SOURCE_DATE_EPOCH": value})


def test_settings_reach_the_description(data_copy, cli, tmp_path):
    set_publication(data_copy, FULL)
    out = tmp_path / "g.ttl"
    result = cli("export", "--data", data_copy, "--output", out, "--dataset-version", "1.1")
    assert result.returncode == 0 and result.stderr == ""  # every recommended setting given: no warning
    g = Graph().parse(out)
    contact = g.value(DATASET, DCAT.contactPoint)
    assert str(g.value(contact, URIRef(VCARD + "fn"))) == "Data team"
    assert g.value(contact, URIRef(VCARD + "hasEmail")) == URIRef("mailto:contact@example.org")
    assert g.value(DATASET, DCAT.landingPage) == URIRef("https://example.org/wm/")
    assert str(g.value(DATASET, URIRef(str(DCAT) + "version"))) == "1.1"


def test_each_empty_recommended_setting_gives_one_warning_line(cli, tmp_path):
    result = cli("export", "--output", tmp_path / "g.ttl", "--issued", "2025-01-31")
    assert result.returncode == 0
    lines = result.stderr.splitlines()
    assert [line.split(" given")[0].rsplit(" ", 1)[1] for line in lines] == \
        ["contact-name", "contact-email", "landing-page", "download-base"]
    assert lines[0] == ("clusterkg export: warning: no contact-name given (--contact-name, or "
                        "publication.contact.name in plan.yaml): the description leaves it out")
    assert lines[3].endswith("download links default to https://w3id.org/wmgrowth/download/")


@pytest.mark.parametrize("section, field, message", [
    ({"contact": {"email": "not-an-address"}}, "publication.contact.email", "is not an e-mail address"),
    ({"issued": "31 January 2025"}, "publication.issued", "is not a date"),
    ({"landing_page": "example.org/wm"}, "publication.landing_page", "is not an absolute IRI"),
    ({"version": 1.0}, "publication.version", "expected text"),
    ({"homepage": "https://example.org/"}, "publication.homepage", "unknown publication setting"),
], ids=["email", "date", "relative-url", "version-not-text", "unknown-key"])
def test_a_bad_setting_in_the_file_names_file_line_and_field(data_copy, cli, tmp_path, section, field, message):
    set_publication(data_copy, section)
    with pytest.raises(InputError, match=rf"plan\.yaml, line \d+ \(field '{field}'\): .*{message}"):
        read_publication_section(data_copy / "plan.yaml")
    out = tmp_path / "pub"
    result = cli("export", "--data", data_copy, "--all", out)
    assert result.returncode == 2 and field in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not out.exists()


@pytest.mark.parametrize("flag, value, message", [
    ("--contact-email", "contact@", "contact e-mail: 'contact@' is not an e-mail address"),
    ("--issued", "2025-13-01", "issued: '2025-13-01' is not a date"),
    ("--download-base", "files/", "download base 'files/' is not an absolute IRI"),
], ids=["email", "date", "relative-url"])
def test_a_bad_flag_of_export_all_writes_nothing(cli, tmp_path, flag, value, message):
    out = tmp_path / "pub"
    result = cli("export", "--all", out, flag, value)
    assert result.returncode == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and list(tmp_path.iterdir()) == []


def test_options_check_every_value():
    with pytest.raises(ClusterKGError, match="contact name: give some text"):
        PublicationOptions(contact_name="  ")
    assert PublicationOptions(download_base="https://example.org/f/").downloads("https://w3id.org/wmgrowth/") == \
        "https://example.org/f/"
    assert PublicationOptions(base_iri="https://data.example.org/wm/").downloads("https://w3id.org/wmgrowth/") == \
        "https://data.example.org/wm/download/"
