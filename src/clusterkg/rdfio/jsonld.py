"""Compact JSON-LD: pyoxigraph's JSON-LD, then short names from a context.

pyoxigraph writes expanded JSON-LD (full IRIs, every value an object); :func:`write` then compacts it
with a context: a short name for each property and class, the prefixes in use, and the coercion of a
property whose values are all IRIs (``@id``) or all share a datatype. The compaction is our own code,
because the maintained alternative measured worse: rdflib 7.6's JSON-LD writer with ``context=`` lost
triples on 23 of the 260 W3C Turtle and N-Triples inputs (a blank node's own triples when it is also an
object: lists, nested blank nodes), and writes a number that no coercion covers as a JSON number
(``"01"^^xsd:integer`` came back as ``"1"``, ``"1e300"^^xsd:double`` as ``"1.0E300"``). Here every value
keeps its lexical form: a string, or a value object wherever the term's coercion would misread it.

A name that an absolute IRI of the data starts with as its scheme (``urn`` with ``<urn:isbn:1>``) is
never a term or prefix, as it would turn that IRI into another; nor is a name that is not a Turtle
prefix name; a prefix is a namespace ending in a JSON-LD gen-delim (``/``, ``#``, ``:``...), and a
compact IRI is never written where its local part starts with ``//`` (it would read as an absolute IRI).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, SKOS

from clusterkg.errors import ClusterKGError
from clusterkg.model.vocab import GROW
from clusterkg.rdfio.names import iri_scheme, jsonld_term

RDF_TYPE = str(RDF.type)
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_GEN_DELIMS = ":/?#[]@"
_TERM = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
# Vocabularies whose terms get short names first when two share a local name (foaf:Agent over prov:Agent).
_TERM_PRIORITY = tuple(str(ns) for ns in (GROW._NS, RDF, RDFS, SKOS, DCTERMS, DCAT, FOAF, PROV))

def prefix_ok(prefix: str) -> bool:
    """Whether a JSON-LD context may hold ``prefix`` (whatever the data): see :func:`names.jsonld_term`."""
    return jsonld_term(prefix)


@dataclass
class Context:
    """A context we can compact with: prefixes, and terms (name -> (IRI, coercion or None))."""

    prefixes: dict[str, str] = field(default_factory=dict)
    terms: dict[str, tuple[str, str | None]] = field(default_factory=dict)

    def __post_init__(self):
        self.compacted: dict[str, str] = {}
        self.by_iri = {}
        for name, (iri, coercion) in sorted(self.terms.items()):
            self.by_iri.setdefault(iri, (name, coercion))

    def iri(self, iri: str) -> str:
        """``iri`` as a compact IRI with the longest namespace that allows one, else in full."""
        found = self.compacted.get(iri)
        if found is None:
            found = self.compacted[iri] = self._compact(iri)
        return found

    def _compact(self, iri: str) -> str:
        best = max((p for p, ns in self.prefixes.items()
                    if iri.startswith(ns) and len(iri) > len(ns) and not iri.startswith("//", len(ns))),
                   key=lambda p: (len(self.prefixes[p]), p), default=None)
        return iri if best is None else f"{best}:{iri[len(self.prefixes[best]):]}"

    def ref(self, node: str) -> str:
        return node if node.startswith("_:") else self.iri(node)

    def render(self) -> dict:
        """The context as JSON: prefixes by name, then terms by name."""
        out: dict = dict(sorted(self.prefixes.items()))
        for name, (iri, coercion) in sorted(self.terms.items()):
            if coercion:
                out[name] = {"@id": self.iri(iri), "@type": coercion if coercion == "@id" else self.iri(coercion)}
            else:
                out[name] = self.iri(iri)
        return out


def jsonld_context(source, prefixes=None) -> dict:
    """A JSON-LD context for ``source`` (any :func:`clusterkg.rdfio.writers.to_store` source).

    Its usable ``prefixes`` (by default an rdflib source's own bindings) that some IRI of the data lies
    under, and a short name for each property and class (its local name; ours, then the core
    vocabularies', first where two share one). A property whose values are all IRIs is coerced to
    ``@id``, one whose values all share a datatype (other than xsd:string) to that datatype. Names that
    are a scheme of the data's IRIs are left out; so is a prefix named like a term.
    """
    from clusterkg.rdfio.quadsource import own_prefixes
    from clusterkg.rdfio.writers import usable_prefixes

    if prefixes is None:
        prefixes = own_prefixes(source)
    return _context(*_facts(source), usable_prefixes(prefixes, "jsonld"))


def _context(iris: set, kinds: dict, classes: set, prefixes: dict) -> dict:
    schemes = {iri_scheme(iri) for iri in iris}
    terms: dict = {}
    for iri in sorted((set(kinds) - {RDF_TYPE}) | classes, key=lambda t: (_priority(t), t)):
        name = re.split(r"[#/]", iri)[-1]
        if _TERM.match(name) and name not in terms and name not in schemes:
            terms[name] = (iri, _coercion(kinds.get(iri, ())))
    namespaces = {p: ns for p, ns in prefixes.items()
                  if p not in terms and p not in schemes and ns[-1] in _GEN_DELIMS
                  and any(iri.startswith(ns) and len(iri) > len(ns) and not iri.startswith("//", len(ns))
                         for iri in iris)}
    return Context(namespaces, terms).render()


def _facts(source) -> tuple[set, dict, set]:
    """The IRIs of ``source`` (datatypes and graph names included), the kinds of value of each property
    (``@id``, ``@language`` or a datatype), and the classes (IRIs that are objects of rdf:type): one pass."""
    from clusterkg.rdfio.quadsource import quad_view

    facts = _Facts()
    for _ in facts.watch(quad_view(source)):
        pass
    return facts.iris, facts.kinds, facts.classes


class _Facts:
    """What :func:`_facts` finds, gathered while the quads pass by."""

    def __init__(self):
        self.iris: set = set()
        self.kinds: dict = {}
        self.classes: set = set()

    def watch(self, quads):
        iris, kinds, classes = self.iris, self.kinds, self.classes
        for q in quads:
            s, p, o = q.subject, q.predicate.value, q.object
            if isinstance(q.graph_name, ox.NamedNode):
                iris.add(q.graph_name.value)
            if isinstance(s, ox.NamedNode):
                iris.add(s.value)
            if isinstance(o, ox.Literal):
                kind = "@language" if o.language else o.datatype.value
                iris.add(o.datatype.value)
            else:
                kind = "@id"
                if isinstance(o, ox.NamedNode):
                    iris.add(o.value)
                    if p == RDF_TYPE:
                        classes.add(o.value)
            iris.add(p)
            kinds.setdefault(p, set()).add(kind)
            yield q


def _expanded_facts(nodes: list, facts: _Facts | None = None) -> _Facts:
    """What :class:`_Facts` gathers, read from expanded JSON-LD (cheaper than from pyoxigraph's terms)."""
    facts = _Facts() if facts is None else facts
    iris, kinds, classes = facts.iris, facts.kinds, facts.classes
    for node in nodes:
        if not node["@id"].startswith("_:"):
            iris.add(node["@id"])
        for key, values in node.items():
            if key == "@graph":
                _expanded_facts(values, facts)
            elif key != "@id":
                iris.add(key)
                found = kinds.setdefault(key, set())
                for value in values:
                    if "@id" in value:
                        found.add("@id")
                        if not value["@id"].startswith("_:"):
                            iris.add(value["@id"])
                            if key == RDF_TYPE:
                                classes.add(value["@id"])
                    elif "@language" in value:
                        found.add("@language")
                    else:
                        datatype = value.get("@type", XSD_STRING)
                        found.add(datatype)
                        iris.add(datatype)
    return facts


def _priority(iri: str) -> int:
    return next((i for i, ns in enumerate(_TERM_PRIORITY) if iri.startswith(ns)), len(_TERM_PRIORITY))


def _coercion(kinds) -> str | None:
    kind = next(iter(kinds)) if len(kinds) == 1 else None
    return None if kind in ("@language", XSD_STRING) else kind


def parse_context(context: dict, schemes=frozenset()) -> Context:
    """``context`` (as :func:`jsonld_context` makes them) as a :class:`Context`, less the names in
    ``schemes``; :class:`ClusterKGError` for what it cannot be (nested contexts, keywords, containers)."""
    if not isinstance(context, dict):
        raise ClusterKGError("a JSON-LD context must be a JSON object")
    raw: dict = {}
    for name, value in context.items():
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and isinstance(value.get("@id"), str) \
                and isinstance(value.get("@type", ""), str):
            value = (value["@id"], value.get("@type"))
        if not (isinstance(name, str) and jsonld_term(name)) or not isinstance(value, (str, tuple)):
            raise ClusterKGError(f"cannot write JSON-LD with context entry '{name}': only prefixes and "
                                 "terms with @id and @type are supported")
        if name not in schemes:
            raw[name] = value
    prefixes = {n: v for n, v in raw.items() if isinstance(v, str) and v[-1:] in _GEN_DELIMS and _absolute(v)}
    plain = Context(prefixes)
    terms = {}
    for name, value in raw.items():
        if name not in prefixes:
            iri, coercion = (value, None) if isinstance(value, str) else value
            if coercion in ("@vocab", "@json", "@none"):
                raise ClusterKGError(f"cannot write JSON-LD with context entry '{name}': @type {coercion}")
            terms[name] = (_expand(iri, plain, name), _expand(coercion, plain, name) if coercion else None)
    return Context(prefixes, terms)


def _absolute(iri: str) -> bool:
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


def _expand(value: str, context: Context, name: str) -> str:
    if value == "@id":
        return value
    head, _, rest = value.partition(":")
    iri = context.prefixes[head] + rest if head in context.prefixes and not rest.startswith("//") else value
    if not _absolute(iri):
        raise ClusterKGError(f"cannot write JSON-LD with context entry '{name}': '{value}' is not an IRI")
    return iri


# -- Writing ----


def write(graphs, prefixes: dict, context: dict | None = None) -> bytes:
    """The quads of ``graphs`` (a :class:`clusterkg.rdfio.sortedquads.SortedGraphs`, in their order) as compact
    JSON-LD with its context embedded; a named graph is a node with its own ``@graph``.

    ``context``: by default one made as :func:`jsonld_context` makes it (from ``prefixes``, usable ones);
    a given one is written without the entries that would change the data, in the form
    :func:`jsonld_context` gives. :class:`ClusterKGError` for an RDF 1.2 triple term, which JSON-LD 1.1
    cannot hold.
    """
    try:
        expanded = json.loads(ox.serialize(graphs.quads(), format=ox.RdfFormat.JSON_LD))
    except OSError:  # pyoxigraph 0.5: "JSON-LD does not support RDF 1.2 yet" (a triple term)
        from clusterkg.rdfio.quadsource import shown

        term = next((q.object for q in graphs.quads() if isinstance(q.object, ox.Triple)), "an RDF 1.2 term")
        raise ClusterKGError(f"cannot write the triple term {shown(str(term))} in JSON-LD: JSON-LD 1.1 has no "
                             "triple terms (RDF 1.2); write Turtle, TriG, N-Triples or N-Quads") from None
    facts = _expanded_facts(expanded)
    if context is None:
        compact = parse_context(_context(facts.iris, facts.kinds, facts.classes, prefixes))
    else:
        compact = parse_context(context, {iri_scheme(iri) for iri in facts.iris})
    doc = {"@context": compact.render(), "@graph": [_node(node, compact) for node in expanded]}
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _node(node: dict, context: Context) -> dict:
    """One expanded node object, compacted."""
    out: dict = {"@id": context.ref(node["@id"])}
    if "@graph" in node:  # a named graph, and its nodes
        out["@graph"] = [_node(inner, context) for inner in node["@graph"]]
    types = [v["@id"] for v in node.get(RDF_TYPE, ()) if set(v) == {"@id"} and not v["@id"].startswith("_:")]
    if types:
        names = [context.by_iri.get(t, (context.iri(t),))[0] for t in types]
        out["@type"] = names[0] if len(names) == 1 else names
    for key, values in node.items():
        if key == RDF_TYPE:
            values = [v for v in values if v.get("@id") not in types]
        if key in ("@id", "@graph") or not values:
            continue
        name, coercion = context.by_iri.get(key, (context.iri(key), None))
        compacted = [_value(v, coercion, context) for v in values]
        out[name] = compacted[0] if len(compacted) == 1 else compacted
    return out


def _value(value: dict, coercion: str | None, context: Context):
    """One expanded value object as a string where the term's coercion reads it back the same."""
    if set(value) == {"@id"}:
        return context.ref(value["@id"]) if coercion == "@id" else {"@id": context.ref(value["@id"])}
    if set(value) == {"@value", "@type"}:
        if value["@type"] == coercion:
            return value["@value"]
        return {"@value": value["@value"], "@type": context.iri(value["@type"])}
    if set(value) == {"@value"}:
        return value["@value"] if coercion is None else value
    return value  # language-tagged: kept as it is


def context_document(context: dict) -> bytes:
    """``context`` on its own, as a JSON-LD context file (``{"@context": ...}``)."""
    return (json.dumps({"@context": context}, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
