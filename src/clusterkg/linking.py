"""Find the entities and places a text names, by alias: whole words, longest match first."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from .errors import InputError
from .profiles import ProfileSet

_FIRST_WORD = re.compile(r"\w+|\S")


@dataclass(frozen=True)
class Mention:
    slug: str
    alias: str
    start: int
    end: int


class AliasMatcher:
    """Matches aliases in text as whole words; where two overlap, the longer (then the earlier) wins."""

    def __init__(self, aliases: dict[str, str]):
        """``aliases`` maps each alias to the slug it names."""
        self.aliases = dict(aliases)
        self._by_first_word: dict[str, list[str]] = defaultdict(list)
        for alias in sorted(self.aliases, key=lambda a: (-len(a), a)):
            self._by_first_word[_FIRST_WORD.match(alias).group()].append(alias)

    def find(self, text: str) -> list[Mention]:
        candidates = sorted(self._occurrences(text), key=lambda c: (c.start - c.end, c.start))
        taken: list[Mention] = []
        for c in candidates:
            if all(c.end <= t.start or c.start >= t.end for t in taken):
                taken.append(c)
        return sorted(taken, key=lambda c: c.start)

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


def entity_matcher(data: ProfileSet) -> AliasMatcher:
    """A matcher over every place and entity alias of ``data``; an alias may name only one thing."""
    aliases: dict[str, str] = {}
    for item in (*data.places, *data.entities):
        for alias in item.aliases:
            if aliases.setdefault(alias, item.slug) != item.slug:
                raise InputError(data.data_dir / "entities.yaml",
                                 f"alias '{alias}' names both '{aliases[alias]}' and '{item.slug}'", field="aliases")
    return AliasMatcher(aliases)
