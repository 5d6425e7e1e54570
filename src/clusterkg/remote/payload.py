"""What a push sends: the graphs of its source, each as N-Triples lines in batches.

A dataset (a TriG or N-Quads file, a store with named graphs) gives one graph per name: each goes to
the graph of that name, and the default graph's triples to the target graph; where the two clash
the push is refused, so no graph is ever dropped or merged without a word.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from clusterkg.errors import ClusterKGError
from clusterkg.model.terms import GROW, RDF_TYPE, dataset_iri
from clusterkg.query.sparql import sparql_term


@dataclass
class Payload:
    """The triples for one graph on the server, as groups of N-Triples lines (the triples that share a
    blank node form one group, so each blank node stays one node), sorted."""

    graph: str
    groups: list[list[str]]

    @property
    def triples(self) -> int:
        return sum(len(g) for g in self.groups)


def read_dataset(source) -> tuple[ox.Store, str]:
    """The store of ``source`` with its named graphs kept, and how to name the source in messages."""
    from clusterkg.model.rdffiles import read_quads

    if isinstance(source, str | Path) and Path(source).is_file():
        store = ox.Store()
        store.bulk_extend(read_quads(source))
        return store, str(source)
    if isinstance(source, ox.Store):
        return source, "the store"
    return source.store, source.origin or "the graph"  # a KnowledgeGraph (clusterkg.push opens any source)


def payloads(source, target: str | None, explicit_target: bool) -> list[Payload]:
    """One payload per graph to replace: the default graph of ``source`` into ``target``, each named
    graph into itself. Refuses a dataset whose graphs cannot all go where they belong."""
    store, what = read_dataset(source)
    if target is None:  # the dataset IRI, as export names the same data (its source document, in any graph)
        typed = store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(GROW.SourceDocument), None)
        target = dataset_iri({q.subject.value for q in typed})
    by_graph: dict[str | None, list] = {}
    for quad in store:
        name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name
        if isinstance(name, ox.BlankNode):
            raise ClusterKGError(f"{what} has a graph named by a blank node, which no server can be told to replace")
        by_graph.setdefault(None if name is None else name.value, []).append(quad.triple)
    named = sorted(g for g in by_graph if g is not None)
    if None in by_graph and target in named:
        raise ClusterKGError(
            f"{what} holds {_triples(len(by_graph[None]))} in its default graph and {len(by_graph[target])} in the "
            f"named graph <{target}>, where the default graph's would go too: give --graph IRI, a graph the "
            "file does not name, for the default graph's triples")
    if None not in by_graph and named and explicit_target:
        raise ClusterKGError(f"{what} has no triples in its default graph, the only ones --graph places; its "
                             f"named graphs ({', '.join(f'<{g}>' for g in named)}) each go to the graph of their "
                             "name: leave out --graph")
    if not by_graph:
        raise ClusterKGError(f"nothing to push: {what} holds no triples")
    order = ([None] if None in by_graph else []) + named
    return [Payload(target if g is None else g, _groups(by_graph[g])) for g in order]


def _triples(n: int) -> str:
    return f"{n} triple{'' if n == 1 else 's'}"


def _groups(triples: list) -> list[list[str]]:
    """N-Triples lines grouped by the blank nodes they share (union-find), groups in sorted order."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    plain, linked = [], []
    for t in triples:
        line = f"{sparql_term(t.subject)} {sparql_term(t.predicate)} {sparql_term(t.object)} ."
        blanks = [n.value for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)]
        if not blanks:
            plain.append([line])
            continue
        for other in blanks[1:]:
            parent[root(other)] = root(blanks[0])
        linked.append((blanks[0], line))
    grouped: dict[str, list[str]] = {}
    for node, line in linked:
        grouped.setdefault(root(node), []).append(line)
    groups = plain + [sorted(g) for g in grouped.values()]
    groups.sort()
    return groups


class Batches:
    """The groups of a payload in batches of at most ``size`` triples (a larger group goes alone); the
    size can shrink part-way, when the server finds a batch too large."""

    def __init__(self, payload: Payload, size: int):
        self.groups, self.size, self.position, self.done = payload.groups, size, 0, 0
        self.remaining, self.tried = payload.triples, False  # tried: a batch was sent

    def next(self) -> tuple[int, list[str]]:
        """The next batch (its end position and lines), without taking it."""
        lines, end = [], self.position
        while end < len(self.groups) and (not lines or len(lines) + len(self.groups[end]) <= self.size):
            lines.extend(self.groups[end])
            end += 1
        return end, lines

    def take(self, end: int, count: int) -> None:
        self.position, self.done, self.remaining = end, self.done + 1, self.remaining - count

    @property
    def total(self) -> int:
        """Batches done plus those left at the current size."""
        return self.done + math.ceil(self.remaining / self.size)
