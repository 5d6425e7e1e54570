"""What the overview page (``index.html``) shows, read from the store: each cluster's growth opportunity,
and per plan its totals and which cluster uses which lever."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

from clusterkg.errors import ClusterKGError
from clusterkg.model import reading
from clusterkg.model.terms import GROW, PREFIXES, node_id
from clusterkg.query.presentation import money

_PREFIXES = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("grow", "rdfs"))

# Each cluster with its plan and growth figures (a row per combination where a property has several values).
CLUSTERS_QUERY = _PREFIXES + """
SELECT ?cluster ?line ?label ?plan ?planLabel ?minOutput ?maxOutput ?minJobs ?maxJobs ?benchmark ?year
WHERE {
  ?cluster a grow:Cluster .
  OPTIONAL { ?cluster grow:sourceLine ?line }
  OPTIONAL { ?cluster rdfs:label ?label }
  OPTIONAL { ?cluster grow:partOfPlan ?plan OPTIONAL { ?plan rdfs:label ?planLabel } }
  OPTIONAL {
    ?cluster grow:hasGrowthOpportunity ?growth .
    OPTIONAL { ?growth grow:minOutputGBP ?minOutput }
    OPTIONAL { ?growth grow:maxOutputGBP ?maxOutput }
    OPTIONAL { ?growth grow:minJobs ?minJobs }
    OPTIONAL { ?growth grow:maxJobs ?maxJobs }
    OPTIONAL { ?growth grow:benchmark ?b OPTIONAL { ?b rdfs:label ?benchmark } }
    OPTIONAL { ?growth grow:targetYear ?year }
  }
}
"""
_COLUMNS = ("cluster", "line", "label", "plan", "planLabel", "minOutput", "maxOutput", "minJobs", "maxJobs",
            "benchmark", "year")

LEVERS_QUERY = _PREFIXES + """
SELECT ?lever (MIN(STR(?label_)) AS ?label)
WHERE { ?lever a grow:Lever OPTIONAL { ?lever rdfs:label ?label_ } }
GROUP BY ?lever
"""

_FIGURES = {"minOutput": "grow:minOutputGBP", "maxOutput": "grow:maxOutputGBP", "minJobs": "grow:minJobs",
            "maxJobs": "grow:maxJobs"}


def jobs(value) -> str:
    return f"{int(value):,}"


def value_range(low, high, fmt) -> str:
    return fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"


def _cluster_row(values: dict) -> dict:
    cluster = values["cluster"]
    missing = [prop for name, prop in _FIGURES.items() if values[name] is None]
    if missing:
        raise ClusterKGError(f"cluster <{cluster}> has no {', '.join(missing)} (a growth opportunity's "
                             f"figures); 'clusterkg validate' lists what the graph lacks")
    try:
        output = (Decimal(values["minOutput"]), Decimal(values["maxOutput"]))
        jobs_range = (int(values["minJobs"]), int(values["maxJobs"]))
        line = int(values["line"] or 0)
    except (ArithmeticError, ValueError) as exc:
        raise ClusterKGError(f"cluster <{cluster}>: a growth figure or its line is not a number ({exc})") from None
    return {"id": cluster, "line": line, "label": values["label"] or node_id(cluster), "plan": values["plan"] or "",
            "plan_label": values["planLabel"], "output": output, "jobs": jobs_range,
            "benchmark": values["benchmark"] or "", "year": values["year"] or ""}


def cluster_rows(store: ox.Store) -> list[dict]:
    """The clusters in page order with their plan and growth opportunity, for tables and tooltips (where
    a property has several values, those of the least row)."""
    first: dict[str, tuple] = {}
    for solution in store.query(CLUSTERS_QUERY):
        values = tuple(None if term is None else term.value for term in solution)
        if values[0] not in first or _order(values) < _order(first[values[0]]):
            first[values[0]] = values
    rows = [_cluster_row(dict(zip(_COLUMNS, values))) for values in first.values()]
    rows.sort(key=lambda r: (r["line"], r["id"]))
    for r in rows:
        r["output_text"] = value_range(*r["output"], money)
        r["jobs_text"] = value_range(*r["jobs"], jobs)
    return rows


def _order(values: tuple) -> tuple:
    return tuple(v or "" for v in values)


def plan_sections(store: ox.Store, clusters: list[dict] | None = None) -> list[dict]:
    """Per plan (in the order of its first cluster on the page): its clusters with their growth
    opportunity and totals, its levers (most used first) and which cluster uses which. Each plan gets
    its own table, so the overview grows with the data, not with clusters times levers.
    ``clusters``: the store's :func:`cluster_rows`, if already read."""
    uses: dict[str, set] = {}
    for cluster, lever in reading.pairs(store, GROW.usesLever):
        uses.setdefault(cluster, set()).add(lever)
    lever_labels = {}
    for solution in store.query(LEVERS_QUERY):
        lever, label = (None if term is None else term.value for term in solution)
        lever_labels[lever] = label or node_id(lever)
    plans: dict[str, dict] = {}
    for row in clusters if clusters is not None else cluster_rows(store):
        key = row["plan"]
        if key not in plans:
            plans[key] = {"id": key, "label": row["plan_label"] or key or "Clusters", "clusters": []}
        plans[key]["clusters"].append(row)
    for plan in plans.values():
        rows = plan["clusters"]
        plan["totals"] = {f"{key}_text": value_range(sum(r[key][0] for r in rows), sum(r[key][1] for r in rows), fmt)
                          for key, fmt in (("output", money), ("jobs", jobs))}
        # one plan: every lever, used or not; several: the levers the plan's clusters use
        counts: dict[str, int] = dict.fromkeys(lever_labels, 0) if len(plans) == 1 else {}
        for r in rows:
            for lever in uses.get(r["id"], ()):
                counts[lever] = counts.get(lever, 0) + 1
        plan["levers"] = sorted(({"id": lv, "label": lever_labels.get(lv, lv), "count": n} for lv, n in counts.items()),
                                key=lambda lv: (-lv["count"], lv["label"], lv["id"]))
        plan["lever_rows"] = [{"label": r["label"],
                               "uses": [lv["id"] in uses.get(r["id"], ()) for lv in plan["levers"]]} for r in rows]
    return list(plans.values())
