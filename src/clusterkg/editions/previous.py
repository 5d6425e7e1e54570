"""The edition a publication follows (``export --all --previous DIR_OR_URL``): a publication folder
written by ``export --all``, or the address it is served at, read through its ``graph.trig`` (the data
in the dataset's named graph, the description in the default graph)."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from clusterkg.errors import ClusterKGError
from clusterkg.fileio import read_regular

DATASET_FILE = "graph.trig"
MAX_BYTES = 256 * 1024 ** 2  # the largest graph.trig read: 256 MiB (R = 1000 writes about 60 MiB)
TIMEOUT = 60  # seconds for the download of a served one
_VERSION = ox.NamedNode("http://www.w3.org/ns/dcat#version")


@dataclass
class PreviousEdition:
    data: ox.Store  # its data, in the default graph
    version: str | None  # its dcat:version, if its description gives one
    origin: str


def _download(url: str) -> bytes:
    address = url.rstrip("/") + "/" + DATASET_FILE
    try:
        with urllib.request.urlopen(address, timeout=TIMEOUT) as answer:  # noqa: S310 - the user's own address
            data = answer.read(MAX_BYTES + 1)
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise ClusterKGError(f"--previous: cannot read {address}: {reason}") from None
    if len(data) > MAX_BYTES:
        raise ClusterKGError(f"--previous: {address} is larger than {MAX_BYTES // 1024 ** 2} MiB: refused")
    return data


def read_previous(where: str) -> PreviousEdition:
    """The previous edition at ``where``: a publication folder or its http(s) address."""
    if where.startswith(("http://", "https://")):
        raw, origin = _download(where), where
    else:
        folder = Path(where)
        if not (folder / DATASET_FILE).is_file():
            raise ClusterKGError(f"--previous: {where} is not a publication folder (no {DATASET_FILE} in it; "
                                 "export --all writes one)")
        raw, origin = read_regular(folder / DATASET_FILE, MAX_BYTES), where
    full = ox.Store()
    try:
        full.load(raw, format=ox.RdfFormat.TRIG)
    except (SyntaxError, ValueError) as exc:
        raise ClusterKGError(f"--previous: {origin}'s {DATASET_FILE} is not TriG: {exc}") from None
    graphs = sorted({q.graph_name.value for q in full if isinstance(q.graph_name, ox.NamedNode)})
    if len(graphs) != 1:
        raise ClusterKGError(f"--previous: {origin}'s {DATASET_FILE} holds {len(graphs)} named graphs, not the "
                             "one of the dataset's data")
    dataset = ox.NamedNode(graphs[0])
    data = ox.Store()
    data.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in full.quads_for_pattern(None, None, None,
                                                                                             dataset))
    versions = sorted(q.object.value for q in full.quads_for_pattern(dataset, _VERSION, None, ox.DefaultGraph()))
    return PreviousEdition(data, versions[0] if versions else None, origin)
