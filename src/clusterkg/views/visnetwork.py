"""The nodes and edges of a vis-network view as pyvis makes them, without pyvis's quadratic ``Network``."""

from __future__ import annotations

from clusterkg.errors import ClusterKGError


class VisNetwork:
    """The vis-network nodes and edges of one view, each made by pyvis's public ``Node`` and ``Edge``
    classes (so they are the dicts pyvis would make), each node id and each pair of nodes once: a dict and
    a set find repeats, where pyvis's ``Network`` scans every node and edge on each add."""

    def __init__(self):
        from pyvis.edge import Edge
        from pyvis.node import Node

        self._node, self._edge = Node, Edge
        self.nodes: list[dict] = []
        self.edges: list[dict] = []
        self._drawn_ids: set = set()
        self._pairs: set = set()

    def add_node(self, node_id: str, label: str, color, **options) -> None:
        if node_id not in self._drawn_ids:
            self._drawn_ids.add(node_id)
            self.nodes.append(self._node(node_id, "dot", label=label or node_id, color=color, **options).options)

    def add_folded_node(self, node_id: str, kind: str) -> None:
        """A node the page folds into its plan's node: its id and kind are all that folding reads."""
        if node_id not in self._drawn_ids:
            self._drawn_ids.add(node_id)
            self.nodes.append({"id": node_id, "kind": kind})

    def add_edge(self, source: str, to: str, **options) -> None:
        """An undirected edge: one per pair of nodes, whichever way it is given."""
        if source not in self._drawn_ids or to not in self._drawn_ids:
            raise ClusterKGError(f"an edge between unknown nodes: {source} -> {to}")
        pair = frozenset((source, to))
        if pair not in self._pairs:
            self._pairs.add(pair)
            self.edges.append(self._edge(source, to, False, **options).options)
