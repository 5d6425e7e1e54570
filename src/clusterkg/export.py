"""Serialise the graph in five RDF formats: deterministic bytes, written whole or not at all.

Turtle comes from :mod:`clusterkg.turtle`; N-Triples are sorted lines; RDF/XML and JSON-LD are written
here, subject by subject in IRI order, because rdflib's writers order them by hash. Blank nodes
(the ontology has some) are relabelled canonically first, so they too give the same bytes.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, SKOS

from .dataset import DEFAULT_PUBLISHER, OGL_V3, dataset_iri, describe
from .errors import ClusterKGError
from .fileio import atomic_write
from .gcpause import gc_paused
from .resources import ontology_file, shapes_file
from .rebase import Rebaser, ontology_document
from .turtle import write_turtle
from .vocab import GROW, ONTOLOGY_IRI

ONTOLOGY_FILE = ontology_file()
SHAPES_FILE = shapes_file()


@dataclass(frozen=True)
class Format:
    """An output format: its file extension, IANA media type, EU file type and W3C format name."""

    name: str
    extension: str
    media_type: str
    file_type: str
    w3c_format: str
    label: str

FORMATS = {f.name: f for f in (
    Format("turtle", "ttl", "text/turtle", "RDF_TURTLE", "Turtle", "Turtle"),
    Format("ntriples", "nt", "application/n-triples", "RDF_N_TRIPLES", "N-Triples", "N-Triples"),
    Format("jsonld", "jsonld", "application/ld+json", "JSON_LD", "JSON-LD", "JSON-LD"),
    Format("rdfxml", "rdf", "application/rdf+xml", "RDF_XML", "RDF_XML", "RDF/XML"),
    Format("trig", "trig", "application/trig", "RDF_TRIG", "TriG", "TriG"),
)}


def with_ontology(graph: Graph) -> Graph:
    """A new graph holding ``graph`` and the ontology (``ontology/clusterkg.ttl``)."""
    merged = Graph()
    for prefix, ns in graph.namespaces():
        merged.bind(prefix, ns, replace=True)
    merged += graph
    merged.parse(ONTOLOGY_FILE, format="turtle")
    return merged


# -- What one export holds ----

@dataclass(frozen=True)
class Parts:
    """The graphs of one export, already under their final IRIs."""

    data: Graph
    dataset: URIRef
    ontology: Graph | None = None
    ontology_iri: URIRef | None = None
    description: Graph | None = None

    def merged(self) -> Graph:
        """Data, ontology and description as one graph (for the single-graph formats)."""
        graphs = [g for g in (self.data, self.ontology, self.description) if g is not None]
        if len(graphs) == 1:
            return self.data
        out = Graph()
        for g in graphs:
            for prefix, ns in g.namespaces():
                out.bind(prefix, ns, override=True, replace=True)
            out += g
        return out


def prepare(graph: Graph, with_ontology: bool = False, *, description: bool = False, base_iri: str | None = None,
            ontology_iri: str | None = None, license: str = OGL_V3, issued=None, modified=None,
            sparql_endpoint: str | None = None, publisher: str = DEFAULT_PUBLISHER, distributions=()) -> Parts:
    """Rebase ``graph`` (and the ontology) if asked, and generate its description if asked."""
    rebaser = Rebaser(base_iri, ontology_iri)
    moved = bool(base_iri or ontology_iri)
    data = rebaser.graph(graph) if moved else graph
    ontology = None
    if with_ontology:
        ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
        ontology = rebaser.graph(ontology) if moved else ontology
    desc = None
    if description:
        desc = describe(data, base_iri=base_iri, ontology_iri=ontology_iri, license=license, issued=issued,
                        modified=modified, sparql_endpoint=sparql_endpoint, publisher=publisher,
                        distributions=distributions)
    return Parts(data, dataset_iri(data, base_iri, ontology_iri), ontology,
                 URIRef(ontology_document(ontology_iri) if ontology_iri else ONTOLOGY_IRI), desc)


def _check_format(format: str) -> None:
    if format not in FORMATS:
        raise ClusterKGError(f"unknown format '{format}' (expected one of: {', '.join(FORMATS)})")


def render(parts: Parts, format: str) -> bytes:
    """The bytes of ``parts`` in ``format``."""
    _check_format(format)
    if format == "trig":
        return _trig(parts)
    graph = stable_blank_nodes(parts.merged())
    if format == "turtle":
        return write_turtle(graph)
    if format == "ntriples":
        lines = sorted(line for line in graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
                       if line.strip())
        return ("\n".join(lines) + "\n").encode("utf-8")
    if format == "rdfxml":
        return rdfxml(graph)
    return jsonld(graph, jsonld_context(graph))


@gc_paused
def serialize(graph: Graph, format: str = "turtle", with_ontology: bool = False, *, description: bool = False,
              base_iri: str | None = None, ontology_iri: str | None = None, license: str = OGL_V3,
              issued=None, modified=None, sparql_endpoint: str | None = None,
              publisher: str = DEFAULT_PUBLISHER) -> bytes:
    """The graph as bytes in ``format``; the same graph always gives the same bytes.

    ``description`` adds the DCAT/VoID/PROV description (see :func:`clusterkg.dataset.describe`,
    which takes the remaining options); ``base_iri`` / ``ontology_iri`` rebase the IRIs first.
    """
    _check_format(format)
    parts = prepare(graph, with_ontology, description=description, base_iri=base_iri, ontology_iri=ontology_iri,
                    license=license, issued=issued, modified=modified, sparql_endpoint=sparql_endpoint,
                    publisher=publisher)
    return render(parts, format)


def context_path(path) -> Path:
    """Where the JSON-LD context is written beside ``path``: ``graph.jsonld`` -> ``graph.context.jsonld``."""
    path = Path(path)
    return path.with_name(path.name.rsplit(".", 1)[0] + ".context.jsonld")


def export(graph: Graph, path, format: str = "turtle", with_ontology: bool = False, *, description: bool = False,
           base_iri: str | None = None, ontology_iri: str | None = None, license: str = OGL_V3, issued=None,
           modified=None, sparql_endpoint: str | None = None, publisher: str = DEFAULT_PUBLISHER) -> Path | None:
    """Write ``graph`` to ``path`` (``"-"`` for stdout) through a temporary file.

    JSON-LD embeds its context and also writes it beside the file (``*.context.jsonld``).
    Options as for :func:`serialize`.
    """
    data = serialize(graph, format, with_ontology, description=description, base_iri=base_iri,
                     ontology_iri=ontology_iri, license=license, issued=issued, modified=modified,
                     sparql_endpoint=sparql_endpoint, publisher=publisher)
    if str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return None
    if format == "jsonld":
        atomic_write(context_path(path), context_document(json.loads(data)["@context"]))
    return atomic_write(path, data)


# -- Blank nodes ----

def stable_blank_nodes(graph: Graph, prefix: str = "b") -> Graph:
    """``graph`` with blank nodes renamed ``b0, b1, ...`` in canonical order (the graph itself if none)."""
    if not any(isinstance(t, BNode) for triple in graph for t in triple):
        return graph
    from rdflib.compare import to_canonical_graph

    canonical = to_canonical_graph(graph)
    labels = sorted({t for triple in canonical for t in triple if isinstance(t, BNode)})
    rename = {label: BNode(f"{prefix}{i}") for i, label in enumerate(labels)}
    out = Graph()
    for p, ns in graph.namespaces():
        out.bind(p, ns, override=True, replace=True)
    for triple in canonical:
        out.add(tuple(rename.get(t, t) for t in triple))
    return out


# -- TriG: the data in the dataset's named graph ----

def _trig(parts: Parts) -> bytes:
    """Description in the default graph, data in the dataset's graph, ontology in its own graph."""
    from io import BytesIO

    ds = Dataset()
    graphs = [(parts.dataset, parts.data, "d")]
    if parts.ontology is not None:
        graphs.append((parts.ontology_iri, parts.ontology, "o"))
    for name, graph, prefix in graphs + [(None, parts.description, "m")]:
        if graph is None:
            continue
        for p, ns in graph.namespaces():
            ds.bind(p, ns, override=True, replace=True)
        default = ds.default_graph if hasattr(ds, "default_graph") else ds.default_context  # rdflib 7.x renamed it
        target = default if name is None else ds.graph(name)
        for triple in stable_blank_nodes(graph, prefix):
            target.add(triple)
    out = BytesIO()
    _ordered_trig_serializer()(ds).serialize(out, encoding="utf-8")
    return out.getvalue()


def _ordered_trig_serializer():
    from rdflib.plugins.serializers.trig import TrigSerializer

    class OrderedTrigSerializer(TrigSerializer):
        """rdflib's TriG writer with its graphs in a fixed order: the default graph, then by IRI."""

        def __init__(self, store):
            super().__init__(store)
            self.contexts.sort(key=lambda g: (g.identifier != self.default_context, str(g.identifier)))

    return OrderedTrigSerializer


# -- RDF/XML ----

_NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*$")
_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str, what) -> str:
    if _XML_FORBIDDEN.search(text):
        raise ClusterKGError(f"cannot write {what} in RDF/XML: it holds a control character")
    return escape(text).replace("\r", "&#13;")


def _xml_attr(text: str) -> str:
    return '"' + escape(text, {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}) + '"'


def _qnames(graph: Graph) -> dict:
    """Predicate -> ``prefix:local`` for RDF/XML, from the graph's prefixes, else ``ns1``, ``ns2``..."""
    bound = sorted(((str(ns), p) for p, ns in graph.namespaces()), key=lambda x: (-len(x[0]), x[1]))
    names, extra = {}, {}
    for pred in sorted(set(graph.predicates())):
        iri = str(pred)
        for ns, prefix in bound:
            if iri.startswith(ns) and _NCNAME.match(iri[len(ns):]):
                names[pred] = (prefix, ns, iri[len(ns):])
                break
        else:
            match = re.search(r"[A-Za-z_][A-Za-z0-9_.\-]*$", iri)
            if not match or match.start() == 0:
                raise ClusterKGError(f"cannot write property <{iri}> in RDF/XML: it has no XML name")
            ns = iri[:match.start()]
            extra.setdefault(ns, f"ns{len(extra) + 1}")
            names[pred] = (extra[ns], ns, match.group())
    return names


def rdfxml(graph: Graph) -> bytes:
    """Flat RDF/XML: one ``rdf:Description`` per subject, subjects and properties in IRI order."""
    qnames = _qnames(graph)
    namespaces = {prefix: ns for prefix, ns, _ in qnames.values()}
    namespaces["rdf"] = str(RDF)
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    out += [f"   xmlns:{prefix}={_xml_attr(ns)}" for prefix, ns in sorted(namespaces.items())]
    out[-1] += ">"
    for subject in sorted(set(graph.subjects()), key=_order):
        ident = f"rdf:nodeID={_xml_attr(str(subject))}" if isinstance(subject, BNode) else \
            f"rdf:about={_xml_attr(str(subject))}"
        out.append(f"  <rdf:Description {ident}>")
        for p, o in sorted(graph.predicate_objects(subject), key=lambda po: (str(po[0]), _order(po[1]))):
            prefix, _, local = qnames[p]
            tag = f"{prefix}:{local}"
            if isinstance(o, URIRef):
                out.append(f"    <{tag} rdf:resource={_xml_attr(str(o))}/>")
            elif isinstance(o, BNode):
                out.append(f"    <{tag} rdf:nodeID={_xml_attr(str(o))}/>")
            else:
                attr = f" xml:lang={_xml_attr(o.language)}" if o.language else \
                    (f" rdf:datatype={_xml_attr(str(o.datatype))}" if o.datatype else "")
                out.append(f"    <{tag}{attr}>{_xml_text(str(o), subject)}</{tag}>")
        out.append("  </rdf:Description>")
    out.append("</rdf:RDF>")
    return ("\n".join(out) + "\n").encode("utf-8")


def _order(term) -> tuple:
    """Sort key: IRIs, then blank nodes, then literals (by text, language, datatype)."""
    kind = 2 if isinstance(term, Literal) else (1 if isinstance(term, BNode) else 0)
    if isinstance(term, Literal):
        return (kind, str(term), term.language or "", str(term.datatype or ""))
    return (kind, str(term), "", "")


# -- JSON-LD ----

_TERM = re.compile(r"[A-Za-z][A-Za-z0-9_]*$")
# Vocabularies whose terms get short names first when two share a local name (foaf:Agent over prov:Agent).
_TERM_PRIORITY = (str(GROW._NS), str(RDF), str(RDFS), str(SKOS), str(DCTERMS), str(DCAT), str(FOAF), str(PROV))


def jsonld_context(graph: Graph) -> dict:
    """A JSON-LD context for ``graph``: its prefixes, and a short name for each property and class.

    A property whose values are all IRIs is coerced to ``@id``, one whose values all share a
    datatype to that datatype. Our own terms (``grow:``), then the core vocabularies, get their
    short names first; a name already taken keeps the prefixed form.
    """
    used = {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
    used |= {str(t.datatype) for t in graph.objects() if isinstance(t, Literal) and t.datatype}
    classes = set(graph.objects(None, RDF.type))
    terms: dict = {}
    taken = set()
    candidates = sorted((set(graph.predicates()) - {RDF.type}) | classes,
                        key=lambda t: (_priority(str(t)), str(t)))
    for term in candidates:
        name = re.split(r"[#/]", str(term))[-1]
        if not _TERM.match(name) or name in taken or isinstance(term, BNode):
            continue
        taken.add(name)
        terms[name] = term
    prefixes = {}
    for prefix, ns in sorted(graph.namespaces()):
        ns = str(ns)
        if prefix and prefix not in taken and _TERM.match(prefix.replace("-", "_")) and ns[-1] in "#/" \
                and any(iri.startswith(ns) and iri != ns for iri in used) and ns not in prefixes.values():
            prefixes[prefix] = ns
    context = dict(sorted(prefixes.items()))
    for name, term in sorted(terms.items()):
        iri = _compact(str(term), prefixes)
        coercion = _coercion(graph, term) if term not in classes or term in set(graph.predicates()) else None
        context[name] = {"@id": iri, "@type": _compact(coercion, prefixes)} if coercion else iri
    return context


def _priority(iri: str) -> int:
    return next((i for i, ns in enumerate(_TERM_PRIORITY) if iri.startswith(ns)), len(_TERM_PRIORITY))


def _coercion(graph: Graph, predicate) -> str | None:
    kinds = set()
    for o in graph.objects(None, predicate):
        if isinstance(o, Literal):
            kinds.add(("lit", str(o.datatype) if o.datatype and not o.language else None))
        else:
            kinds.add(("node", "@id"))
    if len(kinds) == 1:
        return next(iter(kinds))[1]
    return None


def _compact(iri: str | None, prefixes: dict) -> str | None:
    if iri is None or iri.startswith("@"):
        return iri
    best = max((ns for ns in prefixes.values() if iri.startswith(ns) and iri != ns), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in prefixes.items() if ns == best)
    rest = iri[len(best):]
    return iri if rest.startswith("//") else f"{prefix}:{rest}"


def context_document(context: dict) -> bytes:
    """The context on its own, as a JSON-LD context file."""
    return (json.dumps({"@context": context}, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def jsonld(graph: Graph, context: dict) -> bytes:
    """Compact JSON-LD with ``context`` embedded: one node per subject, in IRI order."""
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v[-1:] in "#/" and ":" not in k}
    by_iri = {}
    for name, definition in context.items():
        if name in prefixes:
            continue
        iri = definition["@id"] if isinstance(definition, dict) else definition
        coercion = definition.get("@type") if isinstance(definition, dict) else None
        by_iri[_expand(iri, prefixes)] = (name, _expand(coercion, prefixes) if coercion else None)

    def ref(term) -> str:
        return f"_:{term}" if isinstance(term, BNode) else _compact(str(term), prefixes)

    nodes = []
    for subject in sorted(set(graph.subjects()), key=_order):
        node = {"@id": ref(subject)}
        types = sorted((o for o in graph.objects(subject, RDF.type)), key=_order)
        if types:
            names = [by_iri.get(str(t), (ref(t),))[0] for t in types]
            node["@type"] = names[0] if len(names) == 1 else names
        props = {}
        for p, o in graph.predicate_objects(subject):
            if p == RDF.type:
                continue
            name, coercion = by_iri.get(str(p), (ref(p), None))
            props.setdefault(name, []).append((o, coercion))
        for name in sorted(props):
            values = [_value(o, coercion, ref) for o, coercion in sorted(props[name], key=lambda x: _order(x[0]))]
            node[name] = values[0] if len(values) == 1 else values
        nodes.append(node)
    doc = {"@context": context, "@graph": nodes}
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _expand(iri: str, prefixes: dict) -> str:
    head, _, rest = iri.partition(":")
    return prefixes[head] + rest if head in prefixes and not rest.startswith("//") else iri


def _value(o, coercion, ref):
    """One JSON-LD value; a value object wherever the term's coercion would misread it."""
    if isinstance(o, Literal):
        if o.language:
            return {"@value": str(o), "@language": o.language}
        if o.datatype:
            return str(o) if coercion == str(o.datatype) else {"@value": str(o), "@type": ref(o.datatype)}
        return str(o) if coercion is None else {"@value": str(o)}
    return ref(o) if coercion == "@id" else {"@id": ref(o)}
