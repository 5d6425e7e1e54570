"""How a value is shown, decided from what it is, never from a column's name: the one home for it.

A column's *kind* comes, in this order, from

1. the query's ``#+ columns:`` header (``columns: {jaccard: ratio}``), for values a query computes;
2. the property its variable is bound to (``?g grow:minOutputGBP ?m``), followed through
   ``(SUM(?m) AS ?x)``, ``BIND(?m AS ?x)`` and any expression of it without ``COUNT``, ``*`` or ``/``:
   a sum of pounds named ``?minOut`` is pounds as surely as one named ``?minOutputGBP``;
3. else its values: whole numbers are counts, other numbers numbers, ``xsd:gYear`` years.

Then each surface asks this module: :func:`shown` for tables and pages (``£850m``, ``0.120``, ``2030``,
``1,234``), :data:`PANDAS_DTYPES` for DataFrames (``Float64``/``Int64``); CSV, JSON, XML and xlsx keep
numbers as numbers (xlsx with a ``£`` number format for pounds).
"""

from __future__ import annotations

import re
from decimal import Decimal

from clusterkg.model.terms import GROW, PREFIXES

KINDS = ("money", "ratio", "year", "ordinal", "count", "number", "text")
# what each figure of the vocabulary is (ontology/clusterkg.ttl: "in pounds sterling", "the year", ...)
PROPERTY_KINDS = {
    GROW.minOutputGBP: "money", GROW.maxOutputGBP: "money", GROW.minJobs: "count", GROW.maxJobs: "count",
    GROW.targetYear: "year", GROW.sourceLine: "ordinal", GROW.position: "ordinal",
}
# kind -> the pandas dtype of its column (nullable: an unbound cell is <NA>)
PANDAS_DTYPES = {"money": "Float64", "ratio": "Float64", "number": "Float64",
                 "count": "Int64", "year": "Int64", "ordinal": "Int64"}
RATIO_DECIMALS = 3

_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>\s]*)>", re.IGNORECASE)
_TERM = r"(?:<([^>\s]+)>|([A-Za-z][\w.-]*)?:([\w-]+))"
_PREDICATE_OBJECT = re.compile(_TERM + r"\s+\?(\w+)")
_AS = re.compile(r"\bAS\s+\?(\w+)", re.IGNORECASE)
_VARIABLE = re.compile(r"[?$](\w+)")
# an expression with these does not keep its inputs' unit: a count, a product or a quotient
_UNIT_CHANGING = re.compile(r"\bCOUNT\b|[*/]", re.IGNORECASE)


def property_bindings(text: str) -> dict[str, str]:
    """Variable -> the property IRI it is the object of (``?g grow:minOutputGBP ?m``: ``m``), carried
    through the expressions that keep a unit (``SUM(?m) AS ?x``, ``COALESCE(SUM(?m), 0) AS ?x``)."""
    prefixes = {**PREFIXES, **{p or "": ns for p, ns in _PREFIX_DECL.findall(text)}}  # --sparql: grow: declared
    bound: dict[str, str] = {}
    for iri, prefix, local, variable in _PREDICATE_OBJECT.findall(_without_comments(text)):
        full = iri or (prefixes[prefix or ""] + local if (prefix or "") in prefixes else "")
        if full in PROPERTY_KINDS:
            bound.setdefault(variable, full)
    carried = _assignments(_without_comments(text))
    for _ in range(len(carried)):  # a chain of n steps settles in n rounds
        for expression, target in carried:
            units = {bound[v] for v in _VARIABLE.findall(expression) if v in bound}
            if len(units) == 1 and target not in bound and not _UNIT_CHANGING.search(expression):
                bound[target] = units.pop()
    return bound


def _assignments(text: str) -> list[tuple[str, str]]:
    """``(expression AS ?x)`` and ``BIND(expression AS ?x)``: (expression, x) for each."""
    found = []
    for match in _AS.finditer(text):
        depth, start = 0, match.start()
        while start > 0 and depth >= 0:
            start -= 1
            depth += {")": 1, "(": -1}.get(text[start], 0)
        found.append((text[start + 1:match.start()], match.group(1)))
    return found


def column_kinds(text: str, declared: dict | None = None) -> dict[str, str]:
    """Variable -> kind for the columns a query's header or its properties decide (the rest go by value)."""
    kinds = {variable: PROPERTY_KINDS[iri] for variable, iri in property_bindings(text).items()}
    kinds.update(declared or {})
    return kinds


def money(value) -> str:
    """Pounds as the page writes them: ``£850m``, ``£2,885m``; other amounts in full, ``£1,250``."""
    value = Decimal(value)
    if value and value % 1_000_000 == 0:
        return f"£{value / 1_000_000:,.0f}m"
    return f"£{value:,.0f}" if value == value.to_integral_value() else f"£{value:,}"


def shown(value, kind: str) -> str | None:
    """How people see a number of ``kind`` (in tables and pages); None when ``value`` is no number."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    if kind == "money":
        return money(value)
    if kind == "ratio":
        return f"{value:.{RATIO_DECIMALS}f}"
    if kind in ("year", "ordinal") and value == int(value):
        return str(int(value))
    if kind in ("count", "number", "money") and value == int(value):
        return f"{int(value):,}"
    return None


def _without_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
