"""The numbers the overview's charts draw, for one plan (the first, when several are loaded): each cluster's
growth range with the plan's totals, which cluster uses which lever and sits in which place (with the
bullets behind each link, and the places named only in a bullet's text apart), and how alike each pair of
clusters is (:func:`clusterkg.network.measures.similarity`, the one place a Jaccard score is computed)."""

from __future__ import annotations

from dataclasses import dataclass

from clusterkg.model.terms import node_id
from clusterkg.network.report import jaccard_text
from clusterkg.views.viewtext import Table

MENTIONS = "mentions"  # network.MENTIONS, without importing networkx here


@dataclass(frozen=True)
class Heatmap:
    """Clusters (rows) by levers or places (columns): the bullets behind each counted link (0: no link), the
    bullets that only name the column in their text where there is no counted link, and the totals: links
    of each row, clusters linked to each column."""

    row_ids: list[str]
    rows: list[str]  # short names
    row_names: list[str]  # full names
    columns: list[str]
    counts: list[list[int]]
    text_only: list[list[int]]

    @property
    def row_totals(self) -> list[int]:
        return [sum(1 for c in row if c) for row in self.counts]

    @property
    def column_totals(self) -> list[int]:
        return [sum(1 for row in self.counts if row[j]) for j in range(len(self.columns))]

    @property
    def links(self) -> int:
        return sum(self.row_totals)


@dataclass(frozen=True)
class Growth:
    """Each cluster's further output (£) and jobs, as ranges, and the plan's totals."""

    rows: list[str]  # short names
    row_names: list[str]
    output: list[tuple]  # (low, high) in pounds
    jobs: list[tuple[int, int]]
    output_total: tuple
    jobs_total: tuple[int, int]


@dataclass(frozen=True)
class Alike:
    """The Jaccard similarity and the number of shared levers, places and entities of each pair of clusters
    (None on the diagonal)."""

    row_ids: list[str]
    rows: list[str]
    row_names: list[str]
    jaccard: list[list[float | None]]
    shared: list[list[int | None]]
    either: list[list[int | None]]

    def text(self, i: int, j: int) -> str:
        """The Jaccard similarity of clusters i and j as every output shows it (three decimals)."""
        return jaccard_text(self.shared[i][j], self.either[i][j])


@dataclass(frozen=True)
class ChartData:
    plan: str  # the plan's label
    plans: int  # how many plans the graph holds
    growth: Growth
    levers: Heatmap
    places: Heatmap
    alike: Alike


def _heatmap(typed, clusters: list[str], relation: str, every: list[str] | None) -> Heatmap:
    """Clusters by the nodes they link to by ``relation`` (``every``: these columns, linked or not), and
    by mentions in the text (places)."""
    counts: dict[tuple, int] = {}
    named: dict[tuple, int] = {}
    for cluster in clusters:
        for _, target, name, statements in typed.out_edges(cluster, keys=True, data="statements"):
            if name == relation:
                counts[(cluster, target)] = len(statements)
            elif name == MENTIONS and relation == "locatedIn":
                named[(cluster, target)] = len(statements)
    label = dict(typed.nodes(data="label"))
    reach: dict[str, int] = dict.fromkeys(every or (), 0)
    for _, target in counts:
        reach[target] = reach.get(target, 0) + 1
    columns = sorted(reach, key=lambda t: (-reach[t], label[t], t))
    columns += sorted({t for _, t in named} - set(columns), key=lambda t: (label[t], t))
    return Heatmap(clusters, [typed.nodes[c]["short_label"] for c in clusters], [label[c] for c in clusters],
                   [label[t] for t in columns],
                   [[counts.get((c, t), 0) for t in columns] for c in clusters],
                   [[0 if (c, t) in counts else named.get((c, t), 0) for t in columns] for c in clusters])


def _alike(bipartite, clusters: list[str]) -> Alike:
    from clusterkg.network.measures import similarity

    around = set(clusters).union(*(bipartite.neighbors(c) for c in clusters))
    pairs = {(s.a, s.b): s for s in similarity(bipartite.subgraph(around))}
    jaccard, shared, either = [], [], []
    for a in clusters:
        found = [None if a == b else pairs.get((a, b)) or pairs.get((b, a)) for b in clusters]
        jaccard.append([None if a == b else p.jaccard for b, p in zip(clusters, found)])
        shared.append([None if a == b else len(p.shared) for b, p in zip(clusters, found)])
        either.append([None if a == b else p.either for b, p in zip(clusters, found)])
    nodes = bipartite.nodes
    return Alike(clusters, [nodes[c]["short_label"] for c in clusters], [nodes[c]["label"] for c in clusters],
                 jaccard, shared, either)


def chart_data(typed, bipartite, clusters: list[dict]) -> ChartData | None:
    """The charts' numbers for the first plan of ``clusters`` (:func:`clusterkg.views.overview.cluster_rows`, in
    page order), from the typed network and its bipartite network; None without clusters."""
    if not clusters:
        return None
    plan = clusters[0]["plan"]
    rows = [r for r in clusters if r["plan"] == plan]
    ids = [node_id(r["id"]) for r in rows]
    plans = typed.graph.get("plans", {})
    levers = sorted(n for n, kind in typed.nodes(data="kind") if kind == "lever") if len(plans) <= 1 else None
    growth = Growth([typed.nodes[c]["short_label"] for c in ids], [r["label"] for r in rows],
                    [r["output"] for r in rows], [r["jobs"] for r in rows],
                    (sum(r["output"][0] for r in rows), sum(r["output"][1] for r in rows)),
                    (sum(r["jobs"][0] for r in rows), sum(r["jobs"][1] for r in rows)))
    return ChartData(rows[0]["plan_label"] or plans.get(node_id(plan), "") or "the clusters", max(len(plans), 1),
                     growth, _heatmap(typed, ids, "usesLever", levers), _heatmap(typed, ids, "locatedIn", None),
                     _alike(bipartite, ids))


# -- The charts as tables (their text equivalent) ----

def _heat_table(heat: Heatmap, table_id: str, caption: str, totals: tuple[str, str], transpose: bool) -> Table:
    """A heat map as a table: a row per cluster (per column of the chart, with ``transpose``), the bullets
    behind each link, "(n)" for a place named only in the text of n bullets, and the totals."""
    def cell(i: int, j: int) -> str:
        count, named = heat.counts[i][j], heat.text_only[i][j]
        return str(count) if count else (f"({named})" if named else "")

    rows_, columns = range(len(heat.rows)), range(len(heat.columns))
    if transpose:
        rows = [[heat.columns[j], *(cell(i, j) for i in rows_), str(heat.column_totals[j])] for j in columns]
        headers = ["Place", *heat.rows, totals[0]]
        footer = [totals[1], *(str(t) for t in heat.row_totals), ""]
    else:
        rows = [[heat.row_names[i], *(cell(i, j) for j in columns), str(heat.row_totals[i])] for i in rows_]
        headers = ["Cluster", *heat.columns, totals[1]]
        footer = [totals[0], *(str(t) for t in heat.column_totals), ""]
    numeric = tuple(range(1, len(headers)))
    return Table(table_id, caption, headers, rows, numeric, footer=footer)


def _alike_table(alike: Alike) -> Table:
    rows = [[alike.row_names[i], *("" if v is None else f"{alike.text(i, j)} ({alike.shared[i][j]})"
                                   for j, v in enumerate(row))] for i, row in enumerate(alike.jaccard)]
    return Table("similarity-table", "Jaccard similarity of each pair of clusters (in brackets: how many levers, "
                 "places and entities they share)", ["Cluster", *alike.rows], rows,
                 tuple(range(1, len(alike.rows) + 1)))


def chart_tables(data: ChartData) -> dict[str, Table]:
    """The tables that give what the lever, place, map and similarity charts draw (the growth chart's is the
    overview's growth table): chart name -> table."""
    return {
        "levers": _heat_table(data.levers, "levers-table", "Source bullets behind each link of a cluster to a lever",
                              ("Clusters using it", "Levers it uses"), False),
        "places": _heat_table(data.places, "places-table", "Source bullets behind each link of a place to a cluster "
                              "(in brackets: named only in the text of that many bullets, not counted)",
                              ("Clusters located there", "Places it sits in"), True),
        "similarity": _alike_table(data.alike),
        "map": _map_table(data.places),
    }


def _map_table(heat: Heatmap) -> Table:
    """What the map draws: each place a cluster is located in, how many are, and which (most first)."""
    rows = [[place, str(total), ", ".join(heat.rows[i] for i, row in enumerate(heat.counts) if row[j])]
            for j, (place, total) in enumerate(zip(heat.columns, heat.column_totals)) if total]
    rows.sort(key=lambda r: (-int(r[1]), r[0]))
    return Table("map-table", "How many clusters are located in each place the map draws",
                 ["Place", "Clusters located there", "Which clusters"], rows, (1,))
