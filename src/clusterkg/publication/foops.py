"""The FOOPS! FAIR-ontology checks that read only the ontology file, computed offline.

:data:`FOOPS_VERSION` names the release implemented: its metadata checks read the annotations of the
``owl:Ontology`` with the properties of ``entities/Ontology.java`` (:data:`METADATA`), each check
counting the tests of ``fair/Constants.java`` (OM1 six: title, description, license, version IRI,
author, namespace URI; OM3 six, the DOI among them; ...). Checks that need the live web (content
negotiation, resolvable IRIs, registries: CN1, DOC1, RDF1, URI1, URI2, VER2, OM4.2, FIND2, FIND3) are
left out; the DOI test of OM3 is counted but not required, since a DOI needs a registration.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

FOOPS_VERSION = "FOOPS! 0.3.1 (oeg-upm/fair_ontologies)"
DC, SCHEMA, SCHEMA_S = "http://purl.org/dc/elements/1.1/", "http://schema.org/", "https://schema.org/"
PAV, PROV, FOAF = "http://purl.org/pav/", "http://www.w3.org/ns/prov#", "http://xmlns.com/foaf/0.1/"
VANN, BIBO, DOAP = "http://purl.org/vocab/vann/", "http://purl.org/ontology/bibo/", "http://usefulinc.com/ns/doap#"
DCT = str(DCTERMS)


def _both(*names: str) -> tuple[str, ...]:
    return tuple(base + n for n in names for base in (SCHEMA, SCHEMA_S))


# FOOPS! metadata name -> the annotation properties that give it (entities/Ontology.java, completeMetadata)
METADATA = {
    "title": (DC + "title", DCT + "title", *_both("name")),
    "description": (DCT + "abstract", DC + "abstract", DCT + "description", DC + "description",
                    *_both("description"), str(RDFS.comment), DOAP + "description", DOAP + "shortdesc",
                    str(SKOS.note)),
    "license": (DCT + "license", *_both("license"), DOAP + "license", "http://creativecommons.org/ns#license"),
    "rights": (DC + "rights", DCT + "rights", DCT + "accessRights"),
    "author": (DC + "creator", DCT + "creator", PAV + "createdBy", PAV + "authoredBy", FOAF + "maker",
               PROV + "wasAttributedTo", *_both("creator"), DOAP + "developer"),
    "publisher": (DC + "publisher", DCT + "publisher", *_both("publisher")),
    "namespace URI": (VANN + "preferredNamespaceUri",),
    "namespace prefix": (VANN + "preferredNamespacePrefix",),
    "version info": (str(OWL.versionInfo), *_both("schemaVersion")),
    "creation date": (DCT + "created", *_both("dateCreated"), DOAP + "created", PROV + "generatedAtTime",
                      PAV + "createdOn"),
    "citation": (DCT + "bibliographicCitation", *_both("citation")),
    "doi": (BIBO + "doi",),
    "status": (BIBO + "status", DCT + "identifier", *_both("identifier")),  # FOOPS! reads an identifier as one
    "logo": (FOAF + "logo", *_both("logo")),
    "source": (DC + "source", DCT + "source", PROV + "hadOriginalSource"),
    "issued": (DCT + "issued", DCT + "submitted", *_both("datePublished")),
}
METADATA_VOCABULARIES = (DC, SCHEMA_S, DCT, VANN, PROV, BIBO, PAV, FOAF, str(RDFS), str(OWL), DOAP)
PERSISTENT = ("https://w3id.org/", "http://w3id.org/", "http://purl.org/", "https://purl.org/", "https://doi.org/",
              "http://www.w3.org/", "https://www.w3.org/", "https://perma.cc/", "https://linked.data.gov.au/",
              "http://data.europa.eu/", "https://data.europa.eu/", "http://dbpedia.org/")
NOT_REQUIRED = {("OM3", "doi")}  # a DOI needs a registration


@dataclass(frozen=True)
class Check:
    """One FOOPS! check: its id, title and the names of its tests that passed and failed."""

    id: str
    title: str
    passed: tuple[str, ...]
    failed: tuple[str, ...]

    @property
    def required_failed(self) -> tuple[str, ...]:
        return tuple(t for t in self.failed if (self.id, t) not in NOT_REQUIRED)


def _metadata_check(id: str, title: str, names, found: set[str]) -> Check:
    return Check(id, title, tuple(n for n in names if n in found), tuple(n for n in names if n not in found))


def _one(id: str, title: str, ok: bool) -> Check:
    return Check(id, title, (title,) if ok else (), () if ok else (title,))


def ontology_iri(graph: Graph) -> URIRef | None:
    return next(iter(sorted(graph.subjects(RDF.type, OWL.Ontology), key=str)), None)  # type: ignore[return-value]


def found_metadata(graph: Graph, ontology: URIRef) -> set[str]:
    """The FOOPS! metadata names the ontology's annotations give (a version IRI counts as one)."""
    given = {str(p) for p in graph.predicates(ontology, None)}
    found = {name for name, props in METADATA.items() if given & set(props)}
    return found | ({"version iri"} if graph.value(ontology, OWL.versionIRI) else set())


def _own_terms(graph: Graph, ontology: URIRef) -> list[URIRef]:
    namespace = graph.value(ontology, URIRef(VANN + "preferredNamespaceUri"))
    own = str(namespace) if namespace else str(ontology)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return sorted({s for k in kinds for s in graph.subjects(RDF.type, k)  # type: ignore[misc]
                   if str(s).startswith(own)}, key=str)


def _reuses(graph: Graph, ontology: URIRef) -> bool:
    """Whether the ontology imports a vocabulary or builds on terms outside its namespace (OWL aside)."""
    own = {str(t) for t in _own_terms(graph, ontology)}
    links = (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range)
    outside = {str(o) for t in own for p in links for o in graph.objects(URIRef(t), p)
               if isinstance(o, URIRef) and not str(o).startswith(str(OWL)) and str(o) not in own}
    return bool(graph.value(ontology, OWL.imports)) or bool(outside)


def assess(graph: Graph) -> list[Check]:
    """The offline FOOPS! checks of the ontology in ``graph``."""
    ontology = ontology_iri(graph)
    if ontology is None:
        return [_one("OM1", "an owl:Ontology is declared", False)]
    found = found_metadata(graph, ontology)
    terms = _own_terms(graph, ontology)
    labelled = [t for t in terms if graph.value(t, RDFS.label) or graph.value(t, SKOS.prefLabel)]
    described = [t for t in terms if graph.value(t, RDFS.comment) or graph.value(t, SKOS.definition)]
    version = graph.value(ontology, OWL.versionIRI)
    used = {str(p) for p in graph.predicates(ontology, None)}
    return [
        _metadata_check("OM1", "minimum metadata", ("title", "description", "license", "version iri", "author",
                                                    "namespace URI"), found),
        _metadata_check("OM2", "recommended metadata", ("namespace prefix", "version info", "creation date",
                                                        "citation"), found),
        _metadata_check("OM3", "detailed metadata", ("doi", "publisher", "logo", "status", "source", "issued"),
                        found),
        _one("OM4.1", "license or rights", bool(found & {"license", "rights"})),
        _metadata_check("OM5.1", "basic provenance", ("creation date", "author"), found),
        _metadata_check("OM5.2", "detailed provenance", ("issued", "publisher"), found),
        _one("FIND1", "namespace prefix declared", "namespace prefix" in found),
        _one("VER1", "version IRI, other than the ontology IRI", version is not None and version != ontology),
        _one("VOC1", "metadata vocabularies reused", any(u.startswith(METADATA_VOCABULARIES) for u in used)),
        _one("VOC2", "other vocabularies imported or extended", _reuses(graph, ontology)),
        _one("VOC3", f"labels on all terms ({len(labelled)} of {len(terms)})", len(labelled) == len(terms)),
        _one("VOC4", f"definitions on all terms ({len(described)} of {len(terms)})", len(described) == len(terms)),
        _one("HTTP1", "an open protocol (HTTP or HTTPS)", str(ontology).startswith(("http://", "https://"))),
        _one("PURL1", "a persistent IRI (w3id, purl, DOI, W3C...)", str(ontology).startswith(PERSISTENT)),
    ]
