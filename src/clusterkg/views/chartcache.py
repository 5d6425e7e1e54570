"""The overview's charts kept on disk, beside the cached graphs (:mod:`clusterkg.model.cache`).

Drawing the four charts as SVG and PNG with matplotlib is the dearest part of a build on the real
data: about 6 s on the test machine, where the graph, its Turtle and the pages take under one (measured
with cProfile: text layout and rendering inside ``savefig``). A chart is a function of the numbers it
draws alone, so its files are kept under a key made of those numbers (the ``repr`` of the
:class:`~clusterkg.views.chartdata.ChartData`), matplotlib's version and clusterkg's code: the next build of
the same data reads the same bytes instead of drawing them again; any change draws afresh. Each file
has its SHA-256 beside it, checked on every read (a damaged file means drawing again), and only the
newest few sets are kept (pruning deletes only the files the cache's record lists, see
:func:`clusterkg.model.cache.prune`). A cache folder that cannot be written only means drawing every time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from clusterkg.model.cache import cache_dir, code_stamp, prune, read_checked, record, write_checked

KEEP = 4  # chart sets kept, newest first


def chart_key(data) -> str:
    """The key of the charts of ``data`` (a ChartData): its numbers, matplotlib's version, clusterkg's code."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"matplotlib {version('matplotlib')}\n".encode())
    digest.update(code_stamp())
    digest.update(repr(data).encode("utf-8"))
    return digest.hexdigest()[:32]


def _stored_name(name: str) -> str:
    """``charts/growth.svg`` -> ``growth.svg.data`` (its checksum: ``growth.svg.sha256``)."""
    return name.split("/", 1)[1] + ".data"


def cached_chart_files(data, names: list[str], draw: Callable[[object], dict[str, bytes]]) -> dict[str, bytes]:
    """The chart files ``names`` of ``data``, from the cache when it holds every one of them whole, else
    ``draw(data)``, kept for the next time."""
    folder = cache_dir() / f"charts-{chart_key(data)}"
    found = {name: read_checked(folder / _stored_name(name)) for name in names}
    if all(body is not None for body in found.values()):
        return found
    files = draw(data)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, body in files.items():
            write_checked(folder / _stored_name(name), body)
            stored = f"{folder.name}/{_stored_name(name)}"
            written += [stored, stored.rsplit(".", 1)[0] + ".sha256"]
        record(folder.parent, written)
        prune(folder.parent, "charts-", KEEP)
    except OSError:
        pass  # a cache we cannot write is no cache, not an error
    return files
