"""Prove the curated profiles are faithful to the source page, word for word and line for line."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from clusterkg.errors import InputError
from clusterkg.source.fidelity import check_fidelity
from clusterkg.source.linking import AliasMatcher
from clusterkg.source.profiles import ProfileSet, load_profiles

TYPE_CHECKING = False  # read by type checkers only; nothing below is imported at run time
if TYPE_CHECKING:
    import os

_BULLET = "•"
_MONEY = re.compile(r"£(\d+(?:\.\d+)?)(m|bn)\s+(?:–|-|to)\s+£(\d+(?:\.\d+)?)(m|bn)")
_JOBS = re.compile(r"([\d,]+)\s+(?:–|-|to)\s+([\d,]+) jobs")
_YEAR = re.compile(r"\bby (\d{4})\b")
_WORD = re.compile(r"[\w&][\w&’'\-:.]*\w|[\w&]")
_CONNECTORS = {"of", "and", "for", "the", "&"}


def fold(text: str) -> str:
    """Whitespace folded to single spaces (non-breaking spaces included)."""
    return " ".join(text.split())


@dataclass(frozen=True)
class PageBullet:
    line: int
    text: str


@dataclass
class Page:
    """The source page as lines, with its bullets (wrapped lines joined) by starting line."""

    path: Path
    lines: list[str]
    bullets: dict[int, PageBullet] = field(default_factory=dict)

    @classmethod
    def read(cls, path) -> Page:
        from clusterkg.fileio import read_regular
        from clusterkg.source.plan_file import MAX_PAGE_BYTES

        path = Path(path)
        raw = read_regular(path, MAX_PAGE_BYTES, "source page")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(path, "not UTF-8", line=raw[: exc.start].count(b"\n") + 1) from None
        page = cls(path, text.split("\n"))
        n = 0
        while n < len(page.lines):
            stripped = page.lines[n].strip()
            if stripped.startswith(_BULLET):
                start, parts = n + 1, [stripped[1:]]
                while (n + 1 < len(page.lines) and fold(page.lines[n + 1])
                       and not page.lines[n + 1].strip().startswith(_BULLET)):
                    n += 1
                    parts.append(page.lines[n])
                page.bullets[start] = PageBullet(start, fold(" ".join(parts)))
            n += 1
        return page

    def line(self, n: int) -> str:
        return fold(self.lines[n - 1]) if 1 <= n <= len(self.lines) else ""

    @property
    def text(self) -> str:
        return fold(" ".join(self.lines))


@dataclass
class SourceReport:
    """What ``check-source`` found: ``problems`` must be empty; ``unlinked`` lists names to review."""

    page: Path
    bullets_on_page: int = 0
    bullets_in_profiles: int = 0
    problems: list[str] = field(default_factory=list)
    unlinked: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_growth(text: str):
    """The figures a growth sentence states: (output_a, output_b, jobs_min, jobs_max, year), output in pounds.

    Output is returned in the page's order, so a reversed range shows as ``a > b``.
    """
    money, jobs, year = _MONEY.search(text), _JOBS.search(text), _YEAR.search(text)
    if not money or not jobs:
        return None
    scale = {"m": Decimal(10) ** 6, "bn": Decimal(10) ** 9}
    a = Decimal(money[1]) * scale[money[2]]
    b = Decimal(money[3]) * scale[money[4]]
    return a, b, int(jobs[1].replace(",", "")), int(jobs[2].replace(",", "")), int(year[1]) if year else None


def check_source(data: ProfileSet | None = None, data_dir: str | os.PathLike[str] | None = None) -> SourceReport:
    """Check every profile bullet, name and growth figure against the source page, and that links,
    roles and quality notes say no more than it does (:mod:`clusterkg.source.fidelity`)."""
    if data is None:
        data = load_profiles(data_dir)
    page = Page.read(data.sources[0].file)
    report = SourceReport(page=page.path, bullets_on_page=len(page.bullets))
    problem = report.problems.append
    for plan in data.plans:
        if plan.line and page.line(plan.line) != plan.label:
            problem(f"plan '{plan.slug}': line {plan.line} does not read '{plan.label}'")
    for src in data.sources:
        if src.line and page.line(src.line) != src.title:
            problem(f"source '{src.slug}': line {src.line} does not read '{src.title}'")
    used: dict[int, str] = {}
    levers_by_wording: dict[str, set[str]] = {}
    for lever in data.levers:
        for wording in lever.wordings:
            levers_by_wording.setdefault(wording, set()).add(lever.slug)
    places = {p.slug: p for p in data.places}
    cluster_lines = sorted(n for n in range(1, len(page.lines) + 1) if page.line(n).startswith("Cluster: "))
    for profile in data.profiles:
        following = bisect_right(cluster_lines, profile.name_line)
        end = cluster_lines[following] if following < len(cluster_lines) else len(page.lines) + 1
        _check_growth(data, profile, page, problem)
        _check_bullets(profile, page, (end, places, levers_by_wording), used, problem)
    for n, bullet in sorted(page.bullets.items()):
        if n not in used:
            problem(f"page line {n}: bullet not used by any profile: '{bullet.text}'")
    report.bullets_in_profiles = len(used)
    named = (*data.places, *data.entities)
    on_page = AliasMatcher({alias: item.slug for item in named for alias in item.aliases}).occurring(page.text)
    for item in named:
        for alias in item.aliases:
            if alias not in on_page:
                problem(f"entities.yaml: alias '{alias}' of '{item.slug}' does not occur on the page")
    report.problems += check_fidelity(data, page)
    check_names(data, page, problem)
    report.unlinked = unlinked_names(data, page)
    return report


def _check_growth(data: ProfileSet, profile, page: Page, problem) -> None:
    """The cluster's heading and its growth sentence, with the figures it states."""
    who, growth = profile.path.name, profile.growth
    if page.line(profile.name_line) != f"Cluster: {profile.name}":
        problem(f"{who}: line {profile.name_line} does not read 'Cluster: {profile.name}'")
    if page.line(growth.line) != growth.text:
        problem(f"{who}: growth sentence differs from line {growth.line}")
    figures = parse_growth(growth.text)
    if figures is None:
        problem(f"{who}: growth sentence states no output and jobs range")
    else:
        a, b = figures[:2]
        for difference in figure_problems(profile, figures):
            problem(difference)
        if a > b and not growth.quality_note:
            problem(f"{who}: the page's output range is reversed, but no quality_note says so")
    bench = next((b for b in data.benchmarks if b.slug == growth.benchmark), None)
    if bench and bench.wording not in growth.text:
        problem(f"{who}: growth sentence does not contain the wording of benchmark '{bench.slug}'")


def _check_bullets(profile, page: Page, known: tuple, used: dict, problem) -> None:
    """Each bullet verbatim at its line, used once, in page order inside the cluster's profile (which
    ends before line ``end``); ``known`` is ``(end, places by slug, lever slugs by wording)``."""
    end, places, levers_by_wording = known
    last = profile.growth.line
    for bullet in profile.bullets():
        at = f"{profile.path.name}: {bullet.section}[{bullet.position - 1}] (line {bullet.line})"
        on_page = page.bullets.get(bullet.line)
        if on_page is None:
            problem(f"{at}: no bullet starts at this line")
            continue
        if on_page.text != bullet.text:
            problem(f"{at}: text differs from the page, which reads '{on_page.text}'")
        if bullet.line in used:
            problem(f"{at}: bullet already used by {used[bullet.line]}")
        used[bullet.line] = at
        if not (last < bullet.line < end):
            problem(f"{at}: out of page order or outside this cluster's profile")
        last = bullet.line
        if bullet.section == "places" and places[bullet.place].page_name != bullet.text:
            problem(f"{at}: place '{bullet.place}' is written '{places[bullet.place].page_name}' on the page")
        if bullet.section == "levers" and levers_by_wording.get(bullet.text, set()) != set(bullet.levers):
            problem(f"{at}: the wording maps to levers {sorted(levers_by_wording.get(bullet.text, []))}, "
                    f"not {sorted(bullet.levers)}")


def figure_problems(profile, figures) -> list[str]:
    """``expected X (page line N), found Y at line M`` for each growth figure of ``profile`` that differs
    from what its growth sentence states (``figures``, as :func:`parse_growth` gives them)."""
    a, b, jobs_min, jobs_max, year = figures
    stated = {"output_min_gbp": min(a, b), "output_max_gbp": max(a, b), "jobs_min": jobs_min, "jobs_max": jobs_max,
              "target_year": year}
    return [f"{profile.path.name}: growth.{key}: expected {_figure(expected)} (page line {profile.growth.line}), "
            f"found {_figure(getattr(profile.growth, key))} at line {_yaml_line(profile.path, key)}"
            for key, expected in stated.items() if getattr(profile.growth, key) != expected]


def _figure(value) -> str:
    return "none" if value is None else f"{value:,}"


def _yaml_line(path: Path, key: str):
    """The line of ``key:`` in a profile's YAML (its growth figures are keyed once per file)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return "?"
    return next((n for n, line in enumerate(lines, 1) if line.lstrip().startswith(f"{key}:")), "?")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w’'-]+", text.casefold()))


def check_names(data: ProfileSet, page: Page, problem) -> None:
    """Short names and aliases come from the page: a cluster's short name is made of words of its own
    profile, unique in its plan; a cluster's alias is a word of its profile, and a lever's a word of a
    levers bullet that names the lever."""
    cluster_lines = sorted(n for n in range(1, len(page.lines) + 1) if page.line(n).startswith("Cluster: "))
    seen: dict[tuple[str, str], str] = {}
    for profile in data.profiles:
        following = bisect_right(cluster_lines, profile.name_line)
        end = cluster_lines[following] if following < len(cluster_lines) else len(page.lines) + 1
        words = _words(" ".join(page.line(n) for n in range(profile.name_line, end)))
        who = profile.path.name
        if profile.short_name:
            missing = sorted(_words(profile.short_name) - words)
            if missing:
                problem(f"{who}: short_name '{profile.short_name}': {', '.join(missing)} is not a word of the profile")
            other = seen.setdefault((profile.plan, profile.short_name.casefold()), who)
            if other != who:
                problem(f"{who}: short_name '{profile.short_name}' is also the short name in {other}")
        for alias in profile.aliases:
            if alias.casefold() not in words:
                problem(f"{who}: alias '{alias}' is not a word of the profile on the page")
    lever_text = {}
    for profile in data.profiles:
        for bullet in profile.sections["levers"]:
            for slug in bullet.levers:
                lever_text[slug] = lever_text.get(slug, "") + " " + bullet.text
    for lever in data.levers:
        for alias in lever.aliases:
            if alias.casefold() not in _words(lever_text.get(lever.slug, "")):
                problem(f"entities.yaml: alias '{alias}' of lever '{lever.slug}' is in no levers bullet that names it")


def unlinked_names(data: ProfileSet, page: Page) -> list[tuple[int, str]]:
    """Capitalised names in the profiles' text that match no alias and no reviewed ``not_entities`` name.

    A name's first word is not counted where it opens a sentence.
    """
    known = {alias: "" for item in (*data.places, *data.entities) for alias in item.aliases}
    known.update(dict.fromkeys(data.not_entities, ""))
    matcher = AliasMatcher(known)
    found: list[tuple[int, str]] = []
    for profile in data.profiles:
        texts = [(profile.growth.line, profile.growth.text)]
        texts += [(b.line, b.text) for b in profile.bullets() if b.section not in ("places", "levers")]
        for line, text in texts:
            masked = list(text)
            for m in matcher.find(text):
                masked[m.start:m.end] = "\0" * (m.end - m.start)
            found += [(line, name) for name in _capitalised_runs("".join(masked))]
    return sorted(set(found))


def _capitalised_runs(text: str):
    words = list(_WORD.finditer(text))
    run: list = []

    def flush():
        while run and run[-1].group() in _CONNECTORS:
            run.pop()
        if run:
            yield " ".join(w.group() for w in run)
        run.clear()

    for i, w in enumerate(words):
        token = w.group()
        gap = text[words[i - 1].end():w.start()] if i else text[:w.start()]
        opens_sentence = i == 0 or gap.replace("\0", "").strip().endswith((".", "-", ":"))
        if "\0" in gap or (run and gap.strip() not in ("", "&")):
            yield from flush()
        capital = any(c.isupper() for c in token)
        if capital and not (opens_sentence and not run):
            run.append(w)
        elif run and token in _CONNECTORS:
            run.append(w)
        else:
            yield from flush()
    yield from flush()
