"""Query results: rows of Oxigraph terms, names beside IRIs, plain Python records, and the output formats.

Like the Wikidata Query Service's label service, a result carries beside each column ``x`` that
holds IRIs a column ``xLabel`` with their names (``labels=False`` gives the bare result). ``csv``,
``tsv``, ``json`` and ``xml`` are the SPARQL 1.1 results formats, written by pyoxigraph's own
serializers; ``table``, ``md`` and ``list`` are for people (:mod:`clusterkg.tables`).
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from .errors import ClusterKGError

XSD = "http://www.w3.org/2001/XMLSchema#"
SPARQL_FORMATS = {"csv": "CSV", "tsv": "TSV", "json": "JSON", "xml": "XML"}
TEXT_FORMATS = ("table", "md", "list")
FORMATS = ("table", "csv", "tsv", "json", "xml", "md", "list")
INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                   "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedLong",
                                   "unsignedInt", "unsignedShort", "unsignedByte")}
NUMERIC_TYPES = INTEGER_TYPES | {XSD + "decimal", XSD + "double", XSD + "float"}


class QueryResult:
    """What a query returned: ``variables`` and ``rows`` (dicts of Oxigraph terms; an unbound variable
    is absent), or ``boolean`` for an ASK query. ``labels`` maps IRIs in the rows to their names when
    the result carries names (the default); ``to_records()`` gives plain Python values."""

    def __init__(self, variables: list[str], rows: list[dict], boolean: bool | None = None,
                 labels: dict | None = None, name: str | None = None, bindings: dict | None = None):
        self.variables, self.rows, self.boolean = variables, rows, boolean
        self.labels, self.name, self.bindings = labels, name, bindings or {}

    def __repr__(self) -> str:
        what = f"boolean={self.boolean}" if self.boolean is not None else f"{len(self.rows)} rows"
        return f"<QueryResult {self.name or ''} {what}>"

    @classmethod
    def from_triples(cls, triples) -> QueryResult:
        """A CONSTRUCT or DESCRIBE result as rows of subject, predicate, object (sorted)."""
        rows = sorted(({"subject": t.subject, "predicate": t.predicate, "object": t.object} for t in triples),
                      key=lambda r: (str(r["subject"]), str(r["predicate"]), str(r["object"])))
        return cls(variables=["subject", "predicate", "object"], rows=rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def iris(self) -> set[str]:
        """Every IRI in the rows."""
        return {t.value for row in self.rows for t in row.values() if isinstance(t, ox.NamedNode)}

    def iri_columns(self) -> list[str]:
        """The variables that hold an IRI in some row."""
        return [v for v in self.variables if any(isinstance(row.get(v), ox.NamedNode) for row in self.rows)]

    @property
    def columns(self) -> list[str]:
        """The output columns: each variable, followed by ``{name}Label`` where it holds IRIs and the
        result carries names."""
        if self.labels is None:
            return list(self.variables)
        named = set(self.iri_columns())
        out = []
        for v in self.variables:
            out.append(v)
            if v in named and f"{v}Label" not in self.variables:
                out.append(f"{v}Label")
        return out

    def cell(self, row: dict, column: str):
        """The term in ``column`` of ``row`` (a label column gives the name of its IRI, as a literal)."""
        if column in row or column in self.variables:
            return row.get(column)
        term = row.get(column[: -len("Label")])
        if isinstance(term, ox.NamedNode):
            return ox.Literal(self.labels.get(term.value) or term.value)
        return None

    def to_records(self) -> list[dict]:
        """Rows as dicts of Python values (str, int, Decimal, float, bool, date; None where unbound)."""
        columns = self.columns
        return [{c: to_python(self.cell(row, c)) for c in columns} for row in self.rows]

    def to_dataframe(self):
        """The records as a pandas DataFrame (needs the ``pandas`` extra: ``pip install clusterkg[pandas]``)."""
        try:
            import pandas
        except ImportError:
            raise ClusterKGError("to_dataframe() needs pandas: pip install 'clusterkg[pandas]'") from None
        return pandas.DataFrame(self.to_records(), columns=self.columns)

    def to_sparql_json(self) -> dict:
        """The result as a SPARQL 1.1 JSON results document (label columns included)."""
        if self.boolean is not None:
            return {"head": {}, "boolean": self.boolean}
        columns = self.columns
        bindings = []
        for row in self.rows:
            cells = {c: self.cell(row, c) for c in columns}
            bindings.append({c: json_term(t) for c, t in cells.items() if t is not None})
        return {"head": {"vars": columns}, "results": {"bindings": bindings}}

    def serialize(self, format: str) -> bytes:
        """The result in a SPARQL 1.1 results format: ``csv``, ``tsv``, ``json`` or ``xml``."""
        if format not in SPARQL_FORMATS:
            raise ClusterKGError(f"unknown results format '{format}' (expected one of: {', '.join(SPARQL_FORMATS)})")
        document = json.dumps(self.to_sparql_json(), ensure_ascii=False).encode("utf-8")
        parsed = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=getattr(ox.QueryResultsFormat, SPARQL_FORMATS[format]))

    def format(self, format: str = "table", width: int | None = None) -> str:
        return format_result(self, format, width)


def json_term(term) -> dict:
    """An Oxigraph term in the SPARQL 1.1 JSON results form."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def to_python(term):
    """A plain Python value for an Oxigraph term: IRIs as str, literals as their Python value."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    datatype, text = term.datatype.value, term.value
    try:
        if datatype in INTEGER_TYPES:
            return int(text)
        if datatype == XSD + "decimal":
            from decimal import Decimal

            return Decimal(text)
        if datatype in (XSD + "double", XSD + "float"):
            return float(text)
        if datatype == XSD + "boolean":
            return text in ("true", "1")
        if datatype == XSD + "date":
            import datetime

            return datetime.date.fromisoformat(text)
    except ValueError:
        return text  # an ill-typed literal: its text
    return text


def is_number(term) -> bool:
    return isinstance(term, ox.Literal) and term.datatype.value in NUMERIC_TYPES


def format_result(result: QueryResult, format: str = "table", width: int | None = None) -> str:
    """``result`` as text in ``format`` (one of :data:`FORMATS`)."""
    if format in SPARQL_FORMATS:
        return result.serialize(format).decode("utf-8")
    if format not in TEXT_FORMATS:
        raise ClusterKGError(f"unknown format '{format}' (expected one of: {', '.join(FORMATS)})")
    from .tables import render_result

    return render_result(result, format, width)
