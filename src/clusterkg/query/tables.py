"""Query results for people: a table that fits the terminal, Markdown, or one field a line.

Text is shown without escape sequences or control characters (data can carry them). IRIs are shown by
name: their label, or, in a table too wide for the terminal, the short name some
things have (a cluster's ``grow:shortName``, "EV and batteries"); else a prefixed name. Pounds are
shown as the page writes them (£850m), counts with thousands separators. A table no wider than the
terminal (``COLUMNS``, else the terminal's width, else 100) wraps a cell that does not fit its
column onto more lines and never cuts it, so two different values never read the same; a result
with more columns than fit even so is shown one field a line.
"""

from __future__ import annotations

import re
import shutil
import textwrap

import pyoxigraph as ox

from clusterkg.query.presentation import shown
from clusterkg.query.resultcells import column_kind, prefixed_name, to_python
from clusterkg.safetext import terminal_text

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (on every query's path)
if TYPE_CHECKING:  # annotations only: results imports this module to render its results
    from clusterkg.query.results import QueryResult

__all__ = ["display", "prefixed_name", "render_list", "render_markdown", "render_result", "render_table",
           "terminal_width"]

GAP = 2  # spaces between columns (one when the terminal is tight)
WORD_CAP = 20  # a text column is never narrowed below its longest word, up to this many characters
MIN_WIDTH = 20
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+|[^A-Za-z0-9\s]+")


def terminal_width() -> int:
    """``COLUMNS``, else the terminal's width, else 100."""
    return max(shutil.get_terminal_size((100, 24)).columns, MIN_WIDTH)


def display(term, names: dict, kind: str = "text") -> str:
    """How people see one term: names for IRIs, pounds and counts as people write them."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return terminal_text(names.get(term.value) or prefixed_name(term.value))
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    text = shown(to_python(term), kind)
    return text if text is not None else " ".join(terminal_text(term.value).split())


# -- Fitting a table to a width ----

def header_parts(header: str) -> list[str]:
    """Where a header may wrap: between its words and the parts of a camelCase name."""
    return _CAMEL.findall(header) or [header]


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken between words where it can be."""
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=True) or [""]


def wrap_header(header: str, width: int) -> list[str]:
    if len(header) <= width:
        return [header]
    lines = [""]
    for part in header_parts(header):
        sep = " " if lines[-1] and " " in header else ""
        if lines[-1] and len(lines[-1]) + len(sep) + len(part) > width:
            lines.append(part)
        else:
            lines[-1] += sep + part if lines[-1] else part
    return [piece for line in lines for piece in wrap(line, width)]


def _floors(headers, rows, right) -> list[int]:
    """The narrowest each column may be: numbers whole, text no narrower than its longest word (up to
    :data:`WORD_CAP`) or the longest part of its header."""
    floors = []
    for i, header in enumerate(headers):
        head = max(len(p) for p in header_parts(header))
        cells = [r[i] for r in rows]
        if i in right:
            floors.append(max([head] + [len(c) for c in cells]))
            continue
        natural = max([len(header)] + [len(c) for c in cells])
        word = max([len(w) for c in cells for w in c.split()], default=0)
        floors.append(min(natural, max(head, min(word, WORD_CAP), 4)))
    return floors


def _share(room: int, columns: list[int], widths: list[int], natural: list[int], weights: list[int]) -> int:
    """Widen ``columns`` from ``widths`` toward their natural width with ``room`` characters, each in
    proportion to its ``weight`` (how much of its text would wrap); returns the room left."""
    active = [i for i in columns if widths[i] < natural[i]]
    while room > 0 and active:
        weight = {i: weights[i] for i in active} if any(weights[i] for i in active) else dict.fromkeys(active, 1)
        total = sum(weight.values())
        given = 0
        for i in active:
            add = min(room * weight[i] // total, natural[i] - widths[i])
            widths[i] += add
            given += add
        if not given:  # what is left is less than one character a column: to the heaviest first
            i = max(active, key=lambda i: (weights[i], -i))
            widths[i] += 1
            given = 1
        room -= given
        active = [i for i in active if widths[i] < natural[i]]
    return room


def _keep_narrow(room: int, columns: list[int], widths: list[int], natural: list[int]) -> tuple[int, list[int]]:
    """Give each column no wider than its fair share of ``room`` its natural width (a short name column
    never wraps to make room for a long text); returns the room left and the columns still to widen."""
    while columns:
        share = room // len(columns)
        narrow = [i for i in columns if natural[i] - widths[i] <= share]
        if not narrow:
            break
        for i in narrow:
            room -= natural[i] - widths[i]
            widths[i] = natural[i]
        columns = [i for i in columns if i not in narrow]
    return room, columns


def fit_widths(headers: list[str], rows: list[list[str]], width: int,
               right=frozenset()) -> tuple[list[int], int] | None:
    """Column widths and the gap between columns for a table no wider than ``width``: each column at
    least its floor, then text columns share the room in proportion to how much of their text would
    wrap, then numbers get their headers' room back. None when the floors alone are wider."""
    n = len(headers)
    natural = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    if sum(natural) + GAP * (n - 1) <= width:
        return natural, GAP
    floors = _floors(headers, rows, right)
    weights = [sum(max(0, len(r[i]) - floors[i]) for r in rows) for i in range(n)]
    for gap in (GAP, 1):
        room = width - gap * (n - 1) - sum(floors)
        if room < 0:
            continue
        widths = list(floors)
        text = [i for i in range(n) if i not in right]
        room, text = _keep_narrow(room, text, widths, natural)
        room = _share(room, text, widths, natural, weights)
        _share(room, sorted(right), widths, natural, [natural[i] - floors[i] for i in range(n)])
        return widths, gap
    return None


def render_table(headers: list[str], rows: list[list[str]], width: int | None = None,
                 right=frozenset()) -> str:
    """A plain-text table no wider than ``width`` (default: :func:`terminal_width`) where its columns'
    floors allow; cells that do not fit wrap onto more lines (rows are then set apart by a blank line);
    columns in ``right`` (numbers) are right-aligned and never wrap."""
    width = width or terminal_width()
    widths, gap = fit_widths(headers, rows, width, right) or (_floors(headers, rows, right), 1)  # never cut
    spacer = " " * gap

    def lines_of(cells: list[list[str]]) -> list[str]:
        height = max(len(c) for c in cells)
        out = []
        for k in range(height):
            parts = [(c[k] if k < len(c) else "") for c in cells]
            out.append(spacer.join(p.rjust(widths[i]) if i in right else p.ljust(widths[i])
                                   for i, p in enumerate(parts)).rstrip())
        return out

    head = lines_of([wrap_header(h, widths[i]) for i, h in enumerate(headers)])
    body = [lines_of([wrap(v, widths[i]) if i not in right else [v] for i, v in enumerate(r)]) for r in rows]
    tall = any(len(b) > 1 for b in body)
    lines = head + [spacer.join("-" * w for w in widths)]
    for k, block in enumerate(body):
        if tall and k:
            lines.append("")
        lines += block
    return "\n".join(lines) + "\n"


def render_markdown(headers: list[str], rows: list[list[str]]) -> str:
    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|")

    lines = ["| " + " | ".join(esc(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(esc(v) for v in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def render_list(headers: list[str], rows: list[list[str]], width: int | None = None) -> str:
    """One field a line, a blank line between rows, long values wrapped under themselves: for rows
    too wide for a table."""
    width = width or terminal_width()
    key = max((len(h) for h in headers), default=0)
    room = max(width - key - 2, MIN_WIDTH)
    indent = " " * (key + 2)
    blocks = []
    for r in rows:
        lines = []
        for h, v in zip(headers, r):
            wrapped = wrap(v, room)
            lines.append(f"{h.ljust(key)}  {wrapped[0]}".rstrip())
            lines += [indent + line for line in wrapped[1:]]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


# -- A query result ----

def _rows(result: QueryResult, names: dict, kinds: list[str]) -> list[list[str]]:
    return [[display(row.get(v), names, kinds[i]) for i, v in enumerate(result.variables)] for row in result.rows]


def _short(result: QueryResult) -> dict | None:
    """The names with short names in place of labels, when that leaves different things apart."""
    if not result.short_names:
        return None
    names = dict(result.labels or {})
    names.update(result.short_names)
    shown = {}
    for iri in result.iris():
        text = names.get(iri) or prefixed_name(iri)
        if shown.setdefault(text, iri) != iri:
            return None
    return names


def render_result(result: QueryResult, format: str = "table", width: int | None = None) -> str:
    """``result`` as a table, Markdown or a list; IRIs shown by name."""
    if result.boolean is not None:
        return ("true" if result.boolean else "false") + "\n"
    width = width or terminal_width()
    headers = list(result.variables)
    kinds = [column_kind(result, v) for v in headers]
    rows = _rows(result, result.labels or {}, kinds)
    if format == "md":
        return render_markdown(headers, rows)
    count = f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n"
    if format == "list":
        return render_list(headers, rows, width) + ("\n" if rows else "") + count
    right = {i for i, kind in enumerate(kinds) if kind != "text"}
    natural = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    short = _short(result) if sum(natural) + GAP * (len(headers) - 1) > width else None
    shown = _rows(result, short, kinds) if short is not None else rows
    if fit_widths(headers, shown, width, right) is None:  # too many columns for the terminal: full names
        return render_list(headers, rows, width) + ("\n" if rows else "") + count
    return render_table(headers, shown, width, right) + count
