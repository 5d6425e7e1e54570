"""clusterkg.build(): the build recipe as one library call; `clusterkg build` only parses and prints."""

from __future__ import annotations

import pyoxigraph

import clusterkg
from tests.conftest import run_cli


def test_build_writes_the_graph_whole_and_returns_what_it_made(tmp_path):
    out = tmp_path / "out"
    done = clusterkg.build(out, views=False)
    assert done.written == (out / "graph.ttl",)
    assert sorted(p.name for p in out.iterdir()) == ["SHA256SUMS", "graph.ttl"]
    read = list(pyoxigraph.parse(path=str(out / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(read) == len(done.kg)
    clusters = done.kg.query(sparql="SELECT (COUNT(?c) AS ?n) WHERE { ?c a grow:Cluster }").to_records()
    assert clusters == [{"n": 8}]  # the eight profiles of data/profiles/


def test_the_cli_prints_what_the_library_built(tmp_path):
    result = run_cli("build", "--out", str(tmp_path / "b"), "--no-views")
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith(f"Wrote: {tmp_path / 'b' / 'graph.ttl'}")
