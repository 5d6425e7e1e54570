"""Reading input files safely, and writing files whole or not at all.

:func:`read_regular` reads only a regular file of bounded size (never a FIFO, a device or a folder,
which could hang or never end). :func:`atomic_write` writes through a temporary file beside the target
and a rename; a temporary file is named after the process that made it (``.NAME.PID.XXXXXXXX.tmp``),
so the next write to the same target removes those of processes that no longer run (a run that was
killed) and never one that is still writing.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from clusterkg.errors import InputError

MAX_YAML_BYTES = 64 * 1024 ** 2  # a data file larger than this is refused (1,000 generated regions: ~15 MiB)


def default_mode() -> int:
    """0o666 less the process umask: the mode ``open()`` would give a new file."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def read_regular(path, limit: int, what: str = "file") -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes; else an
    :class:`InputError` naming it. A FIFO is opened without waiting for a writer and refused."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(path, f"no such {what}") from None
    except OSError as exc:
        raise InputError(path, f"cannot read {what}: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a FIFO, a device or a socket"
            raise InputError(path, f"not a regular file ({kind})")
        if info.st_size > limit:
            raise InputError(path, f"larger than {_size(limit)}: refused")
        data = _read_at_most(fd, limit + 1)
    except OSError as exc:
        raise InputError(path, f"cannot read {what}: {exc.strerror}") from None
    finally:
        os.close(fd)
    if len(data) > limit:  # a file that grew while it was read, or one whose size the system does not know
        raise InputError(path, f"larger than {_size(limit)}: refused")
    return data


def _read_at_most(fd: int, count: int) -> bytes:
    """At most ``count`` bytes from the open file ``fd``."""
    chunks, size = [], 0
    while size < count:
        chunk = os.read(fd, min(1024 ** 2, count - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _size(limit: int) -> str:
    return f"{limit // 1024 ** 2} MiB" if limit >= 1024 ** 2 else f"{limit} bytes"


def fsync_file(path: Path) -> None:
    """Make a file's bytes survive a crash before it is renamed into place."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` survive a crash (where the system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def process_alive(pid: int) -> bool:
    """Whether a process ``pid`` runs on this machine (one of another user counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Delete the temporary files that writes of ``path`` by processes no longer running left beside it
    (``.NAME.PID.XXXXXXXX.tmp``, and ``.NAME.XXXXXXXX.tmp`` of versions before the PID was in the name,
    when older than an hour); returns them."""
    import time

    shape = re.compile(re.escape(f".{path.name}.") + r"(?:(\d+)\.)?[a-z0-9_]{8}\.tmp")
    removed = []
    for leftover in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
        found = shape.fullmatch(leftover.name)
        if not found or not leftover.is_file() or leftover.is_symlink():
            continue
        pid = found.group(1)
        stale = (not process_alive(int(pid))) if pid else leftover.stat().st_mtime < time.time() - 3600
        if stale and pid != str(os.getpid()):
            leftover.unlink(missing_ok=True)
            removed.append(leftover)
    return removed


def glob_escape(name: str) -> str:
    """``name`` with the characters glob reads as patterns made literal."""
    return re.sub(r"([*?[])", r"[\1]", name)


def write_output(path, data: bytes | str) -> Path:
    """Write a user's output file ``path`` whole: a regular file (or a new name) through
    :func:`atomic_write`; a symbolic link is written through (its target replaced whole, the link kept);
    a device, a FIFO or a socket (``/dev/stdout``, ``>(cmd)``) is opened and written, never replaced."""
    path = Path(path)
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        with open(path, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        return path
    if path.is_symlink():
        atomic_write(os.path.realpath(path), data)
        return path
    return atomic_write(path, data)


def atomic_write(path, data: bytes | str, durable: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    A failure part-way leaves any earlier ``path`` untouched and no partial file behind. With
    ``durable``, the file and the rename are fsynced, so a crash leaves the old file or the new one.
    A ``path`` that is a folder is an ``IsADirectoryError`` saying so; leftovers of killed writes are removed.
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "a folder: name a file to write", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        remove_stale_temporaries(path)
    except OSError:
        pass  # a leftover we cannot remove does not stop this write
    import tempfile  # here, not at the top: reading (a query) need not import it (nor random, shutil)

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.chmod(tmp, default_mode())  # mkstemp makes files 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if durable:
        fsync_dir(path.parent)
    return path
