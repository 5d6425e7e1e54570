"""Reading a graph held in Oxigraph one predicate at a time: the scans the networks, views and summary
are made of. Terms come back as plain strings (an IRI, a blank node's id, a literal's lexical form),
so the stages after the graph never depend on how terms are represented.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import pyoxigraph as ox

from clusterkg.model.terms import RDF_TYPE

DEFAULT_GRAPH = ox.DefaultGraph()


def pairs(store: ox.Store, predicate: str) -> Iterator[tuple[str, str]]:
    """``(subject, object)`` for every triple of ``predicate`` in the default graph."""
    for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None, DEFAULT_GRAPH):
        yield quad.subject.value, quad.object.value


def first(store: ox.Store, predicate: str) -> dict[str, str]:
    """subject -> its object for ``predicate`` (the least by text where there are several): one scan."""
    found: dict[str, str] = {}
    for subject, value in pairs(store, predicate):
        if subject not in found or value < found[subject]:
            found[subject] = value
    return found


def grouped(store: ox.Store, predicate: str) -> dict[str, list[str]]:
    """subject -> every object of ``predicate``, sorted."""
    found: dict[str, list[str]] = defaultdict(list)
    for subject, value in pairs(store, predicate):
        found[subject].append(value)
    return {s: sorted(v) for s, v in found.items()}


def types(store: ox.Store) -> dict[str, set[str]]:
    """subject -> its classes."""
    found: dict[str, set[str]] = defaultdict(set)
    for subject, cls in pairs(store, RDF_TYPE):
        found[subject].add(cls)
    return dict(found)


def instances(store: ox.Store, cls: str) -> list[str]:
    """The subjects typed ``cls``, sorted."""
    quads = store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(cls), DEFAULT_GRAPH)
    return sorted(q.subject.value for q in quads)

