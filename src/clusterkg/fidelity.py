"""The checks of ``check-source`` that hold links, roles and notes to what the page gives.

- the longest name wins: no two linked names stand side by side as one name on the page;
- ``leads`` names only bodies its bullet names;
- every section boundary the page does not show (no separator line, no change of bullet style)
  carries a quality note, and so does every lever wording mapped to a lever of another label and
  every label the page does not give;
- a quality note quotes only the page ("..." passages and £ figures occur on it);
- every lower-case programme, plan or initiative is an entity alias or a reviewed not_entities name
  (the rule is in ``data/entities.yaml``).

Each function takes the loaded profiles and the page and returns one problem per line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .linking import AliasMatcher, entity_matcher, side_by_side

if TYPE_CHECKING:
    from .profiles import Bullet, Profile, ProfileSet
    from .source_check import Page

BOUNDARY_WORDS = "section boundary"  # the words a note on an inferred section boundary contains
PROGRAMME_WORDS = re.compile(
    r"\b(?:programmes?|plans?|initiatives?|projects?|schemes?|strateg(?:y|ies)|bootcamps?|route maps?|"
    r"routemaps?|partnerships?|funds?|centres?)\b")
_QUOTED = re.compile(r'"([^"]+)"')
_POUNDS = re.compile(r"£\d[\d.,]*(?:bn|m|k)?")
_TEXT_SECTIONS = ("drivers", "leadership", "strengths", "actions")


def check_fidelity(data: ProfileSet, page: Page) -> list[str]:
    """Every problem of the checks above, in a stable order."""
    return [*check_links(data, page), *check_boundaries(data, page), *check_lever_wordings(data),
            *check_labels(data), *check_notes(data, page), *check_lower_case_programmes(data, page)]


def _at(profile: Profile, bullet: Bullet) -> str:
    return f"{profile.path.name}: {bullet.section}[{bullet.position - 1}] (line {bullet.line})"


def _text_bullets(data: ProfileSet, page: Page):
    """(profile, bullet, the page's text of it) for bullets whose text names things."""
    for profile in data.profiles:
        for bullet in profile.bullets():
            on_page = page.bullets.get(bullet.line)
            if bullet.section in _TEXT_SECTIONS and on_page is not None:
                yield profile, bullet, on_page.text


def check_links(data: ProfileSet, page: Page) -> list[str]:
    """Two linked names side by side are one name; ``leads`` entries are named in the page's bullet."""
    matcher, problems = entity_matcher(data), []
    for profile, bullet, text in _text_bullets(data, page):
        found = matcher.find(text)
        for a, b in side_by_side(text, found):
            problems.append(f"{_at(profile, bullet)}: '{a.alias}' ('{a.slug}') and '{b.alias}' ('{b.slug}') stand "
                            f"side by side as one name, '{text[a.start:b.end]}', but are linked as two; give the "
                            "whole name as an alias (the longest name wins)")
        named = {m.slug for m in found} | set(bullet.mentions)
        for slug in bullet.leads or ():
            if slug not in named:
                problems.append(f"{_at(profile, bullet)}: leads '{slug}', which the page's bullet does not name")
    return problems


def _divided(page: Page, before: int, after: int) -> bool:
    """Whether the page shows a break between the bullets starting at lines ``before`` and ``after``:
    a separator line (blank but for a non-breaking space) or a change of bullet indentation."""
    between = page.lines[before:after - 1]
    if any(line and not line.strip() for line in between):
        return True

    def indent(n: int) -> int:
        line = page.lines[n - 1]
        return len(line) - len(line.lstrip())
    return indent(before) != indent(after)


def check_boundaries(data: ProfileSet, page: Page) -> list[str]:
    """The first bullet after a section boundary the page does not show carries a note saying so."""
    problems = []
    for profile in data.profiles:
        bullets = list(profile.bullets())
        for prev, cur in zip(bullets, bullets[1:]):
            if prev.section == cur.section or not (0 < prev.line < cur.line <= len(page.lines)):
                continue
            if _divided(page, prev.line, cur.line) or BOUNDARY_WORDS in (cur.quality_note or "").lower():
                continue
            problems.append(f"{_at(profile, cur)}: nothing on the page divides this {cur.section} bullet from the "
                            f"{prev.section} bullet at line {prev.line} (no separator line, no change of bullet "
                            f"style); the inferred section boundary needs a quality_note naming it "
                            f"('Inferred {BOUNDARY_WORDS}. ...')")
    return problems


def check_lever_wordings(data: ProfileSet) -> list[str]:
    """A levers bullet whose wording is not exactly its one lever's label carries a note."""
    labels = {lv.slug: lv.label for lv in data.levers}
    problems = []
    for profile in data.profiles:
        for bullet in profile.sections["levers"]:
            exact = len(bullet.levers) == 1 and labels.get(bullet.levers[0]) == bullet.text
            if not exact and not bullet.quality_note:
                mapped = ", ".join(f"'{labels.get(lv, lv)}'" for lv in bullet.levers)
                problems.append(f"{_at(profile, bullet)}: the wording '{bullet.text}' is mapped to {mapped}; "
                                "a mapped lever wording needs a quality_note")
    return problems


def check_labels(data: ProfileSet) -> list[str]:
    """A label that is not one of the forms the page gives carries a note."""
    kinds = (
        ("place", data.places, lambda p: {p.page_name, *p.aliases}),
        ("entity", data.entities, lambda e: set(e.aliases)),
        ("lever", data.levers, lambda lv: set(lv.wordings)),
        ("benchmark", data.benchmarks, lambda b: {b.wording}),
    )
    problems = []
    for kind, items, forms in kinds:
        for item in items:
            if item.label not in forms(item) and not item.quality_note:
                problems.append(f"entities.yaml: {kind} '{item.slug}': the label '{item.label}' is not a form the "
                                "page gives; a name the page does not give needs a quality_note")
    return problems


def _notes(data: ProfileSet):
    """(where, note) for every quality note of the input."""
    for kind, items in (("place", data.places), ("entity", data.entities), ("lever", data.levers),
                        ("benchmark", data.benchmarks)):
        for item in items:
            yield f"entities.yaml: {kind} '{item.slug}'", item.quality_note
    for profile in data.profiles:
        yield f"{profile.path.name}: growth (line {profile.growth.line})", profile.growth.quality_note
        for bullet in profile.bullets():
            yield _at(profile, bullet), bullet.quality_note


def check_notes(data: ProfileSet, page: Page) -> list[str]:
    """What a note quotes ("..." passages, £ figures) is on the page: a note says what the page
    shows, and anything else it names by its source."""
    text, problems = page.text, []
    for where, note in _notes(data):
        for quoted in [*_QUOTED.findall(note or ""), *_POUNDS.findall(note or "")]:
            if " ".join(quoted.split()) not in text:
                problems.append(f"{where}: the quality_note quotes '{quoted}', which is not on the page")
    return problems


def check_lower_case_programmes(data: ProfileSet, page: Page) -> list[str]:
    """Every lower-case programme word lies inside an entity alias or a not_entities name."""
    names = {alias: e.slug for e in data.entities for alias in e.aliases}
    names.update(dict.fromkeys(data.not_entities, ""))
    matcher, problems = AliasMatcher(names), []
    for profile, bullet, text in _text_bullets(data, page):
        if not PROGRAMME_WORDS.search(text):
            continue
        spans = matcher.find(text)
        for word in PROGRAMME_WORDS.finditer(text):
            if any(s.start <= word.start() and word.end() <= s.end for s in spans):
                continue
            phrase = " ".join([*text[:word.start()].split()[-3:], word.group()])
            problems.append(f"{_at(profile, bullet)}: the lower-case programme '{phrase}' is neither an entity "
                            "alias nor a not_entities name (see the rule for programmes in entities.yaml)")
    return problems
