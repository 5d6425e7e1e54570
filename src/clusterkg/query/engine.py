"""Queries on a graph held in an embedded Oxigraph store: the local engine.

:class:`LocalEngine` and :class:`clusterkg.remote.endpoint.Endpoint` answer the same calls (``select`` and
``labels``), so a stored query, its params and its names work the same on either.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from clusterkg.errors import ClusterKGError
from clusterkg.model.terms import PREFIXES
from clusterkg.query.labels import lookup_labels
from clusterkg.query.limits import check_shape, service_calls
from clusterkg.query.results import QueryResult
from clusterkg.query.sparql import bind_values, query_form

_POSITION = re.compile(r"error at (\d+):(\d+): ?(.*)", re.DOTALL)


def syntax_error(label: str, exc: Exception) -> ClusterKGError:
    """Oxigraph's syntax error in one line: ``label: SPARQL syntax error at line L, column C: ...``."""
    text = " ".join(str(exc).split())
    m = _POSITION.match(text)
    if m:
        return ClusterKGError(f"{label}: SPARQL syntax error at line {m[1]}, column {m[2]}: {m[3]}")
    return ClusterKGError(f"{label}: SPARQL syntax error: {text}")


def solutions_result(found) -> QueryResult:
    """A pyoxigraph query answer (solutions, boolean or triples) as a :class:`QueryResult`."""
    if isinstance(found, ox.QueryBoolean):
        return QueryResult(variables=[], rows=[], boolean=bool(found))
    if isinstance(found, ox.QuerySolutions):
        names = [v.value for v in found.variables]
        rows = [{n: t for n, t in zip(names, solution) if t is not None} for solution in found]
        return QueryResult(variables=names, rows=rows)
    return QueryResult.from_triples(found)


class LocalEngine:
    """Runs queries on ``store`` (its default graph); params arrive as a ``VALUES`` block."""

    def __init__(self, store: ox.Store):
        self.store = store

    def select(self, text: str, bindings: dict, label: str) -> QueryResult:
        try:
            check_shape(text)  # before any parser: a deep nesting crashes Oxigraph's
            if service_calls(text):  # Oxigraph would call that service itself: no network at run time
                raise ClusterKGError("SERVICE is refused: a local query reads its own graph only")
            bound = bind_values(text, bindings)
            query_form(bound)
        except ClusterKGError as exc:
            raise ClusterKGError(f"{label}: {exc}") from None
        try:
            found = self.store.query(bound, prefixes=PREFIXES)
            return solutions_result(found)
        except SyntaxError as exc:
            raise syntax_error(label, exc) from None
        except (OSError, ValueError, RuntimeError, TypeError) as exc:
            raise ClusterKGError(f"{label} failed: {' '.join(str(exc).split())}") from None

    def labels(self, iris) -> dict[str, str]:
        """The label of each IRI (:mod:`clusterkg.query.labels`)."""
        return lookup_labels(self, iris)
