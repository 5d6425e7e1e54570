"""The stored-query pages of the site show figures as the CLI's table does: pounds as the page writes
them (£2,305m), counts with separators (31,800), lines and years bare."""

from __future__ import annotations

import html
import re

import pytest

from clusterkg import KnowledgeGraph
from clusterkg.site import site_files

from .facts import AERO, CREATIVE, EV, FIGURES, HEALTH, HOUSING, LOGI, UTIL


@pytest.fixture(scope="module")
def lever_reach():
    page = site_files(KnowledgeGraph.from_data(), views=False)["queries/lever-reach.html"].decode("utf-8")
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)
    return [[html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in rows]


def test_a_stored_query_page_shows_pounds_and_counts_as_the_cli_does(lever_reach):
    skills = next(row for row in lever_reach if row and row[0] == "Develop future skills pathway")
    # the seven clusters that use the lever (all but professional services), by the page's figures
    users = (EV, HEALTH, AERO, LOGI, CREATIVE, HOUSING, UTIL)
    assert sum(FIGURES[c][0] for c in users) == 2305 and sum(FIGURES[c][2] for c in users) == 31800
    assert "£2,305m" in skills and "31,800" in skills
    assert not any(re.fullmatch(r"\d{5,}", cell) for row in lever_reach for cell in row)
