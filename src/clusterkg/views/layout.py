"""Keep network views responsive on large graphs.

Up to :data:`NODE_LIMIT` nodes a view is placed by :mod:`clusterkg.views.label_layout` (no two labels overlap;
what touches one cluster only is folded into a group node above a few dozen nodes). Above it, positions are
computed here (pure Python, deterministic) and the physics has nothing left to move; above
:data:`AGGREGATE_LIMIT` nodes each plan becomes one node, and only what plans share (national
levers, bodies and assets) keeps its own node. Each fallback comes with a note to show on the page.

The layout reads the graph's structure rather than simulating forces: each plan's clusters sit on
an inner ring, the things only that plan's clusters touch on an outer ring beside their clusters,
the plans on a grid, and whatever several plans share on a circle around the grid.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

NODE_LIMIT = 500  # 760 nodes took Chromium 9-10 s to settle (benchmarks/RESULTS.md, R = 10)
AGGREGATE_LIMIT = 20000
_SPACING = 60.0  # canvas units between neighbours on a ring
_SHARED_SIZE = 30  # the largest a shared node is drawn when plans are folded


@dataclass
class BrowserView:
    """What to put in the page: vis nodes and edges, options, and a note (None when nothing changed)."""

    nodes: list[dict]
    edges: list[dict]
    options: dict
    note: str | None = None
    mode: str = "placed"  # "placed", "precomputed" or "aggregated"


def folds_plans(node_count: int, aggregate_limit: int | None = None) -> bool:
    """Whether a view of ``node_count`` nodes is drawn with each plan folded into one node (above
    ``aggregate_limit``, default :data:`AGGREGATE_LIMIT`)."""
    return node_count > (AGGREGATE_LIMIT if aggregate_limit is None else aggregate_limit)


def fit_for_browser(nodes: list[dict], edges: list[dict], options: dict, groups: dict,
                    node_limit: int | None = None, aggregate_limit: int | None = None) -> BrowserView:
    """``nodes``/``edges`` (vis dicts with ``id``, ``from``, ``to``) made fit to draw in a browser.

    ``groups`` is :func:`clusterkg.network.measures.plan_groups` of the typed network; the limits default to
    :data:`NODE_LIMIT` and :data:`AGGREGATE_LIMIT`. The inputs are not modified.
    """
    if len(nodes) <= (NODE_LIMIT if node_limit is None else node_limit):
        from clusterkg.views.label_layout import arrange, group_leaves

        nodes, edges = group_leaves(nodes, edges)
        return BrowserView(arrange(nodes, edges), edges, placed_options(options), None, "placed")
    total = len(nodes)
    if folds_plans(total, aggregate_limit):
        nodes, edges = aggregate_by_plan(nodes, edges, groups)
        groups = {n["id"]: (n["id"], n["label"]) for n in nodes if n["id"] not in groups}  # plans: own cell
        mode = "aggregated"
        note = (f"This view has {total:,} nodes, too many to draw: each plan is drawn as one node, and only what "
                f"several plans share keeps its own node ({len(nodes):,} nodes). Build from one plan's data to "
                f"see it in full.")
    else:
        mode = "precomputed"
        note = (f"This view has {total:,} nodes: they were laid out in advance (each plan's clusters in a ring, "
                f"what plans share around them) and do not move.")
    positions = precomputed_layout(nodes, edges, groups)
    placed = [dict(n, x=round(positions[n["id"]][0], 1), y=round(positions[n["id"]][1], 1), fixed=True)
              for n in nodes]
    return BrowserView(placed, edges, still_options(options), note, mode)


def placed_options(options: dict) -> dict:
    """``options`` for nodes placed by :mod:`clusterkg.views.label_layout`: the physics off from the start,
    straight edges (a label of an edge sits on its middle)."""
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in options.items()}
    out["layout"] = dict(out.get("layout", {}), improvedLayout=False)
    out["physics"] = {"enabled": False}
    out["edges"] = dict(out.get("edges", {}), smooth={"enabled": False})
    return out


def still_options(options: dict) -> dict:
    """``options`` for nodes that carry their own positions: no layout work, a one-step stabilisation
    (so pages that wait for it still hear that it is done), straight edges (cheaper to draw)."""
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in options.items()}
    out["layout"] = dict(out.get("layout", {}), improvedLayout=False)
    physics = dict(out.get("physics", {}))
    physics["stabilization"] = dict(physics.get("stabilization", {}), enabled=True, iterations=1, fit=True)
    out["physics"] = physics
    out["edges"] = dict(out.get("edges", {}), smooth={"enabled": False})
    return out


# -- Positions ----

def _ring(count: int, radius: float, start: float = 0.0):
    for i in range(count):
        angle = start + 2 * math.pi * i / max(count, 1)
        yield radius * math.cos(angle), radius * math.sin(angle)


def _mean_angle(points) -> float:
    x = sum(p[0] for p in points)
    y = sum(p[1] for p in points)
    return math.atan2(y, x) if (x or y) else 0.0


def precomputed_layout(nodes: list[dict], edges: list[dict], groups: dict) -> dict[str, tuple[float, float]]:
    """Positions for every node id: plans on a grid, shared nodes on a circle around it."""
    neighbours: dict[str, list[str]] = {n["id"]: [] for n in nodes}
    for e in edges:
        if e["from"] in neighbours and e["to"] in neighbours:
            neighbours[e["from"]].append(e["to"])
            neighbours[e["to"]].append(e["from"])
    by_group: dict = {}
    for n in nodes:
        group = groups.get(n["id"])
        by_group.setdefault(group[0] if group else None, []).append(n)
    shared = by_group.pop(None, [])
    local: dict[str, tuple[float, float]] = {}
    radii = {}
    for key in sorted(by_group):
        radii[key] = _group_layout(by_group[key], neighbours, local)
    positions: dict[str, tuple[float, float]] = {}
    cell = 2 * max(radii.values(), default=_SPACING) + 4 * _SPACING
    columns = max(1, math.ceil(math.sqrt(len(radii))))
    for i, key in enumerate(sorted(radii)):
        cx, cy = (i % columns) * cell, (i // columns) * cell
        for n in by_group[key]:
            x, y = local[n["id"]]
            positions[n["id"]] = (cx + x, cy + y)
    if shared:
        rows = math.ceil(len(radii) / columns) if radii else 0
        centre = ((columns - 1) * cell / 2, (rows - 1) * cell / 2) if radii else (0.0, 0.0)
        span = math.hypot(columns * cell, rows * cell) / 2 + 2 * _SPACING
        radius = max(span, len(shared) * _SPACING / (2 * math.pi))

        def angle(n):
            placed = [positions[m] for m in neighbours[n["id"]] if m in positions]
            return _mean_angle([(x - centre[0], y - centre[1]) for x, y in placed]) if placed else 0.0
        ordered = sorted(shared, key=lambda n: (angle(n), n["id"]))
        for n, (x, y) in zip(ordered, _ring(len(ordered), radius, start=-math.pi)):
            positions[n["id"]] = (centre[0] + x, centre[1] + y)
    return positions


def _group_layout(members: list[dict], neighbours: dict, out: dict) -> float:
    """Clusters on an inner ring, the rest on an outer ring beside their clusters; returns the radius."""
    clusters = sorted((n for n in members if n.get("kind") == "cluster"), key=lambda n: n["id"])
    others = [n for n in members if n.get("kind") != "cluster"]
    if not clusters:  # nothing to hang the others on: one ring
        clusters, others = sorted(members, key=lambda n: n["id"]), []
    inner = max(_SPACING, len(clusters) * _SPACING / (2 * math.pi))
    for n, xy in zip(clusters, _ring(len(clusters), inner)):
        out[n["id"]] = xy
    if not others:
        return inner
    outer = max(inner * 2 + _SPACING, len(others) * _SPACING / (2 * math.pi))

    def angle(n):
        placed = [out[m] for m in neighbours[n["id"]] if m in out]
        return _mean_angle(placed) if placed else 0.0
    ordered = sorted(others, key=lambda n: (angle(n), n["id"]))
    start = angle(ordered[0]) if ordered else 0.0
    for n, xy in zip(ordered, _ring(len(ordered), outer, start=start)):
        out[n["id"]] = xy
    return outer


# -- One node per plan ----

def aggregate_by_plan(nodes: list[dict], edges: list[dict], groups: dict) -> tuple[list[dict], list[dict]]:
    """Each plan's nodes folded into one node; nodes shared by several plans kept, linked to the plans
    that use them (edge width by how many links the plan has to the node)."""
    members: dict = {}
    kept = []
    for n in nodes:
        group = groups.get(n["id"])
        if group is None:  # shared: kept, but not drawn bigger than a plan
            kept.append(dict(n, size=min(n.get("size", 10), _SHARED_SIZE)))
        else:
            members.setdefault(group, []).append(n)
    plan_nodes = []
    for (plan_id, label), inside in sorted(members.items()):
        clusters = sum(1 for n in inside if n.get("kind") == "cluster")
        plan_nodes.append({
            "id": plan_id, "label": label, "kind": "cluster", "legend": "cluster", "shape": "dot",
            "size": 10 + round(2 * math.sqrt(len(inside))),
            "title": f"{label}\n{clusters} clusters and {len(inside) - clusters} other nodes, drawn as one",
            "color": {"background": "#e8eef5", "border": "#333333"}, "font": {"size": 12}})
    fold = {n["id"]: g[0] for g, inside in members.items() for n in inside}
    counts: dict = {}
    for e in edges:
        a, b = fold.get(e["from"], e["from"]), fold.get(e["to"], e["to"])
        if a != b:
            key = tuple(sorted((a, b)))
            counts[key] = counts.get(key, 0) + 1
    labels = {n["id"]: n.get("label", n["id"]) for n in plan_nodes + kept}
    folded = [{"id": f"{a}|{b}", "from": a, "to": b, "width": min(8, 1 + math.log2(c)),
               "title": f"{labels.get(a, a)} – {labels.get(b, b)}: {c} link{'s' if c > 1 else ''}",
               "color": {"color": "#888888", "opacity": 0.5}}
              for (a, b), c in sorted(counts.items())]
    return plan_nodes + kept, folded
