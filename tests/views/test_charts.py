"""The overview's charts: their numbers against the page (tests/facts.py) and the stored queries, what the
figures draw, and the files: SVG and PNG, the same bytes for the same data, nothing from the clock."""

from __future__ import annotations

import io
import re
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from clusterkg import KnowledgeGraph
from clusterkg.views.chartdata import chart_data, chart_tables
from clusterkg.views.charts import (
    CHARTS,
    chart_files,
    growth_figure,
    heatmap_figure,
    similarity_figure,
    tick,
    without_empty_columns,
)
from clusterkg.views.overview import cluster_rows
from tests.facts import FIGURES, GSS, LEVER_REACH, LEVERS, NAMES, PAGE_ORDER, PLACES, UNCODED_PLACES

# Places a bullet names in its text, outside the places section, where the cluster is not located:
# (cluster, place) -> the line of that bullet, read from the page (each drawn dashed, never counted).
TEXT_ONLY = {
    ("electric-light-vehicles-batteries", "hams-hall"): 46,  # "Future British Volt facility at Hams Hall"
    ("health-tech-med-tech", "greater-south-east"): 70,  # "R&D outside Greater South East"
    ("health-tech-med-tech", "leamington"): 92,  # "Rosalind Franklin Laboratory in Leamington"
    ("logistics-distribution", "coventry"): 189,  # "Coventry's trial of a first urban drone airport"
    ("creative-content-gaming", "digbeth"): 265,  # "Creative Content Hub at The Bond, Digbeth"
    ("creative-content-gaming", "wolverhampton"): 286,  # "Screen School opened in Wolverhampton"
    ("future-housing", "black-country"): 318,  # a bullet of its drivers
}


@pytest.fixture(scope="module")
def kg(store):
    return KnowledgeGraph(store)


@pytest.fixture(scope="module")
def charted(kg):
    return chart_data(kg.typed_network, kg.bipartite_network, cluster_rows(kg.store))


def _slug(name: str, kind: str, kg) -> str:
    ids = {d["label"]: n for n, d in kg.typed_network.nodes(data=True) if d["kind"] == kind}
    return ids[name].split("/", 1)[1]


def test_levers_heat_map_is_the_hand_worked_matrix(charted, kg):
    heat = charted.levers
    assert heat.row_names == [NAMES[c] for c in PAGE_ORDER]
    levers = [_slug(name, "lever", kg) for name in heat.columns]
    assert [LEVER_REACH[lever] for lever in levers] == sorted(LEVER_REACH.values(), reverse=True)
    assert heat.counts == [[int(lever in LEVERS[c]) for lever in levers] for c in PAGE_ORDER]  # one bullet a link
    assert heat.column_totals == [LEVER_REACH[lever] for lever in levers]
    per_cluster = {r["cluster"].rsplit("/", 1)[1]: r["levers"] for r in kg.query("clusters").to_records()}
    assert heat.row_totals == [len(LEVERS[c]) for c in PAGE_ORDER] == [per_cluster[c] for c in PAGE_ORDER]
    assert heat.links == 26 and all(not any(row) for row in heat.text_only)  # facts.LEVERS: 26 lever uses


def test_places_heat_map_counts_links_and_keeps_mentions_apart(charted, kg):
    heat = charted.places
    places = [_slug(name, "place", kg) for name in heat.columns]
    assert sorted(places[:16]) == sorted(GSS) and sorted(places[16:]) == sorted(UNCODED_PLACES)
    assert heat.counts == [[int(p in PLACES[c]) for p in places] for c in PAGE_ORDER]
    assert heat.text_only == [[int((c, p) in TEXT_ONLY) for p in places] for c in PAGE_ORDER]
    located = {p: sum(1 for c in PAGE_ORDER if p in PLACES[c]) for p in places}
    assert heat.column_totals == [located[p] for p in places]  # Coventry: 4, its mention by logistics apart
    assert heat.column_totals[places.index("coventry")] == 4
    per_cluster = {r["cluster"].rsplit("/", 1)[1]: r["places"] for r in kg.query("clusters").to_records()}
    assert heat.row_totals == [len(PLACES[c]) for c in PAGE_ORDER] == [per_cluster[c] for c in PAGE_ORDER]


def test_growth_ranges_and_totals(charted, kg):
    growth = charted.growth
    assert growth.rows[0] == "EV and batteries" and growth.row_names == [NAMES[c] for c in PAGE_ORDER]
    assert growth.output == [(FIGURES[c][0] * 10**6, FIGURES[c][1] * 10**6) for c in PAGE_ORDER]
    assert growth.jobs == [(FIGURES[c][2], FIGURES[c][3]) for c in PAGE_ORDER]
    assert growth.output_total == (2_885_000_000, 3_245_000_000) and growth.jobs_total == (40_300, 44_800)
    total = next(r for r in kg.query("growth-totals").to_records() if r["scope"] == "all clusters")
    assert (total["minOutputGBP"], total["maxOutputGBP"], total["minJobs"], total["maxJobs"]) == (
        *growth.output_total, *growth.jobs_total)


def test_similarity_matrix_is_the_stored_query(charted, kg):
    alike = charted.alike
    at = {c: i for i, c in enumerate(alike.row_ids)}
    rows = kg.query("cluster-similarity").to_records()
    assert len(rows) == 28
    for r in rows:
        i, j = (at[x.split("/id/", 1)[1]] for x in (r["clusterA"], r["clusterB"]))
        assert alike.shared[i][j] == alike.shared[j][i] == r["shared"]
        assert Decimal(alike.text(i, j)) == Decimal(alike.text(j, i)) == r["jaccard"]
    assert [alike.jaccard[i][i] for i in range(8)] == [None] * 8
    ev, util = at["cluster/electric-light-vehicles-batteries"], at["cluster/low-carbon-utilities"]
    assert (alike.text(ev, util), alike.shared[ev][util]) == ("0.207", 6)  # 6 of 29, by hand in test_network


def test_a_half_is_rounded_up_as_the_query_rounds_it():
    from clusterkg.network.report import jaccard_text

    assert [jaccard_text(1, 16), jaccard_text(3, 16), jaccard_text(1, 3), jaccard_text(0, 5)] == [
        "0.063", "0.188", "0.333", "0.000"]  # 0.0625 and 0.1875: Python's own rounding gives 0.062 and 0.188


def _texts(figure) -> list[str]:
    return [t.get_text() for ax in figure.axes for t in ax.texts]


def test_heat_maps_write_the_counts_in_their_cells(charted):
    import matplotlib

    with matplotlib.rc_context({"font.family": "DejaVu Sans"}):
        levers = _texts(heatmap_figure(charted.levers, "t", ("a", "b"), None))
        places = _texts(heatmap_figure(charted.places, "t", ("a", "b"), None))
        alike = _texts(similarity_figure(charted, None))
    assert levers[:26] == ["\u2713"] * 26  # a tick in each cell of a link (one bullet behind each), then the totals
    assert levers[26:] == [str(n) for n in charted.levers.column_totals + charted.levers.row_totals]
    # a place named only in the text, in brackets, where the place has a column: Coventry and Wolverhampton;
    # the five places no cluster is located in (Black Country ... Leamington) have no column, all zero
    assert places.count("(1)") == 2
    assert without_empty_columns(charted.places)[1] == ["Black Country", "Digbeth", "Greater South East",
                                                         "Hams Hall", "Leamington"]
    assert tick(1) == "\u2713" and tick(3) == "\u2713 3"
    # EV and utilities 6 of 29; aerospace and housing 4 of 17 (by hand in test_network)
    assert "0.207\n6 shared" in alike and "0.235\n4 shared" in alike and len(alike) == 8 * 7


def test_growth_chart_gives_each_range_and_the_totals(charted):
    figure = growth_figure(charted.growth, None)
    texts = _texts(figure)
    assert texts[:8] == ["£850m–£950m", "£400m–£430m", "£80m–£90m", "£280m–£290m", "£580m–£630m", "£55m–£65m",
                         "£220m–£320m", "£420m–£470m"]
    assert texts[8:] == ["11,200–12,400", "5,300–5,900", "900–1,000", "5,500–6,000", "8,500–9,400", "1,100–1,500",
                         "3,400–3,700", "4,400–4,900"]
    titles = [ax.get_title(loc="left") for ax in figure.axes]
    assert titles == ["Further output (£)\nall clusters: £2,885m–£3,245m", "Further jobs\nall clusters: 40,300–44,800"]


@pytest.fixture(scope="module")
def files(charted):
    return chart_files(charted)


def test_each_chart_is_an_svg_and_a_png(files):
    assert list(files) == [f"charts/{name}.{fmt}" for name in CHARTS for fmt in ("svg", "png")]
    from PIL import Image

    for name, body in files.items():
        if name.endswith(".svg"):
            root = ET.fromstring(body)
            assert root.tag == "{http://www.w3.org/2000/svg}svg"
            assert b"<dc:date>" not in body and b"<script" not in body and b"href=\"http" not in body
        else:
            image = Image.open(io.BytesIO(body))
            assert image.format == "PNG" and image.width > 1000 and image.height > 500
            assert "Software" not in image.info and "Creation Time" not in image.info


def test_the_same_numbers_give_the_same_bytes(charted, files):
    assert chart_files(charted) == files


def test_a_chart_file_holds_nothing_from_the_clock_or_the_hash_seed(tmp_path):
    import os
    import subprocess

    code = ("import sys; from clusterkg import KnowledgeGraph; kg = KnowledgeGraph.from_data(); "
            "sys.stdout.buffer.write(kg.view_files()['charts/similarity.svg'])")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                           env=dict(os.environ, PYTHONHASHSEED=seed, SOURCE_DATE_EPOCH=stamp,
                                    CLUSTERKG_CACHE_DIR=str(tmp_path / seed))).stdout  # each draws: no cache
            for seed, stamp in (("1", "0"), ("2", "1700000000"))]
    assert runs[0] == runs[1] and runs[0].startswith(b"<?xml")
    assert len(list((tmp_path / "1").glob("charts-*/*.svg.data"))) == 5  # growth, levers, places, similarity, map



def test_tables_give_what_the_charts_draw(charted):
    tables = chart_tables(charted)
    levers = tables["levers"]
    assert levers.headers[1:-1] == charted.levers.columns and levers.footer[1:-1] == [
        str(n) for n in charted.levers.column_totals]
    places = tables["places"]
    coventry = next(row for row in places.rows if row[0] == "Coventry")
    assert coventry[1:] == ["1", "", "", "(1)", "1", "", "1", "1", "4"]  # logistics: named in the text, not counted
    similarity = tables["similarity"]
    assert similarity.rows[0][-1] == "0.207 (6)" and similarity.rows[0][1] == ""


def test_several_plans_chart_the_first_and_say_so(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from generate import generate

    generate(tmp_path / "r3", 3, seed=3)
    kg = KnowledgeGraph.from_data(tmp_path / "r3")
    data = chart_data(kg.typed_network, kg.bipartite_network, cluster_rows(kg.store))
    assert data.plans == 3 and len(data.growth.rows) == 8 and len(data.alike.rows) == 8
    figure = growth_figure(data.growth, f"{data.plan}: the first of 3 plans.")
    assert re.search(r"the first of 3 plans\.$", figure.get_supxlabel())
    html = kg.render_views()["index.html"]
    # the map among them
    assert f"show the first plan, {data.plan}." in html and html.count('<figure class="chart"') == 5


# -- The chart cache (clusterkg.views.chartcache) ----

def _drawn_by(drawn: list):
    def draw(data):
        drawn.append(data)
        return chart_files(data)
    return draw


CHART_NAMES = [f"charts/{name}.{fmt}" for name in CHARTS for fmt in ("svg", "png")]


def test_the_charts_are_drawn_once_and_then_read_back_byte_for_byte(charted, files, tmp_path, monkeypatch):
    from clusterkg.views.chartcache import cached_chart_files

    monkeypatch.setenv("CLUSTERKG_CACHE_DIR", str(tmp_path))
    drawn: list = []
    assert cached_chart_files(charted, CHART_NAMES, _drawn_by(drawn)) == files and len(drawn) == 1
    assert cached_chart_files(charted, CHART_NAMES, _drawn_by(drawn)) == files and len(drawn) == 1  # read, not drawn


@pytest.mark.parametrize("damage", ["cut", "emptied", "edited", "missing"])
def test_a_damaged_cached_chart_is_drawn_again(damage, charted, files, tmp_path, monkeypatch):
    from clusterkg.views.chartcache import cached_chart_files

    monkeypatch.setenv("CLUSTERKG_CACHE_DIR", str(tmp_path))
    cached_chart_files(charted, CHART_NAMES, chart_files)
    (stored,) = tmp_path.glob("charts-*/places.png.data")
    body = stored.read_bytes()
    if damage == "missing":
        stored.unlink()
    else:
        stored.write_bytes({"cut": body[: len(body) // 2], "emptied": b"", "edited": body[:-1] + b"!"}[damage])
    drawn: list = []
    assert cached_chart_files(charted, CHART_NAMES, _drawn_by(drawn)) == files and len(drawn) == 1
    assert stored.read_bytes() == body  # and kept whole again


def test_other_numbers_are_other_charts(charted, tmp_path, monkeypatch):
    import dataclasses

    from clusterkg.views.chartcache import chart_key

    growth = dataclasses.replace(charted.growth, jobs_total=(40300, 44801))
    assert chart_key(dataclasses.replace(charted, growth=growth)) != chart_key(charted)
