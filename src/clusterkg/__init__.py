"""clusterkg: the West Midlands Plan for Growth cluster growth profiles as a knowledge graph.

The public API mirrors the CLI::

    import clusterkg
    data = clusterkg.load_profiles()          # data/ as checked Python objects
    graph = clusterkg.build_graph(data)       # an rdflib.Graph
    clusterkg.export(graph, "graph.ttl")      # deterministic Turtle
"""

__version__ = "0.1.0"

from .errors import ClusterKGError, InputError  # noqa: E402
from .export import export, serialize  # noqa: E402
from .graph import build_graph  # noqa: E402
from .profiles import load_profiles  # noqa: E402
from .source_check import check_source  # noqa: E402
from .validate import validate  # noqa: E402
from .dataset import describe  # noqa: E402
from .publish import publish  # noqa: E402
from .rebase import rebase  # noqa: E402
from .queries import list_checks, list_queries, query, run_checks  # noqa: E402
from .remote import push  # noqa: E402
from .results import QueryResult, format_result  # noqa: E402

__all__ = [
    "ClusterKGError",
    "InputError",
    "build_graph",
    "check_source",
    "export",
    "load_profiles",
    "serialize",
    "validate",
    "describe",
    "publish",
    "rebase",
    "QueryResult",
    "format_result",
    "list_checks",
    "list_queries",
    "push",
    "query",
    "run_checks",
    "bipartite_network",
    "bridges",
    "cluster_projection",
    "communities",
    "export_network",
    "network_report",
    "similarity",
    "typed_network",
    "write_views",
]

# Network and view functions load networkx, pyvis and Jinja2 only when first used, so that
# `import clusterkg` stays light.
_LAZY = {
    "bipartite_network": "network", "bridges": "network", "cluster_projection": "network",
    "communities": "network", "export_network": "network", "network_report": "network",
    "similarity": "network", "typed_network": "network", "write_views": "views",
}


def __getattr__(name):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# Where a graph lives (rdflib's memory store or Oxigraph) and views of large graphs; loaded when used.
__all__ += ["open_graph", "load_turtle", "fit_for_browser", "plan_groups"]
_LAZY.update({"open_graph": "store", "load_turtle": "store", "fit_for_browser": "layout", "plan_groups": "layout"})
