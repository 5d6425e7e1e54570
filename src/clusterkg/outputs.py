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
folders of that exact shape, beside the target only).

Ownership is by record, never by name: ``SHA256SUMS`` opens with clusterkg's line (:data:`RECORD_LINE`,
a comment ``sha256sum -c`` skips), and an existing target is replaced only if it is empty or every file
in it is listed there with the hash it still has (or is a temporary file an earlier write of clusterkg
left inside that recorded folder). A file the record does not hold, or one changed since, is refused
in one line naming it, before anything is written, and never deleted; a ``SHA256SUMS`` of someone
else's (without that line) records nothing.
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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from clusterkg.errors import ClusterKGError
from clusterkg.fileio import fsync_dir, glob_escape

CHECKSUMS = "SHA256SUMS"
RECORD_LINE = "# clusterkg record: the files of this folder with their SHA-256, written by clusterkg\n"
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
    """clusterkg's record (:data:`RECORD_LINE`), then ``sha256sum`` output for ``files`` (name -> bytes, not
    yet written; ``sha256sum -c SHA256SUMS`` checks the folder)."""
    lines = [RECORD_LINE] + [f"{hashlib.sha256(data).hexdigest()}  {name}\n"
                             for name, data in sorted(files.items()) if name != CHECKSUMS]
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

def recorded_files(directory: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of the files clusterkg's record in ``directory`` lists (empty when the
    folder has no ``SHA256SUMS``, or one clusterkg did not write)."""
    sums = directory / CHECKSUMS
    if not sums.is_file() or sums.is_symlink():
        return {}
    text = sums.read_bytes().decode("utf-8", "replace")
    if not text.startswith(RECORD_LINE):
        return {}
    return {line.split("  ", 1)[1]: line.split("  ", 1)[0]
            for line in text.splitlines() if "  " in line and not line.startswith("#")}


def files_in(folder: Path) -> list[str]:
    """Every file under ``folder`` (symbolic links included, never followed) as a relative POSIX path;
    an empty folder under it as its path and a slash."""
    found = []
    for root, dirs, files in os.walk(folder):
        base = Path(root).relative_to(folder)
        found += [(base / name).as_posix() for name in files]
        found += [(base / name).as_posix() for name in dirs if (Path(root) / name).is_symlink()]
        if not dirs and not files and root != str(folder):
            found.append(base.as_posix() + "/")
    return sorted(found)


def _sha256(path: Path) -> str | None:
    """The SHA-256 of the regular file ``path``; None for anything else (a link, a device, a folder)."""
    if path.is_symlink() or not path.is_file():
        return None
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for chunk in iter(lambda: source.read(1024 ** 2), b""):
            digest.update(chunk)
    return digest.hexdigest()


def foreign_files(directory: Path) -> list[str]:
    """The files of ``directory`` clusterkg may not delete: every one its record does not list with the
    hash the file has now (but an earlier clusterkg write's temporary file inside a recorded folder)."""
    if not directory.exists():
        return []
    if not directory.is_dir():
        raise ClusterKGError(f"{directory} is a file, not a folder")
    record = recorded_files(directory)
    foreign = []
    for name in files_in(directory):
        if name == CHECKSUMS and record:
            continue
        if record and _EARLIER_TEMPORARY.fullmatch(name.rsplit("/", 1)[-1]):
            continue
        if name not in record or _sha256(directory / name) != record[name]:
            foreign.append(name)
    return foreign


def refuse_foreign(directory: Path, made_by: str) -> None:
    """One line naming the first file of ``directory`` that is not clusterkg's by record, if any."""
    foreign = foreign_files(directory)
    if foreign:
        more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
        first = safe_name(foreign[0])
        raise ClusterKGError(f"{directory} holds files that are not from a previous {made_by} ({first}{more}): "
                             f"not in the record in its {CHECKSUMS}, or changed since; nothing was deleted: "
                             "move them or choose a new or empty folder")


def safe_name(name: str) -> str:
    """A file name shown on one line: control characters and the like as escapes."""
    return name.encode("unicode_escape").decode("ascii") if not name.isprintable() else name


def checksums(folder: Path) -> bytes:
    """clusterkg's record (:data:`RECORD_LINE`), then ``sha256sum`` output for every file under ``folder``
    but ``SHA256SUMS`` (``sha256sum -c`` checks it)."""
    lines = [RECORD_LINE]
    for name in files_in(folder):
        if name != CHECKSUMS and not name.endswith("/"):
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
def staged_folder(directory, made_by: str = "clusterkg") -> Iterator[Path]:
    """An empty staging folder for the new contents of ``directory``, swapped into place when the block
    ends without an error (see the module docstring); on an error it is deleted and ``directory`` is
    left as it was. A ``directory`` holding anything clusterkg's record does not is refused before the
    block runs and again before the swap; ``made_by`` names the command in that refusal."""
    directory = check_target(directory)
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ClusterKGError(f"cannot make the folder {directory.parent}: {exc.strerror}") from None
    with folder_lock(directory):
        recover(directory)
        remove_leftovers(directory)
        refuse_foreign(directory, made_by)
        new = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".tmp", dir=directory.parent))
        try:
            yield new
            if not (new / CHECKSUMS).exists():
                (new / CHECKSUMS).write_bytes(checksums(new))
            refuse_foreign(directory, made_by)
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
    recorded with its hash in clusterkg's ``SHA256SUMS``); anything else is refused before anything is
    written."""
    directory = check_target(directory)
    refuse_foreign(directory, made_by)
    with staged_folder(directory, made_by=made_by) as staging:
        write_files(staging, files)
    return directory
