"""clusterkg network: what ties the clusters together, as network measures; GraphML/GEXF export."""

from __future__ import annotations

import argparse


def register(subparsers, common):
    p = subparsers.add_parser(
        "network", parents=[common], help="print network measures of what the clusters share; export for Gephi",
        description="Print which levers, places and entities bridge the most clusters (degree, betweenness), "
                    "which clusters are most alike (Jaccard similarity) and the communities of clusters "
                    "(Louvain, fixed seed). With --export, also write a network as GraphML or GEXF (by the "
                    "file's suffix): 'typed' (every cluster and resource, an edge per relation), 'bipartite' "
                    "(clusters and the resources they use) or 'projection' (cluster to cluster, weighted by "
                    "what they share).",
        epilog="Example:\n  clusterkg network --top 5\n"
               "  clusterkg network --export build/clusters.gexf --network projection",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--top", metavar="N", type=int, default=10, help="rows per list (default: 10)")
    p.add_argument("--export", metavar="FILE", default=None, help="also write the network to FILE (.graphml or .gexf)")
    p.add_argument("--across-plans", action="store_true",
                   help="compare clusters of different plans too (default: only clusters of one plan)")
    p.add_argument("--network", choices=["typed", "bipartite", "projection"], default="typed",
                   help="which network --export writes (default: typed)")
    p.set_defaults(func=run)


def run(args) -> int:
    from clusterkg.errors import ClusterKGError
    from clusterkg.kg import KnowledgeGraph
    from clusterkg.network.measures import EXPORT_FORMATS, build_network, export_network, format_network_report

    if args.top < 1:
        raise ClusterKGError(f"--top must be a positive number, not {args.top}")
    if args.export and not str(args.export).lower().endswith(tuple(EXPORT_FORMATS)):
        raise ClusterKGError(f"{args.export}: unknown network file type (expected .graphml or .gexf)")
    kg = KnowledgeGraph.from_data(args.data)
    print(format_network_report(kg.network_report(across_plans=args.across_plans), top=args.top))
    if args.export:
        print(f"Wrote: {export_network(build_network(kg.typed_network, args.network), args.export)}")
    return 0
