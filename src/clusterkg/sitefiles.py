"""Writing a folder tree whole or not at all: the files go into a hidden temporary folder beside the
target, which is then renamed into place, so an interrupted run leaves the previous folder as it was.

A folder that already exists is replaced only if it is empty or was written this way before (every
file in it is listed in its ``SHA256SUMS``); anything else is refused, never deleted.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .errors import ClusterKGError

CHECKSUMS = "SHA256SUMS"


def listed_files(directory: Path) -> set[str]:
    """The paths a folder's ``SHA256SUMS`` lists."""
    sums = directory / CHECKSUMS
    if not sums.is_file():
        return set()
    return {line.split("  ", 1)[1] for line in sums.read_text(encoding="utf-8").splitlines() if "  " in line}


def check_replaceable(directory: Path) -> None:
    if not directory.exists():
        return
    if not directory.is_dir():
        raise ClusterKGError(f"{directory} is a file, not a folder")
    present = {p.relative_to(directory).as_posix() for p in directory.rglob("*") if not p.is_dir()}
    foreign = sorted(present - listed_files(directory) - {CHECKSUMS})
    if foreign:
        raise ClusterKGError(f"{directory} holds files that clusterkg did not write there "
                             f"({', '.join(foreign[:5])}); choose a new or empty folder")


def write_tree(directory, files: dict[str, bytes]) -> Path:
    """Write ``files`` (relative POSIX path -> bytes) as the folder ``directory``."""
    directory = Path(directory).resolve()
    if directory == Path.cwd() or directory == Path(directory.anchor):
        raise ClusterKGError(f"{directory} is the current or root folder: name a folder to write into")
    for name in files:
        parts = name.split("/")
        if name.startswith("/") or any(p in ("", ".", "..") for p in parts):
            raise ClusterKGError(f"refusing to write '{name}': not a plain path inside the folder")
    check_replaceable(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    for pattern in (f".{directory.name}.*.tmp", f".{directory.name}.*.old"):
        for leftover in directory.parent.glob(pattern):
            shutil.rmtree(leftover, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".tmp", dir=directory.parent))
    try:
        made = set()
        for name, data in files.items():
            target = tmp / name
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it private; the folder is meant to be served
        _swap(tmp, directory)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return directory


def _swap(new: Path, directory: Path) -> None:
    """Put ``new`` at ``directory``, moving any previous folder aside first and deleting it after."""
    if not directory.exists():
        os.rename(new, directory)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".old", dir=directory.parent))
    os.rename(directory, aside / "previous")
    try:
        os.rename(new, directory)
    except BaseException:
        os.rename(aside / "previous", directory)
        raise
    finally:
        if directory.exists():
            shutil.rmtree(aside, ignore_errors=True)
