"""Content negotiation: which representation of a resource, or which results format, an ``Accept``
header asks for, by the rules of RFC 9110 (section 12.5.1): the most specific media range that
matches decides a type's quality, the highest quality wins, and among equals the server's order.

The same table writes the w3id.org redirect rules (an ``.htaccess`` with one rule per format, as a
pull request for ``wmgrowth`` would add them) and the site's own ``.htaccess`` (the media types).
Apache's rules match the header as text, not by quality: a header that names ``text/html`` gets HTML
first, then the RDF formats in this table's order; ``clusterkg serve`` weighs qualities properly.
The two agree on every header that names one format, or a browser's.
"""

from __future__ import annotations

from typing import NamedTuple


class MediaType(NamedTuple):
    """One representation: file extension, the media type served, the types an ``Accept`` may name it
    by, and its name for people."""

    extension: str
    media_type: str
    aliases: tuple[str, ...]
    label: str


# a resource's representations, in the order chosen among equals (HTML first, for people)
EXTENSION_TYPES = {t.extension: t for t in (
    MediaType("html", "text/html", ("text/html", "application/xhtml+xml"), "HTML"),
    MediaType("ttl", "text/turtle", ("text/turtle", "application/x-turtle"), "Turtle"),
    MediaType("jsonld", "application/ld+json", ("application/ld+json", "application/json"), "JSON-LD"),
    MediaType("rdf", "application/rdf+xml", ("application/rdf+xml",), "RDF/XML"),
    MediaType("nt", "application/n-triples", ("application/n-triples",), "N-Triples"),
)}
# SPARQL results of SELECT and ASK, and graphs of CONSTRUCT and DESCRIBE
RESULT_TYPES = {t.extension: t for t in (
    MediaType("json", "application/sparql-results+json", ("application/sparql-results+json", "application/json"),
              "SPARQL JSON"),
    MediaType("xml", "application/sparql-results+xml", ("application/sparql-results+xml", "application/xml",
                                                        "text/xml"), "SPARQL XML"),
    MediaType("csv", "text/csv", ("text/csv",), "CSV"),
    MediaType("tsv", "text/tab-separated-values", ("text/tab-separated-values",), "TSV"),
)}
GRAPH_TYPES = {k: EXTENSION_TYPES[k] for k in ("ttl", "jsonld", "nt", "rdf")}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``(media range, quality)`` of each entry of an Accept header, in its order; malformed entries
    (no ``/``, a quality that is no number from 0 to 1) are left out."""
    ranges = []
    for entry in (header or "").split(","):
        parts = [p.strip() for p in entry.split(";")]
        media = parts[0].lower()
        if "/" not in media:
            continue
        quality = 1.0
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = -1.0
        if 0.0 <= quality <= 1.0:
            ranges.append((media, quality))
    return ranges


def _quality(ranges: list[tuple[str, float]], media: str) -> float:
    """The quality the most specific matching range gives ``media`` (0 where none matches)."""
    kind = media.split("/", 1)[0]
    best, specificity = 0.0, -1
    for found, quality in ranges:
        level = 2 if found == media else 1 if found == kind + "/*" else 0 if found == "*/*" else -1
        if level > specificity:
            best, specificity = quality, level
    return best if specificity >= 0 else 0.0


def choose(header: str | None, offered: dict[str, MediaType]) -> MediaType | None:
    """The representation ``header`` prefers among ``offered`` (the first when there is no header);
    None when it accepts none of them (answer 406)."""
    ranges = parse_accept(header)
    if not header or not header.strip():
        return next(iter(offered.values()))
    best, best_quality = None, 0.0
    for item in offered.values():
        quality = max(_quality(ranges, alias) for alias in item.aliases)
        if quality > best_quality:
            best, best_quality = item, quality
    return best


def acceptable_list(offered: dict[str, MediaType]) -> str:
    """The media types on offer, for a 406 answer."""
    return ", ".join(t.media_type for t in offered.values())


def htaccess_types() -> list[dict]:
    """The ``AddType`` lines of the site's own ``.htaccess`` (the RDF files need their media types)."""
    return [{"media_type": t.media_type, "extension": t.extension} for t in EXTENSION_TYPES.values()]


def w3id_rules() -> list[dict]:
    """The RDF formats in the order the w3id rules test them, each with an Accept pattern for Apache."""
    rules = []
    for t in EXTENSION_TYPES.values():
        if t.extension == "html":
            continue
        pattern = "|".join(a.replace(".", "\\.").replace("+", "\\+") for a in t.aliases)
        rules.append({"extension": t.extension, "label": t.label, "pattern": f"({pattern})"})
    return rules
