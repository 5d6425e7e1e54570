"""One cell of a query result: its Python value, its IRI's prefixed name, its JSON form, and what its column
holds (:func:`column_kind`, from :mod:`clusterkg.query.presentation`). The result itself is
:class:`clusterkg.query.results.QueryResult`; the tables and the workbook read cells through here.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from clusterkg.model.terms import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
_YEAR = re.compile(r"-?[0-9]{4,}\Z")
INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                   "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedLong",
                                   "unsignedInt", "unsignedShort", "unsignedByte")}
NUMERIC_TYPES = INTEGER_TYPES | {XSD + "decimal", XSD + "double", XSD + "float"}


def prefixed_name(iri: str) -> str:
    """``cluster:aerospace`` for an IRI under a known prefix, else the IRI."""
    best = max(((p, ns) for p, ns in PREFIXES.items() if iri.startswith(ns)), key=lambda pn: len(pn[1]),
               default=None)
    if best and re.fullmatch(r"[\w.-]+", iri[len(best[1]):]):
        return f"{best[0]}:{iri[len(best[1]):]}"
    return iri


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
        if datatype == XSD + "gYear" and _YEAR.match(text):
            return int(text)
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


def column_kind(result, column: str) -> str:
    """What a column holds (:data:`clusterkg.query.presentation.KINDS`): the kind its query decides (a ``#+ columns:``
    header, the property its values come from), else by its values: ``year`` (``xsd:gYear``), ``count``
    (whole numbers), ``number``, or ``text``."""
    terms = [result.cell(row, column) for row in result.rows]
    terms = [t for t in terms if t is not None]
    if terms and all(isinstance(t, ox.Literal) and t.datatype.value == XSD + "gYear" for t in terms):
        return result.kinds.get(column, "year")
    if not terms:
        return result.kinds.get(column, "text")
    if not all(is_number(t) for t in terms):
        return "text"
    if column in result.kinds:
        return result.kinds[column]
    if all(t.datatype.value in INTEGER_TYPES or is_whole(to_python(t)) for t in terms):
        return "count"
    return "number"


def is_whole(value) -> bool:
    from decimal import Decimal

    return isinstance(value, int | Decimal) and not isinstance(value, bool) and value == int(value)
