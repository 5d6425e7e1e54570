"""Positions of the views' nodes kept on disk, beside the cached graphs and charts (:mod:`clusterkg.model.cache`).

Placing a view (:func:`clusterkg.views.label_layout.place_nodes`: a spring layout, then boxes pushed apart
and drawn closer a score of times) is a function of what it places alone: each node's id, label, size,
font and shape, and the links. The positions are kept under a key made of those and clusterkg's code, so
the next build of the same data reads them instead of working them out again (and does not import
numpy). Each file has its SHA-256 beside it, checked on every read; a cache that cannot be written only
means placing every time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from clusterkg.model.cache import cache_dir, code_stamp, read_checked, write_checked

KEEP = 16  # layouts kept, newest first (five views a build)
PLACED_BY = ("id", "label", "size", "font", "shape", "margin")  # what a node's position depends on


def layout_key(nodes: list[dict], edges: list[dict]) -> str:
    digest = hashlib.sha256(code_stamp())
    what = [[n.get(k) for k in PLACED_BY] for n in nodes], [[e["from"], e["to"]] for e in edges]
    digest.update(json.dumps(what, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()[:32]


def cached_positions(nodes: list[dict], edges: list[dict],
                     place: Callable[[list[dict], list[dict]], dict]) -> dict[str, tuple[float, float]]:
    """``place(nodes, edges)``, from the cache when it holds it whole, else worked out and kept."""
    folder = cache_dir() / "layouts"
    path = folder / f"{layout_key(nodes, edges)}.json"
    body = read_checked(path)
    if body is not None:
        return {k: (x, y) for k, (x, y) in json.loads(body).items()}
    positions = place(nodes, edges)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_checked(path, json.dumps(positions, sort_keys=True).encode("utf-8"))
        _prune(folder)
    except OSError:
        pass  # a cache we cannot write is no cache, not an error
    return positions


def _prune(folder) -> None:
    kept = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in kept[KEEP:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".sha256").unlink(missing_ok=True)
