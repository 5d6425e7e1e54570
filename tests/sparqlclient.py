"""Every stored query through SPARQLWrapper, the client the README tells users to call, as its file stands:
the whole text with its ``#+`` header (a param bound by the VALUES block that ``bind_values`` adds), and
its rows by value beside the CLI's."""

from __future__ import annotations

import warnings

import pyoxigraph as ox
from SPARQLWrapper import GET, JSON, SPARQLWrapper

from clusterkg.query.results import NUMERIC_TYPES
from clusterkg.query.sparql import bind_values

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# a param for each stored query that takes one, as people type it
PARAMS = {"cluster-profile": {"cluster": "aerospace"}, "clusters-in-place": {"place": "Birmingham"},
          "clusters-using-lever": {"lever": "skills"}, "provenance": {"entity": "WMG"}}


def guessed_form(text: str) -> str:
    """The query type SPARQLWrapper 2.0.0 guesses for ``text`` (``SELECT`` ... or ``ADD``, ``DROP``...)."""
    client = SPARQLWrapper("http://127.0.0.1/sparql")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # it warns where it guesses nothing
        client.setQuery(text)
    return client.queryType


def _value(kind: str, text: str, datatype: str | None, language: str | None) -> tuple:
    if kind == "iri":
        return ("iri", text)
    if datatype in NUMERIC_TYPES:
        return ("number", round(float(text), 9))
    return ("text", text, language)


def local_rows(kg, stored, params) -> tuple[list[str], list[tuple], dict]:
    """The CLI's variables, rows by value and bindings for ``stored``."""
    result = kg.query(stored.name, params=params, labels=False)
    rows = []
    for row in result.rows:
        cells = []
        for name in result.variables:
            term = row.get(name)
            if term is None:
                cells.append(None)
            elif isinstance(term, ox.NamedNode):
                cells.append(_value("iri", term.value, None, None))
            else:
                cells.append(_value("literal", term.value, term.datatype.value, term.language))
        rows.append(tuple(cells))
    return result.variables, rows, result.bindings


def wrapper_rows(url: str, text: str, default_graph: str | None = None, method=GET) -> tuple[list[str], list[tuple]]:
    """The variables and rows by value that SPARQLWrapper gets for ``text`` from ``url``."""
    client = SPARQLWrapper(url)
    client.setReturnFormat(JSON)
    client.setMethod(method)
    if default_graph:
        client.addDefaultGraph(default_graph)
    client.setQuery(text)
    assert client.queryType == "SELECT" and not client.isSparqlUpdateRequest()
    answer = client.query().convert()
    names = answer["head"]["vars"]
    rows = []
    for binding in answer["results"]["bindings"]:
        cells = []
        for name in names:
            cell = binding.get(name)
            if cell is None:
                cells.append(None)
            elif cell["type"] == "uri":
                cells.append(_value("iri", cell["value"], None, None))
            else:
                datatype = cell.get("datatype", None if "xml:lang" in cell else XSD_STRING)
                cells.append(_value("literal", cell["value"], datatype, cell.get("xml:lang")))
        rows.append(tuple(cells))
    return names, rows


def same_rows_as_the_cli(kg, stored, url: str, default_graph: str | None = None, method=GET) -> int:
    """Assert that SPARQLWrapper gets the CLI's rows for the stored query's file from ``url``; the row count."""
    names, expected, bindings = local_rows(kg, stored, PARAMS.get(stored.name))
    got_names, got = wrapper_rows(url, bind_values(stored.text, bindings), default_graph, method)
    assert got_names == names, stored.name
    ordered = "ORDER BY" in stored.text.upper()
    assert (got if ordered else sorted(got, key=repr)) == (expected if ordered else sorted(expected, key=repr)), \
        stored.name
    assert expected, stored.name
    return len(got)
