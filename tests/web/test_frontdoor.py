"""The site's front door, read from its files: one navigation on every page, every page within three
clicks of the home page, the data page (each download with its size, SHA-256 and licence; how to cite),
the about page, the lists by kind, the folder pages that let a static host resolve a resource's path,
and the "Show the query" links."""

from __future__ import annotations

import hashlib
from collections import deque
from urllib.parse import unquote

import pytest
import rdflib

from clusterkg import KnowledgeGraph
from clusterkg.web.site import site_files
from tests import facts
from tests.htmltree import parse
from tests.web.test_site import _resolve
from tests.webserver import views_render

# the navigation, by hand from issue 23 (Map only when the map is built)
NAV = ["Overview", "Clusters", "Places", "Levers", "Organisations and assets", "Views", "Queries", "Query editor",
       "Ontology", "Data", "About"]
DOWNLOADS = ["graph.ttl", "graph.nt", "graph.jsonld", "graph.rdf", "graph.trig"]


@pytest.fixture(scope="module")
def files():
    return site_files(KnowledgeGraph.from_data(), views=views_render() is None)


def _is_folder_page(body: bytes) -> bool:
    return b'http-equiv="refresh"' in body


def _pages(files) -> dict[str, bytes]:
    return {name: body for name, body in files.items() if name.endswith(".html") and not _is_folder_page(body)}


def _links(name: str, body: bytes) -> set[str]:
    found = set()
    for a in parse(body).iter("a"):
        href = a.attrs.get("href") or ""
        if href and not href.startswith(("#", "http://", "https://", "data:", "blob:")):
            found.add(_resolve(name, unquote(href.split("#")[0])) or "index.html")
    return found


def test_every_page_has_the_one_navigation(files):
    expected = NAV if views_render() is None else [n for n in NAV if n != "Views"]
    expected = expected[:6] + ["Map"] + expected[6:] if "map.html" in files else expected
    pages = _pages(files)
    assert len(pages) > 300
    for name, body in pages.items():
        nav = parse(body).find("nav", **{"aria-label": "Site"})
        assert nav is not None, name
        assert [a.text() for a in nav.iter("a")] == expected, name
        current = [a.text() for a in nav.iter("a") if a.attrs.get("aria-current") == "page"]
        assert current == {"index.html": ["Overview"], "data.html": ["Data"], "about.html": ["About"],
                           "query.html": ["Query editor"]}.get(name, current), name
        for a in nav.iter("a"):
            target = _resolve(name, a.attrs["href"].split("#")[0])
            assert target in files, (name, a.attrs["href"])


def test_every_page_is_within_three_clicks_of_the_home_page(files):
    pages = _pages(files)
    depth, queue = {"index.html": 0}, deque(["index.html"])
    while queue:
        name = queue.popleft()
        if depth[name] == 3 or name not in pages:
            continue
        for target in _links(name, pages[name]):
            if target not in depth:
                depth[target] = depth[name] + 1
                queue.append(target)
    far = sorted(set(pages) - set(depth))
    assert far == [], far[:10]


def test_the_home_page_says_what_this_is_and_offers_the_ways_in(files):
    home = parse(files["index.html"])
    ways = home.find("section", class_="ways-in")
    text = ways.find("p").text()
    assert text.count(". ") + text.endswith(".") == 2  # two sentences
    offered = {a.text(): a.attrs["href"] for a in ways.iter("a")}
    assert offered["The clusters"] == "id/cluster/index.html" and offered["Download the data"] == "data.html"
    assert offered["Query editor"] == "query.html" and offered["About the data"] == "about.html"


def test_the_data_page_offers_each_download_with_size_hash_and_licence(files):
    doc = parse(files["data.html"])
    rows = list(doc.find("table", class_="downloads").find("tbody").iter("tr"))
    assert [r.find("a").attrs["href"] for r in rows] == DOWNLOADS
    for row, name in zip(rows, DOWNLOADS):
        cells = list(row.iter("td"))
        assert "download" in row.find("a").attrs
        assert cells[2].find("code").text() == hashlib.sha256(files[name]).hexdigest()
        assert f"{len(files[name]):,} bytes" in cells[1].text()
        assert cells[3].text() == "Open Government Licence v3.0"
    assert cells[0].text().startswith("TriG")
    text = doc.text()
    # each file's rights statement (the licence and the source page's note) has its page, linked from here
    assert 'href="id/dataset/cluster-growth-profiles/rights.html"' in files["data.html"].decode("utf-8")
    # the publisher of this derived dataset (issue 26: the project, not the source page's WMCA)
    assert "clusterkg project. West Midlands Plan for Growth: Cluster Growth Profiles as linked " \
           "data, version" in " ".join(text.split())
    assert "no SPARQL server" in text  # a site alone: the editor runs in the browser
    # the data and its description, one triple a line, each once (rdflib, another parser, counts them)
    lines = files["graph.nt"].decode("utf-8").splitlines()
    assert len(set(lines)) == len(lines) == len(rdflib.Graph().parse(data=files["graph.nt"], format="nt"))


def test_the_data_page_names_the_configured_endpoint():
    files = site_files(KnowledgeGraph.from_data(), views=False, sparql_endpoint="https://example.org/sparql")
    doc = parse(files["data.html"])
    assert any(a.attrs.get("href") == "https://example.org/sparql" for a in doc.iter("a"))
    assert b'"endpoint": "https://example.org/sparql"' in files["query.html"]


def test_lists_by_kind_and_the_about_page(files):
    clusters = parse(files["id/cluster/index.html"])
    names = [a.text() for a in clusters.find("ul", class_="columns").iter("a")]
    assert sorted(names) == sorted(facts.NAMES.values())
    entities = parse(files["id/organisation/index.html"])
    assert [h.text().split(" (")[0] for h in entities.iter("h2")] == ["Organisations", "Assets", "Programmes",
                                                                      "Events"]
    about = parse(files["about.html"]).text()
    assert "Open Government Licence v3.0" in about and "Quality notes" in about


def test_a_static_host_finds_each_resource_by_its_path(files):
    stub = files["id/cluster/aerospace/index.html"].decode()
    assert '<meta http-equiv="refresh" content="0; url=../aerospace.html">' in stub
    assert '<a href="../aerospace.html">' in stub and '<html lang="en">' in stub
    assert 'url=../def.html"' in files["def/index.html"].decode()
    # a folder that is also a list keeps its list; every resource with a page has its folder
    assert b"refresh" not in files["id/cluster/index.html"]
    resources = [n[:-5] for n in files if n.startswith("id/") and n.endswith(".html") and not n.endswith("index.html")]
    assert all(f"{r}/index.html" in files for r in resources)


def test_each_page_kind_shows_the_query_behind_it(files):
    def editor(name):
        return [a.attrs["href"] for a in parse(files[name]).iter("a") if a.text() == "Show the query"]

    assert editor("id/cluster/aerospace.html") == [
        "../../query.html#cluster-profile&cluster=https%3A%2F%2Fw3id.org%2Fwmgrowth%2Fid%2Fcluster%2Faerospace"]
    assert editor("id/lever/future-skills-pathway.html")[0].startswith("../../query.html#clusters-using-lever&lever=")
    assert editor("id/place/coventry.html")[0].startswith("../../query.html#clusters-in-place&place=")
    assert editor("id/organisation/wmg.html")[0].startswith("../../query.html#provenance&entity=")
    assert editor("id/cluster/index.html") == ["../../query.html#clusters"]
    if views_render() is None:
        assert editor("index.html")[:2] == ["query.html#clusters", "query.html#clusters"]
        assert editor("levers.html") == ["query.html#lever-reach"]
        assert editor("similarity.html") == ["query.html#cluster-similarity"]


def test_in_a_publication_the_data_page_lists_its_files_and_endpoint(graph):
    from clusterkg import KnowledgeGraph
    from clusterkg.publication.folder import publication_files

    files = publication_files(KnowledgeGraph.of(graph), sparql_endpoint="https://example.org/sparql")
    doc = parse(files["data.html"])
    rows = list(doc.find("table", class_="downloads").find("tbody").iter("tr"))
    for row in rows:  # the publication's own files, not copies
        name = row.find("a").attrs["href"]
        assert row.find("code", class_="hash").text() == hashlib.sha256(files[name]).hexdigest()
    pylode = parse(files["ontology.html"])  # pyLODE's page of the ontology carries the site's navigation too
    assert [a.text() for a in pylode.find("nav", **{"aria-label": "Site"}).iter("a")][:2] == ["Overview", "Clusters"]
    assert pylode.find("h1").text() == "West Midlands cluster growth profiles ontology"
    assert b'<style id="clusterkg-band-style">' in files["ontology.html"]
    listed = {a.attrs["href"] for a in doc.iter("a")}
    assert {"void.ttl", "catalog.rdf", "clusterkg.ttl", "shapes.ttl", "ontology.html", "queries.ttl"} <= listed
    assert all(name.split("#")[0] in files for name in listed if not name.startswith(("http", "#")))
    assert any(a.attrs.get("href") == "https://example.org/sparql" for a in doc.iter("a"))
