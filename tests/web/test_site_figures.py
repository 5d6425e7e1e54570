"""The stored-query pages of the site show figures as the CLI's table does: pounds as the page writes
them (£2,305m), counts with separators (31,800), lines and years bare."""

from __future__ import annotations

import html
import re

import pytest

from clusterkg import KnowledgeGraph
from clusterkg.web.site import site_files
from tests.facts import AERO, CREATIVE, EV, FIGURES, HEALTH, HOUSING, LOGI, UTIL


@pytest.fixture(scope="module")
def files():
    return site_files(KnowledgeGraph.from_data(), views=False)


def _cells(page: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)
    return [[html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in rows]


@pytest.fixture(scope="module")
def lever_reach(files):
    return _cells(files["queries/lever-reach.html"].decode("utf-8"))


def test_a_stored_query_page_shows_pounds_and_counts_as_the_cli_does(lever_reach):
    skills = next(row for row in lever_reach if row and row[0] == "Develop future skills pathway")
    # the seven clusters that use the lever (all but professional services), by the page's figures
    users = (EV, HEALTH, AERO, LOGI, CREATIVE, HOUSING, UTIL)
    assert sum(FIGURES[c][0] for c in users) == 2305 and sum(FIGURES[c][2] for c in users) == 31800
    assert "£2,305m" in skills and "31,800" in skills
    assert not any(re.fullmatch(r"\d{5,}", cell) for row in lever_reach for cell in row)


def test_a_resource_page_shows_its_figures_as_the_cli_does(files):
    # page line 109: "a further £80m – £90m of output and 900 – 1,000 jobs by 2030"
    cells = _cells(files["id/cluster/aerospace/growth-opportunity.html"].decode("utf-8"))
    shown = {row[0].split()[-1]: row[1].split()[0] for row in cells if len(row) == 2 and row[0].startswith(
        ("minimum", "maximum", "source", "target"))}
    assert shown == {"grow:minOutputGBP": "£80m", "grow:maxOutputGBP": "£90m", "grow:minJobs": "900",
                     "grow:maxJobs": "1,000", "grow:sourceLine": "109", "grow:targetYear": "2030"}
