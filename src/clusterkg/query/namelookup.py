"""One name look-up for every surface: the CLI's params, the editor's param form and the views' search.

A name is compared by its key: letters and digits only, in lower case, without accents, ``&`` read as
``and``, apostrophes dropped and every other run of punctuation or space one space ("Nuneaton &
Bedworth" and "nuneaton-and-bedworth" have the key ``nuneaton and bedworth``). A value is looked up in
tiers, and the first tier that finds something decides:

1. ``exact``: the value is the thing's IRI, or its key is the key of one of the thing's names (label,
   short name, the page's other names, GSS code, slug);
2. ``acronym``: the value, without spaces, is the initials of one of its names (``WMCA``), with or
   without the small words (and, of, the, for, ...);
3. ``words``: every word of the value is a word of one name ("skills" finds "Develop future skills
   pathway", "foreign investment" finds "Business location coordination and foreign direct investment");
4. ``prefix``: every word of the value begins a word of one name ("aerosp", "dev fut").

Tiers 3 and 4 are partial and never name a place (:data:`WHOLE_ONLY`): "Warwickshire" is a county the
graph does not hold, not its district North Warwickshire; such a match is refused and its things are
offered as suggestions. A value
that finds nothing gets the closest names by rapidfuzz's ``fuzz.ratio`` (the Indel similarity, 0-100),
against each whole name and each run of as many of its words as the value has, at least
:data:`CUTOFF`. ``viz/static/names.js`` does the same in the browser on the index of
:func:`index_json`; docs/names.md describes both.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz

CUTOFF = 66  # the least fuzz.ratio of a suggestion (two thirds: "FDl" is close to "FDI")
CLOSEST = 5  # suggestions offered
SMALL_WORDS = frozenset({"a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "with"})
TIERS = ("exact", "acronym", "words", "prefix")
PARTIAL = ("words", "prefix")
WHOLE_ONLY = frozenset({"place"})  # kinds named by a whole name only: a place's part names another place
_APOSTROPHES = re.compile("['\u2019`]")
_NOT_LETTERS = re.compile(r"[\W_]+")


def name_key(text: str) -> str:
    """A name as it is compared: ``"Stratford-on-Avon’s  Café"`` -> ``"stratford on avons cafe"``."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.category(c).startswith("M")).lower()
    text = _APOSTROPHES.sub("", text.replace("&", " and "))
    return " ".join(_NOT_LETTERS.sub(" ", text).split())


def acronyms(key: str) -> set[str]:
    """The initials of a name's key, with and without its small words (names of two words or more)."""
    words = key.split()
    found = {"".join(w[0] for w in words), "".join(w[0] for w in words if w not in SMALL_WORDS)}
    return {a for a in found if len(a) >= 2} if len(words) >= 2 else set()


@dataclass(frozen=True)
class Named:
    """A thing that can be looked up: its IRI, kind (``place``, ``lever``...), label and every name."""

    iri: str
    kind: str
    label: str
    names: tuple[str, ...]
    keys: tuple[str, ...] = field(init=False, compare=False)
    _named: dict = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        named: dict[str, str] = {}
        for name in (self.label, *self.names):
            named.setdefault(name_key(name), name)
        named.pop("", None)
        object.__setattr__(self, "_named", named)
        object.__setattr__(self, "keys", tuple(named))

    def matches(self, tier: str, key: str) -> bool:
        """Whether this thing is found by ``key`` (a value's key) in ``tier``."""
        words = key.split()
        if tier == "exact":
            return key in self.keys
        if tier == "acronym":
            return len(key.replace(" ", "")) >= 2 and any(key.replace(" ", "") in acronyms(k) for k in self.keys)
        if tier == "words":
            return any(set(words) <= set(k.split()) for k in self.keys)
        return any(all(any(w.startswith(q) for w in k.split()) for q in words) for k in self.keys)

    def score(self, key: str) -> tuple[float, str]:
        """The closest any of its names comes to ``key`` and that name: fuzz.ratio against the whole
        name and against each run of as many words as ``key`` has (the first name wins a tie)."""
        size, best = len(key.split()), (0.0, self.label)
        for name in self.keys:
            words = name.split()
            runs = [" ".join(words[i:i + size]) for i in range(max(len(words) - size + 1, 1))]
            score = max(fuzz.ratio(key, name), *(fuzz.ratio(key, run) for run in runs))
            if score > best[0]:
                best = (score, self._named[name])
        return best


@dataclass
class Found:
    """What a value names: ``things`` found in tier ``how`` (none: ``how`` is ``""``), and the
    ``closest`` things (thing, score, its nearest name) where it names nothing; ``how`` is ``words`` or
    ``prefix`` with no things where a partial match was refused (then ``closest`` holds its things)."""

    value: str
    things: list[Named]
    how: str = ""
    closest: list[tuple[Named, float, str]] = field(default_factory=list)


class NameIndex:
    """Things by name; :meth:`find` is the look-up, :meth:`search` the ranked list a search box shows."""

    def __init__(self, things):
        self.things = sorted(things, key=lambda t: (t.kind, name_key(t.label), t.iri))

    def of_kinds(self, kinds) -> NameIndex:
        kinds = set(kinds)
        return NameIndex(t for t in self.things if t.kind in kinds)

    def find(self, value: str, whole_only=WHOLE_ONLY) -> Found:
        """The things ``value`` names, by the first tier that finds any. Things of the kinds in
        ``whole_only`` are never named by words or prefixes: such a match is refused, and its things
        lead the closest names."""
        key = name_key(value)
        if not key:
            return Found(value, [])
        by_iri = [t for t in self.things if t.iri == value.strip()]
        if by_iri:
            return Found(value, by_iri, "exact")
        for tier in TIERS:
            found = [t for t in self.things if t.matches(tier, key)]
            named = [t for t in found if tier not in PARTIAL or t.kind not in whole_only]
            if named:
                return Found(value, named, tier)
            if found:
                return Found(value, [], tier, [(t, 100.0, t.label) for t in found][:CLOSEST])
        return Found(value, [], closest=self.closest(key))

    def closest(self, key: str, limit: int = CLOSEST) -> list[tuple[Named, float, str]]:
        """Up to ``limit`` things whose names come within :data:`CUTOFF` of ``key``, closest first, each
        with its score and nearest name."""
        scored = [(t, *t.score(key)) for t in self.things]
        scored = [s for s in scored if s[1] >= CUTOFF]
        scored.sort(key=lambda s: (-s[1], name_key(s[0].label), s[0].iri))
        return scored[:limit]

    def search(self, value: str, limit: int = 10) -> list[Named]:
        """Everything a search box offers for ``value``: the things of each tier in turn, then the closest."""
        key, shown = name_key(value), {}
        if not key:
            return []
        for tier in TIERS:
            for thing in self.things:
                if thing.matches(tier, key):
                    shown.setdefault(thing.iri, thing)
        for thing, _, _ in self.closest(key, limit):
            shown.setdefault(thing.iri, thing)
        return list(shown.values())[:limit]


def index_json(index: NameIndex) -> dict:
    """The index as the browser reads it (``names.json``): each thing with its names and their keys."""
    return {"cutoff": CUTOFF, "closest": CLOSEST, "smallWords": sorted(SMALL_WORDS),
            "things": [{"iri": t.iri, "kind": t.kind, "label": t.label, "names": list(t.names),
                        "keys": list(t.keys)} for t in index.things]}
