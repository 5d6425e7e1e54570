"""``clusterkg export --all DIR``: a publication folder for a linked-data portal, written whole or not at all.

The folder holds the data (with its description) in every format, the JSON-LD context, the ontology
(``clusterkg.ttl``), its HTML documentation by pyLODE (``ontology.html``) and its README
(``ontology.md``), the SHACL shapes (``shapes.ttl``), the full description with one distribution per
format (``void.ttl``, and ``catalog.rdf`` for DCAT harvesters), the stored queries as data
(``queries.ttl``) and ``SHA256SUMS``. It is built in a
hidden staging folder beside ``DIR`` and swapped into place in one step (:mod:`clusterkg.outputs`), so an
interrupted export leaves the previous folder or the new one, never neither.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyoxigraph as ox

from . import outputs, writers
from .errors import ClusterKGError
from .export import EXPORT_FORMATS, FORMATS, context_document, context_path, file_quads, prepare, render
from .options import PublicationOptions
from .rebase import Rebaser
from .resources import ontology_file, resource, shapes_file
from .terms import PREFIXES

DATA_STEM = "graph"
CHECKSUMS = "SHA256SUMS"


def publication_files(source, options: PublicationOptions | None = None, *, site: bool = True,
                      site_url: str | None = None, **settings) -> dict[str, bytes]:
    """File name -> bytes of the publication folder (see the module docstring); ``site`` adds the web
    site (:mod:`clusterkg.site`) at the top of the folder, ``site_url`` its w3id rules."""
    from .bridge import from_rdflib_term
    from .dataset import ONTOLOGY_PAGE, QUERY_CATALOGUE, Distribution, describe
    from .kg import KnowledgeGraph
    from .ontology_page import ontology_page
    from .queries import list_queries
    from .query_catalogue import catalogue_file

    options = PublicationOptions.make(options, **settings).replace(description=True, with_ontology=False)
    kg = KnowledgeGraph.of(source)
    parts = prepare(kg, options, companions=True)
    files, distributions = {}, []
    for name in EXPORT_FORMATS:
        filename = f"{DATA_STEM}.{FORMATS[name].extension}"
        files[filename] = render(parts, name)
        distributions.append(Distribution.of(FORMATS[name], filename, files[filename]))
        if name == "jsonld":
            files[context_path(filename).name] = context_document(json.loads(files[filename])["@context"])
    rebaser = Rebaser(options.base_iri, options.ontology_iri)
    files["clusterkg.ttl"] = _vocabulary_file(ontology_file(), rebaser)
    files["shapes.ttl"] = _vocabulary_file(shapes_file(), rebaser)
    files[ONTOLOGY_PAGE] = ontology_page(files["clusterkg.ttl"])
    files["ontology.md"] = resource("ontology", "README.md").read_bytes()
    files[QUERY_CATALOGUE] = catalogue_file(list_queries(), rebaser, parts.dataset, options.sparql_endpoint)
    data = KnowledgeGraph(parts.data)
    full = [ox.Quad(*(from_rdflib_term(t) for t in triple))
            for triple in describe(data.rdflib(), options, distributions, companions=True)]
    files["void.ttl"] = writers.serialize(full, "turtle", prefixes=parts.prefixes)
    files["catalog.rdf"] = writers.serialize(full, "rdfxml", prefixes=parts.prefixes)
    if site:
        files.update(_site_files(kg, options, site_url, files))
    files[CHECKSUMS] = checksums(files)
    return dict(sorted(files.items()))


def _site_files(kg, options: PublicationOptions, site_url: str | None, files: dict[str, bytes]) -> dict[str, bytes]:
    """The site's files, checked not to overwrite any file of the publication."""
    from .dataset import ONTOLOGY_PAGE
    from .site import site_files

    site = site_files(kg, options, views=True, site_url=site_url, pylode_page=ONTOLOGY_PAGE, downloads=files)
    site.pop(CHECKSUMS)
    files[ONTOLOGY_PAGE] = site.pop(ONTOLOGY_PAGE, files[ONTOLOGY_PAGE])  # pyLODE's page with the site's navigation
    clashes = sorted(set(site) & set(files))
    if clashes:
        raise ClusterKGError(f"the site and the publication both write {', '.join(clashes)}")
    return site


def _vocabulary_file(path: Path, rebaser: Rebaser) -> bytes:
    """The file as it is, or re-serialised when rebasing changes any of its IRIs."""
    original = file_quads(path)
    moved = list(rebaser.quads(original))
    if moved == original:
        return path.read_bytes()
    return writers.serialize(moved, "turtle", prefixes=rebaser.prefixes(PREFIXES))


def checksums(files: dict[str, bytes]) -> bytes:
    """``sha256sum`` output for ``files`` (``sha256sum -c SHA256SUMS`` checks the folder)."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())
             if name != CHECKSUMS]
    return "".join(lines).encode("utf-8")


def publish(source, directory, options: PublicationOptions | None = None, **settings) -> list[Path]:
    """Write the publication folder ``directory``; returns the paths written.

    An existing ``directory`` is replaced only if it is empty or a previous publication (every
    file in it listed in its ``SHA256SUMS``); anything else is refused, never deleted.
    """
    files = publication_files(source, options, **settings)
    write_folder(directory, files)
    return [Path(directory) / name for name in files]


def write_folder(directory, files: dict[str, bytes]) -> Path:
    """Write ``files`` as the publication folder ``directory``, whole or not at all
    (:func:`clusterkg.outputs.write_folder`)."""
    return outputs.write_folder(directory, files, made_by="'export --all'")
