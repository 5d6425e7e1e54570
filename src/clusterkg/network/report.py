"""The network report for a terminal: three tables (bridges, most alike clusters, communities) with names,
clusters by their short names where those tell them apart, wrapped to the terminal's width and never cut."""

from __future__ import annotations

import textwrap
from decimal import ROUND_HALF_UP, Decimal

from clusterkg.query.tables import fit_widths, render_list, render_table, terminal_width
from clusterkg.safetext import terminal_text

DEFAULT_SEED = 42  # network.DEFAULT_SEED, without importing networkx here
KIND_ORDER = ("cluster", "lever", "place", "organisation", "asset", "programme", "event")


def jaccard_text(shared: int, either: int) -> str:
    """A Jaccard similarity as every output shows it: three decimals, a half rounded up, as the stored query
    cluster-similarity rounds it (``ROUND(1000 * shared / either) / 1000``)."""
    value = Decimal(shared) / Decimal(either) if either else Decimal(0)
    return str(value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))


def _display_order(resource: str):
    kind = resource.split("/", 1)[0]
    return (KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER), resource)


def cluster_names(report) -> dict[str, str]:
    """Cluster id -> the name to print: its short name, or its label where short names would read the same
    for two clusters of the report."""
    short = {c: terminal_text(name) for c, name in report.short_labels.items()}
    if len(set(short.values())) == len(short):
        return short
    return {c: terminal_text(report.labels[c]) for c in short}


def _heading(text: str, width: int) -> str:
    return textwrap.fill(text, width)


def _table(headers: list[str], rows: list[list[str]], width: int, right: set[int]) -> str:
    """A table no wider than ``width``, or, when its columns cannot fit, one field a line."""
    if fit_widths(headers, rows, width, right) is None:
        return render_list(headers, rows, width)
    return render_table(headers, rows, width, right)


def format_network_report(report, top: int = 10, width: int | None = None) -> str:
    """``report`` (a :class:`clusterkg.network.measures.NetworkReport`) as text no wider than ``width`` (default: the
    terminal's, ``COLUMNS`` or else 100) where its words allow: at most ``top`` rows of each table."""
    width = width or terminal_width()
    names = cluster_names(report)
    label = {n: terminal_text(text) for n, text in report.labels.items()}
    bridges = [[str(b.degree), f"{b.betweenness:.3f}", b.kind, label[b.id]] for b in report.bridges[:top]]
    alike = [[jaccard_text(len(s.shared), s.either), names[s.a], names[s.b], f"{len(s.shared)} of {s.either}",
              ", ".join(label[r] for r in sorted(s.shared, key=_display_order))] for s in report.similarity[:top]]
    groups = [[str(i), ", ".join(names[c] for c in members)] for i, members in enumerate(report.communities, 1)]
    parts = [
        _heading("Bridges: the levers, places and entities linked to the most clusters, with their betweenness "
                 "in the cluster-resource network", width),
        _table(["Clusters", "Betweenness", "Kind", "Name"], bridges, width, right={0, 1}),
        _heading("Most alike clusters: the Jaccard similarity of their levers, places and entities (shared of "
                 "either's)", width),
        _table(["Jaccard", "Cluster", "and cluster", "Shared", "What they share"], alike, width, right={0, 3}),
        _heading(f"Communities of clusters: Louvain on what they share (seed {DEFAULT_SEED})", width),
        _table(["#", "Clusters"], groups, width, right={0}),
    ]
    return "\n".join(parts).rstrip("\n")
