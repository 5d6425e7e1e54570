"""atomic_write: whole files with ordinary permissions, or nothing."""

from __future__ import annotations

import os

import pytest

from clusterkg.fileio import atomic_write


def test_writes_whole_file_with_umask_mode(tmp_path):
    path = atomic_write(tmp_path / "sub" / "out.txt", "héllo\n")
    assert path.read_bytes() == "héllo\n".encode()
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in path.parent.iterdir()] == ["out.txt"]


def test_failure_leaves_previous_file_and_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "out.txt"
    path.write_text("previous\n")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        atomic_write(path, b"new contents")
    assert path.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


# -- Reading only regular files of bounded size ----

def test_read_regular_reads_a_regular_file(tmp_path):
    from clusterkg.fileio import read_regular

    (tmp_path / "a.yaml").write_bytes(b"x" * 10)
    assert read_regular(tmp_path / "a.yaml", 10) == b"x" * 10


@pytest.mark.parametrize("kind, words", [
    ("fifo", "not a regular file (a FIFO, a device or a socket)"),
    ("device", "not a regular file (a FIFO, a device or a socket)"),
    ("folder", "not a regular file (a folder)"),
    ("too-big", "larger than 10 bytes: refused"),
    ("missing", "no such file"),
])
def test_read_regular_refuses_anything_else_at_once(kind, words, tmp_path):
    import time

    from clusterkg.errors import InputError
    from clusterkg.fileio import read_regular

    path = tmp_path / "in"
    if kind == "fifo":
        os.mkfifo(path)  # opening it for reading would wait for a writer
    elif kind == "device":
        path.symlink_to("/dev/zero")  # reading it would never end
    elif kind == "folder":
        path.mkdir()
    elif kind == "too-big":
        path.write_bytes(b"x" * 11)
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        read_regular(path, 10)
    assert str(caught.value) == f"{path}: {words}" and time.monotonic() - started < 5


# -- Leftovers of killed writes ----

def test_a_write_removes_the_leftovers_of_writers_that_no_longer_run(tmp_path):
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        names = {"dead": f".out.txt.{dead.stdout.strip()}.abcd1234.tmp", "alive": f".out.txt.{alive.pid}.abcd1234.tmp",
                 "not-ours": ".out.txt.notes.tmp", "other-target": f".other.txt.{dead.stdout.strip()}.abcd1234.tmp"}
        for name in names.values():
            (tmp_path / name).write_text("half")
        atomic_write(tmp_path / "out.txt", "whole\n")
        left = sorted(p.name for p in tmp_path.iterdir())
        assert left == sorted(["out.txt", names["alive"], names["not-ours"], names["other-target"]])
    finally:
        alive.kill()
        alive.wait()


def test_a_folder_is_not_overwritten_by_a_file(tmp_path):
    (tmp_path / "out.txt").mkdir()
    with pytest.raises(IsADirectoryError, match="a folder: name a file to write"):
        atomic_write(tmp_path / "out.txt", "x")
    assert (tmp_path / "out.txt").is_dir() and list(tmp_path.iterdir()) == [tmp_path / "out.txt"]
