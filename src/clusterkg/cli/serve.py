"""clusterkg serve: the web site and a read-only SPARQL endpoint."""

from __future__ import annotations

import argparse


def register(subparsers, common):
    p = subparsers.add_parser(
        "serve", parents=[common], help="serve the web site and a read-only SPARQL endpoint (/sparql)",
        description="Serve the web site of the graph (as 'clusterkg site' writes it) and a read-only SPARQL 1.1 "
                    "Protocol endpoint at /sparql (GET and POST; results as JSON, XML, CSV or TSV, graphs as "
                    "Turtle, JSON-LD, N-Triples or RDF/XML, by Accept; updates, LOAD and SERVICE refused), with the "
                    "query editor at /query.html. A resource's path (/id/cluster/aerospace, /def) answers by "
                    "Accept as the w3id.org rules do. Each query runs in a worker process, stopped at --timeout; a "
                    "result over --max-result-bytes is refused. Ctrl-C stops the server.",
        epilog="Example:\n  clusterkg serve --port 8000\n  xdg-open http://127.0.0.1:8000/id/cluster/aerospace\n"
               "  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 3' "
               "http://127.0.0.1:8000/sparql",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, default=8000, help="the port to listen on (default: 8000)")
    p.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)")
    p.add_argument("--graph", metavar="FILE", help="serve this RDF file instead of the graph built from --data")
    p.add_argument("--no-views", dest="views", action="store_false", help="leave out the network views")
    p.add_argument("--timeout", metavar="SECONDS", default="30", help="stop a query after this long (default: 30)")
    p.add_argument("--max-result-bytes", type=int, default=50_000_000, metavar="N",
                   help="refuse a result larger than this (default: 50000000)")
    p.add_argument("--max-body-bytes", type=int, default=1024 ** 2, metavar="N",
                   help="refuse a request body larger than this with 413 (default: 1048576, 1 MiB)")
    p.add_argument("--workers", type=int, default=2, metavar="N", help="query worker processes (default: 2)")
    p.set_defaults(func=run)


def run(args) -> int:
    from clusterkg.errors import ClusterKGError
    from clusterkg.kg import KnowledgeGraph
    from clusterkg.publication.folder import pylode_page
    from clusterkg.rdfio.dataset import ONTOLOGY_PAGE
    from clusterkg.web.serve import serve

    if not 0 <= args.port <= 65535:
        raise ClusterKGError(f"--port {args.port}: not a port (0 to 65535)")
    kg = KnowledgeGraph.from_file(args.graph) if args.graph else KnowledgeGraph.from_data(args.data)
    serve(kg, args.host, args.port, views=args.views, timeout=args.timeout, max_result_bytes=args.max_result_bytes,
          workers=args.workers, max_body_bytes=args.max_body_bytes,
          later={ONTOLOGY_PAGE: pylode_page})  # pyLODE takes seconds: made on its first request
    return 0
