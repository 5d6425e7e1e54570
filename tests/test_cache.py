"""The graph cache of ``clusterkg query``: used while the data is unchanged, rebuilt when it changes."""

from __future__ import annotations

import json

import pytest

from clusterkg.cache import KEEP, cache_dir, cached_graph, data_key

AEROSPACE = "Aerospace (including manufacturing alternative fuels)"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/wmgrowth/def#Cluster> }"


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLUSTERKG_CACHE_DIR", str(folder))
    return folder


LABELS = ("SELECT ?label WHERE { ?c a <https://w3id.org/wmgrowth/def#Cluster> ; "
          "<http://www.w3.org/2000/01/rdf-schema#label> ?label }")


def _labels(cli, *args, env=None):
    result = cli("query", "--sparql", LABELS, "--format", "json", *args, env=env)
    assert result.returncode == 0, result.stderr
    return sorted(b["label"]["value"] for b in json.loads(result.stdout)["results"]["bindings"])


def _count(cli, *args, env):
    result = cli("query", "--sparql", COUNT, "--format", "csv", *args, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[1]


def test_the_second_query_reads_the_graph_the_first_one_cached(cli, tmp_path, graph):
    env = {"CLUSTERKG_CACHE_DIR": str(tmp_path / "cache")}
    assert _count(cli, env=env) == "8"
    cached = list((tmp_path / "cache").glob("graph-*.ttl"))
    assert len(cached) == 1
    # prove the cache is read: drop one cluster's type from the cached file only
    text = cached[0].read_text(encoding="utf-8")
    edited = text.replace("cluster:aerospace\n    a grow:Cluster", "cluster:aerospace\n    a grow:Thing", 1)
    assert edited != text
    cached[0].write_text(edited, encoding="utf-8")
    assert _count(cli, env=env) == "7"
    assert _count(cli, "--no-cache", env=env) == "8"


def test_an_edited_profile_is_built_afresh(cli, data_copy, own_cache):
    assert AEROSPACE in _labels(cli, "--data", data_copy)
    profile = data_copy / "profiles" / "aerospace.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(f"name: {AEROSPACE}", "name: Aerospace", 1),
                       encoding="utf-8")
    labels = _labels(cli, "--data", data_copy)
    assert "Aerospace" in labels and AEROSPACE not in labels
    assert len(list(own_cache.glob("graph-*.ttl"))) == 2


def test_a_damaged_cache_file_is_rebuilt(own_cache, data_copy):
    key = data_key(data_copy)
    own_cache.mkdir()
    (own_cache / f"graph-{key}.ttl").write_text("this is not turtle {", encoding="utf-8")
    graph = cached_graph(data_copy, store="oxigraph")
    assert next(iter(graph.query(COUNT)))[0].toPython() == 8
    assert (own_cache / f"graph-{key}.ttl").read_text(encoding="utf-8").startswith("PREFIX ")


def test_a_cache_folder_that_cannot_be_written_is_no_cache(tmp_path, monkeypatch, data_copy):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("CLUSTERKG_CACHE_DIR", str(blocker / "cache"))
    for store in ("memory", "oxigraph"):
        graph = cached_graph(data_copy, store=store)
        assert next(iter(graph.query(COUNT)))[0].toPython() == 8
    assert blocker.read_text(encoding="utf-8") == ""


def test_bad_data_is_reported_not_cached(cli, data_copy, own_cache):
    (data_copy / "entities.yaml").write_text("places: [\n", encoding="utf-8")
    result = cli("query", "clusters", "--data", data_copy)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "entities.yaml" in result.stderr
    assert not list(own_cache.glob("graph-*.ttl"))  # an empty or missing folder


def test_only_the_newest_graphs_are_kept(own_cache, data_copy):
    profile = data_copy / "profiles" / "aerospace.yaml"
    original = profile.read_text(encoding="utf-8")
    for i in range(KEEP + 2):
        profile.write_text(original.replace(f"name: {AEROSPACE}", f"name: Aerospace {i}", 1), encoding="utf-8")
        cached_graph(data_copy, store="memory")
    kept = list(own_cache.glob("graph-*.ttl"))
    assert len(kept) == KEEP
    assert own_cache / f"graph-{data_key(data_copy)}.ttl" in kept


def test_the_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("CLUSTERKG_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "clusterkg"
    monkeypatch.setenv("CLUSTERKG_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"
