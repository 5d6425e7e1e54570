"""The graph built from the real data, checked against answers worked out by hand from the page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, XSD

import clusterkg
from clusterkg.model.vocab import GROW, ID
from tests.facts import (
    COMMONWEALTH_GAMES_LINES,
    FIGURES,
    GSS,
    HOMEPAGES,
    LC_LABEL,
    LEADERS,
    LEADERSHIP_INVOLVED_ONLY,
    LEVERS,
    NAMES,
    PLACES,
    QUALITY_NOTES,
    SECTION_COUNTS,
    SHARED_ENTITIES,
    SITES,
    SOURCE_ADDRESS,
)

M = 1_000_000

SECTION_CLASSES = (GROW.Driver, GROW.LocationStatement, GROW.Leadership, GROW.Strength, GROW.Action, GROW.LeverStatement)

def cluster(slug):
    return ID[f"cluster/{slug}"]


def tail(iri, kind):
    return str(iri).removeprefix(str(ID[f"{kind}/"]))


def test_eight_clusters_with_their_verbatim_names(graph):
    clusters = set(graph.subjects(RDF.type, GROW.Cluster))
    assert clusters == {cluster(s) for s in NAMES}
    for slug, name in NAMES.items():
        assert graph.value(cluster(slug), RDFS.label) == Literal(name)
        assert graph.value(cluster(slug), GROW.partOfPlan) == ID["plan/plan-for-growth"]


@pytest.mark.parametrize("slug", FIGURES)
def test_growth_figures(graph, slug):
    out_min, out_max, jobs_min, jobs_max, bench, year = FIGURES[slug]
    g = graph.value(cluster(slug), GROW.hasGrowthOpportunity)
    assert g == ID[f"cluster/{slug}/growth-opportunity"]
    for prop, millions in ((GROW.minOutputGBP, out_min), (GROW.maxOutputGBP, out_max)):
        value = graph.value(g, prop)
        assert value.datatype == XSD.decimal and value.toPython() == Decimal(millions * M)
        assert str(value) == f"{millions * M}"  # canonical lexical form (XSD 1.1, as Oxigraph keeps it)
    assert graph.value(g, GROW.minJobs) == Literal(jobs_min, datatype=XSD.integer)
    assert graph.value(g, GROW.maxJobs) == Literal(jobs_max, datatype=XSD.integer)
    assert graph.value(g, GROW.benchmark) == ID[f"benchmark/{bench}"]
    target = graph.value(g, GROW.targetYear)
    assert (target and str(target)) == year
    if year:
        assert target.datatype == XSD.gYear
    assert str(graph.value(g, GROW.text)).startswith("Additional growth opportunity: a further £")


def test_totals_of_the_eight_growth_sentences(graph):
    """Added up by hand from the eight growth sentences, housing's range corrected: £2,885m-£3,245m and
    40,300-44,800 jobs."""
    growths = list(graph.subjects(RDF.type, GROW.GrowthOpportunity))
    assert len(growths) == 8
    total = {p: sum(graph.value(g, p).toPython() for g in growths)
             for p in (GROW.minOutputGBP, GROW.maxOutputGBP, GROW.minJobs, GROW.maxJobs)}
    assert total == {GROW.minOutputGBP: 2885 * M, GROW.maxOutputGBP: 3245 * M,
                     GROW.minJobs: 40300, GROW.maxJobs: 44800}


def test_housing_range_is_corrected_with_a_note(graph):
    g = ID["cluster/future-housing/growth-opportunity"]
    assert "£320m to £220m" in str(graph.value(g, GROW.text))
    assert graph.value(g, GROW.minOutputGBP).toPython() == 220 * M
    assert graph.value(g, GROW.maxOutputGBP).toPython() == 320 * M
    note = str(graph.value(g, GROW.qualityNote))
    assert "reverse order" in note and "£320m to £220m" in note
    assert "£2.9bn" not in note and "headline" not in note  # not on this page


def test_garbled_task_force_is_one_body_that_leads_with_wmg_involved(graph):
    """Line 34 names one body, "West Midlands Automation WMG Electrification Task Force", which leads the
    EV cluster; WMG, a word of its name, is involved through line 42 ("Translational expertise in WMG")."""
    st = ID["cluster/electric-light-vehicles-batteries/leadership/2"]
    force = ID["organisation/west-midlands-automation-wmg-electrification-task-force"]
    ev = cluster("electric-light-vehicles-batteries")
    assert graph.value(st, GROW.text) == Literal("West Midlands Automation WMG Electrification Task Force")
    assert set(graph.objects(st, GROW.mentions)) == {force}
    assert graph.value(force, RDFS.label) == Literal("West Midlands Automation WMG Electrification Task Force")
    assert (force, RDF.type, GROW.Organisation) in graph
    for noted in (st, force):
        assert "garbled" in str(graph.value(noted, GROW.qualityNote))
        assert "not taken as leading" in str(graph.value(noted, GROW.qualityNote))
    assert (ev, GROW.ledBy, force) in graph
    assert (ev, GROW.ledBy, ID["organisation/wmg"]) not in graph
    assert (ev, GROW.involves, ID["organisation/wmg"]) in graph
    assert (ID["cluster/electric-light-vehicles-batteries/strength/3"], GROW.mentions, ID["organisation/wmg"]) in graph


@pytest.mark.parametrize("slug", PLACES)
def test_places_of_each_cluster(graph, slug):
    assert {tail(p, "place") for p in graph.objects(cluster(slug), GROW.locatedIn)} == PLACES[slug]


@pytest.mark.parametrize("slug", LEVERS)
def test_levers_of_each_cluster(graph, slug):
    assert {tail(lv, "lever") for lv in graph.objects(cluster(slug), GROW.usesLever)} == LEVERS[slug]


def test_26_cluster_lever_links_and_6_levers_in_one_scheme(graph):
    # 26 = 3+4+3+3+3+4+3+3 lever uses (facts.LEVERS); the plan's six cross-cutting interventions
    assert len(list(graph.subject_objects(GROW.usesLever))) == 26
    levers = set(graph.subjects(RDF.type, GROW.Lever))
    assert len(levers) == 6
    for lever in levers:
        assert (lever, SKOS.inScheme, ID["scheme/levers"]) in graph
        assert (lever, RDF.type, SKOS.Concept) in graph
    lc = ID["lever/location-coordination"]
    assert graph.value(lc, SKOS.prefLabel) == Literal(LC_LABEL)
    assert set(graph.objects(lc, SKOS.altLabel)) == {Literal("Location coordination"),
                                                     Literal("Location coordination and FDI")}
    assert set(graph.objects(lc, SKOS.hiddenLabel)) == {Literal("FDI")}  # an abbreviation, for look-up
    cited = graph.value(lc, DCTERMS.source)
    assert cited == ID["source/plan-for-growth-primary-clusters"]
    assert graph.value(cited, DCTERMS.title) == Literal("Primary Clusters")
    assert graph.value(cited, DCTERMS.isPartOf) == ID["plan/plan-for-growth"]
    assert graph.value(cited, DCTERMS.publisher) == ID["organisation/west-midlands-combined-authority"]
    assert {str(x) for x in graph.objects(ID["lever/early-growth-fund"], SKOS.altLabel)} == {"Early Growth Fund"}
    assert (ID["lever/foreign-direct-investment"], None, None) not in graph


@pytest.mark.parametrize("slug", SECTION_COUNTS)
def test_statement_counts_per_section(graph, slug):
    statements = set(graph.objects(cluster(slug), GROW.hasStatement))
    counts = tuple(sum(1 for s in statements if (s, RDF.type, cls) in graph) for cls in SECTION_CLASSES)
    assert counts == SECTION_COUNTS[slug]
    assert all((s, RDF.type, GROW.Statement) in graph for s in statements)


def test_every_statement_has_text_line_and_provenance(graph):
    statements = set(graph.subjects(RDF.type, GROW.Statement))
    assert len(statements) == 157
    for s in statements:
        line = graph.value(s, GROW.sourceLine)
        assert line.datatype == XSD.integer and 1 <= line.toPython() <= 408
        assert graph.value(s, GROW.text)
        assert graph.value(s, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")) == ID["source/cluster-growth-profiles"]


def test_statement_iris_count_from_one_in_page_order(graph):
    base = "cluster/low-carbon-utilities/action/"
    lines = [graph.value(ID[f"{base}{n}"], GROW.sourceLine).toPython() for n in (1, 2, 3, 4)]
    assert lines == [394, 396, 398, 400]
    assert graph.value(ID[f"{base}3"], GROW.text).startswith("Explore competitive business programmes")


def test_sixteen_districts_with_gss_codes(graph):
    coded = {tail(p, "place"): str(graph.value(p, GROW.gssCode))
             for p in graph.subjects(RDF.type, GROW.Place) if graph.value(p, GROW.gssCode)}
    assert coded == GSS
    for slug, code in GSS.items():
        assert (ID[f"place/{slug}"], OWL.sameAs,
                URIRef(f"http://statistics.data.gov.uk/id/statistical-geography/{code}")) in graph
    assert graph.value(ID["place/nuneaton-and-bedworth"], SKOS.altLabel) == Literal("Nuneaton & Bedworth")
    assert graph.value(ID["place/stratford-on-avon"], SKOS.altLabel) == Literal("Stratford")
    uncoded = {tail(p, "place") for p in graph.subjects(RDF.type, GROW.Place)} - set(GSS)
    assert uncoded == {"black-country", "digbeth", "leamington", "hams-hall", "greater-south-east"}


def test_entities_shared_by_two_or_more_clusters(graph):
    users = {}
    for c, e in graph.subject_objects(GROW.involves):
        users.setdefault(e, set()).add(c)
    shared = {str(e).removeprefix(str(ID)): {tail(c, "cluster") for c in cs} for e, cs in users.items() if len(cs) > 1}
    assert shared == {e: set(by) for e, by in SHARED_ENTITIES.items()}


@pytest.mark.parametrize("entity", SHARED_ENTITIES)
def test_shared_entity_is_mentioned_at_its_lines(graph, entity):
    iri = ID[entity]
    found = {}
    for st in graph.subjects(GROW.mentions, iri):
        c = next(graph.subjects(GROW.hasStatement, st))
        found.setdefault(tail(c, "cluster"), set()).add(graph.value(st, GROW.sourceLine).toPython())
    assert found == SHARED_ENTITIES[entity]


def test_aliases_resolve_to_one_entity(graph):
    """Several forms of one name give one node: "WMG's", "the Midlands Aerospace Alliance", "freight (East Midlands) airports"."""
    assert ID["organisation/wmg"] in set(graph.objects(ID["cluster/low-carbon-utilities/action/3"], GROW.mentions))
    maa = ID["organisation/midlands-aerospace-alliance"]
    assert {graph.value(s, GROW.sourceLine).toPython() for s in graph.subjects(GROW.mentions, maa)} == {125, 133}
    ema = ID["asset/east-midlands-airport"]
    assert ema in set(graph.objects(ID["cluster/aerospace/strength/1"], GROW.mentions))
    bt = set(graph.objects(ID["cluster/professional-financial-services/action/2"], GROW.mentions))
    assert bt == {ID["programme/business-and-tourism-programme"]}  # one name at line 241, not the Games too
    health = set(graph.objects(ID["cluster/health-tech-med-tech/action/1"], GROW.mentions))
    assert ID["programme/business-and-tourism-programme"] in health


def test_commonwealth_games_only_where_the_page_names_the_event(graph):
    games = ID["event/commonwealth-games"]
    found = {}
    for st in graph.subjects(GROW.mentions, games):
        c = next(graph.subjects(GROW.hasStatement, st))
        found.setdefault(tail(c, "cluster"), set()).add(graph.value(st, GROW.sourceLine).toPython())
    assert found == COMMONWEALTH_GAMES_LINES
    assert set(graph.subjects(GROW.involves, games)) == {cluster(c) for c in COMMONWEALTH_GAMES_LINES}


@pytest.mark.parametrize("slug", LEADERS)
def test_leaders_of_each_cluster(graph, data, slug):
    """ledBy holds exactly the bodies worked out by hand, each from the leadership bullets that present it
    as leading."""
    leaders = {str(e).removeprefix(str(ID)) for e in graph.objects(cluster(slug), GROW.ledBy)}
    assert leaders == set(LEADERS[slug])
    profile = data.profile(slug)
    for entity, lines in LEADERS[slug].items():
        mentioned = {graph.value(st, GROW.sourceLine).toPython()
                     for st in graph.objects(cluster(slug), GROW.hasStatement)
                     if (st, RDF.type, GROW.Leadership) in graph and (st, GROW.mentions, ID[entity]) in graph}
        assert lines <= mentioned  # a bullet may name the body without presenting it as leading (line 279)
        curated = {b.line for b in profile.sections["leadership"] if entity.split("/")[1] in (b.leads or ())}
        assert lines == curated


@pytest.mark.parametrize("slug", LEADERSHIP_INVOLVED_ONLY)
def test_funders_evaluators_and_partners_in_leadership_bullets_are_involved_not_leading(graph, slug):
    for entity in LEADERSHIP_INVOLVED_ONLY[slug]:
        assert (cluster(slug), GROW.involves, ID[entity]) in graph, entity
        assert (cluster(slug), GROW.ledBy, ID[entity]) not in graph, entity


def test_leads_in_the_profiles_match_the_hand_worked_leaders(data):
    for profile in data.profiles:
        by_line = {}
        for bullet in profile.sections["leadership"]:
            for slug in bullet.leads or ():
                by_line.setdefault(slug, set()).add(bullet.line)
        expected = {entity.split("/", 1)[1]: lines for entity, lines in LEADERS[profile.slug].items()}
        assert by_line == expected, profile.slug


def test_led_by_and_has_asset_are_written_out_under_involves(graph):
    aero = cluster("aerospace")
    assert set(graph.objects(aero, GROW.ledBy)) == {ID["organisation/midlands-aerospace-alliance"]}
    assert set(graph.objects(aero, GROW.hasAsset)) == {
        ID["asset/birmingham-airport"], ID["asset/east-midlands-airport"], ID["organisation/midlands-aerospace-alliance"]}
    for p in (GROW.ledBy, GROW.hasAsset):
        for c, e in graph.subject_objects(p):
            assert (c, GROW.involves, e) in graph


def test_places_named_in_text_are_mentioned_not_located(graph):
    screen = ID["cluster/creative-content-gaming/strength/2"]
    assert ID["place/wolverhampton"] in set(graph.objects(screen, GROW.mentions))
    assert ID["place/wolverhampton"] not in set(graph.objects(cluster("creative-content-gaming"), GROW.locatedIn))
    assert (cluster("creative-content-gaming"), GROW.involves, ID["place/wolverhampton"]) not in graph


def test_every_resource_has_a_label(graph):
    typed = set(graph.subjects(RDF.type, None))
    assert typed and all(graph.value(s, RDFS.label) for s in typed)


def test_quality_notes_are_where_the_page_was_read(graph):
    noted = {str(s).removeprefix(str(ID)) for s in graph.subjects(GROW.qualityNote, None)}
    assert noted == QUALITY_NOTES


def test_turtle_round_trip_is_isomorphic(graph):
    data = clusterkg.serialize(graph)
    back = Graph().parse(data=data, format="turtle")
    if not isomorphic(graph, back):
        _, first, second = graph_diff(to_isomorphic(graph), to_isomorphic(back))
        pytest.fail(f"only in built: {sorted(first)[:5]}; only in parsed: {sorted(second)[:5]}")


def test_turtle_is_deterministic(data):
    one = clusterkg.serialize(clusterkg.build_graph(data))
    two = clusterkg.serialize(clusterkg.build_graph(clusterkg.load_profiles()))
    assert one == two
    assert one.startswith(b"@prefix ")


def test_with_ontology_adds_the_vocabulary(graph):
    merged = Graph().parse(data=clusterkg.serialize(graph, with_ontology=True), format="turtle")
    assert (GROW.Cluster, RDF.type, OWL.Class) in merged
    assert len(merged) > len(graph)


@pytest.mark.parametrize("asset", SITES)
def test_assets_are_sited_where_the_page_says_backed_by_their_statement(graph, asset):
    site, line = SITES[asset]
    assert set(graph.objects(ID[asset], GROW.sitedAt)) == {ID[site]}
    backing = [st for st in graph.subjects(GROW.sourceLine, Literal(line))
               if (st, GROW.mentions, ID[asset]) in graph and (st, GROW.mentions, ID[site]) in graph]
    assert len(backing) == 1, line


def test_only_the_sited_assets_are_sited(graph):
    assert {str(s).removeprefix(str(ID)) for s in graph.subjects(GROW.sitedAt, None)} == set(SITES)


def test_every_homepage_cites_its_source(graph):
    homepages = {str(s).removeprefix(str(ID)): str(o) for s, o in graph.subject_objects(FOAF.homepage)}
    assert homepages == HOMEPAGES
    for entity, page in HOMEPAGES.items():
        note = str(graph.value(ID[entity], GROW.qualityNote))
        assert page in note and SOURCE_ADDRESS in note  # the site the source page is published on


def test_the_source_page_has_its_address_its_publisher_and_no_licence(graph):
    source = ID["source/cluster-growth-profiles"]
    assert graph.value(source, FOAF.page) == URIRef(SOURCE_ADDRESS)
    assert graph.value(source, DCTERMS.publisher) == ID["organisation/west-midlands-combined-authority"]
    assert graph.value(source, DCTERMS.license) is None
    assert "states no licence" in str(graph.value(source, GROW.qualityNote))


def test_look_up_forms_are_hidden_labels_and_short_names_are_noted(graph):
    ev = cluster("electric-light-vehicles-batteries")
    assert set(graph.objects(ev, SKOS.hiddenLabel)) == {Literal("EV")}
    assert Literal("EV") not in set(graph.objects(ev, SKOS.altLabel))
    assert set(graph.objects(ev, SKOS.altLabel)) == {Literal("EV and batteries")}
    for slug in NAMES:
        short = graph.value(cluster(slug), GROW.shortName)
        assert str(short) in str(graph.value(cluster(slug), GROW.qualityNote)), slug


def test_types_follow_the_ontology_definitions(graph):
    # line 42: "Translational expertise in WMG and the Manufacturing Technology Centre": both organisations
    assert (ID["organisation/manufacturing-technology-centre"], RDF.type, GROW.Organisation) in graph
    assert (ID["organisation/wmg"], RDF.type, GROW.Organisation) in graph
    assert (ID["asset/manufacturing-technology-centre"], None, None) not in graph
    # a status (line 94), a prospectus (line 197), a framework (line 336): no class fits; noted
    for slug in ("life-sciences-opportunity-zone", "west-midlands-investment-prospectus",
                 "single-commissioning-framework"):
        assert "no class of the ontology" in str(graph.value(ID[f"programme/{slug}"], GROW.qualityNote)), slug
