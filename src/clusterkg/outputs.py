"""Output folders written whole or not at all, one run at a time.

:func:`staged_folder` gives a run an empty staging folder beside its target (``.DIR.XXXXXXXX.tmp``);
when the run has written everything there, a ``SHA256SUMS`` listing its files is added, every file
and folder is fsynced, and the staging folder takes the target's place in one step: Linux's
``renameat2(RENAME_EXCHANGE)`` swaps the two folders atomically, so readers and an interruption at
any moment see the previous folder or the new one, never neither and never a mix. Where the system
cannot exchange, the previous folder is renamed aside (``.DIR.XXXXXXXX.old/previous``) and the new one
renamed into place; a run killed between those two renames leaves no ``DIR``, and the next run puts
the previous folder back before anything else.

A lock file beside the target (``.DIR.lock``, removed when the run ends) makes a second run into the
same folder wait for the first. Holding it, a run removes what killed runs left (staging and aside
folders of that exact shape, beside the target only). An existing target is replaced only if every
file in it is listed in its ``SHA256SUMS``, is a file the run writes itself (a folder of a version
before the list), or is a temporary file of an earlier write; anything else is refused, never deleted.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import functools
import hashlib
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import ClusterKGError
from .fileio import fsync_dir, glob_escape

CHECKSUMS = "SHA256SUMS"
LOCK_SUFFIX = ".lock"
RENAME_EXCHANGE = 2  # linux/fs.h
AT_FDCWD = -100
_LEFTOVER = r"[a-z0-9_]{8}\.(tmp|old)"  # tempfile.mkdtemp's 8 characters, then our suffix
# a file a killed write left inside the folder: atomic_write's (``.graph.ttl.[PID.]XXXXXXXX.tmp``), or a
# page of the views staged beside its final name (``.index.html.staged``)
_EARLIER_TEMPORARY = re.compile(r"\..+\.(\d+\.)?[a-z0-9_]{8}\.tmp|\..+\.html\.staged")


# -- One run at a time ----

@contextmanager
def folder_lock(directory: Path) -> Iterator[Path]:
    """Hold ``.DIR.lock`` beside ``directory`` (waiting while another run holds it); removed at the end.

    ``flock`` is released by the system when its process dies, so a killed run never blocks the next;
    the file is removed before it is unlocked, and a run that locked a file since removed tries again.
    """
    path = directory.parent / f".{directory.name}{LOCK_SUFFIX}"
    told = False
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not told:
                print(f"clusterkg: waiting for another run writing {directory}", file=sys.stderr, flush=True)
                told = True
            fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # the run before removed this file as it ended: lock the one there now
    try:
        yield path
    finally:
        try:
            path.unlink()
        finally:
            os.close(fd)


# -- Folders left by killed runs ----

def leftovers(directory: Path) -> list[Path]:
    """Staging and aside folders of earlier runs into ``directory`` (hidden, beside it, of our exact shape)."""
    shape = re.compile(re.escape(f".{directory.name}.") + _LEFTOVER)
    return sorted(p for p in directory.parent.glob(f".{glob_escape(directory.name)}.*")
                  if shape.fullmatch(p.name) and p.is_dir() and not p.is_symlink())


def checksums_of(files: dict[str, bytes]) -> bytes:
    """``sha256sum`` output for ``files`` (name -> bytes, not yet written; ``sha256sum -c SHA256SUMS``
    checks the folder)."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())
             if name != CHECKSUMS]
    return "".join(lines).encode("utf-8")


def recover(directory: Path) -> Path | None:
    """Put back the previous folder a run killed between its two renames left aside, when ``directory``
    is missing; returns where it came from."""
    if directory.exists() or directory.is_symlink():
        return None
    aside = [p for p in leftovers(directory) if p.suffix == ".old" and (p / "previous").is_dir()]
    if not aside:
        return None
    newest = max(aside, key=lambda p: (p / "previous").stat().st_mtime_ns)
    os.rename(newest / "previous", directory)
    fsync_dir(directory.parent)
    return newest


def remove_leftovers(directory: Path) -> None:
    """Delete the staging and aside folders of killed runs into ``directory`` (after :func:`recover`)."""
    for leftover in leftovers(directory):
        shutil.rmtree(leftover, ignore_errors=True)


# -- Replacing a folder ----

def listed_files(directory: Path) -> set[str]:
    """The paths a folder's ``SHA256SUMS`` lists."""
    sums = directory / CHECKSUMS
    if not sums.is_file() or sums.is_symlink():
        return set()
    text = sums.read_bytes().decode("utf-8", "replace")
    return {line.split("  ", 1)[1] for line in text.splitlines() if "  " in line}


def files_in(folder: Path) -> list[str]:
    """Every file under ``folder`` (symbolic links included, never followed) as a relative POSIX path."""
    found = []
    for root, dirs, files in os.walk(folder):
        base = Path(root).relative_to(folder)
        found += [(base / name).as_posix() for name in files]
        found += [(base / name).as_posix() for name in dirs if (Path(root) / name).is_symlink()]
    return sorted(found)


def foreign_files(directory: Path, new_names: Iterable[str], owned: Iterable[str] = ()) -> list[str]:
    """The files of ``directory`` a run may not delete: neither listed in its ``SHA256SUMS``, nor written
    anew (``new_names``), nor a name the run owns (``owned``), nor an earlier write's temporary file."""
    if not directory.exists():
        return []
    if not directory.is_dir():
        raise ClusterKGError(f"{directory} is a file, not a folder")
    allowed = listed_files(directory) | set(new_names) | set(owned) | {CHECKSUMS}
    return [name for name in files_in(directory)
            if name not in allowed and not _EARLIER_TEMPORARY.fullmatch(name.rsplit("/", 1)[-1])]


def checksums(folder: Path) -> bytes:
    """``sha256sum`` output for every file under ``folder`` but ``SHA256SUMS`` (``sha256sum -c`` checks it)."""
    lines = []
    for name in files_in(folder):
        if name != CHECKSUMS:
            digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
            lines.append(f"{digest}  {name}\n")
    return "".join(lines).encode("utf-8")


def _sync_tree(folder: Path) -> None:
    """fsync every file and folder under ``folder`` (and itself), so that the swap cannot outrun them."""
    for root, _, files in os.walk(folder):
        for name in files:
            fd = os.open(Path(root) / name, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(Path(root))


@functools.cache
def _renameat2():
    """libc's ``renameat2``, or None where there is none (not Linux, or a C library without it)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(a: Path, b: Path) -> bool:
    """Swap the folders ``a`` and ``b`` in one atomic step; False where the system cannot."""
    function = _renameat2()
    if function is None:
        return False
    if function(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap(new: Path, directory: Path) -> None:
    """Put the folder ``new`` at ``directory``, whose previous folder (if any) is deleted."""
    if not directory.exists() and not directory.is_symlink():
        os.rename(new, directory)
        fsync_dir(directory.parent)
        return
    if exchange(new, directory):  # ``new`` now holds the previous folder
        fsync_dir(directory.parent)
        shutil.rmtree(new, ignore_errors=True)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".old", dir=directory.parent))
    try:
        os.rename(directory, aside / "previous")
    except BaseException:
        aside.rmdir()
        raise
    try:
        os.rename(new, directory)
    except BaseException:
        os.rename(aside / "previous", directory)
        raise
    finally:
        fsync_dir(directory.parent)
        if directory.exists():
            shutil.rmtree(aside, ignore_errors=True)


def check_output_file(path) -> Path:
    """Refuse an output file ``path`` that is a folder or would lie under a file."""
    path = Path(path)
    if path.is_dir():
        raise ClusterKGError(f"{path} is a folder: name a file to write")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise ClusterKGError(f"{parent} is a file, not a folder: {path} cannot be written there")
            break
    return path


def check_target(directory) -> Path:
    """``directory`` made absolute, refused if it is the current or root folder or a file."""
    directory = Path(directory).resolve()
    if directory == Path.cwd() or directory == Path(directory.anchor):
        raise ClusterKGError(f"{directory} is the current or root folder: name a folder to write into")
    if directory.exists() and not directory.is_dir():
        raise ClusterKGError(f"{directory} is a file, not a folder")
    return directory


@contextmanager
def staged_folder(directory, made_by: str = "clusterkg", owned: Iterable[str] = ()) -> Iterator[Path]:
    """An empty staging folder for the new contents of ``directory``, swapped into place when the block
    ends without an error (see the module docstring); on an error it is deleted and ``directory`` is
    left as it was. ``made_by`` names the command in the refusal of a folder with other files; ``owned``:
    names the run writes in some runs and not others (such files are not another program's)."""
    directory = check_target(directory)
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ClusterKGError(f"cannot make the folder {directory.parent}: {exc.strerror}") from None
    with folder_lock(directory):
        recover(directory)
        remove_leftovers(directory)
        new = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".tmp", dir=directory.parent))
        try:
            yield new
            if not (new / CHECKSUMS).exists():
                (new / CHECKSUMS).write_bytes(checksums(new))
            foreign = foreign_files(directory, files_in(new), owned)
            if foreign:
                raise ClusterKGError(f"{directory} holds files that are not from a previous {made_by} "
                                     f"({', '.join(foreign[:5])}); choose a new or empty folder")
            _sync_tree(new)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(new, 0o777 & ~umask)  # mkdtemp makes it private; the folder is meant to be read
            swap(new, directory)
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` (relative POSIX path -> bytes) under ``folder``, making the folders they need."""
    for name in files:
        parts = name.split("/")
        if name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts):
            raise ClusterKGError(f"refusing to write '{name}': not a plain path inside the folder")
    made = set()
    for name, data in files.items():
        target = folder / name
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)


def write_folder(directory, files: dict[str, bytes], made_by: str = "clusterkg") -> Path:
    """Write ``files`` (relative POSIX path -> bytes; nested paths make their folders) as the folder
    ``directory``, through a staging folder beside it swapped in as one step (:func:`staged_folder`).
    An existing ``directory`` is replaced only if it is empty or an earlier run's (every file in it
    listed in its ``SHA256SUMS``); anything else is refused before anything is written."""
    directory = check_target(directory)
    foreign = foreign_files(directory, files)
    if foreign:
        raise ClusterKGError(f"{directory} holds files that are not from a previous {made_by} "
                             f"({', '.join(foreign[:5])}); choose a new or empty folder")
    with staged_folder(directory, made_by=made_by) as staging:
        write_files(staging, files)
    return directory
