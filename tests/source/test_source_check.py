"""check-source: the profiles against the page, and each way they can drift from it."""

from __future__ import annotations

from decimal import Decimal

import pytest

import clusterkg
from clusterkg.source.source_check import Page, parse_growth


def test_real_profiles_match_the_page(data):
    report = clusterkg.check_source(data)
    assert report.problems == []
    assert report.bullets_on_page == report.bullets_in_profiles == 157
    assert report.unlinked == []


def test_page_bullets_join_wrapped_lines(data):
    page = Page.read(data.sources[0].file)
    assert page.bullets[283].text == ("Create Central giving coherent leadership with 10yr plan, building on the 3yr "
                                      "cluster development growth plan funded by the British Film Institute.")
    assert 284 not in page.bullets


@pytest.mark.parametrize("line, expected", [
    ("a further £850m – £950m of output and 11,200 to 12,400 jobs by matching",
     (Decimal(850_000_000), Decimal(950_000_000), 11200, 12400, None)),
    ("a further £80m – £90m of output and 900 – 1,000 jobs by 2030 by beating",
     (Decimal(80_000_000), Decimal(90_000_000), 900, 1000, 2030)),
    ("a further £320m to £220m of output and 3,400 to 3,700 jobs by beating",
     (Decimal(320_000_000), Decimal(220_000_000), 3400, 3700, None)),
], ids=["en-dash", "target-year", "reversed"])
def test_parse_growth(line, expected):
    assert parse_growth(line) == expected


def test_cli_ok(cli):
    result = cli("check-source")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "157 bullets on the page, 157 used by the profiles" in result.stdout
    assert "OK: the profiles match the page." in result.stdout


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


DRIFT = [
    ("changed-word", "profiles/aerospace.yaml", "Good critical mass", "Great critical mass",
     "strengths[3] (line 135): text differs from the page"),
    ("wrong-line", "profiles/aerospace.yaml", "line: 135", "line: 136", "(line 136): no bullet starts at this line"),
    ("bullet-dropped", "profiles/aerospace.yaml",
     "- text: Good critical mass of skilled workers in advanced engineering.\n  line: 135\n", "",
     "page line 135: bullet not used by any profile"),
    ("bullet-used-twice", "profiles/aerospace.yaml", "line: 133", "line: 131", "bullet already used by"),
    ("figure-differs", "profiles/aerospace.yaml", "jobs_max: 1000", "jobs_max: 1001",
     "aerospace.yaml: growth.jobs_max: expected 1,000 (page line 109), found 1,001 at line 15"),
    ("short-name-not-on-page", "profiles/aerospace.yaml", "short_name: Aerospace", "short_name: Aviation",
     "aerospace.yaml: short_name 'Aviation': aviation is not a word of the profile"),
    ("short-name-twice", "profiles/logistics-distribution.yaml", "short_name: Logistics\n", "short_name: Aerospace\n",
     "short_name 'Aerospace' is also the short name in aerospace.yaml"),
    ("cluster-alias-not-in-its-profile", "profiles/aerospace.yaml", "short_name: Aerospace", "aliases: [EV]\nshort_name: Aerospace",
     "aerospace.yaml: alias 'EV' is not a word of the profile on the page"),
    ("lever-alias-elsewhere", "entities.yaml", "aliases: [FDI]", "aliases: [FDI, SMEs]",
     "alias 'SMEs' of lever 'location-coordination' is in no levers bullet that names it"),
    ("reversed-without-note", "profiles/future-housing.yaml", "  quality_note: The page gives", "  # (note removed) The page gives",
     "the page's output range is reversed, but no quality_note says so"),
    ("name-differs", "profiles/aerospace.yaml", "name: Aerospace (including", "name: Aviation (including",
     "line 107 does not read 'Cluster: Aviation"),
    ("lever-wording-mismatch", "profiles/aerospace.yaml", "  - location-coordination\n", "  - early-growth-fund\n",
     "the wording maps to levers ['location-coordination'], not ['early-growth-fund']"),
    ("alias-not-on-page", "entities.yaml", "aliases: [SMMT]", "aliases: [SMMT, Society of Motor Manufacturers]",
     "alias 'Society of Motor Manufacturers' of 'smmt' does not occur on the page"),
    ("place-written-otherwise", "profiles/aerospace.yaml", "place: dudley", "place: sandwell",
     "place 'sandwell' is written 'Sandwell' on the page"),
    ("one-name-split-in-two", "entities.yaml",
     "aliases: [Commonwealth Games Business and Tourism Programme, Business and Tourism Programme]",
     "aliases: [Business and Tourism Programme]",
     "actions[1] (line 241): 'Commonwealth Games' ('commonwealth-games') and 'Business and Tourism Programme' "
     "('business-and-tourism-programme') stand side by side as one name"),
    ("leads-not-on-the-page", "profiles/aerospace.yaml",
     "- text: Business leadership provided by the Midlands Aerospace Alliance\n  line: 125\n"
     "  leads: [midlands-aerospace-alliance]",
     "- text: Business leadership provided by the Midlands Aerospace Alliance and SMMT\n  line: 125\n"
     "  leads: [midlands-aerospace-alliance, smmt]",
     "leadership[0] (line 125): leads 'smmt', which the page's bullet does not name"),
    ("inferred-boundary-without-note", "profiles/low-carbon-utilities.yaml",
     "  quality_note: Inferred section boundary.",
     "  # (note removed) Inferred section boundary.",
     "actions[0] (line 394): nothing on the page divides this actions bullet from the strengths bullet at line 392"),
    ("boundary-note-not-naming-it", "profiles/logistics-distribution.yaml",
     "  quality_note: Inferred section boundary. No separator line divides lines 183-197",
     "  quality_note: Doubtful. No separator line divides lines 183-197",
     "actions[0] (line 193): nothing on the page divides this actions bullet from the strengths bullet at line 191"),
    ("mapped-wording-without-note", "profiles/logistics-distribution.yaml",
     "  quality_note: The page writes \"Transport and infrastructure\" here", "  # (note removed) The page writes here",
     "levers[1] (line 203): the wording 'Transport and infrastructure' is mapped to "
     "'Transport and infrastructure fund'; a mapped lever wording needs a quality_note"),
    ("label-not-on-page-without-note", "entities.yaml", "    quality_note: The page only writes \"WMCA\"",
     "    # (note removed) The page only writes \"WMCA\"",
     "entity 'west-midlands-combined-authority': the label 'West Midlands Combined Authority' is not a form the page "
     "gives; a name the page does not give needs a quality_note"),
    ("note-figure-not-on-page", "profiles/future-housing.yaml", "stored as minimum £220m and maximum £320m.",
     "stored as minimum £220m and maximum £320m. The plan's headline total of £2.9bn-£3.2bn only adds up in "
     "this order.",
     "growth (line 314): the quality_note quotes '£2.9bn', which is not on the page"),
    ("note-quote-not-on-page", "profiles/aerospace.yaml", "to the lever \"Direct competitive funding\"",
     "to the lever \"Direct funding\"",
     "levers[1] (line 149): the quality_note quotes 'Direct funding', which is not on the page"),
    ("lower-case-programme-unreviewed", "entities.yaml", "  - {name: skills plan,", "  - {name: skills strategy,",
     "actions[3] (line 400): the lower-case programme 'Develop skills plan' is neither an entity alias nor a "
     "not_entities name"),
    ("lower-case-programme-not-linked", "entities.yaml",
     "  - {slug: transport-infrastructure-programme, type: programme, label: £1bn+ transport infrastructure programme, "
     "aliases: [£1bn+ transport infrastructure programme]}\n", "",
     "actions[0] (line 239): the lower-case programme '£1bn+ transport infrastructure programme' is neither"),
    # (a note is removed by making its line a YAML comment: an unknown key is refused since issue 22)
    # -- issue 26: who leads, names, homepages, sites (each answer read off the page by hand) ----
    # line 84 "University and hospital networks like ..." has no leading words; line 83 beside it has
    # "Business leadership from", so the section says who leads and 84's networks do not.
    ("leads-networks-beside-the-leadership", "profiles/health-tech-med-tech.yaml",
     "  leads: []\n  quality_note: The bullet names no leading body. Unlike",
     "  leads: [midlands-innovation-health]\n  quality_note: The bullet names no leading body. Unlike",
     "leadership[1] (line 84): leads 'midlands-innovation-health', which is in a bullet without leading words"),
    # line 226 "West Midlands Growth Company, working in conjunction with SuperTech and trade bodies."
    ("leads-a-partner", "profiles/professional-financial-services.yaml", "leads: [west-midlands-growth-company]",
     "leads: [west-midlands-growth-company, supertech]",
     "leadership[0] (line 226): leads 'supertech', which is named after 'in conjunction with'"),
    # line 279 "Economic Growth Board supported Create Central’s work ..."
    ("leads-the-supported", "profiles/creative-content-gaming.yaml", "  line: 279\n  leads: []",
     "  line: 279\n  leads: [create-central]",
     "leadership[2] (line 279): leads 'create-central', which is named after 'supported'"),
    # line 332 "The WMCA will proactively work with industry leaders to support cluster leadership."
    ("leads-neither-subject-nor-listed", "profiles/future-housing.yaml", "  line: 332\n  leads: []",
     "  line: 332\n  leads: [west-midlands-combined-authority]",
     "leadership[1] (line 332): leads 'west-midlands-combined-authority', which is neither the bullet's subject"),
    ("short-name-without-note", "profiles/aerospace.yaml", "quality_note: The short name Aerospace",
     "# (note removed) The short name Aerospace",
     "aerospace.yaml: short_name and aliases need a quality_note"),
    ("homepage-without-source", "entities.yaml", "aliases: [SMMT]}", "aliases: [SMMT], homepage: \"https://www.smmt.co.uk/\"}",
     "entity 'smmt': the homepage https://www.smmt.co.uk/ cites no source"),
    # line 92: "... Rosalind Franklin Laboratory in Leamington." (Birmingham is not beside it)
    ("sited-where-the-page-does-not-say", "entities.yaml", "sited_at: leamington, sited_line: 92",
     "sited_at: birmingham, sited_line: 92",
     "entity 'rosalind-franklin-laboratory': the bullet at line 92 does not place it at 'birmingham'"),
    ("sited-at-the-wrong-line", "entities.yaml", "sited_at: hams-hall, sited_line: 46",
     "sited_at: hams-hall, sited_line: 42",
     "entity 'british-volt-facility': the bullet at line 42 does not place it at 'hams-hall'"),
    ("two-levers-share-a-name", "entities.yaml", "    wordings: [Land assembly and infrastructure fund]",
     "    wordings: [Land assembly and infrastructure fund, Transport and infrastructure fund]",
     "the name 'transport and infrastructure fund' is shared by lever 'land-assembly-infrastructure-fund' and "
     "lever 'transport-infrastructure-fund'"),
]


@pytest.mark.parametrize("case", DRIFT, ids=[c[0] for c in DRIFT])
def test_drift_is_reported(case, data_copy, cli):
    _, rel, old, new, expected = case
    _edit(data_copy / rel, old, new)
    report = clusterkg.check_source(data_dir=data_copy)
    assert any(expected in p for p in report.problems), report.problems
    result = cli("check-source", "--data", data_copy)
    assert result.returncode == 1 and expected in result.stdout


def test_alias_inside_a_longer_alias_occurs_on_the_page(data_copy):
    # the page names the BFI only as "British Film Institute", whose match covers "Film Institute"
    _edit(data_copy / "entities.yaml", "aliases: [British Film Institute, BFI]",
          "aliases: [British Film Institute, BFI, Film Institute]")
    report = clusterkg.check_source(data_dir=data_copy)
    assert report.problems == []
    assert report.unlinked == []


@pytest.mark.parametrize("old, new, expected", [
    ("  - {slug: digital-catapult, type: organisation, label: Digital Catapult, aliases: [Digital Catapult]"
     "}\n", "", [(296, "Digital Catapult")]),
    ("  - {name: Tech Commissioner, reason: \"a role, not an organisation\"}\n", "", [(243, "Tech Commissioner")]),
    ("  - {name: April, reason: a month}\n", "", [(288, "April")]),
], ids=["entity-removed", "reviewed-name-removed", "month"])
def test_unlinked_capitalised_names_are_listed(data_copy, cli, old, new, expected):
    _edit(data_copy / "entities.yaml", old, new)
    report = clusterkg.check_source(data_dir=data_copy)
    assert report.unlinked == expected
    result = cli("check-source", "--data", data_copy)
    line, name = expected[0]
    assert f"line {line}: {name}" in result.stdout
