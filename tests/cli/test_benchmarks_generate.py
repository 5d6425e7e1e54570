"""The benchmark generator: seeded, in the real input format, with the real data's mix per region."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

import clusterkg
from clusterkg.source.profiles import SECTIONS

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import generate  # noqa: E402

GROW = "https://w3id.org/wmgrowth/def#"
RELATIONS = ("mentions", "involves", "ledBy", "hasAsset", "locatedIn", "usesLever", "hasStatement")
NATIONAL_LEVERS = {"future-skills-pathway", "location-coordination", "direct-competitive-funding"}


def _files(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _count(graph, name: str) -> int:
    return sum(1 for _ in graph.triples((None, URIRef(GROW + name), None)))


@pytest.fixture(scope="module", params=[1, 3], ids=["R1", "R3"])
def generated(request, tmp_path_factory):
    regions = request.param
    folder = tmp_path_factory.mktemp(f"r{regions}")
    manifest = generate(folder, regions, seed=7)
    data = clusterkg.load_profiles(folder)
    return regions, folder, manifest, data, clusterkg.build_graph(data)


def test_same_seed_same_bytes_other_seed_other_data(tmp_path):
    generate(tmp_path / "a", 2, seed=5)
    generate(tmp_path / "b", 2, seed=5)
    generate(tmp_path / "c", 2, seed=6)
    a, b, c = (_files(tmp_path / x) for x in "abc")
    assert a == b
    assert a.keys() != c.keys() or a != c


def test_input_format_files(generated):
    regions, folder, manifest, _, _ = generated
    names = set(_files(folder))
    assert {"plan.yaml", "entities.yaml", "source/profiles.txt"} <= names
    assert len([n for n in names if n.startswith("profiles/")]) == 8 * regions == manifest.profiles


def test_counts_per_region(generated, data):
    regions, _, manifest, synthetic, _ = generated
    assert len(synthetic.plans) == manifest.plans == regions
    assert len(synthetic.profiles) == 8 * regions
    assert sum(len(p.sections[s]) for p in synthetic.profiles for s in SECTIONS) == 157 * regions
    assert len(synthetic.places) == manifest.places == 21 * regions
    assert sum(1 for p in synthetic.places if p.gss) == 16 * regions
    assert len(synthetic.entities) == manifest.entities
    # the four levers that are not funds are national; each region has its own three funds
    assert len(synthetic.levers) == manifest.levers == 3 + 3 * regions  # 3 national levers, 3 funds a region
    assert NATIONAL_LEVERS <= {lv.slug for lv in synthetic.levers}
    assert {p.plan for p in synthetic.profiles} == {p.slug for p in synthetic.plans}
    assert Counter(p.plan for p in synthetic.profiles) == {p.slug: 8 for p in synthetic.plans}


def test_each_region_has_the_real_sections_mix(generated, data):
    regions, _, _, synthetic, _ = generated
    real = Counter((p.slug, s, len(p.sections[s])) for p in data.profiles for s in SECTIONS)
    for plan in synthetic.plans:
        region = plan.slug.removesuffix("-plan")
        mine = Counter((p.slug.removeprefix(region + "-"), s, len(p.sections[s]))
                       for p in synthetic.profiles if p.plan == plan.slug for s in SECTIONS)
        assert mine == real


def test_graph_links_scale_with_regions(generated, graph):
    regions, _, _, _, built = generated
    assert len(list(built.subjects(RDF.type, URIRef(GROW + "Cluster")))) == 8 * regions
    assert {name: _count(built, name) for name in RELATIONS} == {name: _count(graph, name) * regions
                                                                  for name in RELATIONS}
    assert _count(built, "usesLever") == 26 * regions and _count(built, "hasStatement") == 157 * regions


def test_national_levers_are_shared_across_plans_and_funds_are_not(generated):
    regions, _, _, synthetic, built = generated
    plan_of = {URIRef(f"https://w3id.org/wmgrowth/id/cluster/{p.slug}"): p.plan for p in synthetic.profiles}
    plans_per_lever = {}
    for cluster, lever in built.subject_objects(URIRef(GROW + "usesLever")):
        plans_per_lever.setdefault(str(lever).rsplit("/", 1)[-1], set()).add(plan_of[cluster])
    for lever, plans in plans_per_lever.items():
        assert len(plans) == (regions if lever in NATIONAL_LEVERS else 1), lever


def test_every_entity_is_named_in_some_bullet(generated):
    _, _, _, synthetic, built = generated
    mentioned = {str(o) for o in built.objects(None, URIRef(GROW + "mentions"))}
    for entity in synthetic.entities:
        assert f"https://w3id.org/wmgrowth/id/{entity.type}/{entity.slug}" in mentioned, entity.slug


def test_generated_page_passes_check_source(generated):
    _, folder, manifest, synthetic, _ = generated
    report = clusterkg.check_source(synthetic)
    assert report.problems == []
    assert report.bullets_on_page == report.bullets_in_profiles == manifest.statements


def test_growth_figures_are_positive_ranges(generated):
    for profile in generated[3].profiles:
        growth = profile.growth
        assert 0 < growth.output_min_gbp < growth.output_max_gbp
        assert 0 < growth.jobs_min < growth.jobs_max
