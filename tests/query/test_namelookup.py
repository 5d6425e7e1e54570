"""The one name look-up (clusterkg.query.namelookup) and its browser twin (viz/static/names.js): hand-worked answers
on the real graph, and the same answers from both."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from clusterkg.query.engine import LocalEngine
from clusterkg.query.namelookup import Named, NameIndex, acronyms, index_json, name_key
from clusterkg.query.params import name_index
from clusterkg.resources import resource

ID = "https://w3id.org/wmgrowth/id/"


@pytest.fixture(scope="module")
def index(real_store):
    return name_index(LocalEngine(real_store))


@pytest.mark.parametrize("text, key", [
    ("Nuneaton & Bedworth", "nuneaton and bedworth"),  # page line 121 writes "&"
    ("nuneaton-and-bedworth", "nuneaton and bedworth"),  # its slug
    ("Stratford-on-Avon", "stratford on avon"),
    ("Coventry\u2019s  trial", "coventrys trial"),  # page line 189: a curly apostrophe is dropped
    ("Caf\u00e9 (FDI)", "cafe fdi"),  # accent and brackets
    ("Innovate:Create partnerships", "innovate create partnerships"),
    ("  --  ", ""),
], ids=["ampersand", "slug", "hyphens", "apostrophe", "accent-brackets", "colon", "punctuation-only"])
def test_a_names_key_ignores_case_accents_and_punctuation(text, key):
    assert name_key(text) == key


def test_acronyms_with_and_without_the_small_words():
    assert acronyms("department for international trade") == {"dfit", "dit"}
    assert acronyms("west midlands combined authority") == {"wmca"}
    assert acronyms("coventry") == set()  # one word has no acronym


ENTITY = ("organisation", "asset", "programme", "event", "place", "lever")  # the kinds of provenance's param
FOUND = {
    # value: (the kinds looked in, as a query's param does; tier; IRIs found), each worked from data/entities.yaml
    "skills": (["lever"], "words", ["lever/future-skills-pathway"]),  # "Develop future skills pathway"
    # six levers (i26): both words are words of one lever's label, "Business location coordination and foreign
    # direct investment" (slug location-coordination); no other lever's name holds "foreign"
    "foreign investment": (["lever"], "words", ["lever/location-coordination"]),
    "Nuneaton & Bedworth": (["place"], "exact", ["place/nuneaton-and-bedworth"]),
    "STRATFORD ON AVON": (["place"], "exact", ["place/stratford-on-avon"]),  # its label, any case
    "stratford": (["place"], "exact", ["place/stratford-on-avon"]),  # the page's name (line 26)
    # Manufacturing Technology Centre, an organisation since i26 (line 42 gives it expertise, not an asset);
    # no other name of these kinds has the initials m-t-c, with or without its small words
    "MTC": (ENTITY, "acronym", ["organisation/manufacturing-technology-centre"]),
    "DIT": (ENTITY, "acronym", ["organisation/department-for-international-trade"]),  # without "for"
    "aerosp": (["cluster"], "prefix", ["cluster/aerospace"]),
    "dev fut": (["lever"], "prefix", ["lever/future-skills-pathway"]),
    "E08000026": (["place"], "exact", ["place/coventry"]),  # Coventry's GSS code
    # in every kind at once (the browser's index): "skills" is also a word of "specialist skills bootcamp"
    "specialist skills": ([], "words", ["programme/skills-bootcamp"]),
}


@pytest.mark.parametrize("value", FOUND, ids=[v.replace(" ", "-") for v in FOUND])
def test_a_value_names_one_thing_by_the_first_tier_that_finds_it(index, value):
    kinds, tier, iris = FOUND[value]
    found = (index.of_kinds(kinds) if kinds else index).find(value)
    assert (found.how, [t.iri for t in found.things]) == (tier, [ID + i for i in iris])


def test_a_county_that_is_not_in_the_graph_names_nothing_and_offers_its_district(index):
    # the page names the district North Warwickshire (line 175), never the county
    found = index.find("Warwickshire")
    assert found.things == [] and found.how == "words"
    assert [t.label for t, _, _ in found.closest] == ["North Warwickshire"]


def test_west_midlands_is_not_a_place_and_no_place_is_offered_for_it(index):
    # "west midlands" against every place name and word: the best is East Staffordshire,
    # 200 * LCS("west midlands", "east staffordshire") / 31 = 200 * 7 / 31 = 45.2, under the cutoff 66
    places = index.of_kinds({"place"})
    found = places.find("West Midlands")
    assert (found.things, found.closest) == ([], [])


def test_the_closest_names_by_rapidfuzz(index):
    # "birmingam" ~ "birmingham" 200 * 9 / 19 = 94.7, and the word "birmingham" of Birmingham Airport,
    # Birmingham Health Partners and Birmingham Health Innovation Campus likewise; ties by name
    found = index.find("Birmingam")
    assert found.things == []
    assert [(t.label, round(score, 1)) for t, score, _ in found.closest] == [
        ("Birmingham", 94.7), ("Birmingham Airport", 94.7), ("Birmingham Health Innovation Campus", 94.7),
        ("Birmingham Health Partners", 94.7)]


def test_several_things_found_in_one_tier_are_all_given(index):
    # no two things share a name since i26 (one lever for both wordings; checks/shared-name-violation.rq), so
    # the words tier: "infrastructure" and "fund" are words of two levers' names, "Land assembly and infrastructure
    # fund" and "Transport and infrastructure fund", and of no other name ("£1bn+ transport infrastructure
    # programme" has no "fund"); no name is "infrastructure fund" and no name's initials are its letters.
    # Given in the index's order, by label.
    found = index.find("infrastructure fund")
    assert found.how == "words"
    assert [t.iri for t in found.things] == [ID + "lever/land-assembly-infrastructure-fund",
                                             ID + "lever/transport-infrastructure-fund"]


def test_search_lists_each_tier_then_the_closest():
    things = [Named("urn:a", "lever", "Skills plan", ()), Named("urn:b", "lever", "Future skills pathway", ()),
              Named("urn:c", "lever", "Skillz", ())]
    assert [t.iri for t in NameIndex(things).search("skills")] == ["urn:b", "urn:a", "urn:c"]


# -- The browser's copy gives the same answers ----

PARITY = [*FOUND, "Warwickshire", "West Midlands", "Birmingam", "Coventy", "FDl", "location coordination and fdi",
          "infrastructure fund", "zzzz", "wmca", "Caf\u00e9"]


def test_names_js_gives_the_answers_of_the_python_look_up(index, tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    (tmp_path / "names.json").write_text(json.dumps(index_json(index)), encoding="utf-8")
    (tmp_path / "values.json").write_text(json.dumps(PARITY), encoding="utf-8")
    script = """
const names = require(process.argv[1]), fs = require("fs");
const ix = names.index(JSON.parse(fs.readFileSync(process.argv[2], "utf8")));
const out = JSON.parse(fs.readFileSync(process.argv[3], "utf8")).map(function (v) {
  const f = names.find(ix, v);
  return [f.how, f.things.map(t => t.iri), f.closest.map(c => [c.thing.iri, c.score, c.name]),
          names.search(ix, v).map(t => t.iri)];
});
console.log(JSON.stringify(out));
"""
    result = subprocess.run([node, "-e", script, str(resource("static", "names.js")), str(tmp_path / "names.json"),
                             str(tmp_path / "values.json")], capture_output=True, text=True, timeout=60, check=True)
    expected = []
    for value in PARITY:
        found = index.find(value)
        expected.append([found.how, [t.iri for t in found.things], [[t.iri, s, n] for t, s, n in found.closest],
                         [t.iri for t in index.search(value)]])
    assert json.loads(result.stdout) == expected


# -- The CLI's params use it ----

@pytest.mark.parametrize("query, param, value, expected", [
    ("clusters-using-lever", "lever", "skills", ["lever/future-skills-pathway"]),
    ("clusters-using-lever", "lever", "foreign investment", ["lever/location-coordination"]),  # as in FOUND
    ("clusters-in-place", "place", "nuneaton & bedworth", ["place/nuneaton-and-bedworth"]),
    ("provenance", "entity", "MTC", ["organisation/manufacturing-technology-centre"]),  # as in FOUND
], ids=["lever-word", "lever-words", "place-ampersand", "entity-acronym"])
def test_a_param_is_looked_up_as_people_type_it(graph, query, param, value, expected):
    import clusterkg

    bound = clusterkg.query(graph, query, params={param: value}).bindings[param]
    assert [t.value for t in bound] == [ID + e for e in expected]


def test_west_midlands_as_a_place_says_it_is_not_in_the_graph_and_lists_the_places(graph):
    import clusterkg
    from clusterkg.errors import ClusterKGError

    with pytest.raises(ClusterKGError) as err:
        clusterkg.query(graph, "clusters-in-place", params={"place": "West Midlands"})
    # the 21 places of data/entities.yaml, by name
    assert str(err.value) == (
        "query 'clusters-in-place', param 'place': no place is named 'West Midlands' in the graph and no name "
        "comes close; the graph's 21 places: Birmingham, Black Country, Cannock Chase, Coventry, Digbeth, Dudley, "
        "East Staffordshire, Greater South East, Hams Hall, Leamington, North Warwickshire, Nuneaton and Bedworth, "
        "Rugby, Sandwell, Solihull, Stratford-on-Avon, Tamworth, Walsall, Warwick, Wolverhampton, Wyre Forest")


def test_the_site_carries_the_index_and_the_script():
    from collections import Counter

    from clusterkg import KnowledgeGraph
    from clusterkg.web.site import site_files

    files = site_files(KnowledgeGraph.from_data(), views=False)
    things = json.loads(files["names.json"])["things"]
    # data/entities.yaml after i26: 8 clusters, 21 places; 6 levers (Location coordination and Location
    # coordination and FDI one lever); 27 organisations (25, the Manufacturing Technology Centre, no longer an
    # asset, and the West Midlands Automation WMG Electrification Task Force, now named); 16 assets (17 less the
    # MTC); 23 programmes, 2 events
    assert Counter(t["kind"] for t in things) == {"cluster": 8, "place": 21, "lever": 6, "organisation": 27,
                                                  "asset": 16, "programme": 23, "event": 2}
    assert files["assets/names.js"] == resource("static", "names.js").read_bytes()
