"""The graph in every RDF format, with its description and the ontology if asked: deterministic bytes,
written whole or not at all.

The writers are :mod:`clusterkg.writers` (pyoxigraph's serializers over sorted triples). The data
comes from the knowledge graph's store; the ontology and the description are kept exactly as written
(a store would turn ``xsd:nonNegativeInteger`` into ``xsd:integer``), so they travel as quads.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import writers
from .errors import ClusterKGError
from .fileio import atomic_write, write_output
from .options import PublicationOptions
from .rebase import Rebaser, ontology_document
from .resources import ontology_file
from .terms import ID, ONTOLOGY_IRI, PREFIXES

FORMATS = writers.FORMATS
EXPORT_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml", "trig")


def file_quads(path, rebaser: Rebaser | None = None) -> list[ox.Quad]:
    """The triples of a Turtle file of ours (the ontology, the shapes) exactly as written, moved by
    ``rebaser`` if given."""
    from .rdffiles import read_quads

    quads = [ox.Quad(q.subject, q.predicate, q.object) for q in read_quads(path)]
    return list(rebaser.quads(quads)) if rebaser is not None else quads


def dataset_iri(kg, base_iri: str | None = None) -> str:
    """``{base}id/dataset/{source slug}``: the dataset, and the TriG graph that holds its data."""
    from .reading import instances
    from .terms import GROW

    sources = instances(kg.store, GROW.SourceDocument)
    slug = sources[0].rstrip("/").rsplit("/", 1)[-1] if sources else "clusterkg"
    return f"{(base_iri + 'id/') if base_iri else ID}dataset/{slug}"


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
        quad_format = writers.FORMATS[format].quads
        if self.ontology is None and self.description is None and not quad_format:
            return self.data
        data = self.data.quads_for_pattern(None, None, None, ox.DefaultGraph())
        if not quad_format:
            return [*data, *(self.ontology or ()), *(self.description or ())]
        named = lambda quads, graph: [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(graph))  # noqa: E731
                                      for q in quads]
        return [*named(data, self.dataset), *named(self.ontology or (), self.ontology_iri), *(self.description or ())]


def prepare(source, options: PublicationOptions, distributions=(), companions: bool = False) -> Parts:
    """Rebase the graph (and the ontology) if asked, and generate its description if asked (linking
    the ontology page and query catalogue of a publication folder if ``companions``)."""
    from .bridge import from_rdflib_term
    from .dataset import describe
    from .kg import KnowledgeGraph
    from .rebase import rebase

    kg = KnowledgeGraph.of(source)
    rebaser = Rebaser(options.base_iri, options.ontology_iri)
    data = rebase(kg, options.base_iri, ontology_iri=options.ontology_iri) if rebaser.moves else kg
    ontology = file_quads(ontology_file(), rebaser) if options.with_ontology else None
    description = None
    if options.description:
        graph = describe(data.rdflib(), options, distributions, companions)
        description = [ox.Quad(*(from_rdflib_term(t) for t in triple)) for triple in graph]
    ontology_iri = ontology_document(options.ontology_iri) if options.ontology_iri else ONTOLOGY_IRI
    prefixes = dict(PREFIXES)
    if description is not None:
        from .dataset import DESCRIPTION_PREFIXES

        prefixes.update({p: str(ns) for p, ns in DESCRIPTION_PREFIXES.items()})
    return Parts(data.store, dataset_iri(data, options.base_iri), rebaser.prefixes(prefixes), ontology,
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
    """The graph of ``source`` (anything :meth:`clusterkg.KnowledgeGraph.of` takes, an rdflib Graph
    included) as bytes in ``format``; the same graph always gives the same bytes. ``options`` (or its
    fields as keywords: ``description``, ``with_ontology``, ``base_iri``...) say what else goes in."""
    check_format(format)
    options = PublicationOptions.make(options, **settings)
    return render(prepare(source, options), format)


def context_path(path) -> Path:
    """Where the JSON-LD context is written beside ``path``: ``graph.jsonld`` -> ``graph.context.jsonld``."""
    path = Path(path)
    return path.with_name(path.name.rsplit(".", 1)[0] + ".context.jsonld")


def context_document(context: dict) -> bytes:
    """The context on its own, as a JSON-LD context file."""
    from .jsonld import context_document as document

    return document(context)


def format_of(path) -> str:
    """The export format a file name asks for (``graph.nt`` -> ``ntriples``; Turtle by default)."""
    suffix = Path(str(path)).suffix.lower().lstrip(".")
    return next((f.name for f in FORMATS.values() if f.extension == suffix and f.name in EXPORT_FORMATS), "turtle")


def export(source, path, format: str | None = None, options: PublicationOptions | None = None,
           **settings) -> Path | None:
    """Write the graph of ``source`` to ``path`` (``"-"`` for stdout) through a temporary file; the
    format comes from the file name unless given. JSON-LD also writes its context beside the file
    (``*.context.jsonld``). Options as for :func:`serialize`."""
    format = check_format(format or format_of(path))
    data = serialize(source, format, options, **settings)
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
