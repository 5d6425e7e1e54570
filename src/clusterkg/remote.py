"""A SPARQL 1.1 endpoint through SPARQLWrapper: queries (and the updates a push sends).

Params reach an endpoint as a ``VALUES`` block of escaped terms (:mod:`clusterkg.sparql`). Answers
are read by pyoxigraph's parsers, so remote rows hold the same Oxigraph terms as local ones. HTTP basic
auth comes from the environment variables ``CLUSTERKG_ENDPOINT_USER`` and
``CLUSTERKG_ENDPOINT_PASSWORD``, which no message ever shows. SPARQLWrapper is imported only when a
request is made.
"""

from __future__ import annotations

import ast
import os
import socket
import urllib.error
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox

from .errors import ClusterKGError
from .results import QueryResult
from .sparql import bind_values, query_form
from .terms import DATASET
from .values import check_iri, check_timeout

DATASET_IRI = DATASET
USER_VARIABLE = "CLUSTERKG_ENDPOINT_USER"
PASSWORD_VARIABLE = "CLUSTERKG_ENDPOINT_PASSWORD"
DEFAULT_TIMEOUT = 60.0
_AGENT = "clusterkg (https://w3id.org/wmgrowth/)"
# media type of a CONSTRUCT answer -> pyoxigraph format
_GRAPH_TYPES = {"text/turtle": "TURTLE", "application/n-triples": "N_TRIPLES", "application/rdf+xml": "RDF_XML",
                "application/ld+json": "JSON_LD", "application/n-quads": "N_QUADS", "application/trig": "TRIG"}


# -- Requests ----

def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=host))
    return url


def _credentials() -> tuple[str, str] | None:
    user, password = os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE)
    if not user and not password:
        return None
    if not user or password is None:
        missing = USER_VARIABLE if not user else PASSWORD_VARIABLE
        raise ClusterKGError(f"basic auth needs both {USER_VARIABLE} and {PASSWORD_VARIABLE}; {missing} is not set")
    return user, password


def default_update_endpoint(url: str) -> str:
    """Oxigraph and Fuseki take updates at ``.../update`` beside ``.../query``; others at the same URL."""
    return url[: -len("/query")] + "/update" if url.rstrip().endswith("/query") else url


class Endpoint:
    """A SPARQL 1.1 endpoint. ``graph`` (optional) is sent as ``default-graph-uri`` with each query."""

    def __init__(self, url: str, update_endpoint: str | None = None, graph: str | None = None,
                 timeout: float | None = None):
        for what, value in (("endpoint", url), ("update endpoint", update_endpoint)):
            if value is not None:
                parts = urlsplit(value)
                if parts.scheme not in ("http", "https") or not parts.hostname:
                    raise ClusterKGError(f"the {what} must be an http(s) URL, not '{_redact(value)}'")
        if graph is not None:
            check_iri(graph, "--graph (a graph on the endpoint)")
        self.url = url
        self.update_url = update_endpoint or default_update_endpoint(url)
        self.graph = graph
        self.timeout = check_timeout(timeout) if timeout is not None else DEFAULT_TIMEOUT
        self.credentials = _credentials()

    def __repr__(self) -> str:
        return f"Endpoint({_redact(self.url)!r}, graph={self.graph!r})"

    def _wrapper(self, text: str, update: bool = False):
        from SPARQLWrapper import BASIC, INSERT, JSON, POST, TURTLE, SPARQLWrapper

        wrapper = SPARQLWrapper(self.url, updateEndpoint=self.update_url, agent=_AGENT)
        wrapper.setMethod(POST)
        wrapper.setQuery(text)
        wrapper.queryType = INSERT if update else query_form(text)  # decides query vs update endpoint
        wrapper.timeout = self.timeout  # seconds; setTimeout() would round to whole seconds
        if not update:
            wrapper.setReturnFormat(TURTLE if wrapper.queryType in ("CONSTRUCT", "DESCRIBE") else JSON)
            if self.graph:
                wrapper.addDefaultGraph(self.graph)
        if self.credentials:
            wrapper.setHTTPAuth(BASIC)
            wrapper.setCredentials(*self.credentials)
        return wrapper

    def _request(self, text: str, label: str, update: bool = False):
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        url = _redact(self.update_url if update else self.url)
        wrapper = self._wrapper(text, update)
        try:
            response = wrapper.query()
            body = response.response.read()
            return wrapper, response, body
        except SPARQLWrapperException as exc:
            raise ClusterKGError(f"{label}: {url} answered {_why(exc)}") from None
        except urllib.error.HTTPError as exc:
            raise ClusterKGError(f"{label}: {url} answered HTTP {exc.code} {exc.reason}") from None
        except (TimeoutError, socket.timeout):
            raise ClusterKGError(f"{label}: no answer from {url} within {self.timeout:g} s") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError | socket.timeout):
                raise ClusterKGError(f"{label}: no answer from {url} within {self.timeout:g} s") from None
            reason = getattr(exc.reason, "strerror", None) or str(exc.reason)
            raise ClusterKGError(f"{label}: cannot reach the SPARQL endpoint {url}: {reason}") from None
        except (ConnectionError, OSError) as exc:
            raise ClusterKGError(f"{label}: the connection to {url} failed: "
                                 f"{exc.strerror or type(exc).__name__}") from None

    def select(self, text: str, bindings: dict, label: str) -> QueryResult:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query; returns a QueryResult of Oxigraph terms."""
        try:
            bound = bind_values(text, bindings)
            query_form(bound)
        except ClusterKGError as exc:
            raise ClusterKGError(f"{label}: {exc}") from None
        wrapper, response, body = self._request(bound, label)
        ctype = (response.info().get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            if wrapper.queryType in ("CONSTRUCT", "DESCRIBE"):
                fmt = getattr(ox.RdfFormat, _GRAPH_TYPES.get(ctype, "TURTLE"))
                return QueryResult.from_triples(q.triple for q in ox.parse(body, format=fmt))
            from .engine import solutions_result

            return solutions_result(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))
        except (SyntaxError, ValueError) as exc:
            what = "an RDF graph" if wrapper.queryType in ("CONSTRUCT", "DESCRIBE") else "SPARQL JSON results"
            raise ClusterKGError(f"{label}: {_redact(self.url)} did not answer with {what} "
                                 f"({' '.join(str(exc).split())[:200]})") from None

    def update(self, text: str, label: str = "update") -> None:
        self._request(text, label, update=True)

    def labels(self, iris) -> dict:
        """rdfs:label, else skos:prefLabel, of each IRI (the least by text where there are several)."""
        from .engine import lookup_labels

        return lookup_labels(self, iris)

    def fetch_store(self) -> ox.Store:
        """Every triple of the graph queried (``graph``, else the default graph) in a new store."""
        store = ox.Store()
        result = self.select("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {}, "fetching the graph")
        store.bulk_extend(ox.Quad(r["subject"], r["predicate"], r["object"]) for r in result.rows)
        return store


def _why(exc) -> str:
    """The endpoint's own message from a SPARQLWrapper error, on one line."""
    text = str(exc)
    head, _, body = text.partition("Response:\n")
    if body:
        try:
            body = ast.literal_eval(body.strip()).decode("utf-8", "replace")
        except (ValueError, SyntaxError, AttributeError):
            pass
        return " ".join(f"{type(exc).__name__}: {body}".split())[:500]
    return " ".join(head.split())


