"""clusterkg check-source: the profiles against the source page, word for word."""

from __future__ import annotations

import argparse


def register(subparsers, common):
    p = subparsers.add_parser(
        "check-source", parents=[common], help="prove the profiles are faithful to the source page",
        description="Check that every bullet on the source page is used exactly once, verbatim, at its line; "
                    "that every growth sentence parses to the stored figures; that links and roles say no more "
                    "than the page (the longest name wins, leads names only bodies its bullet names, every "
                    "lower-case programme is an entity or a reviewed name); that a quality note marks every "
                    "inferred section boundary, mapped lever wording and label the page does not give, and "
                    "quotes only the page; and list capitalised names that match no entity. One problem a "
                    "line; exit 1 on a problem.",
        epilog="Example:\n  clusterkg check-source --data data/", formatter_class=argparse.RawDescriptionHelpFormatter)
    p.set_defaults(func=run)


def run(args) -> int:
    from clusterkg.safetext import terminal_text as shown  # problems quote data and page text
    from clusterkg.source.source_check import check_source

    report = check_source(data_dir=args.data)
    print(f"{shown(str(report.page))}: {report.bullets_on_page} bullets on the page, "
          f"{report.bullets_in_profiles} used by the profiles.")
    for problem in report.problems:
        print(f"  problem: {shown(str(problem))}")
    if report.unlinked:
        print(f"{len(report.unlinked)} capitalised name(s) match no entity (add an entity or a not_entities entry):")
        for line, name in report.unlinked:
            print(f"  line {line}: {shown(name)}")
    if report.ok:
        print("OK: the profiles match the page.")
    return 0 if report.ok else 1
