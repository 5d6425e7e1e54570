"""RDF/XML through pyoxigraph's writer, with the checks it lacks.

Measured on pyoxigraph 0.5.13, its writer alone
- writes control characters (``\\x01``, form feed) and U+FFFE/U+FFFF raw, which XML 1.0 forbids;
- writes a property whose IRI ends without an XML name as ``<oxprefix:>``, which is not well-formed;
- writes carriage returns raw, which every XML parser must read as line feeds (expat, so rdflib, does),
  so ``"a\\rb"`` came back as ``"a\\nb"``;
- writes the names of syntax (``rdf:li``, ``rdf:about``, ...) as property elements, which parsers read
  as something else (``rdf:li`` becomes ``rdf:_1``).
- writes a subject whose (first) ``rdf:type`` is an IRI ending without an XML name (``http://ex.org/c/``)
  as the typed node element ``<oxprefix:>``, which is not well-formed.
So a graph that RDF/XML cannot hold raises :class:`ClusterKGError` naming the term, carriage returns
are written as ``&#13;``, such a typed node is written as ``rdf:Description`` with ``rdf:type
rdf:resource`` (as RDF/XML allows), and the output is checked to be well-formed XML (with expat) before
it is returned. RDF 1.2 triple terms are written as pyoxigraph writes them (``rdf:parseType="Triple"``,
RDF 1.2 RDF/XML), which readers of RDF 1.1 (rapper, rdflib) do not read. Property names must also be
names expat reads (XML 1.0 fourth edition): see
:mod:`clusterkg.rdfio.names`.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from clusterkg.errors import ClusterKGError
from clusterkg.rdfio.names import XML_LOCAL_NAME, xml_name
from clusterkg.rdfio.quadsource import shown

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
# Syntax names that cannot be property elements (RDF/XML grammar: coreSyntaxTerms, oldTerms,
# rdf:Description, and rdf:li, which parsers turn into rdf:_n)
_SYNTAX = {RDF + name for name in ("RDF", "ID", "about", "parseType", "resource", "nodeID", "datatype",
                                    "Description", "aboutEach", "aboutEachPrefix", "bagID", "li")}
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def prefix_ok(prefix: str) -> bool:
    """Whether RDF/XML can declare ``prefix``: an XML NCName expat reads, never empty, never ``xml...``."""
    return xml_name(prefix, prefix=True)


def write(triples: Iterable[ox.Triple], prefixes: dict, predicates: Iterable[ox.NamedNode]) -> bytes:
    """``triples`` (in the order given, with these ``predicates``) as RDF/XML, declaring the ``prefixes``
    of property names; :class:`ClusterKGError` if RDF/XML cannot hold them."""
    namespaces = {_namespace(iri) for iri in sorted(p.value for p in predicates)}  # the first bad one named
    prefixes = {p: ns for p, ns in prefixes.items() if ns in namespaces}
    data = ox.serialize(_checked(triples), format=ox.RdfFormat.RDF_XML, prefixes=prefixes or None)
    data = data.replace(b"\r", b"&#13;")  # the writer's own line ends are "\n": a "\r" is in a literal
    if b"<oxprefix:" in data:
        data = _described_types(data)
    _check_well_formed(data)
    return data


# pyoxigraph's typed node element for a class IRI without an XML name at its end, and its end tag
_TYPED_NODE = re.compile(rb'<oxprefix: xmlns:oxprefix="([^"]*)"([^>]*?)(/?)>')


def _described_types(data: bytes) -> bytes:
    """``<oxprefix: xmlns:oxprefix="C" rdf:about="S">`` (a typed node pyoxigraph could not name) as
    ``<rdf:Description rdf:about="S"><rdf:type rdf:resource="C"/>``. Only markup holds ``<`` raw."""
    def described(match: re.Match) -> bytes:
        kind = b'<rdf:type rdf:resource="' + match.group(1) + b'"/>'
        if match.group(3):
            return b"<rdf:Description" + match.group(2).rstrip() + b">" + kind + b"</rdf:Description>"
        return b"<rdf:Description" + match.group(2) + b">\n\t\t" + kind

    return _TYPED_NODE.sub(described, data).replace(b"</oxprefix:>", b"</rdf:Description>")


def _checked(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    for triple in triples:
        for term in _nested(triple):
            if isinstance(term, ox.Literal) and _FORBIDDEN.search(term.value):
                char = _FORBIDDEN.search(term.value).group()
                raise ClusterKGError(f"cannot write {shown(str(term))} in RDF/XML: XML 1.0 forbids the "
                                     f"character U+{ord(char):04X}")
            if isinstance(term, ox.Triple):
                _namespace(term.predicate.value)  # a property element too
        yield triple


def _nested(triple) -> Iterator:
    """The subject and object of ``triple``, and of every triple term in it."""
    for term in (triple.subject, triple.object):
        yield term
        if isinstance(term, ox.Triple):
            yield from _nested(term)


def _namespace(iri: str) -> str:
    """The namespace pyoxigraph writes property ``iri`` in; :class:`ClusterKGError` unless RDF/XML can
    write it as a property element."""
    if iri in _SYNTAX:
        raise ClusterKGError(f"cannot write property <{iri}> in RDF/XML: it is a name of RDF/XML's syntax")
    match = XML_LOCAL_NAME.search(iri)
    if match is None or not xml_name(match.group()):
        raise ClusterKGError(f"cannot write property {shown('<' + iri + '>', 200)} in RDF/XML: its IRI does not "
                             "end with an XML name")
    return iri[:match.start()]


def _check_well_formed(data: bytes) -> None:
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        line = data.split(b"\n")[exc.lineno - 1].decode("utf-8", "replace").strip()
        raise ClusterKGError(f"cannot write this graph in RDF/XML: {exc} ({shown(line)})") from None
