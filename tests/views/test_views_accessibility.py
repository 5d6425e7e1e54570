"""The views and the overview for everyone who must use them (WCAG 2.2 AA): axe-core in headless Chromium (the
copy tests/run installs for tests/web/test_accessibility.py) on each page as written and after it is used, one
main landmark and headings in order, a skip link, every control reached and worked by the keyboard, and a
text equivalent of each drawing and chart."""

from __future__ import annotations

import pytest

from clusterkg.views.drawing import KIND_STYLE
from clusterkg.views.render import write_views
from tests.web.test_accessibility import AXE, AXE_TAGS

VIEW_PAGES = ["graph.html", "levers.html", "shared-entities.html", "places.html", "similarity.html"]
PAGES = ["index.html", *VIEW_PAGES, "map.html"]


@pytest.fixture(scope="module")
def site(store, tmp_path_factory):
    out = tmp_path_factory.mktemp("accessible-views")
    write_views(store, out)
    return out



@pytest.fixture
def open_page(browser, site):
    opened = []

    def open_(name: str):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        opened.append(page)
        page.goto((site / name).as_uri())
        if name != "index.html":
            page.wait_for_function("window.clusterkg && window.clusterkg.ready === true", timeout=30_000)
        return page

    yield open_
    for page in opened:
        page.close()


def _violations(page) -> list[dict]:
    """Every violation axe-core finds of the WCAG 2.2 A and AA rules, whatever its impact."""
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE}: tests/run installs it with npm")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [{"id": r["id"], "impact": r["impact"], "nodes": [n["target"] for n in r["nodes"]][:5]}
            for r in found["violations"]]


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violation(open_page, name):
    assert _violations(open_page(name)) == []


def test_axe_finds_no_violation_once_the_map_is_filtered(open_page):
    page = open_page("map.html")
    page.select_option("#cluster", "cluster/aerospace")
    assert page.inner_text("#map-status")
    assert _violations(page) == []


@pytest.mark.parametrize("name", VIEW_PAGES)
def test_axe_finds_no_violation_once_the_view_is_used(open_page, name):
    page = open_page(name)
    first = page.evaluate("network.body.data.nodes.get()[0].name")
    page.fill("#find-name", first)
    page.press("#find-name", "Enter")  # the details and the status line filled
    page.uncheck("input[data-legend=cluster]" if name != "similarity.html" else "input[data-legend=community-2]")
    if name == "similarity.html":
        page.select_option("#pairs", "all")
    assert page.inner_text("#details") and page.inner_text("#found").startswith("Found ")
    assert _violations(page) == []


HEADINGS = """() => Array.from(document.querySelectorAll('h1, h2, h3, h4')).map(h => Number(h.tagName[1]))"""


@pytest.mark.parametrize("name", PAGES)
def test_landmarks_and_headings(open_page, name):
    page = open_page(name)
    assert page.locator("main").count() == 1 and page.locator("header").count() == 1
    assert page.get_attribute("nav", "aria-label") == "Views"
    assert page.locator("nav a[aria-current=page]").get_attribute("href") == name
    levels = page.evaluate(HEADINGS)
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels  # no level skipped
    assert page.evaluate("document.documentElement.lang") == "en"


@pytest.mark.parametrize("name", PAGES)
def test_the_skip_link_comes_first_and_leads_to_the_content(open_page, name):
    page = open_page(name)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the content"
    assert page.evaluate("document.activeElement.getBoundingClientRect().top") >= 0  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def _tab_until(page, selector: str, limit: int = 60) -> int:
    """Press Tab until ``selector`` has the focus; returns how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} is never reached by Tab")


def test_every_control_of_a_view_is_reached_and_worked_by_the_keyboard(open_page):
    page = open_page("graph.html")
    _tab_until(page, "#find-name")
    page.keyboard.type("WMG")
    page.keyboard.press("Enter")
    assert page.evaluate("network.getSelectedNodes()") == ["organisation/wmg"]
    _tab_until(page, "button[data-zoom=in]")
    scale = page.evaluate("network.getScale()")
    page.keyboard.press("Enter")
    assert page.evaluate("network.getScale()") == pytest.approx(scale * 1.4)
    _tab_until(page, "button[data-zoom=fit]")
    page.keyboard.press("Space")
    assert page.evaluate("network.getScale()") < scale
    _tab_until(page, "input[data-legend=place]")
    page.keyboard.press("Space")
    assert page.inner_text("#counts") != "" and not page.is_checked("input[data-legend=place]")
    assert page.evaluate("network.body.data.nodes.get('place/coventry').hidden") is True
    _tab_until(page, "input[data-edges=text-only]")
    page.keyboard.press("Space")
    assert not page.is_checked("input[data-edges=text-only]")
    _tab_until(page, "div.table-wrap[role=region]:has(#links-table)")  # the tables scroll by keyboard too


def test_the_similarity_menu_works_from_the_keyboard(open_page):
    page = open_page("similarity.html")
    _tab_until(page, "#pairs")
    page.keyboard.press("ArrowDown")  # to "each cluster's three most alike pairs"
    assert page.evaluate("document.getElementById('pairs').value") == "3"
    assert page.evaluate("network.body.edgeIndices.length") > 12


@pytest.mark.parametrize("name", VIEW_PAGES)
def test_each_drawing_has_a_text_equivalent(open_page, name):
    page = open_page(name)
    assert page.get_attribute("#network", "role") == "img"
    assert "tables after it" in page.get_attribute("#network", "aria-label")
    tables = page.locator("section#tables table")
    assert tables.count() == (1 if name == "similarity.html" else 2)
    rows = sum(tables.nth(i).locator("tbody tr").count() for i in range(tables.count()))
    assert rows >= page.evaluate("network.body.data.edges.length")  # every link has a row
    assert page.locator("section#tables table caption").count() == tables.count()


def test_each_chart_has_a_text_alternative_and_a_table(open_page):
    page = open_page("index.html")
    figures = page.locator("figure.chart")
    assert figures.count() == 5  # growth, levers, places, the map, similarity
    for i in range(5):
        figure = figures.nth(i)
        assert len(figure.locator("img").get_attribute("alt")) > 60
        following = figure.evaluate("f => { let e = f.nextElementSibling; return e && e.querySelector('table') ? "
                                    "e.querySelector('caption').textContent : null; }")
        assert following, f"figure {i} has no table after it"


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_labels_drawn_on_the_canvas_have_text_contrast(open_page):
    """axe cannot read a canvas: the label colours are checked here against the canvas's white (4.5:1), and
    each node colour against white as a graphic (3:1) or with its darker border."""
    page = open_page("graph.html")
    colours = page.evaluate("[...new Set(network.body.data.nodes.get().map(n => n.font.color))]")
    assert colours and all(_contrast(c, "#ffffff") >= 4.5 for c in colours), colours
    for fill, border, _ in KIND_STYLE.values():
        assert max(_contrast(fill, "#ffffff"), _contrast(border, "#ffffff")) >= 3, (fill, border)
