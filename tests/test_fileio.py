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
