"""The knowledge graph as networkx graphs, and measures of what clusters share.

Node ids are the IRI paths (``cluster/aerospace``). :func:`typed_network` reads the store once, a
predicate at a time: every cluster, lever, place, organisation, asset, programme and event, with one edge
per ``(cluster, relation, resource)``. The rest derive from it: :func:`bipartite_network` (clusters and
the levers, places and entities they use), :func:`cluster_projection` (cluster to cluster, with what each
pair shares), and from :mod:`clusterkg.network.sharing` (offered here too) :func:`shared_resources`, what the
clusters share, and :func:`plan_groups`. :func:`similarity` is the one place a Jaccard score is
computed; :mod:`clusterkg.network.files` writes GraphML and GEXF. Every edge carries ``statements``, the
``(line, text)`` of the source bullets behind the link. No function here modifies a networkx graph passed
to it.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox

from clusterkg.errors import ClusterKGError
from clusterkg.model import reading
from clusterkg.model.terms import GROW, RDF_TYPE, node_id
from clusterkg.network.files import EXPORT_FORMATS, export_network, network_bytes  # noqa: F401 - part of this API
from clusterkg.network.report import format_network_report  # noqa: F401 - part of this API
from clusterkg.network.sharing import Shared, plan_groups, shared_resources  # noqa: F401 - part of this API
from clusterkg.query.labels import store_labels

# node kind -> class, in legend order
KINDS = {
    "cluster": GROW.Cluster,
    "lever": GROW.Lever,
    "place": GROW.Place,
    "organisation": GROW.Organisation,
    "asset": GROW.Asset,
    "programme": GROW.Programme,
    "event": GROW.Event,
}
ENTITY_KINDS = ("organisation", "asset", "programme", "event")

# relation name -> (predicate, the statement class whose mentions are the source text)
RELATIONS = {
    "usesLever": (GROW.usesLever, GROW.LeverStatement),
    "locatedIn": (GROW.locatedIn, GROW.LocationStatement),
    "involves": (GROW.involves, GROW.Statement),
    "ledBy": (GROW.ledBy, GROW.Leadership),
    "hasAsset": (GROW.hasAsset, GROW.Strength),
}
# A place named in a bullet of another section: not a triple on the cluster, but a link in the text.
MENTIONS = "mentions"

# resource group of the bipartite network -> (relation, kinds)
GROUPS = {
    "lever": ("usesLever", ("lever",)),
    "place": ("locatedIn", ("place",)),
    "entity": ("involves", ENTITY_KINDS),
}

NETWORKS = ("typed", "bipartite", "projection")
BETWEENNESS_EXACT_LIMIT = 1000  # above this many nodes, betweenness is estimated ...
BETWEENNESS_SOURCES = 100  # ... from this many source nodes, drawn with the seed
DEFAULT_SEED = 42

_KIND_OF_CLASS = {cls: kind for kind, cls in KINDS.items()}
_KIND_RANK = {kind: rank for rank, kind in enumerate(KINDS)}
# the statement classes RELATIONS names, each a bit of a statement's class mask
_STATEMENT_BIT = {cls: 1 << i for i, cls in enumerate(dict.fromkeys(cls for _, cls in RELATIONS.values()))}


# -- Reading the store ----

def _kinds_and_statement_classes(store: ox.Store) -> tuple[dict[str, str], dict[str, int]]:
    """One scan of ``rdf:type``: resource IRI -> node kind (the last kind in KINDS where it has several),
    and statement IRI -> the mask of its statement classes (bits of ``_STATEMENT_BIT``)."""
    kinds: dict[str, str] = {}
    masks: dict[str, int] = {}
    for subject, cls in reading.pairs(store, RDF_TYPE):
        kind = _KIND_OF_CLASS.get(cls)
        if kind is not None:
            if subject not in kinds or _KIND_RANK[kind] > _KIND_RANK[kinds[subject]]:
                kinds[subject] = kind
        elif cls in _STATEMENT_BIT:
            masks[subject] = masks.get(subject, 0) | _STATEMENT_BIT[cls]
    return kinds, masks


def _least_of(store: ox.Store, predicate: str, subjects) -> dict[str, str]:
    """subject -> its least object for ``predicate``, for ``subjects`` only: one scan, nothing else kept."""
    found: dict[str, str] = {}
    for subject, value in reading.pairs(store, predicate):
        if subject in subjects and (subject not in found or value < found[subject]):
            found[subject] = value
    return found


def _line_number(text: str | None) -> int:
    return int(text) if text and text.isascii() and text.isdigit() else 0


def _text_links(store: ox.Store, ids: dict[str, str], masks: dict[str, int]) -> dict[tuple[str, str], list]:
    """(cluster id, node id) -> ``(class mask, line, text)`` of each of the cluster's bullets that
    mentions the node (``grow:mentions``)."""
    targets: dict[str, list[str]] = defaultdict(list)
    for statement, target in reading.pairs(store, GROW.mentions):
        if target in ids:
            targets[statement].append(ids[target])
    lines = _least_of(store, GROW.sourceLine, targets)
    texts = _least_of(store, GROW.text, targets)
    found: dict[tuple[str, str], list] = defaultdict(list)
    for cluster, statement in reading.pairs(store, GROW.hasStatement):
        if statement in targets and cluster in ids:
            row = (masks.get(statement, 0), _line_number(lines.get(statement)), texts.get(statement, ""))
            for target in targets[statement]:
                found[(ids[cluster], target)].append(row)
    return found


def _statements(rows, include: int = 0, exclude: int = 0) -> tuple[tuple[int, str], ...]:
    """The sorted, distinct ``(line, text)`` of the rows whose class mask has ``include`` and not ``exclude``."""
    if len(rows) == 1:  # most links: one bullet
        mask, line, text = rows[0]
        return ((line, text),) if (not include or mask & include) and not mask & exclude else ()
    return tuple(sorted({(line, text) for mask, line, text in rows
                         if (not include or mask & include) and not mask & exclude}))


def _edges(store: ox.Store, kinds: dict[str, str], ids: dict[str, str], masks: dict[str, int]) -> list[tuple]:
    """``(cluster id, node id, relation, statements)`` for every relation triple and text mention."""
    found = _text_links(store, ids, masks)
    edges = []
    for name, (predicate, statement_class) in RELATIONS.items():
        for cluster, target in reading.pairs(store, predicate):
            if kinds.get(cluster) == "cluster" and target in ids:
                link = (ids[cluster], ids[target])
                edges.append((*link, name, _statements(found.get(link, ()), _STATEMENT_BIT[statement_class])))
    cluster_ids = {ids[n] for n, kind in kinds.items() if kind == "cluster"}
    place_ids = {ids[n] for n, kind in kinds.items() if kind == "place"}
    for (cluster, target), rows in found.items():
        if cluster in cluster_ids and target in place_ids:
            text_rows = _statements(rows, exclude=_STATEMENT_BIT[GROW.LocationStatement])
            if text_rows:
                edges.append((cluster, target, MENTIONS, text_rows))
    edges.sort()
    return edges


def typed_network(store: ox.Store) -> nx.MultiDiGraph:
    """Clusters, levers, places and entities of the default graph of ``store``, with an edge per
    ``(cluster, relation, resource)``; read one predicate at a time.

    Node attributes: ``kind``, ``label``, ``iri``, ``clusters`` (how many clusters link to the node by a
    relation, not counting a mention in a bullet's text; 1 for a cluster), and for a cluster its ``plan``
    (id) and ``short_label`` (its ``grow:shortName``, else its label). Edge key and ``relation``: ``usesLever``,
    ``locatedIn``, ``involves``, ``ledBy``, ``hasAsset`` or ``mentions`` (a place named in a bullet
    outside the places section); ``statements``: the sorted ``(line, text)`` of the bullets behind the
    link. The graph attribute ``plans`` maps each plan id to its label.
    """
    kinds, masks = _kinds_and_statement_classes(store)
    ids = {iri: node_id(iri) for iri in kinds}
    clusters = {n for n, kind in kinds.items() if kind == "cluster"}
    plan_of = _least_of(store, GROW.partOfPlan, clusters)
    plans = set(plan_of.values())
    labels = store_labels(store, kinds.keys() | plans)
    short = _least_of(store, GROW.shortName, clusters)
    edges = _edges(store, kinds, ids, masks)
    touched: dict[str, set] = defaultdict(set)
    for cluster, target, name, _ in edges:
        if name != MENTIONS:  # named in a bullet's text: drawn, never counted
            touched[target].add(cluster)
    net = nx.MultiDiGraph(name="clusterkg typed network",
                          plans={node_id(p): labels.get(p) or node_id(p) for p in sorted(plans)})
    nodes = []
    for iri in sorted(kinds, key=ids.get):
        kind, nid = kinds[iri], ids[iri]
        attrs = {"kind": kind, "label": labels.get(iri) or nid, "iri": iri,
                 "clusters": 1 if kind == "cluster" else len(touched.get(nid, ()))}
        if kind == "cluster":
            attrs["plan"] = node_id(plan_of.get(iri, ""))
            attrs["short_label"] = short.get(iri) or attrs["label"]
        nodes.append((nid, attrs))
    net.add_nodes_from(nodes)
    net.add_edges_from((s, t, name, {"relation": name, "statements": rows}) for s, t, name, rows in edges)
    return net


# -- Networks derived from the typed network ----

def bipartite_network(typed: nx.MultiDiGraph, kinds: tuple[str, ...] = tuple(GROUPS)) -> nx.Graph:
    """Clusters (``bipartite=0``) and the resources they share (``bipartite=1``), one edge per pair.

    ``kinds`` picks the resource groups: ``lever`` (``usesLever``), ``place`` (``locatedIn``) and
    ``entity`` (organisations, assets, programmes and events the cluster ``involves``). Resource nodes
    have a ``group``; edges have ``relation`` and ``statements``.
    """
    unknown = [k for k in kinds if k not in GROUPS]
    if unknown:
        raise ClusterKGError(f"unknown resource kind '{unknown[0]}' (expected: {', '.join(GROUPS)})")
    relation_group = {GROUPS[k][0]: k for k in kinds}
    nodes = dict(typed.nodes(data=True))
    clusters = [(n, {"bipartite": 0, "group": "cluster", "kind": "cluster", "label": a["label"], "iri": a["iri"],
                     "plan": a["plan"], "short_label": a["short_label"]})
                for n, a in nodes.items() if a["kind"] == "cluster"]
    resources: dict[str, dict] = {}
    edges = []
    for source, target, name, statements in typed.edges(keys=True, data="statements"):
        group = relation_group.get(name)
        t = nodes[target]
        if group is None or t["kind"] not in GROUPS[group][1]:
            continue
        if target not in resources:
            resources[target] = {"bipartite": 1, "group": group, "kind": t["kind"], "label": t["label"],
                                 "iri": t["iri"]}
        edges.append((source, target, {"relation": name, "statements": statements}))
    net = nx.Graph(name="clusterkg cluster-resource network")
    net.add_nodes_from(clusters)
    net.add_nodes_from(resources.items())
    net.add_edges_from(edges)
    return net


def clusters_of(bipartite: nx.Graph) -> list[str]:
    """The cluster nodes of a bipartite network, sorted."""
    return sorted(n for n, d in bipartite.nodes(data=True) if d.get("bipartite") == 0)


def cluster_projection(bipartite: nx.Graph, across_plans: bool = False) -> nx.Graph:
    """Cluster-to-cluster edges for each pair sharing a resource (pairs of one plan, unless
    ``across_plans``).

    Edge attributes: ``weight`` (number of shared resources), ``either`` (the resources of either),
    ``jaccard`` (weight / either),
    ``shared`` (their ids) and ``shared_lever``, ``shared_place``, ``shared_entity`` (ids by group).
    """
    return _projection(bipartite, similarity(bipartite, across_plans=across_plans))


def _projection(bipartite: nx.Graph, pairs: list[Similarity]) -> nx.Graph:
    projection = nx.Graph(name="clusterkg cluster similarity network")
    for c in clusters_of(bipartite):
        projection.add_node(c, **{k: bipartite.nodes[c][k] for k in ("kind", "label", "iri", "plan", "short_label")})
    for pair in pairs:
        if pair.shared:
            attrs = {f"shared_{g}": tuple(r for r in pair.shared if bipartite.nodes[r]["group"] == g) for g in GROUPS}
            projection.add_edge(pair.a, pair.b, weight=len(pair.shared), either=pair.either, jaccard=pair.jaccard,
                                shared=pair.shared, **attrs)
    return projection


def build_network(typed: nx.MultiDiGraph, network: str = "typed") -> nx.Graph:
    """One of the networks by name: ``typed`` (``typed`` itself), ``bipartite`` or ``projection``."""
    if network == "typed":
        return typed
    if network == "bipartite":
        return bipartite_network(typed)
    if network == "projection":
        return cluster_projection(bipartite_network(typed))
    raise ClusterKGError(f"unknown network '{network}' (expected one of: {', '.join(NETWORKS)})")


# -- Measures ----

@dataclass(frozen=True)
class Bridge:
    """A resource and the clusters it ties together."""

    id: str
    label: str
    kind: str
    clusters: tuple[str, ...]
    betweenness: float

    @property
    def degree(self) -> int:
        return len(self.clusters)


@dataclass(frozen=True)
class Similarity:
    """Two clusters and what they share."""

    a: str
    b: str
    shared: tuple[str, ...]
    either: int
    jaccard: float


def bridges(bipartite: nx.Graph, seed: int = DEFAULT_SEED, exact_limit: int = BETWEENNESS_EXACT_LIMIT,
            sources: int = BETWEENNESS_SOURCES) -> list[Bridge]:
    """Resources by how many clusters they touch (degree), then betweenness in ``bipartite``.

    Betweenness is exact up to ``exact_limit`` nodes; above that it is estimated from ``sources``
    source nodes drawn with ``seed`` (so it stays the same from run to run).
    """
    n = bipartite.number_of_nodes()
    k = min(sources, n) if n > exact_limit else None
    betweenness = nx.betweenness_centrality(bipartite, k=k, seed=seed)
    rows = [Bridge(n, d["label"], d["kind"], tuple(sorted(bipartite.neighbors(n))), round(betweenness[n], 6))
            for n, d in bipartite.nodes(data=True) if d.get("bipartite") == 1]
    return sorted(rows, key=lambda b: (-b.degree, -b.betweenness, b.label, b.id))


def similarity(bipartite: nx.Graph, across_plans: bool = False) -> list[Similarity]:
    """Every pair of clusters of one plan (of any plans, with ``across_plans``) with its Jaccard
    similarity (shared resources / resources of either), most alike first."""
    resources = {c: set(bipartite.neighbors(c)) for c in clusters_of(bipartite)}
    plans = defaultdict(list)
    for c in sorted(resources):
        plans["" if across_plans else bipartite.nodes[c].get("plan", "")].append(c)
    rows = []
    for a, b in (pair for members in plans.values() for pair in itertools.combinations(members, 2)):
        shared, either = resources[a] & resources[b], resources[a] | resources[b]
        rows.append(Similarity(a, b, tuple(sorted(shared)), len(either),
                               round(len(shared) / len(either), 6) if either else 0.0))
    return sorted(rows, key=lambda s: (-s.jaccard, -len(s.shared), s.a, s.b))


def communities(projection: nx.Graph, seed: int = DEFAULT_SEED, weight: str = "weight") -> list[tuple[str, ...]]:
    """Communities of clusters: Louvain on the projection with a fixed ``seed``, largest first."""
    if projection.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(projection, weight=weight, seed=seed)
    return sorted((tuple(sorted(c)) for c in found), key=lambda c: (-len(c), c))


@dataclass(frozen=True)
class NetworkReport:
    bridges: tuple[Bridge, ...]
    similarity: tuple[Similarity, ...]
    communities: tuple[tuple[str, ...], ...]
    labels: dict  # node id -> label
    short_labels: dict  # cluster id -> short name (its label if it has none)


def network_report(typed: nx.MultiDiGraph, across_plans: bool = False, seed: int = DEFAULT_SEED) -> NetworkReport:
    """Bridges, cluster similarity and communities of the typed network (clusters compared within
    their plan unless ``across_plans``)."""
    bipartite = bipartite_network(typed)
    pairs = similarity(bipartite, across_plans=across_plans)
    return NetworkReport(
        bridges=tuple(bridges(bipartite, seed=seed)),
        similarity=tuple(pairs),
        communities=tuple(communities(_projection(bipartite, pairs), seed=seed)),
        labels={n: d["label"] for n, d in bipartite.nodes(data=True)},
        short_labels={n: d["short_label"] for n, d in bipartite.nodes(data=True) if d.get("bipartite") == 0},
    )
