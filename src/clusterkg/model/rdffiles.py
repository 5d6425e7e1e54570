"""Reading RDF files: the one loader. Every file clusterkg reads (a graph, the ontology, the shapes, a
cached graph) goes through :func:`read_quads`, which parses with Oxigraph's parsers, keeps every term
exactly as written, and turns a bad file into one line naming it."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from clusterkg.errors import InputError

# file suffix -> pyoxigraph format name
SUFFIXES = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".nq": "N_QUADS", ".trig": "TRIG", ".rdf": "RDF_XML",
            ".owl": "RDF_XML", ".xml": "RDF_XML", ".jsonld": "JSON_LD", ".json": "JSON_LD", ".n3": "N3"}
MAX_BYTES = 4 * 1024 ** 3  # a graph file larger than this is refused rather than read


def rdf_format(path, format: str | None = None) -> ox.RdfFormat:
    """The format of ``path``: ``format`` (a pyoxigraph format name) if given, else from its suffix."""
    name = format or SUFFIXES.get(Path(path).suffix.lower())
    if name is None or not hasattr(ox.RdfFormat, name):
        raise InputError(path, f"unknown RDF file type '{Path(path).suffix}' (expected one of: {', '.join(SUFFIXES)})")
    return getattr(ox.RdfFormat, name)


def check_file(path) -> Path:
    """``path`` if it is a regular file of bounded size (not a folder, a FIFO or a device)."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file")
    if not path.is_file():
        raise InputError(path, "not a regular file")
    if path.stat().st_size > MAX_BYTES:
        raise InputError(path, f"larger than {MAX_BYTES // 1024 ** 3} GiB")
    return path


def read_quads(path, format: str | None = None, data: bytes | None = None, *, base_iri: str | None = None,
               with_prefixes: bool = False):
    """Every quad of the RDF file at ``path`` (or of ``data``, named ``path`` in messages), exactly as
    written; relative IRIs resolved against ``base_iri`` if given. With ``with_prefixes``: (the quads,
    the prefixes the file declares)."""
    fmt = rdf_format(path, format)
    source = {"input": data} if data is not None else {"path": str(check_file(path))}
    try:
        parser = ox.parse(**source, format=fmt, base_iri=base_iri)
        quads = list(parser)
        return (quads, dict(parser.prefixes)) if with_prefixes else quads
    except SyntaxError as exc:
        raise InputError(path, f"not valid {fmt.name}: {' '.join(str(exc).split())[:300]}") from None
    except (OSError, ValueError) as exc:
        raise InputError(path, f"cannot read it: {' '.join(str(exc).split())[:300]}") from None


def load_file(path, format: str | None = None, store: ox.Store | None = None, data: bytes | None = None) -> ox.Store:
    """Every triple of the RDF file at ``path`` (or of ``data``) in the default graph of ``store`` (a new
    one unless given); the graphs of a dataset file are merged. A file of triples is loaded by Oxigraph
    in one step (five times faster than making Python objects of its quads)."""
    store = ox.Store() if store is None else store
    fmt = rdf_format(path, format)
    if fmt.supports_datasets:
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in read_quads(path, format, data))
        return store
    source = {"input": data} if data is not None else {"path": str(check_file(path))}
    try:
        store.load(**source, format=fmt, to_graph=ox.DefaultGraph())
    except SyntaxError as exc:
        raise InputError(path, f"not valid {fmt.name}: {' '.join(str(exc).split())[:300]}") from None
    except (OSError, ValueError) as exc:
        raise InputError(path, f"cannot read it: {' '.join(str(exc).split())[:300]}") from None
    return store
