"""Query results: rows of Oxigraph terms, names beside IRIs, plain Python records, and the output formats.

Like the Wikidata Query Service's label service, a result carries beside each column ``x`` that
holds IRIs a column ``xLabel`` with their names (``labels=False`` gives the bare result); an IRI
without a name is named by its prefixed form (``grow:Asset``). ``csv``, ``tsv``, ``json`` and ``xml``
are the SPARQL 1.1 results formats, written by pyoxigraph's own serializers (``excel=True`` starts a
CSV with a byte-order mark, so that Excel reads it as UTF-8, and neutralises formulas as OWASP advises
for CSV injection: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets
a ``'`` before it, so Excel shows it as text and never runs it; XML gets U+FFFD for each character XML
1.0 cannot hold, so the document always parses); ``xlsx`` is an Excel workbook
(:mod:`clusterkg.query.spreadsheet`); ``table``, ``md`` and ``list`` are for people (:mod:`clusterkg.query.tables`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from clusterkg.errors import ClusterKGError
from clusterkg.query.presentation import PANDAS_DTYPES
from clusterkg.query.resultcells import (  # noqa: F401 (their home before; imported from here by others)
    INTEGER_TYPES,
    NUMERIC_TYPES,
    XSD,
    column_kind,
    is_number,
    is_whole,
    json_term,
    prefixed_name,
    to_python,
)

SPARQL_FORMATS = {"csv": "CSV", "tsv": "TSV", "json": "JSON", "xml": "XML"}
TEXT_FORMATS = ("table", "md", "list")
FORMATS = ("table", "list", "md", "csv", "tsv", "json", "xml", "xlsx")
# file suffix -> the format it implies (``--output`` without ``--format``)
SUFFIX_FORMATS = {".csv": "csv", ".tsv": "tsv", ".json": "json", ".srj": "json", ".xml": "xml", ".srx": "xml",
                  ".md": "md", ".xlsx": "xlsx"}
BOM = "\ufeff"


class QueryResult:
    """What a query returned: ``variables`` and ``rows`` (dicts of Oxigraph terms; an unbound variable
    is absent), or ``boolean`` for an ASK query. ``labels`` maps IRIs in the rows to their names when
    the result carries names (the default), ``short_names`` to the short names some things have (a
    cluster's ``grow:shortName``); ``to_records()`` gives plain Python values."""

    def __init__(self, variables: list[str], rows: list[dict], boolean: bool | None = None,
                 labels: dict | None = None, name: str | None = None, bindings: dict | None = None,
                 short_names: dict | None = None):
        self.variables, self.rows, self.boolean = variables, rows, boolean
        self.labels, self.name, self.bindings = labels, name, bindings or {}
        self.short_names = short_names or {}
        self.kinds: dict[str, str] = {}  # column -> kind its query decides (clusterkg.query.presentation.column_kinds)

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

    def name_of(self, iri: str) -> str:
        """The label of ``iri``, else its prefixed name, else the IRI."""
        return (self.labels or {}).get(iri) or prefixed_name(iri)

    def cell(self, row: dict, column: str):
        """The term in ``column`` of ``row`` (a label column gives the name of its IRI, as a literal)."""
        if column in row or column in self.variables:
            return row.get(column)
        term = row.get(column[: -len("Label")])
        if isinstance(term, ox.NamedNode):
            return ox.Literal(self.name_of(term.value))
        return None

    def to_records(self) -> list[dict]:
        """Rows as dicts of Python values (str, int, Decimal, float, bool, date; None where unbound)."""
        columns = self.columns
        return [{c: to_python(self.cell(row, c)) for c in columns} for row in self.rows]

    def to_dataframe(self):
        """The records as a pandas DataFrame (needs the ``pandas`` extra: ``pip install 'clusterkg[pandas]'``)."""
        try:
            import pandas
        except ImportError:
            raise ClusterKGError("to_dataframe() needs pandas: pip install 'clusterkg[pandas]'") from None
        frame = pandas.DataFrame(self.to_records(), columns=self.columns)
        dtypes = {c: PANDAS_DTYPES[kind] for c in self.columns if (kind := column_kind(self, c)) in PANDAS_DTYPES}
        return frame.astype(dtypes) if dtypes else frame

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

    def serialize(self, format: str, excel: bool = False) -> bytes:
        """The result in a SPARQL 1.1 results format: ``csv``, ``tsv``, ``json`` or ``xml``; with
        ``excel``, a CSV starts with a byte-order mark."""
        if format not in SPARQL_FORMATS:
            raise ClusterKGError(f"unknown results format '{format}' (expected one of: {', '.join(SPARQL_FORMATS)})")
        check_excel(format, excel)
        answer = self.to_sparql_json()
        if excel or format == "xml":
            _clean_cells(answer, excel)
        document = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        parsed = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
        data = parsed.serialize(format=getattr(ox.QueryResultsFormat, SPARQL_FORMATS[format]))
        return BOM.encode("utf-8") + data if excel else data

    def format(self, format: str = "table", width: int | None = None, excel: bool = False) -> str:
        return format_result(self, format, width, excel)

    def to_bytes(self, format: str = "csv", width: int | None = None, excel: bool = False) -> bytes:
        """The result as the bytes of a file in ``format`` (any of :data:`FORMATS`; text is UTF-8)."""
        if format == "xlsx":
            from clusterkg.query.spreadsheet import xlsx_bytes

            return xlsx_bytes(self)
        if format in SPARQL_FORMATS:
            return self.serialize(format, excel)
        return format_result(self, format, width, excel).encode("utf-8")

    def write(self, path, format: str | None = None, excel: bool = False) -> Path:
        """Write the result to ``path`` whole or not at all; ``format`` defaults to the one the file's
        suffix names (``.csv``, ``.tsv``, ``.json``, ``.xml``, ``.md``, ``.xlsx``; else a table)."""
        from clusterkg.fileio import write_output

        path = Path(path)
        format = output_format(path, format)
        check_output_path(path)
        data = self.to_bytes(format, excel=excel)
        try:
            return write_output(path, data)
        except OSError as exc:
            raise ClusterKGError(f"cannot write {path}: {exc.strerror or exc}") from None


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP, CSV injection: what Excel reads as a formula


def _clean_cells(answer: dict, excel: bool) -> None:
    """In a SPARQL JSON results document: with ``excel``, a ``'`` before each text (not numeric) literal that
    Excel would read as a formula; always, characters XML 1.0 cannot hold replaced by U+FFFD."""
    from clusterkg.safetext import xml_text

    for binding in answer.get("results", {}).get("bindings", []):
        for cell in binding.values():
            value = xml_text(cell["value"])
            if excel and cell["type"] == "literal" and cell.get("datatype", "") not in NUMERIC_TYPES \
                    and value.startswith(FORMULA_STARTS):
                value = "'" + value
            cell["value"] = value


def output_format(path, format: str | None) -> str:
    """The format to write ``path`` in: ``format``, else the one its suffix names; a suffix that names
    another format than ``format`` is refused (a CSV in ``report.xlsx`` would not open)."""
    implied = SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if format is None:
        return implied or "table"
    if format not in FORMATS:
        raise ClusterKGError(f"unknown format '{format}' (expected one of: {', '.join(FORMATS)})")
    if implied and implied != format:
        raise ClusterKGError(f"{path} names a .{implied} file but the format is {format}: "
                             f"change --output or --format")
    return format


def check_output_path(path) -> None:
    """Refuse an output path in a folder that does not exist, or one that is a folder."""
    path = Path(path)
    if path.is_dir():
        raise ClusterKGError(f"{path} is a folder: give a file name")
    if not path.parent.is_dir():
        raise ClusterKGError(f"{path}: no such folder {path.parent}")


def check_excel(format: str, excel: bool) -> None:
    if excel and format not in ("csv", "xlsx"):
        raise ClusterKGError(f"--excel writes CSV for Excel; {format} is not CSV (use --format csv, or xlsx)")


def format_result(result: QueryResult, format: str = "table", width: int | None = None,
                  excel: bool = False) -> str:
    """``result`` as text in ``format`` (any of :data:`FORMATS` but ``xlsx``)."""
    if format in SPARQL_FORMATS:
        return result.serialize(format, excel).decode("utf-8")
    if format == "xlsx":
        raise ClusterKGError("xlsx is a binary format: write it to a file (--output FILE.xlsx)")
    if format not in TEXT_FORMATS:
        raise ClusterKGError(f"unknown format '{format}' (expected one of: {', '.join(FORMATS)})")
    check_excel(format, excel)
    from clusterkg.query.tables import render_result

    return render_result(result, format, width)
