"""Turn curated profiles into an RDF graph in the ``grow:`` vocabulary."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from . import vocab
from .gcpause import gc_paused
from .linking import entity_matcher
from .profiles import ProfileSet, load_profiles
from .progress import progress
from .vocab import GROW, ORG

PREFIXES = {
    "grow": GROW._NS,
    "cluster": vocab.ID["cluster/"],
    "place": vocab.ID["place/"],
    "organisation": vocab.ID["organisation/"],
    "asset": vocab.ID["asset/"],
    "programme": vocab.ID["programme/"],
    "event": vocab.ID["event/"],
    "lever": vocab.ID["lever/"],
    "benchmark": vocab.ID["benchmark/"],
    "org": ORG,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdfs": RDFS,
    "xsd": XSD,
}

_SECTION_NAMES = {
    "drivers": "driver",
    "places": "place",
    "leadership": "leadership",
    "strengths": "strength",
    "actions": "action",
    "levers": "lever",
}


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph


def _line(n: int) -> Literal:
    return Literal(n, datatype=XSD.positiveInteger)


def _decimal(value) -> Literal:
    """An xsd:decimal in its canonical lexical form ("850000000.0"), so serialisers agree."""
    text = f"{value:f}"
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def _note(graph: Graph, subject: URIRef, note: str | None) -> None:
    if note:
        graph.add((subject, GROW.qualityNote, Literal(note)))


@gc_paused
def build_graph(data: ProfileSet | None = None, data_dir=None) -> Graph:
    """Build the knowledge graph from ``data`` (default: :func:`load_profiles` of ``data_dir``)."""
    if data is None:
        data = load_profiles(data_dir)
    g = bind_prefixes(Graph())
    add = g.add
    source = vocab.ID[f"source/{data.sources[0].slug}"]

    for src in data.sources:
        s = vocab.ID[f"source/{src.slug}"]
        add((s, RDF.type, GROW.SourceDocument))
        add((s, RDFS.label, Literal(src.title)))
        add((s, DCTERMS.title, Literal(src.title)))
    for plan in data.plans:
        p = vocab.ID[f"plan/{plan.slug}"]
        add((p, RDF.type, GROW.Plan))
        add((p, RDFS.label, Literal(plan.label)))
        add((p, PROV.wasDerivedFrom, source))
        if plan.line:
            add((p, GROW.sourceLine, _line(plan.line)))

    for scheme, label in ((vocab.LEVER_SCHEME, "Levers of the Plan for Growth"),
                          (vocab.BENCHMARK_SCHEME, "Growth benchmarks of the cluster growth profiles")):
        add((scheme, RDF.type, SKOS.ConceptScheme))
        add((scheme, RDFS.label, Literal(label)))
        add((scheme, SKOS.prefLabel, Literal(label)))
    for lever in data.levers:
        iri = vocab.lever_iri(lever.slug)
        for t in (GROW.Lever, SKOS.Concept):
            add((iri, RDF.type, t))
        add((iri, RDFS.label, Literal(lever.label)))
        add((iri, SKOS.prefLabel, Literal(lever.label)))
        for wording in lever.wordings:
            if wording != lever.label:
                add((iri, SKOS.altLabel, Literal(wording)))
        add((iri, SKOS.inScheme, vocab.LEVER_SCHEME))
        add((iri, SKOS.topConceptOf, vocab.LEVER_SCHEME))
        add((vocab.LEVER_SCHEME, SKOS.hasTopConcept, iri))
        _note(g, iri, lever.quality_note)
    for bench in data.benchmarks:
        iri = vocab.benchmark_iri(bench.slug)
        for t in (GROW.Benchmark, SKOS.Concept):
            add((iri, RDF.type, t))
        add((iri, RDFS.label, Literal(bench.label)))
        add((iri, SKOS.prefLabel, Literal(bench.label)))
        add((iri, SKOS.altLabel, Literal(bench.wording)))
        add((iri, SKOS.inScheme, vocab.BENCHMARK_SCHEME))
        add((iri, SKOS.topConceptOf, vocab.BENCHMARK_SCHEME))
        add((vocab.BENCHMARK_SCHEME, SKOS.hasTopConcept, iri))

    node: dict[str, tuple[URIRef, str]] = {}  # slug -> (IRI, entity type or "place")
    for place in data.places:
        iri = vocab.place_iri(place.slug)
        node[place.slug] = (iri, "place")
        add((iri, RDF.type, GROW.Place))
        add((iri, RDFS.label, Literal(place.label)))
        if place.page_name != place.label:
            add((iri, SKOS.altLabel, Literal(place.page_name)))
        if place.gss:
            add((iri, GROW.gssCode, Literal(place.gss)))
            add((iri, OWL.sameAs, vocab.STATGEO[place.gss]))
        _note(g, iri, place.quality_note)
    for entity in data.entities:
        iri = vocab.entity_iri(entity.type, entity.slug)
        node[entity.slug] = (iri, entity.type)
        add((iri, RDF.type, vocab.ENTITY_CLASSES[entity.type]))
        if entity.type == "organisation":
            add((iri, RDF.type, ORG.Organization))
        add((iri, RDFS.label, Literal(entity.label)))
        for alias in entity.aliases:
            if alias != entity.label:
                add((iri, SKOS.altLabel, Literal(alias)))
        if entity.homepage:
            add((iri, URIRef("http://xmlns.com/foaf/0.1/homepage"), URIRef(entity.homepage)))
        _note(g, iri, entity.quality_note)

    matcher = entity_matcher(data)
    for profile in progress(data.profiles, label="Building graph"):
        cluster = vocab.cluster_iri(profile.slug)
        add((cluster, RDF.type, GROW.Cluster))
        add((cluster, RDFS.label, Literal(profile.name)))
        add((cluster, GROW.partOfPlan, vocab.ID[f"plan/{profile.plan}"]))
        add((cluster, GROW.sourceLine, _line(profile.name_line)))
        add((cluster, PROV.wasDerivedFrom, source))

        growth, gr = vocab.growth_iri(profile.slug), profile.growth
        add((cluster, GROW.hasGrowthOpportunity, growth))
        add((growth, RDF.type, GROW.GrowthOpportunity))
        add((growth, RDFS.label, Literal(f"Growth opportunity: {profile.name}")))
        add((growth, GROW.text, Literal(gr.text)))
        add((growth, GROW.sourceLine, _line(gr.line)))
        add((growth, GROW.minOutputGBP, _decimal(gr.output_min_gbp)))
        add((growth, GROW.maxOutputGBP, _decimal(gr.output_max_gbp)))
        add((growth, GROW.minJobs, Literal(gr.jobs_min, datatype=XSD.integer)))
        add((growth, GROW.maxJobs, Literal(gr.jobs_max, datatype=XSD.integer)))
        add((growth, GROW.benchmark, vocab.benchmark_iri(gr.benchmark)))
        if gr.target_year is not None:
            add((growth, GROW.targetYear, Literal(str(gr.target_year), datatype=XSD.gYear)))
        add((growth, PROV.wasDerivedFrom, source))
        _note(g, growth, gr.quality_note)

        for bullet in profile.bullets():
            st = vocab.statement_iri(profile.slug, bullet.section, bullet.position)
            add((cluster, GROW.hasStatement, st))
            add((st, RDF.type, GROW.Statement))
            add((st, RDF.type, vocab.SECTION_CLASSES[bullet.section]))
            add((st, RDFS.label, Literal(f"{profile.name}: {_SECTION_NAMES[bullet.section]} {bullet.position}")))
            add((st, GROW.text, Literal(bullet.text)))
            add((st, GROW.sourceLine, _line(bullet.line)))
            add((st, GROW.position, _line(bullet.position)))
            add((st, PROV.wasDerivedFrom, source))
            _note(g, st, bullet.quality_note)
            if bullet.section == "places":
                place = vocab.place_iri(bullet.place)
                add((cluster, GROW.locatedIn, place))
                add((st, GROW.mentions, place))
                continue
            if bullet.section == "levers":
                for lever in bullet.levers:
                    add((cluster, GROW.usesLever, vocab.lever_iri(lever)))
                    add((st, GROW.mentions, vocab.lever_iri(lever)))
                continue
            slugs = [m.slug for m in matcher.find(bullet.text)] + list(bullet.mentions)
            for slug in slugs:
                iri, kind = node[slug]
                add((st, GROW.mentions, iri))
                if kind == "place":
                    continue
                add((cluster, GROW.involves, iri))
                if bullet.section == "leadership":
                    add((cluster, GROW.ledBy, iri))
                elif bullet.section == "strengths":
                    add((cluster, GROW.hasAsset, iri))
    return g
