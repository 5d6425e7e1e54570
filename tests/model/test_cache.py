"""The graph cache of ``clusterkg query``: used while the data is unchanged, rebuilt when it changes,
and never trusted when its file is cut, emptied or edited (its checksum is checked on every read)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from clusterkg.model.cache import KEEP, cache_dir, cached_store, data_key

AEROSPACE = "Aerospace (including manufacturing alternative fuels)"
CLUSTER = "<https://w3id.org/wmgrowth/def#Cluster>"
COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?c a {CLUSTER} }}"


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLUSTERKG_CACHE_DIR", str(folder))
    return folder


LABELS = f"SELECT ?label WHERE {{ ?c a {CLUSTER} ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"


def _labels(cli, *args, env=None):
    result = cli("query", "--sparql", LABELS, "--format", "json", *args, env=env)
    assert result.returncode == 0, result.stderr
    return sorted(b["label"]["value"] for b in json.loads(result.stdout)["results"]["bindings"])


def _count(cli, *args, env):
    result = cli("query", "--sparql", COUNT, "--format", "csv", *args, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[1]


def _clusters(store) -> int:
    return int(next(iter(store.query(COUNT)))["n"].value)


def _cached(folder):
    return sorted(folder.glob("graph-*.nt"))


def test_the_second_query_reads_the_graph_the_first_one_cached(cli, tmp_path):
    env = {"CLUSTERKG_CACHE_DIR": str(tmp_path / "cache")}
    assert _count(cli, env=env) == "8"
    [cached] = _cached(tmp_path / "cache")
    # prove the cache is read: drop one cluster's type from the cached file, and give it a matching checksum
    lines = cached.read_bytes().splitlines(keepends=True)
    kept = b"".join(line for line in lines
                    if not (line.startswith(b"<https://w3id.org/wmgrowth/id/cluster/aerospace> ")
                            and CLUSTER.encode() in line))
    assert len(kept) < sum(map(len, lines))
    cached.write_bytes(kept)
    cached.with_suffix(".sha256").write_text(hashlib.sha256(kept).hexdigest() + "\n", encoding="ascii")
    assert _count(cli, env=env) == "7"
    assert _count(cli, "--no-cache", env=env) == "8"


@pytest.mark.parametrize("damage", ["cut", "emptied", "edited", "checksum-missing", "garbage"])
def test_a_damaged_cache_file_is_rebuilt(own_cache, data_copy, damage):
    store, profiles = cached_store(data_copy)
    assert profiles is not None and _clusters(store) == 8  # built
    [cached] = _cached(own_cache)
    whole = cached.read_bytes()
    if damage == "cut":
        cached.write_bytes(whole[: len(whole) // 2])
    elif damage == "emptied":
        cached.write_bytes(b"")
    elif damage == "edited":  # a well-formed file that says something else
        cached.write_bytes(whole.replace(b"Cluster>", b"Thing>", 1))
    elif damage == "checksum-missing":
        cached.with_suffix(".sha256").unlink()
    else:
        cached.write_bytes(b"this is not n-triples {")
    store, profiles = cached_store(data_copy)
    assert profiles is not None, "a damaged file must not be served"
    assert _clusters(store) == 8
    assert cached.read_bytes() == whole  # written afresh
    store, profiles = cached_store(data_copy)
    assert profiles is None and _clusters(store) == 8  # and read from the cache again


def test_an_edited_profile_is_built_afresh(cli, data_copy, own_cache):
    assert AEROSPACE in _labels(cli, "--data", data_copy)
    profile = data_copy / "profiles" / "aerospace.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(f"name: {AEROSPACE}", "name: Aerospace", 1),
                       encoding="utf-8")
    labels = _labels(cli, "--data", data_copy)
    assert "Aerospace" in labels and AEROSPACE not in labels
    assert len(_cached(own_cache)) == 2


def test_a_cache_folder_that_cannot_be_written_is_no_cache(tmp_path, monkeypatch, data_copy):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("CLUSTERKG_CACHE_DIR", str(blocker / "cache"))
    store, _ = cached_store(data_copy)
    assert _clusters(store) == 8
    assert blocker.read_text(encoding="utf-8") == ""


def test_bad_data_is_reported_not_cached(cli, data_copy, own_cache):
    (data_copy / "entities.yaml").write_text("places: [\n", encoding="utf-8")
    result = cli("query", "clusters", "--data", data_copy)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "entities.yaml" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not _cached(own_cache)


def test_only_the_newest_graphs_are_kept(own_cache, data_copy):
    profile = data_copy / "profiles" / "aerospace.yaml"
    original = profile.read_text(encoding="utf-8")
    for i in range(KEEP + 2):
        profile.write_text(original.replace(f"name: {AEROSPACE}", f"name: Aerospace {i}", 1), encoding="utf-8")
        cached_store(data_copy)
    kept = _cached(own_cache)
    assert len(kept) == KEEP
    assert own_cache / f"graph-{data_key(data_copy)}.nt" in kept
    assert len(list(own_cache.glob("graph-*.sha256"))) == KEEP


def test_the_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("CLUSTERKG_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "clusterkg"
    monkeypatch.setenv("CLUSTERKG_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"


def test_an_edited_module_of_clusterkg_changes_the_key(data_copy):
    """The key follows the code by each module's size and modification time (see cache.py)."""
    import os

    import clusterkg.model.cache as cache_module

    module = Path(cache_module.__file__)
    before, stat = data_key(data_copy), module.stat()
    try:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        assert data_key(data_copy) != before
    finally:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert data_key(data_copy) == before
