"""Built graphs kept on disk, so ``clusterkg query`` does not rebuild from YAML on every call.

A cached graph is the Turtle that :func:`clusterkg.export` writes, named by a hash of what the build
reads (``plan.yaml``, ``entities.yaml``, ``profiles/*.yaml``, byte for byte) and of the code that
builds it: edit any of them and the next call builds afresh. The folder is ``$CLUSTERKG_CACHE_DIR``,
else ``$XDG_CACHE_HOME/clusterkg``, else ``~/.cache/clusterkg``; only the newest few graphs are kept.
A folder that cannot be written only means no cache.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

KEEP = 4  # graphs kept in the cache folder, newest first
_BUILDER = ("graph.py", "profiles.py", "linking.py", "vocab.py", "turtle.py", "export.py")


def cache_dir() -> Path:
    """Where built graphs are kept."""
    if os.environ.get("CLUSTERKG_CACHE_DIR"):
        return Path(os.environ["CLUSTERKG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "clusterkg"


def data_key(data_dir=None) -> str:
    """A hash of every file the build reads from ``data_dir`` (default: the project's data/) and of
    the modules that build and write the graph."""
    from . import __version__
    from .resources import data_dir as default_data_dir

    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    digest = hashlib.sha256(f"clusterkg {__version__}\n".encode())
    code = Path(__file__).parent
    inputs = [code / name for name in _BUILDER]
    inputs += [data_dir / "plan.yaml", data_dir / "entities.yaml", *sorted((data_dir / "profiles").glob("*.yaml"))]
    for path in inputs:
        digest.update(f"{path.name}\n".encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"(missing)")  # the build itself reports the missing file
    return digest.hexdigest()[:32]


def cached_graph(data_dir=None, store: str = "oxigraph", use_cache: bool = True):
    """The graph built from ``data_dir`` on ``store``: read from the cache when it holds this build,
    else built (from YAML, with the usual input errors), written to the cache and returned."""
    from .graph import build_graph
    from .store import open_graph

    path = cache_dir() / f"graph-{data_key(data_dir)}.ttl"
    if use_cache and path.is_file():
        try:
            return open_graph(path, store=store)
        except Exception:  # noqa: BLE001 - a damaged cache file: build afresh below
            pass
    graph = build_graph(data_dir=data_dir)
    if use_cache:
        try:
            from .export import export

            export(graph, path)  # atomic: a reader never sees half a file
            _prune(path.parent)
            return open_graph(path, store=store)
        except Exception:  # noqa: BLE001 - a cache we cannot write is no cache, not an error
            pass
    return graph if store == "memory" else open_graph(graph, store=store)


def _prune(folder: Path) -> None:
    graphs = sorted(folder.glob("graph-*.ttl"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in graphs[KEEP:]:
        try:
            old.unlink()
        except OSError:
            pass
