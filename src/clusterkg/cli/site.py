"""clusterkg site: the graph as a static web site."""

from __future__ import annotations

import argparse


def register(subparsers, common):
    p = subparsers.add_parser(
        "site", parents=[common], help="write the web site: a page for every resource, the queries, the views",
        description="Write a static web site of the graph into DIR: a page for every resource under id/ at the path "
                    "that mirrors its IRI (id/cluster/aerospace.html), its Turtle, JSON-LD, RDF/XML and N-Triples "
                    "beside it, the ontology (def.html), the stored queries with their results (queries/), the "
                    "query editor (query.html, for a SPARQL endpoint) and the network views (index.html...). It "
                    "works offline, from file:// or any static host. DIR is written whole or not at all, and an "
                    "existing DIR is replaced only if it is empty or an earlier site.",
        epilog="Example:\n  clusterkg site build/site\n  xdg-open build/site/id/cluster/aerospace.html\n"
               "  clusterkg site build/site --site-url https://example.org/wmgrowth/   # also w3id.htaccess",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("directory", metavar="DIR", help="the folder to write")
    p.add_argument("--graph", metavar="FILE", help="read the graph from this RDF file instead of building it")
    p.add_argument("--no-views", dest="views", action="store_false", help="leave out the network views")
    p.add_argument("--site-url", metavar="URL",
                   help="where the site will be published: writes w3id.htaccess, the redirect rules for "
                        "https://w3id.org/wmgrowth/ (no default: the source names no such address)")
    p.add_argument("--base-iri", metavar="IRI", help="move every resource IRI under this base (as export does)")
    p.add_argument("--sparql-endpoint", metavar="URL", help="the endpoint the query editor and the dataset name")
    p.add_argument("--issued", metavar="DATE", help="the dataset's issued date, YYYY-MM-DD (as export)")
    p.add_argument("--modified", metavar="DATE", help="the dataset's modified date, YYYY-MM-DD (as export)")
    p.set_defaults(func=run)


def run(args) -> int:
    from clusterkg.kg import KnowledgeGraph
    from clusterkg.web.site import write_site

    kg = KnowledgeGraph.from_file(args.graph) if args.graph else KnowledgeGraph.from_data(args.data)
    settings = {k: getattr(args, k) for k in ("base_iri", "sparql_endpoint", "issued", "modified")
                if getattr(args, k) is not None}
    written = write_site(kg, args.directory, views=args.views, site_url=args.site_url, **settings)
    pages = sum(1 for p in written if p.suffix == ".html")
    print(f"Wrote {args.directory}: {pages} pages, {len(written)} files")
    return 0
