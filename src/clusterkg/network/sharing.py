"""What the clusters share, read from the networks of :mod:`clusterkg.network.measures`: the levers, places and
entities that two or more clusters of a plan link to (the summary and the views list them), and which
plan each node belongs to (the views fold plans by it)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx


def plan_groups(typed: nx.MultiDiGraph) -> dict[str, tuple[str, str] | None]:
    """Node id -> (plan id, plan label) of the one plan whose clusters link to it (by any relation, or by
    naming it in a bullet), or None for a node that clusters of several plans link to. A cluster is in
    its own plan."""
    labels = typed.graph.get("plans", {})
    plan_of = {n: plan for n, plan in typed.nodes(data="plan") if plan}
    plans: dict[str, set] = {n: {plan} for n, plan in plan_of.items()}
    for source, target in typed.edges():
        if source in plan_of:
            plans.setdefault(target, set()).add(plan_of[source])
    groups = {}
    for n, found in plans.items():
        plan = next(iter(found)) if len(found) == 1 else None
        groups[n] = (plan, labels.get(plan, plan)) if plan else None
    return groups


@dataclass(frozen=True)
class Shared:
    """A lever, place or entity linked to two or more clusters of one plan, and those clusters."""

    id: str
    label: str
    iri: str
    kind: str
    group: str  # lever, place or entity (GROUPS)
    plan: str  # plan id ("" when compared across plans)
    clusters: tuple[str, ...]  # cluster ids, sorted


def shared_resources(bipartite: nx.Graph, across_plans: bool = False) -> list[Shared]:
    """Each resource of ``bipartite`` that two or more clusters of one plan (of any plans, with
    ``across_plans``) link to, once per such plan; most clusters first, then by label."""
    plan_of = {n: "" if across_plans else (plan or "") for n, plan in bipartite.nodes(data="plan")}
    rows = []
    for resource, attrs in bipartite.nodes(data=True):
        if attrs.get("bipartite") != 1:
            continue
        by_plan: dict[str, list] = defaultdict(list)
        for cluster in bipartite.neighbors(resource):
            by_plan[plan_of[cluster]].append(cluster)
        rows += [Shared(resource, attrs["label"], attrs["iri"], attrs["kind"], attrs["group"], plan,
                        tuple(sorted(clusters)))
                 for plan, clusters in by_plan.items() if len(clusters) >= 2]
    return sorted(rows, key=lambda s: (-len(s.clusters), s.label, s.id, s.plan))
