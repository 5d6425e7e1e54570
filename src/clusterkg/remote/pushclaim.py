"""One push at a time moves into a graph: a claim written on the server itself.

Before its move, a push writes its token (its start time and a random part) into the claim graph of
each target (the target IRI with ``#clusterkg-claim``), then reads the claims back. It moves only if
its own is the only claim there younger than :data:`STALE_AFTER`; otherwise it withdraws its claims and
fails, saying another push is moving into that graph, having changed nothing. Two pushes that claim at
the same moment both see two claims and both fail (each says so); never do both move, so the graph
never holds a mix of two pushes. Each request sees the updates answered before it (SPARQL 1.1 Protocol
on one server), which is all this needs. The claim is withdrawn when the push ends, whatever happened;
a killed push's claim stops counting after :data:`STALE_AFTER` and is dropped by the next push.
"""

from __future__ import annotations

import calendar
import re
import time

import pyoxigraph as ox

from clusterkg.errors import ClusterKGError

CLAIM = "urn:clusterkg:push-claim"  # the predicate of a claim: <claim graph> CLAIM "token"
STALE_AFTER = 3600  # seconds after which a claim is a killed push's leftover
_STAMP = re.compile(r"(\d{8}T\d{6}Z)-[0-9a-f]+\Z")


def claim_graph(target: str) -> str:
    return target + ("-" if "#" in target else "#") + "clusterkg-claim"


def _age(token: str, now: float) -> float:
    stamp = _STAMP.match(token)
    if not stamp:
        return float("inf")
    return now - calendar.timegm(time.strptime(stamp[1], "%Y%m%dT%H%M%SZ"))


def _withdraw(ep, targets, token: str) -> None:
    for target in targets:
        graph = claim_graph(target)
        try:
            ep.update(f'DELETE DATA {{ GRAPH <{graph}> {{ <{graph}> <{CLAIM}> "{token}" }} }}',
                      "push: withdrawing its claim")
        except ClusterKGError:
            pass  # it stops counting after STALE_AFTER


def claims(ep, target: str, now: float) -> list[str]:
    """The live claims on ``target`` (stale ones are deleted as they are met)."""
    graph = claim_graph(target)
    result = ep.select(f"SELECT ?t WHERE {{ GRAPH <{graph}> {{ <{graph}> <{CLAIM}> ?t }} }}", {},
                       "push: reading the claims on the graph", graph=None)
    tokens = sorted(row["t"].value for row in result.rows if isinstance(row.get("t"), ox.Literal))
    for stale in [t for t in tokens if _age(t, now) >= STALE_AFTER]:
        _withdraw(ep, [target], stale)
    return [t for t in tokens if _age(t, now) < STALE_AFTER]


def claim(ep, targets: list[str], token: str) -> None:
    """Claim every target for the push ``token``, or withdraw and raise: another push is moving there."""
    taken = []
    try:
        for target in targets:
            graph = claim_graph(target)
            taken.append(target)
            ep.update(f'INSERT DATA {{ GRAPH <{graph}> {{ <{graph}> <{CLAIM}> "{token}" }} }}',
                      "push: claiming the graph")
        for target in targets:
            others = [t for t in claims(ep, target, time.time()) if t != token]
            if others:
                raise ClusterKGError(
                    f"push: another push into <{target}> is moving its triples now (it began at {others[0][:16]}); "
                    "this push lost and moved nothing: push again once it is done (a claim of a push that was "
                    f"killed stops counting after an hour; DROP GRAPH <{claim_graph(target)}> clears it)")
    except BaseException:
        _withdraw(ep, taken, token)
        raise


def release(ep, targets: list[str], token: str) -> None:
    """Withdraw the claims of the push ``token``."""
    _withdraw(ep, targets, token)
