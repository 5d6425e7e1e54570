"""clusterkg query: running a stored query, a query file or query text."""

from __future__ import annotations

import argparse
import sys


def register(subparsers, common):
    p = subparsers.add_parser(
        "query", parents=[common], help="run a stored query, a query file or query text",
        description="Run a stored query by NAME (see 'clusterkg queries'), a query file (--file) or query "
                    "text (--sparql) on the graph built from --data (kept in a cache until the data changes), on a "
                    "graph file (--graph FILE), or on a SPARQL endpoint (--endpoint URL). Params are bound as RDF "
                    "terms, never pasted into the "
                    "query; a cluster, place, lever or entity may be given by slug, label, GSS code or IRI. "
                    "Auth for an endpoint is read from CLUSTERKG_ENDPOINT_USER and CLUSTERKG_ENDPOINT_PASSWORD "
                    "(Basic, or Digest with CLUSTERKG_ENDPOINT_AUTH=digest).",
        epilog="Example:\n"
               "  clusterkg query lever-reach\n"
               "  clusterkg query clusters --output clusters.xlsx\n"
               "  clusterkg query clusters-using-lever -p lever=FDI -p lever=early-growth-fund --excel --output x.csv\n"
               "  clusterkg query clusters-in-place --param place=E08000025 --format csv\n"
               "  clusterkg query cluster-profile --param cluster=aerospace --graph build/graph.ttl\n"
               "  clusterkg query --sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'\n"
               "  clusterkg query shared-places --endpoint http://127.0.0.1:7878/query\n"
               "  clusterkg query --sparql 'SELECT * WHERE { ?s ?p ?o } LIMIT 5' --endpoint URL --graph default",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("name", nargs="?", metavar="NAME", help="a stored query (file stem in queries/)")
    p.add_argument("--param", "-p", action="append", default=[], metavar="KEY=VALUE",
                   help="a query param: a cluster, place, lever or entity by slug, label, short name, the page's "
                        "own short form (EV, FDI, WMCA) or IRI, in any case; repeat it for a query whose param "
                        "takes several values ('clusterkg queries' marks them repeatable)")
    p.add_argument("--file", metavar="FILE", help="run this .rq file instead of a stored query")
    p.add_argument("--sparql", metavar="TEXT", help="run this query text instead of a stored query")
    p.add_argument("--format", metavar="FORMAT", default=None,
                   help="table (names, fitted to the terminal; the default), list (one field a line), md, a SPARQL "
                        "1.1 results format (csv, tsv, json, xml), or xlsx (an Excel workbook, to --output); "
                        "default: the one --output's suffix names, else table")
    p.add_argument("--excel", action="store_true",
                   help="CSV for Excel: start it with a byte-order mark, so that Excel reads £ and ’ right "
                        "(implies --format csv)")
    p.add_argument("--no-labels", dest="labels", action="store_false",
                   help="leave out the name columns (xLabel beside each column x of IRIs)")
    p.add_argument("--graph", metavar="FILE|IRI",
                   help="an RDF file to query instead of building from --data; with --endpoint, the IRI of a "
                        "graph on the server (default: the one push writes), or 'default' for its default graph")
    p.add_argument("--no-cache", action="store_true",
                   help="build the graph from --data even when the cache holds it (the cache: a built graph per "
                        "version of the data, in $CLUSTERKG_CACHE_DIR or ~/.cache/clusterkg)")
    p.add_argument("--endpoint", metavar="URL", help="a SPARQL 1.1 query endpoint to run the query on")
    p.add_argument("--max-answer-bytes", type=int, default=None, metavar="N",
                   help="with --endpoint: stop reading an answer larger than this (default: 268435456, 256 MiB)")
    p.add_argument("--timeout", metavar="SECONDS",
                   help="the most each request to the endpoint may take, answer included (default: 60)")
    p.add_argument("--output", metavar="FILE", help="write the result to FILE (in an existing folder) instead of "
                                                    "stdout; FILE.xlsx, FILE.csv... set the format")
    p.set_defaults(func=run_query)


def _params(pairs: list[str]) -> dict:
    """``KEY=VALUE`` pairs as a dict; a key given more than once holds the list of its values (the
    query then takes them all, or refuses them)."""
    from clusterkg.errors import ClusterKGError

    params: dict = {}
    for pair in pairs:
        key, eq, value = pair.partition("=")
        if not eq or not key.strip():
            raise ClusterKGError(f"--param takes KEY=VALUE, not '{pair}'")
        key = key.strip()
        if key in params:
            params[key] = [*params[key], value] if isinstance(params[key], list) else [params[key], value]
        else:
            params[key] = value
    return params


def _format(args) -> str:
    """The output format: --format, else --excel's csv, else what --output's suffix names, else a table;
    a workbook goes to a file only."""
    from clusterkg.errors import ClusterKGError
    from clusterkg.query.results import check_output_path, output_format

    fmt = args.format or ("csv" if args.excel else None)
    fmt = output_format(args.output or "", fmt)
    if fmt == "xlsx" and not args.output:
        raise ClusterKGError("--format xlsx writes an Excel workbook to a file: give --output FILE.xlsx")
    if args.output:
        check_output_path(args.output)
    return fmt


def run_query(args) -> int:
    from clusterkg.kg import KnowledgeGraph
    from clusterkg.query.results import check_excel

    params = _params(args.param)
    fmt = _format(args)
    check_excel(fmt, args.excel)
    if args.endpoint:
        kg = KnowledgeGraph.from_endpoint(args.endpoint, graph=args.graph, timeout=args.timeout,
                                          max_answer_bytes=args.max_answer_bytes)
    elif args.graph:
        kg = KnowledgeGraph.from_file(args.graph)
    else:
        kg = KnowledgeGraph.from_data(args.data, cache=not args.no_cache)
    result = kg.query(args.name, sparql=args.sparql, file=args.file, params=params, labels=args.labels)
    if args.endpoint and result.boolean is None and not result.rows:
        hint = kg.endpoint.empty_hint()
        if hint:
            print(f"clusterkg query: no rows: {hint}", file=sys.stderr)
    if args.output and args.output != "-":
        result.write(args.output, fmt, excel=args.excel)
    else:
        data = result.to_bytes(fmt, excel=args.excel)
        if sys.stdout.isatty():  # text from the data or a server may hold escape sequences: never raw here
            from clusterkg.safetext import terminal_document

            data = terminal_document(data.decode("utf-8")).encode("utf-8")
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0
