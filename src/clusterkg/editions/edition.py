"""What one edition says, read from its graph with the queries in ``queries/editions/``: its bullets,
figures, links, quality notes and names, and every quad (for the changeset)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from clusterkg.resources import resource

_QUERY_NAMES = ("bullets", "figures", "links", "notes", "names")


@dataclass(frozen=True)
class Bullet:
    """One bullet as the graph holds it."""

    iri: str
    cluster: str
    section: str  # the class's local name: Driver, Strength, Action, ...
    text: str
    position: int
    line: int | None


@dataclass
class Edition:
    """One edition of the profiles, as its graph says it."""

    origin: str
    bullets: list[Bullet] = field(default_factory=list)
    clusters: dict[str, str] = field(default_factory=dict)  # cluster IRI -> name
    figures: dict[tuple[str, str], str] = field(default_factory=dict)  # (cluster, property) -> value
    links: set[tuple[str, str, str]] = field(default_factory=set)  # (cluster, property, target)
    notes: set[tuple[str, str]] = field(default_factory=set)  # (resource, note)
    names: dict[str, str] = field(default_factory=dict)  # resource -> name
    quads: set[ox.Quad] = field(default_factory=set)

    def name(self, iri: str) -> str:
        return self.names.get(iri, iri)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _query_text(name: str) -> str:
    return resource("queries", "editions", f"{name}.rq").read_text(encoding="utf-8")


def read_edition(store: ox.Store, origin: str) -> Edition:
    """Everything the comparison needs from ``store``, read once."""
    texts = {name: _query_text(name) for name in _QUERY_NAMES}
    rows = {name: list(store.query(text, use_default_graph_as_union=True))  # type: ignore[arg-type]
            for name, text in texts.items()}
    edition = Edition(origin)
    for r in rows["bullets"]:
        cluster = r["cluster"].value
        edition.clusters[cluster] = r["clusterName"].value
        line = int(r["line"].value) if r["line"] is not None else None
        edition.bullets.append(Bullet(r["statement"].value, cluster, _local(r["kind"].value), r["text"].value,
                                      int(r["position"].value), line))
    edition.bullets.sort(key=lambda b: (b.cluster, b.section, b.position, b.iri))
    for r in rows["figures"]:
        edition.figures[(r["cluster"].value, _local(r["property"].value))] = r["value"].value
    edition.links = {(r["cluster"].value, _local(r["property"].value), r["target"].value) for r in rows["links"]}
    edition.notes = {(r["subject"].value, r["note"].value) for r in rows["notes"]}
    edition.names = {r["resource"].value: r["label"].value for r in rows["names"] if r["label"] is not None}
    edition.quads = set(store)
    return edition
