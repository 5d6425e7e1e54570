"""A short account of a built graph: counts by class, what clusters share most, quality notes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from .vocab import GROW

COUNTED_CLASSES = ("Cluster", "Place", "Organisation", "Asset", "Programme", "Event", "Lever",
                   "Benchmark", "Statement", "GrowthOpportunity")


@dataclass(frozen=True)
class Shared:
    label: str
    iri: str
    clusters: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    triples: int
    counts: dict[str, int]
    levers: tuple[Shared, ...]
    places: tuple[Shared, ...]
    entities: tuple[Shared, ...]
    quality_notes: tuple[tuple[str, str], ...]


def _label(graph: Graph, node) -> str:
    return str(graph.value(node, RDFS.label) or node)


def _shared(graph: Graph, predicate) -> tuple[Shared, ...]:
    users: dict = {}
    for cluster, target in graph.subject_objects(predicate):
        users.setdefault(target, set()).add(_label(graph, cluster))
    rows = [Shared(_label(graph, t), str(t), tuple(sorted(c))) for t, c in users.items() if len(c) >= 2]
    return tuple(sorted(rows, key=lambda s: (-len(s.clusters), s.label)))


def summarize(graph: Graph) -> Summary:
    counts = Counter()
    for name in COUNTED_CLASSES:
        counts[name] = sum(1 for _ in graph.subjects(RDF.type, GROW[name]))
    notes = sorted((_label(graph, s), str(o)) for s, o in graph.subject_objects(GROW.qualityNote))
    return Summary(
        triples=len(graph),
        counts=dict(counts),
        levers=_shared(graph, GROW.usesLever),
        places=_shared(graph, GROW.locatedIn),
        entities=_shared(graph, GROW.involves),
        quality_notes=tuple(notes),
    )


def format_summary(summary: Summary, top: int = 5) -> str:
    lines = [f"{summary.triples} triples; " + ", ".join(f"{n} {k}" for k, n in summary.counts.items())]
    for title, rows in (("levers", summary.levers), ("places", summary.places),
                        ("organisations, assets, programmes and events", summary.entities)):
        lines.append(f"Most shared {title}:")
        lines += [f"  {len(r.clusters)} clusters  {r.label}" for r in rows[:top]] or ["  (none)"]
    lines.append(f"Quality notes ({len(summary.quality_notes)}):")
    lines += [f"  {label}: {note}" for label, note in summary.quality_notes]
    return "\n".join(lines)
