"""Networks as GraphML or GEXF files, for Gephi or yEd: well-formed XML whatever text the data holds,
and the same bytes for the same network."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx

from clusterkg.errors import ClusterKGError
from clusterkg.fileio import write_output
from clusterkg.safetext import xml_text, xml_unsafe

TYPE_CHECKING = False  # read by type checkers only; nothing below is imported at run time
if TYPE_CHECKING:
    import os

EXPORT_FORMATS = {".graphml": "graphml", ".gexf": "gexf"}


def _flat(value):
    """A GraphML/GEXF-safe attribute value: lists become text, one item per line; text loses the
    characters XML 1.0 cannot hold (each becomes U+FFFD)."""
    if isinstance(value, (list, tuple)):
        value = "\n".join(f"line {v[0]}: {v[1]}" if isinstance(v, tuple) else str(v) for v in value)
    return xml_text(value) if isinstance(value, str) else value


def _attributes(data: dict) -> dict:
    return {xml_text(str(k)): _flat(v) for k, v in data.items()}


def _node(n):
    if isinstance(n, str) and xml_unsafe(n):
        raise ClusterKGError(f"node {n!r}: its id holds a character that XML cannot hold; "
                             f"GraphML and GEXF cannot name it")
    return n


def _exportable(net: nx.Graph) -> nx.Graph:
    """A copy of ``net`` with XML-safe ids and attribute values; graph attributes that are mappings
    (such as the typed network's ``plans``) are left out."""
    flat = net.__class__()
    flat.graph.update(_attributes({k: v for k, v in net.graph.items() if not isinstance(v, dict)}))
    flat.add_nodes_from((_node(n), _attributes(d)) for n, d in net.nodes(data=True))
    if net.is_multigraph():
        flat.add_edges_from((u, v, _flat(k), _attributes(d)) for u, v, k, d in net.edges(keys=True, data=True))
    else:
        flat.add_edges_from((u, v, _attributes(d)) for u, v, d in net.edges(data=True))
    return flat


def network_bytes(net: nx.Graph, format: str) -> bytes:
    """``net`` as GraphML or GEXF (UTF-8); list attributes become text. The same network gives the same
    bytes. A node id XML cannot hold is a ``ClusterKGError`` naming the node."""
    if format not in ("graphml", "gexf"):
        raise ClusterKGError(f"unknown network format '{format}' (expected one of: graphml, gexf)")
    flat = _exportable(net)
    if format == "graphml":
        text = "\n".join(nx.generate_graphml(flat)) + "\n"
    else:
        text = "\n".join(nx.generate_gexf(flat)) + "\n"
        text = re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)  # today's date: not deterministic
    return text.encode("utf-8")


def export_network(net: nx.Graph, path: str | os.PathLike[str]) -> Path:
    """Write ``net`` to ``path``, GraphML or GEXF by its suffix, through a temporary file."""
    path = Path(path)
    format = EXPORT_FORMATS.get(path.suffix.lower())
    if format is None:
        raise ClusterKGError(f"{path}: unknown network file type '{path.suffix}' (expected .graphml or .gexf)")
    data = network_bytes(net, format)
    try:
        return write_output(path, data)
    except OSError as exc:
        raise ClusterKGError(f"{path}: cannot write ({exc.strerror or exc})") from exc
