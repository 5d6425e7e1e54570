"""clusterkg check-publication: the MQA score, the FOOPS! checks and the DCAT-AP shapes of a publication."""

from __future__ import annotations

import argparse


def register(subparsers, common):
    p = subparsers.add_parser(
        "check-publication", parents=[common],
        help="score a publication folder: data.europa.eu MQA, FOOPS! checks, DCAT-AP 3.0.1 shapes",
        description="Score the folder export --all wrote, offline: data.europa.eu's Metadata Quality "
                    "Assessment of catalog.rdf (405 points), the FOOPS! checks that read only clusterkg.ttl "
                    "(the DOI test is not required) and the official DCAT-AP 3.0.1 shapes on catalog.rdf. "
                    "Exit 1 below the mark (every point, every required test, no violation).",
        epilog="Example:\n  clusterkg export --all publish/ --issued 2025-01-31 --contact-email data@example.org\n"
               "  clusterkg check-publication publish/",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("directory", metavar="DIR", help="a publication folder (clusterkg export --all DIR)")
    p.set_defaults(func=run)


def run(args) -> int:
    from clusterkg.publication.pubcheck import check_publication, format_report
    from clusterkg.safetext import terminal_text

    report = check_publication(args.directory)
    for line in format_report(report).splitlines():
        print(terminal_text(line))
    return 0 if report.ok else 1
