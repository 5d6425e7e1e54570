"""Interactive HTML views of what the clusters share: vis-network pages that work offline.

Each view's nodes and edges are drawn from the typed network by :mod:`clusterkg.drawing`; the page is
our own template (``viz/templates/``) with vis-network's script and style (shipped inside pyvis)
inlined, so a page makes no network request. All data text is escaped by the template or drawn
by vis as plain text; the view data travels as a JSON block whose ``<``, ``>`` and ``&`` are escaped.
The same graph always gives the same bytes.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from .drawing import VIEWS, view_makers
from .errors import ClusterKGError
from .layout import fit_for_browser
from .overview import cluster_rows, plan_sections
from .resources import templates_dir

VIS_DIR = "templates/lib/vis-9.1.2"  # inside the pyvis package
LAYOUT_SEED = 7
DATA_SLOT = "<clusterkg-view-data/>"  # where a view's data goes in its page (escaped text cannot read so)
JSON_SLICE = 1000  # nodes or edges encoded at a time


@dataclass(frozen=True)
class ViewCard:
    """What the overview says of a view: its page, title, what it shows, and its size."""

    file: str
    title: str
    intro: str
    node_count: int
    edge_count: int


def _vis_assets() -> tuple[str, str]:
    """vis-network's script and style from the pyvis package, made safe to inline."""
    lib = resources.files("pyvis").joinpath(VIS_DIR)
    try:
        script = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
        style = lib.joinpath("vis-network.css").read_text(encoding="utf-8")
    except OSError as exc:
        raise ClusterKGError(f"vis-network not found in the pyvis package ({exc}); reinstall pyvis==0.3.2") from exc
    script = re.sub(r"//# sourceMappingURL=\S+", "", script)
    if "</script" in script.lower() or "</style" in style.lower():
        raise ClusterKGError("vis-network's files cannot be inlined safely (they close their own tag)")
    return script, style


def _json_block(value) -> str:
    """JSON to sit in a ``<script type="application/json">``: no character can end the block."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _json_parts(data: dict) -> Iterator[str]:
    """:func:`_json_block` of ``data`` in pieces, each list value a slice of items at a time, so that the
    data of a large view never sits in memory as one text (the pieces join to the same text)."""
    if not data:
        yield "{}"
        return
    for i, (key, value) in enumerate(data.items()):
        yield ("," if i else "{") + _json_block(key) + ":"
        if isinstance(value, list):
            yield "["
            for at in range(0, len(value), JSON_SLICE):
                yield ("," if at else "") + _json_block(value[at:at + JSON_SLICE])[1:-1]
            yield "]"
        else:
            yield _json_block(value)
    yield "}"


# -- Writing pages ----

def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(str(templates_dir())), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def _options() -> dict:
    return {
        "autoResize": True,
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": True},
        "physics": {
            "enabled": True, "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -160, "centralGravity": 0.015, "springLength": 150,
                                 "springConstant": 0.05, "damping": 0.5, "avoidOverlap": 1},
            "stabilization": {"enabled": True, "iterations": 800, "updateInterval": 100, "fit": True},
            "minVelocity": 1.0, "maxVelocity": 40,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": False, "navigationButtons": False,
                        "keyboard": False, "multiselect": False},
        "nodes": {"shape": "dot", "font": {"face": "system-ui, sans-serif", "strokeWidth": 4,
                                           "strokeColor": "#ffffff"},
                  "widthConstraint": {"maximum": 190}},
        "edges": {"smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
                  "selectionWidth": 2, "hoverWidth": 1.5},
    }


def _pages(store: ox.Store, typed=None, bipartite=None) -> Iterator[tuple[str, Iterable[str]]]:
    """(file name, the page's HTML in parts) of each view, then of the overview. One view's nodes and
    edges are alive at a time, and its data (the largest part) is made a slice at a time as it is used."""
    from markupsafe import Markup

    from .network import typed_network
    from .sharing import plan_groups

    if typed is None:
        typed = typed_network(store)
    env = _environment()
    clusters = cluster_rows(store)
    groups = plan_groups(typed)
    script, style = _vis_assets()
    menu = [{"file": "index.html", "title": "Overview"}] + [{"file": f, "title": VIEWS[f][0]} for f in VIEWS]
    cards = []
    for make_view in view_makers(typed, clusters, groups, bipartite):
        view = make_view()
        cards.append(ViewCard(view.file, view.title, view.intro, len(view.nodes), len(view.edges)))
        # above a node limit, positions are computed here and physics is off (or plans are folded)
        fitted = fit_for_browser(view.nodes, view.edges, _options(), groups)
        view = replace(view, nodes=[], edges=[])  # what is drawn is in fitted now
        data = _json_parts({"nodes": fitted.nodes, "edges": fitted.edges, "options": fitted.options})
        page = env.get_template("view.html").render(
            menu=menu, current=view.file, view=view, data=Markup(DATA_SLOT), note=fitted.note, layout=fitted.mode,
            vis_script=Markup(script), vis_style=Markup(style))
        del fitted
        if page.count(DATA_SLOT) != 1:
            raise ClusterKGError(f"the view template must hold the view's data once ({view.file})")
        head, tail = page.split(DATA_SLOT)
        del page
        yield view.file, itertools.chain((head,), data, (tail,))
        del data
    yield "index.html", (env.get_template("index.html").render(
        menu=menu, current="index.html", views=cards, plans=plan_sections(store, clusters)),)


def render_views(store: ox.Store, typed=None, bipartite=None) -> dict[str, str]:
    """Every page of the views of the graph in ``store`` as text: file name -> HTML (index.html first).
    ``typed``: the store's :func:`clusterkg.network.typed_network`, and ``bipartite``, its
    :func:`clusterkg.network.bipartite_network`, when the caller already has them."""
    pages = {name: "".join(parts) for name, parts in _pages(store, typed, bipartite)}
    return {"index.html": pages.pop("index.html"), **pages}


def _write_parts(path: Path, parts: Iterable[str]) -> Path:
    """``parts`` to ``path`` as UTF-8, one at a time."""
    with open(path, "wb") as out:
        for part in parts:
            out.write(part.encode("utf-8"))
    return path


def write_views(store: ox.Store, out_dir, typed=None, bipartite=None) -> list[Path]:
    """Write index.html and the five network views of the graph in ``store`` to ``out_dir``; returns
    their paths. ``typed`` and ``bipartite``: the store's networks, when the caller already has them (as
    for :func:`render_views`). Each page goes to a staging file as soon as it is made (so no page waits
    in memory), and the pages replace those in ``out_dir`` only once every one is made: a failure leaves
    the folder's pages as they were."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ClusterKGError(f"{out_dir}: not a folder")
    staged: dict[str, Path] = {}
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, parts in _pages(store, typed, bipartite):
            staged[name] = _write_parts(out_dir / f".{name}.staged", parts)
            del parts  # before the next page is made
        written = [out_dir / name for name in ["index.html", *(n for n in staged if n != "index.html")]]
        for path in written:
            os.replace(staged.pop(path.name), path)
        return written
    except OSError as exc:
        raise ClusterKGError(f"{out_dir}: cannot write the views ({exc.strerror or exc})") from exc
    finally:
        for path in staged.values():  # left only by a failure
            path.unlink(missing_ok=True)
