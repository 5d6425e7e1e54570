"""What the web site knows of the graph: every triple indexed once, by subject and by object, and where
each resource's page goes.

One pass over the store builds the index (no query per page), so a site of a hundred plans stays
fast. A resource under ``{base}id/`` gets a page at the path that mirrors its IRI, the same path with
``.html``: ``id/cluster/aerospace`` -> ``id/cluster/aerospace.html``, and its data beside it
(``.ttl``, ``.jsonld``, ``.rdf``, ``.nt``). A file beside a folder of the same name, never the page
as ``aerospace/index.html``: a page's relative links then resolve from the same folder whether it is
opened as ``aerospace.html`` (file://, any static host) or reached as ``aerospace`` through the
w3id.org rules or ``clusterkg serve``; and ``id/cluster/aerospace/driver/1`` still fits in the folder
``aerospace/`` (whose ``index.html`` only sends a static host's visitor on: :mod:`clusterkg.web.sitehome`).
A path is made only of segments of letters, digits, ``-``, ``_`` and ``~``: an IRI with any other
segment (``..``, a dot, an encoded character) gets no page and is shown as text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from clusterkg.model.terms import DCTERMS, OWL, RDF, RDF_TYPE, RDFS_LABEL, SKOS

SAFE_SEGMENT = re.compile(r"[A-Za-z0-9_~-]+\Z")
PAGE = "html"
DATA_EXTENSIONS = ("ttl", "jsonld", "rdf", "nt")  # the RDF files beside each page, in the order shown
NAME_PREDICATES = (RDFS_LABEL, SKOS + "prefLabel", DCTERMS + "title")


def page_path(iri: str, base: str) -> str | None:
    """The site path of a resource without its extension (``id/cluster/aerospace``), or None when the
    IRI is not under ``{base}id/`` or has a segment that cannot be a file name."""
    if not iri.startswith(base + "id/"):
        return None
    rest = iri[len(base):]
    if any(not SAFE_SEGMENT.match(segment) for segment in rest.split("/")):
        return None
    return rest


def relative(target: str, page: str) -> str:
    """The relative link from the file ``page`` to the file ``target`` (both plain site paths: no ``.``,
    ``..`` or empty segment), with a fragment if ``target`` has one."""
    here, there = page.split("/")[:-1], target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "../" * (len(here) - common) + "/".join(there[common:])


class SiteIndex:
    """Every triple of the default graph by subject and by object, the names and classes of things,
    and the page path of each resource that gets one."""

    def __init__(self, base: str):
        self.base = base
        self.outgoing: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        self.inbound: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.quads: dict[str, list[ox.Quad]] = defaultdict(list)
        self.paths: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.blank: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))

    @classmethod
    def build(cls, quads: Iterable[ox.Quad], base: str) -> SiteIndex:
        index = cls(base)
        for quad in quads:
            subject = quad.subject
            if isinstance(subject, ox.BlankNode):  # no page of its own; shown where it is used (a union class)
                index.blank[subject.value][quad.predicate.value].append(quad.object)
                continue
            s, p = subject.value, quad.predicate.value
            index.outgoing[s][p].append(quad.object)
            index.quads[s].append(ox.Quad(subject, quad.predicate, quad.object))
            if isinstance(quad.object, ox.NamedNode):
                index.inbound[quad.object.value][p].append(s)
        index._finish()
        return index

    def _finish(self) -> None:
        for subject, by_predicate in self.outgoing.items():
            for predicate in by_predicate:
                by_predicate[predicate].sort(key=str)
            for predicate in NAME_PREDICATES:
                names = sorted(o.value for o in by_predicate.get(predicate, ()) if isinstance(o, ox.Literal))
                if names:
                    self.names[subject] = names[0]
                    break
            path = page_path(subject, self.base)
            if path is not None:
                self.paths[subject] = path
        for by_predicate in self.inbound.values():
            for predicate in by_predicate:
                by_predicate[predicate] = sorted(set(by_predicate[predicate]))
        for subject in self.quads:
            self.quads[subject].sort(key=str)

    # -- Asking ----

    def name(self, iri: str) -> str:
        """A resource's name: its rdfs:label, skos:prefLabel or dcterms:title, else its IRI."""
        return self.names.get(iri, iri)

    def values(self, subject: str, predicate: str) -> list:
        return list(self.outgoing.get(subject, {}).get(predicate, ()))

    def value(self, subject: str, predicate: str):
        found = self.values(subject, predicate)
        return found[0] if found else None

    def iris(self, subject: str, predicate: str) -> list[str]:
        return [o.value for o in self.values(subject, predicate) if isinstance(o, ox.NamedNode)]

    def subjects(self, predicate: str, obj: str) -> list[str]:
        """The subjects linked to ``obj`` by ``predicate``, sorted."""
        return list(self.inbound.get(obj, {}).get(predicate, ()))

    def members(self, node: str) -> list[str] | None:
        """The IRIs of the RDF list of the blank node's ``owl:unionOf``, or None if it has none."""
        found = self.blank.get(node, {}).get(OWL + "unionOf")
        if not found:
            return None
        members, item = [], found[0]
        while isinstance(item, ox.BlankNode) and len(members) < 1000:
            first, rest = self.blank[item.value].get(RDF + "first"), self.blank[item.value].get(RDF + "rest")
            if not first or not rest:
                return None
            members.append(first[0].value)
            item = rest[0]
        return members

    def types(self, iri: str) -> list[str]:
        return self.iris(iri, RDF_TYPE)

    def is_a(self, iri: str, cls: str) -> bool:
        return cls in self.types(iri)

    def instances(self, cls: str) -> list[str]:
        return self.subjects(RDF_TYPE, cls)

    def page(self, iri: str) -> str | None:
        """The page (``id/cluster/aerospace.html``) of a resource that has one."""
        path = self.paths.get(iri)
        return f"{path}.{PAGE}" if path is not None else None

    def by_name(self, iris: Iterable[str]) -> list[str]:
        """``iris`` sorted by name, then IRI."""
        return sorted(set(iris), key=lambda i: (self.name(i).casefold(), i))
