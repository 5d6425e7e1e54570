"""The words of the views: the tooltips of nodes and links, each with the source bullets behind a link
("line N: text"), and the tables that give in text what each view draws (its text equivalent).

A link is counted (a cluster uses a lever, is located in a place, involves an entity) or a mention: a
place named in the text of a bullet outside the places section, drawn dashed and never counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MENTIONS = "mentions"  # network.MENTIONS, without importing networkx here
KIND_NAMES = {"cluster": "Cluster", "lever": "Lever", "place": "Place", "organisation": "Organisation",
              "asset": "Asset", "programme": "Programme", "event": "Event"}
RELATION_WORDS = {
    "usesLever": "uses lever",
    "locatedIn": "is located in",
    "ledBy": "is led by",
    "hasAsset": "has asset",
    "involves": "involves",
    MENTIONS: "names in the text of a bullet",
}
RELATION_ORDER = {name: i for i, name in enumerate(RELATION_WORDS)}
TEXT_ONLY = "named in the text only (not counted)"
TITLE_LIMIT = 40  # clusters or nodes listed in one tooltip; the rest are counted

Bullets = tuple[tuple[int, str], ...]  # (source line, verbatim text), sorted


@dataclass(frozen=True)
class Link:
    """A cluster and a node of a view: the relations between them, the bullets behind the counted ones,
    and those that only name the node in their text."""

    cluster: str
    target: str
    relations: tuple[str, ...]  # in RELATION_WORDS order
    bullets: Bullets
    text_bullets: Bullets = ()  # naming the node in the text only, not among ``bullets``

    @property
    def text_only(self) -> bool:
        return self.relations == (MENTIONS,)


def make_link(cluster: str, target: str, by_relation: dict[str, Bullets]) -> Link:
    """The :class:`Link` of ``cluster`` and ``target`` from the bullets behind each relation."""
    relations = tuple(sorted(by_relation, key=RELATION_ORDER.get))
    counted = sorted({b for name, rows in by_relation.items() if name != MENTIONS for b in rows})
    named = sorted(set(by_relation.get(MENTIONS, ())) - set(counted))
    if relations == (MENTIONS,):
        return Link(cluster, target, relations, tuple(named))
    return Link(cluster, target, relations, tuple(counted), tuple(named))


@dataclass
class Table:
    """A table of a page: id, caption, headers, rows of cells (a cell is text or a list of lines; the first
    heads its row), the columns holding numbers, a note (what the table leaves out) and a row of totals."""

    id: str
    caption: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    numeric: tuple[int, ...] = ()
    note: str | None = None
    footer: list | None = None  # a row of totals


def bullet_lines(bullets: Bullets, indent: str = "") -> list[str]:
    return [f"{indent}line {line}: {text}" for line, text in bullets]


def _more(total: int) -> list[str]:
    return [f"• and {total - TITLE_LIMIT:,} more"] if total > TITLE_LIMIT else []


def link_title(cluster_label: str, target_label: str, link: Link) -> str:
    """A link's tooltip: what links the two, then every bullet behind it."""
    if link.text_only:
        lines = [f"{cluster_label} names {target_label} in the text of a bullet (not counted as a link)", ""]
        return "\n".join(lines + bullet_lines(link.bullets))
    words = ", ".join(RELATION_WORDS[r] for r in link.relations if r != MENTIONS)
    lines = [f"{cluster_label} {words} {target_label}", ""] + bullet_lines(link.bullets)
    if link.text_bullets:
        lines += ["", "Also named in the text of:"] + bullet_lines(link.text_bullets)
    return "\n".join(lines)


def resource_title(label: str, kind: str, links: list[tuple[str, Link]]) -> str:
    """A lever's, place's or entity's tooltip: the clusters linked to it, each with the bullets behind the
    link, then the clusters that only name it in a bullet's text. ``links``: (cluster label, link)."""
    counted = [(name, link) for name, link in links if not link.text_only]
    named = [(name, link) for name, link in links if link.text_only]
    lines = [label, KIND_NAMES[kind]]
    if counted or not named:
        lines += ["", f"Touches clusters ({len(counted)}):"]
        for name, link in counted[:TITLE_LIMIT]:
            lines += [f"• {name}"] + bullet_lines(link.bullets, "  ")
        lines += _more(len(counted))
    if named:
        lines += ["", f"Named only in the text of a bullet of ({len(named)}; not counted):"]
        for name, link in named[:TITLE_LIMIT]:
            lines += [f"• {name}"] + bullet_lines(link.bullets, "  ")
        lines += _more(len(named))
    return "\n".join(lines)


def growth_words(growth: dict | None) -> str:
    if not growth:
        return ""
    year = f" by {growth['year']}" if growth["year"] else ""
    return f" · a further {growth['output_text']} of output and {growth['jobs_text']} jobs{year}"


def cluster_title(label: str, growth: dict | None, linked: list[tuple[str, str, Link]]) -> str:
    """A cluster's tooltip: its growth opportunity, then each node linked to it with the lines of the
    bullets behind the link. ``linked``: (node label, node kind, link)."""
    lines = [label, KIND_NAMES["cluster"] + growth_words(growth), "", f"Linked here to ({len(linked)}):"]
    for name, kind, link in linked[:TITLE_LIMIT]:
        numbers = ", ".join(str(line) for line, _ in link.bullets)
        what = KIND_NAMES[kind].lower() + ("; " + TEXT_ONLY if link.text_only else "")
        lines.append(f"• {name} ({what})" + (f", line{'s' if len(link.bullets) > 1 else ''} {numbers}"
                                            if numbers else ""))
    return "\n".join(lines + _more(len(linked)))


def link_rows(links: list[Link], label: dict, kind: dict) -> list[list]:
    """The rows of a view's table of links: cluster, how they are linked, node, its kind, the bullets."""
    rows = []
    for link in links:
        how = TEXT_ONLY if link.text_only else ", ".join(RELATION_WORDS[r] for r in link.relations if r != MENTIONS)
        bullets = bullet_lines(link.bullets)
        if link.text_bullets:
            bullets += [f"{line} (names it in the text only)" for line in bullet_lines(link.text_bullets)]
        rows.append([label[link.cluster], how, label[link.target], KIND_NAMES[kind[link.target]], bullets])
    return rows


def node_rows(links: list[Link], nodes: list[str], label: dict, kind: dict, short: dict) -> list[list]:
    """The rows of a view's table of nodes (other than clusters): name, kind, how many clusters it touches
    and which, and the clusters that only name it in a bullet's text."""
    counted: dict[str, list] = {}
    named: dict[str, list] = {}
    for link in links:
        (named if link.text_only else counted).setdefault(link.target, []).append(short[link.cluster])
    return [[label[n], KIND_NAMES[kind[n]], str(len(counted.get(n, ()))), ", ".join(counted.get(n, ())),
             ", ".join(named.get(n, ()))] for n in nodes if kind[n] != "cluster"]


NODE_HEADERS = ["Name", "Kind", "Touches clusters", "Which clusters", "Named only in the text of"]
LINK_HEADERS = ["Cluster", "Link", "Linked to", "Kind", "Source bullets"]
PAIR_HEADERS = ["Cluster", "and cluster", "Shared", "How alike (share in common)", "Levers", "Places",
                "Organisations, assets, programmes and events"]
