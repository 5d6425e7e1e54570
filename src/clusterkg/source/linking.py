"""Find the entities and places a text names, by alias: whole words, the longest name wins.

Where aliases overlap (one inside another, or sharing words), only the longest (then the earliest)
is a mention: "Birmingham" inside "Birmingham Health Innovation Campus" names no second thing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from clusterkg.errors import InputError

if TYPE_CHECKING:
    from clusterkg.source.profiles import ProfileSet

_FIRST_WORD = re.compile(r"\w+|\S")


@dataclass(frozen=True)
class Mention:
    slug: str
    alias: str
    start: int
    end: int

    def overlaps(self, other: Mention) -> bool:
        return self.start < other.end and other.start < self.end


class AliasMatcher:
    """Matches aliases in text as whole words; where two overlap, the longer (then the earlier) wins."""

    def __init__(self, aliases: dict[str, str]):
        """``aliases`` maps each alias to the slug it names."""
        self.aliases = dict(aliases)
        self._by_first_word: dict[str, list[str]] = defaultdict(list)
        for alias in sorted(self.aliases, key=lambda a: (-len(a), a)):
            self._by_first_word[_FIRST_WORD.match(alias).group()].append(alias)

    def find(self, text: str) -> list[Mention]:
        """The mentions in ``text``, in text order: no two overlap."""
        return self.split(text)[0]

    def split(self, text: str) -> tuple[list[Mention], list[Mention]]:
        """``(mentions, covered)``: the mentions of :meth:`find`, and every other occurrence of an
        alias, each overlapping a longer (or earlier) mention that wins over it."""
        candidates = sorted(self._occurrences(text), key=lambda c: (c.start - c.end, c.start))
        taken: list[Mention] = []
        covered: list[Mention] = []
        for c in candidates:
            (covered if any(c.overlaps(t) for t in taken) else taken).append(c)
        return sorted(taken, key=lambda c: c.start), sorted(covered, key=lambda c: c.start)

    def occurring(self, text: str) -> set[str]:
        """The aliases that occur in ``text`` as whole words, including those inside a longer match."""
        return {m.alias for m in self._occurrences(text)}

    def _occurrences(self, text: str):
        """Every whole-word occurrence of every alias, overlapping ones included, in one pass over ``text``."""
        for word in _FIRST_WORD.finditer(text):
            pos = word.start()
            if pos and (text[pos - 1].isalnum() or text[pos - 1] == "_"):
                continue
            for alias in self._by_first_word.get(word.group(), ()):
                end = pos + len(alias)
                if text.startswith(alias, pos) and not (end < len(text) and (text[end].isalnum() or text[end] == "_")):
                    yield Mention(self.aliases[alias], alias, pos, end)


def alias_map(items, path: Path) -> dict[str, str]:
    """Alias -> slug over ``items`` (places and entities); an alias may name only one thing."""
    aliases: dict[str, str] = {}
    for item in items:
        for alias in item.aliases:
            if aliases.setdefault(alias, item.slug) != item.slug:
                raise InputError(path, f"alias '{alias}' names both '{aliases[alias]}' and '{item.slug}'",
                                 field="aliases")
    return aliases


def entity_matcher(data: ProfileSet) -> AliasMatcher:
    """A matcher over every place and entity alias of ``data``; an alias may name only one thing."""
    return AliasMatcher(alias_map((*data.places, *data.entities), data.data_dir / "entities.yaml"))


def side_by_side(text: str, mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Pairs of consecutive mentions with nothing but spaces between them: on the page one name
    ("Commonwealth Games Business and Tourism Programme"), which two shorter aliases would split."""
    return [(a, b) for a, b in zip(mentions, mentions[1:]) if b.start > a.end and not text[a.end:b.start].strip()]
