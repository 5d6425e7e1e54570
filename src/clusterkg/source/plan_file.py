"""The plan file (``plan.yaml``): the plans, the source page the profiles are curated from, and the
other pages of the plan the data cites. Every problem is an :class:`~clusterkg.errors.InputError`
naming the file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from clusterkg.errors import ClusterKGError
from clusterkg.fileio import read_regular
from clusterkg.source.yamlfields import Fields, items, read_yaml

MAX_PAGE_BYTES = 64 * 1024 ** 2  # the source page (the real one: 16 KB; 1,000 generated regions: ~16 MB)


@dataclass(frozen=True)
class Plan:
    slug: str
    label: str
    line: int | None = None


@dataclass(frozen=True)
class Source:
    slug: str
    title: str
    file: Path
    line: int | None = None
    publisher: str | None = None
    issued: object = None  # datetime.date, where plan.yaml states it
    modified: object = None
    address: str | None = None  # where the page is published
    quality_note: str | None = None


@dataclass(frozen=True)
class Cited:
    """A page of the plan that the data cites but keeps no copy of."""

    slug: str
    title: str
    plan: str
    publisher: str | None = None


def load_plan(path: Path):
    """The plans and sources of ``plan.yaml``, and the length in lines of the page (the first source),
    which every line number points into."""
    doc = Fields(path, read_yaml(path))
    source_fields = list(items(path, doc, "sources"))
    if not source_fields:
        raise doc.error("sources", "at least one source is needed")
    page_lines = page_length(path.parent / source_fields[0].get("file", str))
    doc.max_line = page_lines
    sources = tuple(
        Source(
            f.slug("slug"),
            f.get("title", str),
            path.parent / f.get("file", str),
            f.get("line", int, required=False),
            f.get("publisher", str, required=False),
            _date(f, "issued"),
            _date(f, "modified"),
            web_iri(f, "address"),
            f.get("quality_note", str, required=False),
        )
        for f in items(path, doc, "sources")
    )
    plans = tuple(
        Plan(f.slug("slug"), f.get("label", str), f.get("line", int, required=False))
        for f in items(path, doc, "plans")
    )
    if not plans:
        raise doc.error("plans", "at least one plan is needed")
    cited = []
    for f in items(path, doc, "cited", required=False):
        cited.append(Cited(f.slug("slug"), f.get("title", str), f.get("plan", str),
                           f.get("publisher", str, required=False)))
        if cited[-1].plan not in {p.slug for p in plans}:
            raise f.error("plan", f"unknown plan '{cited[-1].plan}'")
    doc.refuse_unknown(also=("publication",))  # publication: read by clusterkg.publication.settings
    return plans, sources, page_lines, tuple(cited)


def page_length(path: Path) -> int:
    """The number of lines of the source page ``path`` (a regular file of at most :data:`MAX_PAGE_BYTES`)."""
    data = read_regular(path, MAX_PAGE_BYTES, "source page")
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


def _date(fields: Fields, key: str):
    """An optional date (``YYYY-MM-DD``) of a mapping."""
    from clusterkg.values import check_date

    value = fields.raw(key)
    try:
        return check_date(value if value is None or not isinstance(value, str) else value.strip(), key)
    except ClusterKGError:
        raise fields.error(key, f"not a date (YYYY-MM-DD): {value!r}") from None


def web_iri(f: Fields, key: str) -> str | None:
    """An optional web address (a homepage, a page's address): an http(s) IRI that Turtle, N-Triples
    and SPARQL can hold as it is."""
    from clusterkg.values import WEB, check_iri

    value = f.get(key, str, required=False)
    try:
        return None if value is None else check_iri(value, key, schemes=WEB)
    except ClusterKGError as exc:
        raise f.error(key, str(exc)) from None


