"""clusterkg build: the graph, its Turtle and the HTML views, with a summary."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers, common):
    p = subparsers.add_parser(
        "build", parents=[common], help="build the graph, write graph.ttl and the HTML views, print a summary",
        description="Build the knowledge graph from the profiles, write graph.ttl and the HTML views to "
                    "--out, and print a summary (counts, what clusters share most, quality notes).",
        epilog="Example:\n  clusterkg build --out build/", formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", metavar="DIR", default="build", help="output folder (default: build/)")
    p.add_argument("--no-views", action="store_true", help="write graph.ttl only, not the HTML views")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..bridge import to_rdflib
    from ..export import export
    from ..graph import build_store
    from ..network import bipartite_network, shared_resources, typed_network
    from ..profiles import load_profiles
    from ..summary import format_summary, summarize
    from ..terms import PREFIXES

    store = build_store(load_profiles(args.data))
    out = Path(args.out)
    written = [export(to_rdflib(store, PREFIXES), out / "graph.ttl")]
    typed = typed_network(store)
    if not args.no_views:
        from ..views import write_views

        written += write_views(store, out, typed=typed)
    print(format_summary(summarize(store, shared_resources(bipartite_network(typed)))))
    print("Wrote: " + ", ".join(str(p) for p in written))
    return 0
