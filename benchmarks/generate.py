"""Generate synthetic profile sets in the real input format, for benchmarks.

``python benchmarks/generate.py OUT --regions R [--seed S]`` writes ``OUT/plan.yaml``,
``OUT/entities.yaml``, ``OUT/profiles/*.yaml`` and ``OUT/source/profiles.txt``: R regions, each
its own plan with eight clusters. Each region's clusters copy the shape of the eight real profiles
in ``data/`` (read programmatically, so the mix follows the real data): the same bullets per
section, the same mentions per bullet, the same places and levers per cluster, and entities shared
by the same number of clusters. Text is the real bullet text with every name swapped for the
region's own (invented) names, so the loader finds mentions by alias exactly as it does on the
real page, and ``check-source`` passes on the generated page.

What is shared across regions:
- levers: those whose label names a "fund" are regional (one per region, as the WMCA's funds are);
  the others (skills, business location coordination and FDI, competitive funding) are national, shared by
  every region;
- entities: a seeded ``national_share`` of the real entities are national bodies or assets, the
  same entity in every region (the real data has no second region to count this from; 0.25 puts
  bodies like SMMT or the BBC there); the rest are regional, one per region;
- places: never; each region has its own 21 places (16 with a GSS-like code, as in the real data).
Within a region, a seeded ``rewire`` share of each cluster's entities is swapped for another entity
of the same type that the cluster does not already name, so regions differ in who shares what.
Same arguments, same bytes.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

import clusterkg
from clusterkg.source.linking import entity_matcher
from clusterkg.source.profiles import SECTIONS
from clusterkg.source.source_check import parse_growth

SOURCE_FILE = "source/profiles.txt"
SOURCE_TITLE = "Cluster Growth Profiles"
# Where the real data has a quality note, the copy has this one: the real note quotes the real page.
SYNTHETIC_NOTE = "A synthetic copy of a quality note of the real data."
SEPARATOR = "\xa0"  # the page's section separator: a line blank but for a non-breaking space
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# Syllables for invented names: 24 x 8 x 10 x 20 = 38,400 names, enough for R = 1000 (22,000 used).
_ONSETS = ["Ash", "Bel", "Brack", "Cal", "Dun", "Elm", "Fern", "Glen", "Hart", "Ire", "Kes", "Lang",
           "Mar", "Nor", "Oak", "Pen", "Quen", "Ros", "Stan", "Thorn", "Ul", "Ver", "Whit", "Yar"]
_VOWELS = ["a", "e", "i", "o", "u", "ae", "ey", "ow"]
_CODAS = ["b", "d", "g", "l", "m", "n", "r", "s", "th", "v"]
_SUFFIXES = ["ford", "ton", "bury", "ley", "wick", "field", "ham", "by", "stow", "mouth", "well",
             "worth", "gate", "cliffe", "dale", "moor", "hurst", "combe", "den", "mere"]
_NAME_COUNT = len(_ONSETS) * len(_VOWELS) * len(_CODAS) * len(_SUFFIXES)


def _name(index: int) -> str:
    index, suffix = divmod(index, len(_SUFFIXES))
    index, coda = divmod(index, len(_CODAS))
    onset, vowel = divmod(index, len(_VOWELS))
    return _ONSETS[onset] + _VOWELS[vowel] + _CODAS[coda] + _SUFFIXES[suffix]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# -- The template: the real data's shape ----

@dataclass(frozen=True)
class _TemplateBullet:
    section: str
    text: str
    spans: tuple[tuple[int, int, str], ...]  # (start, end, slug) of each alias found in the text
    place: str | None
    levers: tuple[str, ...]
    mentions: tuple[str, ...]
    quality_note: str | None
    leads: tuple[str, ...] | None = None


@dataclass
class Template:
    """The real profiles reduced to what the generator copies."""

    data: object
    profiles: list  # (profile, [TemplateBullet])
    places: tuple
    entities: tuple
    national_levers: frozenset
    place_slugs: frozenset

    @classmethod
    def read(cls, data_dir=None) -> Template:
        data = clusterkg.load_profiles(data_dir)
        matcher = entity_matcher(data)
        profiles = []
        for profile in data.profiles:
            bullets = []
            for b in profile.bullets():
                spans = () if b.section in ("places", "levers") else tuple(
                    (m.start, m.end, m.slug) for m in matcher.find(b.text))
                bullets.append(_TemplateBullet(b.section, b.text, spans, b.place, b.levers, b.mentions,
                                               b.quality_note, b.leads))
            profiles.append((profile, bullets))
        national = frozenset(lv.slug for lv in data.levers if not re.search(r"\bfund\b", lv.label, re.I))
        return cls(data, profiles, data.places, data.entities, national, frozenset(p.slug for p in data.places))


# -- The generated set ----

@dataclass
class Manifest:
    """What was generated, for tests and the benchmark table."""

    regions: int
    seed: int
    profiles: int = 0
    statements: int = 0
    places: int = 0
    entities: int = 0
    levers: int = 0
    plans: int = 0
    page_lines: int = 0
    files: list = field(default_factory=list)


@dataclass
class _Region:
    index: int
    name: str
    slug: str
    places: dict  # template place slug -> (slug, name, gss)


class _Builder:
    def __init__(self, template: Template, regions: int, seed: int, rewire: float, national_share: float):
        self.t, self.regions, self.rng = template, regions, random.Random(seed)
        self.rewire = rewire
        names = self.rng.sample(range(_NAME_COUNT), regions * (1 + len(template.places)))
        self.names = iter(_name(i) for i in names)
        entity_slugs = [e.slug for e in template.entities]
        national_count = round(len(entity_slugs) * national_share)
        self.national_entities = frozenset(self.rng.sample(entity_slugs, national_count))
        self.by_type: dict[str, list] = {}
        for e in template.entities:
            self.by_type.setdefault(e.type, []).append(e)
        self.page: list[str] = ["Synthetic cluster growth profiles", "", SOURCE_TITLE, ""]
        self.plans, self.places, self.profiles = [], [], []
        self.entities: dict[str, dict] = {}  # slug -> entity entry, in first-use order
        self.levers: dict[str, dict] = {}
        self.used_aliases: set[str] = set()
        self.gss = 90000000

    # names of things in a region
    def region(self, index: int) -> _Region:
        name = next(self.names)
        places = {}
        for place in self.t.places:
            place_name = next(self.names)
            gss = None
            if place.gss:
                self.gss += 1
                gss = f"E{self.gss}"
            places[place.slug] = (f"{_slug(name)}-{_slug(place_name)}", place_name, gss)
        return _Region(index, name, _slug(name), places)

    def entity(self, region: _Region, slug: str) -> tuple[str, dict]:
        """The region's entity for template entity ``slug`` (national ones are shared); (slug, alias map)."""
        e = self._template_entity[slug]
        if slug in self.national_entities:
            new_slug, prefix = slug, ""
        else:
            new_slug, prefix = f"{region.slug}-{slug}", f"{region.name} "
        if new_slug not in self.entities:
            entry = {"slug": new_slug, "type": e.type, "label": prefix + e.label, "aliases": []}
            if e.quality_note:
                entry["quality_note"] = SYNTHETIC_NOTE
            self.entities[new_slug] = entry
        return new_slug, {alias: prefix + alias for alias in e.aliases}

    def lever(self, region: _Region, slug: str) -> str:
        template = next(lv for lv in self.t.data.levers if lv.slug == slug)
        if slug in self.t.national_levers:
            new_slug, label = slug, template.label
        else:
            new_slug, label = f"{region.slug}-{slug}", f"{region.name} {template.label}"
        if new_slug not in self.levers:
            entry = {"slug": new_slug, "label": label, "wordings": []}
            if template.quality_note:
                entry["quality_note"] = SYNTHETIC_NOTE
            self.levers[new_slug] = entry
        return new_slug

    def build(self) -> None:
        self._template_entity = {e.slug: e for e in self.t.entities}
        for index in range(self.regions):
            region = self.region(index)
            plan_line = len(self.page) + 1
            plan_slug = f"{region.slug}-plan"
            self.page += [f"{region.name} Plan for Growth", ""]
            self.plans.append({"slug": plan_slug, "label": f"{region.name} Plan for Growth", "line": plan_line})
            for slug, name, gss in region.places.values():
                entry = {"slug": slug, "label": name, "page_name": name, "aliases": [name]}
                if gss:
                    entry["gss"] = gss
                self.places.append(entry)
            for profile, bullets in self.t.profiles:
                self.cluster(region, plan_slug, profile, bullets)

    def _cluster_entities(self, region: _Region, bullets) -> dict[str, str]:
        """Template entity slug -> the template entity this cluster names instead (rewired or itself)."""
        named = sorted({slug for b in bullets for _, _, slug in b.spans if slug not in self.t.place_slugs}
                       | {m for b in bullets for m in b.mentions if m not in self.t.place_slugs})
        chosen: dict[str, str] = {}
        taken = set(named)
        for slug in named:
            kind = self._template_entity[slug].type
            if self.rng.random() < self.rewire:
                free = [e.slug for e in self.by_type[kind] if e.slug not in taken]
                if free:
                    target = self.rng.choice(free)
                    taken.add(target)
                    chosen[slug] = target
                    continue
            chosen[slug] = slug
        return chosen

    def cluster(self, region: _Region, plan_slug: str, profile, bullets) -> None:
        slug = f"{region.slug}-{profile.slug}"
        name = f"{profile.name} ({region.name})"
        chosen = self._cluster_entities(region, bullets)

        def mention(slug_: str) -> str:
            if slug_ in self.t.place_slugs:
                return region.places[slug_][0]
            new, aliases = self.entity(region, chosen[slug_])
            if not self.entities[new]["aliases"]:
                self.entities[new]["aliases"].append(next(iter(aliases.values())))
            return new

        name_line = len(self.page) + 1
        self.page += [f"Cluster: {name}", ""]
        growth_line = len(self.page) + 1
        growth = self.growth(profile.growth)
        self.page += [growth["text"], "", ""]
        doc = {"slug": slug, "plan": plan_slug, "name": name, "name_line": name_line,
               "growth": {"line": growth_line, **growth}}
        for section in SECTIONS:
            items = []
            for b in (b for b in bullets if b.section == section):
                item: dict = {}
                if section == "places":
                    new, place_name, _ = region.places[b.place]
                    text = place_name
                    item = {"text": text, "place": new}
                elif section == "levers":
                    levers = [self.lever(region, lv) for lv in b.levers]
                    regional = any(lv not in self.t.national_levers for lv in b.levers)
                    text = f"{region.name} {b.text}" if regional else b.text
                    for lv in levers:
                        if text not in self.levers[lv]["wordings"]:
                            self.levers[lv]["wordings"].append(text)
                    item = {"text": text, "levers": levers}
                else:
                    text = self.swap_text(region, b, chosen)
                    item = {"text": text}
                    if b.mentions:
                        item["mentions"] = [mention(m) for m in b.mentions]
                    if b.leads is not None:
                        item["leads"] = [mention(m) for m in b.leads]
                item["line"] = len(self.page) + 1
                if b.quality_note:
                    item["quality_note"] = SYNTHETIC_NOTE
                items.append(item)
                self.page += [f"  • {text}", ""]
            doc[section] = items
            self.page.append(SEPARATOR)
        self.profiles.append(doc)

    def swap_text(self, region: _Region, bullet: _TemplateBullet, chosen: dict) -> str:
        out, last = [], 0
        for start, end, slug in bullet.spans:
            alias = bullet.text[start:end]
            if slug in self.t.place_slugs:
                new_alias = region.places[slug][1]
            else:
                target = chosen[slug]
                new_slug, aliases = self.entity(region, target)
                target_aliases = self._template_entity[target].aliases
                # the same form of name where the target has it, else its first alias
                new_alias = aliases.get(alias) or aliases[target_aliases[0]]
                if new_alias not in self.entities[new_slug]["aliases"]:
                    self.entities[new_slug]["aliases"].append(new_alias)
            out += [bullet.text[last:start], new_alias]
            last = end
        out.append(bullet.text[last:])
        return "".join(out)

    def growth(self, template) -> dict:
        """Figures scaled by a seeded factor, and a sentence that states them as the page does."""
        factor = self.rng.uniform(0.6, 1.6)
        low = max(5, round(float(template.output_min_gbp) / 1e6 * factor / 5) * 5)
        high = max(low + 5, round(float(template.output_max_gbp) / 1e6 * factor / 5) * 5)
        jobs_low = max(100, int(round(template.jobs_min * factor, -2)))
        jobs_high = max(jobs_low + 100, int(round(template.jobs_max * factor, -2)))
        bench = next(b for b in self.t.data.benchmarks if b.slug == template.benchmark)
        page_a, page_b, *_ = parse_growth(template.text)
        money = f"£{high}m to £{low}m" if page_a > page_b else f"£{low}m – £{high}m"
        year = f" by {template.target_year}" if template.target_year else ""
        entry = {"text": f"Additional growth opportunity: a further {money} of output and {jobs_low:,} – "
                         f"{jobs_high:,} jobs{year} by {bench.wording}.",
                 "output_min_gbp": low * 1_000_000, "output_max_gbp": high * 1_000_000,
                 "jobs_min": int(jobs_low), "jobs_max": int(jobs_high), "benchmark": bench.slug}
        if template.target_year:
            entry["target_year"] = template.target_year
        if template.quality_note:
            entry["quality_note"] = SYNTHETIC_NOTE
        return entry


def _dump(doc) -> str:
    return yaml.dump(doc, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=1_000_000)


def generate(out_dir, regions: int = 1, seed: int = 0, *, template_dir=None, rewire: float = 0.1,
             national_share: float = 0.25) -> Manifest:
    """Write a synthetic data folder of ``regions`` regions to ``out_dir``; returns what it holds."""
    if regions < 1:
        raise ValueError("regions must be at least 1")
    if regions * 22 > _NAME_COUNT:
        raise ValueError(f"at most {_NAME_COUNT // 22} regions (not enough invented names)")
    out = Path(out_dir)
    template = Template.read(template_dir)
    b = _Builder(template, regions, seed, rewire, national_share)
    b.build()
    (out / "profiles").mkdir(parents=True, exist_ok=True)
    manifest = Manifest(regions=regions, seed=seed)
    for old in (out / "profiles").glob("*.yaml"):
        old.unlink()
    plan = {"plans": b.plans, "sources": [{"slug": "synthetic-profiles", "title": SOURCE_TITLE, "line": 3,
                                           "file": SOURCE_FILE, "publisher": "clusterkg benchmarks"}]}
    files = {"plan.yaml": "# Synthetic plans (benchmarks/generate.py).\n" + _dump(plan)}
    entities = [e for e in b.entities.values() if e["aliases"]]  # an entity no text names is left out
    for e in entities:  # a label the page does not give needs a note: give the first form the page gives
        if e["label"] not in e["aliases"] and "quality_note" not in e:
            e["label"] = e["aliases"][0]
    levers = list(b.levers.values())
    doc = {"places": b.places, "entities": entities, "levers": levers,
           "benchmarks": [{"slug": x.slug, "label": x.label, "wording": x.wording,
                           **({"quality_note": SYNTHETIC_NOTE} if x.quality_note else {})}
                          for x in template.data.benchmarks],
           "not_entities": [{"name": k, "reason": v} for k, v in template.data.not_entities.items()]}
    files["entities.yaml"] = "# Synthetic entities (benchmarks/generate.py).\n" + _dump(doc)
    for profile in b.profiles:
        files[f"profiles/{profile['slug']}.yaml"] = _dump(profile)
    files[SOURCE_FILE] = "\n".join(b.page) + "\n"
    for name, text in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    manifest.files = sorted(files)
    manifest.profiles = len(b.profiles)
    manifest.statements = sum(len(p[s]) for p in b.profiles for s in SECTIONS)
    manifest.places, manifest.entities, manifest.levers = len(b.places), len(entities), len(levers)
    manifest.plans, manifest.page_lines = len(b.plans), len(b.page)
    return manifest


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a synthetic profile set (R regions of eight clusters) in the data/ format.",
        epilog="Example:\n  python benchmarks/generate.py /tmp/r10 --regions 10 --seed 1",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", help="folder to write (plan.yaml, entities.yaml, profiles/, source/)")
    parser.add_argument("--regions", type=int, default=1, help="number of regions, each a plan of eight clusters")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--rewire", type=float, default=0.1,
                        help="share of each cluster's entities swapped for another of the same type (default 0.1)")
    parser.add_argument("--national-share", type=float, default=0.25,
                        help="share of entities that are national, the same in every region (default 0.25)")
    args = parser.parse_args(argv)
    m = generate(args.out, args.regions, args.seed, rewire=args.rewire, national_share=args.national_share)
    print(f"{args.out}: {m.plans} plans, {m.profiles} profiles, {m.statements} statements, {m.places} places, "
          f"{m.entities} entities, {m.levers} levers, {m.page_lines} page lines", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
