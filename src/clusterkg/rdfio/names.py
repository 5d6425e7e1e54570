"""Which names each RDF syntax can declare: Turtle prefixes, XML names, JSON-LD terms.

The character classes are those of the Turtle grammar (PN_CHARS_BASE, PN_CHARS_U, PN_CHARS), which are
also XML 1.0's name characters less ``:``; an XML name is then also put to expat, the XML parser that
rdflib reads RDF/XML with, because expat still applies XML 1.0's fourth edition and refuses names that
the fifth edition (and Oxigraph) allows, such as those starting with U+0370 or U+10000.
"""

from __future__ import annotations

import functools
import re
import xml.parsers.expat

_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
         "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"

PN_PREFIX = re.compile(f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?")
"""Turtle's PN_PREFIX: a prefix name Turtle and TriG parsers read (the empty prefix aside)."""

XML_LOCAL_NAME = re.compile(f"[{_CHARS_U}][{_CHARS}.]*\\Z")
"""The XML name at the end of an IRI, found as Oxigraph's RDF/XML writer finds the local name of a
property: the leftmost name start character after the last character that is no name character."""

IRI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*(?=:)")


def turtle_prefix(prefix: str) -> bool:
    """Whether ``prefix`` can be declared in Turtle or TriG (``""`` can)."""
    return prefix == "" or PN_PREFIX.fullmatch(prefix) is not None


@functools.lru_cache(maxsize=4096)
def xml_name(name: str, prefix: bool = False) -> bool:
    """Whether expat reads ``name`` as an element's local name (or, with ``prefix``, as a namespace
    prefix: then also never ``xml...`` in any case, which the Namespaces in XML specification reserves)."""
    if not name or ":" in name or (prefix and name[:3].lower() == "xml"):
        return False
    tag = f'{name}:a xmlns:{name}="urn:x"' if prefix else name
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    try:
        parser.Parse(f"<{tag}/>".encode(), True)
    except xml.parsers.expat.ExpatError:
        return False
    return True


def jsonld_term(name: str) -> bool:
    """Whether ``name`` may name a JSON-LD term or prefix here: a Turtle prefix name, so never empty,
    never a keyword (``@...``), never ``_`` (blank nodes) and never holding ``:``."""
    return PN_PREFIX.fullmatch(name) is not None


def iri_scheme(iri: str) -> str | None:
    """The scheme of an absolute IRI (``urn`` for ``urn:isbn:1``)."""
    match = IRI_SCHEME.match(iri)
    return match.group() if match else None
