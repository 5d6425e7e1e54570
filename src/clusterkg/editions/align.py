"""Bullets of two editions paired up: the same words (kept, or moved), other words in the same place
(reworded, paired by similarity), or no partner (added, removed)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from difflib import SequenceMatcher

from clusterkg.editions.edition import Bullet

# Two wordings of one section are taken as one bullet reworded from this similarity on (difflib's ratio:
# twice the matched characters over both lengths). Below it, one bullet was removed and another added.
REWORDED_FROM = 0.6


@dataclass(frozen=True)
class Pair:
    """A bullet of the old edition and its partner in the new one; ``kind`` is kept, moved, reworded,
    added (no old) or removed (no new)."""

    kind: str
    old: Bullet | None
    new: Bullet | None

    @property
    def bullet(self) -> Bullet:
        return self.new if self.new is not None else self.old


def _by_text(old: list[Bullet], new: list[Bullet], same_section: bool) -> list[tuple[Bullet, Bullet]]:
    """Pairs of bullets with the same words, in page order, each bullet used once."""
    waiting: dict[tuple, list[Bullet]] = {}
    for b in new:
        waiting.setdefault((b.section if same_section else "", b.text), []).append(b)
    pairs = []
    for b in old:
        partners = waiting.get((b.section if same_section else "", b.text))
        if partners:
            pairs.append((b, partners.pop(0)))
    return pairs


def _out_of_order(pairs: list[tuple[Bullet, Bullet]]) -> set[int]:
    """Indices of the pairs that changed order: those outside the longest run kept in order."""
    order = sorted(range(len(pairs)), key=lambda i: pairs[i][0].position)
    tails: list[int] = []  # new positions, smallest tail of each run length
    ends: list[int] = []  # the pair index ending that run
    back: dict[int, int | None] = {}
    for i in order:
        p = pairs[i][1].position
        k = bisect.bisect_left(tails, p)
        back[i] = ends[k - 1] if k else None
        tails[k:k + 1], ends[k:k + 1] = [p], [i]
    kept, i = set(), ends[-1] if ends else None
    while i is not None:
        kept.add(i)
        i = back[i]
    return set(range(len(pairs))) - kept


def _by_similarity(old: list[Bullet], new: list[Bullet]) -> list[tuple[Bullet, Bullet]]:
    """Pairs of one section whose words are alike, the most alike first."""
    scored = sorted(((SequenceMatcher(None, a.text, b.text).ratio(), i, j)
                     for i, a in enumerate(old) for j, b in enumerate(new) if a.section == b.section),
                    key=lambda s: (-s[0], s[1], s[2]))
    used_old, used_new, pairs = set(), set(), []
    for ratio, i, j in scored:
        if ratio < REWORDED_FROM:
            break
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((old[i], new[j]))
    return pairs


SECTION_ORDER = ("Driver", "LocationStatement", "Leadership", "Strength", "Action", "LeverStatement")


def _page_order(pair: Pair) -> tuple:
    b = pair.bullet
    rank = SECTION_ORDER.index(b.section) if b.section in SECTION_ORDER else len(SECTION_ORDER)
    return (rank, b.section, b.position, pair.kind)


def align_cluster(old: list[Bullet], new: list[Bullet]) -> list[Pair]:
    """Every bullet of one cluster in both editions, paired, in page order (kept ones too)."""
    changed: list[Pair] = []
    by_section: dict[str, list[tuple[Bullet, Bullet]]] = {}
    exact = _by_text(old, new, same_section=True)
    for pair in exact:
        by_section.setdefault(pair[0].section, []).append(pair)
    for pairs in by_section.values():
        moved = _out_of_order(pairs)
        changed += [Pair("moved" if i in moved else "kept", *pair) for i, pair in enumerate(pairs)]
    rest_old = [b for b in old if b not in {p[0] for p in exact}]
    rest_new = [b for b in new if b not in {p[1] for p in exact}]
    across = _by_text(rest_old, rest_new, same_section=False)
    changed += [Pair("moved", a, b) for a, b in across]
    rest_old = [b for b in rest_old if b not in {p[0] for p in across}]
    rest_new = [b for b in rest_new if b not in {p[1] for p in across}]
    reworded = _by_similarity(rest_old, rest_new)
    changed += [Pair("reworded", a, b) for a, b in reworded]
    changed += [Pair("removed", b, None) for b in rest_old if b not in {p[0] for p in reworded}]
    changed += [Pair("added", None, b) for b in rest_new if b not in {p[1] for p in reworded}]
    return sorted(changed, key=_page_order)
