"""Push: replace named graphs on a SPARQL 1.1 server with the graph (or the graphs of a dataset).

Each push loads its triples in batches into staging graphs of its own (the target IRI with
``#clusterkg-push-<time>-<random>``), counts them there, then moves them over the targets in one
update and counts the targets again: a push ends with the targets holding exactly what was sent, or
with an error that says what they hold, or that it cannot be known and how to check. A batch the
server finds too large is halved, down to :data:`MIN_BATCH_SIZE`. Staging graphs are dropped when a
push fails, and those an hour old (left by a push that could not clean up) when the next one starts.
Only one push at a time moves into a graph (:mod:`clusterkg.remote.pushclaim`): a push that finds another
moving there says it lost and moves nothing, so a graph never holds a mix of two pushes.
"""

from __future__ import annotations

import calendar
import re
import time
from dataclasses import dataclass

from clusterkg.errors import ClusterKGError
from clusterkg.model.terms import staging_prefix, staging_token
from clusterkg.remote.endpoint import SERVER_DEFAULT, Endpoint, NoAnswer, Refused
from clusterkg.remote.payload import Batches, payloads
from clusterkg.remote.pushclaim import claim, release
from clusterkg.remote.transport import redact
from clusterkg.values import check_iri

TYPE_CHECKING = False  # read by type checkers only; nothing below is imported at run time
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

DEFAULT_BATCH_SIZE = 5000
MIN_BATCH_SIZE = 100
STALE_AFTER = 3600  # seconds after which a staging graph is another push's leftover
_STAMP = re.compile(r"(\d{8}T\d{6}Z)-[0-9a-f]+\Z")
_TOO_LARGE = ("SP030", "SP031")  # Virtuoso: parser memory, SQL text length


@dataclass(frozen=True)
class PushReport:
    endpoint: str
    graph: str  # the first graph replaced (the target, unless the source is a dataset of named graphs)
    triples: int  # in all graphs
    batches: int
    graphs: tuple = ()  # (IRI, triples) of each graph replaced, each counted on the server after the move
    cleared: tuple = ()  # staging graphs of earlier pushes dropped


def _endpoint(endpoint, update_endpoint, timeout) -> Endpoint:
    if isinstance(endpoint, Endpoint):
        return Endpoint(endpoint.url, update_endpoint or endpoint.update_url, graph=SERVER_DEFAULT,
                        timeout=endpoint.timeout if timeout is None else timeout,
                        max_answer_bytes=endpoint.max_answer_bytes)
    return Endpoint(str(endpoint), update_endpoint, graph=SERVER_DEFAULT, timeout=timeout)


def push(source: Any, endpoint: str | Endpoint, *, graph: str | None = None, update_endpoint: str | None = None,
         batch_size: int = DEFAULT_BATCH_SIZE, timeout: float | None = None,
         progress: Callable[[int, int], object] | None = None) -> PushReport:
    """Replace the named graph ``graph`` (default: the dataset IRI) on ``endpoint`` with the graph of
    ``source`` (anything :meth:`clusterkg.KnowledgeGraph.of` takes; a dataset file or store also sends
    each named graph to the graph of its name). ``progress`` is a callable ``(batches done, batches)``;
    by default a bar is drawn on stderr when it is a terminal."""
    target = check_iri(graph, "--graph") if graph else None  # None: the dataset IRI of the data pushed
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ClusterKGError(f"--batch-size must be a whole number of at least 1, not {batch_size!r}")
    ep = _endpoint(endpoint, update_endpoint, timeout)
    loads = payloads(source, target, explicit_target=graph is not None)
    token = staging_token(time.time())
    stagings = {p.graph: staging_prefix(p.graph) + token for p in loads}
    plans = [Batches(p, batch_size) for p in loads]
    tick = _ticker(plans, progress)
    try:
        cleared = _clear_stale(ep, [p.graph for p in loads], time.time())
        for load, plan in zip(loads, plans):
            _load(ep, plan, stagings[load.graph], min(batch_size, MIN_BATCH_SIZE), tick,
                  f" into <{load.graph}>" if len(loads) > 1 else "")
        for load in loads:
            held = ep.count(stagings[load.graph], "push: counting the staging graph")
            if held != load.triples:
                raise ClusterKGError(f"push: the staging graph <{stagings[load.graph]}> holds {held} triples, "
                                     f"not the {load.triples} sent")
        claim(ep, [p.graph for p in loads], token)  # one push at a time moves into a graph
    except ClusterKGError as exc:
        touched = {g: s for (g, s), plan in zip(stagings.items(), plans) if plan.tried}
        raise ClusterKGError(f"{exc}; {_untouched(loads)}{_clean(ep, touched)}") from None
    finally:
        tick(close=True)
    try:
        _move(ep, loads, stagings)
        counted = _verify(ep, loads, stagings)
    finally:
        release(ep, [p.graph for p in loads], token)
    return PushReport(endpoint=redact(ep.url), graph=loads[0].graph, triples=sum(p.triples for p in loads),
                      batches=sum(p.done for p in plans), graphs=tuple(counted), cleared=tuple(cleared))


def _ticker(plans: list[Batches], progress):
    """A function called after each batch (and with ``close=True`` at the end): the progress callback
    or a bar on a terminal."""
    bar = None
    if progress is None and sum(p.total for p in plans) > 1:
        from clusterkg.progress import Progress

        bar = Progress(sum(p.total for p in plans), "Pushing")

    def tick(close: bool = False) -> None:
        if close:
            if bar is not None:
                bar.close()
            return
        done, total = sum(p.done for p in plans), sum(p.total for p in plans)
        if progress:
            progress(done, total)
        if bar is not None:
            bar.total = total
            bar.update()

    return tick


def _load(ep: Endpoint, plan: Batches, staging: str, floor: int, tick, where: str) -> None:
    """Send the batches of ``plan`` into ``staging``, halving the batch size on a "too large" answer."""
    halved = False
    while plan.position < len(plan.groups):
        end, lines = plan.next()
        label = f"push: batch {plan.done + 1} of {plan.total}{where}"
        plan.tried = True
        try:
            ep.update(_insert(staging, lines), label)
        except Refused as exc:
            if not _too_large(exc):
                raise
            if plan.size <= floor or len(lines) <= floor:
                note = f" (halved down to {len(lines)} triples a batch)" if halved else ""
                raise ClusterKGError(f"{exc}{note}") from None
            plan.size, halved = max(floor, min(plan.size, len(lines)) // 2), True
            continue
        plan.take(end, len(lines))
        tick()


def _insert(staging: str, lines: list[str]) -> str:
    """INSERT DATA, or for triples with blank nodes (which Virtuoso refuses in INSERT DATA) an INSERT
    template with an empty WHERE: one solution, so each blank node is one new node, as in the data."""
    body = f"{{ GRAPH <{staging}> {{\n" + "\n".join(lines) + "\n} }"
    if any(line.startswith("_:") or " _:" in line for line in lines):
        return f"INSERT {body} WHERE {{}}"
    return f"INSERT DATA {body}"


def _too_large(exc: Refused) -> bool:
    return exc.status in (400, 413) or any(code in exc.text for code in _TOO_LARGE)


def _untouched(loads) -> str:
    graphs = " and ".join(f"<{p.graph}>" for p in loads)
    return f"{graphs} {'was' if len(loads) == 1 else 'were'} left as {'it was' if len(loads) == 1 else 'they were'}"


def _clean(ep: Endpoint, stagings: dict) -> str:
    """Drop this push's staging graphs; what could not be dropped, said for the message."""
    left = []
    for staging in stagings.values():
        try:
            ep.update(f"DROP SILENT GRAPH <{staging}>", "push: cleaning up")
        except ClusterKGError:
            left.append(staging)
    if not left:
        return ""
    named = ", ".join(f"<{s}>" for s in left)
    return (f"; the staging graph {named} may hold part of this push (DROP SILENT GRAPH removes it; the next push "
            "into the same graph drops it once it is an hour old)")


def _clear_stale(ep: Endpoint, targets: list[str], now: float) -> list[str]:
    """Drop the staging graphs of these targets that are an hour old or have no time in their name."""
    cleared = []
    for target in targets:
        prefix = staging_prefix(target)
        for name in ep.named_graphs(prefix, limit=1000, label="push: looking for earlier staging graphs"):
            stamp = _STAMP.match(name[len(prefix):])
            if stamp and now - calendar.timegm(time.strptime(stamp[1], "%Y%m%dT%H%M%SZ")) < STALE_AFTER:
                continue  # another push may be loading it
            ep.update(f"DROP SILENT GRAPH <{name}>", "push: dropping an earlier push's staging graph")
            cleared.append(name)
    return cleared


def _check_text(ep: Endpoint, loads, stagings: dict) -> str:
    graphs = ", ".join(f"<{g}>" for p in loads for g in (p.graph, stagings[p.graph]))
    return (f"clusterkg query --endpoint {redact(ep.url)} --graph default --sparql 'SELECT ?g (COUNT(*) AS ?n) "
            f"WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g IN ({graphs})) }} GROUP BY ?g'")


def _move(ep: Endpoint, loads, stagings: dict) -> None:
    text = " ;\n".join(f"MOVE GRAPH <{stagings[p.graph]}> TO GRAPH <{p.graph}>" for p in loads)
    label = "push: replacing " + " and ".join(f"<{p.graph}>" for p in loads)
    try:
        ep.update(text, label)
    except NoAnswer as exc:
        if not exc.sent:
            raise ClusterKGError(f"{exc}; {_untouched(loads)}{_clean(ep, stagings)}") from None
        sizes = " and ".join(f"<{p.graph}> with {p.triples} triples" for p in loads)
        raise ClusterKGError(
            f"{exc}: the move was sent, so whether it happened is unknown. Check with "
            f"{_check_text(ep, loads, stagings)}: {sizes} and no staging graph means the push went through; "
            "otherwise push again") from None
    except Refused as exc:
        raise ClusterKGError(f"{exc}; {_after_refusal(ep, loads, stagings)}") from None


def _after_refusal(ep: Endpoint, loads, stagings: dict) -> str:
    """What the targets hold after the server refused the move (counted, not assumed)."""
    try:
        held = [(p.graph, ep.count(p.graph, "push: counting the graph")) for p in loads]
    except ClusterKGError:
        return f"what the graphs hold now is unknown: check with {_check_text(ep, loads, stagings)}"
    return ", ".join(f"<{g}> holds {n} triples" for g, n in held) + _clean(ep, stagings)


def _verify(ep: Endpoint, loads, stagings: dict) -> list[tuple[str, int]]:
    """Each target counted after the move; a target that does not hold what was sent fails the push."""
    counted = []
    for load in loads:
        try:
            held = ep.count(load.graph, "push: counting the graph after the move")
        except ClusterKGError as exc:
            raise ClusterKGError(f"{exc}: the move was answered, but what <{load.graph}> holds is not known; "
                                 f"check with {_check_text(ep, loads, stagings)}") from None
        if held != load.triples:
            raise ClusterKGError(
                f"push: after the move <{load.graph}> holds {held} triples, not the {load.triples} sent: the graph "
                "on the server is not what was pushed (the server lost or merged triples, or another push replaced "
                "it since); push again")
        counted.append((load.graph, held))
    return counted
