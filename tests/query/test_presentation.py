"""One place decides how a value is shown, from what it is (clusterkg.query.presentation), never from a column's name.

Hand-worked answers: the eight profiles' minimum outputs (data/profiles/*.yaml, output_min_gbp) are
£80m + £55m + £850m + £220m + £400m + £280m + £420m + £580m = £2,885m; Aerospace and EV and batteries
share 3 of the 25 things either has, 3 / 25 = 0.120; Aerospace's growth is "by 2030" on the page.
"""

from __future__ import annotations

import pytest

from clusterkg.errors import InputError
from clusterkg.model.terms import GROW
from clusterkg.query.catalogue import parse_query
from clusterkg.query.presentation import column_kinds, money, property_bindings, shown
from clusterkg.query.tables import render_result

SUM = "SELECT (SUM(?m) AS ?{name}) WHERE {{ ?g grow:minOutputGBP ?m }}"


@pytest.fixture(scope="module")
def kg():
    from clusterkg import KnowledgeGraph

    return KnowledgeGraph.from_data()


@pytest.mark.parametrize("name", ["minOut", "minOutputGBP", "total"])
def test_a_sum_of_pounds_is_shown_as_pounds_whatever_its_name(kg, name):
    table = render_result(kg.query(sparql=SUM.format(name=name)), width=100)
    assert table.splitlines()[2].strip() == "£2,885m"


def test_a_column_named_like_pounds_that_counts_is_a_count(kg):
    table = render_result(kg.query(sparql="SELECT (COUNT(?c) AS ?clustersGBP) WHERE { ?c a grow:Cluster }"), width=100)
    assert table.splitlines()[2].strip() == "8"


def test_the_dataframe_has_numbers_of_numeric_dtypes(kg):
    frame = kg.to_dataframe("clusters")
    assert str(frame["minOutputGBP"].dtype) == "Float64" and str(frame["maxOutputGBP"].dtype) == "Float64"
    assert str(frame["minJobs"].dtype) == "Int64" and str(frame["targetYear"].dtype) == "Int64"
    assert frame["minOutputGBP"].sum() == 2_885_000_000
    assert (frame["minOutputGBP"] / 1e6).sum() == 2885
    dated = frame.dropna(subset=["targetYear"])  # only Aerospace's growth has a year on the page
    assert dated["targetYear"].tolist() == [2030] and dated["cluster"].str.endswith("/aerospace").all()


def test_records_give_a_year_as_an_integer(kg):
    [record] = kg.records(sparql="SELECT ?y WHERE { ?g grow:targetYear ?y }")
    assert record == {"y": 2030}


def test_jaccard_has_three_decimals_in_the_query_table_as_in_network(kg):
    result = kg.query("cluster-similarity")
    [row] = [r for r in result.to_records() if r["clusterA"].endswith("/aerospace") and r["either"] == 25]
    assert (row["shared"], float(row["jaccard"])) == (3, 0.12)
    lines = [line for line in render_result(result, width=140).splitlines() if line.startswith("Aerospace")]
    assert any(line.split()[-1] == "0.120" for line in lines)
    frame = kg.to_dataframe("cluster-similarity")
    assert str(frame["jaccard"].dtype) == "Float64"


def test_kinds_follow_the_property_through_aggregates_and_binds():
    text = """PREFIX g: <https://w3id.org/wmgrowth/def#>
    SELECT ?y (MAX(?m) AS ?top) ?again WHERE { ?x g:maxOutputGBP ?m ; g:targetYear ?y . BIND(?top AS ?again) }"""
    assert property_bindings(text) == {"m": GROW.maxOutputGBP, "y": GROW.targetYear, "top": GROW.maxOutputGBP,
                                       "again": GROW.maxOutputGBP}
    assert column_kinds(text, {"y": "number"}) == {"m": "money", "y": "number", "top": "money", "again": "money"}


def test_shown_forms():
    assert money(850_000_000) == "£850m" and money(2_885_000_000) == "£2,885m" and money(1250) == "£1,250"
    assert shown(0.12, "ratio") == "0.120" and shown(0.1, "ratio") == "0.100"
    assert shown(2030, "year") == "2030" and shown(11200, "count") == "11,200"
    assert shown("text", "money") is None


def test_a_columns_header_with_an_unknown_kind_is_refused():
    with pytest.raises(InputError, match="unknown kind 'percent'"):
        parse_query("#+ summary: s\n#+ columns: {share: percent}\nSELECT ?share WHERE {}", "q")
    assert parse_query("#+ summary: s\n#+ columns: {share: ratio}\nSELECT ?share WHERE {}", "q").columns == {
        "share": "ratio"}
