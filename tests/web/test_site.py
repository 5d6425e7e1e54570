"""``clusterkg site``: a page for every resource at the path that mirrors its IRI, its data beside it, what
a cluster's and a lever's page show (checked against tests/facts.py), links that resolve, data that stays
text, the same bytes every time, and a folder written whole or not at all."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from clusterkg import KnowledgeGraph
from clusterkg.errors import ClusterKGError
from clusterkg.web.site import site_files, w3id_htaccess, write_site
from clusterkg.web.siteindex import page_path
from tests import facts
from tests.htmltree import parse
from tests.webserver import views_render

ID = "https://w3id.org/wmgrowth/id/"
DATA = Path(__file__).resolve().parents[2] / "data"
INJECTED = "<img src=x onerror=alert(1)>"
VIEW_FILES = {"index.html", "graph.html", "levers.html", "shared-entities.html", "places.html", "similarity.html",
              "map.html"}
# resources of the data, by hand from the page: 8 clusters, 8 growth opportunities, 157 bullets, 21 places,
# 68 organisations, assets, programmes and events (the EV task force of line 34 one more since issue 26),
# 6 levers (the plan's six), 3 benchmarks, the plan, the source page, the plan's cited page Primary
# Clusters, 2 schemes
DATA_RESOURCES = 8 + 8 + 157 + 21 + 68 + 6 + 3 + 1 + 1 + 1 + 2
AERO_LINES = [111, 113, 115, 119, 120, 121, 125, 129, 131, 133, 135, 139, 141, 143, 147, 149, 151]


@pytest.fixture(scope="module")
def kg():
    return KnowledgeGraph.from_data()


@pytest.fixture(scope="module")
def files(kg):
    return site_files(kg, views=views_render() is None)


@pytest.fixture(scope="module")
def site(files, tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    write_site(KnowledgeGraph.from_data(), out, views=views_render() is None)
    return out


def page(files, path: str):
    return parse(files[path])


def test_a_page_and_four_data_files_for_every_resource(files, kg):
    subjects = {q.subject.value for q in kg.store}
    assert len(subjects) == DATA_RESOURCES and all(s.startswith(ID) for s in subjects)
    for iri in subjects:
        path = iri[len("https://w3id.org/wmgrowth/"):]
        for extension in ("html", "ttl", "jsonld", "rdf", "nt"):
            assert f"{path}.{extension}" in files, f"{path}.{extension}"
    dataset = "id/dataset/cluster-growth-profiles"
    assert {f"{dataset}.html", "id/catalog/clusterkg.html", "def.html", "def.ttl", "resources.html",
            "queries/index.html", "query.html"} <= set(files)


@pytest.mark.parametrize("path", ["id/cluster/aerospace", "id/lever/future-skills-pathway", "id/place/coventry",
                                  "id/cluster/aerospace/lever-use/1", "id/dataset/cluster-growth-profiles"])
def test_data_files_and_embedded_jsonld_hold_the_resource_own_triples(files, kg, path):
    iri = "https://w3id.org/wmgrowth/" + path
    expected = {q.triple for q in kg.store.quads_for_pattern(ox.NamedNode(iri), None, None)}
    for extension, fmt in (("ttl", ox.RdfFormat.TURTLE), ("jsonld", ox.RdfFormat.JSON_LD),
                           ("rdf", ox.RdfFormat.RDF_XML), ("nt", ox.RdfFormat.N_TRIPLES)):
        found = {q.triple for q in ox.parse(files[f"{path}.{extension}"], format=fmt)}
        assert {t.subject.value for t in found} == {iri}
        if expected:  # the dataset lives in the description, not the data
            assert found == expected, extension
    doc = page(files, f"{path}.html")
    alternates = {a.attrs["type"]: a.attrs["href"] for a in doc.iter("link", rel="alternate")}
    name = path.rsplit("/", 1)[-1]
    assert alternates == {"text/turtle": f"{name}.ttl", "application/ld+json": f"{name}.jsonld",
                          "application/rdf+xml": f"{name}.rdf", "application/n-triples": f"{name}.nt"}
    embedded = doc.find("script", type="application/ld+json").text()
    assert {q.triple for q in ox.parse(embedded.encode(), format=ox.RdfFormat.JSON_LD)} == \
           {q.triple for q in ox.parse(files[f"{path}.jsonld"], format=ox.RdfFormat.JSON_LD)}


def _table(doc, caption_start: str) -> dict[str, list[str]]:
    """A two-column table by its caption: row heading -> the link texts of its second cell."""
    for table in doc.iter("table"):
        if table.find("caption").text().startswith(caption_start):
            return {row.find("th").text(): [a.text() for a in row.find("td").iter("a")]
                    for row in table.find("tbody").iter("tr")}
    raise AssertionError(f"no table '{caption_start}'")


def test_a_cluster_page_shows_figures_bullets_and_what_it_shares(files):
    doc = page(files, "id/cluster/aerospace.html")
    assert doc.find("h1").text() == facts.NAMES[facts.AERO]
    figures = {dt.text(): dd.text() for dt, dd in zip(doc.find("dl", class_="figures").iter("dt"),
                                                      doc.find("dl", class_="figures").iter("dd"))}
    assert figures == {"Further output": "£80m–£90m", "Further jobs": "900–1,000", "By": "2030",
                       "Benchmark": "Beating the UK average"}
    lines = [int(m) for m in re.findall(r"Source line (\d+) ·", doc.find("section", **{
        "aria-labelledby": "profile-heading"}).text())]
    assert lines == AERO_LINES
    places = _table(doc, "Places of")
    others = {c: names for c, names in facts.PLACES.items() if c != facts.AERO}
    assert places == {_place_name(p): sorted((facts.NAMES[c] for c, ps in others.items() if p in ps), key=str.casefold)
                      for p in facts.PLACES[facts.AERO]}
    levers = _table(doc, "Levers of")
    assert {lever: len(names) for lever, names in levers.items()} == {
        "Develop future skills pathway": facts.LEVER_REACH[facts.FSP] - 1,
        facts.LC_LABEL: facts.LEVER_REACH[facts.LC] - 1,  # aerospace's "Location coordination and FDI" (151)
        "Direct competitive funding": facts.LEVER_REACH[facts.DCF] - 1}
    entities = _table(doc, "Organisations, assets, programmes and events of")
    assert entities["East Midlands Airport"] == [facts.NAMES[facts.LOGI]]  # shared, facts.SHARED_ENTITIES


def _place_name(slug: str) -> str:
    names = {"wolverhampton": "Wolverhampton", "dudley": "Dudley", "nuneaton-and-bedworth": "Nuneaton and Bedworth"}
    return names[slug]


def test_a_lever_page_shows_its_clusters_and_the_bullets_behind_each(files):
    doc = page(files, "id/lever/future-skills-pathway.html")
    section = doc.find("section", **{"aria-labelledby": "clusters-heading"})
    clusters = [h.text() for h in section.iter("h3")]
    assert sorted(clusters) == sorted(facts.NAMES[c] for c, levers in facts.LEVERS.items() if facts.FSP in levers)
    aero = section.children[section.children.index(next(h for h in section.iter("h3")
                                                         if h.text() == facts.NAMES[facts.AERO])):]
    bullets = next(e for e in aero if not isinstance(e, str) and e.tag == "ul")
    first = bullets.find("li")
    assert [p.text() for p in first.iter("p")] == ["Develop future skills pathway",
                                                   "Levers, source line 147 · lever-use 1"]


def test_an_entity_page_shows_each_cluster_with_its_bullets(files):
    doc = page(files, "id/organisation/wmg.html")
    section = doc.find("section", **{"aria-labelledby": "clusters-heading"})
    assert [h.text() for h in section.iter("h3")] == [facts.NAMES[facts.EV], facts.NAMES[facts.UTIL]]
    lines = sorted(int(m) for m in re.findall(r"source line (\d+)", section.text()))
    wmg = facts.SHARED_ENTITIES["organisation/wmg"]
    assert lines == sorted(wmg[facts.EV] | wmg[facts.UTIL])


def test_every_link_resolves_inside_the_site(files):
    checked = 0
    for name, body in files.items():
        if not name.endswith(".html") or name in VIEW_FILES:
            continue
        doc = parse(body)
        for element in [*doc.iter("a"), *doc.iter("link"), *doc.iter("script")]:
            target = element.attrs.get("href") or element.attrs.get("src")
            if not target or target.startswith("#") or target.startswith("data:"):
                continue
            assert not target.startswith("//"), (name, target)
            if target.startswith(("http://", "https://")):
                assert element.tag == "a" and "external" in element.attrs.get("class", ""), (name, target)
                continue
            resolved = _resolve(name, target.split("#")[0])
            assert resolved in files or resolved in VIEW_FILES, (name, target)
            checked += 1
    assert checked > 5000


def _resolve(page_name: str, target: str) -> str:
    parts = page_name.split("/")[:-1]
    for segment in target.split("/"):
        if segment == "..":
            parts.pop()
        elif segment not in ("", "."):
            parts.append(segment)
    return "/".join(parts)


def test_written_site_is_the_same_bytes_each_time(files, kg, site):
    again = site_files(kg, views=views_render() is None)
    assert again == files
    written = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert written == files


def test_data_text_stays_text(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA, data_dir)
    profile = data_dir / "profiles" / "creative-content-gaming.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        "name: Creative content production and gaming", f'name: "Creative {INJECTED} </script> gaming"', 1),
        encoding="utf-8")
    entities = data_dir / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace(
        "    label: WMG\n", f'    label: "{INJECTED}"\n', 1), encoding="utf-8")
    files = site_files(KnowledgeGraph.from_data(data_dir), views=False)
    for name in ("id/cluster/creative-content-gaming.html", "id/organisation/wmg.html",
                 "id/lever/early-growth-fund.html", "queries/clusters.html", "resources.html"):
        html = files[name].decode()
        assert INJECTED not in html and "&lt;img src=x onerror=alert(1)&gt;" in html, name
        for script in re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S):
            assert "<img" not in script and "</script" not in script.lower()


def test_a_resource_whose_iri_is_no_plain_path_gets_no_page(kg):
    store = ox.Store()
    store.bulk_extend(kg.store)
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for hostile in (ID + "x/../../../etc/passwd", ID + "x/a.b", ID + "x/%2e%2e", ID + "x//y", ID + "x/ü"):
        store.add(ox.Quad(ox.NamedNode(hostile), label, ox.Literal("hostile")))
        assert page_path(hostile, "https://w3id.org/wmgrowth/") is None
    files = site_files(KnowledgeGraph(store), views=False)
    assert not any("passwd" in name or ".." in name or "%" in name or "a.b" in name or "ü" in name for name in files)


def test_the_w3id_rules_send_each_format_to_the_site():
    rules = w3id_htaccess("https://example.org/wmgrowth/").decode()
    assert "RewriteRule ^(id/[A-Za-z0-9_~/-]+|def)$ https://example.org/wmgrowth/$1.ttl [R=303,L]" in rules
    assert rules.count("[R=303,L]") == 6 and "[R=406,L]" in rules
    with pytest.raises(ClusterKGError, match="site URL"):
        w3id_htaccess("https://example.org/no-slash")


def test_cli_writes_the_site_and_refuses_a_folder_of_other_files(cli, tmp_path):
    out = tmp_path / "site"
    result = cli("site", out, "--no-views", "--site-url", "https://example.org/wmgrowth/")
    assert result.returncode == 0, result.stderr
    assert (out / "id/cluster/aerospace.html").is_file() and (out / "w3id.htaccess").is_file()
    assert result.stdout.startswith(f"Wrote {out}: ")
    again = cli("site", out, "--no-views")  # an earlier site is replaced
    assert again.returncode == 0 and not (out / "w3id.htaccess").exists()
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    refused = cli("site", other, "--no-views")
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "notes.txt" in refused.stderr
    assert sorted(p.name for p in other.iterdir()) == ["notes.txt"]
    bad = cli("site", tmp_path / "x", "--no-views", "--site-url", "ftp://example.org/")
    assert bad.returncode == 2 and "site URL" in bad.stderr and not (tmp_path / "x").exists()


def test_the_query_catalogue_has_every_stored_query_with_its_results(files):
    doc = page(files, "queries/index.html")
    rows = {r.find("th").text(): r.find("td", class_="number").text() for r in doc.find("tbody").iter("tr")}
    assert len(rows) == 12 and rows["clusters"] == "8" and rows["lever-reach"] == "6"
    assert rows["cluster-profile"] == "18"  # Aerospace (first by name): its growth opportunity and 17 bullets
    profile = page(files, "queries/cluster-profile.html")
    assert "For cluster = Aerospace (including manufacturing alternative fuels)." in profile.text()
    assert files["queries/cluster-profile.rq"].decode().startswith("#+ summary:")
