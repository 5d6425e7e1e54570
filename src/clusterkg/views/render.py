"""Interactive HTML views of what the clusters share: vis-network pages that work offline.

Each view's nodes and edges are drawn from the typed network by :mod:`clusterkg.views.drawing`; the page is
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

from clusterkg.errors import ClusterKGError
from clusterkg.resources import templates_dir
from clusterkg.views.charts import CHARTS
from clusterkg.views.drawing import VIEWS, view_makers
from clusterkg.views.layout import fit_for_browser
from clusterkg.views.overview import cluster_rows, plan_sections

TYPE_CHECKING = False  # read by type checkers only; nothing below is imported at run time
if TYPE_CHECKING:
    import networkx as nx

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
            "forceAtlas2Based": {"gravitationalConstant": -240, "centralGravity": 0.012, "springLength": 190,
                                 "springConstant": 0.05, "damping": 0.5, "avoidOverlap": 1},
            "stabilization": {"enabled": True, "iterations": 800, "updateInterval": 100, "fit": True},
            "minVelocity": 1.0, "maxVelocity": 40,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": False, "navigationButtons": False,
                        "keyboard": False, "multiselect": False},
        "nodes": {"shape": "dot", "font": {"face": "system-ui, sans-serif", "strokeWidth": 4,
                                           "strokeColor": "#ffffff"},
                  "widthConstraint": {"maximum": 170}},
        "edges": {"smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
                  "selectionWidth": 2, "hoverWidth": 1.5},
    }


CHART_TEXT = {  # chart -> (title, text alternative of the picture)
    "growth": ("Growth opportunity of each cluster",
               "Bar chart: each cluster's further output and jobs, each bar from the low to the high figure, with the "
               "totals of all clusters. The table after it gives the same figures."),
    "levers": ("Which cluster uses which lever",
               "Heat map: a row per cluster, a column per lever, a filled cell with the number of source bullets for "
               "each lever a cluster uses, with the totals. The table after it gives the same counts."),
    "places": ("Which cluster sits in which place",
               "Heat map: a row per cluster, a column per place, a filled cell with the number of source bullets for "
               "each place a cluster sits in, a hatched cell for a place named only in a bullet's text, with the "
               "totals. The table after it gives the same counts."),
    "similarity": ("How alike the clusters are",
                   "Heat map: how alike each pair of clusters is (the share of levers, places and organisations "
                   "in common) and how many they share. The table after it gives the same numbers."),
    "map": ("Where the clusters are",
            "Map of the 16 local authority districts the profiles name, each shaded and numbered by how many "
            "clusters are located there. The table of places and map.html give the same."),
}


MAP_VIEW = ViewCard("map.html", "Where the clusters are",
                    "The 16 local authority districts the profiles name, each shaded by how many clusters are "
                    "located there (their places section). A district leads to its page; the table under the map "
                    "lists each district's clusters with the bullets that place them there.", 16, 0)


def _charts(data, tables: dict) -> dict[str, dict]:
    """What the overview says of each chart: its file names, title, text alternative and table."""
    return {name: {"name": name, "svg": f"charts/{name}.svg", "png": f"charts/{name}.png", "title": CHART_TEXT[name][0],
                   "alt": CHART_TEXT[name][1], "table": tables.get(name)} for name in CHARTS} if data else {}


def _group_legend(nodes: list[dict]) -> list[dict]:
    """The legend's line for the group nodes of a view (:func:`clusterkg.views.label_layout.group_leaves`)."""
    count = sum(1 for n in nodes if n.get("kind") == "group")
    return [{"key": "group", "label": "Groups: what one cluster alone links to (click to open)",
             "colour": "#ffffff", "border": "#545e69", "count": count}] if count else []


def _view_page(env, menu, view, fitted, script: str, style: str, site=None) -> Iterable[str]:
    """A view's page in parts: the template, with the view's data (made a slice at a time) in its slot."""
    from markupsafe import Markup

    data = _json_parts({"nodes": fitted.nodes, "edges": fitted.edges, "options": fitted.options})
    page = env.get_template("view.html").render(
        menu=menu, current=view.file, view=view, data=Markup(DATA_SLOT), note=fitted.note, layout=fitted.mode,
        vis_script=Markup(script), vis_style=Markup(style), site=site)
    if page.count(DATA_SLOT) != 1:
        raise ClusterKGError(f"the view template must hold the view's data once ({view.file})")
    head, tail = page.split(DATA_SLOT)
    return itertools.chain((head,), data, (tail,))


def _pages(store: ox.Store, typed=None, bipartite=None, charts=None, site=None) -> Iterator[tuple[str, Iterable[str]]]:
    """(file name, the page's HTML in parts) of each view, then of the overview. One view's nodes and
    edges are alive at a time, and its data (the largest part) is made a slice at a time as it is used.
    ``charts``: a list to which the overview's chart data is appended (for :func:`chart_files`);
    ``site``: see :func:`view_files`."""
    from clusterkg.network.measures import bipartite_network, typed_network
    from clusterkg.network.sharing import plan_groups
    from clusterkg.views.chartdata import chart_data, chart_tables
    from clusterkg.views.placemap import map_context

    if typed is None:
        typed = typed_network(store)
    if bipartite is None:
        bipartite = bipartite_network(typed)
    env = _environment()
    clusters = cluster_rows(store)
    groups = plan_groups(typed)
    script, style = _vis_assets()
    menu = [{"file": "index.html", "title": "Overview"}] + [{"file": f, "title": VIEWS[f][0]} for f in VIEWS] \
        + [{"file": "map.html", "title": "Map"}]
    cards = []
    for make_view in view_makers(typed, clusters, groups, bipartite):
        view = make_view()
        cards.append(ViewCard(view.file, view.title, view.intro, len(view.nodes), len(view.edges)))
        # above a node limit, positions are computed here and physics is off (or plans are folded)
        fitted = fit_for_browser(view.nodes, view.edges, _options(), groups)
        view = replace(view, nodes=[], edges=[], legend=view.legend + _group_legend(fitted.nodes))
        yield view.file, _view_page(env, menu, view, fitted, script, style, site)
        del fitted
    yield "map.html", (env.get_template("map.html").render(menu=menu, current="map.html", view=MAP_VIEW, site=site,
                                                         **map_context(typed)),)
    data = chart_data(typed, bipartite, clusters)
    if charts is not None:
        charts.append(data)
    yield "index.html", (env.get_template("index.html").render(
        menu=menu, current="index.html", views=cards, plans=plan_sections(store, clusters),
        charts=_charts(data, chart_tables(data) if data else {}), chart_plan=data.plan if data else "",
        plan_count=data.plans if data else 0, site=site),)


def render_views(store: ox.Store, typed=None, bipartite=None) -> dict[str, str]:
    """Every page of the views of the graph in ``store`` as text: file name -> HTML (index.html first).
    ``typed``: the store's :func:`clusterkg.network.measures.typed_network`, and ``bipartite``, its
    :func:`clusterkg.network.measures.bipartite_network`, when the caller already has them. The charts the
    overview shows are files of their own: :func:`view_files` gives them too."""
    pages = {name: "".join(parts) for name, parts in _pages(store, typed, bipartite)}
    return {"index.html": pages.pop("index.html"), **pages}


def chart_files(charts: list) -> dict[str, bytes]:
    """The overview's charts (``charts/NAME.svg`` and ``.png``) from the chart data :func:`_pages` found."""
    from clusterkg.views.chartcache import cached_chart_files
    from clusterkg.views.charts import CHART_FILES
    from clusterkg.views.charts import chart_files as draw

    if not charts or charts[0] is None:
        return {}
    return cached_chart_files(charts[0], list(CHART_FILES), draw)


def view_files(store: ox.Store, typed=None, bipartite=None, site: dict | None = None) -> dict[str, bytes]:
    """Every file of the views: the pages (as :func:`render_views` gives them, in UTF-8) and the overview's
    charts as SVG and PNG: path -> bytes. ``site``, when the views are part of the web site
    (:mod:`clusterkg.web.site`): ``query(key)`` gives the editor link behind a view or chart, ``home`` the
    home page's ways in, and each page gets the site's navigation marker (:mod:`clusterkg.web.sitenav`)."""
    charts: list = []
    files = {name: "".join(parts).encode("utf-8") for name, parts in _pages(store, typed, bipartite, charts, site)}
    files = {"index.html": files.pop("index.html"), **files}
    files.update(chart_files(charts))
    return files


def _write_parts(path: Path, parts: Iterable[str | bytes]) -> Path:
    """``parts`` to ``path`` (text as UTF-8), one at a time."""
    with open(path, "wb") as out:
        for part in parts:
            out.write(part if isinstance(part, bytes) else part.encode("utf-8"))
    return path


def write_views(store: ox.Store, out_dir: str | os.PathLike[str], typed: nx.MultiDiGraph | None = None,
                bipartite: nx.Graph | None = None) -> list[Path]:
    """Write index.html, the five network views and the overview's charts (``charts/NAME.svg`` and
    ``.png``) of the graph in ``store`` to ``out_dir``; returns their paths. ``typed`` and ``bipartite``:
    the store's networks, when the caller already has them (as for :func:`render_views`). Each file goes to
    a staging file as soon as it is made (so no page waits in memory), and the files replace those in
    ``out_dir`` only once every one is made: a failure leaves the folder as it was."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ClusterKGError(f"{out_dir}: not a folder")
    staged: dict[str, Path] = {}
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        charts: list = []
        for name, parts in _pages(store, typed, bipartite, charts):
            staged[name] = _write_parts(out_dir / f".{name}.staged", parts)
            del parts  # before the next page is made
        for name, body in chart_files(charts).items():
            staged[name] = _write_parts(out_dir / f".{name.replace('/', '-')}.staged", (body,))
        written = [out_dir / name for name in ["index.html", *(n for n in staged if n != "index.html")]]
        if any(name.startswith("charts/") for name in staged):
            (out_dir / "charts").mkdir(exist_ok=True)
        for name, path in zip(["index.html", *(n for n in staged if n != "index.html")], written):
            os.replace(staged.pop(name), path)
        return written
    except OSError as exc:
        raise ClusterKGError(f"{out_dir}: cannot write the views ({exc.strerror or exc})") from exc
    finally:
        for path in staged.values():  # left only by a failure
            path.unlink(missing_ok=True)
