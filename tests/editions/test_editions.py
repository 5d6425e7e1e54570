"""Editions (issue 25): two editions made for the tests from the real data, compared by ``clusterkg diff``.

The new edition changes, by hand, in data/profiles/aerospace.yaml and data/entities.yaml: a figure
(jobs_min 900 -> 950), a bullet inserted at the top of the drivers, the second strength reworded, the
second action removed, an organisation renamed (label "Midlands Aerospace Alliance" -> "The Midlands
Aerospace Alliance"), and a new cluster (space.yaml: one driver, one place). With ``ids``, the new
edition's data records its alignment with the old (``id:``, ``revises:``), so unchanged bullets keep
their IRIs; without, bullets are numbered by position as before.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from clusterkg import KnowledgeGraph
from clusterkg.editions import compare, render_changeset, render_report
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/wmgrowth/id/"
AERO = ID + "cluster/aerospace/"
TEXT = ox.NamedNode("https://w3id.org/wmgrowth/def#text")
NEW_DRIVER = "A new first driver about hydrogen fuels for regional aircraft."
OLD_STRENGTH = "Strengths in dependent industries such as metals and materials, propulsion technology."
NEW_STRENGTH = "Strengths in dependent industries such as metals, materials and propulsion technology."
REMOVED_ACTION = "Step up strategic relationship management with foreign-owned aerospace firms."
SPACE = """\
slug: space
name: Space (a cluster made for the tests)
name_line: 107
short_name: Space
growth:
  text: 'Additional growth opportunity: a further £80m – £90m of output and 900 – 1,000 jobs by 2030 by beating the average growth profile for UK for similar clusters.'
  line: 109
  output_min_gbp: 10000000
  output_max_gbp: 20000000
  jobs_min: 100
  jobs_max: 200
  benchmark: uk-average
  target_year: 2030
drivers:
- text: Opportunity for lower-tier specialist aerospace suppliers to pivot technologies into new industries.
  line: 115
places:
- text: Dudley
  line: 120
  place: dudley
leadership: []
strengths: []
actions: []
levers: []
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def make_edition(folder: Path, ids: bool) -> Path:
    shutil.copytree(ROOT / "data", folder)
    aero = folder / "profiles" / "aerospace.yaml"
    _edit(aero, "  jobs_min: 900\n", "  jobs_min: 950\n")
    _edit(aero, "drivers:\n- text: Major market",
          f"drivers:\n- text: {NEW_DRIVER}\n  line: 111\n{'  id: 4' + chr(10) if ids else ''}- text: Major market")
    _edit(aero, OLD_STRENGTH + "\n  line: 131\n", NEW_STRENGTH + "\n  line: 131\n" + ("  id: 5\n  revises: 2\n" if ids else ""))
    _edit(aero, f"- text: {REMOVED_ACTION}\n  line: 141\n", "")
    if ids:
        _edit(aero, "(e.g. metals and materials).\n  line: 111\n", "(e.g. metals and materials).\n  line: 111\n  id: 1\n")
        _edit(aero, "high GVA jobs to the region.\n  line: 113\n", "high GVA jobs to the region.\n  line: 113\n  id: 2\n")
        _edit(aero, "into new industries.\n  line: 115\n", "into new industries.\n  line: 115\n  id: 3\n")
        _edit(aero, "resilience of the cluster.\n  line: 143\n", "resilience of the cluster.\n  line: 143\n  id: 3\n")
    _edit(folder / "entities.yaml", "label: Midlands Aerospace Alliance, aliases",
          "label: The Midlands Aerospace Alliance, aliases")
    (folder / "profiles" / "space.yaml").write_text(SPACE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    base = tmp_path_factory.mktemp("editions")
    old = base / "old"
    shutil.copytree(ROOT / "data", old)
    return {"old": old, "new": make_edition(base / "new", ids=True),
            "positional": make_edition(base / "positional", ids=False)}


@pytest.fixture(scope="module")
def stores(editions):
    return {name: KnowledgeGraph.from_data(folder).store for name, folder in editions.items()}


EXPECTED_REPORT = """\
# Changes from OLD to NEW

## New clusters
- Space (a cluster made for the tests)

## Aerospace (including manufacturing alternative fuels)

### Figures
- jobs (low): 900 → 950

### Drivers
- added (line 111): “A new first driver about hydrogen fuels for regional aircraft.”

### Strengths
- reworded:
    was: “Strengths in dependent industries such as metals and materials, propulsion technology.”
    now: “Strengths in dependent industries such as metals, materials and propulsion technology.”

### Actions
- removed (was line 141): “Step up strategic relationship management with foreign-owned aerospace firms.”

## Space (a cluster made for the tests)

### Figures
- output (low): none → £10m
- output (high): none → £20m
- jobs (low): none → 100
- jobs (high): none → 200
- target year: none → 2030
- benchmark: none → Beating the UK average

### Drivers
- added (line 115): “Opportunity for lower-tier specialist aerospace suppliers to pivot technologies into new industries.”

### Places
- added (line 120): “Dudley”

### Links
- gained: located in Dudley

## Renamed
- Midlands Aerospace Alliance → The Midlands Aerospace Alliance

## Triples
- 26 removed, 65 added
"""
# 26 removed: action 2 (7 triples and its hasStatement link) 8, strength 2 the same 8, minJobs 900 1, the label
# and position of drivers 1-3 (each one place down) 6, of action 3 (one up) 2, the organisation's label 1.
# 65 added: driver 4 (7 and its link) 8, strength 5 (7, wasRevisionOf, its link) 9, minJobs 950 1, drivers 1-3
# and action 3 relabelled 8, the organisation's new label and its old name kept as altLabel 2, and the space
# cluster 37: the cluster 11 (2 types... see test_space_cluster_triples), growth 11, driver 7, place bullet 8.


def test_the_report_names_each_change_and_nothing_else(stores):
    diff = compare(stores["old"], stores["new"], old_origin="OLD", new_origin="NEW")
    assert render_report(diff, "markdown") == EXPECTED_REPORT


def test_the_space_cluster_adds_37_triples(stores):
    space = [q for q in stores["new"] if "/cluster/space" in q.subject.value]
    by_subject = {}
    for q in space:
        by_subject[q.subject.value.removeprefix(ID)] = by_subject.get(q.subject.value.removeprefix(ID), 0) + 1
    # cluster: type, label, altLabel, shortName, partOfPlan, sourceLine, wasDerivedFrom, hasGrowthOpportunity,
    # hasStatement x2, locatedIn = 11; growth: type, label, wasDerivedFrom, benchmark, 4 figures, sourceLine,
    # targetYear, text = 11; driver: 2 types, label, wasDerivedFrom, position, sourceLine, text = 7; place: the
    # same 7 and mentions = 8
    assert by_subject == {"cluster/space": 11, "cluster/space/growth-opportunity": 11, "cluster/space/driver/1": 7,
                          "cluster/space/location/1": 8}


def test_an_unchanged_bullet_keeps_its_iri_and_a_reworded_one_links_back(stores):
    old, new = stores["old"], stores["new"]

    def text(store, iri):
        return [q.object.value for q in store.quads_for_pattern(ox.NamedNode(iri), TEXT, None)]

    for n in (1, 2, 3):
        assert text(new, f"{AERO}driver/{n}") == text(old, f"{AERO}driver/{n}") != []
    assert text(new, f"{AERO}driver/4") == [NEW_DRIVER] and text(old, f"{AERO}driver/4") == []
    assert text(new, f"{AERO}strength/5") == [NEW_STRENGTH]
    assert text(new, f"{AERO}strength/2") == []  # never reused for other words
    assert text(new, f"{AERO}action/2") == [] and text(new, f"{AERO}action/3") == text(old, f"{AERO}action/3")
    revision = ox.NamedNode("http://www.w3.org/ns/prov#wasRevisionOf")
    assert [q.object.value for q in new.quads_for_pattern(ox.NamedNode(f"{AERO}strength/5"), revision, None)] == [
        f"{AERO}strength/2"]


def test_a_positional_edition_is_told_which_ids_keep_every_iri(stores):
    diff = compare(stores["old"], stores["positional"], old_origin="OLD", new_origin="NEW")
    report = render_report(diff, "text")
    name = "Aerospace (including manufacturing alternative fuels)"
    # by hand: the new driver takes position 1, whose number the old edition used, so the first unused
    # number (4, after 1-3); the old drivers keep 1-3; the rewording gets 5 and revises 2; action 3 keeps 3
    assert report.split("To keep every IRI, the new edition's data would say\n")[1].split("\n\n")[0] == "\n".join([
        f"- {name}, Drivers at line 111: id: 4",
        f"- {name}, Drivers at line 111: id: 1",
        f"- {name}, Drivers at line 113: id: 2",
        f"- {name}, Drivers at line 115: id: 3",
        f"- {name}, Strengths at line 131: id: 5, revises: 2",
        f"- {name}, Actions at line 143: id: 3",
    ])
    assert f"{AERO}driver/1: was “Major market disruption" in report  # the positional IRI now names other words


def test_the_sparql_update_turns_the_old_graph_into_the_new(stores):
    diff = compare(stores["old"], stores["new"])
    store = ox.Store()
    store.bulk_extend(stores["old"])
    store.update(render_changeset(diff, "sparql-update"))
    assert set(store) == set(stores["new"])


def test_the_rdf_patch_lists_each_deletion_then_each_addition(stores):
    patch = render_changeset(compare(stores["old"], stores["new"]), "rdf-patch").splitlines()
    assert patch[0] == "TX ." and patch[-1] == "TC ."
    rows = patch[1:-1]
    assert [r[0] for r in rows] == ["D"] * 26 + ["A"] * 65
    assert (f'D <{ID}growth-opportunity> ' not in rows) and (
        f'D <{AERO}growth-opportunity> <https://w3id.org/wmgrowth/def#minJobs> '
        f'"900"^^<http://www.w3.org/2001/XMLSchema#integer> .' in rows)


def test_the_html_report_escapes_what_it_shows(stores, tmp_path):
    store = ox.Store()
    store.bulk_extend(stores["old"])
    store.update(f'DELETE {{ <{AERO}driver/1> <https://w3id.org/wmgrowth/def#text> ?t }} '
                 f'INSERT {{ <{AERO}driver/1> <https://w3id.org/wmgrowth/def#text> "<script>alert(1)</script>" }} '
                 f'WHERE {{ <{AERO}driver/1> <https://w3id.org/wmgrowth/def#text> ?t }}')
    page = render_report(compare(stores["old"], store), "html")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page


def test_diff_exits_0_when_the_same_1_when_different_2_on_error(editions, tmp_path):
    same = run_cli("diff", editions["old"], editions["old"])
    assert same.returncode == 0 and "The two editions hold the same graph." in same.stdout
    differ = run_cli("diff", editions["old"], editions["new"], "--format", "markdown")
    assert differ.returncode == 1, differ.stderr
    assert differ.stdout == EXPECTED_REPORT.replace("OLD", str(editions["old"])).replace("NEW", str(editions["new"]))
    missing = run_cli("diff", editions["old"], tmp_path / "nothing.ttl")
    assert missing.returncode == 2 and len(missing.stderr.splitlines()) == 1 and "Traceback" not in missing.stderr
    out = tmp_path / "changes.ru"
    written = run_cli("diff", editions["old"], editions["new"], "--format", "sparql-update", "--output", out)
    assert written.returncode == 1 and written.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# From ") and "DELETE DATA {" in out.read_text(encoding="utf-8")


def test_two_bullets_sharing_an_iri_number_are_refused_in_one_line(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    _edit(data / "profiles" / "aerospace.yaml", "into new industries.\n  line: 115\n",
          "into new industries.\n  line: 115\n  id: 1\n")
    result = run_cli("diff", ROOT / "data", data)
    assert result.returncode == 2, result.stderr
    line = (data / "profiles" / "aerospace.yaml").read_text(encoding="utf-8").splitlines().index("  id: 1") + 1
    assert result.stderr.strip() == (f"clusterkg diff: error: {data / 'profiles' / 'aerospace.yaml'}, line {line} "
                                      "(field 'drivers[2].id'): two bullets of drivers would share IRI number 1 (the "
                                      "other at page line 111): give this one an unused id")


def test_a_moved_bullet_and_a_quality_note_are_reported(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    aero = data / "profiles" / "aerospace.yaml"
    text = aero.read_text(encoding="utf-8")
    second = text[text.index("- text: Military aerospace"):text.index("- text: Opportunity for lower-tier")]
    third = text[text.index("- text: Opportunity for lower-tier"):text.index("places:")]
    aero.write_text(text.replace(second + third, third + second), encoding="utf-8")
    _edit(aero, "- text: Good critical mass of skilled workers in advanced engineering.\n  line: 135\n",
          "- text: Good critical mass of skilled workers in advanced engineering.\n  line: 135\n"
          "  quality_note: A note made for the tests.\n")
    diff = compare(KnowledgeGraph.from_data(ROOT / "data").store, KnowledgeGraph.from_data(data).store)
    report = render_report(diff, "markdown")
    # by hand: drivers 2 and 3 swap places; a run kept in order holds one of them, and of two runs of the same
    # length the one ending at the smaller new position is kept (patience sorting): driver 3, now 2nd. So
    # driver 2 is the one that moved, from 2 to 3
    assert "### Drivers\n- moved from position 2 to 3: “Military aerospace accounts for 20%" in report
    assert report.count("moved from") == 1
    assert ("## Quality notes\n- added on Aerospace (including manufacturing alternative fuels): strength 4: "
            "“A note made for the tests.”") in report
    # the label and position of drivers 2 and 3 (4 triples) out, their new ones and the note (5) in
    assert report.endswith("## Triples\n- 4 removed, 5 added\n")
