"""The site, the query editor and the views in headless Chromium: following links from a cluster to a lever
and back (served and from file://), running a stored query in the editor and seeing its rows, no request
leaving the server, no script from the data, the keyboard, and axe-core (WCAG 2.2 A and AA rules) on every
kind of page with no serious or critical violation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clusterkg import KnowledgeGraph
from clusterkg.web.site import write_site
from tests import facts
from tests.web.test_site import DATA, INJECTED
from tests.webserver import ClusterkgServer, views_render

AXE = Path(__file__).resolve().parents[1] / ".npm" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SITE_PAGES = ["id/cluster/aerospace.html", "id/lever/future-skills-pathway.html", "id/place/coventry.html",
              "id/organisation/wmg.html", "id/cluster/aerospace/lever-use/1.html",
              "id/cluster/aerospace/growth-opportunity.html", "id/plan/plan-for-growth.html",
              "id/dataset/cluster-growth-profiles.html", "def.html", "resources.html", "queries/index.html",
              "queries/cluster-profile.html", "query.html", "data.html", "about.html", "id/cluster/index.html",
              "id/organisation/index.html", "ontology.html"]  # ontology.html: pyLODE's page, made on its first request
VIEW_PAGES = ["index.html", "graph.html", "levers.html", "shared-entities.html", "places.html", "similarity.html",
              "map.html"]



@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = ClusterkgServer(tmp_path_factory.mktemp("serve-browser")).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def static_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("static") / "site"
    write_site(KnowledgeGraph.from_data(), out, views=views_render() is None)
    return out


class Visit:
    """One page with every request, console error, page error and dialog it caused."""

    def __init__(self, browser, url: str):
        # bypass_csp: the test injects axe-core as an inline script, which the served pages' CSP refuses
        self.page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        self.requests, self.errors, self.dialogs = [], [], []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(url)

    def heading(self) -> str:
        return self.page.inner_text("h1")


@pytest.fixture
def visit(browser):
    opened = []

    def open_page(url):
        opened.append(Visit(browser, url))
        return opened[-1]

    yield open_page
    for v in opened:
        v.page.close()


def _follow_cluster_to_lever_and_back(v: Visit) -> None:
    assert v.heading() == facts.NAMES[facts.AERO]
    v.page.get_by_role("link", name="Develop future skills pathway", exact=True).first.click()
    v.page.wait_for_load_state()
    assert v.heading() == "Develop future skills pathway"
    v.page.locator("#clusters-heading ~ h3 a", has_text=facts.NAMES[facts.AERO]).click()
    v.page.wait_for_load_state()
    assert v.heading() == facts.NAMES[facts.AERO]


def test_served_cluster_page_links_to_a_lever_and_back(visit, server):
    v = visit(server.base + "id/cluster/aerospace")  # the IRI's own path, negotiated to the page
    _follow_cluster_to_lever_and_back(v)
    assert v.page.url == server.base + "id/cluster/aerospace.html"
    assert v.requests and all(url.startswith(server.base) for url in v.requests), v.requests
    assert v.errors == [] and v.dialogs == []


def test_static_cluster_page_links_to_a_lever_and_back_from_file(visit, static_site):
    v = visit((static_site / "id/cluster/aerospace.html").as_uri())
    _follow_cluster_to_lever_and_back(v)
    assert all(url.startswith(static_site.as_uri()) for url in v.requests), v.requests
    assert v.errors == [] and v.dialogs == []


def _run_in_editor(v: Visit) -> None:
    v.page.click("#run")
    v.page.wait_for_selector(".results-table tbody tr", timeout=30_000)


def test_query_editor_runs_a_stored_query_and_shows_its_rows(visit, server):
    v = visit(server.base + "query.html")
    v.page.wait_for_function("window.clusterkg && window.clusterkg.ready === true")
    v.page.select_option("#example", "clusters")
    v.page.click("#examples-form button[type=submit]")
    assert "SELECT" in v.page.input_value("#sparql")
    _run_in_editor(v)
    assert v.page.eval_on_selector_all(".results-table tbody tr", "rows => rows.length") == 8
    links = set(v.page.eval_on_selector_all(".results-table tbody a[href]", "links => links.map(a => a.href)"))
    assert {f"{server.base}id/cluster/{c}.html" for c in facts.PAGE_ORDER} <= links  # each cluster's page here
    assert v.requests and all(url.startswith(server.base) for url in v.requests), v.requests
    assert any(url == server.base + "sparql" for url in v.requests)
    assert v.errors == [] and v.dialogs == []


def test_the_keyboard_reaches_the_skip_link_and_the_editor_examples(visit, server):
    v = visit(server.base + "query.html")
    v.page.wait_for_function("window.clusterkg && window.clusterkg.ready === true")
    v.page.keyboard.press("Tab")
    assert v.page.evaluate("document.activeElement.textContent") == "Skip to the content"
    v.page.keyboard.press("Enter")
    assert v.page.evaluate("document.activeElement.id") == "main"
    v.page.focus("#example")
    v.page.keyboard.press("End")  # the last stored query, by name
    v.page.keyboard.press("Tab")
    v.page.keyboard.press("Enter")
    assert v.page.evaluate("document.getElementById('example').value") == "shared-places"
    assert v.page.input_value("#sparql").startswith("PREFIX grow:")  # without its #+ header
    assert v.page.inner_text("#query-summary").startswith("Places where two or more clusters are located")


def test_no_script_from_the_data_runs(visit, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA, data_dir)
    entities = data_dir / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace(
        "    label: WMG\n", f'    label: "{INJECTED}</script><script>alert(2)</script>"\n', 1), encoding="utf-8")
    out = tmp_path / "site"
    write_site(KnowledgeGraph.from_data(data_dir), out, views=False)
    for name in ("id/organisation/wmg.html", "id/cluster/electric-light-vehicles-batteries.html",
                 "queries/shared-entities.html"):
        v = visit((out / name).as_uri())
        v.page.wait_for_timeout(200)
        assert v.dialogs == [] and v.page.locator("img[src=x]").count() == 0, name
    assert INJECTED in v.page.inner_text("main") or "WMG" not in v.page.inner_text("main")


def _axe(v: Visit) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE}: tests/run installs it with npm")
    v.page.add_script_tag(path=str(AXE))
    found = v.page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [{"id": r["id"], "impact": r["impact"], "nodes": [n["target"] for n in r["nodes"]][:5]}
            for r in found["violations"] if r["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("path", SITE_PAGES)
def test_axe_finds_no_serious_violation_on_site_pages(visit, server, path):
    v = visit(server.base + path)
    if path == "query.html":
        v.page.wait_for_function("window.clusterkg && window.clusterkg.ready === true")
        _run_in_editor(v)
    assert _axe(v) == []


@pytest.mark.parametrize("path", VIEW_PAGES)
def test_axe_finds_no_serious_violation_on_the_views(visit, static_site, path):
    reason = views_render()
    if reason is not None:
        pytest.skip(f"the views do not render on this tree ({reason[:120]})")
    v = visit((static_site / path).as_uri())
    assert _axe(v) == []
