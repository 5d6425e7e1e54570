"""Query results for people: a table fitted to the terminal, Markdown, or one field a line.

IRIs are shown by name (their label, else a prefixed name), numbers with thousands separators.
"""

from __future__ import annotations

import re
import shutil
from decimal import Decimal

import pyoxigraph as ox

from .results import QueryResult, is_number, to_python
from .terms import PREFIXES


def prefixed_name(iri: str) -> str:
    """``cluster:aerospace`` for an IRI under a known prefix, else the IRI."""
    best = max(((p, ns) for p, ns in PREFIXES.items() if iri.startswith(ns)), key=lambda pn: len(pn[1]),
               default=None)
    if best and re.fullmatch(r"[\w.-]+", iri[len(best[1]):]):
        return f"{best[0]}:{iri[len(best[1]):]}"
    return iri


def display(term, labels: dict) -> str:
    """How a table shows one term: names for IRIs, numbers with thousands separators."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return labels.get(term.value) or prefixed_name(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if is_number(term):
        value = to_python(term)
        if isinstance(value, Decimal) and value == value.to_integral_value():
            value = int(value)
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return f"{value:,}"
    return " ".join(term.value.split())


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


def render_list(headers: list[str], rows: list[list[str]]) -> str:
    """One field a line, a blank line between rows: for rows too wide for a table."""
    width = max((len(h) for h in headers), default=0)
    blocks = ["\n".join(f"{h.ljust(width)}  {v}" for h, v in zip(headers, r)) for r in rows]
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def render_result(result: QueryResult, format: str = "table", width: int | None = None) -> str:
    """``result`` as a table, Markdown or a list; IRIs shown by name."""
    if result.boolean is not None:
        return ("true" if result.boolean else "false") + "\n"
    labels = result.labels or {}
    headers = list(result.variables)
    rows = [[display(row.get(v), labels) for v in headers] for row in result.rows]
    if format == "md":
        return render_markdown(headers, rows)
    if format == "list":
        return render_list(headers, rows)
    right = {i for i, v in enumerate(headers)
             if any(v in r for r in result.rows) and all(is_number(r[v]) for r in result.rows if v in r)}
    text = render_table(headers, rows, width, right)
    return text + f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n"
