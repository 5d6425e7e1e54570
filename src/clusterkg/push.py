"""Push: load the graph into a named graph on a SPARQL 1.1 server, replacing it in one step.

The triples go in batches into a staging graph, which then moves over the target graph in one
update, so a failure part-way leaves the old graph as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from .errors import ClusterKGError
from .remote import DATASET_IRI, Endpoint, _redact
from .sparql import sparql_term
from .values import check_iri

DEFAULT_BATCH_SIZE = 5000


@dataclass(frozen=True)
class PushReport:
    endpoint: str
    graph: str
    triples: int
    batches: int


def _staging_iri(target: str) -> str:
    return target + ("-" if "#" in target else "#") + "clusterkg-push-in-progress"


def _batches(store: ox.Store, batch_size: int) -> tuple[list[list[str]], int]:
    """The store's triples as N-Triples lines in batches (sorted, so the same graph always goes in the
    same batches; triples with blank nodes in one request, so each blank node stays one node)."""
    plain, with_bnodes = [], []
    for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        line = f"{sparql_term(q.subject)} {sparql_term(q.predicate)} {sparql_term(q.object)} ."
        blank = isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
        (with_bnodes if blank else plain).append(line)
    plain.sort()
    batches = [plain[i:i + batch_size] for i in range(0, len(plain), batch_size)]
    if with_bnodes:
        batches.append(sorted(with_bnodes))
    return batches, len(plain) + len(with_bnodes)


def push(source, endpoint, *, graph: str | None = None, update_endpoint: str | None = None,
         batch_size: int = DEFAULT_BATCH_SIZE, timeout: float | None = None, progress=None) -> PushReport:
    """Replace the named graph ``graph`` (default: the dataset IRI) on ``endpoint`` with the graph of
    ``source`` (anything :meth:`clusterkg.KnowledgeGraph.of` takes). ``progress`` is a callable
    ``(batches done, batches)``; by default a bar is drawn on stderr when it is a terminal."""
    from .kg import KnowledgeGraph

    store = KnowledgeGraph.of(source).store
    target = check_iri(graph or DATASET_IRI, "--graph")
    if batch_size < 1:
        raise ClusterKGError("--batch-size must be at least 1")
    if isinstance(endpoint, Endpoint):
        endpoint = Endpoint(endpoint.url, update_endpoint or endpoint.update_url, timeout=timeout or endpoint.timeout)
    else:
        endpoint = Endpoint(str(endpoint), update_endpoint, timeout=timeout)
    staging = _staging_iri(target)
    batches, total = _batches(store, batch_size)
    from .progress import Progress

    bar = Progress(len(batches), "Pushing") if progress is None and len(batches) > 1 else None
    endpoint.update(f"DROP SILENT GRAPH <{staging}>", "push: clearing the staging graph")
    try:
        for done, batch in enumerate(batches, start=1):
            endpoint.update(f"INSERT DATA {{ GRAPH <{staging}> {{\n" + "\n".join(batch) + "\n} }",
                            f"push: batch {done} of {len(batches)}")
            if progress:
                progress(done, len(batches))
            if bar:
                bar.update()
        count_text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{staging}> {{ ?s ?p ?o }} }}"
        loaded = int(endpoint.select(count_text, {}, "push: counting the staging graph").rows[0]["n"].value)
        if loaded != total:
            raise ClusterKGError(f"push: the staging graph holds {loaded} triples, not {total}")
        endpoint.update(f"MOVE GRAPH <{staging}> TO GRAPH <{target}>", "push: replacing the graph")
    except ClusterKGError as exc:
        try:
            endpoint.update(f"DROP SILENT GRAPH <{staging}>", "push: cleaning up")
        except ClusterKGError:
            pass  # the endpoint is gone; the next push clears the staging graph first
        raise ClusterKGError(f"{exc}; <{target}> was left as it was") from None
    finally:
        if bar:
            bar.close()
    return PushReport(endpoint=_redact(endpoint.url), graph=target, triples=total, batches=len(batches))
