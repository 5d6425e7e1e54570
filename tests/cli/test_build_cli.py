"""`clusterkg build` checks the data against the page before it writes anything; `clusterkg export`
will not pour a whole graph onto a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_build_refuses_a_figure_the_page_does_not_state(cli, data_copy, tmp_path):
    # the page, line 68: "... a further £400m to £430m of output and 5,300 to 5,900 jobs ..."
    profile = data_copy / "profiles" / "health-tech-med-tech.yaml"
    _edit(profile, "jobs_min: 5300", "jobs_min: 5301")
    line = next(n for n, text in enumerate(profile.read_text(encoding="utf-8").splitlines(), 1)
                if text.strip() == "jobs_min: 5301")
    out = tmp_path / "out"
    result = cli("build", "--data", data_copy, "--out", out)
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines == [
        "clusterkg build: error: the data does not match the source page (1 problem; --no-check builds anyway):",
        f"  health-tech-med-tech.yaml: growth.jobs_min: expected 5,300 (page line 68), found 5,301 at line {line}",
    ]
    assert not out.exists()  # nothing written


def test_build_lists_every_problem_under_one_line(cli, data_copy, tmp_path):
    _edit(data_copy / "profiles" / "aerospace.yaml", "output_max_gbp: 90000000", "output_max_gbp: 95000000")
    _edit(data_copy / "profiles" / "aerospace.yaml", "Good critical mass", "Great critical mass")
    result = cli("build", "--data", data_copy, "--out", tmp_path / "out")
    assert result.returncode == 2
    first, *problems = result.stderr.splitlines()
    assert first.endswith("the data does not match the source page (2 problems; --no-check builds anyway):")
    assert problems[0].startswith("  aerospace.yaml: growth.output_max_gbp: expected 90,000,000 (page line 109), "
                                  "found 95,000,000 at line ")
    assert problems[1] == "  aerospace.yaml: strengths[3] (line 135): text differs from the page, which reads " \
                          "'Good critical mass of skilled workers in advanced engineering.'"


def test_build_no_check_builds_anyway(cli, data_copy, tmp_path):
    _edit(data_copy / "profiles" / "health-tech-med-tech.yaml", "jobs_min: 5300", "jobs_min: 5301")
    out = tmp_path / "out"
    result = cli("build", "--data", data_copy, "--out", out, "--no-views", "--no-check")
    assert result.returncode == 0, result.stderr
    assert "does not match the source page" not in result.stderr
    assert (out / "graph.ttl").is_file()


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="needs a pseudo-terminal")
def test_export_without_output_refuses_a_terminal(tmp_path):
    main, child = pty.openpty()
    try:
        result = subprocess.run([sys.executable, "-m", "clusterkg", "export"], cwd=tmp_path, stdout=child,
                                stderr=subprocess.PIPE, text=True, timeout=60,
                                env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
        os.close(child)
        child = None
        shown = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the terminal closed: all read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        if child is not None:
            os.close(child)
        os.close(main)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "clusterkg export: error: refusing to write a whole graph to the terminal: give --output FILE "
        "(or --output - and a pipe)"]
    assert shown == b""  # not a triple on the terminal
    assert list(tmp_path.iterdir()) == []
