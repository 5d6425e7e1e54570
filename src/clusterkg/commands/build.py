"""clusterkg build: the graph, its Turtle and the HTML views, with a summary."""

from __future__ import annotations

import argparse
from pathlib import Path


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


def check_against_page(profiles) -> None:
    """Refuse data that differs from the source page: one line saying so, then one line per problem."""
    from ..errors import ClusterKGError
    from ..source_check import check_source

    problems = check_source(profiles).problems
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        raise ClusterKGError(f"the data does not match the source page ({count}; --no-check builds anyway):\n"
                             + "\n".join(f"  {p}" for p in problems))


def run(args) -> int:
    from ..charts import CHART_FILES
    from ..drawing import VIEWS
    from ..errors import ClusterKGError
    from ..kg import KnowledgeGraph
    from ..outputs import staged_folder
    from ..profiles import load_profiles
    from ..summary import format_summary

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise ClusterKGError(f"{out} is a file: --out names a folder")
    profiles = load_profiles(args.data)
    if args.check:
        check_against_page(profiles)
    kg = KnowledgeGraph.from_data(profiles=profiles, keep_profiles=False)
    del profiles  # the graph holds everything from here on
    # one build, one set: graph.ttl and the views are made in a staging folder beside --out, which
    # replaces it in one step once all are written (clusterkg.outputs)
    owned = ["graph.ttl", "index.html", *VIEWS, "map.html", *CHART_FILES]
    with staged_folder(out, made_by="build", owned=owned) as staging:
        made = [kg.export(staging / "graph.ttl")]
        if not args.no_views:
            made += kg.write_views(staging)
    print(format_summary(kg.summary()))
    print("Wrote: " + ", ".join(str(out / path.relative_to(staging)) for path in made))
    return 0
