"""What each view draws: vis-network nodes and edges made from the typed network (pyvis's ``Node`` and
``Edge`` classes, through :class:`clusterkg.views.visnetwork.VisNetwork`), their tooltips and the tables that
give the same in text (:mod:`clusterkg.views.viewtext`).

A node is labelled with a cluster's short name where space is short; its tooltip and the tables give
full names. Node size and "Touches clusters (n)" count the clusters linked to a node by a relation, as the
stored queries and the summary do; a place named only in a bullet's text is drawn with a dashed line and
not counted.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from clusterkg.views.layout import NODE_LIMIT, folds_plans
from clusterkg.views.viewtext import (
    KIND_NAMES,
    LINK_HEADERS,
    MENTIONS,
    NODE_HEADERS,
    RELATION_WORDS,
    Link,
    Table,
    cluster_title,
    link_rows,
    link_title,
    make_link,
    node_rows,
    resource_title,
)
from clusterkg.views.visnetwork import VisNetwork

# kind -> (colour, border, legend label), in legend order (Okabe-Ito colours)
KIND_STYLE = {kind: (fill, border, KIND_NAMES[kind]) for kind, fill, border in (
    ("cluster", "#0072B2", "#004a75"), ("lever", "#E69F00", "#9a6a00"), ("place", "#009E73", "#006b4e"),
    ("organisation", "#CC79A7", "#8f4f74"), ("asset", "#D55E00", "#8f3f00"), ("programme", "#56B4E9", "#2b7fae"),
    ("event", "#F0E442", "#9c9300"))}
KIND_ORDER = {kind: i for i, kind in enumerate(KIND_STYLE)}
N_MENTIONS = MENTIONS
ALL_LABELLED = 40  # in a view of at most this many nodes every node is a hub (its label in the darker ink)

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
                        "A link for each pair of clusters that share a lever, place or organisation (at first, "
                        "each cluster's two most alike). The number on a link: how alike the two are (the share "
                        "of levers, places and organisations in common); width: how many they share. Colour: "
                        "groups of clusters that share most."),
}


@dataclass
class View:
    """What one page draws: its file, title and intro, vis nodes and edges, its legend, whether it draws
    text-only links (dashed), and its tables."""

    file: str
    title: str
    intro: str
    nodes: list[dict]
    edges: list[dict]
    legend: list[dict] = field(default_factory=list)
    text_links: int = 0  # links drawn dashed: a place named only in a bullet's text
    tables: list[Table] = field(default_factory=list)
    shown_pairs: int | None = None  # similarity: each cluster's this many most alike pairs are shown at first
    method: str | None = None  # how a measure the view draws is worked out (one click away on the page)


def _size(clusters: int, kind: str) -> int:
    return 22 if kind == "cluster" else min(30, 8 + 3 * clusters)


def _add_node(net: VisNetwork, node_id: str, attrs: dict, title: str, clusters: int, legend: str | None = None,
              colour=None, labelled: bool = False) -> None:
    """A node of ``attrs["kind"]``, labelled at any zoom; a ``hub`` if a cluster, shared by two or more
    clusters, or ``labelled`` (a small view)."""
    kind = attrs["kind"]
    fill, border, _ = KIND_STYLE[kind]
    if colour is not None:
        fill, border = colour, "#333333"
    hub = kind == "cluster" or clusters >= 2 or labelled
    net.add_node(node_id, attrs.get("short_label") or attrs["label"],
                 {"background": fill, "border": border, "highlight": {"background": fill, "border": "#111111"},
                  "hover": {"background": fill, "border": "#111111"}},
                 title=title, name=attrs["label"], kind=kind, legend=legend or kind, clusters=clusters, hub=hub,
                 size=_size(clusters, kind), borderWidth=2,
                 font={"size": 15 if kind == "cluster" else 13, "color": "#1b1f24"})


def _links_by_relation(typed) -> dict[str, list[tuple]]:
    """relation -> its ``(cluster, resource, statements)`` edges, from one pass over the typed network."""
    links: dict[str, list[tuple]] = {}
    for source, target, name, statements in typed.edges(keys=True, data="statements"):
        links.setdefault(name, []).append((source, target, statements))
    return links


def _linked_pairs(links: dict, relations: set[str]) -> dict[tuple[str, str], dict]:
    """(cluster, resource) -> {relation: the statements behind it} for the ``relations`` given."""
    pairs: dict[tuple[str, str], dict] = {}
    for name in relations:
        for source, target, statements in links.get(name, ()):
            pairs.setdefault((source, target), {})[name] = statements
    return pairs


def _tabled_clusters(nodes: dict, clusters: set, first_plan: str | None, large: bool) -> tuple[set, str | None]:
    """The clusters whose links a view's tables list, and a note when that is not all of them: a view too
    large to draw in full lists those of the first plan only."""
    if not large or first_plan is None:
        return clusters, None
    kept = {c for c in clusters if nodes[c].get("plan") == first_plan}
    plan = next((nodes[c].get("plan") for c in kept), first_plan)
    return kept, (f"The tables list the links of the first plan's clusters ({plan}); the view has "
                  f"{len(clusters):,} clusters in all.")


def _pair_tables(nodes: dict, links: list[Link], drawn: list[str], note: str | None) -> list[Table]:
    label = {n: nodes[n]["label"] for n in drawn}
    kind = {n: nodes[n]["kind"] for n in drawn}
    short = {n: nodes[n].get("short_label") or nodes[n]["label"] for n in drawn}
    return [Table("nodes-table", "Nodes other than clusters", NODE_HEADERS,
                  node_rows(links, drawn, label, kind, short), (2,), note),
            Table("links-table", "Links, with the source bullets behind each", LINK_HEADERS,
                  link_rows(links, label, kind))]


def _pair_view(nodes: dict, links: dict, growth: dict, file: str, relations: set[str], kept=None,
               every_node: bool = False, groups: dict | None = None, first_plan: str | None = None) -> View:
    """Clusters and the resources linked to them by ``relations`` (those in ``kept``, if given; with
    ``every_node``, every node); one drawn edge per pair. ``nodes``: node id -> attributes of the typed
    network; ``links``: its :func:`_links_by_relation`; ``groups``: its plan groups, if the page may fold
    plans (then only what folding reads is made for the nodes and edges it folds)."""
    pairs = _linked_pairs(links, relations)
    if every_node:
        kept = {n for n, d in nodes.items() if d["kind"] != "cluster"}
    elif kept is None:
        kept = {t for _, t in pairs}
    pairs = {p: v for p, v in sorted(pairs.items()) if p[1] in kept}
    clusters = {s for s, _ in pairs}
    if every_node:
        clusters |= {n for n, d in nodes.items() if d["kind"] == "cluster"}
    tabled, note = _tabled_clusters(nodes, clusters, first_plan, len(clusters) + len(kept) > NODE_LIMIT)
    net = VisNetwork()
    folded: set = set()
    if groups is not None and folds_plans(len(clusters) + len(kept)):
        # each plan is drawn as one node: of what it folds, only the id and kind are made, and the edges bare
        folded = {n for n in clusters | kept if groups.get(n) is not None}
        for n in sorted(folded):
            net.add_folded_node(n, nodes[n]["kind"])
    # the links of the nodes drawn in full and of the clusters tabled
    drawn_links = [make_link(s, t, by) for (s, t), by in pairs.items() if s in tabled or t not in folded]
    _draw_nodes(net, nodes, drawn_links, clusters - folded, kept - folded, growth)
    if folded:
        for s, t in pairs:
            net.add_edge(s, t)
    else:
        for link in drawn_links:
            _draw_link(net, nodes, link)
    by_kind = _kind_order(nodes)
    tabled_links = [link for link in drawn_links if link.cluster in tabled]
    drawn = sorted({n for link in tabled_links for n in (link.cluster, link.target)}
                   | (kept if note is None else set()), key=by_kind)
    text_links = sum(1 for link in drawn_links if link.text_only)
    return View(file, *VIEWS[file], net.nodes, net.edges, _kind_legend(net.nodes), text_links,
                _pair_tables(nodes, tabled_links, drawn, note))


def _draw_link(net: VisNetwork, nodes: dict, link: Link) -> None:
    s, t = link.cluster, link.target
    fill = KIND_STYLE[nodes[t]["kind"]][0]
    net.add_edge(s, t, id=f"{s}|{t}", relations=list(link.relations), width=1.5 if link.text_only else 2,
                 title=link_title(nodes[s]["label"], nodes[t]["label"], link),
                 color={"color": fill, "highlight": "#111111", "hover": "#111111", "opacity": 0.8},
                 dashes=link.text_only)  # named in the text only: dashed


def _draw_nodes(net: VisNetwork, nodes: dict, links: list[Link], clusters: set, kept: set, growth: dict) -> None:
    """The clusters, then the resources, by kind and label, each with its links and the bullets behind them
    (``links``: those of the nodes drawn in full)."""
    by_kind = _kind_order(nodes)
    labelled = len(clusters) + len(kept) <= ALL_LABELLED
    of_node: dict[str, list[Link]] = {}
    for link in links:
        of_node.setdefault(link.cluster, []).append(link)
        of_node.setdefault(link.target, []).append(link)
    for n in sorted(clusters, key=by_kind) + sorted(kept, key=by_kind):
        attrs = nodes[n]
        mine = of_node.get(n, [])
        if attrs["kind"] == "cluster":
            linked = [(nodes[k.target]["label"], nodes[k.target]["kind"], k)
                      for k in sorted(mine, key=lambda k: by_kind(k.target))]
            _add_node(net, n, attrs, cluster_title(attrs["label"], growth.get(attrs["iri"]), linked), 1,
                      labelled=labelled)
        else:
            mine = sorted(mine, key=lambda k: by_kind(k.cluster))
            title = resource_title(attrs["label"], attrs["kind"], [(nodes[k.cluster]["label"], k) for k in mine])
            _add_node(net, n, attrs, title, sum(1 for k in mine if not k.text_only), labelled=labelled)


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


def view_makers(typed, clusters: list[dict], groups: dict | None = None, bipartite=None) -> list:
    """A function making each of the five network views, in menu order; what they share is made once
    (``bipartite``: the typed network's bipartite network, when the caller already has it)."""
    from clusterkg.model.terms import node_id
    from clusterkg.network.measures import bipartite_network
    from clusterkg.network.sharing import shared_resources
    from clusterkg.views.similarity_view import similarity_view

    growth = {r["id"]: r for r in clusters}
    nodes = dict(typed.nodes(data=True))
    links = _links_by_relation(typed)
    if bipartite is None:
        bipartite = bipartite_network(typed)
    shared_entities = {s.id for s in shared_resources(bipartite) if s.group == "entity"}
    first_plan = node_id(clusters[0]["plan"]) if clusters and clusters[0]["plan"] else None
    pair_view = functools.partial(_pair_view, nodes, links, growth, groups=groups, first_plan=first_plan)
    return [
        functools.partial(pair_view, "graph.html", set(RELATION_WORDS), every_node=True),
        functools.partial(pair_view, "levers.html", {"usesLever"}),
        functools.partial(pair_view, "shared-entities.html", {"involves"}, kept=shared_entities),
        functools.partial(pair_view, "places.html", {"locatedIn"}),
        functools.partial(similarity_view, bipartite, growth, groups, first_plan),
    ]


def build_views(typed, clusters: list[dict], groups: dict | None = None) -> list[View]:
    """The five network views of the typed network, in menu order. ``clusters``: the store's
    :func:`clusterkg.views.overview.cluster_rows` (growth, for the clusters' tooltips); ``groups``: the typed
    network's :func:`clusterkg.network.measures.plan_groups` when the views go to pages (a page too large to
    draw folds each plan into one node, and what it folds is made with only what folding reads)."""
    return [make_view() for make_view in view_makers(typed, clusters, groups)]
