"""clusterkg diff: what changed between two editions, for people (a report) or machines (a changeset)."""

from __future__ import annotations

import argparse

FORMATS = ("text", "markdown", "html", "sparql-update", "rdf-patch")  # clusterkg.editions' two lists

EPILOG = """\
Each side is a data folder (the data/ format), a graph file (Turtle, N-Triples, TriG, N-Quads, RDF/XML,
JSON-LD) or a SPARQL endpoint URL (--old-graph/--new-graph, or --graph for both, name a graph there).
The report aligns bullets by cluster and section: the same words kept or moved, other words in the same
section reworded (paired by similarity, both wordings shown), the rest added or removed; then figures,
links, renamed resources and quality notes. A changeset turns the old graph into the new one exactly:
sparql-update (DELETE DATA, INSERT DATA) runs on any SPARQL 1.1 server, rdf-patch is the RDF Patch
text Apache Jena applies.
Exit status, as diff's: 0 the editions hold the same graph, 1 they differ, 2 an error.

Example:
  clusterkg diff old-data/ data/
  clusterkg diff old-data/                    # against the embedded data
  clusterkg diff build/graph-2025.ttl build/graph.ttl --format markdown --output CHANGES.md
  clusterkg diff http://127.0.0.1:7878/query data/ --old-graph https://example.org/g --format sparql-update"""


def register(subparsers, common):
    p = subparsers.add_parser(
        "diff", parents=[common],
        help="what changed between two editions: a report, or a changeset (SPARQL Update, RDF Patch)",
        description="Compare two editions of the profiles and print what changed: bullets added, removed, "
                    "reworded and moved, figures, links, names and quality notes; or the changeset that "
                    "turns the old graph into the new.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("old", metavar="OLD", help="the earlier edition: data folder, graph file or endpoint URL")
    p.add_argument("new", metavar="NEW", nargs="?", default=None,
                   help="the later edition: data folder, graph file or endpoint URL (default: --data, or the "
                        "embedded data)")
    p.add_argument("--format", choices=FORMATS, default="text", help="what to write (default: text)")
    p.add_argument("--output", metavar="FILE", default=None, help="write to FILE instead of standard output")
    p.add_argument("--graph", metavar="IRI", default=None, help="the graph to read on both endpoints")
    p.add_argument("--old-graph", metavar="IRI", default=None, help="the graph to read on OLD's endpoint")
    p.add_argument("--new-graph", metavar="IRI", default=None, help="the graph to read on NEW's endpoint")
    p.add_argument("--target-graph", metavar="IRI", default=None,
                   help="a changeset for the graph IRI on a server: the default graph's triples are changed there")
    p.add_argument("--timeout", metavar="SECONDS", type=float, default=None,
                   help="the most each request to an endpoint may take (default: 60)")
    p.set_defaults(func=run)


def run(args) -> int:
    import sys

    from clusterkg.editions import REPORT_FORMATS, compare, render_changeset, render_report
    from clusterkg.fileio import atomic_write
    from clusterkg.kg import KnowledgeGraph
    from clusterkg.safetext import terminal_text
    from clusterkg.values import check_iri

    sides = []
    new = args.new if args.new is not None else args.data
    for source, graph in ((args.old, args.old_graph or args.graph), (new, args.new_graph or args.graph)):
        remote = source is not None and "://" in source
        kg = KnowledgeGraph.of(source, graph=graph if remote else None, timeout=args.timeout)
        sides.append((kg.store, source or "the embedded data"))
    diff = compare(sides[0][0], sides[1][0], old_origin=sides[0][1], new_origin=sides[1][1])
    if args.format in REPORT_FORMATS:
        text = render_report(diff, args.format)
    else:
        text = render_changeset(diff, args.format, graph=check_iri(args.target_graph, "--target-graph")
                                if args.target_graph else None)
    if args.output and args.output != "-":
        atomic_write(args.output, text)
    elif sys.stdout.isatty():
        sys.stdout.write("\n".join(terminal_text(line) for line in text.split("\n")))
    else:
        sys.stdout.write(text)
    return 0 if diff.same else 1
