"""Hostile cases, files: a folder or file is clusterkg's only by its own record, never by its name.

A folder with someone else's SHA256SUMS, a file whose name clusterkg also writes, an output that is a
symbolic link or a device, a cache folder shared with the user's files: each is refused in one line
naming it, or written through, and never deleted or replaced.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading

import pytest

from clusterkg.cli.main import main
from clusterkg.model import cache
from tests.conftest import ROOT

ISO_SUM = hashlib.sha256(b"x\n").hexdigest() + "  a.iso\n"  # as `sha256sum a.iso` writes it


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def assert_refused(code: int, err: str, *words: str) -> None:
    lines = err.strip().splitlines()
    assert "Traceback" not in err and code == 2 and len(lines) == 1, f"exit {code}: {err}"
    for word in words:
        assert word in lines[0], lines[0]


def contents(folder) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- Ownership by record ----

def test_a_folder_with_someone_elses_sha256sums_is_not_clusterkgs(tmp_path, capsys):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "a.iso").write_bytes(b"x\n")
    (folder / "SHA256SUMS").write_text(ISO_SUM)
    before = contents(folder)
    code, _, err = run(capsys, "build", "--out", folder, "--no-views", "--no-check")
    assert_refused(code, err, "(SHA256SUMS and 1 more)", "nothing was deleted")
    assert contents(folder) == before


def test_export_all_refuses_a_folder_with_someone_elses_sha256sums(tmp_path, capsys):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "a.iso").write_bytes(b"x\n")
    (folder / "SHA256SUMS").write_text(ISO_SUM)
    before = contents(folder)
    code, _, err = run(capsys, "export", "--all", folder, "--no-site")
    assert_refused(code, err, "not from a previous 'export --all'")
    assert contents(folder) == before


def test_a_file_whose_name_clusterkg_writes_is_still_the_users(tmp_path, capsys):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "index.html").write_text("mine\n")
    code, _, err = run(capsys, "build", "--out", folder, "--no-views", "--no-check")
    assert_refused(code, err, "(index.html)")
    assert contents(folder) == {"index.html": b"mine\n"}


def test_a_recorded_file_changed_since_is_refused(tmp_path, capsys):
    folder = tmp_path / "b"
    assert run(capsys, "build", "--out", folder, "--no-views", "--no-check")[0] == 0
    (folder / "graph.ttl").write_text("my edits\n")
    code, _, err = run(capsys, "build", "--out", folder, "--no-views", "--no-check")
    assert_refused(code, err, "(graph.ttl)", "changed since")
    assert (folder / "graph.ttl").read_text() == "my edits\n"


def test_an_empty_folder_of_the_users_inside_a_build_is_kept(tmp_path, capsys):
    folder = tmp_path / "b"
    assert run(capsys, "build", "--out", folder, "--no-views", "--no-check")[0] == 0
    (folder / "keep").mkdir()
    code, _, err = run(capsys, "build", "--out", folder, "--no-views", "--no-check")
    assert_refused(code, err, "(keep/)")
    assert (folder / "keep").is_dir()


def test_the_record_is_a_comment_sha256sum_skips(tmp_path, capsys):
    folder = tmp_path / "b"
    assert run(capsys, "build", "--out", folder, "--no-views", "--no-check")[0] == 0
    first = (folder / "SHA256SUMS").read_text().splitlines()[0]
    assert first.startswith("# clusterkg record")
    checked = subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    assert checked.returncode == 0 and checked.stdout == "graph.ttl: OK\n"
    assert run(capsys, "build", "--out", folder, "--no-views", "--no-check")[0] == 0  # its own record: replaced


# -- --output: written through, never replaced ----

def test_query_output_to_a_symbolic_link_writes_through_it(tmp_path, capsys):
    target = tmp_path / "real.csv"
    target.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target.name)
    code, _, err = run(capsys, "query", "clusters", "--output", link)
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == "real.csv"
    assert target.read_text().splitlines()[0].startswith("cluster")
    assert target.read_text().count("\n") == 9  # a header and the eight clusters


def test_export_output_to_a_symbolic_link_writes_through_it(tmp_path, capsys):
    target = tmp_path / "graph.nt"
    link = tmp_path / "link.nt"
    link.symlink_to(target)  # dangling: the write makes its target
    code, _, err = run(capsys, "export", "--format", "ntriples", "--output", link, "--no-description")
    assert code == 0, err
    assert link.is_symlink() and target.stat().st_size > 10_000


def test_query_output_to_dev_stdout_writes_to_stdout(tmp_path):
    result = subprocess.run([sys.executable, "-m", "clusterkg", "query", "clusters", "--format", "csv",
                             "--output", "/dev/stdout"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 9 and os.path.exists("/dev/stdout")


def test_query_output_to_a_fifo_writes_into_it(tmp_path, capsys):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    code, _, err = run(capsys, "query", "clusters", "--output", fifo)
    reader.join(30)
    assert code == 0, err
    assert fifo.is_fifo() and got[0].count(b"\n") == 9


def test_query_output_dash_is_stdout(capsys):
    code, out, err = run(capsys, "query", "clusters", "--format", "csv", "--output", "-")
    assert code == 0, err
    assert out.count("\n") == 9


# -- The cache deletes only what it recorded ----

def test_cache_pruning_deletes_only_recorded_entries(tmp_path):
    folder = tmp_path / "work"
    (folder / "charts-trip").mkdir(parents=True)
    (folder / "charts-trip" / "photo.jpg").write_bytes(b"mine")
    (folder / "graph-thesis.nt").write_bytes(b"<a> <b> <c> .\n")
    for n in range(3):
        (folder / f"graph-{n}.nt").write_bytes(b"x")
        (folder / f"graph-{n}.sha256").write_bytes(b"y")
        cache.record(folder, [f"graph-{n}.nt", f"graph-{n}.sha256"])
        os.utime(folder / f"graph-{n}.nt", ns=(n * 10**9, n * 10**9))
        os.utime(folder / f"graph-{n}.sha256", ns=(n * 10**9, n * 10**9))
    (folder / "charts-k").mkdir()
    (folder / "charts-k" / "a.svg.data").write_bytes(b"x")
    (folder / "charts-k" / "mine.txt").write_bytes(b"mine")
    cache.record(folder, ["charts-k/a.svg.data"])
    cache.prune(folder, "graph-", 1)
    cache.prune(folder, "charts-", 0)
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == [
        "charts-k", "charts-k/mine.txt", "charts-trip", "charts-trip/photo.jpg", cache.RECORD,
        "graph-2.nt", "graph-2.sha256", "graph-thesis.nt"]
    assert (folder / cache.RECORD).read_text() == "graph-2.nt\ngraph-2.sha256\n"


def test_a_query_with_the_cache_in_a_users_folder_keeps_the_users_files(tmp_path, monkeypatch, data_copy):
    folder = tmp_path / "work"
    (folder / "charts-trip").mkdir(parents=True)
    (folder / "charts-trip" / "photo.jpg").write_bytes(b"mine")
    for n in range(6):
        (folder / f"graph-thesis{n}.nt").write_bytes(b"<a> <b> <c> .\n")
    before = contents(folder)
    monkeypatch.setenv("CLUSTERKG_CACHE_DIR", str(folder))
    assert main(["query", "clusters", "--data", str(data_copy), "--format", "csv"]) == 0
    after = contents(folder)
    assert {k: v for k, v in after.items() if k in before} == before
    assert len([k for k in after if k.startswith("graph-") and k.endswith(".nt")]) == 7


@pytest.mark.parametrize("name", ["graph-thesis.nt", "graph-0123456789abcdef0123456789abcdef.nt"])
def test_an_unrecorded_file_of_the_cache_shape_is_never_pruned(tmp_path, name):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / name).write_bytes(b"mine")
    cache.record(folder, [])
    cache.prune(folder, "graph-", 0)
    assert (folder / name).read_bytes() == b"mine"
