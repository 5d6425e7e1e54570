"""Read and check the curated input: profiles, entities and the plan (``data/``).

Every problem is raised as :class:`~clusterkg.errors.InputError` naming the file, line and field,
before anything is built or written. Every value is checked as what it will become: slugs (the last
part of IRIs) to :data:`~clusterkg.source.yamlfields.SLUG`, homepages as web IRIs, figures as finite numbers
within the bounds below, line numbers from 1 to the length of the page (which is read, as a regular
file of at most :data:`MAX_PAGE_BYTES`), aliases trimmed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from clusterkg.errors import InputError
from clusterkg.progress import progress
from clusterkg.resources import data_dir as default_data_dir
from clusterkg.source.linking import AliasMatcher, alias_map
from clusterkg.source.plan_file import Cited, Plan, Source, load_plan, web_iri
from clusterkg.source.yamlfields import Fields, items, read_yaml, unique

TYPE_CHECKING = False  # read by type checkers only; nothing below is imported at run time
if TYPE_CHECKING:
    import os

# Bounds of the growth figures: far above any cluster's (the page's largest output is £950m, its most
# jobs 12,400) and below what a typo of a few digits gives; the UK's whole yearly output is about £2.5tn
# and its people about 70m.
MAX_OUTPUT_GBP = 10 ** 13  # £10tn
MAX_JOBS = 10 ** 8
MAX_BULLET_ID = 10 ** 6  # the number in a bullet's IRI (``id:``, ``revises:``)
YEARS = (1900, 2200)  # a target year

SECTIONS = ("drivers", "places", "leadership", "strengths", "actions", "levers")
ENTITY_TYPES = ("organisation", "asset", "programme", "event")


# -- The data model ----

@dataclass(frozen=True)
class Bullet:
    """One bullet of a profile section, verbatim, with the page line where it starts."""

    section: str
    position: int
    text: str
    line: int
    quality_note: str | None = None
    place: str | None = None
    levers: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    leads: tuple[str, ...] | None = None  # leadership bullets: the named bodies it presents as leading
    key: int | None = None  # the number in its IRI, kept across editions (``id:``; default: its position)
    revises: int | None = None  # the number of the previous edition's bullet it rewords (``revises:``)

    @property
    def number(self) -> int:
        """The number in the bullet's IRI: its ``id`` where the data gives one, else its position."""
        return self.key if self.key is not None else self.position


@dataclass(frozen=True)
class Growth:
    """A cluster's growth sentence and the figures it states."""

    text: str
    line: int
    output_min_gbp: Decimal
    output_max_gbp: Decimal
    jobs_min: int
    jobs_max: int
    benchmark: str
    target_year: int | None = None
    quality_note: str | None = None


@dataclass(frozen=True)
class Profile:
    """One cluster growth profile."""

    slug: str
    name: str
    name_line: int
    plan: str
    growth: Growth
    sections: dict[str, tuple[Bullet, ...]]
    path: Path
    short_name: str | None = None  # for tables and views where space is short ("EV and batteries")
    aliases: tuple[str, ...] = ()  # forms for look-up only, as hidden labels (the page's "EV")
    quality_note: str | None = None  # where the short name and aliases come from

    def bullets(self):
        """Every bullet, section by section in page order."""
        for section in SECTIONS:
            yield from self.sections[section]


@dataclass(frozen=True)
class Place:
    slug: str
    label: str
    page_name: str
    aliases: tuple[str, ...]
    gss: str | None = None
    quality_note: str | None = None


@dataclass(frozen=True)
class Entity:
    """A named organisation, asset, programme or event."""

    slug: str
    type: str
    label: str
    aliases: tuple[str, ...]
    quality_note: str | None = None
    homepage: str | None = None
    sited_at: str | None = None  # the place or asset the page says it is at ("at Hams Hall")
    sited_line: int | None = None  # the line of the bullet that says so


@dataclass(frozen=True)
class Lever:
    slug: str
    label: str
    wordings: tuple[str, ...]
    quality_note: str | None = None
    aliases: tuple[str, ...] = ()  # abbreviations for look-up only, as hidden labels ("FDI")
    source: str | None = None  # the cited page of the plan its label comes from


@dataclass(frozen=True)
class Benchmark:
    slug: str
    label: str
    wording: str
    quality_note: str | None = None


@dataclass(frozen=True)
class ProfileSet:
    """Everything the graph is built from."""

    data_dir: Path
    plans: tuple[Plan, ...]
    sources: tuple[Source, ...]
    profiles: tuple[Profile, ...]
    places: tuple[Place, ...]
    entities: tuple[Entity, ...]
    levers: tuple[Lever, ...]
    benchmarks: tuple[Benchmark, ...]
    not_entities: dict[str, str] = field(default_factory=dict)
    cited: tuple[Cited, ...] = ()

    def profile(self, slug: str) -> Profile:
        return next(p for p in self.profiles if p.slug == slug)


# -- Loading ----

def load_profiles(data_dir: str | os.PathLike[str] | None = None) -> ProfileSet:
    """Read ``plan.yaml``, ``entities.yaml`` and ``profiles/*.yaml`` from ``data_dir`` and check them."""
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    if not data_dir.is_dir():
        raise InputError(data_dir, "no such data folder")
    plans, sources, page_lines, cited = load_plan(data_dir / "plan.yaml")
    places, entities, levers, benchmarks, not_entities = _load_entities(data_dir / "entities.yaml", page_lines,
                                                                        {c.slug for c in cited})
    known = {
        "plan": {p.slug for p in plans},
        "place": {p.slug for p in places},
        "lever": {lv.slug for lv in levers},
        "benchmark": {b.slug for b in benchmarks},
        "entity": {e.slug for e in entities} | {p.slug for p in places},
        "body": {e.slug for e in entities},
        "matcher": AliasMatcher(alias_map((*places, *entities), data_dir / "entities.yaml")),
    }
    paths = sorted((data_dir / "profiles").glob("*.yaml"))
    if not paths:
        raise InputError(data_dir / "profiles", "no profiles (*.yaml) found")
    profiles, seen = [], {}
    for path in progress(paths, label="Loading profiles"):
        profile, fields = _load_profile(path, known, plans[0].slug, page_lines)
        if profile.slug in seen:
            raise fields.error("slug", f"duplicate cluster slug '{profile.slug}' (also in {seen[profile.slug]})")
        seen[profile.slug] = path.name
        profiles.append(profile)
    profiles.sort(key=lambda p: (p.plan, p.name_line, p.slug))
    return ProfileSet(
        data_dir=data_dir,
        plans=plans,
        sources=sources,
        profiles=tuple(profiles),
        places=places,
        entities=entities,
        levers=levers,
        benchmarks=benchmarks,
        not_entities=not_entities,
        cited=cited,
    )


def _load_entities(path: Path, page_lines: int | None = None, cited: frozenset | set = frozenset()):
    doc = Fields(path, read_yaml(path), max_line=page_lines)
    slugs: dict = {}
    places = []
    for f in items(path, doc, "places"):
        gss = f.get("gss", str, required=False)
        if gss is not None and not re.fullmatch(r"E[0-9]{8}", gss):  # ASCII digits only, not any Unicode digit
            raise f.error("gss", f"not an ONS GSS code: {gss!r}")
        places.append((f, Place(f.slug("slug"), f.get("label", str), f.get("page_name", str),
                                f.strings("aliases"), gss, f.get("quality_note", str, required=False))))
    unique(path, [(f, p.slug) for f, p in places], "place", slugs)
    entities = []
    for f in items(path, doc, "entities"):
        kind = f.get("type", str)
        if kind not in ENTITY_TYPES:
            raise f.error("type", f"unknown entity type '{kind}' (expected one of {', '.join(ENTITY_TYPES)})")
        entities.append((f, Entity(f.slug("slug"), kind, f.get("label", str), f.strings("aliases"),
                                   f.get("quality_note", str, required=False), web_iri(f, "homepage"),
                                   f.get("sited_at", str, required=False), f.get("sited_line", int, required=False))))
    unique(path, [(f, e.slug) for f, e in entities], "entity", slugs)
    for f, entity in entities:
        if (entity.sited_at is None) != (entity.sited_line is None):
            raise f.error("sited_at", "sited_at and sited_line go together (the place and the line that states it)")
        if entity.sited_at is not None and (entity.sited_at not in slugs or entity.sited_at == entity.slug):
            raise f.error("sited_at", f"unknown place or entity '{entity.sited_at}'")
    levers = [(f, Lever(f.slug("slug"), f.get("label", str), f.strings("wordings"),
                        f.get("quality_note", str, required=False), f.strings("aliases", required=False),
                        f.get("source", str, required=False)))
              for f in items(path, doc, "levers")]
    unique(path, [(f, lv.slug) for f, lv in levers], "lever")
    for f, lever in levers:
        if lever.source is not None and lever.source not in cited:
            raise f.error("source", f"unknown cited page '{lever.source}' (see cited in plan.yaml)")
    benchmarks = [(f, Benchmark(f.slug("slug"), f.get("label", str), f.get("wording", str),
                                f.get("quality_note", str, required=False)))
                  for f in items(path, doc, "benchmarks")]
    unique(path, [(f, b.slug) for f, b in benchmarks], "benchmark")
    not_entities = {f.get("name", str): f.get("reason", str) for f in items(path, doc, "not_entities", required=False)}
    doc.refuse_unknown()
    return (tuple(p for _, p in places), tuple(e for _, e in entities), tuple(lv for _, lv in levers),
            tuple(b for _, b in benchmarks), not_entities)


def _load_profile(path: Path, known: dict, default_plan: str, page_lines: int):
    doc = Fields(path, read_yaml(path), max_line=page_lines)
    slug = doc.slug("slug")
    plan = doc.get("plan", str, required=False) or default_plan
    if plan not in known["plan"]:
        raise doc.error("plan", f"unknown plan '{plan}'")
    g = doc.child("growth")
    growth = Growth(
        text=g.get("text", str),
        line=g.get("line", int),
        output_min_gbp=g.get("output_min_gbp", Decimal, low=0, high=MAX_OUTPUT_GBP),
        output_max_gbp=g.get("output_max_gbp", Decimal, low=0, high=MAX_OUTPUT_GBP),
        jobs_min=g.get("jobs_min", int, low=0, high=MAX_JOBS),
        jobs_max=g.get("jobs_max", int, low=0, high=MAX_JOBS),
        benchmark=g.get("benchmark", str),
        target_year=g.get("target_year", int, required=False, low=YEARS[0], high=YEARS[1]),
        quality_note=g.get("quality_note", str, required=False),
    )
    if growth.benchmark not in known["benchmark"]:
        raise g.error("benchmark", f"unknown benchmark '{growth.benchmark}'")
    if growth.output_min_gbp > growth.output_max_gbp:
        raise g.error("output_min_gbp", "output_min_gbp is greater than output_max_gbp")
    if growth.jobs_min > growth.jobs_max:
        raise g.error("jobs_min", "jobs_min is greater than jobs_max")
    sections = {section: _numbered([(f, _load_bullet(f, section, n, known))
                                    for n, f in enumerate(items(path, doc, section), start=1)])
                for section in SECTIONS}
    profile = Profile(slug, " ".join(doc.get("name", str).split()), doc.get("name_line", int), plan, growth, sections,
                      path, doc.get("short_name", str, required=False), doc.strings("aliases", required=False),
                      doc.get("quality_note", str, required=False))
    doc.refuse_unknown()
    return profile, doc


def _load_bullet(f: Fields, section: str, position: int, known: dict) -> Bullet:
    place = f.get("place", str) if section == "places" else None
    if place is not None and place not in known["place"]:
        raise f.error("place", f"unknown place '{place}'")
    levers = f.strings("levers") if section == "levers" else ()
    for i, lever in enumerate(levers):
        if lever not in known["lever"]:
            raise f.error("levers", f"unknown lever '{lever}'", i)
    mentions = f.strings("mentions", required=False)
    for i, mention in enumerate(mentions):
        if mention not in known["entity"]:
            raise f.error("mentions", f"unknown entity or place '{mention}'", i)
    leads = f.strings("leads", required=False) if f.has("leads") else None
    if leads is not None and section != "leadership":
        raise f.error("leads", "only a leadership bullet says which bodies lead the cluster")
    text = " ".join(f.get("text", str).split())
    if mentions or leads is not None or section == "leadership":
        _check_links(f, section, text, mentions, leads, known)
    key = f.get("id", int, required=False, low=1, high=MAX_BULLET_ID)
    revises = f.get("revises", int, required=False, low=1, high=MAX_BULLET_ID)
    if revises is not None and key is None:
        raise f.error("revises", "a bullet that revises another needs an id of its own (a reworded bullet gets a "
                                 "new IRI)")
    return Bullet(section, position, text, f.get("line", int), f.get("quality_note", str, required=False),
                  place, levers, mentions, leads, key, revises)


def _numbered(loaded: list[tuple[Fields, Bullet]]) -> tuple[Bullet, ...]:
    """The bullets of one section, refused when two would get the same IRI (an ``id`` equal to another
    bullet's ``id`` or, where that bullet has none, its position) or a bullet revises its own number."""
    seen: dict[int, Bullet] = {}
    for f, bullet in loaded:
        key = "id" if bullet.key is not None else "text"
        if bullet.number in seen:
            raise f.error(key, f"two bullets of {bullet.section} would share IRI number {bullet.number} (the other "
                               f"at page line {seen[bullet.number].line}): give this one an unused id")
        if bullet.revises == bullet.number:
            raise f.error("revises", f"a bullet cannot revise itself (id {bullet.number})")
        seen[bullet.number] = bullet
    return tuple(bullet for _, bullet in loaded)


def _check_links(f: Fields, section: str, text: str, mentions, leads, known: dict) -> None:
    """The longest name wins for ``mentions`` too; ``leads`` names bodies this bullet names."""
    found, covered = known["matcher"].split(text)
    by_alias = {m.slug: m for m in found}
    for i, slug in enumerate(mentions):
        if slug in by_alias:
            raise f.error("mentions", f"'{slug}' is already found by its alias '{by_alias[slug].alias}' "
                                      "(mentions is for a link no alias can find)", i)
        inside = next((c for c in covered if c.slug == slug), None)
        if inside is not None:
            longer = next(m for m in found if m.overlaps(inside))
            raise f.error("mentions", f"'{slug}' is named here only inside the longer name '{longer.alias}' "
                                      f"('{longer.slug}'); the longest name wins", i)
    named = {m.slug for m in found} | set(mentions)
    for i, slug in enumerate(leads or ()):
        if slug not in known["body"]:
            raise f.error("leads", f"unknown organisation, asset, programme or event '{slug}'", i)
        if slug not in named:
            raise f.error("leads", f"'{slug}' is not named in this bullet", i)
    if leads is None and section == "leadership" and named & known["body"]:
        raise InputError(f.path, "missing field: a leadership bullet that names a body says which of them "
                                 "lead the cluster (leads: [] if none)", line=f.line, field=f"{f.where}.leads")
