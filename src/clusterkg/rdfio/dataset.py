"""The dataset description (DCAT-AP 3, VoID, PROV), generated from the graph it describes.

It passes the official DCAT-AP 3.0.1 shapes with their range file on its own (``void.ttl`` and
``catalog.rdf`` are read alone by harvesters): every value a shape checks the class of is typed and
named here. Nothing reads the clock: dates come from the publication settings or are left out, so
the same input always gives the same description.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, VOID, XSD

from clusterkg.errors import ClusterKGError
from clusterkg.model.vocab import BASE_IRI, GROW, ONTOLOGY_IRI, STATGEO
from clusterkg.options import DEFAULT_PUBLISHER, OGL_V3
from clusterkg.rdfio.dataset_spatial import add_spatial, coverage_iri
from clusterkg.rdfio.dataset_versions import add_versions
from clusterkg.rdfio.portal_terms import (
    ADMS_LICENCE,
    ADMS_PUBLISHER,
    DATA_THEME_SCHEME,
    DATA_THEMES,
    EU,
    GSP,
    IANA,
    LICENCE_TYPES,
    LICENCES,
    PUBLISHER_TYPES,
    SCHEMA,
    SPDX,
    VCARD,
    W3C_FORMATS,
    is_portal_tag,
)
from clusterkg.rdfio.rebase import ontology_document
from clusterkg.rdfio.void import add_provenance, add_void

__all__ = ["OGL_V3", "SPDX", "Distribution", "describe", "dataset_iri", "source_document", "DESCRIPTION_PREFIXES"]

DESCRIPTION_PREFIXES = {
    "dcat": DCAT, "void": VOID, "foaf": FOAF, "spdx": SPDX, "prov": PROV, "dcterms": DCTERMS,
    "skos": SKOS, "statgeo": STATGEO, "adms-publisher": ADMS_PUBLISHER, "adms-licence": ADMS_LICENCE,
    "iana": IANA, "formats": W3C_FORMATS, "vcard": VCARD, "geo": GSP, "schema": SCHEMA,
}
DCAT_VERSION = URIRef(str(DCAT) + "version")  # DCAT 3; rdflib's DCAT namespace is DCAT 2's
# Companion files of a publication folder the description links to, when it is written for one.
ONTOLOGY_PAGE, QUERY_CATALOGUE = "ontology.html", "queries.ttl"


@dataclass(frozen=True)
class Distribution:
    """One written file of the dataset: its format (an ``export.Format``), name, size and SHA-256."""

    format: object
    filename: str
    byte_size: int
    sha256: str

    @classmethod
    def of(cls, format, filename: str, data: bytes) -> Distribution:
        return cls(format, filename, len(data), hashlib.sha256(data).hexdigest())


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

    A graph without a source document (not one :func:`~clusterkg.model.graph.build_graph` makes) gets
    ``id/dataset/clusterkg``.
    """
    sources = sorted(graph.subjects(RDF.type, _grow(ontology_iri).SourceDocument))
    slug = str(sources[0]).rstrip("/").rsplit("/", 1)[-1] if sources else "clusterkg"
    return URIRef(f"{base_iri or BASE_IRI}id/dataset/{slug}")


# -- The description ----

class _Description:
    """What the parts of :func:`describe` share: the data, the description being made, the options."""

    def __init__(self, graph: Graph, options, companions: bool):
        self.graph, self.options, self.companions = graph, options, companions
        self.base = options.base_iri or BASE_IRI
        self.ids = Namespace(self.base + "id/")
        self.grow = _grow(options.ontology_iri)
        self.downloads = options.downloads(BASE_IRI)
        self.d = Graph()
        for prefix, ns in graph.namespaces():
            self.d.bind(prefix, ns, override=True, replace=True)
        for prefix, ns in DESCRIPTION_PREFIXES.items():
            self.d.bind(prefix, ns, override=True, replace=True)
        self.dataset = dataset_iri(graph, self.base, options.ontology_iri)
        self.catalog = self.ids["catalog/clusterkg"]
        self.project = self.ids["agent/clusterkg"]
        self.license = URIRef(options.license)

    def add(self, *triples) -> None:
        for triple in triples:
            self.d.add(triple)

    def label(self, node) -> str:
        return str(self.graph.value(node, RDFS.label) or self.graph.value(node, SKOS.prefLabel) or node)

    def pref_label(self, node) -> Literal:
        """The node's ``skos:prefLabel`` as the data has it (the same literal), else its label in English."""
        return self.graph.value(node, SKOS.prefLabel) or _en(self.label(node))

    def concept(self, node: URIRef, label, scheme: URIRef | None = None) -> None:
        """Type ``node`` as a SKOS concept with its preferred label (text in English, or a literal) and scheme."""
        label = label if isinstance(label, Literal) else _en(label)
        self.add((node, RDF.type, SKOS.Concept), (node, SKOS.prefLabel, label))
        if scheme is not None:
            self.add((node, SKOS.inScheme, scheme))


def describe(graph: Graph, options=None, distributions=(), companions: bool = False, **settings) -> Graph:
    """The DCAT-AP 3 / VoID / PROV description of ``graph`` (an rdflib Graph of the data, already under
    the options' base IRI), from :class:`~clusterkg.options.PublicationOptions` (or its fields as
    keywords). ``distributions`` (:class:`Distribution`) add one ``dcat:Distribution`` per written file;
    ``companions`` links the ontology page and the query catalogue of a publication folder."""
    from clusterkg.options import PublicationOptions

    desc = _Description(graph, PublicationOptions.make(options, **settings), companions)
    source = source_document(graph, desc.options.ontology_iri)
    plans = sorted(graph.subjects(RDF.type, desc.grow.Plan))
    plan_label = desc.label(plans[0]) if plans else "Plan"
    source_title = str(graph.value(source, DCTERMS.title) or graph.value(source, RDFS.label))
    title = f"{plan_label}: {source_title} as linked data"
    _catalogue(desc, title)
    publisher = _agent(desc, desc.options.publisher)
    source_publisher = _source_publisher(desc, source)
    _dataset(desc, title, _summary(desc, plan_label, source_title, source_publisher), publisher)
    if desc.options.previous_version:
        add_versions(desc, title)
    _keywords(desc, [plan_label, source_title])
    _themes(desc)
    _contact_and_pages(desc)
    rights = _rights(desc, source)
    add_spatial(desc)
    add_void(graph, desc.d, desc.dataset, str(desc.ids), desc.grow, desc.options.sparql_endpoint)
    add_provenance(desc.d, desc.dataset, source, source_title, source_publisher, desc.project, desc.ids)
    _source_page(desc, source)
    for dist in sorted(distributions, key=lambda x: x.filename):
        _distribution(desc, dist, title, rights)
    return desc.d


def _catalogue(desc: _Description, title: str) -> None:
    catalog, options = desc.catalog, desc.options
    desc.add((catalog, RDF.type, DCAT.Catalog),
             (catalog, DCTERMS.title, _en(f"clusterkg catalogue: {title}")),
             (catalog, DCTERMS.description, _en(f"The datasets published by the clusterkg project: {title}.")),
             (catalog, DCTERMS.publisher, desc.project),
             (catalog, RDFS.label, _en(f"clusterkg catalogue: {title}")),
             (catalog, DCAT.dataset, desc.dataset),
             (catalog, DCTERMS.license, desc.license),
             (catalog, DCTERMS.language, EU["language/ENG"]),
             (catalog, DCTERMS.spatial, coverage_iri(desc.dataset)))
    if options.landing_page:
        desc.add((catalog, FOAF.homepage, URIRef(options.landing_page)),
                 (URIRef(options.landing_page), RDF.type, FOAF.Document))
    _agent_details(desc, desc.project, "clusterkg project", "The project that curates the cluster growth "
                   "profiles as a knowledge graph and publishes it.")
    desc.add((desc.project, RDFS.label, Literal("clusterkg project")))


def _dataset(desc: _Description, title: str, summary: str, publisher: URIRef) -> None:
    dataset, options = desc.dataset, desc.options
    standard = URIRef(ontology_document(options.ontology_iri) if options.ontology_iri else ONTOLOGY_IRI)
    desc.add((dataset, RDF.type, DCAT.Dataset), (dataset, RDF.type, VOID.Dataset),
             (dataset, DCTERMS.title, _en(title)), (dataset, RDFS.label, _en(title)),
             (dataset, DCTERMS.description, _en(summary)),
             (dataset, DCTERMS.identifier, Literal(str(dataset))),
             (dataset, DCTERMS.publisher, publisher), (dataset, DCTERMS.creator, desc.project),
             (dataset, DCTERMS.license, desc.license),
             (dataset, DCTERMS.language, EU["language/ENG"]),
             (dataset, DCTERMS.accessRights, EU["access-right/PUBLIC"]),
             (dataset, DCTERMS.conformsTo, standard),
             (EU["language/ENG"], RDF.type, DCTERMS.LinguisticSystem),
             (EU["access-right/PUBLIC"], RDF.type, DCTERMS.RightsStatement),
             (standard, RDF.type, DCTERMS.Standard))
    for subject in (desc.catalog, dataset):
        for p, date in ((DCTERMS.issued, options.issued), (DCTERMS.modified, options.modified)):
            if date:
                desc.add((subject, p, Literal(date.isoformat(), datatype=XSD.date)))
    if options.dataset_version:
        desc.add((dataset, DCAT_VERSION, Literal(options.dataset_version)))
    _temporal(desc)
    if desc.companions:
        page = URIRef(desc.downloads + ONTOLOGY_PAGE)
        desc.add((standard, FOAF.page, page), (dataset, FOAF.page, page), (page, RDF.type, FOAF.Document),
                 (page, DCTERMS.title, _en("The clusterkg ontology: documentation of its terms (HTML)")),
                 (page, DCTERMS.format, EU["file-type/HTML"]),
                 (EU["file-type/HTML"], RDF.type, DCTERMS.MediaTypeOrExtent),
                 (dataset, RDFS.seeAlso, URIRef(desc.downloads + QUERY_CATALOGUE)))


def _temporal(desc: _Description) -> None:
    """dct:temporal, a dct:PeriodOfTime with the dcat:startDate/endDate the settings give (a year as
    xsd:gYear, a date as xsd:date); nothing where they give neither."""
    bounds = ((DCAT.startDate, desc.options.temporal_start), (DCAT.endDate, desc.options.temporal_end))
    if not any(value for _, value in bounds):
        return
    period = URIRef(f"{desc.dataset}/temporal")
    desc.add((desc.dataset, DCTERMS.temporal, period), (period, RDF.type, DCTERMS.PeriodOfTime))
    for p, value in bounds:
        if value:
            desc.add((period, p, Literal(value, datatype=XSD.gYear if len(value) == 4 else XSD.date)))


def _keywords(desc: _Description, names: list[str]) -> None:
    """The plan, the page and each cluster by a name a portal takes as a tag: its label, else its short
    name (``Aerospace``, not ``Aerospace (including manufacturing alternative fuels)``)."""
    clusters = sorted(desc.graph.subjects(RDF.type, desc.grow.Cluster), key=desc.label)
    for cluster in clusters:
        forms = [desc.label(cluster), *sorted(str(s) for s in desc.graph.objects(cluster, desc.grow.shortName))]
        names.append(next((form for form in forms if is_portal_tag(form)), forms[0]))
    for keyword in names:
        desc.add((desc.dataset, DCAT.keyword, _en(keyword)))


def _themes(desc: _Description) -> None:
    """The levers (concepts of the plan's own scheme) and the EU data theme, each typed and named, with
    both schemes as the catalogue's theme taxonomies; every concept scheme of the data gets a title."""
    for lever in sorted(desc.graph.subjects(RDF.type, desc.grow.Lever)):
        schemes = sorted(desc.graph.objects(lever, SKOS.inScheme))
        desc.concept(lever, desc.pref_label(lever), schemes[0] if schemes else None)
        desc.add((desc.dataset, DCAT.theme, lever))
        for scheme in schemes:
            desc.add((desc.catalog, DCAT.themeTaxonomy, scheme))
    for scheme in sorted(desc.graph.subjects(RDF.type, SKOS.ConceptScheme)):
        desc.add((scheme, RDF.type, SKOS.ConceptScheme), (scheme, DCTERMS.title, _en(str(desc.pref_label(scheme)))))
    scheme, scheme_title = DATA_THEME_SCHEME
    desc.add((scheme, RDF.type, SKOS.ConceptScheme), (scheme, DCTERMS.title, _en(scheme_title)),
             (desc.catalog, DCAT.themeTaxonomy, scheme))
    for theme, label in DATA_THEMES:
        desc.concept(theme, label, scheme)
        desc.add((desc.dataset, DCAT.theme, theme))


def _contact_and_pages(desc: _Description) -> None:
    """The contact point (a vCard of the settings given) and the landing page."""
    options, dataset = desc.options, desc.dataset
    if options.contact_name or options.contact_email or options.contact_url:
        contact = URIRef(f"{dataset}/contact-point")
        desc.add((dataset, DCAT.contactPoint, contact), (contact, RDF.type, VCARD.Kind))
        if options.contact_name:
            desc.add((contact, VCARD.fn, Literal(options.contact_name)))
        if options.contact_email:
            desc.add((contact, VCARD.hasEmail, URIRef(f"mailto:{options.contact_email}")))
        if options.contact_url:
            desc.add((contact, VCARD.hasURL, URIRef(options.contact_url)))
    if options.landing_page:
        page = URIRef(options.landing_page)
        desc.add((dataset, DCAT.landingPage, page), (page, RDF.type, FOAF.Document))


def _en(text: str) -> Literal:
    return Literal(text, lang="en")


def _summary(desc: _Description, plan_label: str, source_title: str, source_publisher: URIRef | None) -> str:
    by = f" published by {desc.label(source_publisher)}" if source_publisher is not None else ""
    count = {name: len(set(desc.graph.subjects(RDF.type, desc.grow[name])))
             for name in ("Cluster", "Statement", "Place", "Lever", "Organisation", "Asset", "Programme", "Event")}
    return (f"The {count['Cluster']} cluster growth profiles of the {plan_label} as linked data: each cluster's "
            f"growth opportunity (additional output and jobs), places, levers and every statement of its "
            f"profile word for word ({count['Statement']} statements), with the {count['Place']} places, "
            f"{count['Lever']} levers, {count['Organisation']} organisations, {count['Asset']} assets, "
            f"{count['Programme']} programmes and {count['Event']} events they name. Derived from the page "
            f"\"{source_title}\"{by}; every statement records the line of the page it comes from.")


def _agent(desc: _Description, name: str) -> URIRef:
    """The project itself, or the organisation of the graph called ``name`` (label or alias), else a new
    agent of that name."""
    graph = desc.graph
    if name == DEFAULT_PUBLISHER:
        return desc.project
    found = sorted(s for p in (RDFS.label, SKOS.altLabel) for s in graph.subjects(p, Literal(name))
                   if (s, RDF.type, desc.grow.Organisation) in graph)
    agent = found[0] if found else desc.ids["agent/" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")]
    _agent_details(desc, agent, name)
    for homepage in graph.objects(agent, FOAF.homepage):
        desc.add((agent, FOAF.homepage, homepage))
    if name in PUBLISHER_TYPES:
        kind, label = PUBLISHER_TYPES[name]
        desc.add((agent, DCTERMS.type, kind))
        desc.concept(kind, label)
    return agent


def _agent_details(desc: _Description, agent: URIRef, name: str, description: str | None = None) -> None:
    desc.add((agent, RDF.type, FOAF.Agent), (agent, RDF.type, PROV.Agent), (agent, FOAF.name, Literal(name)))
    if description:
        desc.add((agent, DCTERMS.description, _en(description)))


def _licence(desc: _Description) -> None:
    """Type the licence the publisher grants for the dataset; for a known one, its title and type. No
    rights statement: none is known for the source page (see :data:`~clusterkg.rdfio.portal_terms.LICENCES`)."""
    license = desc.license
    desc.add((license, RDF.type, DCTERMS.LicenseDocument))
    if str(license) in LICENCES:
        kind, kind_label = LICENCE_TYPES[str(license)]
        desc.add((license, DCTERMS.title, _en(LICENCES[str(license)])), (license, DCTERMS.type, kind))
        desc.concept(kind, kind_label)


def _rights(desc: _Description, source: URIRef) -> URIRef:
    """The licence, then the source page's own notes (it states no licence for its text), in plain words."""
    _licence(desc)
    rights = URIRef(f"{desc.dataset}/rights")
    licence = LICENCES.get(str(desc.license), str(desc.license))
    notes = " ".join(sorted(str(n) for n in desc.graph.objects(source, desc.grow.qualityNote)))
    desc.add((rights, RDF.type, DCTERMS.RightsStatement),
             (rights, RDFS.label, _en(f"{desc.options.publisher} publishes this dataset under the {licence}. "
                                      f"Its source page: {notes}".strip())))
    return rights


def _source_publisher(desc: _Description, source: URIRef) -> URIRef | None:
    """The publisher the data gives the source page (the WMCA), described as an agent."""
    publisher = desc.graph.value(source, DCTERMS.publisher)
    if not isinstance(publisher, URIRef):
        return None
    name = desc.label(publisher)
    _agent_details(desc, publisher, name)
    for homepage in desc.graph.objects(publisher, FOAF.homepage):
        desc.add((publisher, FOAF.homepage, homepage))
    if name in PUBLISHER_TYPES:
        kind, label = PUBLISHER_TYPES[name]
        desc.add((publisher, DCTERMS.type, kind))
        desc.concept(kind, label)
    return publisher


def _source_page(desc: _Description, source: URIRef) -> None:
    """The source page's address and the note that it states no licence, as the data gives them."""
    for page in desc.graph.objects(source, FOAF.page):
        desc.add((source, FOAF.page, page), (page, RDF.type, FOAF.Document))
    for note in desc.graph.objects(source, desc.grow.qualityNote):
        desc.add((source, SKOS.note, _en(str(note))))


def _distribution(desc: _Description, dist: Distribution, title: str, rights: URIRef) -> None:
    fmt, dataset, options = dist.format, desc.dataset, desc.options
    node = URIRef(f"{dataset}/distribution/{fmt.name}")
    url = URIRef(desc.downloads + dist.filename)
    media, file_type = IANA[fmt.media_type], EU[f"file-type/{fmt.file_type}"]
    checksum = URIRef(f"{node}/checksum")
    desc.add((dataset, DCAT.distribution, node), (dataset, VOID.dataDump, url),
             (dataset, VOID.feature, W3C_FORMATS[fmt.w3c_format]),
             (node, RDF.type, DCAT.Distribution),
             (node, DCTERMS.title, _en(f"{title} ({fmt.label})")),
             (node, DCTERMS.description,
              _en(f"The whole dataset in {fmt.label}, with its description (DCAT, VoID, PROV).")),
             (node, DCAT.accessURL, url), (node, DCAT.downloadURL, url),
             (node, DCAT.mediaType, media), (node, DCTERMS.format, file_type),
             (node, DCAT.byteSize, Literal(dist.byte_size, datatype=XSD.nonNegativeInteger)),
             (node, SPDX.checksum, checksum), (node, DCTERMS.license, desc.license),
             (checksum, RDF.type, SPDX.Checksum),
             (checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256),
             (checksum, SPDX.checksumValue, Literal(dist.sha256, datatype=XSD.hexBinary)),
             (media, RDF.type, DCTERMS.MediaType), (media, RDFS.label, Literal(fmt.media_type)),
             (file_type, RDF.type, DCTERMS.MediaTypeOrExtent),
             (SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm),
             (node, DCTERMS.rights, rights))
    for p, date in ((DCTERMS.issued, options.issued), (DCTERMS.modified, options.modified)):
        if date:
            desc.add((node, p, Literal(date.isoformat(), datatype=XSD.date)))
