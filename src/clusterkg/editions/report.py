"""The change report for people, by cluster and section, as terminal text, Markdown or HTML. One
outline (:func:`outline`) is built from the diff and each form only writes it out."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from clusterkg.editions.align import Pair
from clusterkg.editions.changes import EditionDiff
from clusterkg.query.presentation import money

REPORT_FORMATS = ("text", "markdown", "html")
SECTION_NAMES = {"Driver": "Drivers", "LocationStatement": "Places", "Leadership": "Leadership",
                 "Strength": "Strengths", "Action": "Actions", "LeverStatement": "Levers"}
# each figure of a growth opportunity, in the order the page states them: its name and how it is shown
FIGURE_NAMES = {"minOutputGBP": "output (low)", "maxOutputGBP": "output (high)", "minJobs": "jobs (low)",
                "maxJobs": "jobs (high)", "targetYear": "target year", "benchmark": "benchmark"}
LINK_NAMES = {"locatedIn": "located in", "usesLever": "uses lever", "involves": "involves", "ledBy": "led by",
              "hasAsset": "has asset"}


@dataclass
class Block:
    """A heading and its entries; an entry is a line, or (label, old words, new words) side by side."""

    title: str
    level: int
    entries: list = field(default_factory=list)


def _quoted(text: str) -> str:
    return f"“{text}”"


def _bullet_entry(pair: Pair):
    b = pair.bullet
    where = f"line {b.line}" if b.line else f"position {b.position}"
    if pair.kind == "added":
        return f"added ({where}): {_quoted(b.text)}"
    if pair.kind == "removed":
        return f"removed (was {where}): {_quoted(b.text)}"
    if pair.kind == "reworded":
        return ("reworded", pair.old.text, pair.new.text)
    old, new = pair.old, pair.new
    if old.section != new.section:
        return f"moved from {SECTION_NAMES.get(old.section, old.section)}: {_quoted(b.text)}"
    return f"moved from position {old.position} to {new.position}: {_quoted(b.text)}"


def _figure(diff: EditionDiff, figure: str, value: str | None) -> str:
    """A figure as the CLI's tables show it: pounds as £850m, counts with separators, years bare."""
    if value is None:
        return "none"
    if figure == "benchmark":
        return diff.name(value)
    if figure.endswith("GBP"):
        return money(value)
    return value if figure == "targetYear" or not value.isdigit() else f"{int(value):,}"


def _cluster_blocks(diff: EditionDiff, cluster: str) -> list[Block]:
    blocks = []
    rank = list(FIGURE_NAMES)
    figures = sorted((f for f in diff.figures if f.cluster == cluster),
                     key=lambda f: rank.index(f.figure) if f.figure in rank else len(rank))
    if figures:
        blocks.append(Block("Figures", 3, [f"{FIGURE_NAMES.get(f.figure, f.figure)}: {_figure(diff, f.figure, f.old)}"
                                           f" → {_figure(diff, f.figure, f.new)}" for f in figures]))
    pairs = diff.bullets.get(cluster, [])
    for section in dict.fromkeys(p.bullet.section for p in pairs):
        blocks.append(Block(SECTION_NAMES.get(section, section), 3,
                            [_bullet_entry(p) for p in pairs if p.bullet.section == section]))
    links = [("gained", link) for link in diff.links_gained if link[0] == cluster]
    links += [("lost", link) for link in diff.links_lost if link[0] == cluster]
    if links:
        blocks.append(Block("Links", 3, [f"{how}: {LINK_NAMES.get(prop, prop)} {diff.name(target)}"
                                         for how, (_, prop, target) in links]))
    return blocks


def outline(diff: EditionDiff) -> list[Block]:
    """The report's headings and entries, in a fixed order."""
    blocks = [Block(f"Changes from {diff.old.origin} to {diff.new.origin}", 1)]
    if diff.same:
        blocks[0].entries.append("The two editions hold the same graph.")
        return blocks
    if diff.clusters_added:
        blocks.append(Block("New clusters", 2, [diff.name(c) for c in diff.clusters_added]))
    if diff.clusters_removed:
        blocks.append(Block("Clusters removed", 2, [diff.old.name(c) for c in diff.clusters_removed]))
    for cluster in sorted(set(diff.old.clusters) | set(diff.new.clusters), key=diff.name):
        inner = _cluster_blocks(diff, cluster)
        if inner:
            blocks += [Block(diff.name(cluster), 2), *inner]
    if diff.renamed:
        blocks.append(Block("Renamed", 2, [f"{old} → {new}" for _, old, new in diff.renamed]))
    notes = [f"added on {diff.name(s)}: {_quoted(n)}" for s, n in diff.notes_added]
    notes += [f"resolved on {diff.old.name(s)}: {_quoted(n)}" for s, n in diff.notes_resolved]
    if notes:
        blocks.append(Block("Quality notes", 2, notes))
    if diff.reused:
        blocks.append(Block("IRIs that now name other words", 2, [
            f"{iri}: was {_quoted(old)}, now {_quoted(new)}" for iri, old, new in diff.reused]))
    if diff.renumbered:
        blocks.append(Block("To keep every IRI, the new edition's data would say", 2, [
            f"{diff.name(b.cluster)}, {SECTION_NAMES.get(b.section, b.section)} at line {b.line}: {advice}"
            for b, advice in diff.renumbered]))
    blocks.append(Block("Triples", 2, [f"{len(diff.quads_removed):,} removed, {len(diff.quads_added):,} added"]))
    return blocks


def _text(blocks: list[Block], markdown: bool) -> str:
    out = []
    for block in blocks:
        out.append(("#" * block.level + " " if markdown else "") + block.title)
        if not markdown and block.level == 1:
            out.append("=" * len(block.title))
        for entry in block.entries:
            if isinstance(entry, tuple):
                label, old, new = entry
                out += [f"- {label}:", f"    was: {_quoted(old)}", f"    now: {_quoted(new)}"]
            else:
                out.append(f"- {entry}" if block.level > 1 else entry)
        out.append("")
    return "\n".join(out)


def _html(blocks: list[Block]) -> str:
    e = html.escape
    out = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">',
           f"<title>{e(blocks[0].title)}</title>\n</head>\n<body>\n<main>"]
    for block in blocks:
        out.append(f"<h{block.level}>{e(block.title)}</h{block.level}>")
        if not block.entries:
            continue
        out.append("<ul>" if block.level > 1 else "")
        for entry in block.entries:
            if isinstance(entry, tuple):
                label, old, new = entry
                out.append(f"<li>{e(label)}<table><tr><th scope=\"row\">was</th><td><del>{e(old)}</del></td></tr>"
                           f"<tr><th scope=\"row\">now</th><td><ins>{e(new)}</ins></td></tr></table></li>")
            else:
                out.append(f"<li>{e(entry)}</li>" if block.level > 1 else f"<p>{e(entry)}</p>")
        out.append("</ul>" if block.level > 1 else "")
    out.append("</main>\n</body>\n</html>\n")
    return "\n".join(line for line in out if line)


def render_report(diff: EditionDiff, form: str = "text") -> str:
    blocks = outline(diff)
    if form == "html":
        return _html(blocks)
    if form in ("text", "markdown"):
        return _text(blocks, markdown=form == "markdown")
    raise ValueError(f"unknown report format {form!r}: one of {', '.join(REPORT_FORMATS)}")
