"""Query results: rows of RDF terms, plain Python records, and the output formats.

``csv`` and ``tsv`` follow the SPARQL 1.1 Query Results CSV and TSV Formats, ``json`` the SPARQL 1.1
Query Results JSON Format; ``table`` (fitted to the terminal) and ``md`` show labels, not IRIs.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from .errors import ClusterKGError

FORMATS = ("table", "csv", "tsv", "json", "md")
_NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long, XSD.short,
            XSD.nonNegativeInteger, XSD.positiveInteger, XSD.negativeInteger, XSD.nonPositiveInteger}


@dataclass
class QueryResult:
    """What a query returned: ``variables`` and ``rows`` (dicts of rdflib terms; an unbound variable
    is absent), or ``boolean`` for an ASK query. ``to_records()`` gives plain Python values, e.g. for
    ``pandas.DataFrame(result.to_records())``."""

    variables: list[str]
    rows: list[dict]
    boolean: bool | None = None
    source: object = field(default=None, repr=False)  # where labels are looked up
    name: str | None = None
    bindings: dict = field(default_factory=dict)

    @classmethod
    def from_graph(cls, graph: Graph, source=None) -> QueryResult:
        """A CONSTRUCT or DESCRIBE result as rows of subject, predicate, object (sorted)."""
        triples = sorted(graph, key=lambda t: tuple(term.n3() for term in t))
        return cls(variables=["subject", "predicate", "object"], source=source,
                   rows=[dict(zip(("subject", "predicate", "object"), t)) for t in triples])

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def to_records(self) -> list[dict]:
        """Rows as dicts of Python values (str, int, Decimal, bool, date...; None where unbound)."""
        return [{v: to_python(row.get(v)) for v in self.variables} for row in self.rows]

    def labels(self) -> dict:
        """Display names of the IRIs in the rows: label, else prefixed name, else the IRI."""
        iris = {t for row in self.rows for t in row.values() if isinstance(t, URIRef)}
        found = self.source.labels(sorted(iris)) if self.source is not None and iris else {}
        return {iri: found.get(iri) or prefixed_name(iri) for iri in iris}

    def format(self, format: str = "table", width: int | None = None) -> str:
        return format_result(self, format, width)


def to_python(term):
    """A plain Python value for an RDF term: IRIs as str, literals as their Python value."""
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype in (XSD.gYear, XSD.gYearMonth):
            return str(term)
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def prefixed_name(iri) -> str:
    from .graph import PREFIXES

    text = str(iri)
    best = max(((p, str(ns)) for p, ns in PREFIXES.items() if text.startswith(str(ns))),
               key=lambda pn: len(pn[1]), default=None)
    if best and re.fullmatch(r"[\w.-]+", text[len(best[1]):]):
        return f"{best[0]}:{text[len(best[1]):]}"
    return text


# -- SPARQL results formats ----

def _csv_field(text: str) -> str:
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _tsv_string(text: str) -> str:
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r") + '"'


def _tsv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, URIRef):
        return f"<{term}>"
    lexical = str(term)
    if term.language:
        return f"{_tsv_string(lexical)}@{term.language}"
    dt = term.datatype
    if dt is None or dt == XSD.string:
        return _tsv_string(lexical)
    if (dt == XSD.integer and re.fullmatch(r"[+-]?[0-9]+", lexical)
            or dt == XSD.decimal and re.fullmatch(r"[+-]?[0-9]*\.[0-9]+", lexical)
            or dt == XSD.double and re.fullmatch(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+", lexical)
            or dt == XSD.boolean and lexical in ("true", "false")):
        return lexical
    return f"{_tsv_string(lexical)}^^<{dt}>"


def _json_value(term) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def to_csv(result: QueryResult) -> str:
    if result.boolean is not None:
        return ("true" if result.boolean else "false") + "\r\n"
    lines = [",".join(_csv_field(v) for v in result.variables)]
    lines += [",".join(_csv_field(_csv_value(row.get(v))) for v in result.variables) for row in result.rows]
    return "\r\n".join(lines) + "\r\n"


def to_tsv(result: QueryResult) -> str:
    if result.boolean is not None:
        return ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(_tsv_value(row.get(v)) for v in result.variables) for row in result.rows]
    return "\n".join(lines) + "\n"


def to_json(result: QueryResult) -> str:
    if result.boolean is not None:
        doc = {"head": {}, "boolean": result.boolean}
    else:
        doc = {"head": {"vars": list(result.variables)},
               "results": {"bindings": [{v: _json_value(row[v]) for v in result.variables if v in row}
                                        for row in result.rows]}}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


# -- Tables for people ----

def display(term, labels: dict) -> str:
    """How a table shows one term: labels for IRIs, numbers with thousands separators."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return labels.get(term, str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    if term.datatype in _NUMERIC:
        value = term.toPython()
        if isinstance(value, Decimal) and value == value.to_integral_value():
            value = int(value)
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return f"{value:,}"
    return " ".join(str(term).split())


def _is_number(term) -> bool:
    return isinstance(term, Literal) and term.datatype in _NUMERIC


def render_table(headers: list[str], rows: list[list[str]], width: int | None = None,
                 right: set[int] = frozenset()) -> str:
    """A plain-text table no wider than ``width`` (default: the terminal); long cells end in '…'."""
    width = width or shutil.get_terminal_size((100, 24)).columns
    natural = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    widths = list(natural)
    room = width - 2 * (len(headers) - 1)
    if sum(natural) > room:  # shrink text columns, widest first; numbers keep their width
        left = room - sum(natural[i] for i in right)
        order = sorted((i for i in range(len(headers)) if i not in right), key=lambda i: natural[i])
        for n, i in enumerate(order):
            share = left // (len(order) - n)
            widths[i] = min(natural[i], max(share, min(natural[i], len(headers[i]), 8), 3))
            left -= widths[i]

    def cell(text: str, i: int) -> str:
        if len(text) > widths[i]:
            text = text[:widths[i] - 1] + "…"
        return text.rjust(widths[i]) if i in right else text.ljust(widths[i])

    lines = ["  ".join(cell(h, i) for i, h in enumerate(headers)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(cell(v, i) for i, v in enumerate(r)).rstrip() for r in rows]
    return "\n".join(lines) + "\n"


def render_markdown(headers: list[str], rows: list[list[str]]) -> str:
    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|")

    lines = ["| " + " | ".join(esc(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(esc(v) for v in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def _display_rows(result: QueryResult) -> list[list[str]]:
    labels = result.labels()
    return [[display(row.get(v), labels) for v in result.variables] for row in result.rows]


def format_result(result: QueryResult, format: str = "table", width: int | None = None) -> str:
    """``result`` as text in ``format`` (one of :data:`FORMATS`)."""
    if format == "csv":
        return to_csv(result)
    if format == "tsv":
        return to_tsv(result)
    if format == "json":
        return to_json(result)
    if format not in ("table", "md"):
        raise ClusterKGError(f"unknown format '{format}' (expected one of: {', '.join(FORMATS)})")
    if result.boolean is not None:
        return ("true" if result.boolean else "false") + "\n"
    rows = _display_rows(result)
    if format == "md":
        return render_markdown(result.variables, rows)
    right = {i for i, v in enumerate(result.variables)
             if any(v in r for r in result.rows) and all(_is_number(r[v]) for r in result.rows if v in r)}
    text = render_table(result.variables, rows, width, right)
    return text + f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n"
