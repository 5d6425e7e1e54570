"""Two editions compared: :func:`compare` reads both sides and works out every change once."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from clusterkg.editions.align import Pair, align_cluster
from clusterkg.editions.edition import Bullet, Edition, read_edition


@dataclass(frozen=True)
class FigureChange:
    cluster: str
    figure: str  # minJobs, maxOutputGBP, targetYear, benchmark, ...
    old: str | None
    new: str | None


@dataclass
class EditionDiff:
    """Every change from ``old`` to ``new``; ``same`` when the two graphs hold the same quads."""

    old: Edition
    new: Edition
    clusters_added: list[str] = field(default_factory=list)
    clusters_removed: list[str] = field(default_factory=list)
    bullets: dict[str, list[Pair]] = field(default_factory=dict)  # cluster -> changed pairs
    figures: list[FigureChange] = field(default_factory=list)
    links_gained: list[tuple[str, str, str]] = field(default_factory=list)
    links_lost: list[tuple[str, str, str]] = field(default_factory=list)
    notes_added: list[tuple[str, str]] = field(default_factory=list)
    notes_resolved: list[tuple[str, str]] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # (IRI, old name, new name)
    reused: list[tuple[str, str, str]] = field(default_factory=list)  # (bullet IRI, old words, new words)
    renumbered: list[tuple[Bullet, str]] = field(default_factory=list)  # (new bullet, the id: to give it)
    quads_removed: list[ox.Quad] = field(default_factory=list)
    quads_added: list[ox.Quad] = field(default_factory=list)

    @property
    def same(self) -> bool:
        return not self.quads_removed and not self.quads_added

    def name(self, iri: str) -> str:
        """A resource's name in the new edition, else in the old, else its IRI."""
        return self.new.names.get(iri) or self.old.name(iri)


def _term_order(quad: ox.Quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def _number(iri: str) -> int:
    return int(iri.rsplit("/", 1)[1])


def _renumbered(pairs: list[Pair]) -> list[tuple[Bullet, str]]:
    """What the new edition's data must say for every bullet to keep its IRI across the editions, and no
    IRI to be reused: ``id: N`` for the same words under another number; a new number and ``revises: N``
    for a rewording; a number never used before for an added bullet whose position was taken."""
    used: dict[str, set[int]] = {}  # the IRI numbers of the old edition, by section IRI prefix
    for pair in pairs:
        if pair.old is not None:
            used.setdefault(pair.old.iri.rsplit("/", 1)[0], set()).add(_number(pair.old.iri))
    advice = []
    for pair in sorted((p for p in pairs if p.new is not None), key=lambda p: (p.new.section, p.new.position)):
        bullet, old = pair.new, pair.old
        prefix, number = bullet.iri.rsplit("/", 1)[0], _number(bullet.iri)
        numbers = used.setdefault(prefix, set())
        if old is not None and old.section == bullet.section and pair.kind in ("kept", "moved"):
            if old.iri != bullet.iri:
                advice.append((bullet, f"id: {_number(old.iri)}"))
            continue
        if pair.kind in ("added", "reworded") and number not in numbers:  # a number never used before
            numbers.add(number)
            continue
        free = max(numbers | {number}) + 1
        numbers.add(free)
        revises = f", revises: {_number(old.iri)}" if pair.kind == "reworded" and old is not None else ""
        if free != number or revises:
            advice.append((bullet, f"id: {free}{revises}"))
    return sorted(advice, key=lambda a: (a[0].line or 0, a[0].iri))


def _by_cluster(edition: Edition) -> dict[str, list[Bullet]]:
    grouped: dict[str, list[Bullet]] = {}
    for bullet in edition.bullets:
        grouped.setdefault(bullet.cluster, []).append(bullet)
    return grouped


def compare_editions(old: Edition, new: Edition) -> EditionDiff:
    """The changes from ``old`` to ``new``, each in a fixed order (the same editions, the same report)."""
    diff = EditionDiff(old, new)
    diff.clusters_added = sorted(set(new.clusters) - set(old.clusters))
    diff.clusters_removed = sorted(set(old.clusters) - set(new.clusters))
    old_by, new_by = _by_cluster(old), _by_cluster(new)
    for cluster in sorted(set(old.clusters) | set(new.clusters)):
        pairs = align_cluster(old_by.get(cluster, []), new_by.get(cluster, []))
        diff.renumbered += _renumbered(pairs)
        pairs = [p for p in pairs if p.kind != "kept"]
        if pairs:
            diff.bullets[cluster] = pairs
    for key in sorted(set(old.figures) | set(new.figures)):
        if old.figures.get(key) != new.figures.get(key):
            diff.figures.append(FigureChange(*key, old.figures.get(key), new.figures.get(key)))
    diff.links_gained = sorted(new.links - old.links)
    diff.links_lost = sorted(old.links - new.links)
    diff.notes_added = sorted(new.notes - old.notes)
    diff.notes_resolved = sorted(old.notes - new.notes)
    statements = {b.iri for b in old.bullets} | {b.iri for b in new.bullets}
    diff.renamed = sorted((iri, old.names[iri], new.names[iri]) for iri in set(old.names) & set(new.names)
                          if old.names[iri] != new.names[iri] and iri not in statements)
    old_text = {b.iri: b.text for b in old.bullets}
    diff.reused = sorted((b.iri, old_text[b.iri], b.text) for b in new.bullets
                         if b.iri in old_text and old_text[b.iri] != b.text)
    diff.quads_removed = sorted(old.quads - new.quads, key=_term_order)
    diff.quads_added = sorted(new.quads - old.quads, key=_term_order)
    return diff


def compare(old: ox.Store, new: ox.Store, *, old_origin: str = "old", new_origin: str = "new") -> EditionDiff:
    """Compare the editions held by two stores (``KnowledgeGraph.of(x).store`` opens a data folder, a graph
    file or an endpoint)."""
    return compare_editions(read_edition(old, old_origin), read_edition(new, new_origin))
