"""SPARQL text: RDF terms written as SPARQL, the form of a query, and params bound as a ``VALUES``
block. The one module that writes terms into query text, for local and remote queries alike.

Params reach a query as a ``VALUES`` block of escaped terms at the top of its WHERE clause (inside a
bare sub-SELECT where that means the same), never spliced into the text, so no value can change
what a query does.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from clusterkg.errors import ClusterKGError
from clusterkg.model.terms import PREFIXES
from clusterkg.values import check_iri

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANGUAGE = re.compile(r"[A-Za-z]+(-[A-Za-z0-9]+)*\Z")
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def _string(text: str) -> str:
    out = []
    for i, c in enumerate(text):
        if c == "\\":
            out.append("\\\\")
        elif c in "uU" and i and text[i - 1] == "\\":
            # '\\' then 'u' would read as a \u escape to a server that expands them before parsing
            out.append("\\u0075" if c == "u" else "\\u0055")
        else:
            out.append({'"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(c, c))
    return '"' + "".join(out) + '"'


def sparql_term(term) -> str:
    """An Oxigraph term as SPARQL text, escaped so that no value can change the query."""
    if isinstance(term, ox.NamedNode):
        return f"<{check_iri(term.value)}>"
    if isinstance(term, ox.Literal):
        text = _string(term.value)
        if term.language:
            if not _LANGUAGE.match(term.language):
                raise ClusterKGError(f"'{term.language}' is not a language tag")
            return f"{text}@{term.language}"
        if term.datatype.value != XSD_STRING:
            return f"{text}^^<{check_iri(term.datatype.value)}>"
        return text
    if isinstance(term, ox.BlankNode):
        return "_:b" + re.sub(r"[^A-Za-z0-9]", "", term.value)
    raise ClusterKGError(f"cannot write {term!r} as an RDF term")


_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<name>[A-Za-z_][\w.-]*:[\w.:%-]*|:[\w.:%-]*)
  | (?P<word>[A-Za-z]+)
  | (?P<open>\{)
  | (?P<close>\})
""", re.VERBOSE | re.DOTALL)


def tokens(text: str):
    """``(kind, offset, text)`` of the tokens that matter here: comments, strings and IRIs are whole."""
    for m in _TOKEN.finditer(text):
        yield m.lastgroup, m.start(), m.group()


def with_prefixes(text: str, prefixes: dict | None = None) -> str:
    """``text`` with a ``PREFIX`` declaration put first for each prefix of the project's map
    (:data:`clusterkg.model.terms.PREFIXES`) that it uses and does not declare: the one prefix map, the same for
    ``--sparql``, ``--file``, stored queries, ``/sparql`` of ``clusterkg serve`` and remote endpoints."""
    prefixes = PREFIXES if prefixes is None else prefixes
    declared, used = set(), set()
    toks = list(tokens(text))
    for (kind, _, value), following in zip(toks, [*toks[1:], (None, 0, "")]):
        if kind == "word" and value.upper() == "PREFIX" and following[0] == "name":
            declared.add(following[2].split(":", 1)[0])
        elif kind == "name":
            used.add(value.split(":", 1)[0])
    missing = sorted(p for p in used - declared if p in prefixes)
    return "".join(f"PREFIX {p}: <{prefixes[p]}>\n" for p in missing) + text


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first keyword after the prologue (comments, strings
    and IRIs skipped); an update or anything else is refused."""
    for kind, _, value in tokens(text):
        if kind == "word" and value.upper() not in ("PREFIX", "BASE"):
            if value.upper() in QUERY_FORMS:
                return value.upper()
            raise ClusterKGError(f"'{value}' does not start a query (expected one of {', '.join(QUERY_FORMS)})")
    raise ClusterKGError("the query text holds no query")


def _where_group(text: str) -> tuple[int, int, bool]:
    """Offsets of the WHERE clause's ``{`` and ``}``, and whether it holds a bare sub-SELECT."""
    toks = list(tokens(text))
    form, seen_where, i = None, False, 0
    while i < len(toks):
        kind, pos, value = toks[i]
        if kind == "word":
            upper = value.upper()
            if form is None and upper in QUERY_FORMS:
                form = upper
            seen_where = seen_where or upper == "WHERE"
        elif kind == "open":
            end = _matching(toks, i)
            if form == "CONSTRUCT" and not seen_where:
                i = end + 1  # the template, not the pattern
                continue
            return pos, toks[end][1], _opens_select(toks, i)
        i += 1
    raise ClusterKGError("cannot bind params: the query has no WHERE clause")


def _matching(toks, i: int) -> int:
    depth = 0
    for j in range(i, len(toks)):
        if toks[j][0] == "open":
            depth += 1
        elif toks[j][0] == "close":
            depth -= 1
            if depth == 0:
                return j
    raise ClusterKGError("cannot bind params: unbalanced braces in the query")


def values_block(bindings: dict) -> str:
    """A ``VALUES`` block binding each name to its term (a list of terms gives one row per term)."""
    names = list(bindings)
    columns = [bindings[n] if isinstance(bindings[n], (list, tuple)) else [bindings[n]] for n in names]
    rows = [[]]
    for column in columns:
        rows = [row + [term] for row in rows for term in column]
    body = " ".join(f"({' '.join(sparql_term(t) for t in row)})" for row in rows)
    return f" VALUES ({' '.join('?' + n for n in names)}) {{ {body} }} "


def bind_values(text: str, bindings: dict) -> str:
    """``text`` with a ``VALUES`` block of ``bindings`` first in its WHERE clause (on the same line, so
    line numbers in error messages stay right)."""
    if not bindings:
        return text
    names = list(bindings)
    block = values_block(bindings)
    start, end, subselect = _where_group(text)
    while subselect:
        inner = _pushable_subselect(text, start, end, names)
        if inner is None:
            return text[:start + 1] + block + "{ " + text[start + 1:end] + " } " + text[end:]
        start, end, subselect = inner
    return text[:start + 1] + block + text[start + 1:]


def _pushable_subselect(text: str, start: int, end: int, names: list[str]) -> tuple[int, int, bool] | None:
    """The WHERE group of the bare sub-SELECT between ``start`` and ``end`` when binding ``names`` inside
    it gives the same answer as joining them outside (each is projected as itself; no aggregate,
    GROUP BY, HAVING, LIMIT or OFFSET), so an engine can use the binding while it matches; else None."""
    toks = [(kind, start + 1 + pos, value) for kind, pos, value in tokens(text[start + 1:end])]
    opening = next((i for i, t in enumerate(toks) if t[0] == "open"), None)
    if opening is None:
        return None
    close = _matching(toks, opening)
    head = text[toks[0][1]:toks[opening][1]]
    projection = re.sub(r"\bWHERE\s*$", "", head.strip(), flags=re.IGNORECASE)
    if "(" in projection:
        return None  # an expression or aggregate: the sub-select computes its own columns
    projected = {v[1:] for k, _, v in tokens(projection) if k == "var"}
    if "*" not in projection and not set(names) <= projected:
        return None
    after = {v.upper() for k, _, v in toks[close + 1:] if k == "word"}
    if after & {"GROUP", "HAVING", "LIMIT", "OFFSET", "VALUES"}:
        return None
    return toks[opening][1], toks[close][1], _opens_select(toks, opening)


def _opens_select(toks, i: int) -> bool:
    """Whether the group opened by ``toks[i]`` is a bare sub-SELECT."""
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    return nxt is not None and nxt[0] == "word" and nxt[2].upper() == "SELECT"
