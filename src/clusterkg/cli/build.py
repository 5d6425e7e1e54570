"""clusterkg build: the graph, its Turtle and the HTML views, with a summary."""

from __future__ import annotations

import argparse


def register(subparsers, common):
    p = subparsers.add_parser(
        "build", parents=[common], help="build the graph, write graph.ttl and the HTML views, print a summary",
        description="Check the profiles against the source page (what check-source checks), then build the "
                    "knowledge graph, write graph.ttl and the HTML views to --out, and print a summary (counts, "
                    "what clusters share most, quality notes). Data that differs from the page fails the build "
                    "before anything is written: 'expected X (page line N), found Y at line M'. The outputs are "
                    "made in a staging folder beside --out, which replaces --out in one step (with a SHA256SUMS "
                    "of its files): a failed or interrupted build leaves the previous build as it was.",
        epilog="Example:\n  clusterkg build --out build/\n  clusterkg build --data my-data/ --no-check",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", metavar="DIR", default="build", help="output folder (default: build/)")
    p.add_argument("--no-views", action="store_true", help="write graph.ttl only, not the HTML views")
    p.add_argument("--no-check", dest="check", action="store_false",
                   help="build without checking the data against the source page")
    p.set_defaults(func=run)


def run(args) -> int:
    from clusterkg.build import build
    from clusterkg.network.summary import format_summary

    done = build(args.out, args.data, check=args.check, views=not args.no_views)
    print(format_summary(done.summary))
    print("Wrote: " + ", ".join(str(path) for path in done.written))
    return 0
