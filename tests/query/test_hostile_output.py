"""Hostile cases, output: formulas in CSV for Excel, characters XML cannot hold, escape sequences on a
terminal in every format, and the raw warnings of libraries.
"""

from __future__ import annotations

import csv
import io
import os
import pty
import subprocess
import sys
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from clusterkg.query.results import QueryResult
from tests.conftest import ROOT

XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
CELLS = ['=HYPERLINK("http://evil.example/","click")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "\tTAB=1",
         "\r=1", "plain text", "a = b"]


def result_of(values, numbers=()) -> QueryResult:
    rows = [{"x": ox.Literal(v)} for v in values] + [{"x": ox.Literal(n, datatype=XSD_INTEGER)} for n in numbers]
    return QueryResult(variables=["x"], rows=rows)


def csv_cells(data: bytes) -> list[str]:
    return [row[0] for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))][1:]


def test_csv_for_excel_neutralises_every_formula_prefix():
    cells = csv_cells(result_of(CELLS, numbers=["-5"]).to_bytes("csv", excel=True))
    assert cells == ["'" + CELLS[0], "'" + CELLS[1], "'@SUM(1+1)", "'-2+3", "'\tTAB=1", "'\r=1", "plain text",
                     "a = b", "-5"]


def test_plain_csv_keeps_the_values_as_they_are():
    assert csv_cells(result_of(CELLS).to_bytes("csv")) == CELLS


@pytest.mark.parametrize("text", ["\x1b[2Jcleared", "bell\x07", "nul\x00", "\ufffe", "form\x0cfeed"],
                         ids=["escape", "bell", "nul", "fffe", "form-feed"])
def test_xml_results_parse_whatever_the_labels_hold(text):
    data = result_of([text]).to_bytes("xml")
    literal = ET.fromstring(data).find(".//{http://www.w3.org/2005/sparql-results#}literal")
    assert "\ufffd" in literal.text and literal.text.replace("\ufffd", "") == "".join(
        c for c in text if c not in "\x1b\x07\x00\ufffe\x0c")


HOSTILE = "SELECT ?x WHERE { BIND(\"\\u001B[2J\\u001B]8;;http://evil/\\u0007link\\u001B]8;;\\u0007" \
          "\\u0007\\u202Eevil\" AS ?x) }"


@pytest.mark.parametrize("format", ["csv", "tsv", "json", "xml", "table", "md", "list"])
def test_no_format_passes_escape_sequences_to_a_terminal(format):
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "clusterkg", "query", "--sparql", HOSTILE, "--format", format],
                            stdout=follower, stderr=subprocess.PIPE, cwd=ROOT,
                            env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    proc.wait(60)
    os.close(leader)
    assert proc.returncode == 0, proc.stderr.read()
    text = out.decode("utf-8")
    assert "link" in text and "evil" in text
    for bad in ("\x1b", "\x07", "\u202e", "\x9b"):
        assert bad not in text, (format, text)


def test_the_same_answer_to_a_file_keeps_its_bytes(tmp_path):
    out = tmp_path / "x.csv"
    result = subprocess.run([sys.executable, "-m", "clusterkg", "query", "--sparql", HOSTILE, "--output", out],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "\x1b[2J" in out.read_text(encoding="utf-8")  # a file is data, not a screen


def test_library_warnings_and_logs_reach_stderr_clean():
    code = ("from clusterkg.cli.main import quiet_third_parties; quiet_third_parties()\n"
            "import warnings; warnings.warn('\\x1b[2Jfont \\u202ecache')\n"
            "from clusterkg.safetext import clean_logs; clean_logs()\n"
            "import logging; logging.getLogger('matplotlib.font_manager').warning("
            "'Matplotlib is building the font cache \\x1b]8;;http://e/\\x07here\\x1b]8;;\\x07')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "clusterkg: warning: UserWarning: font cache",
        "clusterkg: warning (matplotlib.font_manager): Matplotlib is building the font cache here"]
