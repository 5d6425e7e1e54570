"""Query params: each value checked against the query's declared params and turned into an RDF term.

An ``iri`` param with a ``class`` may be given the way a person names the thing: its IRI, its slug,
its label, its short name or another of its names (``skos:altLabel``, ``skos:hiddenLabel``: the page's own forms such as
"FDI", "EV" or "WMCA"; a GSS code), in any letter case. The value is looked up in the graph being
queried (local or remote) with constant triple patterns, which every engine answers from its
indexes. A value that names nothing is refused with the closest names (up to five); one that names
several things, with those things. A param declared ``multiple: true`` takes a list of values (one
``VALUES`` row each); any other is given once.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from clusterkg.errors import ClusterKGError
from clusterkg.model.terms import ID, PREFIXES, XSD
from clusterkg.query.catalogue import Param, StoredQuery
from clusterkg.query.namelookup import Found, Named, NameIndex, name_key
from clusterkg.query.sparql import sparql_term
from clusterkg.values import check_iri

_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
LISTED = 30  # a kind with at most this many things is listed whole when a value comes close to none

_HEAD = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX grow: <https://w3id.org/wmgrowth/def#>
"""
_NAMES = "rdfs:label skos:prefLabel skos:altLabel skos:hiddenLabel grow:shortName grow:gssCode"
_LOOKUP = _HEAD + "SELECT DISTINCT ?s WHERE { PATTERN } ORDER BY ?s"
_BY_NAME = f"VALUES ?class {{ CLASSES }} VALUES ?p {{ {_NAMES} }} ?s ?p ?value . ?s a ?class ."
_ALL_NAMES = _HEAD + f"""SELECT DISTINCT ?s ?class ?p ?name WHERE {{
  VALUES ?class {{ CLASSES }} ?s a ?class .
  OPTIONAL {{ VALUES ?p {{ {_NAMES} }} ?s ?p ?name }}
}} ORDER BY ?s ?p ?name"""


def bind_params(query: StoredQuery, params: dict | None, engine) -> dict:
    """Check ``params`` against the query's declared params; returns name -> Oxigraph term (a list of
    terms for a ``multiple`` param). ``engine.select(text, bindings, label)`` looks names up."""
    params = dict(params or {})
    declared = {p.name: p for p in query.params}
    for key in params:
        if key not in declared:
            known = ", ".join(declared) or "none; declare them in a '#+ params:' header"
            raise ClusterKGError(f"{query.label} has no param '{key}' (its params: {known})")
    bindings = {}
    for param in query.params:
        value = params.get(param.name, param.default)
        values = list(value) if isinstance(value, list | tuple) else [] if value is None else [value]
        if not values:
            what = f" ({param.description})" if param.description else ""
            raise ClusterKGError(f"{query.label} needs --param {param.name}=VALUE{what}")
        if len(values) > 1 and not param.multiple:
            given = ", ".join(repr(str(v)) for v in values)
            raise ClusterKGError(f"{query.label}, param '{param.name}' takes one value, not {len(values)} "
                                 f"({given}): give it once")
        terms = list(dict.fromkeys(coerce(query, param, v, engine) for v in values))
        bindings[param.name] = terms if param.multiple else terms[0]
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
    text = " ".join(str(value).split())
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


def _classes(param: Param) -> str:
    return " ".join(sparql_term(ox.NamedNode(c)) for c in param.classes)


def _lookups(param: Param, value: str) -> list[tuple[str, bool]]:
    """Patterns to try, best first: the IRI itself, a slug, an exact name; (pattern, uses ?value)."""
    classes = [ox.NamedNode(c) for c in param.classes]
    found = []
    if _SCHEME.match(value):
        try:
            found.append((_typed((ox.NamedNode(value), c) for c in classes), False))
        except ValueError:
            pass  # not a valid IRI: then it can only be a name
    if _SLUG.match(value.lower()):
        found.append((_typed((ox.NamedNode(f"{ID}{c.value.split('#')[-1].lower()}/{value.lower()}"), c)
                             for c in classes), False))
    found.append((_BY_NAME.replace("CLASSES", _classes(param)), True))
    return found


def kinds_of(param: Param) -> str:
    """``cluster``, ``place``, ``organisation/asset/...``: what a param's value must name."""
    return "/".join(c.split("#")[-1].split("/")[-1].lower() for c in param.classes)


def resolve(engine, param: Param, value: str, where: str) -> ox.NamedNode:
    """The one resource of ``param.classes`` whose IRI, slug, label or other name is ``value``: exact
    look-ups in the graph first, then :mod:`clusterkg.query.namelookup` over the names of every such resource
    (any case, accents and punctuation, acronyms, words and prefixes; a place only by a whole name)."""
    if not value:
        raise ClusterKGError(f"{where}: an empty value names no {kinds_of(param)}")
    literal = {"value": ox.Literal(value)}
    best = []
    for pattern, uses_value in _lookups(param, value):
        text = _LOOKUP.replace("PATTERN", pattern)
        best = [r["s"] for r in engine.select(text, literal if uses_value else {}, "name lookup").rows]
        if best:
            break
    if not best:
        index = name_index(engine, param.classes)
        found = index.find(value)
        if not found.things:
            raise ClusterKGError(f"{where}: no {kinds_of(param)} is named '{value}'{not_found(index, found)}")
        best = [ox.NamedNode(t.iri) for t in found.things]
    if len(best) > 1:
        raise ClusterKGError(f"{where}: '{value}' names {len(best)} things: {candidates(engine, param, best)}")
    return best[0]


NAMED_CLASSES = tuple(f"https://w3id.org/wmgrowth/def#{c}" for c in (
    "Cluster", "Place", "Lever", "Organisation", "Asset", "Programme", "Event"))
"""The kinds of thing a stored query's param names, and the browser's name index holds."""


def name_index(engine, classes=NAMED_CLASSES) -> NameIndex:
    """Every resource of ``classes`` on ``engine`` with all its names, for :mod:`clusterkg.query.namelookup`."""
    return NameIndex(named for named, _ in _names(engine, classes).values())


def _names(engine, classes) -> dict[str, tuple[Named, str | None]]:
    """Every resource of ``classes`` with all its names (its slug last): IRI -> (Named, short name)."""
    rows: dict[str, dict] = {}
    values = " ".join(sparql_term(ox.NamedNode(c)) for c in classes)
    for row in engine.select(_ALL_NAMES.replace("CLASSES", values), {}, "name lookup").rows:
        iri = row["s"].value
        entry = rows.setdefault(iri, {"kind": row["class"].value.split("#")[-1].split("/")[-1].lower(),
                                      "label": None, "short": None, "names": []})
        if "name" not in row:
            continue
        predicate, name = row["p"].value, row["name"].value
        if predicate.endswith("#label") or (predicate.endswith("#prefLabel") and entry["label"] is None):
            entry["label"] = name
        if predicate.endswith("#shortName"):
            entry["short"] = name
        entry["names"].append(name)
    found = {}
    for iri, entry in rows.items():
        slug = iri.rstrip("/").rsplit("/", 1)[-1]
        found[iri] = (Named(iri, entry["kind"], entry["label"] or slug, (*entry["names"], slug)), entry["short"])
    return found


def _shown(name: str, thing: Named) -> str:
    """A name as a suggestion: itself, with the thing's label where it is another name."""
    return name if name == thing.label else f"{name} ({thing.label})"


def not_found(index: NameIndex, found: Found) -> str:
    """What to say of a value that names nothing: the things that hold its words (where a partial
    match was refused), else the closest names, else that nothing is close and what there is."""
    if found.how:
        holders = ", ".join(t.label for t, _, _ in found.closest)
        return f" in the graph; only part of a name: {holders}; give the whole name"
    if found.closest:
        return f"; the closest names: {', '.join(_shown(name, t) for t, _, name in found.closest)}"
    kinds = sorted({t.kind for t in index.things})
    if len(index.things) > LISTED:
        return " and no name comes close"
    listed = ", ".join(t.label for t in sorted(index.things, key=lambda t: name_key(t.label)))
    return f" in the graph and no name comes close; the graph's {len(index.things)} {'/'.join(kinds)}s: {listed}"


def candidates(engine, param: Param, iris: list) -> str:
    """The things a value names, by name and slug, and how to pick one."""
    from clusterkg.query.results import prefixed_name

    entries = _names(engine, param.classes)
    slugs = [iri.value.rstrip("/").rsplit("/", 1)[-1] for iri in iris]
    unique = len(set(slugs)) == len(slugs)  # else by prefixed name: place:x, lever:x
    shown = []
    for iri, slug in zip(iris, slugs):
        thing, short = entries.get(iri.value, (None, None))
        shown.append(f"{short or (thing.label if thing else slug)} ({slug if unique else prefixed_name(iri.value)})")
    return f"{', '.join(shown)}; give one of them by {'its slug' if unique else 'that name'}"
