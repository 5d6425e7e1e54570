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
    from ..validate import load_turtle, validate

    if args.file:
        graph = load_turtle(args.file)
    else:
        from ..graph import build_graph
        graph = build_graph(data_dir=args.data)
    report = validate(graph)
    if report.conforms:
        print(f"OK: {len(graph)} triples conform to the shapes and pass the stored checks.")
        return 0
    print(f"{len(report.violations)} violation(s):")
    for v in report.violations:
        print(f"  {v}")
    return 1
