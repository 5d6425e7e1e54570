"""clusterkg push: load the graph into a named graph on a SPARQL server, replacing it in one step."""

from __future__ import annotations

import argparse


DEFAULT_BATCH_SIZE = 5000  # clusterkg.push.DEFAULT_BATCH_SIZE (a test checks they agree)


def register(subparsers, common):
    from ..terms import DATASET as DATASET_IRI


    p = subparsers.add_parser(
        "push", parents=[common], help="load the graph into a named graph on a SPARQL server",
        description="Load the graph built from --data (or an RDF file, --input) into the named graph --graph "
                    "of a SPARQL 1.1 server through its update endpoint, in batches. The triples go into a "
                    "staging graph first, which then replaces --graph in one update: a push that fails "
                    "part-way leaves the old graph as it was. Basic auth is read from CLUSTERKG_ENDPOINT_USER "
                    "and CLUSTERKG_ENDPOINT_PASSWORD.",
        epilog="Example:\n"
               "  oxigraph serve --location store/ --bind 127.0.0.1:7878 &\n"
               "  clusterkg push --endpoint http://127.0.0.1:7878/query\n"
               "  clusterkg query shared-levers --endpoint http://127.0.0.1:7878/query --graph " + DATASET_IRI,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--endpoint", metavar="URL", required=True, help="the server's SPARQL query endpoint")
    p.add_argument("--update-endpoint", metavar="URL",
                   help="its update endpoint (default: the endpoint URL, with a final /query read as /update)")
    p.add_argument("--graph", metavar="IRI", default=None, help=f"the named graph to replace (default: {DATASET_IRI})")
    p.add_argument("--input", metavar="FILE", help="push this RDF file instead of the graph built from --data")
    p.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, metavar="N",
                   help=f"triples per update request (default: {DEFAULT_BATCH_SIZE})")
    p.add_argument("--timeout", metavar="SECONDS", help="timeout of each request (default: 60)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..kg import KnowledgeGraph

    kg = KnowledgeGraph.from_file(args.input) if args.input else KnowledgeGraph.from_data(args.data)
    report = kg.push(args.endpoint, graph=args.graph, update_endpoint=args.update_endpoint,
                     batch_size=args.batch_size, timeout=args.timeout)
    print(f"Pushed {report.triples} triples in {report.batches} batch{'es' if report.batches != 1 else ''} "
          f"into <{report.graph}> at {report.endpoint}.")
    return 0
