"""The front door in headless Chromium: the query editor on ``clusterkg serve`` and on a plain static host
(``python -m http.server``, where it runs SPARQL in the browser with Oxigraph's WebAssembly build) runs
every stored query and shows names and pounds as the CLI does, in a table that fits the window, with the
raw values, CSV and xlsx one click away; the address never runs a query or picks an endpoint; the
navigation reaches every kind of page from the home page; and a visitor's path by clicks alone."""

from __future__ import annotations

import csv
import io

import pytest

from clusterkg import KnowledgeGraph
from clusterkg.query.catalogue import list_queries
from clusterkg.web.site import write_site
from clusterkg.web.siteindex import SiteIndex
from clusterkg.web.sitequeries import example_params
from tests import facts
from tests.servers import answering
from tests.webserver import ClusterkgServer, StaticServer, views_render

AERO_NAME = facts.NAMES[facts.AERO]


@pytest.fixture(scope="module")
def kg():
    return KnowledgeGraph.from_data()


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory, kg):
    out = tmp_path_factory.mktemp("frontdoor") / "site"
    write_site(kg, out, views=views_render() is None)
    return out


@pytest.fixture(scope="module")
def static(site_dir):
    running = StaticServer(site_dir).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    running = ClusterkgServer(tmp_path_factory.mktemp("frontdoor-serve")).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def hosts(static, served):
    return {"static": static, "serve": served}


@pytest.fixture
def open_page(browser):
    pages = []

    def opener(url, width=1400):
        page = browser.new_page(viewport={"width": width, "height": 900}, accept_downloads=True)
        page.seen, page.errors = [], []
        page.on("request", lambda r: page.seen.append(r.url))
        page.on("console", lambda m: m.type in ("error", "warning") and page.errors.append(m.text))
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("dialog", lambda d: (page.errors.append("dialog " + d.message), d.dismiss()))
        page.goto(url)
        pages.append(page)
        return page

    yield opener
    for page in pages:
        page.close()


# The waits are functions, not expressions: Playwright polls an expression with eval() in the page, which the
# Content-Security-Policy of ``clusterkg serve`` (script-src 'self', no 'unsafe-eval') rightly refuses
READY = "() => window.clusterkg && window.clusterkg.ready === true"
DONE = """() => !document.getElementById('run').disabled &&
  /rows? in|Done|failed/.test(document.getElementById('status').textContent)"""


def _editor(open_page, url):
    page = open_page(url)
    page.wait_for_function(READY)
    return page


def _run(page) -> str:
    page.click("#run")
    page.wait_for_function(DONE, timeout=60_000)
    return page.inner_text("#status")


@pytest.mark.parametrize("host", ["serve", "static"])
def test_the_editor_runs_every_stored_query_with_the_cli_rows(open_page, hosts, kg, host):
    base = hosts[host].base
    page = _editor(open_page, base + "query.html")
    index = SiteIndex.build(kg.store.quads_for_pattern(None, None, None), "https://w3id.org/wmgrowth/")
    for query in list_queries():
        expected = len(kg.query(query.name, params=example_params(query, index)))
        page.select_option("#example", query.name)
        page.click("#examples-form button[type=submit]")
        assert not page.input_value("#sparql").startswith("#+"), query.name  # opens without its header
        said = _run(page)
        assert said.startswith(f"{expected} row"), (query.name, said)
        assert page.locator(".results-table tbody tr").count() == expected, query.name
    assert ("in this browser" if host == "static" else f"from {base}sparql") in said
    assert all(url.startswith(base) for url in page.seen), page.seen
    assert page.errors == []


@pytest.mark.parametrize("host", ["serve", "static"])
def test_results_show_names_and_pounds_as_the_cli_does_and_fit_the_window(open_page, hosts, host):
    page = _editor(open_page, hosts[host].base + "query.html#clusters")
    _run(page)
    rows = {r.locator("td").first.locator("a").inner_text(): r.locator("td").all_inner_texts()
            for r in page.locator(".results-table tbody tr").all()}
    ev = rows[facts.NAMES[facts.EV]]
    assert ev[1:5] == ["£850m", "£950m", "11,200", "12,400"]  # the page: £850m-£950m, 11,200-12,400 jobs
    assert rows[AERO_NAME][1:5] == ["£80m", "£90m", "900", "1,000"]
    assert "cluster:aerospace" in page.locator(".results-table").inner_text()  # the IRI beside the name
    page.check("#raw")
    assert '"850000000"^^<http://www.w3.org/2001/XMLSchema#decimal>' in page.inner_text(".results-table") or \
        '"850000000.0"^^<' in page.inner_text(".results-table")
    page.uncheck("#raw")
    page.select_option("#example", "cluster-profile")  # long texts: the table wraps them, the page keeps its width
    page.click("#examples-form button[type=submit]")
    _run(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_growth_totals_read_as_the_page_writes_them(open_page, static):
    page = _editor(open_page, static.base + "query.html#growth-totals")
    _run(page)
    text = page.inner_text(".results-table")
    assert "£2,305m" in text and "2305000000" not in text  # the "2305000000"^^xsd:decimal, as £


def test_a_param_is_chosen_by_name_in_a_form(open_page, static):
    page = _editor(open_page, static.base + "query.html#clusters-using-lever")
    # the first lever by name: of the six (issue 26), "Business location coordination and foreign direct
    # investment" sorts before "Develop future skills pathway", "Direct competitive funding" and the rest
    assert page.input_value("#param-lever") == facts.LC_LABEL
    page.fill("#param-lever", "develop FUTURE skills pathway")  # a name from the list, in any case
    page.dispatch_event("#param-lever", "change")
    assert "VALUES (?lever) { (<https://w3id.org/wmgrowth/id/lever/future-skills-pathway>) }" in \
        page.input_value("#sparql")
    _run(page)
    clusters = set(page.locator(".results-table tbody tr td:nth-child(2) a").all_inner_texts())
    assert clusters == {facts.NAMES[c] for c, levers in facts.LEVERS.items() if facts.FSP in levers}  # all but PROF
    page.fill("#param-lever", "no such lever")
    page.dispatch_event("#param-lever", "change")
    assert "No lever is named “no such lever”" in page.inner_text("#param-lever-error")


def test_results_download_as_csv_and_xlsx(open_page, static, tmp_path):
    import openpyxl

    page = _editor(open_page, static.base + "query.html#clusters")
    _run(page)
    with page.expect_download() as got:
        page.click("#download-csv")
    table = list(csv.reader(io.StringIO(open(got.value.path(), encoding="utf-8").read())))
    assert table[0] == ["cluster", "clusterLabel", "minOutputGBP", "maxOutputGBP", "minJobs", "maxJobs", "benchmark",
                        "benchmarkLabel", "targetYear", "places", "levers", "entities", "statements"]
    assert len(table) == 9 and got.value.suggested_filename == "clusters.csv"
    with page.expect_download() as got:
        page.click("#download-xlsx")
    path = tmp_path / "clusters.xlsx"
    got.value.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    ev = next(row for row in sheet.iter_rows(values_only=True) if row[1] == facts.NAMES[facts.EV])
    assert ev[2:6] == (850000000, 950000000, 11200, 12400)


def test_the_address_fills_the_editor_but_never_runs_or_picks_an_endpoint(open_page, static):
    with answering(lambda path, headers, body: (200, {}, b"{}")) as (other, seen):
        page = _editor(open_page, static.base + f"query.html#query=DROP%20ALL&endpoint={other}update")
        page.wait_for_timeout(500)
        assert page.input_value("#sparql") == "DROP ALL"
        assert page.input_value("#endpoint") == ""  # this site's own engine, not the address's
        assert page.locator(".results-table").count() == 0 and "runs only when you press Run" in \
            page.inner_text("#status")
        assert seen == [] and all(url.startswith(static.base) for url in page.seen)


NAV_LANDS = {"Overview": "index.html", "Clusters": "id/cluster/index.html", "Places": "id/place/index.html",
             "Levers": "id/lever/index.html", "Organisations and assets": "id/organisation/index.html",
             "Queries": "queries/index.html", "Query editor": "query.html", "Ontology": "def.html",
             "Data": "data.html", "About": "about.html"}


def test_the_navigation_reaches_every_kind_of_page_from_home(open_page, static):
    page = open_page(static.base)
    for text, path in NAV_LANDS.items():
        page.get_by_role("navigation", name="Site").get_by_role("link", name=text, exact=True).click()
        page.wait_for_load_state()
        assert page.url == static.base + path, text
        page.goto(static.base)
    kinds = {"id/cluster/index.html": AERO_NAME, "id/lever/index.html": "Develop future skills pathway",
             "id/place/index.html": "Coventry", "id/organisation/index.html": "WMG"}
    for listing, name in kinds.items():  # a resource of each kind, a click further
        page.goto(static.base + listing)
        page.get_by_role("main").get_by_role("link", name=name, exact=True).click()
        page.wait_for_load_state()
        assert page.inner_text("h1") == name
    assert page.errors == []


def test_a_resource_path_resolves_on_a_static_host(open_page, static):
    page = open_page(static.base + "id/cluster/aerospace")  # 301 to the folder, whose page leads on
    page.wait_for_url(static.base + "id/cluster/aerospace.html")
    assert page.inner_text("h1") == AERO_NAME
    page.goto(static.base + "def")
    page.wait_for_url(static.base + "def.html")


def test_a_visitor_finds_a_shared_asset_its_query_and_the_data_by_clicks_alone(open_page, static, site_dir):
    page = open_page(static.base)
    page.get_by_role("link", name="The clusters", exact=True).click()
    page.get_by_role("main").get_by_role("link", name=AERO_NAME, exact=True).click()
    page.get_by_role("link", name="East Midlands Airport", exact=True).first.click()  # shared with logistics
    assert page.inner_text("h1") == "East Midlands Airport"
    assert facts.NAMES[facts.LOGI] in page.inner_text("#clusters-heading ~ h3 >> nth=1") or \
        facts.NAMES[facts.LOGI] in page.inner_text("main")
    page.get_by_role("link", name="Show the query", exact=True).click()
    page.wait_for_function(READY)
    assert page.input_value("#param-entity") == "East Midlands Airport"
    assert _run(page).startswith("2 rows")  # lines 129 and 185 (tests/facts.py SHARED_ENTITIES)
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Data", exact=True).click()
    with page.expect_download() as got:
        page.get_by_role("link", name="Download graph.ttl").click()
    assert open(got.value.path(), "rb").read() == (site_dir / "graph.ttl").read_bytes()
    assert page.errors == []


AXE_PAGES = ["index.html", "id/cluster/index.html", "id/place/index.html", "id/lever/index.html",
             "id/organisation/index.html", "id/cluster/aerospace.html", "id/asset/east-midlands-airport.html",
             "queries/index.html", "queries/clusters.html", "def.html", "data.html", "about.html", "resources.html",
             "query.html"]


@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_violation_of_any_impact(open_page, static, path):
    from tests.web.test_accessibility import AXE, AXE_TAGS

    page = open_page(static.base + path)
    if path == "query.html":  # the editor with a result on it, its raw values and its params form
        page.wait_for_function(READY)
        page.select_option("#example", "cluster-profile")
        page.click("#examples-form button[type=submit]")
        _run(page)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    assert [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in found["violations"]] == []


def test_from_a_file_the_editor_says_it_needs_a_server(open_page, site_dir):
    page = _editor(open_page, (site_dir / "query.html").as_uri())
    assert page.is_visible("#needs-server") and "python -m http.server" in page.inner_text("#needs-server")
    assert page.input_value("#sparql").startswith("PREFIX")  # the first stored query is there to read


def test_construct_ask_and_a_syntax_error_in_the_browser(open_page, static):
    page = _editor(open_page, static.base + "query.html")
    page.fill("#sparql", "DESCRIBE <https://w3id.org/wmgrowth/id/cluster/aerospace>")
    assert _run(page).startswith("39 rows")  # its own triples (tests/web/test_serve.py AERO_TRIPLES)
    page.fill("#sparql", "ASK { ?s ?p ?o }")
    _run(page)
    assert page.inner_text("#results") == "Yes (true)"
    page.fill("#sparql", "SELECT * WHERE { ?s ?p")
    assert _run(page).startswith("The query failed: error at 1:23")
    assert page.is_hidden("#results-section")
