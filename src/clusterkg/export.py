"""Serialise the graph: deterministic Turtle, written whole or not at all."""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph

from .errors import ClusterKGError
from .fileio import atomic_write

ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "clusterkg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

# format name -> rdflib serializer name
FORMATS = {"turtle": "longturtle"}


def with_ontology(graph: Graph) -> Graph:
    """A new graph holding ``graph`` and the ontology (``ontology/clusterkg.ttl``)."""
    merged = Graph()
    for prefix, ns in graph.namespaces():
        merged.bind(prefix, ns, replace=True)
    merged += graph
    merged.parse(ONTOLOGY_FILE, format="turtle")
    return merged


def serialize(graph: Graph, format: str = "turtle", with_ontology: bool = False) -> bytes:
    """The graph as bytes in ``format``; the same graph always gives the same bytes."""
    if format not in FORMATS:
        raise ClusterKGError(f"unknown format '{format}' (expected one of: {', '.join(FORMATS)})")
    if with_ontology:
        graph = globals()["with_ontology"](graph)
    return graph.serialize(format=FORMATS[format], encoding="utf-8")


def export(graph: Graph, path, format: str = "turtle", with_ontology: bool = False) -> Path | None:
    """Write ``graph`` to ``path`` (``"-"`` for stdout) through a temporary file."""
    data = serialize(graph, format, with_ontology)
    if str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return None
    return atomic_write(path, data)
