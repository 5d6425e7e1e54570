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

import json
from pathlib import Path

import pyoxigraph as ox

from clusterkg import outputs
from clusterkg.editions import compare, render_changeset, render_report
from clusterkg.editions.previous import PreviousEdition, read_previous
from clusterkg.editions.report import outline
from clusterkg.errors import ClusterKGError
from clusterkg.model.terms import PREFIXES
from clusterkg.options import PublicationOptions
from clusterkg.outputs import CHECKSUMS, checksums_of
from clusterkg.rdfio import writers
from clusterkg.rdfio.export import (
    DATA_STEM,
    FORMATS,
    PUBLISHED_FORMATS,
    context_document,
    context_path,
    file_quads,
    prepare,
    render,
)
from clusterkg.rdfio.rebase import Rebaser
from clusterkg.resources import ontology_file, resource, shapes_file


def publication_files(kg, options: PublicationOptions | None = None, *, site: bool = True,
                      site_url: str | None = None, previous: str | None = None, **settings) -> dict[str, bytes]:
    """File name -> bytes of the publication folder (see the module docstring); ``site`` adds the web
    site (:mod:`clusterkg.web.site`) at the top of the folder, ``site_url`` its w3id rules; ``previous`` (a
    publication folder or its address) makes this publication the edition that follows it: DCAT 3
    versions in the description, and what changed (``changes.html``, ``.ru``, ``.rdfp``)."""
    from clusterkg.model.bridge import from_rdflib_term, to_rdflib
    from clusterkg.publication.ontology_page import ontology_page
    from clusterkg.publication.query_catalogue import catalogue_file
    from clusterkg.query.catalogue import list_queries
    from clusterkg.rdfio.dataset import ONTOLOGY_PAGE, QUERY_CATALOGUE, Distribution, describe

    options = PublicationOptions.make(options, **settings).replace(description=True, with_ontology=False)
    prior = read_previous(previous) if previous is not None else None
    if prior is not None:
        if prior.version is None:
            raise ClusterKGError(f"--previous: {prior.origin} records no version (dcat:version): publish each "
                                 "edition with --dataset-version")
        options = options.replace(previous_version=prior.version)
    parts = prepare(kg, options, companions=True)
    changes, outline = edition_files(prior, parts, options) if prior is not None else ({}, None)
    files, distributions = {}, []
    for name in PUBLISHED_FORMATS:
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
    files["logo.svg"] = resource("ontology", "logo.svg").read_bytes()  # the ontology's foaf:logo
    files[QUERY_CATALOGUE] = catalogue_file(list_queries(), rebaser, parts.dataset, options.sparql_endpoint)
    full = [ox.Quad(*(from_rdflib_term(t) for t in triple))
            for triple in describe(to_rdflib(parts.data, parts.prefixes), options, distributions, companions=True)]
    files["void.ttl"] = writers.serialize(full, "turtle", prefixes=parts.prefixes)
    files["catalog.rdf"] = writers.serialize(full, "rdfxml", prefixes=parts.prefixes)
    files.update(changes)
    if site:
        files.update(_site_files(kg, options, site_url, files, outline))
    files[CHECKSUMS] = checksums_of(files)
    return dict(sorted(files.items()))


def edition_files(prior: PreviousEdition, parts, options: PublicationOptions) -> tuple[dict[str, bytes], list]:
    """What changed since the previous edition: the report and the changesets for the dataset's graph, and
    the report's outline for the site's page."""
    diff = compare(prior.data, parts.data, old_origin=f"edition {prior.version}",
                   new_origin=f"edition {options.dataset_version}")
    files = {"changes.html": render_report(diff, "html").encode("utf-8"),
             "changes.ru": render_changeset(diff, "sparql-update", graph=parts.dataset).encode("utf-8"),
             "changes.rdfp": render_changeset(diff, "rdf-patch", graph=parts.dataset).encode("utf-8")}
    return files, outline(diff)


def _site_files(kg, options: PublicationOptions, site_url: str | None, files: dict[str, bytes],
                changes: list | None = None) -> dict[str, bytes]:
    """The site's files, checked not to overwrite any file of the publication (but for the page of what
    changed, which the site writes with its navigation)."""
    from clusterkg.rdfio.dataset import ONTOLOGY_PAGE
    from clusterkg.web.site import site_files

    site = site_files(kg, options, views=True, site_url=site_url, pylode_page=ONTOLOGY_PAGE, downloads=files,
                      changes=changes)
    site.pop(CHECKSUMS)
    files[ONTOLOGY_PAGE] = site.pop(ONTOLOGY_PAGE, files[ONTOLOGY_PAGE])  # pyLODE's page with the site's navigation
    if changes:
        files.pop("changes.html")  # the site's page of what changed, with its navigation, replaces the bare one
    clashes = sorted(set(site) & set(files))
    if clashes:
        raise ClusterKGError(f"the site and the publication both write {', '.join(clashes)}")
    return site


def pylode_page(options: PublicationOptions | None = None) -> bytes:
    """The ontology's pyLODE page (``ontology.html``), its IRIs moved as ``options`` move them."""
    options = PublicationOptions.make(options)
    from clusterkg.publication.ontology_page import ontology_page

    return ontology_page(_vocabulary_file(ontology_file(), Rebaser(options.base_iri, options.ontology_iri)))


def _vocabulary_file(path: Path, rebaser: Rebaser) -> bytes:
    """The file as it is, or re-serialised when rebasing changes any of its IRIs."""
    original = file_quads(path)
    moved = list(rebaser.quads(original))
    if moved == original:
        return path.read_bytes()
    return writers.serialize(moved, "turtle", prefixes=rebaser.prefixes(PREFIXES))


def publish(kg, directory, options: PublicationOptions | None = None, **settings) -> list[Path]:
    """Write the publication folder ``directory``; returns the paths written.

    An existing ``directory`` is replaced only if it is empty or a previous publication (every
    file in it recorded with its hash in clusterkg's ``SHA256SUMS``); anything else is refused, never deleted.
    """
    files = publication_files(kg, options, **settings)
    write_folder(directory, files)
    return [Path(directory) / name for name in files]


def write_folder(directory, files: dict[str, bytes]) -> Path:
    """Write ``files`` as the publication folder ``directory``, whole or not at all
    (:func:`clusterkg.outputs.write_folder`)."""
    return outputs.write_folder(directory, files, made_by="'export --all'")
