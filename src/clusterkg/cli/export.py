"""clusterkg export: the graph in an RDF format, or a whole publication folder."""

from __future__ import annotations

import argparse

FORMAT_NAMES = ("jsonld", "nquads", "ntriples", "rdfxml", "trig", "turtle")  # clusterkg.rdfio.export.EXPORT_FORMATS
OGL_V3 = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"  # clusterkg.options.OGL_V3
# flag -> (PublicationOptions field, metavar, help); every one also settable in plan.yaml's publication:
SETTING_FLAGS = {
    "--base-iri": ("base_iri", "IRI", "move every resource IRI under this base (default: https://w3id.org/wmgrowth/)"),
    "--ontology-iri": ("ontology_iri", "IRI", "move the ontology namespace too (default: it stays "
                       "https://w3id.org/wmgrowth/def#)"),
    "--publisher": ("publisher", "NAME", "publisher of the derived dataset (default: plan.yaml's publication "
                                         "setting, else the clusterkg project; never the source page's publisher)"),
    "--contact-name": ("contact_name", "NAME", "name of the dataset's contact point"),
    "--contact-email": ("contact_email", "EMAIL", "e-mail address of the contact point"),
    "--contact-url": ("contact_url", "URL", "web page of the contact point"),
    "--landing-page": ("landing_page", "URL", "web page about the dataset (also the catalogue's homepage)"),
    "--download-base": ("download_base", "URL", "folder URL the published files are served from, ending in / "
                        "(default: {base}download/)"),
    "--license": ("license", "IRI", "licence of the dataset (default: the Open Government Licence v3.0)"),
    "--dataset-version": ("dataset_version", "TEXT", "version of the data (plan.yaml: publication.version)"),
    "--issued": ("issued", "DATE", "date of first publication, YYYY-MM-DD"),
    "--modified": ("modified", "DATE", "date of last change, YYYY-MM-DD (default: SOURCE_DATE_EPOCH's date if "
                   "set, else the issued date)"),
    "--temporal-start": ("temporal_start", "YEAR", "start of the period the data covers (dct:temporal), YYYY or "
                         "YYYY-MM-DD; the page states none: the publisher's to give"),
    "--temporal-end": ("temporal_end", "YEAR", "end of the period the data covers, YYYY or YYYY-MM-DD (plan.yaml: "
                       "the target year the page states, 2030)"),
    "--sparql-endpoint": ("sparql_endpoint", "URL", "a SPARQL endpoint serving the data, recorded as "
                          "void:sparqlEndpoint and the stored queries' target"),
}

EPILOG = """\
The description (DCAT-AP 3, VoID, PROV) is included unless --no-description is given. Its settings
come from the publication: section of plan.yaml in the data folder, each overridden by its flag;
the date of last change, where neither gives it, from SOURCE_DATE_EPOCH (seconds since 1970-01-01
UTC); never the clock. Each recommended setting left empty (contact name and e-mail, landing page,
download base, dataset version, issued, modified) is named in a warning on stderr.
--all DIR writes every format, clusterkg.ttl, ontology.html (pyLODE), ontology.md, shapes.ttl,
void.ttl, catalog.rdf, queries.ttl and SHA256SUMS, and beside them the web site (as clusterkg site
writes it: a page and data files for every resource under id/, def.html, queries/, query.html, the
views), so that the folder, served at the base IRI, makes every IRI resolve (--no-site leaves it out).

--input FILE writes another RDF file (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD) in the format
asked, exactly as it is: every term as written, named graphs kept by TriG, N-Quads and JSON-LD, the union
of the graphs written by Turtle, N-Triples and RDF/XML. A format that cannot hold the data (a triple term
in JSON-LD, a character XML 1.0 forbids in RDF/XML) is one line naming it, exit 2, nothing written.

Example:
  clusterkg export --format turtle --output graph.ttl --with-ontology
  clusterkg export --input data.trig --format nquads --output data.nq
  clusterkg export --format jsonld --output graph.jsonld --base-iri https://data.example.org/wm/
  clusterkg export --all publish/ --issued 2025-01-31 --contact-email data@example.org \\
      --landing-page https://data.example.org/wm/ --download-base https://data.example.org/wm/files/ \\
      --site-url https://data.example.org/wm/"""


def register(subparsers, common):
    p = subparsers.add_parser(
        "export", parents=[common], help="write the graph in an RDF format, or a publication folder (--all)",
        description="Write the graph in an RDF format (turtle, ntriples, jsonld, rdfxml, trig, nquads), with its "
                    "dataset description. Output is deterministic: the same input gives the same bytes.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--format", choices=FORMAT_NAMES, default=None, help="RDF format (default: turtle)")
    p.add_argument("--output", metavar="FILE", default=None,
                   help="output file, or - for stdout (default: -); JSON-LD also writes FILE's .context.jsonld")
    p.add_argument("--input", metavar="FILE", default=None,
                   help="write this RDF file instead of the data folder's graph, exactly as it is (no description)")
    p.add_argument("--all", metavar="DIR", default=None,
                   help="write a publication folder: every format, ontology and its page, shapes, description, "
                        "queries, checksums")
    p.add_argument("--with-ontology", action="store_true", help="include the vocabulary (ontology/clusterkg.ttl)")
    p.add_argument("--no-description", dest="description", action="store_false",
                   help="leave out the dataset description (DCAT/VoID/PROV)")
    p.add_argument("--no-site", dest="site", action="store_false",
                   help="with --all: leave out the web site (the pages under id/, def.html, queries/, the views)")
    p.add_argument("--site-url", metavar="URL", default=None,
                   help="with --all: where the folder will be published; adds w3id.htaccess, the redirect rules "
                        "for https://w3id.org/wmgrowth/ (no default: the source names no such address)")
    p.add_argument("--previous", metavar="DIR_OR_URL", default=None,
                   help="with --all: the publication folder (or its address) of the edition this one follows: the "
                        "description records both versions (DCAT 3) and changes.html, changes.ru and changes.rdfp "
                        "say what changed; needs --dataset-version")
    for flag, (field, metavar, text) in SETTING_FLAGS.items():
        p.add_argument(flag, dest=field, metavar=metavar, default=None, help=text)
    p.set_defaults(func=run)


def options_from(args, profiles):
    """The publication settings of the data folder, overridden by the flags given."""
    from clusterkg.publication.settings import publication_options

    flags = {field: getattr(args, field) for field, _, _ in SETTING_FLAGS.values()}
    return publication_options(profiles.data_dir, flags, description=args.description,
                               with_ontology=args.with_ontology)


def run(args) -> int:
    import sys
    from pathlib import Path

    from clusterkg.errors import ClusterKGError
    from clusterkg.kg import KnowledgeGraph

    if args.all and (args.format or args.output or args.with_ontology or not args.description):
        raise ClusterKGError("--all writes every format with its description: leave out --format, --output, "
                             "--with-ontology and --no-description")
    if not args.all and (args.site_url is not None or not args.site or args.previous is not None):
        raise ClusterKGError("--site-url, --no-site and --previous go with --all DIR")
    if not args.all and (args.output in (None, "-")) and sys.stdout.isatty():
        raise ClusterKGError("refusing to write a whole graph to the terminal: give --output FILE "
                             "(or --output - and a pipe)")
    from clusterkg.outputs import check_output_file, check_target, refuse_foreign

    if args.input is not None:
        return _export_file(args)
    if args.all:
        refuse_foreign(check_target(args.all), "'export --all'")  # before anything is built
        if args.site_url is not None:
            from clusterkg.web.site import w3id_htaccess

            w3id_htaccess(args.site_url)  # a bad URL fails before any work
    elif args.output not in (None, "-"):
        check_output_file(args.output)
    kg = KnowledgeGraph.from_data(args.data)
    options = options_from(args, kg.profiles)
    if options.description:
        from clusterkg.model.terms import BASE_IRI
        from clusterkg.publication.settings import FILE_PATHS

        for name in options.empty_recommended():
            outcome = (f"download links default to {options.downloads(BASE_IRI)}" if name == "download-base"
                       else "the description leaves it out")
            print(f"clusterkg export: warning: no {name} given (--{name}, or {FILE_PATHS[name]} in plan.yaml): "
                  f"{outcome}", file=sys.stderr)
    if args.all:
        written = kg.publish(args.all, options, site=args.site, site_url=args.site_url, previous=args.previous)
        top = [p.name for p in written if p.parent == Path(args.all) and p.suffix != ".html"]
        pages = sum(1 for p in written if p.suffix == ".html")
        print(f"Wrote {args.all}: {len(written)} files: " + ", ".join(top) + f" and {pages} web pages")
        return 0
    kg.export(args.output or "-", args.format, options)
    return 0


def _export_file(args) -> int:
    """``--input FILE``: the file in the format asked, exactly as it is."""
    from clusterkg.errors import ClusterKGError
    from clusterkg.outputs import check_output_file
    from clusterkg.rdfio.export import export

    given = [flag for flag, value in (("--all", args.all), ("--with-ontology", args.with_ontology),
                                      ("--base-iri", args.base_iri), ("--ontology-iri", args.ontology_iri))
             if value]
    if given:
        raise ClusterKGError(f"--input writes a file as it is: leave out {', '.join(given)}")
    if args.output not in (None, "-"):
        check_output_file(args.output)
    export(args.input, args.output or "-", args.format)
    return 0
