"""Turn curated profiles into RDF in the ``grow:`` vocabulary: quads for Oxigraph, the engine.

:func:`build_store` adds the graph's triples, as ``pyoxigraph`` terms, to the default graph of a new
in-memory ``pyoxigraph.Store``. Literals are written in the canonical
forms Oxigraph keeps (``"850000000"^^xsd:decimal``, line numbers as ``xsd:integer``), so the graph
read back from the store, or from any file written from it, is the graph that was built.
"""

from __future__ import annotations

import functools
from decimal import Decimal

import pyoxigraph as ox

from clusterkg.errors import InputError
from clusterkg.model import terms as T
from clusterkg.model.terms import GROW
from clusterkg.progress import progress
from clusterkg.source.linking import entity_matcher
from clusterkg.source.profiles import Profile, ProfileSet, load_profiles

TYPE_CHECKING = False  # read by type checkers only; nothing below is imported at run time
if TYPE_CHECKING:
    import os

    from rdflib import Graph

_SECTION_NAMES = {
    "drivers": "driver",
    "places": "place",
    "leadership": "leadership",
    "strengths": "strength",
    "actions": "action",
    "levers": "lever",
}


@functools.cache
def iri(value: str) -> ox.NamedNode:
    """A NamedNode for a vocabulary term or a resource met many times (made once)."""
    return ox.NamedNode(value)


def _integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=iri(T.XSD + "integer"))


def decimal_literal(value) -> ox.Literal:
    """An xsd:decimal in its canonical (XSD 1.1) form: ``850000000``, ``0.5``."""
    text = format(Decimal(value).normalize(), "f")
    return ox.Literal(text, datatype=iri(T.XSD + "decimal"))


class _Builder:
    """Adds the quads of one build to ``store`` in batches; :meth:`add` takes subject, predicate and
    object terms."""

    BATCH = 50_000

    def __init__(self, store: ox.Store):
        self.store = store
        self.quads: list[ox.Quad] = []

    def add(self, s, p: str, o) -> None:
        self.quads.append(ox.Quad(s, iri(p), o))
        if len(self.quads) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        self.store.extend(self.quads)
        self.quads = []

    def text(self, s, p: str, value: str | None) -> None:
        if value:
            self.add(s, p, ox.Literal(value))

    def types(self, s, *classes: str) -> None:
        for cls in classes:
            self.add(s, T.RDF_TYPE, iri(cls))

    def labelled(self, s, label: str, *classes: str) -> None:
        self.types(s, *classes)
        self.add(s, T.RDFS_LABEL, ox.Literal(label))


def _resource(value: str, data: ProfileSet, where: str, field: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(value)
    except ValueError:
        raise InputError(data.data_dir / "entities.yaml", f"{where}: '{value}' is not a valid IRI",
                         field=field) from None


def _publisher(data: ProfileSet, name: str):
    """The organisation of the entity list labelled ``name``, else the name as a literal."""
    found = next((e for e in data.entities if e.type == "organisation" and name in (e.label, *e.aliases)), None)
    return iri(T.entity_iri("organisation", found.slug)) if found else ox.Literal(name)


def _add_sources_and_plans(b: _Builder, data: ProfileSet) -> None:
    """The source page (its title, address and publisher), the plans, and the plan's cited pages."""
    for src in data.sources:
        s = iri(T.source_iri(src.slug))
        b.labelled(s, src.title, GROW.SourceDocument)
        b.text(s, T.DCTERMS + "title", src.title)
        if src.address:
            b.add(s, T.FOAF + "page", _resource(src.address, data, f"source '{src.slug}'", "address"))
        if src.publisher:
            b.add(s, T.DCTERMS + "publisher", _publisher(data, src.publisher))
        b.text(s, GROW.qualityNote, src.quality_note)
    source = iri(T.source_iri(data.sources[0].slug))
    for plan in data.plans:
        p = iri(T.plan_iri(plan.slug))
        b.labelled(p, plan.label, GROW.Plan)
        b.add(p, T.PROV + "wasDerivedFrom", source)
        if plan.line:
            b.add(p, GROW.sourceLine, _integer(plan.line))
    for cited in data.cited:
        c = iri(T.source_iri(cited.slug))
        b.labelled(c, cited.title, T.FOAF + "Document", T.PROV + "Entity")
        b.text(c, T.DCTERMS + "title", cited.title)
        b.add(c, T.DCTERMS + "isPartOf", iri(T.plan_iri(cited.plan)))
        if cited.publisher:
            b.add(c, T.DCTERMS + "publisher", _publisher(data, cited.publisher))


def _add_schemes(b: _Builder, data: ProfileSet) -> None:
    schemes = ((T.LEVER_SCHEME, "Levers of the Plan for Growth", GROW.Lever, T.lever_iri, data.levers),
               (T.BENCHMARK_SCHEME, "Growth benchmarks of the cluster growth profiles", GROW.Benchmark,
                T.benchmark_iri, data.benchmarks))
    for scheme_iri, title, cls, make_iri, concepts in schemes:
        scheme = iri(scheme_iri)
        b.labelled(scheme, title, T.SKOS + "ConceptScheme")
        b.text(scheme, T.SKOS + "prefLabel", title)
        b.text(scheme, T.DCTERMS + "title", title)
        for concept in concepts:
            c = iri(make_iri(concept.slug))
            b.labelled(c, concept.label, cls, T.SKOS + "Concept")
            b.text(c, T.SKOS + "prefLabel", concept.label)
            wordings = getattr(concept, "wordings", None) or (concept.wording,)
            for wording in dict.fromkeys(wordings):
                if wording != concept.label:
                    b.text(c, T.SKOS + "altLabel", wording)
            for alias in getattr(concept, "aliases", ()):  # abbreviations: for look-up only
                b.text(c, T.SKOS + "hiddenLabel", alias)
            if getattr(concept, "source", None):
                b.add(c, T.DCTERMS + "source", iri(T.source_iri(concept.source)))
            b.add(c, T.SKOS + "inScheme", scheme)
            b.add(c, T.SKOS + "topConceptOf", scheme)
            b.add(scheme, T.SKOS + "hasTopConcept", c)
            b.text(c, GROW.qualityNote, getattr(concept, "quality_note", None))


def _add_places_and_entities(b: _Builder, data: ProfileSet) -> dict:
    """Places and named entities; returns slug -> (IRI, entity type or "place")."""
    node = {}
    for place in data.places:
        p = iri(T.place_iri(place.slug))
        node[place.slug] = (p, "place")
        b.labelled(p, place.label, GROW.Place)
        if place.page_name != place.label:
            b.text(p, T.SKOS + "altLabel", place.page_name)
        if place.gss:
            b.text(p, GROW.gssCode, place.gss)
            b.add(p, T.OWL + "sameAs", iri(T.STATGEO + place.gss))
        b.text(p, GROW.qualityNote, place.quality_note)
    for entity in data.entities:
        e = iri(T.entity_iri(entity.type, entity.slug))
        node[entity.slug] = (e, entity.type)
        b.labelled(e, entity.label, T.ENTITY_CLASSES[entity.type])
        if entity.type == "organisation":
            b.types(e, T.ORG + "Organization")
        for alias in entity.aliases:
            if alias != entity.label:
                b.text(e, T.SKOS + "altLabel", alias)
        if entity.homepage:
            b.add(e, T.FOAF + "homepage", _resource(entity.homepage, data, f"entity '{entity.slug}'", "homepage"))
        b.text(e, GROW.qualityNote, entity.quality_note)
    for entity in data.entities:
        if entity.sited_at:
            b.add(node[entity.slug][0], GROW.sitedAt, node[entity.sited_at][0])
    return node


def _add_growth(b: _Builder, profile: Profile, cluster, source) -> None:
    growth, gr = iri(T.growth_iri(profile.slug)), profile.growth
    b.add(cluster, GROW.hasGrowthOpportunity, growth)
    b.labelled(growth, f"Growth opportunity: {profile.name}", GROW.GrowthOpportunity)
    b.text(growth, GROW.text, gr.text)
    b.add(growth, GROW.sourceLine, _integer(gr.line))
    b.add(growth, GROW.minOutputGBP, decimal_literal(gr.output_min_gbp))
    b.add(growth, GROW.maxOutputGBP, decimal_literal(gr.output_max_gbp))
    b.add(growth, GROW.minJobs, _integer(gr.jobs_min))
    b.add(growth, GROW.maxJobs, _integer(gr.jobs_max))
    b.add(growth, GROW.benchmark, iri(T.benchmark_iri(gr.benchmark)))
    if gr.target_year is not None:
        b.add(growth, GROW.targetYear, ox.Literal(str(gr.target_year), datatype=iri(T.XSD + "gYear")))
    b.add(growth, T.PROV + "wasDerivedFrom", source)
    b.text(growth, GROW.qualityNote, gr.quality_note)


def _add_profile(b: _Builder, profile: Profile, node: dict, matcher, source) -> None:
    cluster = iri(T.cluster_iri(profile.slug))
    b.labelled(cluster, profile.name, GROW.Cluster)
    b.text(cluster, GROW.shortName, profile.short_name)
    b.text(cluster, T.SKOS + "altLabel", profile.short_name)
    for alias in profile.aliases:  # for look-up only
        b.text(cluster, T.SKOS + "hiddenLabel", alias)
    b.text(cluster, GROW.qualityNote, profile.quality_note)
    b.add(cluster, GROW.partOfPlan, iri(T.plan_iri(profile.plan)))
    b.add(cluster, GROW.sourceLine, _integer(profile.name_line))
    b.add(cluster, T.PROV + "wasDerivedFrom", source)
    _add_growth(b, profile, cluster, source)
    links = set()  # (predicate, object): each link once, however many bullets make it
    for bullet in profile.bullets():
        st = ox.NamedNode(T.statement_iri(profile.slug, bullet.section, bullet.number))
        if bullet.revises is not None:
            b.add(st, T.PROV + "wasRevisionOf", ox.NamedNode(T.statement_iri(profile.slug, bullet.section,
                                                                             bullet.revises)))
        b.add(cluster, GROW.hasStatement, st)
        b.labelled(st, f"{profile.name}: {_SECTION_NAMES[bullet.section]} {bullet.position}",
                   GROW.Statement, T.SECTION_CLASSES[bullet.section])
        b.text(st, GROW.text, bullet.text)
        b.add(st, GROW.sourceLine, _integer(bullet.line))
        b.add(st, GROW.position, _integer(bullet.position))
        b.add(st, T.PROV + "wasDerivedFrom", source)
        b.text(st, GROW.qualityNote, bullet.quality_note)
        if bullet.section == "places":
            place = iri(T.place_iri(bullet.place))
            links.add((GROW.locatedIn, place))
            b.add(st, GROW.mentions, place)
            continue
        if bullet.section == "levers":
            for lever in bullet.levers:
                links.add((GROW.usesLever, iri(T.lever_iri(lever))))
                b.add(st, GROW.mentions, iri(T.lever_iri(lever)))
            continue
        named = dict.fromkeys([m.slug for m in matcher.find(bullet.text)] + list(bullet.mentions))
        for slug in named:
            target, kind = node[slug]
            b.add(st, GROW.mentions, target)
            if kind == "place":
                continue
            links.add((GROW.involves, target))
            if bullet.section == "strengths":
                links.add((GROW.hasAsset, target))
        for slug in bullet.leads or ():  # curated per bullet: only the bodies it presents as leading
            links.add((GROW.ledBy, node[slug][0]))
    for predicate, target in sorted(links, key=lambda link: (link[0], link[1].value)):
        b.add(cluster, predicate, target)


def build_store(data: ProfileSet | None = None, data_dir: str | os.PathLike[str] | None = None) -> ox.Store:
    """A new in-memory Oxigraph store holding the knowledge graph built from ``data`` (default:
    :func:`load_profiles` of ``data_dir``) in its default graph."""
    if data is None:
        data = load_profiles(data_dir)
    store = ox.Store()
    b = _Builder(store)
    _add_sources_and_plans(b, data)
    _add_schemes(b, data)
    node = _add_places_and_entities(b, data)
    matcher = entity_matcher(data)
    source = iri(T.source_iri(data.sources[0].slug))
    for profile in progress(data.profiles, label="Building graph"):
        _add_profile(b, profile, node, matcher, source)
    b.flush()
    return store


def build_graph(data: ProfileSet | None = None, data_dir: str | os.PathLike[str] | None = None) -> Graph:
    """The knowledge graph built from ``data`` as an rdflib ``Graph`` (for rdflib users; the engine's
    graph is :func:`build_store`, or a :class:`clusterkg.KnowledgeGraph`)."""
    from clusterkg.model.bridge import to_rdflib

    return to_rdflib(build_store(data, data_dir), T.PREFIXES)
