"""Positions for a view's nodes that keep every node and its label clear of every other, decided here.

networkx's spring layout (fixed seed) places linked nodes near each other; each node then gets the box
that vis-network draws for it (the dot, and the label under it, wrapped at the label width), and boxes
that overlap are pushed apart until none does (numpy, a few hundred rounds at most). The page draws the
nodes where they are put, with the physics off: the same view gives the same picture on every load,
and since a label scales with the zoom, what does not overlap at one zoom overlaps at none.
"""

from __future__ import annotations

import math

LAYOUT_SEED = 7
CHAR_WIDTH = 0.6  # the width of a wide average character of the label font, in font sizes (system-ui)
LINE_HEIGHT = 1.15  # a label's line, in font sizes
LABEL_WIDTH = 170  # vis-network's widthConstraint.maximum: where a label wraps
GAP = 6.0  # room kept between two boxes, in canvas units
ASPECT = 1.8  # width over height of the area the layout starts in (a landscape screen less the side panel)
FILL = 0.22  # the share of that area the boxes cover at first
ROUNDS = 400
EDGE_LABEL_ROOM = 90.0  # added around each box of a view whose links carry a label
COMPACTIONS = 20
SHRINK = 0.88


def node_box(node: dict) -> tuple[float, float, float]:
    """(width, height above the centre, height below the centre) of a node as vis-network draws it, with
    room to spare: a dot with its label under it, or a box with its label inside. Label widths vary
    with the font; the width is taken as if the label did not wrap (up to the wrapping width), its
    lines as if it wrapped at a narrower character."""
    font = float(node.get("font", {}).get("size", 14))
    text = str(node.get("label", ""))
    width = min(LABEL_WIDTH, len(text) * CHAR_WIDTH * font)
    lines = max(1, math.ceil(len(text) * 0.5 * font / LABEL_WIDTH)) + (1 if len(text) * CHAR_WIDTH * font > LABEL_WIDTH
                                                                        else 0)
    height = lines * LINE_HEIGHT * font
    if node.get("shape") == "box":
        margin = float(node.get("margin", 5))
        return width + 2 * margin + 4, height / 2 + margin + 2, height / 2 + margin + 2
    radius = float(node.get("size", 10))
    return max(2 * radius, width) + 4, radius + 2, radius + 3 + height


def place_nodes(nodes: list[dict], edges: list[dict]) -> dict[str, tuple[float, float]]:
    """Canvas positions of ``nodes`` (vis dicts with ``id``, ``label``, ``size`` and ``font``) such that
    no two boxes (:func:`node_box`) overlap; linked nodes near each other."""
    import networkx as nx
    import numpy as np

    if not nodes:
        return {}
    ids = [n["id"] for n in nodes]
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    graph.add_edges_from((e["from"], e["to"]) for e in edges if e["from"] in graph and e["to"] in graph)
    start = nx.spring_layout(graph, seed=LAYOUT_SEED, iterations=200) if len(ids) > 1 else {ids[0]: (0.0, 0.0)}
    boxes = np.array([node_box(n) for n in nodes], dtype=float)
    if any(e.get("label") for e in edges):  # room for the numbers written on the links
        boxes += np.array([EDGE_LABEL_ROOM, EDGE_LABEL_ROOM / 2, EDGE_LABEL_ROOM / 2])
    area = float(np.sum(boxes[:, 0] * (boxes[:, 1] + boxes[:, 2])))
    height = math.sqrt(area / FILL / ASPECT)
    xy = np.array([start[i] for i in ids], dtype=float)
    spread = np.maximum(xy.max(axis=0) - xy.min(axis=0), 1e-9)
    xy = (xy - xy.min(axis=0)) / spread * np.array([ASPECT * height, height])
    best = _separate(xy, boxes)
    misses = 0
    for _ in range(COMPACTIONS):  # closer together while that lets the view fit at a larger zoom
        centre = best.mean(axis=0)
        trial = _separate(centre + (best - centre) * _shrink(best, boxes), boxes)
        if _fitted_zoom(trial, boxes) > _fitted_zoom(best, boxes):
            best, misses = trial, 0
        elif (misses := misses + 1) == 3:  # three tries in a row gained nothing
            break
    best -= best.mean(axis=0)
    return {i: (round(float(x), 1), round(float(y), 1)) for i, (x, y) in zip(ids, best)}


def _extent(xy, boxes) -> tuple[float, float]:
    width = float((xy[:, 0] + boxes[:, 0] / 2).max() - (xy[:, 0] - boxes[:, 0] / 2).min())
    height = float((xy[:, 1] + boxes[:, 2]).max() - (xy[:, 1] - boxes[:, 1]).min())
    return width, height


def _fitted_zoom(xy, boxes) -> float:
    """How large the layout is drawn when fitted to a screen of :data:`ASPECT` (larger: more readable)."""
    width, height = _extent(xy, boxes)
    return min(ASPECT / width, 1 / height)


def _shrink(xy, boxes) -> tuple[float, float]:
    """The factors to draw the nodes closer by: along the side that decides the fitted zoom, or both."""
    width, height = _extent(xy, boxes)
    ratio = width / height / ASPECT
    if ratio > 1.1:
        return SHRINK, 1.0
    if ratio < 1 / 1.1:
        return 1.0, SHRINK
    return SHRINK, SHRINK


def _overlaps(xy, boxes):
    """How far each pair of boxes overlaps across (dx) and down (dy); positive on both: they overlap."""
    import numpy as np

    half = boxes[:, 0] / 2 + GAP / 2
    top = xy[:, 1] - boxes[:, 1] - GAP / 2
    bottom = xy[:, 1] + boxes[:, 2] + GAP / 2
    dx = half[:, None] + half[None, :] - np.abs(xy[:, 0][:, None] - xy[:, 0][None, :])
    dy = np.minimum(bottom[:, None], bottom[None, :]) - np.maximum(top[:, None], top[None, :])
    np.fill_diagonal(dx, 0.0)
    return dx, dy


def _separate(xy, boxes):
    """``xy`` moved until no two boxes overlap: each overlapping pair is pushed apart, both halves of the
    way, along the axis where they overlap less (ties broken by index, so the result is deterministic)."""
    import numpy as np

    xy = xy.copy()
    n = len(xy)
    order = np.arange(n)
    for _ in range(ROUNDS):
        dx, dy = _overlaps(xy, boxes)
        hit = (dx > 0) & (dy > 0)
        if not hit.any():
            return xy
        across = hit & (dx <= dy * ASPECT)  # sideways rather than up or down: screens are wide
        down = hit & ~across
        sign_x = np.sign(xy[:, 0][:, None] - xy[:, 0][None, :])
        sign_x[sign_x == 0] = np.sign(order[:, None] - order[None, :])[sign_x == 0]
        centre_y = xy[:, 1] + (boxes[:, 2] - boxes[:, 1]) / 2
        sign_y = np.sign(centre_y[:, None] - centre_y[None, :])
        sign_y[sign_y == 0] = np.sign(order[:, None] - order[None, :])[sign_y == 0]
        push_x = np.where(across, sign_x * (dx / 2 + 0.5), 0.0).sum(axis=1)
        push_y = np.where(down, sign_y * (dy / 2 + 0.5), 0.0).sum(axis=1)
        xy[:, 0] += push_x * 0.6
        xy[:, 1] += push_y * 0.6
    return _separate_by_rows(xy, boxes)


def _separate_by_rows(xy, boxes):
    """The last resort when pushing did not settle: the nodes in rows, in the order of their height and
    then across (the picture keeps its rough shape; nothing can overlap)."""
    import numpy as np

    order = sorted(range(len(xy)), key=lambda i: (xy[i, 1], xy[i, 0], i))
    per_row = max(1, round(math.sqrt(len(order) * ASPECT * 2)))
    out = xy.copy()
    y = 0.0
    for start in range(0, len(order), per_row):
        row = sorted(order[start:start + per_row], key=lambda i: (xy[i, 0], i))
        x = 0.0
        top = max(boxes[i, 1] for i in row)
        for i in row:
            out[i] = (x + boxes[i, 0] / 2, y + top)
            x += boxes[i, 0] + GAP
        y += top + max(boxes[i, 2] for i in row) + GAP
    return np.asarray(out)


# -- Groups: what touches one cluster only, folded into one node per cluster until opened ----

GROUP_LIMIT = 40  # a view of more nodes folds, for each cluster, what touches that cluster only


def _single_cluster(nodes: list[dict], edges: list[dict]) -> dict[str, str]:
    """Each node other than a cluster linked to exactly one cluster -> that cluster."""
    kind = {n["id"]: n.get("kind") for n in nodes}
    linked: dict[str, set] = {}
    for e in edges:
        a, b = e["from"], e["to"]
        if kind.get(a) == "cluster" and kind.get(b) != "cluster":
            linked.setdefault(b, set()).add(a)
        elif kind.get(b) == "cluster" and kind.get(a) != "cluster":
            linked.setdefault(a, set()).add(b)
    return {n: next(iter(c)) for n, c in linked.items() if len(c) == 1}


def group_leaves(nodes: list[dict], edges: list[dict]) -> tuple[list[dict], list[dict]]:
    """Above :data:`GROUP_LIMIT` nodes, each cluster's nodes that touch it only are hidden behind one
    group node ("12 more of Aerospace", linked to the cluster) that the page opens on a click. Returns
    new lists; the inputs are not modified."""
    if len(nodes) <= GROUP_LIMIT:
        return nodes, edges
    leaf_of = _single_cluster(nodes, edges)
    label = {n["id"]: n.get("label", n["id"]) for n in nodes}
    members: dict[str, list[str]] = {}
    for node_id, cluster in leaf_of.items():
        members.setdefault(cluster, []).append(node_id)
    out_nodes = [dict(n, group=f"group|{leaf_of[n['id']]}", hidden=True) if n["id"] in leaf_of else n for n in nodes]
    out_edges = [_grouped_edge(e, leaf_of) for e in edges]
    for cluster in sorted(members, key=lambda c: (label[c], c)):
        gid, count = f"group|{cluster}", len(members[cluster])
        out_nodes.append({
            "id": gid, "kind": "group", "legend": "group", "label": f"{count} more",
            "name": f"{count} more of {label[cluster]}", "cluster": cluster, "shape": "box", "members": count,
            "title": f"{count} nodes linked to {label[cluster]} only: click to show them",
            "color": {"background": "#ffffff", "border": "#545e69"}, "borderWidth": 1.5,
            "shapeProperties": {"borderDashes": [4, 3]}, "font": {"size": 13, "color": "#1b1f24"}, "margin": 6})
        out_edges.append({"id": f"{cluster}|{gid}", "from": cluster, "to": gid, "width": 1.5,
                          "dashes": True, "color": {"color": "#8a939c"}})
    return out_nodes, out_edges


def _grouped_edge(edge: dict, leaf_of: dict) -> dict:
    leaf = edge["to"] if edge["to"] in leaf_of else edge["from"] if edge["from"] in leaf_of else None
    return edge if leaf is None else dict(edge, group=f"group|{leaf_of[leaf]}", hidden=True)


def arrange(nodes: list[dict], edges: list[dict]) -> list[dict]:
    """The nodes with fixed positions: those shown at first placed apart (:func:`place_nodes`), each
    group's members on a ring around their group node, clear of each other."""
    shown = [n for n in nodes if not n.get("hidden")]
    from clusterkg.views.layoutcache import cached_positions

    positions = dict(cached_positions(shown, [e for e in edges if not e.get("hidden")], place_nodes))
    by_group: dict[str, list[dict]] = {}
    for n in nodes:
        if n.get("hidden") and n.get("group"):
            by_group.setdefault(n["group"], []).append(n)
    for gid, inside in by_group.items():
        cx, cy = positions.get(gid, (0.0, 0.0))
        widths = [node_box(n)[0] + GAP for n in inside]
        radius = max(120.0, sum(widths) / (2 * math.pi))
        for i, n in enumerate(inside):
            angle = 2 * math.pi * i / len(inside) - math.pi / 2
            positions[n["id"]] = (round(cx + radius * math.cos(angle), 1), round(cy + radius * math.sin(angle), 1))
    return [dict(n, x=positions[n["id"]][0], y=positions[n["id"]][1]) for n in nodes]
