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
    "KnowledgeGraph": "kg",
    "build": "build", "Built": "build",
    "load_profiles": "source.profiles",
    "build_graph": "model.graph", "build_store": "model.graph",
    "check_source": "source.source_check",
    "validate": "kg", "query": "kg",
    "list_queries": "query.catalogue", "list_checks": "query.catalogue",
    "run_checks": "kg",
    "QueryResult": "query.results", "format_result": "query.results",
    "serialize": "kg", "export": "kg",
    "describe": "rdfio.dataset",
    "publish": "kg", "rebase": "kg",
    "PublicationOptions": "options",
    "push": "kg",
    "typed_network": "network.measures", "bipartite_network": "network.measures",
    "cluster_projection": "network.measures", "bridges": "network.measures", "communities": "network.measures",
    "similarity": "network.measures", "network_report": "network.measures", "export_network": "network.measures",
    "write_views": "views.render",
}

__all__ = ["__version__", *_PUBLIC]

TYPE_CHECKING = False  # type checkers see the names as if imported eagerly; at run time they load on first use
if TYPE_CHECKING:
    from typing import Any

    from .build import Built as Built
    from .build import build as build
    from .errors import ClusterKGError as ClusterKGError
    from .errors import InputError as InputError
    from .kg import KnowledgeGraph as KnowledgeGraph
    from .kg import export as export
    from .kg import publish as publish
    from .kg import push as push
    from .kg import query as query
    from .kg import rebase as rebase
    from .kg import run_checks as run_checks
    from .kg import serialize as serialize
    from .kg import validate as validate
    from .model.graph import build_graph as build_graph
    from .model.graph import build_store as build_store
    from .network.measures import bipartite_network as bipartite_network
    from .network.measures import bridges as bridges
    from .network.measures import cluster_projection as cluster_projection
    from .network.measures import communities as communities
    from .network.measures import export_network as export_network
    from .network.measures import network_report as network_report
    from .network.measures import similarity as similarity
    from .network.measures import typed_network as typed_network
    from .options import PublicationOptions as PublicationOptions
    from .query.catalogue import list_checks as list_checks
    from .query.catalogue import list_queries as list_queries
    from .query.results import QueryResult as QueryResult
    from .query.results import format_result as format_result
    from .rdfio.dataset import describe as describe
    from .source.profiles import load_profiles as load_profiles
    from .source.source_check import check_source as check_source
    from .views.render import write_views as write_views


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
