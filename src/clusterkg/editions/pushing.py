"""Push only what changed: a server's graph that holds the old edition becomes the new edition by the
changeset, with push's discipline. The graph is copied on the server into a staging graph of this push's
own, the changeset runs there and is checked (the count, every triple added there, none removed there),
and only then does the staging graph replace the target in one update, counted again afterwards.
Before anything is sent, the target must hold the old edition: as many triples, every one to be removed
among them. A push that fails says what the target holds."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pyoxigraph as ox

from clusterkg.editions.changes import EditionDiff
from clusterkg.editions.changeset import OPERATION_QUADS, check_changeset, sparql_update
from clusterkg.errors import ClusterKGError
from clusterkg.model.terms import staging_prefix, staging_token
from clusterkg.remote.endpoint import DATASET_IRI, SERVER_DEFAULT, Endpoint
from clusterkg.remote.transport import redact
from clusterkg.values import check_iri


@dataclass(frozen=True)
class ChangesReport:
    endpoint: str
    graph: str
    removed: int
    added: int
    triples: int  # in the graph, counted on the server after the move


def _triples(quads: list[ox.Quad]) -> list[str]:
    return [f"{q.subject} {q.predicate} {q.object} ." for q in quads]


def _all_there(ep: Endpoint, graph: str, quads: list[ox.Quad], label: str) -> bool:
    for start in range(0, len(quads), OPERATION_QUADS):
        body = "\n".join(_triples(quads[start:start + OPERATION_QUADS]))
        if not ep.select(f"ASK {{ GRAPH <{graph}> {{\n{body}\n}} }}", {}, label, graph=None).boolean:
            return False
    return True


def _none_there(ep: Endpoint, graph: str, quads: list[ox.Quad], label: str) -> bool:
    for start in range(0, len(quads), OPERATION_QUADS):
        rows = "\n".join(f"({q.subject} {q.predicate} {q.object})" for q in quads[start:start + OPERATION_QUADS])
        text = f"ASK {{ GRAPH <{graph}> {{ VALUES (?s ?p ?o) {{\n{rows}\n}} ?s ?p ?o }} }}"
        if ep.select(text, {}, label, graph=None).boolean:
            return False
    return True


def _check_old(ep: Endpoint, diff: EditionDiff, target: str) -> None:
    held = ep.count(target, "push --changes: counting the graph")
    if held != len(diff.old.quads):
        raise ClusterKGError(f"push --changes: <{target}> holds {held} triples, not the {len(diff.old.quads)} of "
                             f"{diff.old.origin}, so it is not that edition; nothing was sent (push the whole "
                             "graph instead)")
    if not _all_there(ep, target, diff.quads_removed, "push --changes: checking the old edition"):
        raise ClusterKGError(f"push --changes: <{target}> lacks triples of {diff.old.origin} that the changes "
                             "remove, so it is not that edition; nothing was sent (push the whole graph instead)")


def _check_staging(ep: Endpoint, diff: EditionDiff, staging: str) -> None:
    held = ep.count(staging, "push --changes: counting the staging graph")
    if held != len(diff.new.quads):
        raise ClusterKGError(f"push --changes: the staging graph holds {held} triples after the changes, not the "
                             f"{len(diff.new.quads)} of {diff.new.origin}")
    label = "push --changes: checking the staging graph"
    if not _all_there(ep, staging, diff.quads_added, label) or not _none_there(ep, staging, diff.quads_removed,
                                                                                label):
        raise ClusterKGError("push --changes: the staging graph does not hold the new edition after the changes")


def push_changes(diff: EditionDiff, endpoint, *, graph: str | None = None, update_endpoint: str | None = None,
                 timeout: float | None = None) -> ChangesReport:
    """Turn the graph ``graph`` (default: the dataset IRI) on ``endpoint``, which holds ``diff.old``, into
    ``diff.new`` by sending only the changes."""
    target = check_iri(graph or DATASET_IRI, "--graph")
    if any(not isinstance(q.graph_name, ox.DefaultGraph) for q in (*diff.old.quads, *diff.new.quads)):
        raise ClusterKGError("push --changes sends the changes of one graph; these editions hold named graphs")
    check_changeset(diff)
    ep = Endpoint(str(endpoint), update_endpoint, graph=SERVER_DEFAULT, timeout=timeout)
    _check_old(ep, diff, target)
    staging = staging_prefix(target) + staging_token(time.time())
    try:
        ep.update(f"COPY SILENT GRAPH <{target}> TO GRAPH <{staging}>", "push --changes: copying the graph")
        if not diff.same:
            ep.update(sparql_update(diff, staging), "push --changes: sending the changes")
        _check_staging(ep, diff, staging)
    except ClusterKGError as exc:
        try:
            ep.update(f"DROP SILENT GRAPH <{staging}>", "push --changes: cleaning up")
        except ClusterKGError:
            pass
        raise ClusterKGError(f"{exc}; <{target}> was left as it was") from None
    ep.update(f"MOVE GRAPH <{staging}> TO GRAPH <{target}>", f"push --changes: replacing <{target}>")
    held = ep.count(target, "push --changes: counting the graph after the move")
    if held != len(diff.new.quads):
        raise ClusterKGError(f"push --changes: after the move <{target}> holds {held} triples, not the "
                             f"{len(diff.new.quads)} of {diff.new.origin} (another push may have replaced it)")
    return ChangesReport(redact(ep.url), target, len(diff.quads_removed), len(diff.quads_added), held)
