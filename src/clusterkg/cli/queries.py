"""clusterkg queries: the stored-query catalogue."""

from __future__ import annotations

import argparse
import sys


def register(subparsers, common):
    p = subparsers.add_parser(
        "queries", parents=[common], help="list the stored queries (name, summary, params)",
        description="List the stored SPARQL queries of queries/ (or, with --checks, the integrity checks of "
                    "queries/checks/) with their summaries and params.",
        epilog="Example:\n  clusterkg queries\n  clusterkg queries --checks --format md",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checks", action="store_true", help="list the integrity checks (*-violation.rq) instead")
    p.add_argument("--format", choices=("table", "md", "json"), default="table", help="output format (default: table)")
    p.set_defaults(func=run_catalogue)


def run_catalogue(args) -> int:
    import json

    from clusterkg.query.catalogue import catalogue_rows, list_checks, list_queries
    from clusterkg.query.tables import render_markdown, render_table

    items = list_checks() if args.checks else list_queries()
    if args.format == "json":
        doc = [{"name": q.name, "summary": q.summary, "description": q.description, "tags": list(q.tags),
                "params": [{"name": p.name, "type": p.type, "default": p.default, "description": p.description,
                            "class": [str(c) for c in p.classes], "multiple": p.multiple} for p in q.params]}
               for q in items]
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return 0
    headers = ["name", "summary", "params"]
    rows = catalogue_rows(items)
    if args.format == "md":
        rows = [[f"`{r[0]}`", r[1], r[2]] for r in rows]
        sys.stdout.write(render_markdown(headers, rows))
    else:
        sys.stdout.write(render_table(headers, rows))
    return 0
