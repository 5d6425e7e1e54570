"""RDF writers: any graph, six formats, the same bytes every time.

Every format is written by a maintained serializer, pyoxigraph's, fed the triples in one order
(subject, then predicate, then object, by their N-Triples text) with blank nodes labelled canonically
(:mod:`clusterkg.rdfio.sortedquads`), so the same graph gives the same bytes in any process.
Our own code around it is kept where a measurement showed pyoxigraph's output alone changed, lost or
refused data, or cluttered it: RDF/XML's checks (:mod:`clusterkg.rdfio.rdfxml`), JSON-LD's short names
(:mod:`clusterkg.rdfio.jsonld`), and leaving out the Turtle and TriG prefixes nothing uses. Prefixes that a
format cannot declare are dropped, never written (:func:`usable_prefixes`).

Triple formats (Turtle, N-Triples, RDF/XML) write the union of the source's graphs, each triple once
(documented in docs/writers.md); dataset formats (TriG, N-Quads, JSON-LD) keep the graph names: the
default graph first, then named graphs by IRI (then blank-node names). Blank nodes inside RDF 1.2 triple
terms are relabelled with the rest.

The graphs are sorted once, as N-Triples lines (:mod:`clusterkg.rdfio.sortedquads`); N-Triples and N-Quads are
those lines, and the other formats read them back one quad at a time into pyoxigraph's serializer.
Checked on every positive test of the W3C RDF 1.1 and 1.2 suites in every format, read back by
pyoxigraph, rapper and pyld (``tests/rdfio/test_writers_w3c.py``).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from clusterkg.errors import ClusterKGError
from clusterkg.fileio import atomic_write
from clusterkg.rdfio import jsonld, rdfxml
from clusterkg.rdfio.names import turtle_prefix
from clusterkg.rdfio.quadsource import file_quads, own_prefixes, quad_view, to_store  # noqa: F401 - offered here
from clusterkg.rdfio.sortedquads import SortedGraphs

# -- Formats ----


@dataclass(frozen=True)
class Format:
    """An RDF format: file extension, IANA media type, EU file type, W3C name, and how to write it."""

    name: str
    extension: str
    media_type: str
    file_type: str  # the EU Publications Office file-type authority code
    w3c_format: str
    label: str
    rdf_format: ox.RdfFormat
    quads: bool  # keeps graph names (TriG, N-Quads, JSON-LD); else the union of the graphs is written
    prefix_ok: Callable[[str], bool] | None  # which prefix names it declares; None: it declares none
    writer: Callable[..., bytes]  # writer(view, fmt, prefixes, context) -> bytes


def _write_oxigraph(view, fmt: Format, prefixes: dict, context) -> bytes:
    graphs = SortedGraphs(view, union=not fmt.quads)
    if fmt.rdf_format == ox.RdfFormat.N_TRIPLES:
        return graphs.ntriples()
    if fmt.rdf_format == ox.RdfFormat.N_QUADS:
        return graphs.nquads()
    return _without_unused_prefixes(_oxigraph_bytes(graphs.quads(), fmt.rdf_format, prefixes), len(prefixes))


def _oxigraph_bytes(items, rdf_format: ox.RdfFormat, prefixes: dict | None = None) -> bytes:
    """``items`` written by pyoxigraph in ``rdf_format``, through a BytesIO: asked for bytes, pyoxigraph
    copies its whole buffer into them, and at 1.9 million triples of N-Triples that copy took the peak
    memory from 1131 MB to 1451 MB (measured)."""
    buffer = io.BytesIO()
    ox.serialize(items, buffer, format=rdf_format, prefixes=prefixes or None)
    return buffer.getvalue()


def _without_unused_prefixes(data: bytes, count: int) -> bytes:
    """Turtle or TriG from pyoxigraph, less the prefix declarations that nothing uses.

    pyoxigraph declares every prefix it is given, one ``@prefix`` line each, first; the project binds
    38 and uses about half. A declaration is kept if its ``name:`` occurs anywhere after the declarations
    (so, when in doubt, it is kept). At 1.9 million triples this costs about 0.5 s; the body is copied
    once, into the result.
    """
    lines, end = [], 0
    for _ in range(count):
        start, end = end, data.find(b"\n", end) + 1
        if not end or not data.startswith(b"@prefix ", start):
            return data  # not the layout expected (or no triples): left as it is
        lines.append(data[start:end])
    kept = [line for line in lines if _uses(data, line[len(b"@prefix "):line.index(b":") + 1], end)]
    return data if len(kept) == count else b"".join([*kept, memoryview(data)[end:]])


def _uses(data: bytes, name: bytes, start: int) -> bool:
    """Whether ``name`` (``ex:``) may start a prefixed name in ``data`` after ``start``; the empty prefix
    (``:``) only counts after what can come before a term in pyoxigraph's output."""
    if name != b":":
        return data.find(name, start) >= 0
    return data.startswith(name, start) or any(data.find(before + name, start) >= 0
                                                for before in (b" ", b"\t", b"\n", b"(", b"[", b"^^"))


def _write_rdfxml(view, fmt: Format, prefixes: dict, context) -> bytes:
    return rdfxml.write(SortedGraphs(view, union=True).quads(), prefixes, view.predicates())


def _write_jsonld(view, fmt: Format, prefixes: dict, context) -> bytes:
    return jsonld.write(SortedGraphs(view, union=False), prefixes, context)


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("turtle", "ttl", "text/turtle", "RDF_TURTLE", "Turtle", "Turtle",
           ox.RdfFormat.TURTLE, False, turtle_prefix, _write_oxigraph),
    Format("ntriples", "nt", "application/n-triples", "RDF_N_TRIPLES", "N-Triples", "N-Triples",
           ox.RdfFormat.N_TRIPLES, False, None, _write_oxigraph),
    Format("jsonld", "jsonld", "application/ld+json", "JSON_LD", "JSON-LD", "JSON-LD",
           ox.RdfFormat.JSON_LD, True, jsonld.prefix_ok, _write_jsonld),
    Format("rdfxml", "rdf", "application/rdf+xml", "RDF_XML", "RDF_XML", "RDF/XML",
           ox.RdfFormat.RDF_XML, False, rdfxml.prefix_ok, _write_rdfxml),
    Format("trig", "trig", "application/trig", "RDF_TRIG", "TriG", "TriG",
           ox.RdfFormat.TRIG, True, turtle_prefix, _write_oxigraph),
    Format("nquads", "nq", "application/n-quads", "RDF_N_QUADS", "N-Quads", "N-Quads",
           ox.RdfFormat.N_QUADS, True, None, _write_oxigraph),
)}


def get_format(name: str) -> Format:
    """The format called ``name``; a :class:`ClusterKGError` naming the known ones if there is none."""
    try:
        return FORMATS[name]
    except (KeyError, TypeError):
        raise ClusterKGError(f"unknown format '{name}' (expected one of: {', '.join(FORMATS)})") from None


# -- Writing ----


def serialize(source, format: str = "turtle", *, prefixes: Mapping[str, str] | Iterable | None = None,
              context: dict | None = None) -> bytes:
    """``source`` as bytes in ``format``; the same graph always gives the same bytes.

    ``source`` is anything :func:`to_store` takes. ``prefixes`` (prefix -> namespace IRI; by default an
    rdflib source's own bindings) are declared where the format allows them (see :func:`usable_prefixes`).
    ``context`` is the JSON-LD context to write with (by default :func:`clusterkg.rdfio.jsonld.jsonld_context`);
    entries that would change what the data says are left out of it.
    Raises :class:`ClusterKGError` if the format cannot hold the graph (RDF/XML: some characters and
    property IRIs).
    """
    fmt = get_format(format)
    if isinstance(source, str | os.PathLike):  # a file: read once, its own prefixes by default
        source, declared = file_quads(source, with_prefixes=True)
        prefixes = declared if prefixes is None else prefixes
    if prefixes is None:
        prefixes = own_prefixes(source)
    return fmt.writer(quad_view(source), fmt, usable_prefixes(prefixes, fmt.name), context)


def write(source, path, format: str = "turtle", *, prefixes: Mapping[str, str] | Iterable | None = None,
          context: dict | None = None) -> Path:
    """Write ``source`` to ``path`` in ``format``, whole or not at all (options as for :func:`serialize`);
    returns the path written."""
    return atomic_write(path, serialize(source, format, prefixes=prefixes, context=context))


def usable_prefixes(prefixes: Mapping[str, str] | Iterable | None, format: str) -> dict[str, str]:
    """The prefixes ``format`` can declare, sorted by name; the rest are dropped.

    Dropped: names the format cannot declare (Turtle/TriG: not a PN_PREFIX such as ``1x``; RDF/XML:
    empty, not an XML NCName, or ``xml...``; JSON-LD: empty or not a PN_PREFIX), namespaces that are
    not IRIs, and all but one binding of a name or of a namespace: taken in order of name, then
    namespace, the first binding of each wins. N-Triples and N-Quads declare none.
    """
    fmt = get_format(format)
    if fmt.prefix_ok is None or not prefixes:
        return {}
    pairs = prefixes.items() if isinstance(prefixes, Mapping) else prefixes
    out: dict[str, str] = {}
    for prefix, namespace in sorted((str(p), str(n)) for p, n in pairs):
        if prefix in out or namespace in out.values() or not fmt.prefix_ok(prefix) or not _is_iri(namespace):
            continue
        out[prefix] = namespace
    return out


def _is_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True
