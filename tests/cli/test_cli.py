"""The command line: every command documented with an example, build and export end to end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph

from clusterkg.cli.main import COMMANDS, command_parsers
from tests.facts import QUALITY_NOTES

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _subparsers():
    return command_parsers()


def test_every_command_is_registered():
    assert sorted(_subparsers()) == sorted(COMMANDS)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_command_has_help_with_an_example_and_is_in_the_readme(command):
    sub = _subparsers()[command]
    assert sub.description and "Example:" in (sub.epilog or "")
    assert f"clusterkg {command}" in sub.epilog
    assert re.search(rf"`clusterkg {re.escape(command)}\b", README), f"README does not show `clusterkg {command}`"
    assert any("--data" in a.option_strings for a in sub._actions)


def test_readme_opens_with_the_two_commands():
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    assert "clusterkg build" in blocks[0] and "pip install -e ." in blocks[0]
    assert blocks[1].strip() == "tests/run"
    ci = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text()
    assert "tests/run" in ci


def test_build_writes_turtle_and_prints_a_summary(cli, tmp_path):
    result = cli("build", "--out", tmp_path, "--no-views")
    assert result.returncode == 0, result.stderr
    g = Graph().parse(tmp_path / "graph.ttl")
    assert len(g) > 2000
    out = result.stdout
    assert "8 Cluster, 21 Place, " in out
    assert "7 clusters  Develop future skills pathway" in out
    assert "4 clusters  Birmingham" in out and "4 clusters  Coventry" in out
    assert f"Quality notes ({len(QUALITY_NOTES)}):" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["SHA256SUMS", "graph.ttl"]  # and the list of them


def test_export_to_stdout_equals_export_to_file(cli, tmp_path):
    to_file = cli("export", "--format", "turtle", "--output", tmp_path / "g.ttl")
    to_stdout = cli("export", "--format", "turtle", "--output", "-")
    assert to_file.returncode == to_stdout.returncode == 0
    assert (tmp_path / "g.ttl").read_text(encoding="utf-8") == to_stdout.stdout


def test_validate_real_graph_and_a_file(cli, tmp_path):
    ok = cli("validate")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "conform" in ok.stdout
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix grow: <https://w3id.org/wmgrowth/def#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/wmgrowth/id/cluster/x> a grow:Cluster ; rdfs:label \"X\" .\n", encoding="utf-8")
    bad = cli("validate", broken)
    assert bad.returncode == 1
    assert "violation" in bad.stdout and "cluster/x" in bad.stdout
    assert "Traceback" not in bad.stderr


def test_validate_unparsable_file_is_a_clear_error(cli, tmp_path):
    junk = tmp_path / "junk.ttl"
    junk.write_text("this is not turtle <\n")
    result = cli("validate", junk)
    assert result.returncode == 2 and "not valid Turtle" in result.stderr and "Traceback" not in result.stderr


def test_unknown_command_exits_2(cli):
    result = cli("frobnicate")
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_validate_runs_the_stored_checks(cli, tmp_path):
    """A graph that passes the shapes but breaks a stored rule (a term the ontology does not define)."""
    ttl = (tmp_path / "g.ttl")
    assert cli("export", "--output", ttl).returncode == 0
    text = ttl.read_text(encoding="utf-8")
    ttl.write_text(text.replace("grow:usesLever", "grow:usesLevre", 1), encoding="utf-8")
    result = cli("validate", ttl)
    assert result.returncode == 1
    assert "[undefined-term-violation]" in result.stdout and "usesLevre" in result.stdout
