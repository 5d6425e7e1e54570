"""Stored queries on the real graph, with answers worked out by hand from the page; the catalogue,
param binding, the integrity checks and the results formats."""

from __future__ import annotations

import csv
import io
import json
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

import clusterkg
from clusterkg import run_checks
from clusterkg.errors import ClusterKGError, InputError
from clusterkg.model.vocab import GROW, ID
from clusterkg.query.catalogue import QUERIES_DIR, list_checks, list_queries, parse_query, read_query
from clusterkg.query.results import format_result
from clusterkg.query.sparql import bind_values
from clusterkg.query.tables import render_table
from tests.facts import (
    AERO,
    CREATIVE,
    DCF,
    EGF,
    EV,
    FIGURES,
    FSP,
    GSS,
    HOUSING,
    LAIF,
    LC,
    LC_LABEL,
    LEVERS,
    LOGI,
    NAMES,
    PAGE_ORDER,
    PLACES,
    PROF,
    QUALITY_NOTES,
    SHARED_ENTITIES,
    STATEMENTS,
    TIF,
)

# -- The page, by hand ----

# slug: (output min £m, output max £m, jobs min, jobs max, benchmark)
GROWTH = {c: f[:5] for c, f in FIGURES.items()}
SAMPLE_PARAMS = {"cluster-profile": {"cluster": "aerospace"}, "clusters-in-place": {"place": "birmingham"},
                 "clusters-using-lever": {"lever": LC}, "provenance": {"entity": "wmg"}}
M = 1_000_000


def cluster(slug):
    return ID[f"cluster/{slug}"]


def slug(iri, kind="cluster"):
    """The part of an IRI after ``id/{kind}/`` (after ``id/`` when kind is empty)."""
    return str(iri).removeprefix(str(ID) + (f"{kind}/" if kind else ""))


def run(graph, name, **params):
    return clusterkg.query(graph, name, params=params)


def records(graph, name, **params):
    return run(graph, name, **params).to_records()


# -- The catalogue ----

def test_the_catalogue_holds_the_questions_with_their_params():
    queries = {q.name: q for q in clusterkg.list_queries()}
    assert sorted(queries) == sorted([
        "cluster-profile", "cluster-similarity", "clusters", "clusters-in-place", "clusters-using-lever",
        "growth-totals", "lever-reach", "provenance", "quality-notes", "shared-entities", "shared-levers",
        "shared-places"])
    assert all(q.summary and q.description for q in queries.values())
    params = {name: [(p.name, p.type, [slug(c, "") for c in p.classes]) for p in q.params]
              for name, q in queries.items() if q.params}
    assert params == {
        "cluster-profile": [("cluster", "iri", [str(GROW.Cluster)])],
        "clusters-in-place": [("place", "iri", [str(GROW.Place)])],
        "clusters-using-lever": [("lever", "iri", [str(GROW.Lever)])],
        "provenance": [("entity", "iri", [str(GROW[c]) for c in
                                           ("Organisation", "Asset", "Programme", "Event", "Place", "Lever")])],
    }


@pytest.mark.parametrize("query", list_queries() + list_checks(), ids=lambda q: q.name)
def test_every_stored_query_fixes_the_order_of_its_rows(query):
    body = "\n".join(line for line in query.text.splitlines() if not line.lstrip().startswith("#"))
    last_select = body.upper().rsplit("}", 1)[-1]
    assert "ORDER BY" in last_select, f"{query.name} has no final ORDER BY"


BAD_HEADERS = {
    "yaml-syntax": ("#+ summary: fine\n#+ tags: [a, b\nSELECT * WHERE { ?s ?p ?o }", "not valid YAML", 2),
    "no-summary": ("#+ description: no summary\nSELECT * WHERE { ?s ?p ?o }", "no summary", None),
    "not-a-mapping": ("#+ - just a list\nSELECT * WHERE { ?s ?p ?o }", "must be a YAML mapping", 1),
    "unknown-key": ("#+ summary: s\n#+ sumary: typo\nSELECT * WHERE { ?s ?p ?o }", "unknown header key 'sumary'",
                    None),
    "param-not-a-variable": ("#+ summary: s\n#+ params: [{name: place, type: iri}]\nSELECT * WHERE { ?s ?p ?o }",
                             "not a variable (?place)", None),
    "param-bad-type": ("#+ summary: s\n#+ params: [{name: s, type: uri}]\nSELECT * WHERE { ?s ?p ?o }",
                       "has type 'uri'", None),
    "class-on-literal": ("#+ summary: s\n#+ params: [{name: s, type: literal, class: x:Y}]\n"
                         "SELECT * WHERE { ?s ?p ?o }", "only applies to iri params", None),
    "class-unknown-prefix": ("#+ summary: s\n#+ params: [{name: s, type: iri, class: nope:Y}]\n"
                             "SELECT * WHERE { ?s ?p ?o }", "prefixed name declared by the query", None),
    "integer-default": ("#+ summary: s\n#+ params: [{name: n, type: integer, default: ten}]\n"
                        "SELECT * WHERE { ?s ?p ?n }", "not an integer", None),
}


@pytest.mark.parametrize("text, message, line", BAD_HEADERS.values(), ids=BAD_HEADERS.keys())
def test_a_bad_header_is_an_error_naming_the_file(tmp_path, text, message, line):
    path = tmp_path / "broken.rq"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        list_queries(tmp_path)
    assert message in str(err.value)
    assert err.value.file == str(path)
    assert err.value.line == line


def test_a_header_is_read_as_yaml_from_its_hash_plus_lines():
    q = parse_query("#+ summary: Two words\n#+ tags: [x]\n#+ params:\n#+   - name: n\n#+     type: integer\n"
                    "#+     default: 3\n#+ description: >\n#+   folded\n#+   text\n"
                    "SELECT ?n WHERE { }", "t")
    assert (q.summary, q.tags, q.description) == ("Two words", ("x",), "folded text")
    assert [(p.name, p.type, p.default, p.required) for p in q.params] == [("n", "integer", 3, False)]


# -- Answers on the real graph ----

def test_shared_levers(graph):
    rows = records(graph, "shared-levers")
    label = {lever: str(graph.value(ID[f"lever/{lever}"], RDFS.label)) for lever in (FSP, LC, DCF, EGF, LAIF, TIF)}
    expected = []
    for a, b in combinations(sorted(LEVERS, key=lambda s: str(cluster(s))), 2):
        shared = LEVERS[a] & LEVERS[b]
        if shared:
            expected.append((-len(shared), str(cluster(a)), str(cluster(b)), "; ".join(sorted(label[x] for x in shared))))
    assert [(-r["sharedLevers"], r["clusterA"], r["clusterB"], r["levers"]) for r in rows] == sorted(expected)
    assert len(rows) == 27  # every pair but professional services {LC, EGF, TIF} and utilities {FSP, DCF, LAIF}
    ev_creative = next(r for r in rows if {slug(r["clusterA"]), slug(r["clusterB"])} == {EV, CREATIVE})
    # EV {FSP, LC, DCF} and creative {FSP, LC, DCF, EGF} share three, by label in alphabetical order
    assert ev_creative["levers"] == f"{LC_LABEL}; Develop future skills pathway; Direct competitive funding"


def test_lever_reach(graph):
    rows = records(graph, "lever-reach")
    reach = {FSP: 7, LC: 6, DCF: 4, LAIF: 4, EGF: 3, TIF: 2}  # counted by hand in facts.LEVERS
    assert [(slug(r["lever"], "lever"), r["clusters"]) for r in rows] == sorted(reach.items(), key=lambda kv: (-kv[1], kv[0]))
    for r in rows:
        users = [c for c in LEVERS if slug(r["lever"], "lever") in LEVERS[c]]
        sums = [sum(GROWTH[c][i] for c in users) for i in range(4)]
        assert (r["minOutputGBP"], r["maxOutputGBP"], r["minJobs"], r["maxJobs"]) == (
            sums[0] * M, sums[1] * M, sums[2], sums[3])
        names = sorted(str(graph.value(cluster(c), RDFS.label)) for c in users)
        assert r["clusterNames"] == "; ".join(names)
    fsp = rows[0]
    assert (fsp["minOutputGBP"], fsp["maxOutputGBP"], fsp["minJobs"], fsp["maxJobs"]) == (
        2305 * M, 2615 * M, 31800, 35400)


def test_shared_entities(graph):
    rows = records(graph, "shared-entities")
    got = {(slug(r["entity"], ""), slug(r["cluster"]), r["line"]) for r in rows}
    expected = {(e, c, line) for e, by in SHARED_ENTITIES.items() for c, lines in by.items() for line in lines}
    assert got == expected
    assert {r["clusters"] for r in rows} == {2}
    types = {slug(r["entity"], ""): slug(r["type"], "") for r in rows}
    assert {e: t.rsplit("#", 1)[1] for e, t in types.items()} == {
        e: e.split("/")[0].capitalize() for e in SHARED_ENTITIES}
    assert [(r["entity"], r["cluster"], r["line"]) for r in rows] == sorted(
        (r["entity"], r["cluster"], r["line"]) for r in rows)


def test_shared_places(graph):
    rows = records(graph, "shared-places")
    by_place = {}
    for r in rows:
        by_place.setdefault(slug(r["place"], "place"), set()).add(slug(r["cluster"]))
        assert r["gssCode"] == GSS[slug(r["place"], "place")]
    expected = {p: {c for c in PLACES if p in PLACES[c]} for p in GSS}
    assert by_place == {p: cs for p, cs in expected.items() if len(cs) >= 2}
    counts = {p: len(cs) for p, cs in by_place.items()}
    assert counts == {"birmingham": 4, "coventry": 4, "solihull": 3, "wolverhampton": 3, "sandwell": 2,
                      "walsall": 2, "rugby": 2, "dudley": 2, "warwick": 2}
    assert [slug(r["place"], "place") for r in rows][:4] == ["birmingham"] * 4


@pytest.mark.parametrize("name", PAGE_ORDER)
def test_cluster_profile(graph, name):
    rows = records(graph, "cluster-profile", cluster=name)
    assert len(rows) == STATEMENTS[name] + 1
    assert rows[0]["section"] == "growth opportunity"
    assert rows[0]["mentions"] == str(graph.value(ID[f"benchmark/{GROWTH[name][4]}"], RDFS.label))
    lines = [r["line"] for r in rows]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)
    sections = [r["section"] for r in rows]
    order = ["growth opportunity", "drivers", "places", "leadership", "strengths and assets", "actions", "levers"]
    assert sorted(sections, key=order.index) == sections
    place_labels = {str(graph.value(ID[f"place/{p}"], RDFS.label)) for p in PLACES[name]}
    assert {r["mentions"] for r in rows if r["section"] == "places"} == place_labels
    lever_labels = {str(graph.value(ID[f"lever/{x}"], RDFS.label)) for x in LEVERS[name]}
    assert {m for r in rows if r["section"] == "levers" for m in r["mentions"].split("; ")} == lever_labels


@pytest.mark.parametrize("given", ["aerospace", "Aerospace (including manufacturing alternative fuels)",
                                   "AEROSPACE (including manufacturing alternative fuels)",
                                   str(ID["cluster/aerospace"]), f"<{ID['cluster/aerospace']}>",
                                   "cluster:aerospace"],
                         ids=["slug", "label", "label-any-case", "iri", "iri-in-brackets", "prefixed-name"])
def test_a_cluster_may_be_named_by_slug_label_or_iri(graph, given):
    result = run(graph, "cluster-profile", cluster=given)
    assert result.bindings["cluster"].value == str(ID["cluster/aerospace"])
    assert len(result) == 18


@pytest.mark.parametrize("place", sorted(GSS))
def test_clusters_in_place_by_gss_code(graph, place):
    rows = records(graph, "clusters-in-place", place=GSS[place])
    assert {slug(r["cluster"]) for r in rows} == {c for c in PLACES if place in PLACES[c]}
    assert [r["line"] for r in rows] == sorted(r["line"] for r in rows)


@pytest.mark.parametrize("given", ["Nuneaton and Bedworth", "Nuneaton & Bedworth", "nuneaton-and-bedworth",
                                   "E07000219", str(ID["place/nuneaton-and-bedworth"])],
                         ids=["label", "page-form", "slug", "gss-code", "iri"])
def test_a_place_may_be_named_by_label_page_form_slug_code_or_iri(graph, given):
    rows = records(graph, "clusters-in-place", place=given)
    assert [(slug(r["cluster"]), r["line"], r["text"]) for r in rows] == [(AERO, 121, "Nuneaton & Bedworth")]


def test_a_place_named_in_text_only_has_no_clusters(graph):
    assert records(graph, "clusters-in-place", place="digbeth") == []


@pytest.mark.parametrize("lever", [FSP, LC, DCF, EGF, LAIF, TIF])
def test_clusters_using_lever(graph, lever):
    rows = records(graph, "clusters-using-lever", lever=lever)
    assert {slug(r["cluster"]) for r in rows} == {c for c in LEVERS if lever in LEVERS[c]}


def test_a_lever_may_be_named_by_a_page_wording(graph):
    rows = records(graph, "clusters-using-lever", lever="Transport and infrastructure")
    assert {slug(r["cluster"]) for r in rows} == {LOGI, PROF}


def test_growth_totals(graph):
    rows = records(graph, "growth-totals")
    got = [(r["scope"], slug(r["benchmark"], "benchmark") if r["benchmark"] else None, r["clusters"],
            r["minOutputGBP"], r["maxOutputGBP"], r["minJobs"], r["maxJobs"]) for r in rows]
    assert got == [
        ("all clusters", None, 8, 2885 * M, 3245 * M, 40300, 44800),
        ("by benchmark", "leading-uk-region", 5, 2305 * M, 2545 * M, 30500, 34100),
        ("by benchmark", "uk-average", 2, 300 * M, 410 * M, 4300, 4700),
        ("by benchmark", "accelerated-growth", 1, 280 * M, 290 * M, 5500, 6000),
    ]
    # the benchmark's name is its label column's, not repeated in the scope
    assert [r["benchmarkLabel"] for r in rows] == [None, "Matching the leading UK region", "Beating the UK average",
                                                   "Accelerated growth"]
    assert {r["plan"] for r in rows} == {str(ID["plan/plan-for-growth"])}


def test_cluster_similarity(graph):
    rows = records(graph, "cluster-similarity")
    assert len(rows) == 28
    involves = {c: set(graph.objects(cluster(c), GROW.involves)) for c in PAGE_ORDER}
    expected = []
    for a, b in combinations(sorted(PAGE_ORDER, key=lambda s: str(cluster(s))), 2):
        levers, places = len(LEVERS[a] & LEVERS[b]), len(PLACES[a] & PLACES[b])
        entities = sum(1 for by in SHARED_ENTITIES.values() if {a, b} <= set(by))
        assert len(involves[a] & involves[b]) == entities  # only the six shared entities link clusters
        shared = levers + places + entities
        either = sum(len(LEVERS[c]) + len(PLACES[c]) + len(involves[c]) for c in (a, b)) - shared
        jaccard = (Decimal(shared) / Decimal(either)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
        expected.append((-jaccard, str(cluster(a)), str(cluster(b)), levers, places, entities, shared, either))
    got = [(-r["jaccard"], r["clusterA"], r["clusterB"], r["sharedLevers"], r["sharedPlaces"], r["sharedEntities"],
            r["shared"], r["either"]) for r in rows]
    assert got == sorted(expected)


@pytest.mark.parametrize("entity", sorted(SHARED_ENTITIES))
def test_provenance_of_a_shared_entity(graph, entity):
    rows = records(graph, "provenance", entity=entity.split("/")[1])
    expected = sorted((line, c) for c, lines in SHARED_ENTITIES[entity].items() for line in lines)
    assert [(r["line"], slug(r["cluster"])) for r in rows] == expected
    for r in rows:
        assert r["text"] == str(graph.value(URIRef(r["statement"]), GROW.text))


def test_provenance_of_a_place_and_a_lever(graph):
    wyre = records(graph, "provenance", entity="Wyre Forest")
    assert [(slug(r["cluster"]), r["section"], r["text"]) for r in wyre] == [(HOUSING, "places", "Wyre Forest")]
    tif = records(graph, "provenance", entity=TIF)
    assert [(slug(r["cluster"]), r["section"]) for r in tif] == [(LOGI, "levers"), (PROF, "levers")]


def test_quality_notes(graph):
    rows = records(graph, "quality-notes")
    assert len(rows) == len(QUALITY_NOTES)
    subjects = {slug(r["subject"], "") for r in rows}
    assert subjects == QUALITY_NOTES
    housing = next(r for r in rows if r["subject"].endswith("future-housing/growth-opportunity"))
    assert "£320m to £220m" in housing["note"]


def test_clusters(graph):
    rows = records(graph, "clusters")
    assert [slug(r["cluster"]) for r in rows] == PAGE_ORDER
    for r in rows:
        c = slug(r["cluster"])
        lo, hi, jlo, jhi, bench = GROWTH[c]
        assert (r["minOutputGBP"], r["maxOutputGBP"], r["minJobs"], r["maxJobs"]) == (lo * M, hi * M, jlo, jhi)
        assert slug(r["benchmark"], "benchmark") == bench
        assert r["targetYear"] == (2030 if c == AERO else None)  # a year is an integer (docs/formats.md)
        assert (r["places"], r["levers"], r["statements"]) == (len(PLACES[c]), len(LEVERS[c]), STATEMENTS[c])


@pytest.fixture(scope="module")
def parsed(graph):
    """The real graph written as Turtle and parsed back (its triples come in another order)."""
    return Graph().parse(data=clusterkg.serialize(graph), format="turtle")


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_every_query_gives_the_same_rows_from_built_and_parsed_graphs(graph, parsed, name):
    first = clusterkg.query(graph, name, params=SAMPLE_PARAMS.get(name))
    assert len(first) > 0
    assert format_result(first, "json") == format_result(clusterkg.query(graph, name, params=SAMPLE_PARAMS.get(name)), "json")
    assert format_result(first, "json") == format_result(clusterkg.query(parsed, name, params=SAMPLE_PARAMS.get(name)), "json")


# -- Params: typed, bound as terms, never spliced ----

ECHO = """#+ summary: echo a literal and an integer
#+ params:
#+   - {name: text, type: literal}
#+   - {name: n, type: integer, default: 7}
SELECT ?text ?n (STRLEN(?text) AS ?length) WHERE { }
"""
NASTY = ['x" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o', "it's {braces} and \"quotes\"", "\\u0022} ; DROP ALL",
         "back\\slash \\U0001F600 tab\tnew\nline", "} ; DROP ALL"]


@pytest.mark.parametrize("value", NASTY, ids=["quote-brace-drop", "quotes-braces", "unicode-escape-text",
                                               "backslashes-controls", "drop-all"])
def test_a_literal_param_is_bound_as_a_term(graph, value):
    size = len(graph)
    rows = clusterkg.query(graph, sparql=ECHO, params={"text": value}).to_records()
    assert rows == [{"text": value, "n": 7, "length": len(value)}]
    assert len(graph) == size


@pytest.mark.parametrize("value", NASTY, ids=["quote-brace-drop", "quotes-braces", "unicode-escape-text",
                                               "backslashes-controls", "drop-all"])
def test_a_values_block_for_an_endpoint_keeps_the_value_whole(value):
    pyoxigraph = pytest.importorskip("pyoxigraph")
    text = bind_values(ECHO, {"text": pyoxigraph.Literal(value),
                              "n": pyoxigraph.Literal("7", datatype=pyoxigraph.NamedNode(str(XSD.integer)))})
    assert text.count("\n") == ECHO.count("\n")
    solutions = list(pyoxigraph.Store().query(text))
    assert [(s["text"].value, s["n"].value, s["length"].value) for s in solutions] == [(value, "7", str(len(value)))]


def test_a_friendly_name_with_quotes_names_nothing(graph):
    with pytest.raises(ClusterKGError, match="no cluster is named 'x\" } ; DROP ALL'"):
        run(graph, "cluster-profile", cluster='x" } ; DROP ALL')


PARAM_ERRORS = {
    "missing": ("cluster-profile", {}, "query 'cluster-profile' needs --param cluster=VALUE"),
    "unknown": ("shared-levers", {"cluster": "aerospace"}, "query 'shared-levers' has no param 'cluster'"),
    "no-such-cluster": ("cluster-profile", {"cluster": "atlantis"}, "no cluster is named 'atlantis'"),
    "not-a-lever": ("clusters-using-lever", {"lever": "birmingham"}, "no lever is named 'birmingham'"),
}


@pytest.mark.parametrize("name, params, message", PARAM_ERRORS.values(), ids=PARAM_ERRORS.keys())
def test_param_errors(graph, name, params, message):
    with pytest.raises(ClusterKGError, match=message.replace("(", r"\(")):
        clusterkg.query(graph, name, params=params)


@pytest.mark.parametrize("name, given, expected", [
    ("cluster-profile", "EV", f"cluster/{EV}"),  # page line 13: "electric vehicle (EV)"
    ("cluster-profile", "ev and batteries", f"cluster/{EV}"),  # its short name, any case
    ("cluster-profile", "Future Housing", f"cluster/{HOUSING}"),
    ("cluster-profile", "AEROSPACE", f"cluster/{AERO}"),
    ("clusters-using-lever", "FDI", f"lever/{LC}"),  # page lines 101, 151, 249: "Location coordination and FDI"
    ("provenance", "wmca", "organisation/west-midlands-combined-authority"),  # page lines 277, 332
    ("provenance", "SMMT", "organisation/smmt"),  # page line 32
], ids=["acronym", "short-name", "short-name-title-case", "short-name-upper-case", "lever-acronym",
        "organisation-acronym", "organisation-label"])
def test_a_param_may_be_a_short_name_or_the_pages_own_short_form(graph, name, given, expected):
    key = {"cluster-profile": "cluster", "clusters-using-lever": "lever", "provenance": "entity"}[name]
    bound = run(graph, name, **{key: given}).bindings[key]
    assert [t.value for t in (bound if isinstance(bound, list) else [bound])] == [str(ID[expected])]


def test_both_wordings_of_the_one_intervention_find_it(graph):
    for wording in ("Location coordination", "Location coordination and FDI", "fdi", LC_LABEL):
        bound = run(graph, "clusters-using-lever", lever=wording).bindings["lever"]
        assert [t.value for t in bound] == [str(ID[f"lever/{LC}"])], wording


def test_a_name_of_two_things_is_refused(graph):
    shared = Graph()
    shared += graph
    shared.add((ID["lever/early-growth-fund"], SKOS.altLabel, Literal("Location coordination")))
    with pytest.raises(ClusterKGError, match="names 2 things"):
        clusterkg.query(shared, "clusters-using-lever", params={"lever": "Location coordination"})


def test_a_name_that_names_nothing_lists_the_closest_names(graph):
    # fuzz.ratio = 200 * LCS / (sum of lengths): "coventy" ~ "coventry" 200*7/15 = 93.3, ~ the word
    # "country" of Black Country 200*5/14 = 71.4; every other place name or word under 66
    with pytest.raises(ClusterKGError) as err:
        run(graph, "clusters-in-place", place="Coventy")
    assert str(err.value) == ("query 'clusters-in-place', param 'place': no place is named 'Coventy'; "
                              "the closest names: Coventry, Black Country")
    # "fdl" ~ "fdi" 200*2/6 = 66.7: the hidden label FDI and the last word of the wording "Location coordination
    # and FDI", both of the one lever (issue 26), named once by its wording and label
    with pytest.raises(ClusterKGError, match=r"the closest names: Location coordination and FDI \(Business location "
                                             r"coordination and foreign direct investment\)\Z"):
        run(graph, "clusters-using-lever", lever="FDl")


def test_a_list_of_values_for_a_param_that_takes_several(graph):
    rows = records(graph, "provenance", entity=["WMG", "west-midlands-combined-authority", "wmg"])
    got = sorted((slug(r["entity"], ""), slug(r["cluster"]), r["line"]) for r in rows)
    expected = sorted((e, c, line) for e in ("organisation/wmg", "organisation/west-midlands-combined-authority")
                      for c, lines in SHARED_ENTITIES[e].items() for line in lines)
    assert got == expected and len(rows) == 4  # WMG at lines 42 and 398, the WMCA at 277 and 332


def test_a_list_for_a_param_that_takes_one_value_is_refused(graph):
    with pytest.raises(ClusterKGError, match=r"param 'cluster' takes one value, not 2 \('aerospace', 'EV'\)"):
        run(graph, "cluster-profile", cluster=["aerospace", "EV"])
    assert len(run(graph, "cluster-profile", cluster=["aerospace"])) == 18  # a list of one is one value


def test_multiple_in_a_header_is_true_or_false():
    with pytest.raises(InputError, match="'multiple' is true or false"):
        parse_query("#+ summary: s\n#+ params: [{name: s, type: iri, multiple: yes please}]\n"
                    "SELECT * WHERE { ?s ?p ?o }", "t")
    q = parse_query("#+ summary: s\n#+ params: [{name: s, type: iri, multiple: true}]\nSELECT * WHERE { ?s ?p ?o }", "t")
    assert q.params[0].multiple is True


def test_an_integer_param_must_be_an_integer(graph):
    with pytest.raises(ClusterKGError, match="param 'n': expected an integer, got 'seven'"):
        clusterkg.query(graph, sparql=ECHO, params={"text": "x", "n": "seven"})
    assert clusterkg.query(graph, sparql=ECHO, params={"text": "x", "n": "-12"}).to_records()[0]["n"] == -12


def test_an_unknown_query_name_suggests_close_ones(graph):
    with pytest.raises(ClusterKGError, match="unknown query 'shared-lever' \\(did you mean shared-levers"):
        clusterkg.query(graph, "shared-lever")


def test_a_syntax_error_gives_line_and_column(graph, tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text("#+ summary: broken\nPREFIX grow: <https://w3id.org/wmgrowth/def#>\nSELECT ?c WHERE {\n"
                    "  ?c a grow:Cluster ;\n     grow:usesLever ?lever ?oops .\n}\n", encoding="utf-8")
    with pytest.raises(ClusterKGError) as err:
        clusterkg.query(graph, file=path)
    # Oxigraph's parser reads on to the '}' on line 6 before it finds the pattern unfinished
    assert str(err.value).startswith(f"query in {path}: SPARQL syntax error at line 6, column 1: expected ")
    assert len(str(err.value).splitlines()) == 1


def test_exactly_one_query_source(graph):
    with pytest.raises(ClusterKGError, match="exactly one"):
        clusterkg.query(graph, "clusters", sparql="SELECT * WHERE { }")


def test_ask_and_construct_queries(graph):
    assert clusterkg.query(graph, sparql="ASK { ?c a <https://w3id.org/wmgrowth/def#Cluster> }").boolean is True
    built = clusterkg.query(graph, sparql="CONSTRUCT { ?c a ?t } WHERE { ?c a ?t ; a <https://w3id.org/wmgrowth/def#Cluster> }")
    assert built.variables == ["subject", "predicate", "object"] and len(built) == 8


# -- Integrity checks ----

def test_no_check_fails_on_the_real_graph(graph):
    results = run_checks(graph)
    assert [name for name, _ in results] == sorted(q.name for q in list_checks())
    assert len(results) == 10
    assert {name: rows for name, rows in results if rows} == {}


def _without(graph, *triples):
    g = Graph()
    g += graph
    for t in triples:
        g.remove(t)
    return g


AERO_IRI = ID["cluster/aerospace"]
BROKEN = {
    "cluster-without-place-violation": lambda g: _without(g, (AERO_IRI, GROW.locatedIn, None)),
    "cluster-without-lever-violation": lambda g: _without(g, (AERO_IRI, GROW.usesLever, None)),
    "statement-without-source-line-violation": lambda g: _without(g, (ID["cluster/aerospace/driver/2"], GROW.sourceLine, None)),
    "missing-label-violation": lambda g: _without(g, (ID["place/dudley"], RDFS.label, None)),
    "untyped-reference-violation": lambda g: _without(g, (ID["place/dudley"], RDF.type, None)),
    "involvement-not-written-out-violation": lambda g: _without(g, (AERO_IRI, GROW.involves, ID["organisation/midlands-aerospace-alliance"])),
    "link-without-statement-violation": lambda g: _without(g, (ID["cluster/aerospace/location/2"], GROW.mentions, None)),
    # line 46, "Future British Volt facility at Hams Hall", is the fifth EV strength
    "site-without-statement-violation": lambda g: _without(
        g, (ID["cluster/electric-light-vehicles-batteries/strength/5"], GROW.mentions, ID["place/hams-hall"])),
}


def _with_shared_name(graph):
    """The aerospace cluster's short name "Aerospace" given to a lever too (the cluster IRI sorts first)."""
    g = _without(graph)
    g.add((ID["lever/early-growth-fund"], SKOS.hiddenLabel, Literal("Aerospace")))
    return g


BROKEN["shared-name-violation"] = _with_shared_name


def _with_undefined_term(graph):
    g = _without(graph)
    g.add((AERO_IRI, URIRef(str(GROW._NS) + "hasMascot"), Literal("a kite")))
    return g


BROKEN["undefined-term-violation"] = _with_undefined_term
FOCUS = {"undefined-term-violation": URIRef(str(GROW._NS) + "hasMascot"),
         "statement-without-source-line-violation": ID["cluster/aerospace/driver/2"],
         "missing-label-violation": ID["place/dudley"], "untyped-reference-violation": ID["place/dudley"],
         "site-without-statement-violation": ID["asset/british-volt-facility"]}


@pytest.mark.parametrize("check", sorted(BROKEN))
def test_each_check_fails_on_a_broken_graph(graph, check):
    assert sorted(BROKEN) == sorted(q.name for q in list_checks())
    broken = BROKEN[check](graph)
    failing = {name: rows for name, rows in run_checks(broken, names=[check]) if rows}
    assert list(failing) == [check]
    assert {r["focus"] for r in failing[check]} == {str(FOCUS.get(check, AERO_IRI))}
    assert all(str(r["message"]) for r in failing[check])
    assert len(graph) != len(broken)  # the real graph was copied, not changed


# -- Records and formats ----

def test_records_are_plain_python_values(graph):
    rows = records(graph, "growth-totals")
    assert rows[0] == {"plan": str(ID["plan/plan-for-growth"]), "planLabel": "West Midlands Plan for Growth",
                       "scope": "all clusters", "benchmark": None, "benchmarkLabel": None,
                       "clusters": 8, "minOutputGBP": Decimal(2885 * M), "maxOutputGBP": Decimal(3245 * M),
                       "minJobs": 40300, "maxJobs": 44800}
    assert type(rows[0]["clusters"]) is int
    bare = clusterkg.query(graph, "growth-totals", labels=False).to_records()
    assert list(bare[0]) == ["plan", "scope", "benchmark", "clusters", "minOutputGBP", "maxOutputGBP", "minJobs",
                             "maxJobs"]


def test_each_column_of_iris_gets_a_column_of_names_beside_it(graph):
    result = run(graph, "clusters-in-place", place="E08000026")  # Coventry
    assert result.columns == ["place", "placeLabel", "cluster", "clusterLabel", "line", "text", "statement",
                              "statementLabel"]
    names = {r["clusterLabel"] for r in result.to_records()}
    assert names == {NAMES[c] for c in PLACES if "coventry" in PLACES[c]}
    table = list(csv.reader(io.StringIO(format_result(result, "csv"), newline="")))
    assert table[0] == result.columns
    assert {row[3] for row in table[1:]} == names and {row[1] for row in table[1:]} == {"Coventry"}


def test_csv_follows_the_sparql_csv_format(graph):
    result = run(graph, "shared-entities")
    text = format_result(result, "csv")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    table = list(csv.reader(io.StringIO(text, newline="")))
    assert table[0] == result.columns
    assert table[1:] == [[str(r[c]) if r[c] is not None else "" for c in result.columns] for r in result.to_records()]
    quoted = format_result(clusterkg.query(graph, sparql=ECHO, params={"text": 'a,"b"\nc'}), "csv")
    assert quoted == 'text,n,length\r\n"a,""b""\nc",7,7\r\n'


def test_tsv_and_json_parse_back_to_the_same_terms(graph):
    pyoxigraph = pytest.importorskip("pyoxigraph")
    result = clusterkg.query(graph, "cluster-profile", params={"cluster": "health-tech-med-tech"}, labels=False)

    def plain(term):
        if term is None:
            return None
        datatype = getattr(term, "datatype", None)
        return term.value, "" if datatype is None or datatype.value.endswith("#string") else datatype.value
    expected = [[plain(r.get(v)) for v in result.variables] for r in result.rows]
    for fmt, parser in (("tsv", pyoxigraph.QueryResultsFormat.TSV), ("json", pyoxigraph.QueryResultsFormat.JSON)):
        parsed = pyoxigraph.parse_query_results(format_result(result, fmt).encode(), format=parser)
        assert [v.value for v in parsed.variables] == result.variables
        got = []
        for s in parsed:
            row = []
            for v in result.variables:
                term = s[v]
                dt = getattr(term, "datatype", None)
                row.append(None if term is None else (term.value, "" if dt is None or dt.value.endswith("#string") else dt.value))
            got.append(row)
        assert got == expected, fmt
    doc = json.loads(format_result(result, "json"))
    assert doc["results"]["bindings"][0]["line"] == {
        "type": "literal", "value": "68", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    tsv = format_result(result, "tsv").splitlines()
    assert tsv[0] == "?section\t?position\t?line\t?text\t?mentions\t?qualityNote\t?statement"


def test_table_and_markdown_show_labels_and_the_table_fits_the_width(graph):
    result = run(graph, "shared-places")
    for width in (60, 100, 160):
        table = format_result(result, "table", width=width)
        assert max(len(line) for line in table.splitlines()) <= width
        assert "https://" not in table and "Birmingham" in table and "E08000025" in table
    md = format_result(result, "md")
    assert md.splitlines()[2] == ("| Birmingham | E08000025 | 4 | Creative content production and gaming |")
    numbers = render_table(["name", "n"], [["a", "1,000"], ["bb", "7"]], width=80, right={1})
    assert numbers.splitlines()[2:] == ["a     1,000", "bb        7"]


def test_stored_queries_live_in_the_project_queries_folder():
    assert QUERIES_DIR.name == "queries" and (QUERIES_DIR / "README.md").is_file()
    assert read_query(QUERIES_DIR / "lever-reach.rq").name == "lever-reach"
