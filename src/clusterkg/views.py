"""Interactive HTML views of what the clusters share: vis-network pages that work offline.

pyvis assembles each view's nodes and edges; the page is our own template (``viz/templates/``) with
vis-network's script and style (shipped inside pyvis) inlined, so a page makes no network request.
All data text is escaped by the template or drawn by vis as plain text; the view data travels as a
JSON block whose ``<``, ``>`` and ``&`` are escaped. The same graph always gives the same bytes.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from .errors import ClusterKGError
from .fileio import atomic_write
from .gcpause import gc_paused
from .resources import templates_dir
from .vocab import GROW

VIS_DIR = "templates/lib/vis-9.1.2"  # inside the pyvis package
LAYOUT_SEED = 7

# kind -> (colour, border, legend label), in legend order (Okabe-Ito colours)
KIND_STYLE = {
    "cluster": ("#0072B2", "#004a75", "Cluster"),
    "lever": ("#E69F00", "#9a6a00", "Lever"),
    "place": ("#009E73", "#006b4e", "Place"),
    "organisation": ("#CC79A7", "#8f4f74", "Organisation"),
    "asset": ("#D55E00", "#8f3f00", "Asset"),
    "programme": ("#56B4E9", "#2b7fae", "Programme"),
    "event": ("#F0E442", "#9c9300", "Event"),
}
COMMUNITY_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
N_MENTIONS = "mentions"  # network.MENTIONS, without importing networkx here
RELATION_WORDS = {
    "usesLever": "uses lever",
    "locatedIn": "is located in",
    "ledBy": "is led by",
    "hasAsset": "has asset",
    "involves": "involves",
    "mentions": "mentions (in its text)",
}

# file -> (title, what the view shows)
VIEWS = {
    "graph.html": ("The whole graph",
                   "Every cluster with its levers, places, organisations, assets, programmes and events. "
                   "Node size: how many clusters a node touches."),
    "levers.html": ("Clusters and levers", "The plan's levers and the clusters that use them."),
    "shared-entities.html": ("Shared organisations, assets, programmes and events",
                             "Organisations, assets, programmes and events named by two or more clusters."),
    "places.html": ("Clusters and places", "The places each cluster sits in (its places section)."),
    "similarity.html": ("How alike the clusters are",
                        "A link for each pair of clusters that share a lever, place or entity; "
                        "width: how much they share. Colour: community (Louvain, fixed seed)."),
}


@dataclass
class View:
    """One page: vis nodes and edges, and its legend."""

    file: str
    title: str
    intro: str
    nodes: list[dict]
    edges: list[dict]
    legend: list[dict] = field(default_factory=list)


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


def _money(value) -> str:
    return f"£{float(value) / 1e6:,.0f}m"


def _range(low, high, fmt) -> str:
    return fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"


def _jobs(value) -> str:
    return f"{int(value):,}"


def cluster_rows(graph: Graph) -> list[dict]:
    """The clusters in page order with their growth opportunity, for tables and tooltips."""
    rows = []
    for cluster in graph.subjects(None, GROW.Cluster):
        growth = graph.value(cluster, GROW.hasGrowthOpportunity)
        get = lambda p: graph.value(growth, p)  # noqa: E731
        year = get(GROW.targetYear)
        rows.append({
            "id": str(cluster), "line": int(graph.value(cluster, GROW.sourceLine) or 0),
            "label": str(graph.value(cluster, RDFS.label)),
            "output": (get(GROW.minOutputGBP).toPython(), get(GROW.maxOutputGBP).toPython()),
            "jobs": (int(get(GROW.minJobs)), int(get(GROW.maxJobs))),
            "benchmark": str(graph.value(get(GROW.benchmark), RDFS.label) or ""),
            "year": str(year) if year is not None else "",
        })
    rows.sort(key=lambda r: (r["line"], r["id"]))
    for r in rows:
        r["output_text"] = _range(*r["output"], _money)
        r["jobs_text"] = _range(*r["jobs"], _jobs)
    return rows


# -- Building the views ----

@functools.cache
def _network_class():
    """pyvis's Network with ``add_node``/``add_edge`` that look ids up in a dict and a set: pyvis 0.3.2
    scans every node and edge on each call, so large views grew with the square of their edges. The
    node and edge dicts are pyvis's own, in the same order. (pyvis loads on first use.)"""
    from pyvis.edge import Edge
    from pyvis.network import Network
    from pyvis.node import Node

    class LinearNetwork(Network):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._edge_keys: set = set()

        def add_node(self, n_id, label=None, shape="dot", color="#97c2fc", **options):
            if n_id not in self.node_map:  # what pyvis's add_node does, without its scan of node_ids
                if "group" not in options:
                    options = {"color": color, **options}
                node = Node(n_id, shape, label=label or n_id, font_color=self.font_color, **options).options
                self.nodes.append(node)
                self.node_ids.append(n_id)
                self.node_map[n_id] = node

        def add_edge(self, source, to, **options):
            if source not in self.node_map or to not in self.node_map:
                raise ClusterKGError(f"an edge between unknown nodes: {source} -> {to}")
            key = (source, to) if self.directed else frozenset((source, to))
            if key not in self._edge_keys:
                self._edge_keys.add(key)
                self.edges.append(Edge(source, to, self.directed, **options).options)

    return LinearNetwork


def _network():
    return _network_class()(directed=False)


def _size(clusters: int, kind: str) -> int:
    return 30 if kind == "cluster" else 10 + 4 * clusters


def _node(net, node_id: str, attrs: dict, title: str, clusters: int, legend: str | None = None, colour=None):
    kind = attrs["kind"]
    fill, border, _ = KIND_STYLE[kind]
    if colour is not None:
        fill, border = colour, "#333333"
    big = kind == "cluster" or clusters >= 2
    net.add_node(node_id, label=attrs["label"], title=title, kind=kind, legend=legend or kind, clusters=clusters,
                 size=_size(clusters, kind), shape="dot", borderWidth=2,
                 color={"background": fill, "border": border,
                        "highlight": {"background": fill, "border": "#111111"},
                        "hover": {"background": fill, "border": "#111111"}},
                 font={"size": 16 if kind == "cluster" else (14 if big else 11),
                       "color": "#1b1f24" if big else "#4a525c"})


def _edge_title(a: str, b: str, relations: list[str], statements) -> str:
    words = ", ".join(RELATION_WORDS[r] for r in relations)
    lines = [f"{a} {words} {b}"]
    if statements:
        lines.append("")
        lines += [f"line {line}: {text}" for line, text in statements]
    return "\n".join(lines)


def _node_title(attrs: dict, neighbours: list[str], growth: dict | None, what: str) -> str:
    lines = [attrs["label"], KIND_STYLE[attrs["kind"]][2]]
    if growth:
        year = f" by {growth['year']}" if growth["year"] else ""
        lines[1] += f" · a further {growth['output_text']} of output and {growth['jobs_text']} jobs{year}"
    lines.append("")
    lines.append(f"{what} ({len(neighbours)}):")
    lines += [f"• {n}" for n in neighbours]
    return "\n".join(lines)


def _kind_order(attrs: dict):
    return (list(KIND_STYLE).index(attrs["kind"]), attrs["label"])


def _pair_view(typed, growth: dict, file: str, relations: set[str], keep=None, every_node: bool = False) -> View:
    """Clusters and the resources linked to them by ``relations`` (those ``keep(attrs, n_clusters)`` accepts;
    with ``every_node``, every node of ``typed``); one drawn edge per pair."""
    pairs: dict[tuple[str, str], dict] = {}
    for source, target, name, attrs in typed.edges(keys=True, data=True):
        if name in relations:
            pair = pairs.setdefault((source, target), {"relations": [], "statements": set()})
            pair["relations"].append(name)
            pair["statements"].update(attrs["statements"])
    touched: dict[str, set] = {}
    for source, target in pairs:
        touched.setdefault(target, set()).add(source)
    if every_node:
        kept = {n for n, d in typed.nodes(data=True) if d["kind"] != "cluster"}
    else:
        kept = {t for t, cs in touched.items() if keep is None or keep(typed.nodes[t], len(cs))}
    pairs = {p: v for p, v in sorted(pairs.items()) if p[1] in kept}
    clusters = {s for s, _ in pairs}
    if every_node:
        clusters |= {n for n, d in typed.nodes(data=True) if d["kind"] == "cluster"}
    net = _network()
    neighbours: dict[str, list] = {}
    for s, t in pairs:
        neighbours.setdefault(s, []).append(t)
        neighbours.setdefault(t, []).append(s)
    def by_kind(n):
        return _kind_order(typed.nodes[n])

    for n in sorted(clusters, key=by_kind) + sorted(kept, key=by_kind):
        attrs = typed.nodes[n]
        names = [typed.nodes[m]["label"] for m in sorted(neighbours.get(n, []), key=by_kind)]
        what = "Linked here to" if attrs["kind"] == "cluster" else "Touches clusters"
        n_clusters = 1 if attrs["kind"] == "cluster" else len(touched.get(n, ()))
        _node(net, n, attrs, _node_title(attrs, names, growth.get(attrs["iri"]), what), n_clusters)
    for (s, t), pair in pairs.items():
        rels = sorted(pair["relations"], key=list(RELATION_WORDS).index)
        fill = KIND_STYLE[typed.nodes[t]["kind"]][0]
        net.add_edge(s, t, id=f"{s}|{t}", relations=rels, width=1.5 if rels == [N_MENTIONS] else 2,
                     title=_edge_title(typed.nodes[s]["label"], typed.nodes[t]["label"], rels,
                                       sorted(pair["statements"])),
                     color={"color": fill, "highlight": "#111111", "hover": "#111111", "opacity": 0.55},
                     dashes=rels == [N_MENTIONS])  # named in the text only: dashed
    return View(file, *VIEWS[file], net.nodes, net.edges, _kind_legend(net.nodes))


def _kind_legend(nodes: list[dict]) -> list[dict]:
    counts = {}
    for n in nodes:
        counts[n["kind"]] = counts.get(n["kind"], 0) + 1
    return [{"key": k, "label": label, "colour": fill, "border": border, "count": counts[k]}
            for k, (fill, border, label) in KIND_STYLE.items() if k in counts]


def _similarity_view(bipartite, growth: dict) -> View:
    from .network import GROUPS, cluster_projection, communities

    projection = cluster_projection(bipartite)
    groups = communities(projection)
    community = {c: i for i, members in enumerate(groups) for c in members}
    label = {n: d["label"] for n, d in bipartite.nodes(data=True)}
    net = _network()
    for n in sorted(projection, key=lambda n: label[n]):
        attrs = projection.nodes[n]
        alike = sorted(projection[n].items(), key=lambda kv: (-kv[1]["jaccard"], label[kv[0]]))
        names = [f"{label[m]} (shares {d['weight']}, Jaccard {d['jaccard']:.2f})" for m, d in alike]
        i = community.get(n, 0)
        _node(net, n, attrs, _node_title(attrs, names, growth.get(attrs["iri"]), "Shares something with"), 1,
              legend=f"community-{i + 1}", colour=COMMUNITY_COLOURS[i % len(COMMUNITY_COLOURS)])
    heaviest = max((d["weight"] for *_, d in projection.edges(data=True)), default=1)
    headings = {"lever": "Levers", "place": "Places", "entity": "Organisations, assets, programmes and events"}
    for a, b, d in sorted(projection.edges(data=True), key=lambda e: (e[0], e[1])):
        lines = [f"{label[a]} and {label[b]}", f"share {d['weight']} (Jaccard similarity {d['jaccard']:.2f})"]
        for g in GROUPS:
            if d[f"shared_{g}"]:
                lines += ["", f"{headings[g]}:"] + [f"• {label[r]}" for r in sorted(d[f"shared_{g}"], key=label.get)]
        net.add_edge(a, b, id=f"{a}|{b}", width=1 + 1.6 * (d["weight"] - 1), title="\n".join(lines),
                     length=round(140 + 360 * (1 - d["weight"] / heaviest)),  # the more shared, the closer
                     weight=d["weight"], color={"color": "#6b7785", "highlight": "#111111", "hover": "#111111",
                                                "opacity": min(0.9, 0.3 + 0.1 * d["weight"])})
    legend = [{"key": f"community-{i + 1}", "label": f"Community {i + 1}",
               "colour": COMMUNITY_COLOURS[i % len(COMMUNITY_COLOURS)], "border": "#333333", "count": len(members)}
              for i, members in enumerate(groups)]
    return View("similarity.html", *VIEWS["similarity.html"], net.nodes, net.edges, legend)


def build_views(graph: Graph, clusters: list[dict] | None = None) -> list[View]:
    """The five network views of ``graph``, in menu order (``clusters``: its :func:`cluster_rows`, if
    already read)."""
    from .network import ENTITY_KINDS, bipartite_network, typed_network

    growth = {r["id"]: r for r in (clusters if clusters is not None else cluster_rows(graph))}
    typed = typed_network(graph)
    return [
        _pair_view(typed, growth, "graph.html", set(RELATION_WORDS), every_node=True),
        _pair_view(typed, growth, "levers.html", {"usesLever"}),
        _pair_view(typed, growth, "shared-entities.html", {"involves"},
                   keep=lambda attrs, n: attrs["kind"] in ENTITY_KINDS and n >= 2),
        _pair_view(typed, growth, "places.html", {"locatedIn"}),
        _similarity_view(bipartite_network(graph, typed=typed), growth),
    ]


def plan_sections(graph: Graph, clusters: list[dict] | None = None) -> list[dict]:
    """Per plan (in the order of its first cluster on the page): its clusters with their growth
    opportunity and totals, its levers (most used first) and which cluster uses which. Each plan gets
    its own table, so the overview grows with the data, not with clusters times levers.
    ``clusters``: the graph's :func:`cluster_rows`, if already read."""
    uses: dict[str, set] = {}
    for cluster, lever in graph.subject_objects(GROW.usesLever):
        uses.setdefault(str(cluster), set()).add(str(lever))
    lever_labels = {str(lv): str(graph.value(lv, RDFS.label)) for lv in graph.subjects(None, GROW.Lever)}
    plans: dict[str, dict] = {}
    for row in clusters if clusters is not None else cluster_rows(graph):
        plan = graph.value(URIRef(row["id"]), GROW.partOfPlan)
        key = str(plan) if plan is not None else ""
        if key not in plans:
            label = graph.value(plan, RDFS.label) if plan is not None else None
            plans[key] = {"id": key, "label": str(label or key or "Clusters"), "clusters": []}
        plans[key]["clusters"].append(row)
    for plan in plans.values():
        rows = plan["clusters"]
        plan["totals"] = {f"{key}_text": _range(sum(r[key][0] for r in rows), sum(r[key][1] for r in rows), fmt)
                          for key, fmt in (("output", _money), ("jobs", _jobs))}
        # one plan: every lever, used or not; several: the levers the plan's clusters use
        counts: dict[str, int] = dict.fromkeys(lever_labels, 0) if len(plans) == 1 else {}
        for r in rows:
            for lever in uses.get(r["id"], ()):
                counts[lever] = counts.get(lever, 0) + 1
        plan["levers"] = sorted(({"id": lv, "label": lever_labels.get(lv, lv), "count": n} for lv, n in counts.items()),
                                key=lambda lv: (-lv["count"], lv["label"]))
        plan["lever_rows"] = [{"label": r["label"], "uses": [lv["id"] in uses.get(r["id"], ()) for lv in plan["levers"]]}
                              for r in rows]
    return list(plans.values())


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


@gc_paused
def render_views(graph: Graph) -> dict[str, str]:
    """Every page of the views as text: file name -> HTML."""
    from .layout import fit_for_browser, plan_groups

    env = _environment()
    clusters = cluster_rows(graph)
    views = build_views(graph, clusters)
    script, style = _vis_assets()
    from markupsafe import Markup

    menu = [{"file": "index.html", "title": "Overview"}] + [{"file": v.file, "title": v.title} for v in views]
    pages = {"index.html": env.get_template("index.html").render(
        menu=menu, current="index.html", views=views, plans=plan_sections(graph, clusters))}
    groups = plan_groups(graph)
    for view in views:
        # above a node limit, positions are computed here and physics is off (or plans are folded)
        fitted = fit_for_browser(view.nodes, view.edges, _options(), groups)
        data = {"nodes": fitted.nodes, "edges": fitted.edges, "options": fitted.options}
        pages[view.file] = env.get_template("view.html").render(
            menu=menu, current=view.file, view=view, data=Markup(_json_block(data)), note=fitted.note, layout=fitted.mode,
            vis_script=Markup(script), vis_style=Markup(style))
    return pages


def write_views(graph: Graph, out_dir) -> list[Path]:
    """Write index.html and the five network views of ``graph`` to ``out_dir``; returns their paths."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ClusterKGError(f"{out_dir}: not a folder")
    pages = render_views(graph)  # all rendered before any is written
    try:
        return [atomic_write(out_dir / name, html) for name, html in pages.items()]
    except OSError as exc:
        raise ClusterKGError(f"{out_dir}: cannot write the views ({exc.strerror or exc})") from exc
