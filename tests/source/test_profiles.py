"""Loading the curated input, and bad input: one clear message naming file, line and field, exit 2."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import clusterkg
from clusterkg.errors import InputError
from clusterkg.source.profiles import SECTIONS


def test_real_data_loads(data):
    assert [p.slug for p in data.profiles] == [
        "electric-light-vehicles-batteries", "health-tech-med-tech", "aerospace", "logistics-distribution",
        "professional-financial-services", "creative-content-gaming", "future-housing", "low-carbon-utilities",
    ]
    assert sum(len(p.sections[s]) for p in data.profiles for s in SECTIONS) == 157
    assert len(data.places) == 21 and sum(1 for p in data.places if p.gss) == 16
    assert {e.type for e in data.entities} == {"organisation", "asset", "programme", "event"}
    assert data.plans[0].label == "West Midlands Plan for Growth"


# SHA-256 of the source page as handed to the project (recorded by hand from the original copy, with sha256sum).
SOURCE_SHA256 = "65c333781cc3c5b3f4522e5d955decfa5754e5acca5f057da71cfc67256d58fd"


def test_source_copy_is_byte_identical():
    ours = Path(__file__).resolve().parents[2] / "data/source/cluster-growth-profiles.txt"
    assert hashlib.sha256(ours.read_bytes()).hexdigest() == SOURCE_SHA256


def test_wrapped_bullet_is_joined(data):
    pro = data.profile("professional-financial-services")
    bullet = pro.sections["drivers"][1]
    assert bullet.line == 213
    assert "with opportunity to move up the value chain" in bullet.text


def _edit(path: Path, old: str, new: str, count: int = 1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


# (id, file, old, new, expected line needle (None: use the reported line as is), field, words in message)
BAD_INPUT = [
    ("broken-yaml", "profiles/aerospace.yaml", "name_line: 107", "name_line: [107", None, None, "broken YAML"),
    ("missing-field", "profiles/aerospace.yaml", "name_line: 107\n", "", None, "name_line", "missing field"),
    ("unknown-place", "profiles/aerospace.yaml", "place: dudley", "place: atlantis", "place: atlantis",
     "places[1].place", "unknown place 'atlantis'"),
    ("unknown-lever", "profiles/aerospace.yaml", "- future-skills-pathway", "- moonshot-fund", "moonshot-fund",
     "levers[0].levers", "unknown lever 'moonshot-fund'"),
    ("unknown-benchmark", "profiles/aerospace.yaml", "benchmark: uk-average", "benchmark: best-ever",
     "benchmark: best-ever", "growth.benchmark", "unknown benchmark"),
    ("unknown-entity", "profiles/aerospace.yaml", "  line: 125\n", "  line: 125\n  mentions: [no-such-body]\n",
     "mentions: [no-such-body]", "leadership[0].mentions", "unknown entity or place 'no-such-body'"),
    ("figure-not-number", "profiles/aerospace.yaml", "jobs_min: 900", "jobs_min: nine hundred", "jobs_min:",
     "growth.jobs_min", "expected a whole number"),
    ("output-not-number", "profiles/aerospace.yaml", "output_max_gbp: 90000000", "output_max_gbp: lots",
     "output_max_gbp:", "growth.output_max_gbp", "expected a number"),
    ("duplicate-cluster-slug", "profiles/logistics-distribution.yaml", "slug: logistics-distribution",
     "slug: aerospace", "slug: aerospace", "slug", "duplicate cluster slug 'aerospace'"),
    ("duplicate-entity-slug", "entities.yaml", "{slug: bbc, type: organisation", "{slug: smmt, type: organisation",
     "{slug: smmt, type: organisation, label: BBC", "entities[16].slug", "duplicate entity slug 'smmt'"),
    ("unknown-entity-type", "entities.yaml", "{slug: bbc, type: organisation", "{slug: bbc, type: broadcaster",
     "{slug: bbc, type: broadcaster", "entities[16].type", "unknown entity type 'broadcaster'"),
    # issue 26: an asset's site, a lever's cited page, the page's address (entities[29]: the British Volt
    # facility, after 27 organisations and 2 assets; levers[1]: the second lever)
    ("unknown-site", "entities.yaml", "sited_at: hams-hall,", "sited_at: atlantis,", "sited_at: atlantis",
     "entities[29].sited_at", "unknown place or entity 'atlantis'"),
    ("site-without-line", "entities.yaml", "sited_at: hams-hall, sited_line: 46", "sited_at: hams-hall",
     "sited_at: hams-hall", "entities[29].sited_at", "sited_at and sited_line go together"),
    ("site-line-beyond-the-page", "entities.yaml", "sited_line: 46", "sited_line: 4600", "sited_line: 4600",
     "entities[29].sited_line", "expected a line number from 1 to 408"),
    ("unknown-cited-page", "entities.yaml", "source: plan-for-growth-primary-clusters", "source: no-such-page",
     "source: no-such-page", "levers[1].source", "unknown cited page 'no-such-page'"),
    ("address-not-web", "plan.yaml", "address: https://www.wmca.org.uk/", "address: ftp://www.wmca.org.uk/",
     "address: ftp://", "sources[0].address", "must be an http or https IRI"),
    ("cited-page-of-no-plan", "plan.yaml", "    plan: plan-for-growth", "    plan: no-such-plan", "plan: no-such-plan",
     "cited[0].plan", "unknown plan 'no-such-plan'"),
    ("bad-gss-code", "entities.yaml", "gss: E08000025", "gss: B1", "gss: B1", "places[0].gss", "not an ONS GSS code"),
    ("leads-unknown-body", "profiles/aerospace.yaml", "leads: [midlands-aerospace-alliance]", "leads: [no-such-body]",
     "leads: [no-such-body]", "leadership[0].leads", "unknown organisation, asset, programme or event 'no-such-body'"),
    ("leads-a-place", "profiles/aerospace.yaml", "leads: [midlands-aerospace-alliance]", "leads: [wolverhampton]",
     "leads: [wolverhampton]", "leadership[0].leads",
     "unknown organisation, asset, programme or event 'wolverhampton'"),
    ("leads-not-named", "profiles/creative-content-gaming.yaml", "  line: 275\n  leads: [create-central]",
     "  line: 275\n  leads: [bop]", "leads: [bop]", "leadership[0].leads", "'bop' is not named in this bullet"),
    ("leads-outside-leadership", "profiles/aerospace.yaml", "  line: 133\n",
     "  line: 133\n  leads: [midlands-aerospace-alliance]  # on a strength\n",
     "# on a strength", "strengths[2].leads", "only a leadership bullet says which bodies lead the cluster"),
    ("leads-missing", "profiles/low-carbon-utilities.yaml", "  leads: [energy-capital]\n", "",
     "- text: Business leadership provided by Energy Capital", "leadership[0].leads",
     "missing field: a leadership bullet that names a body says which of them lead the cluster"),
    ("mention-inside-longer-name", "profiles/professional-financial-services.yaml", "  line: 241\n",
     "  line: 241\n  mentions: [commonwealth-games]\n", "mentions: [commonwealth-games]", "actions[1].mentions",
     "'commonwealth-games' is named here only inside the longer name "
     "'Commonwealth Games Business and Tourism Programme' ('business-and-tourism-programme'); the longest name wins"),
    ("mention-found-by-alias", "profiles/aerospace.yaml", "  line: 125\n",
     "  line: 125\n  mentions: [midlands-aerospace-alliance]\n",
     "mentions: [midlands-aerospace-alliance]", "leadership[0].mentions",
     "'midlands-aerospace-alliance' is already found by its alias 'Midlands Aerospace Alliance'"),
]


@pytest.mark.parametrize("case", BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_bad_input_is_one_clear_error(case, data_copy, cli, tmp_path):
    _, rel, old, new, needle, field, words = case
    path = data_copy / rel
    _edit(path, old, new)
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("previous build\n")
    result = cli("build", "--data", data_copy, "--out", out, "--no-views")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1
    assert str(path) in message and words in message
    if field:
        assert f"(field '{field}')" in message
    if needle:
        assert f"line {_line_of(path, needle)}" in message
    else:
        assert ", line " in message
    assert (out / "graph.ttl").read_text() == "previous build\n"
    assert sorted(p.name for p in out.iterdir()) == ["graph.ttl"]


def test_file_that_is_not_utf8(data_copy, cli):
    path = data_copy / "profiles" / "aerospace.yaml"
    raw = path.read_bytes().replace(b"name: Aerospace", b"name: A\xe9rospace")
    path.write_bytes(raw)
    result = cli("check-source", "--data", data_copy)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{path}, line 5: not UTF-8 (byte 0xe9)" in result.stderr


def test_missing_data_folder(cli, tmp_path):
    result = cli("build", "--data", tmp_path / "nowhere", "--out", tmp_path / "out")
    assert result.returncode == 2 and "no such data folder" in result.stderr
    assert not (tmp_path / "out").exists()


def test_range_in_wrong_order_is_refused(data_copy):
    _edit(data_copy / "profiles/aerospace.yaml", "jobs_min: 900", "jobs_min: 9000")
    with pytest.raises(InputError, match="jobs_min is greater than jobs_max"):
        clusterkg.load_profiles(data_copy)


def test_alias_naming_two_entities_is_refused(data_copy):
    _edit(data_copy / "entities.yaml", "label: BOP, aliases: [BOP]", "label: BOP, aliases: [BOP, BBC]")
    with pytest.raises(InputError, match="alias 'BBC' names both 'bbc' and 'bop'"):
        clusterkg.build_graph(data_dir=data_copy)
