"""clusterkg: the West Midlands Plan for Growth cluster growth profiles as a knowledge graph.

One object holds the graph, for notebooks and the CLI alike::

    import clusterkg
    kg = clusterkg.KnowledgeGraph.from_data()          # or .from_file("graph.ttl"), .from_endpoint(url)
    kg.query("shared-levers").to_records()             # stored queries, with names beside IRIs
    kg.export("graph.ttl")                             # every RDF format; kg.rdflib() for an rdflib Graph

Names load their module when first used, so ``import clusterkg`` stays light.
"""

from __future__ import annotations

import sys
import types

__version__ = "0.2.0"

# public name -> the module (under clusterkg) that defines it
_PUBLIC = {
    "ClusterKGError": "errors", "InputError": "errors",
    "KnowledgeGraph": "kg", "build": "build", "Built": "build",
    "load_profiles": "profiles",
    "build_graph": "graph", "build_store": "graph",
    "check_source": "source_check",
    "validate": "kg",
    "query": "kg", "list_queries": "queries", "list_checks": "queries", "run_checks": "kg",
    "QueryResult": "results", "format_result": "results",
    "serialize": "kg", "export": "kg",
    "describe": "dataset", "publish": "kg", "rebase": "kg", "PublicationOptions": "options",
    "push": "kg",
    "typed_network": "network", "bipartite_network": "network", "cluster_projection": "network",
    "bridges": "network", "communities": "network", "similarity": "network", "network_report": "network",
    "export_network": "network",
    "write_views": "views",
}

__all__ = ["__version__", *_PUBLIC]

TYPE_CHECKING = False  # type checkers see the names as if imported eagerly; at run time they load on first use
if TYPE_CHECKING:
    from typing import Any

    from .dataset import describe as describe
    from .errors import ClusterKGError as ClusterKGError
    from .errors import InputError as InputError
    from .export import export as export
    from .export import serialize as serialize
    from .graph import build_graph as build_graph
    from .graph import build_store as build_store
    from .kg import KnowledgeGraph as KnowledgeGraph
    from .kg import query as query
    from .kg import rebase as rebase
    from .kg import run_checks as run_checks
    from .network import bipartite_network as bipartite_network
    from .network import bridges as bridges
    from .network import cluster_projection as cluster_projection
    from .network import communities as communities
    from .network import export_network as export_network
    from .network import network_report as network_report
    from .network import similarity as similarity
    from .network import typed_network as typed_network
    from .options import PublicationOptions as PublicationOptions
    from .profiles import load_profiles as load_profiles
    from .publish import publish as publish
    from .push import push as push
    from .queries import list_checks as list_checks
    from .queries import list_queries as list_queries
    from .results import QueryResult as QueryResult
    from .results import format_result as format_result
    from .source_check import check_source as check_source
    from .validate import validate as validate
    from .views import write_views as write_views


class _Package(types.ModuleType):
    """The package: a function named like its module (``export``, ``publish``, ``validate``, ``push``,
    ``rebase``) stays the function when the module is imported, as it would with eager imports."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _PUBLIC and isinstance(value, types.ModuleType) and value.__name__ == f"{__name__}.{name}":
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        from importlib import import_module

        return getattr(import_module(f".{_PUBLIC[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
