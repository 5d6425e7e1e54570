"""Interactive HTML views of what the clusters share: vis-network pages that work offline.

Each view's nodes and edges are made by pyvis's ``Node`` and ``Edge`` classes from the typed network;
the page is our own template (``viz/templates/``) with vis-network's script and style (shipped inside
pyvis) inlined, so a page makes no network request. All data text is escaped by the template or drawn
by vis as plain text; the view data travels as a JSON block whose ``<``, ``>`` and ``&`` are escaped.
The same graph always gives the same bytes.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from .errors import ClusterKGError
from .fileio import atomic_write
from .layout import fit_for_browser, folds_plans
from .overview import cluster_rows, plan_sections
from .resources import templates_dir
from .visnetwork import VisNetwork

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
KIND_ORDER = {kind: i for i, kind in enumerate(KIND_STYLE)}
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
RELATION_ORDER = {name: i for i, name in enumerate(RELATION_WORDS)}

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


# -- Building the views ----

def _size(clusters: int, kind: str) -> int:
    return 30 if kind == "cluster" else 10 + 4 * clusters


def _add_node(net: VisNetwork, node_id: str, attrs: dict, title: str, clusters: int, legend: str | None = None,
              colour=None) -> None:
    kind = attrs["kind"]
    fill, border, _ = KIND_STYLE[kind]
    if colour is not None:
        fill, border = colour, "#333333"
    big = kind == "cluster" or clusters >= 2
    net.add_node(node_id, attrs["label"],
                 {"background": fill, "border": border, "highlight": {"background": fill, "border": "#111111"},
                  "hover": {"background": fill, "border": "#111111"}},
                 title=title, kind=kind, legend=legend or kind, clusters=clusters, size=_size(clusters, kind),
                 borderWidth=2, font={"size": 16 if kind == "cluster" else (14 if big else 11),
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


def _links_by_relation(typed) -> dict[str, list[tuple]]:
    """relation -> its ``(cluster, resource, statements)`` edges, from one pass over the typed network."""
    links: dict[str, list[tuple]] = {}
    for source, target, name, statements in typed.edges(keys=True, data="statements"):
        links.setdefault(name, []).append((source, target, statements))
    return links


def _linked_pairs(links: dict, relations: set[str]) -> dict[tuple[str, str], tuple[list, list]]:
    """(cluster, resource) -> (the relations that link them, the statements behind each link)."""
    pairs: dict[tuple[str, str], tuple[list, list]] = {}
    for name in RELATION_WORDS:
        for source, target, statements in links.get(name, ()) if name in relations else ():
            relation_names, texts = pairs.setdefault((source, target), ([], []))
            relation_names.append(name)
            texts.append(statements)
    return pairs


def _pair_view(nodes: dict, links: dict, growth: dict, file: str, relations: set[str], kept=None,
               every_node: bool = False, groups: dict | None = None) -> View:
    """Clusters and the resources linked to them by ``relations`` (those in ``kept``, if given; with
    ``every_node``, every node); one drawn edge per pair. ``nodes``: node id -> attributes of the typed
    network; ``links``: its :func:`_links_by_relation`; ``groups``: its plan groups, if the page may fold
    plans (then only what folding reads is made for the nodes and edges it folds)."""
    pairs = _linked_pairs(links, relations)
    touched: dict[str, set] = {}
    for source, target in pairs:
        touched.setdefault(target, set()).add(source)
    if every_node:
        kept = {n for n, d in nodes.items() if d["kind"] != "cluster"}
    elif kept is None:
        kept = set(touched)
    pairs = {p: v for p, v in sorted(pairs.items()) if p[1] in kept}
    clusters = {s for s, _ in pairs}
    if every_node:
        clusters |= {n for n, d in nodes.items() if d["kind"] == "cluster"}
    neighbours: dict[str, list] = {}
    for s, t in pairs:
        neighbours.setdefault(s, []).append(t)
        neighbours.setdefault(t, []).append(s)
    by_kind = _kind_order(nodes)
    fold = groups is not None and folds_plans(len(clusters) + len(kept))
    net = VisNetwork()
    for n in sorted(clusters, key=by_kind) + sorted(kept, key=by_kind):
        attrs = nodes[n]
        if fold and groups.get(n) is not None:  # folded into its plan's node: only what folding reads
            net.add_folded_node(n, attrs["kind"])
            continue
        names = [nodes[m]["label"] for m in sorted(neighbours.get(n, []), key=by_kind)]
        what = "Linked here to" if attrs["kind"] == "cluster" else "Touches clusters"
        n_clusters = 1 if attrs["kind"] == "cluster" else len(touched.get(n, ()))
        _add_node(net, n, attrs, _node_title(attrs, names, growth.get(attrs["iri"]), what), n_clusters)
    for (s, t), (relation_names, texts) in pairs.items():
        if fold:  # the page draws a count per pair of plans and shared nodes instead
            net.add_edge(s, t)
            continue
        rels = sorted(relation_names, key=RELATION_ORDER.get)
        fill = KIND_STYLE[nodes[t]["kind"]][0]
        statements = sorted({row for rows in texts for row in rows})
        net.add_edge(s, t, id=f"{s}|{t}", relations=rels, width=1.5 if rels == [N_MENTIONS] else 2,
                     title=_edge_title(nodes[s]["label"], nodes[t]["label"], rels, statements),
                     color={"color": fill, "highlight": "#111111", "hover": "#111111", "opacity": 0.55},
                     dashes=rels == [N_MENTIONS])  # named in the text only: dashed
    return View(file, *VIEWS[file], net.nodes, net.edges, _kind_legend(net.nodes))


def _kind_order(nodes: dict):
    """The sort key of node ids in a view: kind (legend order), label, id."""
    def key(n):
        attrs = nodes[n]
        return KIND_ORDER[attrs["kind"]], attrs["label"], n
    return key


def _kind_legend(nodes: list[dict]) -> list[dict]:
    counts = {}
    for n in nodes:
        counts[n["kind"]] = counts.get(n["kind"], 0) + 1
    return [{"key": k, "label": label, "colour": fill, "border": border, "count": counts[k]}
            for k, (fill, border, label) in KIND_STYLE.items() if k in counts]


def _similarity_edge_title(a: str, b: str, shared: dict, label: dict) -> str:
    from .network import GROUPS

    headings = {"lever": "Levers", "place": "Places", "entity": "Organisations, assets, programmes and events"}
    lines = [f"{label[a]} and {label[b]}", f"share {shared['weight']} (Jaccard similarity {shared['jaccard']:.2f})"]
    for g in GROUPS:
        if shared[f"shared_{g}"]:
            lines += ["", f"{headings[g]}:"] + [f"• {label[r]}" for r in sorted(shared[f"shared_{g}"], key=label.get)]
    return "\n".join(lines)


def _similarity_view(bipartite, growth: dict, groups: dict | None = None) -> View:
    from .network import cluster_projection, communities

    projection = cluster_projection(bipartite)
    communities_found = communities(projection)
    community = {c: i for i, members in enumerate(communities_found) for c in members}
    label = {n: d["label"] for n, d in bipartite.nodes(data=True)}
    fold = groups is not None and folds_plans(projection.number_of_nodes())
    net = VisNetwork()
    for n in sorted(projection, key=lambda n: (label[n], n)):
        attrs = projection.nodes[n]
        if fold and groups.get(n) is not None:
            net.add_folded_node(n, attrs["kind"])
            continue
        alike = sorted(projection[n].items(), key=lambda kv: (-kv[1]["jaccard"], label[kv[0]], kv[0]))
        names = [f"{label[m]} (shares {d['weight']}, Jaccard {d['jaccard']:.2f})" for m, d in alike]
        i = community.get(n, 0)
        _add_node(net, n, attrs, _node_title(attrs, names, growth.get(attrs["iri"]), "Shares something with"), 1,
                  legend=f"community-{i + 1}", colour=COMMUNITY_COLOURS[i % len(COMMUNITY_COLOURS)])
    heaviest = max((d["weight"] for *_, d in projection.edges(data=True)), default=1)
    for a, b, d in sorted(projection.edges(data=True), key=lambda e: (e[0], e[1])):
        if fold:
            net.add_edge(a, b)
            continue
        net.add_edge(a, b, id=f"{a}|{b}", width=1 + 1.6 * (d["weight"] - 1),
                     title=_similarity_edge_title(a, b, d, label),
                     length=round(140 + 360 * (1 - d["weight"] / heaviest)),  # the more shared, the closer
                     weight=d["weight"], color={"color": "#6b7785", "highlight": "#111111", "hover": "#111111",
                                                "opacity": min(0.9, 0.3 + 0.1 * d["weight"])})
    legend = [{"key": f"community-{i + 1}", "label": f"Community {i + 1}",
               "colour": COMMUNITY_COLOURS[i % len(COMMUNITY_COLOURS)], "border": "#333333", "count": len(members)}
              for i, members in enumerate(communities_found)]
    return View("similarity.html", *VIEWS["similarity.html"], net.nodes, net.edges, legend)


def _view_makers(typed, clusters: list[dict], groups: dict | None = None) -> list:
    """A function making each of the five network views, in menu order; what they share is made once."""
    from .network import bipartite_network
    from .sharing import shared_resources

    growth = {r["id"]: r for r in clusters}
    nodes = dict(typed.nodes(data=True))
    links = _links_by_relation(typed)
    bipartite = bipartite_network(typed)
    shared_entities = {s.id for s in shared_resources(bipartite) if s.group == "entity"}
    view = functools.partial(_pair_view, nodes, links, growth, groups=groups)
    return [
        functools.partial(view, "graph.html", set(RELATION_WORDS), every_node=True),
        functools.partial(view, "levers.html", {"usesLever"}),
        functools.partial(view, "shared-entities.html", {"involves"}, kept=shared_entities),
        functools.partial(view, "places.html", {"locatedIn"}),
        functools.partial(_similarity_view, bipartite, growth, groups),
    ]


def build_views(typed, clusters: list[dict], groups: dict | None = None) -> list[View]:
    """The five network views of the typed network, in menu order. ``clusters``: the store's
    :func:`clusterkg.overview.cluster_rows` (growth, for the clusters' tooltips); ``groups``: the typed
    network's :func:`clusterkg.network.plan_groups` when the views go to pages (a page too large to
    draw folds each plan into one node, and what it folds is made with only what folding reads)."""
    return [make_view() for make_view in _view_makers(typed, clusters, groups)]


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


def _pages(store: ox.Store, typed=None) -> Iterator[tuple[str, str]]:
    """(file name, HTML) of each view, then of the overview: one view's nodes and edges alive at a time."""
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
    for make_view in _view_makers(typed, clusters, groups):
        view = make_view()
        # above a node limit, positions are computed here and physics is off (or plans are folded)
        fitted = fit_for_browser(view.nodes, view.edges, _options(), groups)
        data = Markup(_json_block({"nodes": fitted.nodes, "edges": fitted.edges, "options": fitted.options}))
        page = env.get_template("view.html").render(
            menu=menu, current=view.file, view=view, data=data, note=fitted.note, layout=fitted.mode,
            vis_script=Markup(script), vis_style=Markup(style))
        cards.append(ViewCard(view.file, view.title, view.intro, len(view.nodes), len(view.edges)))
        del view, fitted, data
        yield cards[-1].file, page
    yield "index.html", env.get_template("index.html").render(
        menu=menu, current="index.html", views=cards, plans=plan_sections(store, clusters))


def render_views(store: ox.Store, typed=None) -> dict[str, str]:
    """Every page of the views of the graph in ``store`` as text: file name -> HTML (index.html first).
    ``typed``: the store's :func:`clusterkg.network.typed_network`, when the caller already has it."""
    pages = dict(_pages(store, typed))
    return {"index.html": pages.pop("index.html"), **pages}


def write_views(store: ox.Store, out_dir, typed=None) -> list[Path]:
    """Write index.html and the five network views of the graph in ``store`` to ``out_dir``; returns
    their paths. ``typed``: the store's typed network, when the caller already has it. Every page is
    rendered (and kept as UTF-8) before any is written."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ClusterKGError(f"{out_dir}: not a folder")
    pages = {name: html.encode("utf-8") for name, html in _pages(store, typed)}
    names = ["index.html"] + [name for name in pages if name != "index.html"]
    try:
        return [atomic_write(out_dir / name, pages[name]) for name in names]
    except OSError as exc:
        raise ClusterKGError(f"{out_dir}: cannot write the views ({exc.strerror or exc})") from exc
