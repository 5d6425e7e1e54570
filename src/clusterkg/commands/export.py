"""clusterkg export: the graph in an RDF format, or a whole publication folder."""

from __future__ import annotations

import argparse

FORMAT_NAMES = ("jsonld", "ntriples", "rdfxml", "trig", "turtle")  # clusterkg.export.EXPORT_FORMATS
OGL_V3 = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

EPILOG = """\
The description (DCAT-AP 3, VoID, PROV) is included unless --no-description is given; its dates come
from --issued/--modified, else from the data (issued/modified of the source in plan.yaml), never the
clock. --all DIR writes every format, clusterkg.ttl, shapes.ttl, void.ttl, catalog.rdf and SHA256SUMS.

Example:
  clusterkg export --format turtle --output graph.ttl --with-ontology
  clusterkg export --format jsonld --output graph.jsonld --base-iri https://data.example.org/wm/
  clusterkg export --all publish/ --issued 2025-01-31 --sparql-endpoint https://data.example.org/sparql"""


def _checked(check, *args):
    """An argparse type from a check of clusterkg.values: a bad value is a usage error."""
    def convert(value: str):
        from ..errors import ClusterKGError

        try:
            return check(value, *args)
        except ClusterKGError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    return convert


def _iri(*ends_with: str):
    from ..values import WEB, check_iri

    return _checked(lambda v, what: check_iri(v, what, schemes=WEB, ends_with=ends_with), "IRI")


def _date(value: str):
    from ..values import check_date

    return _checked(check_date)(value)


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


def options_from(args, profiles):
    """The publication settings the flags give, with the data's own dates where no flag gives one."""
    from ..options import DEFAULT_PUBLISHER, PublicationOptions

    issued, modified = profiles.sources[0].issued, profiles.sources[0].modified
    return PublicationOptions(
        base_iri=args.base_iri, ontology_iri=args.ontology_iri, license=args.license,
        issued=args.issued or issued, modified=args.modified or modified, sparql_endpoint=args.sparql_endpoint,
        publisher=profiles.sources[0].publisher or DEFAULT_PUBLISHER, description=args.description,
        with_ontology=args.with_ontology)


def run(args) -> int:
    import sys

    from ..errors import ClusterKGError
    from ..kg import KnowledgeGraph

    if args.all and (args.format or args.output or args.with_ontology or not args.description):
        raise ClusterKGError("--all writes every format with its description: leave out --format, --output, "
                             "--with-ontology and --no-description")
    if not args.all and (args.output in (None, "-")) and sys.stdout.isatty():
        raise ClusterKGError("refusing to write a whole graph to the terminal: give --output FILE "
                             "(or --output - and a pipe)")
    kg = KnowledgeGraph.from_data(args.data)
    options = options_from(args, kg.profiles)
    if args.all:
        written = kg.publish(args.all, options)
        print(f"Wrote {args.all}: " + ", ".join(p.name for p in written))
        return 0
    kg.export(args.output or "-", args.format, options)
    return 0
