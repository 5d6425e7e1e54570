"""Query params: each value checked against the query's declared params and turned into an RDF term.

An ``iri`` param with a ``class`` may be given the way a person names the thing: its IRI, its slug,
its label or another of its names (``skos:altLabel``, a GSS code), in any letter case. The value is
looked up in the graph being queried (local or remote) with constant triple patterns, which every
engine answers from its indexes.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from .errors import ClusterKGError
from .queries import Param, StoredQuery
from .sparql import sparql_term
from .terms import ID, PREFIXES, XSD
from .values import check_iri

_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*\Z")

_HEAD = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX grow: <https://w3id.org/wmgrowth/def#>
"""
_LOOKUP = _HEAD + "SELECT DISTINCT ?s WHERE { PATTERN } ORDER BY ?s"
_BY_NAME = ("VALUES ?class { CLASSES } VALUES ?p { rdfs:label skos:prefLabel skos:altLabel grow:gssCode } "
            "?s ?p ?value . ?s a ?class .")
_ANY_CASE = _HEAD + """SELECT DISTINCT ?s WHERE {
  VALUES ?class { CLASSES } ?s a ?class .
  ?s rdfs:label|skos:prefLabel|skos:altLabel|grow:gssCode ?name .
  FILTER(LCASE(STR(?name)) = LCASE(STR(?value)))
} ORDER BY ?s"""


def bind_params(query: StoredQuery, params: dict | None, engine) -> dict:
    """Check ``params`` against the query's declared params; returns name -> Oxigraph term.
    ``engine.select(text, bindings, label)`` looks names up in the graph."""
    params = dict(params or {})
    declared = {p.name: p for p in query.params}
    for key in params:
        if key not in declared:
            known = ", ".join(declared) or "none; declare them in a '#+ params:' header"
            raise ClusterKGError(f"{query.label} has no param '{key}' (its params: {known})")
    bindings = {}
    for param in query.params:
        value = params.get(param.name, param.default)
        if value is None:
            what = f" ({param.description})" if param.description else ""
            raise ClusterKGError(f"{query.label} needs --param {param.name}=VALUE{what}")
        bindings[param.name] = coerce(query, param, value, engine)
    return bindings


def coerce(query: StoredQuery, param: Param, value, engine):
    """One param value as the RDF term its type asks for."""
    where = f"{query.label}, param '{param.name}'"
    if param.type == "integer":
        if isinstance(value, bool) or not _INTEGER.match(str(value).strip()):
            raise ClusterKGError(f"{where}: expected an integer, got '{value}'")
        return ox.Literal(str(int(str(value).strip())), datatype=ox.NamedNode(XSD + "integer"))
    if param.type == "literal":
        return value if isinstance(value, ox.Literal) else ox.Literal(str(value))
    if isinstance(value, ox.NamedNode):
        value = value.value
    text = str(value).strip()
    iri = _friendly_iri(text, query.prefixes)
    if param.classes:
        return resolve(engine, param, iri or text, where)
    if iri is None:
        raise ClusterKGError(f"{where}: expected an IRI, got '{value}'")
    return ox.NamedNode(check_iri(iri, where))


def _friendly_iri(value: str, prefixes: dict) -> str | None:
    """``<IRI>``, ``prefix:local`` (the query's prefixes, then the project's) or an absolute IRI."""
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    prefix, colon, local = value.partition(":")
    if colon and prefix in prefixes:
        return prefixes[prefix] + local
    if colon and _SCHEME.match(value) and not local.startswith(" "):
        return PREFIXES[prefix] + local if prefix in PREFIXES else value
    return None


def _typed(pairs) -> str:
    """A pattern binding ``?s`` to each IRI that has its class: constant triples, so an engine looks
    each up (Oxigraph scans every typed resource for ``VALUES ?s {...} ?s a ?class``)."""
    return " UNION ".join(f"{{ {sparql_term(s)} a {sparql_term(c)} . BIND({sparql_term(s)} AS ?s) }}"
                          for s, c in pairs)


def _lookups(param: Param, value: str) -> list[tuple[str, bool]]:
    """Patterns to try, best first: the IRI itself, a slug, an exact name; (pattern, uses ?value)."""
    classes = [ox.NamedNode(c) for c in param.classes]
    found = []
    if _SCHEME.match(value):
        try:
            found.append((_typed((ox.NamedNode(value), c) for c in classes), False))
        except ValueError:
            pass  # not a valid IRI: then it can only be a name
    if _SLUG.match(value):
        found.append((_typed((ox.NamedNode(f"{ID}{c.value.split('#')[-1].lower()}/{value}"), c) for c in classes),
                      False))
    found.append((_BY_NAME.replace("CLASSES", " ".join(sparql_term(c) for c in classes)), True))
    return found


def resolve(engine, param: Param, value: str, where: str) -> ox.NamedNode:
    """The one resource of ``param.classes`` whose IRI, slug, label or other name is ``value``
    (exact look-ups first; then names in any letter case)."""
    kinds = "/".join(c.split("#")[-1].split("/")[-1].lower() for c in param.classes)
    if not value:
        raise ClusterKGError(f"{where}: an empty value names no {kinds}")
    literal = {"value": ox.Literal(value)}
    best = []
    for pattern, uses_value in _lookups(param, value):
        text = _LOOKUP.replace("PATTERN", pattern)
        best = [r["s"] for r in engine.select(text, literal if uses_value else {}, "name lookup").rows]
        if best:
            break
    if not best:
        classes = " ".join(sparql_term(ox.NamedNode(c)) for c in param.classes)
        best = [r["s"] for r in engine.select(_ANY_CASE.replace("CLASSES", classes), literal, "name lookup").rows]
    if not best:
        codes = ", GSS code" if any(c.endswith("#Place") for c in param.classes) else ""
        raise ClusterKGError(f"{where}: no {kinds} is named '{value}' (give its slug, label{codes} or IRI)")
    if len(best) > 1:
        names = ", ".join(t.value for t in best[:4])
        raise ClusterKGError(f"{where}: '{value}' names {len(best)} things ({names}); give an IRI")
    return best[0]
