"""A changeset that turns the old edition's graph into the new one's: SPARQL 1.1 Update (DELETE DATA,
then INSERT DATA, for any SPARQL 1.1 server) or RDF Patch (the text format Apache Jena applies:
https://afs.github.io/rdf-patch/). Terms are written in N-Triples form, so every literal is kept exactly."""

from __future__ import annotations

import pyoxigraph as ox

from clusterkg.editions.changes import EditionDiff
from clusterkg.errors import ClusterKGError

CHANGESET_FORMATS = ("sparql-update", "rdf-patch")
# Quads in one DELETE DATA or INSERT DATA operation: servers cap the size of one operation (Virtuoso's
# SQL text limit), so a large change is sent as several operations of one request.
OPERATION_QUADS = 500


def _triple(quad: ox.Quad) -> str:
    return f"{quad.subject} {quad.predicate} {quad.object} ."


def _graph(quad: ox.Quad, target: str | None) -> str:
    """The graph a quad goes to, in N-Triples form: its own, or for the default graph ``target`` ("" for the
    default graph itself)."""
    if isinstance(quad.graph_name, ox.DefaultGraph):
        return f"<{target}>" if target else ""
    return str(quad.graph_name)


def check_changeset(diff: EditionDiff) -> None:
    """Refuse a change no DELETE DATA can say: a blank node has no name to delete it by."""
    for quad in (*diff.quads_removed, *diff.quads_added):
        if any(isinstance(t, ox.BlankNode) for t in (quad.subject, quad.object)):
            raise ClusterKGError(f"a changeset cannot name the blank node in {_triple(quad)} (DELETE DATA has no way "
                                 "to; give it an IRI, or replace the whole graph with clusterkg push)")
        if any(isinstance(t, ox.Triple) for t in (quad.subject, quad.object)):
            raise ClusterKGError(f"a changeset of RDF 1.2 triple terms is not supported: {_triple(quad)}")


def _data_block(keyword: str, quads: list[ox.Quad], target: str | None) -> str:
    """One DELETE DATA or INSERT DATA operation: default-graph triples first, then each named graph."""
    lines = [f"{keyword} {{"]
    graphs: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        graphs.setdefault(_graph(quad, target), []).append(quad)
    for graph, members in graphs.items():
        indent = "  " if not graph else "    "
        if graph:
            lines.append(f"  GRAPH {graph} {{")
        lines += [indent + _triple(q) for q in members]
        if graph:
            lines.append("  }")
    lines.append("}")
    return "\n".join(lines)


def sparql_update(diff: EditionDiff, graph: str | None = None) -> str:
    """DELETE DATA then INSERT DATA operations, ``;``-separated (an empty update when nothing changed);
    ``graph`` names the graph the default graph's triples are in on the server."""
    check_changeset(diff)
    operations = []
    for keyword, quads in (("DELETE DATA", diff.quads_removed), ("INSERT DATA", diff.quads_added)):
        for start in range(0, len(quads), OPERATION_QUADS):
            operations.append(_data_block(keyword, quads[start:start + OPERATION_QUADS], graph))
    header = (f"# From {diff.old.origin} to {diff.new.origin}: {len(diff.quads_removed)} triples removed, "
              f"{len(diff.quads_added)} added.\n")
    return header + " ;\n".join(operations) + ("\n" if operations else "")


def _patch_row(letter: str, quad: ox.Quad, target: str | None) -> str:
    graph = _graph(quad, target)
    return f"{letter} {quad.subject} {quad.predicate} {quad.object}{' ' + graph if graph else ''} ."


def rdf_patch(diff: EditionDiff, graph: str | None = None) -> str:
    """One transaction: every deletion (D), then every addition (A)."""
    check_changeset(diff)
    rows = ["TX ."]
    rows += [_patch_row("D", q, graph) for q in diff.quads_removed]
    rows += [_patch_row("A", q, graph) for q in diff.quads_added]
    rows.append("TC .")
    return "\n".join(rows) + "\n"


def render_changeset(diff: EditionDiff, form: str = "sparql-update", graph: str | None = None) -> str:
    if form == "sparql-update":
        return sparql_update(diff, graph)
    if form == "rdf-patch":
        return rdf_patch(diff, graph)
    raise ValueError(f"unknown changeset format {form!r}: one of {', '.join(CHANGESET_FORMATS)}")
