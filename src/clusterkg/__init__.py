"""clusterkg: the West Midlands Plan for Growth cluster growth profiles as a knowledge graph.

One object holds the graph, for notebooks and the CLI alike::

    import clusterkg
    kg = clusterkg.KnowledgeGraph.from_data()          # or .from_file("graph.ttl"), .from_endpoint(url)
    kg.query("shared-levers").to_records()             # stored queries, with names beside IRIs
    kg.export("graph.ttl")                             # every RDF format; kg.rdflib() for an rdflib Graph

Names load their module when first used, so ``import clusterkg`` stays light.
"""

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


class _Package(types.ModuleType):
    """The package: a function named like its module (``export``, ``publish``, ``validate``, ``push``,
    ``rebase``) stays the function when the module is imported, as it would with eager imports."""

    def __setattr__(self, name, value):
        if name in _PUBLIC and isinstance(value, types.ModuleType) and value.__name__ == f"{__name__}.{name}":
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name):
    if name in _PUBLIC:
        from importlib import import_module

        return getattr(import_module(f".{_PUBLIC[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
