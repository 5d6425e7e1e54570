"""Built graphs kept on disk, so ``clusterkg query`` does not rebuild from YAML on every call.

A cached graph is N-Triples named by a hash of what the build reads (``plan.yaml``,
``entities.yaml``, ``profiles/*.yaml``, byte for byte) and of clusterkg's own code (each module's
name, size and modification time: hashing its bytes cost every query ~4 ms, measured): edit any of
them and the next call builds afresh. Beside it, its SHA-256: a file cut short, emptied or edited fails the
check and is rebuilt. Both are fsynced before they are renamed into place. The folder is
``$CLUSTERKG_CACHE_DIR``, else ``$XDG_CACHE_HOME/clusterkg``, else ``~/.cache/clusterkg``; only the
newest few graphs are kept, and pruning deletes only what the cache's record (:data:`RECORD`, one
entry a line, added to as each entry is written) lists: a file of the user's in the same folder is never
deleted, whatever its name. A folder that cannot be written only means no cache. Only regular files are
read from it (a FIFO or a device put in its place is no cache, never a hang), and a file of a write that
was killed is removed by the next write (see :func:`clusterkg.fileio.atomic_write`).

:func:`read_checked` and :func:`write_checked` give any other cached file (the parsed query headers)
the same proof: its SHA-256 beside it, checked on every read.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pyoxigraph as ox

KEEP = 4  # graphs kept in the cache folder, newest first
RECORD = "clusterkg-cache-record"  # the files this cache wrote, one relative path a line
MAX_CACHED_BYTES = 4 * 1024 ** 3  # a cached file larger than this is not read (rdffiles' bound on a graph)


def cache_dir() -> Path:
    """Where built graphs are kept."""
    if os.environ.get("CLUSTERKG_CACHE_DIR"):
        return Path(os.environ["CLUSTERKG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "clusterkg"


def data_key(data_dir=None) -> str:
    """A hash of every file the build reads from ``data_dir`` (default: the embedded data) and of
    clusterkg's modules (by name, size and modification time)."""
    from clusterkg import __version__
    from clusterkg.resources import data_dir as default_data_dir

    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    digest = hashlib.sha256(f"clusterkg {__version__}\n".encode())
    digest.update(code_stamp())
    inputs = [data_dir / "plan.yaml", data_dir / "entities.yaml", *sorted((data_dir / "profiles").glob("*.yaml"))]
    for path in inputs:
        digest.update(f"{path.name}\n".encode())
        digest.update(_input_bytes(path))
    return digest.hexdigest()[:32]


def code_stamp() -> bytes:
    """clusterkg's modules by name, size and modification time: what a cached file's key takes of the code."""
    package = Path(sys.modules[__package__.partition(".")[0]].__file__).parent  # wherever this module sits in it
    lines = []
    for path in sorted([*package.glob("*.py"), *package.glob("*/*.py")]):
        stat = path.stat()
        lines.append(f"{path.relative_to(package).as_posix()} {stat.st_size} {stat.st_mtime_ns}\n")
    return "".join(lines).encode()


def _input_bytes(path: Path) -> bytes:
    """What the key takes of an input file: its bytes; for a file the build refuses (missing, not a regular
    file, too large, unreadable), a word (the build itself reports it)."""
    from clusterkg.errors import InputError
    from clusterkg.fileio import MAX_YAML_BYTES, read_regular  # not from yamlfields: that imports PyYAML (30 ms)

    try:
        return read_regular(path, MAX_YAML_BYTES)
    except InputError:
        return b"(refused)"


def read_checked(path: Path) -> bytes | None:
    """The bytes of the cached file ``path`` if they are whole: its SHA-256 beside it (``path.sha256``)
    matches. None for a file missing, cut, emptied, edited, or not a regular file."""
    from clusterkg.errors import InputError
    from clusterkg.fileio import read_regular

    try:
        data = read_regular(path, MAX_CACHED_BYTES)
        expected = read_regular(_checksum_path(path), 100).decode("ascii").strip()
    except (InputError, UnicodeDecodeError):
        return None
    if not data or hashlib.sha256(data).hexdigest() != expected:
        return None
    return data


def write_checked(path: Path, data: bytes) -> None:
    """Write the cached file ``path`` and its SHA-256 beside it, each fsynced before its rename."""
    from clusterkg.fileio import atomic_write

    atomic_write(path, data, durable=True)
    atomic_write(_checksum_path(path), hashlib.sha256(data).hexdigest() + "\n", durable=True)


def record(folder: Path, names: list[str]) -> None:
    """Add ``names`` (paths relative to the cache folder ``folder``) to its record, under a lock."""
    import fcntl

    fd = os.open(folder / RECORD, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with os.fdopen(os.dup(fd), "r+", encoding="utf-8") as file:
            known = file.read().splitlines()
            new = [name for name in names if name not in known]
            if new:
                file.write("".join(f"{name}\n" for name in new))
    finally:
        os.close(fd)


def prune(folder: Path, prefix: str, keep: int) -> None:
    """Delete all but the newest ``keep`` recorded entries whose names start with ``prefix`` (a file, or a
    folder of recorded files): only recorded files are deleted, and a folder only once empty."""
    import fcntl

    try:
        fd = os.open(folder / RECORD, os.O_RDWR)
    except FileNotFoundError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with os.fdopen(os.dup(fd), "r+", encoding="utf-8") as file:
            names = file.read().splitlines()
            entries = {}
            for name in names:
                if name.startswith(prefix):
                    entries.setdefault(name.split("/", 1)[0].split(".", 1)[0], []).append(name)
            dropped = set()
            for entry in sorted(entries, key=lambda e: _age(folder, entries[e]), reverse=True)[keep:]:
                _remove(folder, entries[entry])
                dropped.update(entries[entry])
            if dropped:
                file.seek(0)
                file.truncate()
                file.write("".join(f"{name}\n" for name in names if name not in dropped))
    finally:
        os.close(fd)


def _age(folder: Path, names: list[str]) -> int:
    """The newest modification time among an entry's files (0 when none is left)."""
    times = [0]
    for name in names:
        try:
            times.append((folder / name).lstat().st_mtime_ns)
        except OSError:
            pass
    return max(times)


def _remove(folder: Path, names: list[str]) -> None:
    """Delete the recorded files ``names`` and then any folder of theirs left empty."""
    for name in names:
        try:
            (folder / name).unlink()
        except OSError:
            pass
    for parent in {(folder / name).parent for name in names} - {folder}:
        try:
            parent.rmdir()  # only when empty: a file of the user's keeps its folder
        except OSError:
            pass


def _checksum_path(path: Path) -> Path:
    return path.with_suffix(".sha256")


def _read(path: Path) -> ox.Store | None:
    """The store held by the cache file ``path`` if it is whole (its checksum matches), else None."""
    data = read_checked(path)
    if data is None:
        return None
    from clusterkg.errors import InputError
    from clusterkg.model.rdffiles import load_file

    try:
        return load_file(path, data=data)
    except InputError:
        return None


def _write(path: Path, store: ox.Store) -> None:
    write_checked(path, store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()))


def cached_store(data_dir=None, use_cache: bool = True):
    """``(store, profiles)``: the graph built from ``data_dir``, read from the cache when it holds this
    build (then ``profiles`` is None: nothing was read from YAML), else built (with the usual input
    errors), written to the cache and returned."""
    path = cache_dir() / f"graph-{data_key(data_dir)}.nt"
    if use_cache:
        store = _read(path)
        if store is not None:
            return store, None
    from clusterkg.model.graph import build_store
    from clusterkg.source.profiles import load_profiles

    profiles = load_profiles(data_dir)
    store = build_store(profiles)
    if use_cache:
        try:
            _write(path, store)
            record(path.parent, [path.name, _checksum_path(path).name])
            prune(path.parent, "graph-", KEEP)
        except OSError:
            pass  # a cache we cannot write is no cache, not an error
    return store, profiles
