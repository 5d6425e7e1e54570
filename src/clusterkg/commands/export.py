"""clusterkg export: the graph in an RDF format, or a whole publication folder."""

from __future__ import annotations

import argparse
import re

FORMAT_NAMES = ("jsonld", "ntriples", "rdfxml", "trig", "turtle")  # clusterkg.export.FORMATS, without importing rdflib
OGL_V3 = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

EPILOG = """\
The description (DCAT-AP 3, VoID, PROV) is included unless --no-description is given; its dates come
from --issued/--modified, else from the data (issued/modified of the source in plan.yaml), never the
clock. --all DIR writes every format, clusterkg.ttl, shapes.ttl, void.ttl, catalog.rdf and SHA256SUMS.

Example:
  clusterkg export --format turtle --output graph.ttl --with-ontology
  clusterkg export --format jsonld --output graph.jsonld --base-iri https://data.example.org/wm/
  clusterkg export --all publish/ --issued 2025-01-31 --sparql-endpoint https://data.example.org/sparql"""


def _date(value: str) -> str:
    import datetime

    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            datetime.date.fromisoformat(value)
            return value
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): '{value}'")


def _iri(*ends_with: str):
    def check(value: str) -> str:
        if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", value):
            raise argparse.ArgumentTypeError(f"not an absolute http(s) IRI: '{value}'")
        if ends_with and not value.endswith(ends_with):
            raise argparse.ArgumentTypeError(f"must end with {' or '.join(repr(e) for e in ends_with)}: '{value}'")
        return value
    return check


def register(subparsers, common):
    p = subparsers.add_parser(
        "export", parents=[common], help="write the graph in an RDF format, or a publication folder (--all)",
        description="Write the graph in an RDF format (turtle, ntriples, jsonld, rdfxml, trig), with its "
                    "dataset description. Output is deterministic: the same input gives the same bytes.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--format", choices=FORMAT_NAMES, default=None, help="RDF format (default: turtle)")
    p.add_argument("--output", metavar="FILE", default=None,
                   help="output file, or - for stdout (default: -); JSON-LD also writes FILE's .context.jsonld")
    p.add_argument("--all", metavar="DIR", default=None,
                   help="write a publication folder: every format, ontology, shapes, description, checksums")
    p.add_argument("--with-ontology", action="store_true", help="include the vocabulary (ontology/clusterkg.ttl)")
    p.add_argument("--no-description", dest="description", action="store_false",
                   help="leave out the dataset description (DCAT/VoID/PROV)")
    p.add_argument("--base-iri", metavar="IRI", type=_iri("/"), default=None,
                   help="move every resource IRI under this base (default: https://w3id.org/wmgrowth/)")
    p.add_argument("--ontology-iri", metavar="IRI", type=_iri("#", "/"), default=None,
                   help="move the ontology namespace too (default: it stays https://w3id.org/wmgrowth/def#)")
    p.add_argument("--license", metavar="IRI", type=_iri(), default=OGL_V3,
                   help="licence of the dataset (default: the Open Government Licence v3.0)")
    p.add_argument("--issued", metavar="DATE", type=_date, default=None, help="date of first publication, YYYY-MM-DD")
    p.add_argument("--modified", metavar="DATE", type=_date, default=None, help="date of last change, YYYY-MM-DD")
    p.add_argument("--sparql-endpoint", metavar="URL", type=_iri(), default=None,
                   help="a SPARQL endpoint serving the data, recorded as void:sparqlEndpoint")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..dataset import DEFAULT_PUBLISHER, data_dates
    from ..errors import ClusterKGError
    from ..export import export
    from ..graph import build_graph
    from ..profiles import load_profiles
    from ..publish import publish

    if args.all and (args.format or args.output or args.with_ontology or not args.description):
        raise ClusterKGError("--all writes every format with its description: leave out --format, --output, "
                             "--with-ontology and --no-description")
    data = load_profiles(args.data)
    graph = build_graph(data)
    issued, modified = data_dates(data.data_dir)
    options = dict(base_iri=args.base_iri, ontology_iri=args.ontology_iri, license=args.license,
                   issued=args.issued or issued, modified=args.modified or modified,
                   sparql_endpoint=args.sparql_endpoint, publisher=data.sources[0].publisher or DEFAULT_PUBLISHER)
    if args.all:
        written = publish(graph, args.all, **options)
        print(f"Wrote {args.all}: " + ", ".join(p.name for p in written))
        return 0
    export(graph, args.output or "-", args.format or "turtle", with_ontology=args.with_ontology,
           description=args.description, **options)
    return 0
