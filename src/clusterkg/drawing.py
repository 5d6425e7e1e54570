"""What each view draws: vis-network nodes and edges made from the typed network (pyvis's ``Node`` and
``Edge`` classes, through :class:`clusterkg.visnetwork.VisNetwork`), with the text of their tooltips."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from .layout import folds_plans
from .visnetwork import VisNetwork

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
    """What one page draws: its file, title and intro, vis nodes and edges, and its legend."""

    file: str
    title: str
    intro: str
    nodes: list[dict]
    edges: list[dict]
    legend: list[dict] = field(default_factory=list)


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
    pairs = {p: v for p, v in pairs.items() if p[1] in kept}
    clusters = {s for s, _ in pairs}
    if every_node:
        clusters |= {n for n, d in nodes.items() if d["kind"] == "cluster"}
    net = VisNetwork()
    fold = groups is not None and folds_plans(len(clusters) + len(kept))
    if fold:  # each plan is drawn as one node: of what it folds, only the id and kind are read
        folded = {n for n in clusters | kept if groups.get(n) is not None}
        for n in sorted(folded):
            net.add_folded_node(n, nodes[n]["kind"])
        clusters, kept = clusters - folded, kept - folded
    else:
        pairs = dict(sorted(pairs.items()))
    _draw_nodes(net, nodes, pairs, clusters, kept, touched, growth)
    for (s, t), (relation_names, texts) in pairs.items():
        if fold:  # a count per pair of plans and shared nodes is drawn instead
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


def _draw_nodes(net: VisNetwork, nodes: dict, pairs: dict, clusters: set, kept: set, touched: dict,
                growth: dict) -> None:
    """The clusters, then the resources, by kind and label, each with the names of its linked nodes."""
    neighbours: dict[str, list] = {}
    for s, t in pairs:
        neighbours.setdefault(s, []).append(t)
        neighbours.setdefault(t, []).append(s)
    by_kind = _kind_order(nodes)
    for n in sorted(clusters, key=by_kind) + sorted(kept, key=by_kind):
        attrs = nodes[n]
        names = [nodes[m]["label"] for m in sorted(neighbours.get(n, []), key=by_kind)]
        what = "Linked here to" if attrs["kind"] == "cluster" else "Touches clusters"
        n_clusters = 1 if attrs["kind"] == "cluster" else len(touched.get(n, ()))
        _add_node(net, n, attrs, _node_title(attrs, names, growth.get(attrs["iri"]), what), n_clusters)


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


def _similarity_edge_title(a: str, b: str, edge: dict, label: dict) -> str:
    """The tooltip of a link between two clusters: how much they share, and what, by group."""
    from .network import GROUPS

    headings = {"lever": "Levers", "place": "Places", "entity": "Organisations, assets, programmes and events"}
    lines = [f"{label[a]} and {label[b]}", f"share {edge['weight']} (Jaccard similarity {edge['jaccard']:.2f})"]
    for g in GROUPS:
        if edge[f"shared_{g}"]:
            lines += ["", f"{headings[g]}:"] + [f"• {label[r]}" for r in sorted(edge[f"shared_{g}"], key=label.get)]
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


def view_makers(typed, clusters: list[dict], groups: dict | None = None, bipartite=None) -> list:
    """A function making each of the five network views, in menu order; what they share is made once
    (``bipartite``: the typed network's bipartite network, when the caller already has it)."""
    from .network import bipartite_network
    from .sharing import shared_resources

    growth = {r["id"]: r for r in clusters}
    nodes = dict(typed.nodes(data=True))
    links = _links_by_relation(typed)
    if bipartite is None:
        bipartite = bipartite_network(typed)
    shared_entities = {s.id for s in shared_resources(bipartite) if s.group == "entity"}
    pair_view = functools.partial(_pair_view, nodes, links, growth, groups=groups)
    return [
        functools.partial(pair_view, "graph.html", set(RELATION_WORDS), every_node=True),
        functools.partial(pair_view, "levers.html", {"usesLever"}),
        functools.partial(pair_view, "shared-entities.html", {"involves"}, kept=shared_entities),
        functools.partial(pair_view, "places.html", {"locatedIn"}),
        functools.partial(_similarity_view, bipartite, growth, groups),
    ]


def build_views(typed, clusters: list[dict], groups: dict | None = None) -> list[View]:
    """The five network views of the typed network, in menu order. ``clusters``: the store's
    :func:`clusterkg.overview.cluster_rows` (growth, for the clusters' tooltips); ``groups``: the typed
    network's :func:`clusterkg.network.plan_groups` when the views go to pages (a page too large to
    draw folds each plan into one node, and what it folds is made with only what folding reads)."""
    return [make_view() for make_view in view_makers(typed, clusters, groups)]
