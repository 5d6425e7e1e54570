"""A short account of a built graph: counts by class, what clusters share most, quality notes.

:func:`format_summary` stays a screenful at any size: the counts, then the first few of each list with
how many more there are; data text is printed without control characters or escape sequences.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from clusterkg.model.terms import GROW, PREFIXES
from clusterkg.network.sharing import Shared
from clusterkg.safetext import terminal_text

COUNTED_CLASSES = ("Cluster", "Place", "Organisation", "Asset", "Programme", "Event", "Lever",
                   "Benchmark", "Statement", "GrowthOpportunity")
SHOWN = 5  # rows shown of each list

# Each quality note with the label of what it is about (the least label where it has several).
QUALITY_NOTES_QUERY = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("grow", "rdfs")) + """
SELECT ?subject (MIN(STR(?label_)) AS ?label) ?note
WHERE { ?subject grow:qualityNote ?note OPTIONAL { ?subject rdfs:label ?label_ } }
GROUP BY ?subject ?note
"""
TRIPLES_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CLASS_COUNTS_QUERY = ("SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { VALUES ?class { "
                      + " ".join(f"<{getattr(GROW, name)}>" for name in COUNTED_CLASSES)
                      + " } ?s a ?class } GROUP BY ?class")


@dataclass(frozen=True)
class Summary:
    triples: int
    counts: dict[str, int]
    levers: tuple[Shared, ...]
    places: tuple[Shared, ...]
    entities: tuple[Shared, ...]
    quality_notes: tuple[tuple[str, str], ...]  # (label of what it is about, note), sorted


def summarize(store: ox.Store, shared: list[Shared] | None = None) -> Summary:
    """Counts, shared levers, places and entities, and quality notes of the default graph of ``store``.
    ``shared``: its :func:`clusterkg.network.measures.shared_resources`, when the caller already has them."""
    if shared is None:
        from clusterkg.network.measures import bipartite_network, shared_resources, typed_network

        shared = shared_resources(bipartite_network(typed_network(store)))
    class_counts = {row["class"].value: int(row["n"].value) for row in store.query(CLASS_COUNTS_QUERY)}
    notes = sorted(((row["label"].value if row["label"] is not None else row["subject"].value), row["note"].value)
                   for row in store.query(QUALITY_NOTES_QUERY))
    return Summary(
        triples=_default_graph_size(store),
        counts={name: class_counts.get(getattr(GROW, name), 0) for name in COUNTED_CLASSES},
        levers=tuple(s for s in shared if s.group == "lever"),
        places=tuple(s for s in shared if s.group == "place"),
        entities=tuple(s for s in shared if s.group == "entity"),
        quality_notes=tuple(notes),
    )


def _default_graph_size(store: ox.Store) -> int:
    """The triples of the default graph (the store's size, unless it holds named graphs too)."""
    if next(iter(store.named_graphs()), None) is None:
        return len(store)
    return int(next(iter(store.query(TRIPLES_QUERY)))["n"].value)


def _at_most(lines: list[str], total: int, top: int) -> list[str]:
    """``lines`` (the first ``top`` of ``total`` rows), then how many more there are."""
    return lines[:top] + ([f"  and {total - top:,} more"] if total > top else [])


def format_summary(summary: Summary, top: int = SHOWN) -> str:
    """The summary as lines for a terminal: counts, then at most ``top`` rows of each list."""
    lines = [f"{summary.triples} triples; " + ", ".join(f"{n} {k}" for k, n in summary.counts.items())]
    several_plans = len({s.plan for s in summary.levers + summary.places + summary.entities}) > 1
    for title, rows in (("levers", summary.levers), ("places", summary.places),
                        ("organisations, assets, programmes and events", summary.entities)):
        lines.append(f"Most shared {title}:")
        shown = [f"  {len(r.clusters)} clusters  {terminal_text(r.label)}"
                 + (f"  ({terminal_text(r.plan)})" if several_plans else "") for r in rows[:top]]
        lines += _at_most(shown, len(rows), top) or ["  (none)"]
    notes = summary.quality_notes
    lines.append(f"Quality notes ({len(notes)}):")
    lines += _at_most([f"  {terminal_text(label)}: {terminal_text(note)}" for label, note in notes[:top]],
                      len(notes), top)
    return "\n".join(lines)
