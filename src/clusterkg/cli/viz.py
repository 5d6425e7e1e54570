"""clusterkg viz: the interactive HTML views of what the clusters share."""

from __future__ import annotations

import argparse


def register(subparsers, common):
    p = subparsers.add_parser(
        "viz", parents=[common], help="write the interactive HTML views (index, graph, levers, places, ...)",
        description="Write index.html and five interactive network views (graph.html, levers.html, "
                    "shared-entities.html, places.html, similarity.html) to --out. Each page is one "
                    "self-contained UTF-8 file that works offline from file:// and makes no network request; "
                    "the same data gives the same bytes.",
        epilog="Example:\n  clusterkg viz --out viz/\n  xdg-open viz/index.html",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", metavar="DIR", default="viz", help="output folder (default: viz/)")
    p.set_defaults(func=run)


def run(args) -> int:
    from clusterkg.kg import KnowledgeGraph

    written = KnowledgeGraph.from_data(args.data).write_views(args.out)
    print("Wrote: " + ", ".join(str(p) for p in written))
    return 0
