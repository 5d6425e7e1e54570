"""The explorer as a policy reader meets it, in headless Chromium from file://: no two nodes (dot and label)
overlap and every label is readable at the fitted zoom at 1280x720 and 1920x1080, measured with
vis-network's own getBoundingBox; the details stay in view; every node leads to its page and its query;
the address keeps the view's state; groups open; and the map of the districts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

from clusterkg.model.terms import BASE_IRI
from clusterkg.views.render import write_views
from clusterkg.web.siteindex import page_path
from tests.facts import GSS, LEVER_REACH, PLACES, SHARED_ENTITIES, SHARED_PLACES, UNCODED_PLACES

VIEW_PAGES = ["graph.html", "levers.html", "shared-entities.html", "places.html", "similarity.html"]
SCREENS = [(1280, 720), (1920, 1080)]
READABLE_PX = 11  # the smallest label on screen at the fitted zoom, in CSS pixels
ROOT = Path(__file__).resolve().parents[2]

# every pair of shown nodes whose boxes (dot and label, as vis-network measures them) overlap on the canvas
MEASURE = """() => {
  const ids = network.body.nodeIndices;
  const boxes = ids.map(id => [id, network.getBoundingBox(id)]);
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i][1], b = boxes[j][1];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
      overlaps.push([boxes[i][0], boxes[j][0]]);
  }
  const scale = network.getScale();
  const px = ids.map(id => network.body.nodes[id].options.font.size * scale);
  const r = document.getElementById('network').getBoundingClientRect();
  const onScreen = ids.every(id => {
    const p = network.canvasToDOM(network.getPositions([id])[id]);
    return p.x >= 0 && p.y >= 0 && p.x <= r.width && p.y <= r.height;
  });
  return {shown: ids.length, overlaps: overlaps, smallest: Math.min(...px),
          onScreen: onScreen && r.bottom <= window.innerHeight && r.right <= window.innerWidth,
          labels: ids.filter(id => !network.body.nodes[id].options.label).length};
}"""


@pytest.fixture(scope="module")
def site(store, tmp_path_factory):
    out = tmp_path_factory.mktemp("explorer")
    write_views(store, out)
    return out


@pytest.fixture
def open_page(browser, site):
    opened = []

    def open_(name: str, width: int = 1280, height: int = 720, hash_: str = ""):
        page = browser.new_page(viewport={"width": width, "height": height})
        opened.append(page)
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((site / name).as_uri() + hash_)
        page.wait_for_function("window.clusterkg && window.clusterkg.ready === true", timeout=30_000)
        page.errors = errors
        return page

    yield open_
    for page in opened:
        page.close()


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", VIEW_PAGES)
def test_no_two_nodes_overlap_and_every_label_is_readable(open_page, name, screen):
    page = open_page(name, *screen)
    found = page.evaluate(MEASURE)
    assert found["overlaps"] == [], found["overlaps"]
    assert found["smallest"] >= READABLE_PX, found
    assert found["onScreen"] and found["labels"] == 0  # all fitted, each with a label
    assert page.evaluate("network.physics.physicsEnabled") is False and page.errors == []


def test_the_whole_graph_folds_what_one_cluster_alone_links_to(open_page):
    page = open_page("graph.html")
    # 8 clusters, the nodes two clusters or more link to (every lever, 9 places, 5 entities: 6 + 9 + 5 = 20), and
    # a group for each cluster (75 nodes in all)
    shared = len(LEVER_REACH) + len(SHARED_PLACES) + len(SHARED_ENTITIES)
    assert page.evaluate("network.body.nodeIndices.length") == 8 + shared + 8
    group = "group|cluster/aerospace"
    members = page.evaluate("(g) => network.body.data.nodes.get().filter(n => n.group === g).map(n => n.id)", group)
    assert "organisation/midlands-aerospace-alliance" in members
    page.evaluate("(g) => clusterkg.toggleGroup(g)", group)  # what a click on the group does
    shown = page.evaluate("network.body.nodeIndices")
    assert set(members) <= set(shown) and group not in shown
    assert "open=" + group.replace("|", "%7C").replace("/", "%2F") in page.url
    assert page.inner_text("#details button") == "Close the group"


@pytest.mark.parametrize("name", VIEW_PAGES)
def test_a_click_leads_to_the_node_s_page_and_its_query(open_page, name):
    page = open_page(name)
    for node in page.evaluate("network.body.data.nodes.get().filter(n => n.kind !== 'group').map(n => n.id)"):
        assert page_path(BASE_IRI + "id/" + node, BASE_IRI) is not None, node  # the site makes its page
    node = page.evaluate("network.body.nodeIndices.filter(id => !id.startsWith('group|'))[0]")
    at = page.evaluate("""(id) => { const p = network.canvasToDOM(network.getPositions([id])[id]);
        const r = document.getElementById('network').getBoundingClientRect(); return {x: p.x + r.left, y: p.y + r.top}; }""",
                       node)
    page.mouse.click(at["x"], at["y"])
    links = page.eval_on_selector_all("#details a", "els => els.map(a => [a.textContent, a.getAttribute('href')])")
    assert links[0] == ["Its page on the site", f"id/{node}.html"]
    assert links[1][0] == "Show the query" and links[1][1].startswith("query.html?query=")
    query = parse_qs(urlparse(links[1][1]).query)["query"][0]
    assert f"<{BASE_IRI}id/{node}>" in query and "grow:sourceLine ?line" in query
    if name != "similarity.html":  # (what two clusters share is listed there, each in the other's view)
        assert "line " in page.inner_text("#details")  # the bullets behind its links
    box = page.locator("#details").bounding_box()
    assert box["y"] >= 0 and box["y"] + 40 <= 720  # in view beside the canvas, without scrolling
    assert page.url.endswith("#node=" + node.replace("/", "%2F"))


def test_the_details_come_under_the_canvas_on_a_narrow_screen(open_page):
    page = open_page("levers.html", 900, 700)
    canvas, details = page.locator("#network").bounding_box(), page.locator("#details").bounding_box()
    assert details["y"] > canvas["y"] + canvas["height"] - 1 and details["width"] > 600
    page.fill("#find-name", "Aerospace")
    page.press("#find-name", "Enter")
    top = page.evaluate("document.getElementById('details').getBoundingClientRect().top")
    assert 0 <= top < 700  # scrolled into view


def test_the_address_reopens_the_view_where_it_was_left(open_page):
    page = open_page("graph.html", hash_="#node=organisation%2Fwmg&hide=event%2Cprogramme")
    assert page.evaluate("network.getSelectedNodes()") == ["organisation/wmg"]
    assert not page.is_checked("input[data-legend=event]") and not page.is_checked("input[data-legend=programme]")
    assert page.is_checked("input[data-legend=place]")
    assert "WMG\nOrganisation" in page.inner_text("#details")
    page.uncheck("input[data-legend=asset]")
    assert page.url.endswith("#node=organisation%2Fwmg&hide=asset%2Cprogramme%2Cevent")
    similar = open_page("similarity.html", hash_="#pairs=all")
    assert similar.evaluate("network.body.edgeIndices.length") == 28


def test_find_keeps_the_neighbours_in_view(open_page):
    page = open_page("graph.html")
    page.fill("#find-name", "WMG")
    page.press("#find-name", "Enter")
    shown = page.evaluate("""() => { const r = document.getElementById('network').getBoundingClientRect();
      return network.getConnectedNodes('organisation/wmg').map(id => {
        const p = network.canvasToDOM(network.getPositions([id])[id]);
        return p.x >= 0 && p.y >= 0 && p.x <= r.width && p.y <= r.height; }); }""")
    assert shown == [True, True]  # both of its clusters


def test_similarity_links_carry_their_number_in_plain_words(open_page):
    page = open_page("similarity.html")
    labels = page.evaluate("network.body.data.edges.get().map(e => e.label)")
    assert len(labels) == 28 and all(re.fullmatch(r"\d{1,3}%", label) for label in labels)
    legend = page.inner_text("fieldset.legend")
    assert "Clusters that share most, group 1" in legend and "Louvain" not in legend
    assert "Jaccard" not in page.inner_text(".intro") and "how alike" in page.inner_text(".intro")
    page.click("details.method summary")
    assert "Jaccard index" in page.inner_text("details.method")


# -- The map ----

def _districts(page) -> dict:
    return {a["href"]: a for a in page.eval_on_selector_all("svg a.district", """els => els.map(a => ({
        href: a.getAttribute('href'), label: a.getAttribute('aria-label'),
        fill: a.querySelector('path').getAttribute('fill'), faded: a.classList.contains('faded')}))""")}


def test_the_map_draws_the_sixteen_districts_shaded_by_their_clusters(open_page):
    page = open_page("map.html")
    drawn = _districts(page)
    assert sorted(drawn) == sorted(f"id/place/{slug}.html" for slug in GSS)
    located = {slug: sum(1 for places in PLACES.values() if slug in places) for slug in GSS}
    assert {slug: n for slug, n in located.items() if n > 1} == SHARED_PLACES
    for slug, n in located.items():
        assert drawn[f"id/place/{slug}.html"]["label"].endswith(f": {n} cluster{'' if n == 1 else 's'} located there")
    assert len({drawn[f"id/place/{s}.html"]["fill"] for s in ("birmingham", "solihull", "rugby", "tamworth")}) == 4
    rows = page.locator("#districts-table tbody tr")
    assert rows.count() == 16
    birmingham = page.locator("#districts-table tr:has(a[href='id/place/birmingham.html'])").inner_text()
    assert "E08000025" in birmingham and "line " in birmingham
    others = page.inner_text("aside.others")
    assert all(page.locator(f"aside.others a[href='id/place/{slug}.html']").count() == 1 for slug in UNCODED_PLACES)
    assert "line 318" in others  # the Black Country, named by Future housing
    assert "Crown copyright" in page.inner_text(".attribution")


def test_the_map_filters_by_cluster_and_keeps_it_in_the_address(open_page):
    page = open_page("map.html")
    page.select_option("#cluster", "cluster/aerospace")
    lit = sorted(h for h, d in _districts(page).items() if not d["faded"])
    assert lit == ["id/place/dudley.html", "id/place/nuneaton-and-bedworth.html", "id/place/wolverhampton.html"]
    assert page.inner_text("#map-status").endswith("located in 3 districts on the map.")
    assert page.locator("#districts-table tbody tr:visible").count() == 3
    assert page.url.endswith("#cluster=cluster%2Faerospace")
    again = open_page("map.html", hash_="#cluster=cluster%2Faerospace")
    assert again.evaluate("document.getElementById('cluster').value") == "cluster/aerospace"


def test_the_map_is_reached_by_the_keyboard(open_page):
    page = open_page("map.html")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('svg a.district')"):
            break
    assert page.evaluate("document.activeElement.getAttribute('href')").startswith("id/place/")


def test_the_vendored_districts_are_the_places_of_the_data():
    shapes = json.loads((ROOT / "viz/static/districts/west-midlands.geojson").read_text(encoding="utf-8"))
    places = yaml.safe_load((ROOT / "data/entities.yaml").read_text(encoding="utf-8"))["places"]
    coded = {p["gss"]: (p["label"], p["slug"]) for p in places if p.get("gss")}
    assert {f["properties"]["code"]: (f["properties"]["name"], f["properties"]["slug"])
            for f in shapes["features"]} == coded
    assert {code: slug for code, (_, slug) in coded.items()} == {v: k for k, v in GSS.items()}
    for feature in shapes["features"]:
        assert len(json.dumps(feature, separators=(",", ":"))) < 4000  # a few kB each
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                # the West Midlands
                assert ring[0] == ring[-1] and all(-3.0 < x < -1.0 and 51.8 < y < 53.2 for x, y in ring)


def test_the_query_editor_shows_a_handed_query_without_running_it(browser, tmp_path):
    from clusterkg import KnowledgeGraph
    from clusterkg.web.site import write_site

    write_site(KnowledgeGraph.from_data(), tmp_path / "site", views=False)
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    query = "SELECT ?line WHERE { ?b <https://w3id.org/wmgrowth/def#sourceLine> ?line } LIMIT 3"
    page.goto((tmp_path / "site" / "query.html").as_uri() + "?query=" + query.replace(" ", "%20").replace("#", "%23"))
    page.wait_for_function("window.clusterkg && window.clusterkg.ready === true")
    assert page.input_value("#sparql") == query
    assert page.inner_text("#status") == "The query from the address is in the editor. It runs only when you press Run."
    # shown, not run: no endpoint asked, no Oxigraph loaded in the page, no results
    assert not any("sparql" in url or "oxigraph" in url for url in requests)
    assert page.is_hidden("#results-section")
    page.close()
