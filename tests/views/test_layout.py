"""Large views: laid out in advance above a node limit, folded to one node per plan above another."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from clusterkg.model.graph import build_store
from clusterkg.network.measures import plan_groups, typed_network
from clusterkg.views.drawing import build_views
from clusterkg.views.layout import AGGREGATE_LIMIT, NODE_LIMIT, fit_for_browser, folds_plans, still_options
from clusterkg.views.overview import cluster_rows, plan_sections
from clusterkg.views.render import render_views
from tests.facts import LEVER_REACH, SHARED_ENTITIES, SHARED_PLACES

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import generate  # noqa: E402

OPTIONS = {"physics": {"enabled": True, "stabilization": {"iterations": 800}}, "layout": {"randomSeed": 7},
           "edges": {"smooth": {"enabled": True, "type": "continuous"}}}


@pytest.fixture(scope="module")
def three_plans(tmp_path_factory):
    folder = tmp_path_factory.mktemp("r3")
    generate(folder, 3, seed=3)
    store = build_store(data_dir=folder)
    typed = typed_network(store)
    return store, {v.file: v for v in build_views(typed, cluster_rows(store))}, plan_groups(typed)


def test_real_views_are_placed_in_advance_with_the_physics_off(store):
    typed = typed_network(store)
    groups = plan_groups(typed)
    for view in build_views(typed, cluster_rows(store), groups):
        fitted = fit_for_browser(view.nodes, view.edges, OPTIONS, groups)
        assert (fitted.mode, fitted.note) == ("placed", None)
        assert fitted.options["physics"] == {"enabled": False} and OPTIONS["physics"]["enabled"] is True
        assert all(math.isfinite(n["x"]) and math.isfinite(n["y"]) for n in fitted.nodes)
        again = fit_for_browser(view.nodes, view.edges, OPTIONS, groups)
        assert again.nodes == fitted.nodes  # the same positions every time
        shown = [n for n in fitted.nodes if not n.get("hidden")]
        if view.file == "graph.html":
            # 8 clusters, the nodes touching two clusters or more (every lever, 9 places, 5 entities: 6 + 9 + 5
            # = 20), the 75 touching one in one group per cluster: the issue counted 74 on the data before issue
            # 26, which added the task force of line 34 as an organisation EV alone names
            shared = len(LEVER_REACH) + len(SHARED_PLACES) + len(SHARED_ENTITIES)
            assert len(fitted.nodes) == 8 + shared + 75 + 8 and len(shown) == 8 + shared + 8
            folded = [n["members"] for n in shown if n["kind"] == "group"]
            assert len(folded) == 8 and sum(folded) == 75
        else:
            assert len(shown) == len(view.nodes) <= 40  # small views: nothing folded


def test_placed_boxes_never_overlap():
    from clusterkg.views.label_layout import node_box, place_nodes

    # twelve nodes with long labels, all linked to the first: the spring pulls them together
    nodes = [{"id": f"n{i}", "label": "A rather long label of a node " + str(i), "size": 12, "font": {"size": 13}}
             for i in range(12)]
    edges = [{"from": "n0", "to": f"n{i}"} for i in range(1, 12)]
    at = place_nodes(nodes, edges)
    boxes = []
    for n in nodes:
        width, up, down = node_box(n)
        x, y = at[n["id"]]
        boxes.append((x - width / 2, y - up, x + width / 2, y + down))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    assert node_box({"label": "WMG", "size": 10, "font": {"size": 10}}) == (24.0, 12.0, 24.5)  # 2*10+4; 10+2; 10+3+11.5


def test_above_the_node_limit_every_node_gets_a_fixed_position(three_plans):
    _, views, groups = three_plans
    view = views["graph.html"]
    before = [dict(n) for n in view.nodes]
    fitted = fit_for_browser(view.nodes, view.edges, OPTIONS, groups, node_limit=50)
    assert fitted.mode == "precomputed"
    assert f"This view has {len(view.nodes):,} nodes" in fitted.note
    assert [n["id"] for n in fitted.nodes] == [n["id"] for n in view.nodes]
    assert all(n["fixed"] is True and math.isfinite(n["x"]) and math.isfinite(n["y"]) for n in fitted.nodes)
    spots = {(n["x"], n["y"]) for n in fitted.nodes}
    assert len(spots) == len(fitted.nodes)  # no two nodes on one spot
    assert view.nodes == before  # the caller's nodes are not modified
    again = fit_for_browser(view.nodes, view.edges, OPTIONS, groups, node_limit=50)
    assert again.nodes == fitted.nodes  # deterministic


def test_each_plan_is_drawn_apart_from_the_others(three_plans):
    _, views, groups = three_plans
    fitted = fit_for_browser(views["graph.html"].nodes, views["graph.html"].edges, OPTIONS, groups, node_limit=50)
    boxes = {}
    for n in fitted.nodes:
        group = groups.get(n["id"])
        if group:
            x0, y0, x1, y1 = boxes.get(group[0], (n["x"], n["y"], n["x"], n["y"]))
            boxes[group[0]] = (min(x0, n["x"]), min(y0, n["y"]), max(x1, n["x"]), max(y1, n["y"]))
    boxes = list(boxes.values())
    assert len(boxes) == 3
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]  # the boxes do not overlap


def test_above_the_aggregate_limit_plans_are_folded(three_plans):
    _, views, groups = three_plans
    view = views["levers.html"]
    fitted = fit_for_browser(view.nodes, view.edges, OPTIONS, groups, node_limit=10, aggregate_limit=20)
    assert fitted.mode == "aggregated" and "each plan is drawn as one node" in fitted.note
    ids = {n["id"] for n in fitted.nodes}
    plans = {g[0] for g in groups.values() if g}
    national = {"lever/future-skills-pathway", "lever/location-coordination", "lever/direct-competitive-funding"}
    assert ids == plans | national  # the regional funds fold into their plans
    # every plan uses every national lever; each edge counts the plan's clusters that use it
    links = {(e["from"], e["to"]): e for e in fitted.edges}
    assert len(links) == len(plans) * len(national)
    assert all(e["from"] in ids and e["to"] in ids for e in fitted.edges)
    uses = sum(int(e["title"].rsplit(": ", 1)[1].split()[0]) for e in fitted.edges)
    assert uses == 3 * (7 + 6 + 4)  # FSP 7, LC 6, DCF 4 clusters per plan (facts.LEVER_REACH)


def test_still_options_keep_a_short_stabilisation_and_straight_edges():
    still = still_options(OPTIONS)
    assert still["physics"]["stabilization"]["iterations"] == 1
    assert still["layout"] == {"randomSeed": 7, "improvedLayout": False}
    assert still["edges"]["smooth"] == {"enabled": False}
    assert OPTIONS["physics"]["stabilization"]["iterations"] == 800  # not modified


def test_limits_leave_room_for_the_real_data():
    assert 200 < NODE_LIMIT < AGGREGATE_LIMIT


def test_the_overview_has_a_section_per_plan(three_plans, store):
    import re

    many, _, _ = three_plans
    real = plan_sections(store)
    sections = plan_sections(many)
    assert [len(s["clusters"]) for s in sections] == [8, 8, 8]
    assert len({s["label"] for s in sections}) == 3
    # each region copies the real profiles' levers cluster by cluster: the same counts, the same ticks
    counts = [lv["count"] for lv in real[0]["levers"]]
    assert counts == [7, 6, 4, 4, 3, 2]  # facts.LEVER_REACH: the plan's six levers
    for section in sections:
        assert [lv["count"] for lv in section["levers"]] == counts
        assert sum(sum(row["uses"]) for row in section["lever_rows"]) == 26  # facts.LEVERS: 26 lever uses a plan
    html = render_views(many)["index.html"]
    assert len(re.findall(r'<table class="data levers[ "]', html)) == 3  # the first plan's under its chart
    assert re.findall(r'<h2 id="plan-\d+">([^<]*)</h2>', html) == [s["label"] for s in sections]


def test_a_folded_page_is_the_fold_of_the_full_view(three_plans, monkeypatch):
    """Views made for pages make only what folding reads of the nodes and edges a page folds: the page
    is the same as when the full view is folded."""
    from clusterkg.views import layout

    store, full_views, groups = three_plans
    monkeypatch.setattr(layout, "NODE_LIMIT", 10)
    monkeypatch.setattr(layout, "AGGREGATE_LIMIT", 20)
    drafts = build_views(typed_network(store), cluster_rows(store), groups)
    modes = []
    for draft in drafts:
        full = full_views[draft.file]
        assert len(draft.nodes) == len(full.nodes) and len(draft.edges) == len(full.edges)
        folded, expected = (fit_for_browser(v.nodes, v.edges, OPTIONS, groups) for v in (draft, full))
        assert (folded.mode, folded.note, folded.nodes, folded.edges) == (
            expected.mode, expected.note, expected.nodes, expected.edges), draft.file
        modes.append(folded.mode)
    assert modes == ["aggregated"] * 5 and folds_plans(21) and not folds_plans(20)
