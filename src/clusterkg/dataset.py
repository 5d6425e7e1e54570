"""The dataset description (DCAT-AP 3, VoID, PROV), generated from the graph it describes.

Nothing here reads the clock: dates come from the caller (``--issued``, ``--modified``) or from
the data folder (``issued``/``modified`` of the first source in ``plan.yaml``), else they are left
out; so the same input always gives the same description.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

from . import __version__
from .errors import ClusterKGError, InputError
from .options import DEFAULT_PUBLISHER, OGL_V3
from .rebase import ontology_document
from .vocab import BASE_IRI, GROW, ONTOLOGY_IRI, STATGEO

SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS_PUBLISHER = Namespace("http://purl.org/adms/publishertype/")
ADMS_LICENCE = Namespace("http://purl.org/adms/licencetype/")
EU = Namespace("http://publications.europa.eu/resource/authority/")
IANA = Namespace("http://www.iana.org/assignments/media-types/")
W3C_FORMATS = Namespace("http://www.w3.org/ns/formats/")

# licence IRI -> (name, the attribution wording the licence asks re-users to give)
LICENCES = {
    OGL_V3: ("Open Government Licence v3.0",
             "Contains public sector information licensed under the Open Government Licence v3.0."),
}
PUBLISHER_TYPES = {DEFAULT_PUBLISHER: ADMS_PUBLISHER.RegionalAuthority}
REGION_CODE, REGION_LABEL = "E47000007", "West Midlands Combined Authority area"
# Classes whose first instance (by IRI) is listed as a void:exampleResource.
EXAMPLE_CLASSES = ("Plan", "Cluster", "Place", "Organisation", "Lever")
DESCRIPTION_PREFIXES = {
    "dcat": DCAT, "void": VOID, "foaf": FOAF, "spdx": SPDX, "prov": PROV, "dcterms": DCTERMS,
    "skos": SKOS, "statgeo": STATGEO, "adms-publisher": ADMS_PUBLISHER, "adms-licence": ADMS_LICENCE,
    "iana": IANA, "formats": W3C_FORMATS,
}


@dataclass(frozen=True)
class Distribution:
    """One written file of the dataset: its format (an ``export.Format``), name, size and SHA-256."""

    format: object
    filename: str
    byte_size: int
    sha256: str

    @classmethod
    def of(cls, format, filename: str, data: bytes) -> "Distribution":
        return cls(format, filename, len(data), hashlib.sha256(data).hexdigest())


# -- Inputs ----

# -- Identifiers ----

def _grow(ontology_iri: str | None) -> Namespace:
    return Namespace(ontology_iri or str(GROW._NS))


def source_document(graph: Graph, ontology_iri: str | None = None) -> URIRef:
    """The source page the graph was curated from (its first ``grow:SourceDocument``)."""
    sources = sorted(graph.subjects(RDF.type, _grow(ontology_iri).SourceDocument))
    if not sources:
        raise ClusterKGError("the graph has no grow:SourceDocument to describe")
    return sources[0]


def dataset_iri(graph: Graph, base_iri: str | None = None, ontology_iri: str | None = None) -> URIRef:
    """``{base}id/dataset/{source slug}``: the dataset, and the TriG graph that holds its data.

    A graph without a source document (not one :func:`~clusterkg.graph.build_graph` makes) gets
    ``id/dataset/clusterkg``.
    """
    sources = sorted(graph.subjects(RDF.type, _grow(ontology_iri).SourceDocument))
    slug = str(sources[0]).rstrip("/").rsplit("/", 1)[-1] if sources else "clusterkg"
    return URIRef(f"{base_iri or BASE_IRI}id/dataset/{slug}")


# -- VoID statistics ----

def namespace_of(iri: str) -> str:
    """The vocabulary namespace of a term: everything up to its last ``#`` or ``/``."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[:cut + 1]


def void_statistics(graph: Graph, uri_space: str) -> dict:
    """Counts of ``graph`` in VoID's terms (entities are subject IRIs in ``uri_space``)."""
    subjects, objects, properties = set(), set(), Counter()
    instances: dict = {}
    for s, p, o in graph:
        subjects.add(s)
        objects.add(o)
        properties[p] += 1
        if p == RDF.type:
            instances.setdefault(o, set()).add(s)
    classes = {c: len(members) for c, members in instances.items()}
    vocabularies = {namespace_of(str(t)) for t in list(properties) + list(classes) if isinstance(t, URIRef)}
    return {
        "triples": len(graph),
        "entities": sum(1 for s in subjects if isinstance(s, URIRef) and str(s).startswith(uri_space)),
        "distinctSubjects": len(subjects),
        "distinctObjects": len(objects),
        "properties": dict(properties),
        "classes": classes,
        "vocabularies": vocabularies,
    }


def _partition_key(graph: Graph, iri: URIRef) -> str:
    """A readable, stable path segment for a term: ``grow-Cluster``, ``rdfs-label``."""
    prefixes = sorted(((str(ns), p) for p, ns in graph.namespaces()), key=lambda x: (-len(x[0]), x[1]))
    for ns, prefix in prefixes:
        local = str(iri)[len(ns):]
        if str(iri).startswith(ns) and re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*", local):
            return f"{prefix}-{local}"
    return "term-" + hashlib.sha256(str(iri).encode()).hexdigest()[:16]


# -- The description ----

def describe(graph: Graph, options=None, distributions=(), **settings) -> Graph:
    """The DCAT-AP 3 / VoID / PROV description of ``graph`` (an rdflib Graph of the data, already under
    the options' base IRI), from :class:`~clusterkg.options.PublicationOptions` (or its fields as
    keywords). ``distributions`` (:class:`Distribution`) add one ``dcat:Distribution`` per written file.
    """
    from .options import PublicationOptions

    options = PublicationOptions.make(options, **settings)
    base = options.base_iri or BASE_IRI
    ontology_iri, sparql_endpoint, publisher = options.ontology_iri, options.sparql_endpoint, options.publisher
    license, issued, modified = URIRef(options.license), options.issued, options.modified
    grow = _grow(ontology_iri)
    ids = Namespace(base + "id/")
    d = Graph()
    for prefix, ns in graph.namespaces():
        d.bind(prefix, ns, override=True, replace=True)
    for prefix, ns in DESCRIPTION_PREFIXES.items():
        d.bind(prefix, ns, override=True, replace=True)

    dataset = dataset_iri(graph, base, ontology_iri)
    source = source_document(graph, ontology_iri)
    plans = sorted(graph.subjects(RDF.type, grow.Plan))
    clusters = sorted(graph.subjects(RDF.type, grow.Cluster), key=lambda c: str(graph.value(c, RDFS.label)))
    levers = sorted(graph.subjects(RDF.type, grow.Lever))
    lever_schemes = sorted({s for lever in levers for s in graph.objects(lever, SKOS.inScheme)})
    publisher_iri = _agent(graph, d, ids, publisher, grow)
    project = ids["agent/clusterkg"]
    plan_label = str(graph.value(plans[0], RDFS.label)) if plans else "Plan"
    source_title = str(graph.value(source, DCTERMS.title) or graph.value(source, RDFS.label))
    title = f"{plan_label}: {source_title} as linked data"

    # DCAT: the catalogue and the dataset
    catalog = ids["catalog/clusterkg"]
    for s, p, o in [
        (catalog, RDF.type, DCAT.Catalog),
        (catalog, DCTERMS.title, _en(f"clusterkg catalogue: {title}")),
        (catalog, DCTERMS.description, _en(f"The datasets published by the clusterkg project: {title}.")),
        (catalog, DCTERMS.publisher, project),
        (catalog, RDFS.label, _en(f"clusterkg catalogue: {title}")),
        (catalog, DCAT.dataset, dataset),
        (catalog, DCTERMS.license, license),
        (catalog, DCTERMS.language, EU["language/ENG"]),
        (dataset, RDF.type, DCAT.Dataset),
        (dataset, RDF.type, VOID.Dataset),
        (dataset, DCTERMS.title, _en(title)),
        (dataset, RDFS.label, _en(title)),
        (dataset, DCTERMS.description, _en(_summary(graph, grow, plan_label, source_title, publisher, len(clusters)))),
        (dataset, DCTERMS.identifier, Literal(str(dataset))),
        (dataset, DCTERMS.publisher, publisher_iri),
        (dataset, DCTERMS.creator, project),
        (dataset, DCTERMS.license, license),
        (dataset, DCTERMS.language, EU["language/ENG"]),
        (dataset, DCTERMS.accessRights, EU["access-right/PUBLIC"]),
        (dataset, DCTERMS.conformsTo, URIRef(ontology_document(ontology_iri) if ontology_iri else ONTOLOGY_IRI)),
    ]:
        d.add((s, p, o))
    d.add((EU["language/ENG"], RDF.type, DCTERMS.LinguisticSystem))
    d.add((EU["access-right/PUBLIC"], RDF.type, DCTERMS.RightsStatement))
    d.add((d.value(dataset, DCTERMS.conformsTo), RDF.type, DCTERMS.Standard))
    for s in (catalog, dataset):
        for p, date in ((DCTERMS.issued, issued), (DCTERMS.modified, modified)):
            if date:
                d.add((s, p, Literal(date.isoformat(), datatype=XSD.date)))
    for keyword in [plan_label, source_title] + [str(graph.value(c, RDFS.label)) for c in clusters]:
        d.add((dataset, DCAT.keyword, _en(keyword)))
    for lever in levers:
        d.add((dataset, DCAT.theme, lever))
    for scheme in lever_schemes:
        d.add((catalog, DCAT.themeTaxonomy, scheme))
        d.add((scheme, DCTERMS.title, _en(str(graph.value(scheme, SKOS.prefLabel) or graph.value(scheme, RDFS.label)))))
    _agent_details(d, project, "clusterkg project", "The project that curates the cluster growth profiles "
                   "as a knowledge graph and publishes it.")
    d.add((project, RDFS.label, Literal("clusterkg project")))
    rights = _licence(d, dataset, license)
    _spatial(graph, d, dataset, grow)

    _void(graph, d, dataset, ids, grow, sparql_endpoint)
    _provenance(d, dataset, source, source_title, publisher_iri, project, ids)
    for dist in sorted(distributions, key=lambda x: x.filename):
        _distribution(d, dataset, dist, base, title, license, rights, issued, modified)
    return d


def _void(graph: Graph, d: Graph, dataset: URIRef, ids: Namespace, grow, sparql_endpoint: str | None) -> None:
    """VoID: the counts, partitions, vocabularies, examples and URI space of ``graph``."""
    uri_space = str(ids)
    stats = void_statistics(graph, uri_space)
    for key in ("triples", "entities", "distinctSubjects", "distinctObjects"):
        d.add((dataset, VOID[key], Literal(stats[key], datatype=XSD.integer)))
    d.add((dataset, VOID.classes, Literal(len(stats["classes"]), datatype=XSD.integer)))
    d.add((dataset, VOID.properties, Literal(len(stats["properties"]), datatype=XSD.integer)))
    d.add((dataset, VOID.uriSpace, Literal(uri_space)))
    for vocabulary in sorted(stats["vocabularies"]):
        d.add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    for cls, count in stats["classes"].items():
        part = URIRef(f"{dataset}/class/{_partition_key(d, cls)}")
        d.add((dataset, VOID.classPartition, part))
        d.add((part, RDF.type, VOID.Dataset))
        d.add((part, RDFS.label, Literal(f"Resources of class {_partition_key(d, cls)}")))
        d.add((part, VOID["class"], cls))
        d.add((part, VOID.entities, Literal(count, datatype=XSD.integer)))
    for prop, count in stats["properties"].items():
        part = URIRef(f"{dataset}/property/{_partition_key(d, prop)}")
        d.add((dataset, VOID.propertyPartition, part))
        d.add((part, RDF.type, VOID.Dataset))
        d.add((part, RDFS.label, Literal(f"Triples of property {_partition_key(d, prop)}")))
        d.add((part, VOID.property, prop))
        d.add((part, VOID.triples, Literal(count, datatype=XSD.integer)))
    for name in EXAMPLE_CLASSES:
        members = sorted(graph.subjects(RDF.type, grow[name]))
        if members:
            d.add((dataset, VOID.exampleResource, members[0]))
    for plan in sorted(graph.subjects(RDF.type, grow.Plan)):
        d.add((dataset, VOID.rootResource, plan))
    if sparql_endpoint:
        d.add((dataset, VOID.sparqlEndpoint, URIRef(sparql_endpoint)))


def _provenance(d: Graph, dataset: URIRef, source: URIRef, source_title: str, publisher: URIRef, project: URIRef,
                ids: Namespace) -> None:
    """PROV: derived from the source page, generated by this tool at its version."""
    software = ids[f"agent/clusterkg/{__version__}"]
    activity = URIRef(f"{dataset}/generation")
    for s, p, o in [
        (dataset, RDF.type, PROV.Entity),
        (dataset, PROV.wasDerivedFrom, source),
        (dataset, PROV.wasGeneratedBy, activity),
        (dataset, PROV.wasAttributedTo, project),
        (source, RDF.type, PROV.Entity),
        (source, RDF.type, FOAF.Document),
        (source, DCTERMS.title, Literal(source_title)),
        (source, DCTERMS.publisher, publisher),
        (activity, RDF.type, PROV.Activity),
        (activity, RDFS.label, _en(f"Generation of the dataset from the page by clusterkg {__version__}")),
        (activity, PROV.used, source),
        (activity, PROV.wasAssociatedWith, software),
        (software, RDF.type, PROV.SoftwareAgent),
        (software, RDFS.label, Literal(f"clusterkg {__version__}")),
        (software, OWL.versionInfo, Literal(__version__)),
        (software, PROV.actedOnBehalfOf, project),
    ]:
        d.add((s, p, o))


def _en(text: str) -> Literal:
    return Literal(text, lang="en")


def _summary(graph: Graph, grow, plan_label: str, source_title: str, publisher: str, n_clusters: int) -> str:
    count = {name: len(set(graph.subjects(RDF.type, grow[name])))
             for name in ("Statement", "Place", "Lever", "Organisation", "Asset", "Programme", "Event")}
    return (f"The {n_clusters} cluster growth profiles of the {plan_label} as linked data: each cluster's "
            f"growth opportunity (additional output and jobs), places, levers and every statement of its "
            f"profile word for word ({count['Statement']} statements), with the {count['Place']} places, "
            f"{count['Lever']} levers, {count['Organisation']} organisations, {count['Asset']} assets, "
            f"{count['Programme']} programmes and {count['Event']} events they name. Derived from the page "
            f"\"{source_title}\" published by {publisher}; every statement records the line of the page it "
            f"comes from.")


def _agent(graph: Graph, d: Graph, ids: Namespace, name: str, grow) -> URIRef:
    """The organisation of the graph called ``name`` (label or alias), else a new agent of that name."""
    found = sorted(s for p in (RDFS.label, SKOS.altLabel) for s in graph.subjects(p, Literal(name))
                   if (s, RDF.type, grow.Organisation) in graph)
    agent = found[0] if found else ids["agent/" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")]
    _agent_details(d, agent, name)
    for homepage in graph.objects(agent, FOAF.homepage):
        d.add((agent, FOAF.homepage, homepage))
    if name in PUBLISHER_TYPES:
        d.add((agent, DCTERMS.type, PUBLISHER_TYPES[name]))
    return agent


def _agent_details(d: Graph, agent: URIRef, name: str, description: str | None = None) -> None:
    d.add((agent, RDF.type, FOAF.Agent))
    d.add((agent, RDF.type, PROV.Agent))
    d.add((agent, FOAF.name, Literal(name)))
    if description:
        d.add((agent, DCTERMS.description, Literal(description, lang="en")))


def _licence(d: Graph, dataset: URIRef, license: URIRef) -> URIRef | None:
    """Type the licence; for a known one, its name and a rights statement with its attribution wording."""
    d.add((license, RDF.type, DCTERMS.LicenseDocument))
    if str(license) not in LICENCES:
        return None
    name, attribution = LICENCES[str(license)]
    d.add((license, RDFS.label, Literal(name, lang="en")))
    d.add((license, DCTERMS.type, ADMS_LICENCE.Attribution))
    rights = URIRef(f"{dataset}/rights")
    d.add((rights, RDF.type, DCTERMS.RightsStatement))
    d.add((rights, RDFS.label, Literal(attribution, lang="en")))
    d.add((dataset, DCTERMS.rights, rights))
    return rights


def _spatial(graph: Graph, d: Graph, dataset: URIRef, grow) -> None:
    """Spatial coverage: the combined authority area and each district (their ONS IRIs)."""
    areas = [(STATGEO[REGION_CODE], REGION_LABEL)]
    for place in sorted(graph.subjects(RDF.type, grow.Place)):
        for ons in sorted(graph.objects(place, OWL.sameAs)):
            if str(ons).startswith(str(STATGEO)):
                areas.append((ons, str(graph.value(place, RDFS.label))))
    for area, label in areas:
        d.add((dataset, DCTERMS.spatial, area))
        d.add((area, RDF.type, DCTERMS.Location))
        d.add((area, RDFS.label, Literal(label, lang="en")))


def _distribution(d: Graph, dataset: URIRef, dist: Distribution, base: str, title: str, license: URIRef,
                  rights: URIRef | None, issued, modified) -> None:
    fmt = dist.format
    node = URIRef(f"{dataset}/distribution/{fmt.name}")
    url = URIRef(f"{base}download/{dist.filename}")
    media, file_type = IANA[fmt.media_type], EU[f"file-type/{fmt.file_type}"]
    checksum = URIRef(f"{node}/checksum")
    for s, p, o in [
        (dataset, DCAT.distribution, node),
        (dataset, VOID.dataDump, url),
        (dataset, VOID.feature, W3C_FORMATS[fmt.w3c_format]),
        (node, RDF.type, DCAT.Distribution),
        (node, DCTERMS.title, Literal(f"{title} ({fmt.label})", lang="en")),
        (node, DCTERMS.description, Literal(f"The whole dataset in {fmt.label}, with its description (DCAT, VoID, PROV).", lang="en")),
        (node, DCAT.accessURL, url),
        (node, DCAT.downloadURL, url),
        (node, DCAT.mediaType, media),
        (node, DCTERMS.format, file_type),
        (node, DCAT.byteSize, Literal(dist.byte_size, datatype=XSD.nonNegativeInteger)),
        (node, SPDX.checksum, checksum),
        (node, DCTERMS.license, license),
        (checksum, RDF.type, SPDX.Checksum),
        (checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256),
        (checksum, SPDX.checksumValue, Literal(dist.sha256, datatype=XSD.hexBinary)),
        (media, RDF.type, DCTERMS.MediaType),
        (file_type, RDF.type, DCTERMS.MediaTypeOrExtent),
        (SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm),
    ]:
        d.add((s, p, o))
    if rights is not None:
        d.add((node, DCTERMS.rights, rights))
    for p, date in ((DCTERMS.issued, issued), (DCTERMS.modified, modified)):
        if date:
            d.add((node, p, Literal(date.isoformat(), datatype=XSD.date)))
