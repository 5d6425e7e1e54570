"""clusterkg export: the graph in an RDF format."""

from __future__ import annotations

import argparse


def register(subparsers, common):
    from ..export import FORMATS

    p = subparsers.add_parser(
        "export", parents=[common], help="write the graph in an RDF format",
        description="Write the graph in an RDF format. Output is deterministic: the same input gives the same bytes.",
        epilog="Example:\n  clusterkg export --format turtle --output graph.ttl --with-ontology",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--format", choices=sorted(FORMATS), default="turtle", help="RDF format (default: turtle)")
    p.add_argument("--output", metavar="FILE", default="-", help="output file, or - for stdout (default: -)")
    p.add_argument("--with-ontology", action="store_true", help="include the vocabulary (ontology/clusterkg.ttl)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..export import export
    from ..graph import build_graph

    export(build_graph(data_dir=args.data), args.output, args.format, with_ontology=args.with_ontology)
    return 0
