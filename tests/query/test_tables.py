"""Tables for people (clusterkg.query.tables): cells wrap inside the width and are never cut, short names
where space is short, money as the page writes it, one field a line for wide rows."""

from __future__ import annotations

import re

import pytest

import clusterkg
from clusterkg.query.catalogue import list_queries
from clusterkg.query.presentation import money
from clusterkg.query.tables import fit_widths, render_list, render_table, wrap_header
from tests.facts import AERO, CREATIVE, EV, FIGURES, HEALTH, HOUSING, LOGI, NAMES, PAGE_ORDER, PROF, UTIL
from tests.query.test_queries import SAMPLE_PARAMS

# curated in data/profiles/*.yaml from the page's own words (see tests/source/test_source_check.py)
SHORT_NAMES = {EV: "EV and batteries", HEALTH: "Health-tech", AERO: "Aerospace", LOGI: "Logistics",
               PROF: "Professional services", CREATIVE: "Creative and gaming", HOUSING: "Future housing",
               UTIL: "Low carbon utilities"}


def body(table: str) -> list[str]:
    """A table's lines after its dashes, without the row count."""
    lines = table.splitlines()
    start = next(i for i, line in enumerate(lines) if line and set(line) <= {"-", " "}) + 1
    return [line for line in lines[start:] if not re.fullmatch(r"\(\d+ rows?\)", line)]


def table_rows(table: str) -> list[list[str]]:
    """Each row of a table as the text of each of its cells, the lines of a wrapped cell joined."""
    lines = table.splitlines()
    dashes = next(line for line in lines if line and set(line) <= {"-", " "})
    spans = [m.span() for m in re.finditer(r"-+", dashes)]
    rows = body(table)
    blocks = "\n".join(rows).split("\n\n") if "" in rows else rows
    out = []
    for block in blocks:
        block_lines = block.splitlines()
        out.append([" ".join(line[a:b + 1].strip() for line in block_lines).strip() for a, b in spans])
    return out


def squashed(text: str) -> str:
    """Text without its spaces: a cell wrapped at a hyphen or inside a word reads the same."""
    return "".join(text.split())


def md_rows(markdown: str) -> list[list[str]]:
    return [line.strip("| ").split(" | ") for line in markdown.splitlines()[2:]]


@pytest.fixture(scope="module")
def kg():
    return clusterkg.KnowledgeGraph.from_data()


@pytest.mark.parametrize("width", [60, 80, 100, 140])
@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_every_stored_query_fits_the_width_and_cuts_nothing(kg, name, width):
    result = kg.query(name, params=SAMPLE_PARAMS.get(name))
    table = result.format("table", width=width)
    assert max(len(line) for line in table.splitlines()) <= width, table
    assert "…" not in table
    listed = result.format("list", width=width)
    assert max(len(line) for line in listed.splitlines()) <= width
    if not any(line and set(line) <= {"-", " "} for line in table.splitlines()):
        # too many columns for a table this narrow: one field a line, full names, and the count
        assert table == listed and listed.endswith(f"\n\n({len(result)} rows)\n")
        return
    short = {NAMES[c]: SHORT_NAMES[c] for c in NAMES}
    shown = table_rows(table)
    assert len(shown) == len(result)
    for got, full in zip(shown, md_rows(result.format("md"))):
        assert len(got) == len(full)
        for cell, value in zip(got, full):  # the whole value, or a cluster's short name in its place
            assert squashed(cell) in (squashed(value), squashed(short.get(value, value))), (cell, value)


@pytest.mark.parametrize("name, width", [("clusters", 100), ("cluster-profile", 100), ("shared-entities", 80),
                                         ("cluster-similarity", 80), ("quality-notes", 60), ("shared-levers", 60)])
def test_a_table_where_the_terminal_allows_one(kg, name, width):
    table = kg.query(name, params=SAMPLE_PARAMS.get(name)).format("table", width=width)
    assert any(line and set(line) <= {"-", " "} for line in table.splitlines())


def test_the_clusters_table_fits_100_columns_with_short_names_and_the_pages_figures(kg):
    table = kg.query("clusters").format("table", width=100)
    lines = table.splitlines()
    assert max(map(len, lines)) <= 100 and lines[-1] == "(8 rows)"
    rows = table_rows(table)
    assert [r[0] for r in rows] == [SHORT_NAMES[c] for c in PAGE_ORDER]
    for row, cluster in zip(rows, PAGE_ORDER):
        lo, hi, jlo, jhi = FIGURES[cluster][:4]
        assert row[1:5] == [f"£{lo}m", f"£{hi}m", f"{jlo:,}", f"{jhi:,}"]


def test_two_clusters_whose_names_start_alike_never_read_the_same(kg):
    # cut to fit, "Manufacturing of electrical..." and "Manufacturing of future housing" both read "Manufa…"
    rows = table_rows(kg.query("clusters").format("table", width=100))
    assert len({r[0] for r in rows}) == 8
    md = kg.query("clusters").format("md")  # Markdown, for reports: the full names
    assert [r[0] for r in md_rows(md)] == [NAMES[c] for c in PAGE_ORDER]


def test_a_long_bullet_wraps_whole(kg):
    result = kg.query("cluster-profile", params={"cluster": AERO})
    rows = table_rows(result.format("table", width=100))
    assert rows[0][3] == ("Additional growth opportunity: a further £80m – £90m of output and 900 – 1,000 jobs by "
                          "2030 by beating the average growth profile for UK for similar clusters.")
    assert rows[0][4] == "Beating the UK average"


def test_quality_notes_show_the_whole_note(kg):
    rows = table_rows(kg.query("quality-notes").format("table", width=100))
    notes = {r[1] for r in rows}
    assert any(n.startswith("The page gives the output range in reverse order (\"£320m to £220m\"), where every "
                            "other range on the page puts the smaller figure first; stored as minimum £220m and "
                            "maximum £320m.") for n in notes)


def test_shared_levers_names_both_clusters_and_every_lever(kg):
    rows = table_rows(kg.query("shared-levers").format("table", width=100))
    ev_creative = next(r for r in rows if {r[0], r[1]} == {SHORT_NAMES[EV], SHORT_NAMES[CREATIVE]})
    # both profiles' levers sections (lines 60-64, 304-310): future skills, location coordination, direct competitive
    # funding shared; since i26 the location lever's label is the plan's, "Business location coordination and
    # foreign direct investment", and the query orders the names by label, so it comes first
    assert ev_creative[2:] == ["3", "Business location coordination and foreign direct investment; "
                                    "Develop future skills pathway; Direct competitive funding"]
    assert sum("Develop future skills pathway" in r[3] for r in rows) == 21  # pairs of its 7 clusters


def test_render_table_wraps_text_and_keeps_numbers_whole():
    rows = [["Land assembly and infrastructure fund", "£1,320m"], ["Transport and infrastructure fund", "£860m"]]
    table = render_table(["lever", "minOutputGBP"], rows, width=30, right={1})
    assert table.splitlines() == [
        "lever                      min",
        "                        Output",
        "                           GBP",
        "---------------------  -------",
        "Land assembly and      £1,320m",
        "infrastructure fund",
        "",
        "Transport and            £860m",
        "infrastructure fund",
    ]


def test_render_table_at_its_natural_width_is_one_line_a_row():
    table = render_table(["name", "n"], [["a", "1,000"], ["bb", "7"]], width=80, right={1})
    assert table.splitlines() == ["name      n", "----  -----", "a     1,000", "bb        7"]


def test_fit_widths_gives_text_the_room_the_numbers_leave():
    widths, gap = fit_widths(["text", "n"], [["word " * 30, "12,345"]], 40, right={1})
    assert (widths, gap) == ([32, 6], 2)
    widths, gap = fit_widths(["a", "b", "c"], [["x " * 25, "y " * 25, "z" * 10]], 41)
    assert sum(widths) + gap * 2 == 41 and widths[2] == 10 and abs(widths[0] - widths[1]) <= 1
    assert fit_widths(["a", "b", "c"], [["x" * 50, "y" * 50, "z" * 10]], 41) is None  # words of 20+ each


def test_headers_wrap_between_the_words_of_a_camel_case_name():
    assert wrap_header("minOutputGBP", 9) == ["minOutput", "GBP"]
    assert wrap_header("minOutputGBP", 6) == ["min", "Output", "GBP"]
    assert wrap_header("statements", 12) == ["statements"]


@pytest.mark.parametrize("value, shown", [(850_000_000, "£850m"), (2_885_000_000, "£2,885m"),
                                          (1_250, "£1,250"), (0, "£0")])
def test_money_as_the_page_writes_it(value, shown):
    assert money(value) == shown


def test_render_list_wraps_long_values_under_themselves():
    text = render_list(["name", "summary"], [["x", "one two three four five six seven eight nine ten"]], width=40)
    assert text.splitlines() == ["name     x",
                                 "summary  one two three four five six",
                                 "         seven eight nine ten"]


def test_the_catalogue_fits_the_terminal(cli):
    result = cli("queries", env={"COLUMNS": "100"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) <= 100
    rows = table_rows(result.stdout)
    assert [r[:2] for r in rows] == [[q.name, q.summary] for q in list_queries()]  # whole, however it wraps
    in_place = next(r for r in rows if r[0] == "clusters-in-place")
    assert in_place[2] == "place (iri, repeatable): the place, by name, slug, GSS code or IRI"
