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

__all__ = [
    "ClusterKGError",
    "InputError",
    "build_graph",
    "check_source",
    "export",
    "load_profiles",
    "serialize",
    "validate",
]
