"""Query results (clusterkg.query.results, clusterkg.query.spreadsheet): names beside addresses in every format,
CSV for Excel, the xlsx workbook, pandas, and the README's Python example."""

from __future__ import annotations

import ast
import csv
import datetime
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

import clusterkg
from clusterkg.errors import ClusterKGError
from clusterkg.query.results import output_format
from tests.facts import (
    AERO,
    CREATIVE,
    EV,
    FIGURES,
    HEALTH,
    HOUSING,
    LC_LABEL,
    LEVER_REACH,
    NAMES,
    PAGE_ORDER,
    PLACES,
    PROF,
    UTIL,
)

ROOT = Path(__file__).resolve().parents[2]
CLUSTER = "https://w3id.org/wmgrowth/id/cluster/"
COVENTRY = [EV, PROF, HOUSING, UTIL]  # page order: lines 28, 221, 325, 374
M = 1_000_000


@pytest.fixture(scope="module")
def kg():
    return clusterkg.KnowledgeGraph.from_data()


@pytest.fixture(scope="module")
def coventry(kg):
    return kg.query("clusters-in-place", params={"place": "E08000026"})


# -- Names beside addresses ----

def test_records_carry_a_name_beside_each_address(coventry):
    records = coventry.to_records()
    assert [r["cluster"] for r in records] == [CLUSTER + c for c in COVENTRY]
    assert [r["clusterLabel"] for r in records] == [NAMES[c] for c in COVENTRY]
    assert {r["placeLabel"] for r in records} == {"Coventry"}
    assert records[0]["statementLabel"] == f"{NAMES[EV]}: place 6"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_every_results_format_carries_the_names(coventry, fmt):
    text = coventry.serialize(fmt).decode("utf-8")
    for c in COVENTRY:
        assert NAMES[c] in text
    assert "Coventry" in text


def test_csv_has_the_name_column_beside_its_address_column(coventry):
    table = list(csv.reader(io.StringIO(coventry.serialize("csv").decode("utf-8"), newline="")))
    assert table[0] == ["place", "placeLabel", "cluster", "clusterLabel", "line", "text", "statement",
                        "statementLabel"]
    assert [row[3] for row in table[1:]] == [NAMES[c] for c in COVENTRY]


def test_json_declares_the_name_columns_as_variables(coventry):
    doc = json.loads(coventry.serialize("json"))
    assert doc["head"]["vars"][:4] == ["place", "placeLabel", "cluster", "clusterLabel"]
    assert doc["results"]["bindings"][0]["clusterLabel"] == {"type": "literal", "value": NAMES[EV]}


def test_no_labels_gives_the_bare_result(kg):
    bare = kg.query("clusters-in-place", params={"place": "Coventry"}, labels=False)
    assert bare.columns == ["place", "cluster", "line", "text", "statement"]
    assert list(bare.to_records()[0]) == bare.columns


def test_an_address_without_a_name_is_named_by_its_prefixed_form(kg):
    # the classes are named in the ontology, not in the data: grow:Asset, not a bare address
    records = kg.query("shared-entities").to_records()
    # (the Commonwealth Games event is named by one cluster only: no event is shared)
    assert {r["typeLabel"] for r in records} == {"grow:Asset", "grow:Organisation", "grow:Programme"}


def test_lever_reach_names_its_lever_once_and_its_clusters_by_name(kg):
    records = kg.query("lever-reach").to_records()
    assert list(records[0]) == ["lever", "leverLabel", "clusters", "clusterNames", "minOutputGBP", "maxOutputGBP",
                                "minJobs", "maxJobs"]
    lc = next(r for r in records if r["lever"].endswith("/location-coordination"))
    assert lc["leverLabel"] == LC_LABEL and lc["clusters"] == LEVER_REACH["location-coordination"]
    # every cluster but logistics and utilities (facts.LEVERS), by name
    assert lc["clusterNames"] == "; ".join(sorted(NAMES[c] for c in (EV, HEALTH, AERO, PROF, CREATIVE, HOUSING)))


# -- CSV for Excel ----

def test_csv_for_excel_starts_with_a_byte_order_mark(kg):
    result = kg.query("quality-notes")
    plain, excel = result.serialize("csv"), result.serialize("csv", excel=True)
    assert excel == b"\xef\xbb\xbf" + plain and not plain.startswith(b"\xef\xbb\xbf")
    assert "£320m to £220m" in excel.decode("utf-8-sig")  # what Excel garbled without the mark


def test_excel_applies_to_csv_only(kg):
    with pytest.raises(ClusterKGError, match="--excel writes CSV for Excel; tsv is not CSV"):
        kg.query("clusters").serialize("tsv", excel=True)


# -- The workbook ----

@pytest.fixture(scope="module")
def workbook(kg, tmp_path_factory):
    openpyxl = pytest.importorskip("openpyxl", reason="the xlsx extra: pip install 'clusterkg[xlsx]'")
    path = tmp_path_factory.mktemp("xlsx") / "clusters.xlsx"
    kg.query("clusters").write(path)
    return path, openpyxl.load_workbook(path)


def test_the_workbook_has_one_sheet_with_a_bold_frozen_header(workbook):
    _, book = workbook
    assert book.sheetnames == ["clusters"]
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header == ["cluster", "clusterLabel", "minOutputGBP", "maxOutputGBP", "minJobs", "maxJobs", "benchmark",
                      "benchmarkLabel", "targetYear", "places", "levers", "entities", "statements"]
    assert all(c.font.b for c in sheet[1]) and not any(c.font.b for c in sheet[2])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:M9"


def test_the_workbook_stores_numbers_as_numbers_with_pound_and_thousands_formats(workbook):
    _, book = workbook
    sheet = book.active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == [NAMES[c] for c in PAGE_ORDER]
    for row, cluster in zip(rows, PAGE_ORDER):
        lo, hi, jlo, jhi = FIGURES[cluster][:4]
        assert row[2:6] == (lo * M, hi * M, jlo, jhi) and all(type(v) is int for v in row[2:6])
    money, jobs, counts = sheet["C2"], sheet["E2"], sheet["M2"]
    assert money.number_format == '"£"#,##0' and jobs.number_format == "#,##0" and counts.number_format == "#,##0"
    assert sheet["A2"].number_format == "General"


def test_the_workbook_columns_are_as_wide_as_their_text(workbook):
    _, book = workbook
    widths = {k: v.width for k, v in book.active.column_dimensions.items()}
    assert widths["B"] == 60 + 2  # the longest name (81 characters) wraps at 60
    assert widths["H"] == len("Matching the leading UK region") + 2
    assert widths["C"] == len("£850,000,000") + 2 and widths["E"] == len("minJobs") + 2
    assert book.active["B2"].alignment.wrap_text and not book.active["B3"].alignment.wrap_text


def test_the_workbook_is_the_same_bytes_every_time_and_carries_no_clock_time(kg, workbook):
    path, book = workbook
    again = kg.query("clusters").to_bytes("xlsx")
    assert again == path.read_bytes()
    assert book.properties.created == book.properties.modified == datetime.datetime(2000, 1, 1)
    with zipfile.ZipFile(path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_text_that_looks_like_a_formula_stays_text(kg, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = kg.query(sparql='SELECT ("=HYPERLINK(1)" AS ?x) ("a\\u0001b" AS ?y) WHERE { }').write(tmp_path / "x.xlsx")
    cell, control = openpyxl.load_workbook(path).active["A2"], openpyxl.load_workbook(path).active["B2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")
    assert control.value == "a\ufffdb"


def test_a_workbook_is_never_text(kg):
    with pytest.raises(ClusterKGError, match="xlsx is a binary format"):
        kg.query("clusters").format("xlsx")


# -- Files ----

@pytest.mark.parametrize("name, given, expected", [
    ("r.xlsx", None, "xlsx"), ("r.CSV", None, "csv"), ("r.json", None, "json"), ("r.md", None, "md"),
    ("r.txt", None, "table"), ("r.txt", "list", "list"), ("r.csv", "csv", "csv"),
])
def test_the_format_follows_the_files_suffix(name, given, expected):
    assert output_format(name, given) == expected


@pytest.mark.parametrize("name, given, message", [
    ("r.xlsx", "csv", "r.xlsx names a .xlsx file but the format is csv"),
    ("r.csv", "xlsx", "r.csv names a .csv file but the format is xlsx"),
    ("r.txt", "xls", "unknown format 'xls'"),
])
def test_a_suffix_and_a_format_that_disagree_are_refused(name, given, message):
    with pytest.raises(ClusterKGError, match=re.escape(message)):
        output_format(name, given)


def test_write_refuses_a_missing_folder_and_writes_nothing(kg, tmp_path):
    target = tmp_path / "no" / "such" / "clusters.xlsx"
    with pytest.raises(ClusterKGError, match="no such folder"):
        kg.query("clusters").write(target)
    assert not (tmp_path / "no").exists()


# -- pandas ----

def test_to_dataframe_holds_the_records(kg):
    pandas = pytest.importorskip("pandas", reason="the pandas extra: pip install 'clusterkg[pandas]'")
    frame = kg.to_dataframe("growth-totals")
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == ["plan", "planLabel", "scope", "benchmark", "benchmarkLabel", "clusters",
                                   "minOutputGBP", "maxOutputGBP", "minJobs", "maxJobs"]
    assert frame.loc[0, "minOutputGBP"] == Decimal(2885 * M) and frame.loc[0, "maxJobs"] == 44800


def readme_example() -> str:
    """The README's tested Python example (the one after its ``tested`` mark), exactly as printed."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- tested: tests/query/test_results.py -->\n```python\n(.*?)```", readme, re.S)
    assert len(blocks) == 1, "README.md should mark one Python example as tested here"
    assert "to_dataframe" in blocks[0]
    return blocks[0]


def test_the_readme_pandas_example_runs_and_says_what_it_gives(tmp_path, monkeypatch):
    pytest.importorskip("pandas", reason="the pandas extra: pip install 'clusterkg[pandas]'")
    pytest.importorskip("openpyxl", reason="the xlsx extra: pip install 'clusterkg[xlsx]'")
    monkeypatch.chdir(tmp_path)
    source = readme_example()
    namespace: dict = {}
    exec(compile(source, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    checked = 0
    for line in source.splitlines():  # "expression   # value": the value the README promises
        code, _, comment = line.partition("  # ")
        try:
            promised = ast.literal_eval(comment.strip())
        except (ValueError, SyntaxError):
            continue
        assert eval(code.strip(), namespace) == promised, line  # noqa: S307
        checked += 1
    assert checked >= 3
    assert (tmp_path / "clusters.xlsx").is_file()
    levers = namespace["levers"]
    assert levers["clusters"].tolist() == sorted(LEVER_REACH.values(), reverse=True)
    assert len({c for c in PLACES if "coventry" in PLACES[c]}) == len(namespace["coventry"].to_records())
    assert CREATIVE not in {r["cluster"].rsplit("/", 1)[1] for r in namespace["coventry"].to_records()}
