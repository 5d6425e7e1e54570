"""clusterkg validate: SHACL validation against ontology/shapes.ttl."""

from __future__ import annotations

import argparse


def register(subparsers, common):
    p = subparsers.add_parser(
        "validate", parents=[common], help="check the graph (or a Turtle file) against the SHACL shapes",
        description="Validate the graph built from --data, or a Turtle FILE, against ontology/shapes.ttl. "
                    "Exit 1 on violations.",
        epilog="Example:\n  clusterkg validate\n  clusterkg validate build/graph.ttl",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", nargs="?", metavar="FILE", help="a Turtle file to validate instead of the built graph")
    p.set_defaults(func=run)


def run(args) -> int:
    from clusterkg.kg import KnowledgeGraph
    from clusterkg.query.validate import validate

    source = args.file if args.file else KnowledgeGraph.from_data(args.data)
    report = validate(source)
    if report.conforms:
        print(f"OK: {report.triples} triples conform to the shapes and pass the stored checks.")
        return 0
    from clusterkg.safetext import terminal_text

    print(f"{len(report.violations)} violation(s):")
    for v in report.violations:
        print(f"  {terminal_text(str(v))}")  # a violation quotes the data's text
    return 1
