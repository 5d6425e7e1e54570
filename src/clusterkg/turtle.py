"""A deterministic, diff-friendly Turtle writer, several times faster than rdflib's on large graphs.

Subjects in order (IRIs, then blank nodes), ``a`` first and then predicates in order, one object per
line where there are several; only the prefixes in use are declared. Blank nodes are written as
labels (``_:b0``), so give them stable labels first (:func:`clusterkg.export.stable_blank_nodes`).
"""

from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?\Z")
_BARE = {
    XSD.integer: re.compile(r"[+-]?[0-9]+\Z"),
    XSD.decimal: re.compile(r"[+-]?[0-9]*\.[0-9]+\Z"),
    XSD.boolean: re.compile(r"(?:true|false)\Z"),
}
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


class _Names:
    """Turns terms into Turtle, with prefixed names where a bound namespace allows."""

    def __init__(self, graph: Graph):
        # longest namespace first, so the most specific prefix wins
        self.namespaces = sorted(((str(ns), prefix) for prefix, ns in graph.namespaces() if prefix),
                                 key=lambda item: (-len(item[0]), item[1]))
        self.used: dict[str, str] = {}
        self.cache: dict = {}

    def iri(self, iri: URIRef) -> str:
        text = self.cache.get(iri)
        if text is None:
            text = f"<{iri}>"
            for ns, prefix in self.namespaces:
                if iri.startswith(ns) and _LOCAL.match(iri, len(ns)):
                    text = f"{prefix}:{iri[len(ns):]}"
                    self.used[prefix] = ns
                    break
            self.cache[iri] = text
        return text

    def term(self, term) -> str:
        if isinstance(term, URIRef):
            return self.iri(term)
        if isinstance(term, BNode):
            return f"_:{term}"
        if isinstance(term, Literal):
            lexical = str(term)
            datatype = term.datatype
            bare = _BARE.get(datatype)
            if bare is not None and bare.match(lexical):
                return lexical
            quoted = '"' + lexical.translate(_ESCAPES) + '"'
            if term.language:
                return f"{quoted}@{term.language}"
            if datatype is None or datatype == XSD.string:
                return quoted
            return f"{quoted}^^{self.iri(datatype)}"
        raise TypeError(f"cannot write {term!r} in Turtle")


def write_turtle(graph: Graph) -> bytes:
    """``graph`` as Turtle bytes; the same triples and prefixes always give the same bytes."""
    names = _Names(graph)
    subjects: dict = {}
    for s, p, o in graph:
        subjects.setdefault(s, {}).setdefault(p, []).append(o)
    blocks = []
    for subject in sorted(subjects, key=lambda s: (isinstance(s, BNode), str(s))):
        predicates = subjects[subject]
        lines = []
        for predicate in sorted(predicates, key=lambda p: (p != RDF.type, str(p))):
            objects = sorted(names.term(o) for o in predicates[predicate])
            verb = "a" if predicate == RDF.type else names.iri(predicate)
            if len(objects) == 1:
                lines.append(f"    {verb} {objects[0]}")
            else:
                lines.append(f"    {verb}\n" + " ,\n".join(f"        {o}" for o in objects))
        blocks.append(names.term(subject) + "\n" + " ;\n".join(lines) + " .\n")
    head = "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in sorted(names.used.items()))
    return (head + "\n" + "\n".join(blocks)).encode("utf-8")
