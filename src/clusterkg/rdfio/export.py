"""The graph in every RDF format, with its description and the ontology if asked: deterministic bytes,
written whole or not at all.

The writers are :mod:`clusterkg.rdfio.writers` (pyoxigraph's serializers over sorted triples). The data
comes from the knowledge graph's store; the ontology and the description are kept exactly as written
(a store would turn ``xsd:nonNegativeInteger`` into ``xsd:integer``), so they travel as quads.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from clusterkg.errors import ClusterKGError
from clusterkg.fileio import atomic_write, write_output
from clusterkg.model.terms import ONTOLOGY_IRI, PREFIXES
from clusterkg.options import PublicationOptions
from clusterkg.rdfio import writers
from clusterkg.rdfio.rebase import Rebaser, ontology_document
from clusterkg.resources import ontology_file

FORMATS = writers.FORMATS
DATA_STEM = "graph"  # the data files of a publication: graph.ttl, graph.nt...
# The formats whose publication keeps the data in the dataset's named graph (the description in the default
# graph); JSON-LD and the triple formats hold all of it in one graph, as a harvester reads them.
PUBLICATION_QUAD_FORMATS = ("trig", "nquads")
EXPORT_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads")
PUBLISHED_FORMATS = EXPORT_FORMATS[:5]  # the data files of a publication folder (export --all), as before nquads


def file_quads(path, rebaser: Rebaser | None = None) -> list[ox.Quad]:
    """The triples of a Turtle file of ours (the ontology, the shapes) exactly as written, moved by
    ``rebaser`` if given."""
    from clusterkg.model.rdffiles import read_quads

    quads = [ox.Quad(q.subject, q.predicate, q.object) for q in read_quads(path)]
    return list(rebaser.quads(quads)) if rebaser is not None else quads


def dataset_iri(store: ox.Store, base_iri: str | None = None) -> str:
    """The dataset IRI of the graph in ``store`` (:func:`clusterkg.model.terms.dataset_iri`, the one minter)."""
    from clusterkg.model.reading import instances
    from clusterkg.model.terms import GROW
    from clusterkg.model.terms import dataset_iri as mint

    return mint(instances(store, GROW.SourceDocument), base_iri)


@dataclass
class Parts:
    """What one export holds, already under its final IRIs."""

    data: ox.Store
    dataset: str
    prefixes: dict
    ontology: list | None = None
    ontology_iri: str = ONTOLOGY_IRI
    description: list | None = None

    def source(self, format: str):
        """What the writer gets: the store alone when the data is all there is; otherwise quads (a dataset
        format always has the description in the default graph, the data and the ontology in named graphs)."""
        quad_format = format in PUBLICATION_QUAD_FORMATS
        if self.ontology is None and self.description is None and not quad_format:
            return self.data
        data = self.data.quads_for_pattern(None, None, None, ox.DefaultGraph())
        if not quad_format:
            return [*data, *(self.ontology or ()), *(self.description or ())]
        named = lambda quads, graph: [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(graph))  # noqa: E731
                                      for q in quads]
        return [*named(data, self.dataset), *named(self.ontology or (), self.ontology_iri), *(self.description or ())]


def prepare(kg, options: PublicationOptions, distributions=(), companions: bool = False) -> Parts:
    """Rebase the graph of ``kg`` (a :class:`~clusterkg.KnowledgeGraph`; and the ontology) if asked, and
    generate its description if asked (linking
    the ontology page and query catalogue of a publication folder if ``companions``)."""
    from clusterkg.model.bridge import from_rdflib_term, to_rdflib
    from clusterkg.rdfio.dataset import describe
    from clusterkg.rdfio.rebase import rebase_store

    rebaser = Rebaser(options.base_iri, options.ontology_iri)
    data = rebase_store(kg.store, options.base_iri, ontology_iri=options.ontology_iri) if rebaser.moves \
        else kg.store
    ontology = file_quads(ontology_file(), rebaser) if options.with_ontology else None
    description = None
    if options.description:
        graph = describe(to_rdflib(data, PREFIXES), options, distributions, companions)
        description = [ox.Quad(*(from_rdflib_term(t) for t in triple)) for triple in graph]
    ontology_iri = ontology_document(options.ontology_iri) if options.ontology_iri else ONTOLOGY_IRI
    prefixes = dict(PREFIXES)
    if description is not None:
        from clusterkg.rdfio.dataset import DESCRIPTION_PREFIXES

        prefixes.update({p: str(ns) for p, ns in DESCRIPTION_PREFIXES.items()})
    return Parts(data, dataset_iri(data, options.base_iri), rebaser.prefixes(prefixes), ontology,
                 ontology_iri, description)


def render(parts: Parts, format: str) -> bytes:
    """The bytes of ``parts`` in ``format``."""
    check_format(format)
    return writers.serialize(parts.source(format), format, prefixes=parts.prefixes)


def check_format(format: str) -> str:
    if format not in EXPORT_FORMATS:
        raise ClusterKGError(f"unknown format '{format}' (expected one of: {', '.join(EXPORT_FORMATS)})")
    return format


def serialize(source, format: str = "turtle", options: PublicationOptions | None = None, **settings) -> bytes:
    """The graph of ``source`` as bytes in ``format``; the same graph always gives the same bytes.

    A pyoxigraph Store or Dataset, an rdflib Graph, Dataset or ConjunctiveGraph, or an RDF file (a path)
    is written exactly as it is: every term as given, named graphs kept by the dataset formats (TriG,
    N-Quads, JSON-LD), the union of the graphs written by the triple formats (Turtle, N-Triples, RDF/XML).
    A KnowledgeGraph (:func:`clusterkg.serialize` opens a data folder, an endpoint URL) is written as the
    publication lays it out: in a dataset format, its data in the dataset's named graph. ``options`` (or
    its fields as keywords: ``description``, ``with_ontology``, ``base_iri``...) say what else goes in;
    with any of them, every source is read as a knowledge graph and laid out so.
    Raises :class:`ClusterKGError` naming what a format cannot hold (see :mod:`clusterkg.rdfio.writers`).
    """
    check_format(format)
    options = PublicationOptions.make(options, **settings)
    if written_as_given(source, options):
        prefixes = PREFIXES if isinstance(source, ox.Store | ox.Dataset) else None  # else its own
        return writers.serialize(source, format, prefixes=prefixes)
    return render(prepare(source, options), format)


def written_as_given(source, options: PublicationOptions) -> bool:
    """Whether ``source`` is written exactly as it is: not a knowledge graph of ours, nothing added or moved."""
    if options.description or options.with_ontology or options.base_iri or options.ontology_iri:
        return False
    if isinstance(source, ox.Store | ox.Dataset) or type(source).__module__.startswith("rdflib"):
        return True
    if isinstance(source, str | os.PathLike):
        return not Path(source).is_dir() and not re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", str(source))
    return False


def context_path(path) -> Path:
    """Where the JSON-LD context is written beside ``path``: ``graph.jsonld`` -> ``graph.context.jsonld``."""
    path = Path(path)
    return path.with_name(path.name.rsplit(".", 1)[0] + ".context.jsonld")


def context_document(context: dict) -> bytes:
    """The context on its own, as a JSON-LD context file."""
    from clusterkg.rdfio.jsonld import context_document as document

    return document(context)


def format_of(path) -> str:
    """The export format a file name asks for (``graph.nt`` -> ``ntriples``; Turtle by default)."""
    suffix = Path(str(path)).suffix.lower().lstrip(".")
    return next((f.name for f in FORMATS.values() if f.extension == suffix and f.name in EXPORT_FORMATS), "turtle")


def export(kg, path, format: str | None = None, options: PublicationOptions | None = None,
           **settings) -> Path | None:
    """Write the graph of ``kg`` (a :class:`~clusterkg.KnowledgeGraph`) to ``path`` (``"-"`` for stdout)
    through a temporary file; the format comes from the file name unless given. JSON-LD also writes its
    context beside the file (``*.context.jsonld``). Options as for :func:`serialize`."""
    format = check_format(format or format_of(path))
    data = serialize(kg, format, options, **settings)
    if str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return None
    path = Path(path)
    if path.is_dir():
        raise ClusterKGError(f"{path} is a folder: name a file to write")
    if format == "jsonld":
        atomic_write(context_path(path), context_document(json.loads(data)["@context"]))
    return write_output(path, data)
