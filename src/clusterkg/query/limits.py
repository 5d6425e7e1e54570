"""What a SPARQL query may be before any parser sees it, and whether it could reach another service.

Oxigraph's parser recurses once per nesting level and crashes the process (SIGSEGV) a few thousand
levels down; rdflib's raises RecursionError far sooner. So :func:`check_shape` refuses a query longer
than :data:`MAX_QUERY_CHARS` or nested deeper than :data:`MAX_NESTING` (``{``, ``(`` and ``[`` counted
wherever they stand, escapes decoded first: never fewer than a parser sees), in one line.

:func:`service_calls` decides on the parsed query, never on its text: SPARQL decodes ``\\u``/``\\U``
escapes before parsing, so the text is decoded the same way; a query whose decoded text does not hold
the letters ``service`` in any case where a keyword can start cannot hold a SERVICE pattern (the fast
path: after a letter, digit, ``_``, ``-``, ``:``, ``/``, ``#`` or ``%`` they are part of a name, an IRI
or a comment, as in ``cluster:professional-financial-services``); any other is parsed by rdflib and
its algebra walked for ``ServiceGraphPattern``. A query that cannot be parsed there is
treated as reaching out (refused): nothing unproven is run.
"""

from __future__ import annotations

import re

from clusterkg.errors import ClusterKGError

MAX_QUERY_CHARS = 1024 ** 2  # a query longer than this is refused (the stored queries: under 5,000)
MAX_NESTING = 100  # brackets open at once; the deepest stored query: 6
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_BRACKET = re.compile(r"[{}()\[\]]")
_OPENS = frozenset("{([")
_MAYBE_KEYWORD = re.compile(r"(?<![\w\-:/#%])service")  # on casefolded text: where SERVICE could start


def decode_escapes(text: str) -> str:
    """``text`` with SPARQL's ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes decoded, as a parser sees it."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: _character(m.group(1) or m.group(2)), text)


def _character(digits: str) -> str:
    code = int(digits, 16)
    return chr(code) if code <= 0x10FFFF else "\ufffd"


def check_shape(text: str, max_chars: int = MAX_QUERY_CHARS, max_nesting: int = MAX_NESTING) -> None:
    """Refuse, in one line, a query too long or too deeply nested for a parser to be given it."""
    if len(text) > max_chars:
        raise ClusterKGError(f"the query is {len(text):,} characters long; at most {max_chars:,} are taken")
    depth = deepest = 0
    for bracket in _BRACKET.findall(decode_escapes(text)):
        if bracket in _OPENS:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > max_nesting:
                    raise ClusterKGError(f"the query nests brackets more than {max_nesting} deep; "
                                         "no parser is given it")
        elif depth:
            depth -= 1


def service_calls(text: str) -> bool:
    """Whether the query ``text`` could call another service (a SERVICE pattern, found on the parsed
    query; a query that cannot be parsed counts as one). Check its shape first (:func:`check_shape`)."""
    decoded = decode_escapes(text)
    if not _MAYBE_KEYWORD.search(decoded.casefold()):
        return False  # a SERVICE pattern needs the keyword, as a word of its own, in the text the parser reads
    from rdflib.plugins.sparql.algebra import translateQuery, traverse
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        query = translateQuery(parseQuery(decoded))
    except Exception:  # noqa: BLE001 - any failure to parse means it cannot be proven safe
        return True
    found = []

    def visit(node):
        if getattr(node, "name", None) == "ServiceGraphPattern":
            found.append(node)
        return None

    traverse(query.algebra, visitPre=visit)
    return bool(found)
