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
    from ..errors import ClusterKGError
    from ..kg import KnowledgeGraph
    from ..summary import format_summary

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise ClusterKGError(f"{out} is a file: --out names a folder")
    kg = KnowledgeGraph.from_data(args.data)
    written = [kg.export(out / "graph.ttl")]
    if not args.no_views:
        written += kg.write_views(out)
    print(format_summary(kg.summary()))
    print("Wrote: " + ", ".join(str(p) for p in written))
    return 0
