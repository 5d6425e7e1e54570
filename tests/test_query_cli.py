"""`clusterkg queries` and `clusterkg query` end to end: formats, params, ad-hoc queries, errors."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import clusterkg
from .conftest import run_cli
from clusterkg.queries import QUERIES_DIR

ROOT = Path(__file__).resolve().parents[1]
LC_CLUSTERS = {"electric-light-vehicles-batteries", "health-tech-med-tech", "aerospace",
               "professional-financial-services", "creative-content-gaming", "future-housing"}


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory, graph):
    path = tmp_path_factory.mktemp("query-cli") / "graph.ttl"
    clusterkg.export(graph, path)
    return path


def test_queries_lists_the_catalogue():
    result = run_cli("queries")
    assert result.returncode == 0, result.stderr
    names = [line.split()[0] for line in result.stdout.splitlines()[2:]]
    assert names == [q.name for q in clusterkg.list_queries()]
    assert "cluster (iri): the cluster, by slug, name or IRI" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 120


def test_queries_as_json_and_checks():
    doc = json.loads(run_cli("queries", "--format", "json").stdout)
    profile = next(q for q in doc if q["name"] == "cluster-profile")
    assert profile["params"] == [{"name": "cluster", "type": "iri", "default": None,
                                  "description": "the cluster, by slug, name or IRI",
                                  "class": ["https://w3id.org/wmgrowth/def#Cluster"]}]
    checks = run_cli("queries", "--checks").stdout
    assert len(checks.splitlines()) == 2 + 8 and all(
        line.split()[0].endswith("-violation") for line in checks.splitlines()[2:])


def test_the_queries_readme_shows_the_catalogue():
    readme = (QUERIES_DIR / "README.md").read_text(encoding="utf-8")
    for tag, args in (("queries", ()), ("checks", ("--checks",))):
        shown = re.search(rf"<!-- {tag}: begin -->\n(.*?)<!-- {tag}: end -->", readme, re.S).group(1)
        generated = run_cli("queries", *args, "--format", "md").stdout
        assert shown == generated, f"queries/README.md is out of date: paste `clusterkg queries {' '.join(args)} --format md`"


def test_query_table_shows_labels_and_fits_the_terminal():
    result = run_cli("query", "lever-reach", env={"COLUMNS": "90"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 90
    assert "https://" not in result.stdout
    assert lines[2].startswith("Develop future…")  # text columns give way, numbers keep their width
    assert "2,305,000,000" in lines[2] and lines[-1] == "(7 rows)"


def test_query_csv_equals_the_library_result(tmp_path, graph):
    out = tmp_path / "places.csv"
    result = run_cli("query", "clusters-in-place", "--param", "place=E08000026", "--format", "csv", "--output", out)
    assert result.returncode == 0 and result.stdout == ""
    text = out.read_bytes().decode("utf-8")
    assert text.count("\r\n") == 5
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["cluster"].rsplit("/", 1)[1] for r in rows] == [
        "electric-light-vehicles-batteries", "professional-financial-services", "future-housing", "low-carbon-utilities"]
    api = clusterkg.query(graph, "clusters-in-place", params={"place": "Coventry"})
    assert text == clusterkg.format_result(api, "csv")


@pytest.mark.parametrize("fmt", ["json", "tsv", "md"])
def test_a_graph_file_gives_the_same_output_as_building_from_data(graph_file, fmt):
    built = run_cli("query", "cluster-similarity", "--format", fmt)
    loaded = run_cli("query", "cluster-similarity", "--format", fmt, "--graph", graph_file)
    assert built.returncode == loaded.returncode == 0
    assert built.stdout == loaded.stdout and len(built.stdout.splitlines()) > 28


def test_query_builds_from_another_data_folder(data_copy):
    profile = data_copy / "profiles" / "aerospace.yaml"
    text = profile.read_text(encoding="utf-8")
    bullet = "- text: Develop future skills pathway\n  line: 147\n  levers:\n  - future-skills-pathway\n"
    assert bullet in text
    profile.write_text(text.replace(bullet, ""), encoding="utf-8")
    result = run_cli("query", "lever-reach", "--format", "json", "--data", data_copy)
    rows = json.loads(result.stdout)["results"]["bindings"]
    fsp = next(r for r in rows if r["lever"]["value"].endswith("/future-skills-pathway"))
    assert int(fsp["clusters"]["value"]) == 6
    assert Decimal(fsp["minOutputGBP"]["value"]) == (2305 - 80) * 1_000_000


def test_an_ad_hoc_query_file_with_params(tmp_path):
    path = tmp_path / "levers-of.rq"
    path.write_text("#+ summary: the levers of a cluster\n#+ params:\n#+   - name: cluster\n#+     type: iri\n"
                    "#+     class: grow:Cluster\nPREFIX grow: <https://w3id.org/wmgrowth/def#>\n"
                    "SELECT ?lever WHERE { ?cluster grow:usesLever ?lever } ORDER BY ?lever\n", encoding="utf-8")
    result = run_cli("query", "--file", path, "-p", "cluster=Logistics and distribution", "--format", "tsv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["?lever\t?leverLabel"] + [
        f'<https://w3id.org/wmgrowth/id/lever/{x}>\t"{name}"' for x, name in
        (("future-skills-pathway", "Develop future skills pathway"),
         ("land-assembly-infrastructure-fund", "Land assembly and infrastructure fund"),
         ("transport-infrastructure-fund", "Transport and infrastructure fund"))]
    bare = run_cli("query", "--file", path, "-p", "cluster=logistics-distribution", "--format", "tsv", "--no-labels")
    assert bare.stdout.splitlines()[0] == "?lever" and len(bare.stdout.splitlines()) == 4


def test_ad_hoc_sparql_text():
    result = run_cli("query", "--sparql", "SELECT (COUNT(?c) AS ?clusters) WHERE { ?c a <https://w3id.org/wmgrowth/def#Cluster> }",
                     "--format", "csv")
    assert result.stdout == "clusters\n8\n"  # text mode reads the CRLF line ends as \n
    ask = run_cli("query", "--sparql", "ASK { ?s ?p ?o }", "--format", "json")
    assert json.loads(ask.stdout) == {"head": {}, "boolean": True}


def test_a_param_value_is_never_spliced(tmp_path):
    path = tmp_path / "echo.rq"
    path.write_text("#+ summary: echo\n#+ params: [{name: text, type: literal}]\nSELECT ?text WHERE { }\n",
                    encoding="utf-8")
    value = '"} ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #'
    result = run_cli("query", "--file", path, "--param", f"text={value}", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["results"]["bindings"] == [{"text": {"type": "literal", "value": value}}]


ERRORS = {
    "unknown-name": (["query", "shared-lever"], "unknown query 'shared-lever' (did you mean shared-levers"),
    "missing-param": (["query", "clusters-in-place"], "query 'clusters-in-place' needs --param place=VALUE"),
    "unknown-param": (["query", "lever-reach", "-p", "lever=x"], "query 'lever-reach' has no param 'lever'"),
    "not-key-value": (["query", "provenance", "-p", "wmg"], "--param takes KEY=VALUE, not 'wmg'"),
    "unknown-place": (["query", "clusters-in-place", "-p", "place=E99999999"], "no place is named 'E99999999'"),
    "syntax": (["query", "--sparql", "SELECT ?s WHERE {\n  ?s ?p ?o ?x }"],
               "the --sparql query: SPARQL syntax error at line 2, column 16: expected "),
    "no-query": (["query"], "give exactly one of a query name, --file or --sparql"),
    "missing-graph-file": (["query", "clusters", "--graph", "no/such.ttl"], "no/such.ttl: no such file"),
    "bad-endpoint": (["query", "clusters", "--endpoint", "localhost:7878"], "the endpoint must be an http(s) URL"),
    "graph-not-an-iri": (["query", "clusters", "--endpoint", "http://127.0.0.1:9/query", "--graph", "g.ttl"],
                         "'g.ttl' is not an absolute IRI"),
}


@pytest.mark.parametrize("args, message", ERRORS.values(), ids=ERRORS.keys())
def test_errors_are_one_line_with_exit_2(args, message):
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("clusterkg query: error: ") and message in result.stderr


def test_an_integer_param_and_a_broken_header_from_a_file(tmp_path):
    path = tmp_path / "top.rq"
    path.write_text("#+ summary: top n\n#+ params: [{name: n, type: integer}]\n"
                    "SELECT ?n WHERE { }\n", encoding="utf-8")
    bad = run_cli("query", "--file", path, "-p", "n=ten")
    assert bad.returncode == 2 and f"query in {path}, param 'n': expected an integer, got 'ten'" in bad.stderr
    path.write_text("#+ summary: [unclosed\nSELECT ?n WHERE { }\n", encoding="utf-8")
    broken = run_cli("query", "--file", path)
    assert broken.returncode == 2 and f"{path}, line 1: the '#+' header is not valid YAML" in broken.stderr


def test_querying_a_graph_file_imports_nothing_heavy(graph_file):
    code = ("import sys; from clusterkg.cli import main; "
            f"main(['query', 'shared-places', '--graph', {str(graph_file)!r}, '--format', 'csv']); "
            "print(sorted(m for m in ('networkx', 'pyvis', 'pyshacl', 'SPARQLWrapper', 'jinja2') if m in sys.modules),"
            " file=sys.stderr)")
    import subprocess
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "[]"
    assert result.stdout.startswith("place,gssCode,clusters,cluster")


@pytest.mark.parametrize("name", ["lever-reach", "shared-entities", "cluster-similarity"])
def test_a_graph_file_and_the_data_give_the_same_output(name, tmp_path):
    ttl = tmp_path / "graph.ttl"
    assert run_cli("export", "--output", ttl, "--no-description").returncode == 0
    outputs = {source: run_cli("query", name, "--format", "csv", *source)
               for source in ((), ("--graph", ttl), ("--no-cache",))}
    assert all(r.returncode == 0 for r in outputs.values()), [r.stderr for r in outputs.values()]
    tables = [r.stdout for r in outputs.values()]
    assert len(tables[0].splitlines()) > 1 and all(t == tables[0] for t in tables)
