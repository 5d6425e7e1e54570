"""clusterkg push: replace a named graph on a SPARQL server with the graph, checked on arrival."""

from __future__ import annotations

import argparse

DEFAULT_BATCH_SIZE = 5000  # clusterkg.remote.push.DEFAULT_BATCH_SIZE (a test checks they agree)


def register(subparsers, common):
    from clusterkg.model.terms import DATASET as DATASET_IRI

    p = subparsers.add_parser(
        "push", parents=[common], help="load the graph into a named graph on a SPARQL server",
        description="Load the graph built from --data (or an RDF file, --input) into the named graph --graph "
                    "of a SPARQL 1.1 server through its update endpoint, in batches (halved when the server "
                    "finds one too large). The triples go into a staging graph of this push's own, which then "
                    "replaces --graph in one update; the graph is counted there afterwards. A push that fails "
                    "says what the graph holds, or that it cannot be known and how to check. A dataset file "
                    "(TriG, N-Quads) sends each named graph to the graph of its name, its default graph to "
                    "--graph. Auth: CLUSTERKG_ENDPOINT_USER and CLUSTERKG_ENDPOINT_PASSWORD, Basic unless "
                    "CLUSTERKG_ENDPOINT_AUTH=digest.",
        epilog="Example:\n"
               "  oxigraph serve --location store/ --bind 127.0.0.1:7878 &\n"
               "  clusterkg push --endpoint http://127.0.0.1:7878/query\n"
               "  clusterkg query shared-levers --endpoint http://127.0.0.1:7878/query\n"
               "  CLUSTERKG_ENDPOINT_AUTH=digest clusterkg push --endpoint http://127.0.0.1:8890/sparql-auth",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--endpoint", metavar="URL", required=True, help="the server's SPARQL query endpoint")
    p.add_argument("--update-endpoint", metavar="URL",
                   help="its update endpoint (default: the endpoint URL, with a final /query read as /update)")
    p.add_argument("--graph", metavar="IRI", default=None,
                   help=f"the named graph to replace (default: the dataset IRI, as export names it; {DATASET_IRI} "
                        "for the embedded data)")
    p.add_argument("--input", metavar="FILE", help="push this RDF file instead of the graph built from --data")
    p.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, metavar="N",
                   help=f"triples per update request at most (default: {DEFAULT_BATCH_SIZE})")
    p.add_argument("--timeout", metavar="SECONDS", help="the most each request may take, answer included (default: 60)")
    p.add_argument("--changes", metavar="OLD", default=None,
                   help="send only what changed since OLD (a data folder or graph file the server's graph holds now): "
                        "the changes run on a copy of the graph there, checked, which then replaces it")
    p.set_defaults(func=run)


def run(args) -> int:
    from clusterkg.kg import push  # opens --data, or sends the named graphs of an --input file
    from clusterkg.safetext import terminal_text

    source = args.input if args.input else args.data
    if args.changes:
        return _push_changes(args, source)
    report = push(source, args.endpoint, graph=args.graph, update_endpoint=args.update_endpoint,
                  batch_size=args.batch_size, timeout=args.timeout)
    batches = f"{report.batches} batch{'es' if report.batches != 1 else ''}"
    if len(report.graphs) == 1:
        print(terminal_text(f"Pushed {report.triples} triples in {batches} into <{report.graph}> at "
                            f"{report.endpoint} (counted there after the move)."))
    else:
        each = ", ".join(f"{n} into <{g}>" for g, n in report.graphs)
        print(terminal_text(f"Pushed {report.triples} triples in {batches} at {report.endpoint}: {each} "
                            "(counted there after the move)."))
    for name in report.cleared:
        print(terminal_text(f"Dropped <{name}>, an earlier push's staging graph."))
    return 0


def _push_changes(args, source) -> int:
    from clusterkg.editions import compare
    from clusterkg.editions.pushing import push_changes
    from clusterkg.kg import KnowledgeGraph
    from clusterkg.safetext import terminal_text

    old, new = KnowledgeGraph.of(args.changes), KnowledgeGraph.of(source)
    diff = compare(old.store, new.store, old_origin=args.changes, new_origin=new.origin or "the graph")
    report = push_changes(diff, args.endpoint, graph=args.graph, update_endpoint=args.update_endpoint,
                          timeout=args.timeout)
    print(terminal_text(f"Pushed the changes since {args.changes} into <{report.graph}> at {report.endpoint}: "
                        f"{report.removed} triples removed, {report.added} added; it holds {report.triples} "
                        "(counted there after the move)."))
    return 0
