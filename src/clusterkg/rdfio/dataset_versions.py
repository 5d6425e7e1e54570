"""DCAT 3 versioning of the dataset description, for a publication that follows an earlier edition
(``export --all --previous``). The dataset IRI stays the version-independent dataset, described as
before with the current files, and ``dcat:hasVersion`` / ``dcat:hasCurrentVersion`` each edition:
``{dataset}/version/{version}``, a ``dcat:Dataset`` with its ``dcat:version``, ``dcterms:isVersionOf``
the dataset and ``dcat:previousVersion`` the edition before it, whose changes are in ``changes.html``
(people), ``changes.ru`` (SPARQL Update) and ``changes.rdfp`` (RDF Patch) beside the data."""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS

DCAT3 = "http://www.w3.org/ns/dcat#"  # rdflib's DCAT namespace is DCAT 2's: these three are DCAT 3's
HAS_VERSION, HAS_CURRENT_VERSION, PREVIOUS_VERSION, VERSION = (
    URIRef(DCAT3 + name) for name in ("hasVersion", "hasCurrentVersion", "previousVersion", "version"))
CHANGES_FILES = {"changes.html": "people", "changes.ru": "SPARQL Update", "changes.rdfp": "RDF Patch"}


def version_iri(dataset: URIRef, version: str) -> URIRef:
    """The IRI of one edition of ``dataset``."""
    return URIRef(f"{dataset}/version/{quote(version, safe='')}")


def add_versions(desc, title: str) -> None:
    """The current and the previous edition of ``desc.dataset`` (its options give both versions)."""
    dataset, options = desc.dataset, desc.options
    current = version_iri(dataset, options.dataset_version)
    previous = version_iri(dataset, options.previous_version)
    desc.add((dataset, HAS_VERSION, current), (dataset, HAS_VERSION, previous),
             (dataset, HAS_CURRENT_VERSION, current))
    for node, version, words in ((current, options.dataset_version, "the current edition"),
                                 (previous, options.previous_version, "an earlier edition")):
        name = f"{title}, edition {version}"
        desc.add((node, RDF.type, DCAT.Dataset), (node, DCTERMS.title, Literal(name, lang="en")),
                 (node, RDFS.label, Literal(name, lang="en")),
                 (node, DCTERMS.description, Literal(f"Edition {version} of this dataset, {words}.", lang="en")),
                 (node, VERSION, Literal(version)), (node, DCTERMS.isVersionOf, dataset))
    desc.add((current, PREVIOUS_VERSION, previous))
    changes = URIRef(desc.downloads + "changes.html")
    desc.add((current, RDFS.seeAlso, changes),
             (changes, DCTERMS.title, Literal(f"What changed from edition {options.previous_version} to edition "
                                              f"{options.dataset_version}", lang="en")))
