"""The checks of ``check-source`` that hold links, roles and notes to what the page gives.

- the longest name wins: no two linked names stand side by side as one name on the page;
- ``leads`` names only bodies its bullet names, and only bodies its words present as leading
  (:func:`check_leads`);
- every section boundary the page does not show (no separator line, no change of bullet style)
  carries a quality note, and so does every lever wording mapped to a lever of another label and
  every label the page does not give;
- a quality note quotes only the page ("..." passages and £ figures occur on it);
- every lower-case programme, plan or initiative is an entity alias or a reviewed not_entities name
  (the rule is in ``data/entities.yaml``);
- a cluster's short name and look-up aliases carry a note; every homepage names its source in the
  entity's note; an asset's place (``sited_at``) is written beside it at its ``sited_line``;
- no two places, entities, levers, benchmarks or clusters share a name (label, alias or wording).

Each function takes the loaded profiles and the page and returns one problem per line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from clusterkg.source.linking import AliasMatcher, entity_matcher, side_by_side

if TYPE_CHECKING:
    from clusterkg.source.profiles import Bullet, Profile, ProfileSet
    from clusterkg.source.source_check import Page

BOUNDARY_WORDS = "section boundary"  # the words a note on an inferred section boundary contains
PROGRAMME_WORDS = re.compile(
    r"\b(?:programmes?|plans?|initiatives?|projects?|schemes?|strateg(?:y|ies)|bootcamps?|route maps?|"
    r"routemaps?|partnerships?|funds?|centres?)\b")
_QUOTED = re.compile(r'"([^"]+)"')
_POUNDS = re.compile(r"£\d[\d.,]*(?:bn|m|k)?")
_TEXT_SECTIONS = ("drivers", "leadership", "strengths", "actions")
# Words of a leadership bullet that say who leads ("Business leadership provided by ...", "business-led").
LEADING_WORDS = re.compile(r"\bleadership (?:provided by|from|via)\b|\bled by\b|-led\b")
# Words after which a body is a partner, funder, evaluator or supporter, never the leader.
PARTNER_WORDS = re.compile(r"\b(?:alongside|in conjunction with|funded by|supported|evaluation from)\b")
# The body named just before these words supports someone else's work ("Economic Growth Board supported ...").
SUPPORTING_WORDS = re.compile(r"\s+(?:supported|supports)\b")
# A bullet that is a list of bodies: "National bodies like SMMT", "... networks like A, B and C".
LIST_WORDS = re.compile(r"\b(?:like|including)\b")


def check_fidelity(data: ProfileSet, page: Page) -> list[str]:
    """Every problem of the checks above, in a stable order."""
    return [*check_links(data, page), *check_leads(data, page), *check_boundaries(data, page),
            *check_lever_wordings(data), *check_labels(data), *check_notes(data, page),
            *check_lower_case_programmes(data, page), *check_cluster_names(data), *check_homepages(data),
            *check_sites(data, page), *check_shared_names(data)]


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


def _leads_problem(bullet: Bullet, text: str, mention, section_says_who: bool) -> str | None:
    """Why the words of ``text`` do not present the body found at ``mention`` as leading, or None."""
    partner = PARTNER_WORDS.search(text)
    if partner and partner.start() < mention.start:
        return f"is named after '{partner.group()}', as a partner, funder or supporter"
    if SUPPORTING_WORDS.match(text, mention.end):
        return "is presented as supporting ('supported')"
    if LEADING_WORDS.search(text) or mention.start == 0:
        return None  # the bullet says who leads, or the body opens it (its subject)
    if section_says_who:
        return ("is in a bullet without leading words, beside a bullet of the section that says who leads "
                "('leadership provided by', 'leadership from', 'led by', '-led')")
    if not LIST_WORDS.search(text[:mention.start]):
        return "is neither the bullet's subject nor in a list of bodies ('... like', '... including')"
    return None


def check_leads(data: ProfileSet, page: Page) -> list[str]:
    """A body a leadership bullet ``leads`` is presented as leading by the bullet's words: (1) the bullet
    says so ('leadership provided by', 'leadership from', 'leadership via', 'led by', '-led'), (2) the
    body's name opens the bullet (it is its subject: "West Midlands Growth Company, working ..."), or
    (3) the bullet lists bodies ("National bodies like SMMT") in a leadership section none of whose
    bullets says who leads in the words of (1). Never a body named after a partner's words ('alongside',
    'in conjunction with', 'funded by', 'supported', 'evaluation from'), nor one that 'supported' another."""
    matcher, problems = entity_matcher(data), []
    for profile in data.profiles:
        texts = {b.line: page.bullets[b.line].text for b in profile.sections["leadership"] if b.line in page.bullets}
        section_says_who = any(LEADING_WORDS.search(text) for text in texts.values())
        for bullet in profile.sections["leadership"]:
            text = texts.get(bullet.line)
            if text is None:
                continue
            found = {m.slug: m for m in reversed(matcher.find(text))}  # the first mention of each
            for slug in bullet.leads or ():
                why = _leads_problem(bullet, text, found[slug], section_says_who) if slug in found else None
                if why:
                    problems.append(f"{_at(profile, bullet)}: leads '{slug}', which {why}")
    return problems


def check_cluster_names(data: ProfileSet) -> list[str]:
    """A cluster's short name (ours, from its heading) and look-up aliases carry a note saying so."""
    return [f"{profile.path.name}: short_name and aliases need a quality_note saying where they come from"
            for profile in data.profiles if (profile.short_name or profile.aliases) and not profile.quality_note]


def check_homepages(data: ProfileSet) -> list[str]:
    """Every homepage cites its source: the entity's note gives the address and where it comes from."""
    return [f"entities.yaml: entity '{e.slug}': the homepage {e.homepage} cites no source (the entity's "
            "quality_note must give the address and name where it comes from)"
            for e in data.entities if e.homepage and e.homepage not in (e.quality_note or "")]


def check_sites(data: ProfileSet, page: Page) -> list[str]:
    """An asset's ``sited_at`` is written right after its name in the bullet at ``sited_line``
    ("British Volt facility at Hams Hall", "Creative Content Hub at The Bond, Digbeth", "Screen School
    opened in Wolverhampton")."""
    named: dict = {item.slug: item for item in (*data.places, *data.entities)}  # type: ignore[attr-defined]
    problems = []
    for entity in data.entities:
        if not entity.sited_at:
            continue
        bullet = page.bullets.get(entity.sited_line)
        text = bullet.text if bullet else ""
        pattern = "(?:{})(?: at | in | opened in |, )(?:{})\\b".format(
            "|".join(map(re.escape, entity.aliases)), "|".join(map(re.escape, named[entity.sited_at].aliases)))
        if not re.search(pattern, text):
            problems.append(f"entities.yaml: entity '{entity.slug}': the bullet at line {entity.sited_line} does not "
                            f"place it at '{entity.sited_at}' (its name, then ' at ', ' in ', ' opened in ' or ', ', "
                            "then the place)")
    return problems


def check_shared_names(data: ProfileSet) -> list[str]:
    """No two things share a name: labels, aliases, wordings and short names, in any letter case."""
    owners: dict[str, set[str]] = {}
    kinds = (("place", data.places, lambda p: {p.label, p.page_name, *p.aliases}),
             ("entity", data.entities, lambda e: {e.label, *e.aliases}),
             ("lever", data.levers, lambda lv: {lv.label, *lv.wordings, *lv.aliases}),
             ("benchmark", data.benchmarks, lambda b: {b.label}),
             ("cluster", data.profiles, lambda c: {c.name, *filter(None, [c.short_name]), *c.aliases}))
    for kind, items, names in kinds:
        for item in items:
            for name in names(item):
                owners.setdefault(name.casefold(), set()).add(f"{kind} '{item.slug}'")
    return [f"entities.yaml: the name '{name}' is shared by {' and '.join(sorted(who))}; no two things share a name"
            for name, who in sorted(owners.items()) if len(who) > 1]
