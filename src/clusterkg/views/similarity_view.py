"""similarity.html: a node per cluster, a link per pair of clusters of a plan that share a lever, place or
entity (width: how many; at first only each cluster's :data:`SHOWN_PAIRS` most alike pairs, so the picture
is not a hairball), coloured by community; and the table of every pair."""

from __future__ import annotations

from clusterkg.network.report import jaccard_text
from clusterkg.views.drawing import VIEWS, View, _add_node
from clusterkg.views.layout import NODE_LIMIT, folds_plans
from clusterkg.views.viewtext import PAIR_HEADERS, TITLE_LIMIT, Table, growth_words
from clusterkg.views.visnetwork import VisNetwork

COMMUNITY_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
SHOWN_PAIRS = 2  # each cluster's this many most alike pairs are shown at first; a menu shows more
GROUP_HEADINGS = {"lever": "Levers", "place": "Places", "entity": "Organisations, assets, programmes and events"}


METHOD = ("How alike two clusters are: of the levers, places, organisations, assets, programmes and events either "
          "cluster links to, the share that both link to (the Jaccard index: what they share divided by what either "
          "has; 100% would mean they link to the same things). The groups of clusters that share most are found "
          "by the Louvain method on these links, weighted by how much each pair shares, with a fixed seed, so they "
          "are the same on every build. The stored query cluster-similarity gives the same numbers.")


def alike_text(shared: int, either: int) -> str:
    """How alike two clusters are, in plain words: a percentage, then the share as the stored query gives it."""
    value = jaccard_text(shared, either)
    return f"{round(100 * float(value))}% ({value})"


def pair_ranks(projection) -> dict[frozenset, int]:
    """Each pair of clusters -> its rank among the pairs of either cluster, the better of the two (1: the
    pair most alike of one of them), by Jaccard similarity, then what they share, then name."""
    label = dict(projection.nodes(data="label"))
    ranks: dict[frozenset, int] = {}
    for n in projection:
        alike = sorted(projection[n].items(), key=lambda kv: (-kv[1]["jaccard"], -kv[1]["weight"], label[kv[0]], kv[0]))
        for rank, (m, _) in enumerate(alike, 1):
            pair = frozenset((n, m))
            ranks[pair] = min(rank, ranks.get(pair, rank))
    return ranks


def _edge_title(a: str, b: str, edge: dict, label: dict) -> str:
    """The tooltip of a link between two clusters: how much they share, and what, by group."""
    from clusterkg.network.measures import GROUPS

    lines = [f"{label[a]} and {label[b]}",
             f"share {edge['weight']} of the {edge['either']} levers, places and organisations either has "
             f"(how alike: {alike_text(edge['weight'], edge['either'])})"]
    for g in GROUPS:
        if edge[f"shared_{g}"]:
            shared = sorted(edge[f"shared_{g}"], key=label.get)
            lines += ["", f"{GROUP_HEADINGS[g]}:"] + [f"• {label[r]}" for r in shared]
    return "\n".join(lines)


def _node_title(attrs: dict, alike: list, label: dict, growth: dict | None) -> str:
    lines = [attrs["label"], "Cluster" + growth_words(growth), "", f"Shares something with ({len(alike)}):"]
    lines += [f"• {label[m]} (shares {d['weight']}, how alike: {alike_text(d['weight'], d['either'])})"
              for m, d in alike[:TITLE_LIMIT]]
    if len(alike) > TITLE_LIMIT:
        lines.append(f"• and {len(alike) - TITLE_LIMIT:,} more")
    return "\n".join(lines)


def _pairs_table(projection, label: dict, first_plan: str | None) -> Table:
    """Every pair of clusters that share something (those of the first plan only in a view too large to
    draw in full), most alike first."""
    edges = list(projection.edges(data=True))
    note = None
    if projection.number_of_nodes() > NODE_LIMIT and first_plan is not None:
        edges = [e for e in edges if projection.nodes[e[0]].get("plan") == first_plan]
        note = (f"The table lists the pairs of the first plan's clusters ({first_plan}); the view has "
                f"{projection.number_of_nodes():,} clusters in all.")
    edges.sort(key=lambda e: (-e[2]["jaccard"], -e[2]["weight"], label[e[0]], label[e[1]]))
    rows = [[label[a], label[b], str(d["weight"]), jaccard_text(d["weight"], d["either"]),
             *(", ".join(sorted(label[r] for r in d[f"shared_{g}"])) for g in GROUP_HEADINGS)] for a, b, d in edges]
    return Table("pairs-table", "Pairs of clusters that share something, most alike first", PAIR_HEADERS, rows,
                 (2, 3), note)


def similarity_view(bipartite, growth: dict, groups: dict | None = None, first_plan: str | None = None) -> View:
    from clusterkg.network.measures import cluster_projection, communities

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
        i = community.get(n, 0)
        _add_node(net, n, attrs, _node_title(attrs, alike, label, growth.get(attrs["iri"])), 1,
                  legend=f"community-{i + 1}", colour=COMMUNITY_COLOURS[i % len(COMMUNITY_COLOURS)])
    _draw_pairs(net, projection, label, fold)
    legend = [{"key": f"community-{i + 1}", "label": f"Clusters that share most, group {i + 1}",
               "colour": COMMUNITY_COLOURS[i % len(COMMUNITY_COLOURS)], "border": "#333333", "count": len(members)}
              for i, members in enumerate(communities_found)]
    return View("similarity.html", *VIEWS["similarity.html"], net.nodes, net.edges, legend,
                tables=[_pairs_table(projection, label, first_plan)], shown_pairs=SHOWN_PAIRS, method=METHOD)


def _draw_pairs(net: VisNetwork, projection, label: dict, fold: bool) -> None:
    heaviest = max((d["weight"] for *_, d in projection.edges(data=True)), default=1)
    ranks = pair_ranks(projection) if not fold else {}
    for a, b, d in sorted(projection.edges(data=True), key=lambda e: (e[0], e[1])):
        if fold:
            net.add_edge(a, b)
            continue
        rank = ranks[frozenset((a, b))]
        net.add_edge(a, b, id=f"{a}|{b}", width=1 + 1.6 * (d["weight"] - 1), rank=rank, hidden=rank > SHOWN_PAIRS,
                     title=_edge_title(a, b, d, label), label=alike_text(d["weight"], d["either"]).split()[0],
                     font={"size": 13, "color": "#1b1f24", "strokeWidth": 4, "strokeColor": "#ffffff"},
                     length=round(140 + 360 * (1 - d["weight"] / heaviest)),  # the more shared, the closer
                     weight=d["weight"], color={"color": "#6b7785", "highlight": "#111111", "hover": "#111111",
                                                "opacity": min(0.9, 0.3 + 0.1 * d["weight"])})
