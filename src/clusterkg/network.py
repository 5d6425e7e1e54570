"""The knowledge graph as networkx graphs, and measures of what clusters share.

Three networks, all built from the RDF graph (node ids are the IRI paths, e.g. ``cluster/aerospace``):

- :func:`typed_network`: every cluster, lever, place, organisation, asset, programme and event, with one
  edge per ``(cluster, relation, resource)`` (a ``MultiDiGraph`` keyed by relation name);
- :func:`bipartite_network`: clusters and the levers, places (``locatedIn``) and entities (``involves``)
  they use, one edge per pair;
- :func:`cluster_projection`: cluster to cluster, weighted by how many resources each pair shares, with
  the shared items on the edge.

Every edge carries ``statements``: the ``(line, text)`` of the source bullets behind the link.
No function here modifies a networkx graph passed to it.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from . import vocab
from .errors import ClusterKGError
from .fileio import atomic_write
from .gcpause import gc_paused
from .vocab import GROW

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
EXPORT_FORMATS = {".graphml": "graphml", ".gexf": "gexf"}
DEFAULT_SEED = 42


def node_id(iri) -> str:
    """The short id of a resource, its IRI path under ``id/`` (``lever/early-growth-fund``)."""
    text = str(iri)
    return text[len(str(vocab.ID)):] if text.startswith(str(vocab.ID)) else text


def _first(graph: Graph, predicate) -> dict:
    """subject -> its object for ``predicate`` (the least by text where there are several): one scan."""
    found: dict = {}
    for subject, value in graph.subject_objects(predicate):
        if subject not in found or str(value) < str(found[subject]):
            found[subject] = value
    return found


def _types(graph: Graph) -> dict:
    types = defaultdict(set)
    for subject, cls in graph.subject_objects(RDF.type):
        types[subject].add(cls)
    return types


def _mentions(graph: Graph, types: dict) -> dict:
    """(cluster, resource) -> [(statement classes, line, text)] for every grow:mentions in its bullets."""
    lines, texts = _first(graph, GROW.sourceLine), _first(graph, GROW.text)
    targets = defaultdict(list)
    for statement, target in graph.subject_objects(GROW.mentions):
        targets[statement].append(target)
    index = defaultdict(list)
    for cluster, statement in graph.subject_objects(GROW.hasStatement):
        if statement in targets:
            row = (types.get(statement, set()), int(lines[statement]), str(texts[statement]))
            for target in targets[statement]:
                index[(cluster, target)].append(row)
    return index


def _statements(found, statement_class=None, exclude=None) -> tuple[tuple[int, str], ...]:
    rows = {(line, text) for classes, line, text in found
            if (statement_class is None or statement_class in classes) and (exclude is None or exclude not in classes)}
    return tuple(sorted(rows))


@gc_paused
def typed_network(graph: Graph) -> nx.MultiDiGraph:
    """Clusters, levers, places and entities, with an edge per ``(cluster, relation, resource)``.

    Node attributes: ``kind``, ``label``, ``iri``, ``clusters`` (how many clusters the node touches;
    1 for a cluster). Edge key and ``relation``: ``usesLever``, ``locatedIn``, ``involves``, ``ledBy``,
    ``hasAsset`` or ``mentions`` (a place named in a bullet outside the places section); ``statements``:
    the sorted ``(line, text)`` of the bullets behind the link.
    """
    net = nx.MultiDiGraph(name="clusterkg typed network")
    types = _types(graph)
    nodes = {}
    for node, classes in types.items():
        for kind, cls in KINDS.items():  # the last kind in KINDS wins, as ever
            if cls in classes:
                nodes[node] = kind
    labels, plans = _first(graph, RDFS.label), _first(graph, GROW.partOfPlan)
    for node in sorted(nodes, key=node_id):
        net.add_node(node_id(node), kind=nodes[node], label=str(labels.get(node) or node_id(node)),
                     iri=str(node), clusters=1 if nodes[node] == "cluster" else 0)
        if nodes[node] == "cluster":
            net.nodes[node_id(node)]["plan"] = node_id(plans.get(node) or "")
    found = _mentions(graph, types)
    edges = []
    for name, (predicate, statement_class) in RELATIONS.items():
        for cluster, target in graph.subject_objects(predicate):
            if nodes.get(cluster) == "cluster" and target in nodes:
                edges.append((node_id(cluster), node_id(target), name,
                              _statements(found[(cluster, target)], statement_class)))
    for (cluster, target), rows in found.items():
        if nodes.get(cluster) == "cluster" and nodes.get(target) == "place":
            text_rows = _statements(rows, exclude=GROW.LocationStatement)
            if text_rows:
                edges.append((node_id(cluster), node_id(target), MENTIONS, text_rows))
    for source, target, name, rows in sorted(edges):
        net.add_edge(source, target, key=name, relation=name, statements=rows)
    for n, attrs in net.nodes(data=True):
        if attrs["kind"] != "cluster":
            attrs["clusters"] = len(set(net.predecessors(n)))
    return net


def bipartite_network(graph: Graph, kinds=tuple(GROUPS), typed: nx.MultiDiGraph | None = None) -> nx.Graph:
    """Clusters (``bipartite=0``) and the resources they share (``bipartite=1``), one edge per pair.

    ``kinds`` picks the resource groups: ``lever`` (``usesLever``), ``place`` (``locatedIn``) and
    ``entity`` (organisations, assets, programmes and events the cluster ``involves``). Resource nodes
    have a ``group``; edges have ``relation`` and ``statements``. ``typed``: the graph's
    :func:`typed_network` when it is already built.
    """
    unknown = [k for k in kinds if k not in GROUPS]
    if unknown:
        raise ClusterKGError(f"unknown resource kind '{unknown[0]}' (expected: {', '.join(GROUPS)})")
    if typed is None:
        typed = typed_network(graph)
    net = nx.Graph(name="clusterkg cluster-resource network")
    relation_group = {GROUPS[k][0]: k for k in kinds}
    for n, attrs in typed.nodes(data=True):
        if attrs["kind"] == "cluster":
            net.add_node(n, bipartite=0, group="cluster", kind="cluster", label=attrs["label"], iri=attrs["iri"],
                         plan=attrs["plan"])
    for source, target, name, attrs in typed.edges(keys=True, data=True):
        group = relation_group.get(name)
        if group is None or typed.nodes[target]["kind"] not in GROUPS[group][1]:
            continue
        t = typed.nodes[target]
        net.add_node(target, bipartite=1, group=group, kind=t["kind"], label=t["label"], iri=t["iri"])
        net.add_edge(source, target, relation=name, statements=attrs["statements"])
    return net


def clusters_of(bipartite: nx.Graph) -> list[str]:
    """The cluster nodes of a bipartite network, sorted."""
    return sorted(n for n, d in bipartite.nodes(data=True) if d.get("bipartite") == 0)


def cluster_projection(bipartite: nx.Graph, across_plans: bool = False) -> nx.Graph:
    """Cluster-to-cluster edges for each pair sharing a resource (pairs of one plan, unless
    ``across_plans``).

    Edge attributes: ``weight`` (number of shared resources), ``jaccard`` (shared / either),
    ``shared`` (their ids) and ``shared_lever``, ``shared_place``, ``shared_entity`` (ids by group).
    """
    projection = nx.Graph(name="clusterkg cluster similarity network")
    for c in clusters_of(bipartite):
        projection.add_node(c, **{k: bipartite.nodes[c][k] for k in ("kind", "label", "iri", "plan")})
    for pair in similarity(bipartite, across_plans=across_plans):
        if pair.shared:
            attrs = {f"shared_{g}": tuple(r for r in pair.shared if bipartite.nodes[r]["group"] == g) for g in GROUPS}
            projection.add_edge(pair.a, pair.b, weight=len(pair.shared), jaccard=pair.jaccard,
                                shared=pair.shared, **attrs)
    return projection


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
    labels: dict


@gc_paused
def network_report(graph: Graph, seed: int = DEFAULT_SEED, across_plans: bool = False) -> NetworkReport:
    """Bridges, cluster similarity and communities of the knowledge graph (clusters compared within
    their plan unless ``across_plans``)."""
    bipartite = bipartite_network(graph)
    return NetworkReport(
        bridges=tuple(bridges(bipartite, seed=seed)),
        similarity=tuple(similarity(bipartite, across_plans=across_plans)),
        communities=tuple(communities(cluster_projection(bipartite, across_plans=across_plans), seed=seed)),
        labels={n: d["label"] for n, d in bipartite.nodes(data=True)},
    )


def _display_order(resource: str):
    kind = resource.split("/", 1)[0]
    return (list(KINDS).index(kind) if kind in KINDS else len(KINDS), resource)


def _short(cluster: str) -> str:
    return cluster.removeprefix("cluster/")


def format_network_report(report: NetworkReport, top: int = 10) -> str:
    lines = ["Bridges: resources by the number of clusters they touch (betweenness in the "
             "cluster-resource network):"]
    lines += [f"  {b.degree} clusters  {b.betweenness:.3f}  {b.kind:<12}  {b.label}" for b in report.bridges[:top]]
    lines.append("Most alike clusters (Jaccard similarity of levers, places and entities):")
    for s in report.similarity[:top]:
        shared = ", ".join(report.labels[r] for r in sorted(s.shared, key=_display_order))
        lines.append(f"  {s.jaccard:.3f}  {_short(s.a)} ~ {_short(s.b)}  ({len(s.shared)} of {s.either}: {shared})")
    lines.append(f"Communities of clusters (Louvain on shared resources, seed {DEFAULT_SEED}):")
    lines += [f"  {i}. " + ", ".join(_short(c) for c in members) for i, members in enumerate(report.communities, 1)]
    return "\n".join(lines)


# -- Export ----

def build_network(graph: Graph, network: str = "typed") -> nx.Graph:
    """One of the networks by name: ``typed``, ``bipartite`` or ``projection``."""
    if network == "typed":
        return typed_network(graph)
    if network == "bipartite":
        return bipartite_network(graph)
    if network == "projection":
        return cluster_projection(bipartite_network(graph))
    raise ClusterKGError(f"unknown network '{network}' (expected one of: {', '.join(NETWORKS)})")


def _flat(value):
    """A GraphML/GEXF-safe attribute value: lists become text, one item per line."""
    if isinstance(value, (list, tuple)):
        return "\n".join(f"line {v[0]}: {v[1]}" if isinstance(v, tuple) else str(v) for v in value)
    return value


def _exportable(net: nx.Graph) -> nx.Graph:
    flat = net.__class__()
    flat.graph.update({k: _flat(v) for k, v in net.graph.items()})
    flat.add_nodes_from((n, {k: _flat(v) for k, v in d.items()}) for n, d in net.nodes(data=True))
    if net.is_multigraph():
        flat.add_edges_from((u, v, k, {a: _flat(x) for a, x in d.items()})
                            for u, v, k, d in net.edges(keys=True, data=True))
    else:
        flat.add_edges_from((u, v, {a: _flat(x) for a, x in d.items()}) for u, v, d in net.edges(data=True))
    return flat


def network_bytes(net: nx.Graph, format: str) -> bytes:
    """``net`` as GraphML or GEXF (UTF-8); list attributes become text. The same network gives the same bytes."""
    flat = _exportable(net)
    if format == "graphml":
        text = "\n".join(nx.generate_graphml(flat)) + "\n"
    elif format == "gexf":
        text = "\n".join(nx.generate_gexf(flat)) + "\n"
        text = re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)  # today's date: not deterministic
    else:
        raise ClusterKGError(f"unknown network format '{format}' (expected one of: graphml, gexf)")
    return text.encode("utf-8")


def export_network(graph: Graph, path, network: str = "typed") -> Path:
    """Write a network of ``graph`` to ``path``, GraphML or GEXF by its suffix, through a temporary file."""
    path = Path(path)
    format = EXPORT_FORMATS.get(path.suffix.lower())
    if format is None:
        raise ClusterKGError(f"{path}: unknown network file type '{path.suffix}' (expected .graphml or .gexf)")
    data = network_bytes(build_network(graph, network), format)
    try:
        return atomic_write(path, data)
    except OSError as exc:
        raise ClusterKGError(f"{path}: cannot write ({exc.strerror or exc})") from exc
