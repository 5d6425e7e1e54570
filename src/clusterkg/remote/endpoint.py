"""A SPARQL 1.1 endpoint: queries, and the updates a push sends (SPARQL 1.1 Protocol over HTTP).

Every request is a SPARQLWrapper request, sent by POST: queries as an HTML form (``query``,
``default-graph-uri``), updates as ``application/sparql-update`` (``POSTDIRECTLY``: no form-size limit).
Each ends by its deadline, answer included; what SPARQLWrapper needs underneath for that, for Digest
auth and against redirects is in :mod:`clusterkg.remote.transport`, with what was measured.
Answers are read by pyoxigraph's parsers, so remote rows hold the same Oxigraph terms as local ones;
an answer of the wrong shape is an error of one line. Without ``graph`` a query reads the graph that
``push`` writes by default (the dataset IRI); ``graph="default"`` reads the server's default graph.

Credentials come from ``CLUSTERKG_ENDPOINT_USER`` and ``CLUSTERKG_ENDPOINT_PASSWORD`` (Basic auth, or
Digest with ``CLUSTERKG_ENDPOINT_AUTH=digest``); no message ever shows them.
"""

from __future__ import annotations

import base64
import math
import os
from urllib.parse import parse_qsl, urlsplit

import pyoxigraph as ox
from SPARQLWrapper import BASIC, CONSTRUCT, DESCRIBE, JSON, POST, POSTDIRECTLY, TURTLE, URLENCODED, SPARQLWrapper
from SPARQLWrapper.Wrapper import ADD, CLEAR, COPY, CREATE, DELETE, DROP, INSERT, LOAD, MOVE

from clusterkg.errors import ClusterKGError
from clusterkg.model.terms import DATASET
from clusterkg.query.labels import lookup_labels
from clusterkg.query.results import QueryResult
from clusterkg.query.sparql import QUERY_FORMS, bind_values, query_form, sparql_term, tokens, with_prefixes
from clusterkg.remote import transport
from clusterkg.remote.transport import Credentials, redact
from clusterkg.values import check_iri, check_timeout

DATASET_IRI = DATASET
SERVER_DEFAULT = "default"  # graph= value for the server's own default graph
USER_VARIABLE = "CLUSTERKG_ENDPOINT_USER"
PASSWORD_VARIABLE = "CLUSTERKG_ENDPOINT_PASSWORD"
AUTH_VARIABLE = "CLUSTERKG_ENDPOINT_AUTH"
DEFAULT_TIMEOUT = 60.0
_AGENT = "clusterkg (https://w3id.org/wmgrowth/)"
_RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.5"
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_RESULT_TYPES = {"application/sparql-results+json": "JSON", "application/json": "JSON",
                 "application/sparql-results+xml": "XML", "application/xml": "XML", "text/xml": "XML",
                 "text/tab-separated-values": "TSV"}
_GRAPH_TYPES = {"text/turtle": "TURTLE", "application/n-triples": "N_TRIPLES", "text/plain": "N_TRIPLES",
                "application/rdf+xml": "RDF_XML", "application/ld+json": "JSON_LD",
                "application/n-quads": "N_QUADS", "application/trig": "TRIG"}
_UPDATE_FORMS = (INSERT, DELETE, CREATE, CLEAR, DROP, LOAD, COPY, MOVE, ADD)
_PARSE_ERRORS = (SyntaxError, ValueError, TypeError, OSError, RuntimeError, KeyError)

_SAME = object()  # select(graph=...): the endpoint's own graph


class NoAnswer(ClusterKGError):
    """No answer came: the server is down, unreachable or too slow. ``sent``: the request had gone out."""

    def __init__(self, message: str, sent: bool):
        super().__init__(message)
        self.sent = sent


class Refused(ClusterKGError):
    """The server answered with an error status (``status``; its own words in ``text``)."""

    def __init__(self, message: str, status: int, text: str):
        super().__init__(message)
        self.status, self.text = status, text


def _credentials() -> Credentials | None:
    user, password = os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE)
    scheme = (os.environ.get(AUTH_VARIABLE) or "basic").strip().lower()
    if scheme not in ("basic", "digest"):
        raise ClusterKGError(f"{AUTH_VARIABLE} must be 'basic' or 'digest', not '{scheme}'")
    if not user and not password:
        return None
    if not user or password is None:
        missing = USER_VARIABLE if not user else PASSWORD_VARIABLE
        raise ClusterKGError(f"endpoint auth needs both {USER_VARIABLE} and {PASSWORD_VARIABLE}; {missing} is not set")
    return Credentials(user, password, scheme)


def _update_form(text: str, label: str) -> str:
    """The first update operation of ``text`` (INSERT, DELETE, DROP, MOVE, ...), comments, strings and IRIs skipped."""
    for kind, _, value in tokens(text):
        if kind == "word" and value.upper() in _UPDATE_FORMS:
            return value.upper()
    raise ClusterKGError(f"{label}: the text holds no update operation ({', '.join(_UPDATE_FORMS)})")


def default_update_endpoint(url: str) -> str:
    """Oxigraph and Fuseki take updates at ``.../update`` beside ``.../query``; others at the same URL."""
    return url[: -len("/query")] + "/update" if url.rstrip().endswith("/query") else url


def _graph_option(graph: str | None) -> str | None:
    if graph is None:
        return DATASET_IRI
    if graph == SERVER_DEFAULT:
        return None
    return check_iri(graph, "--graph (a graph on the endpoint, or 'default')")


class Endpoint:
    """A SPARQL 1.1 endpoint. ``graph`` is sent as ``default-graph-uri`` with each query (default: the
    dataset IRI, where ``push`` writes; ``"default"``: none, the server's default graph)."""

    def __init__(self, url: str, update_endpoint: str | None = None, graph: str | None = None,
                 timeout: float | None = None, max_answer_bytes: int | None = None):
        for what, value in (("endpoint", url), ("update endpoint", update_endpoint)):
            if value is not None:
                parts = urlsplit(value)
                if parts.scheme not in ("http", "https") or not parts.hostname:
                    raise ClusterKGError(f"the {what} must be an http(s) URL, not '{redact(value)}'")
        self.url = url
        self.update_url = update_endpoint or default_update_endpoint(url)
        self.graph = _graph_option(graph)
        self.timeout = check_timeout(timeout) if timeout is not None else DEFAULT_TIMEOUT
        self.max_answer_bytes = max_answer_bytes or transport.MAX_ANSWER_BYTES
        if self.max_answer_bytes < 1:
            raise ClusterKGError("the answer-size limit must be at least 1 byte")
        self.credentials = _credentials()

    def __repr__(self) -> str:
        return f"Endpoint({redact(self.url)!r}, graph={self.graph!r})"

    # -- Requests ----

    def _send(self, url: str, text: str, form: str, label: str, graph: str | None = None) -> transport.Answer:
        shown = redact(url)
        try:
            answer = transport.call(self._wrapper(url, text, form, graph).query, url, self.timeout, self.credentials,
                                    self.max_answer_bytes)
        except transport.TooLarge as exc:
            raise NoAnswer(f"{label}: the answer from {shown} is larger than {exc.limit:,} bytes: not read on "
                           "(--max-answer-bytes raises the limit)", sent=True) from None
        except transport.Timeout as exc:
            raise NoAnswer(f"{label}: no answer from {shown} within {self.timeout:g} s", sent=exc.sent) from None
        except transport.Unreachable as exc:
            if exc.sent:
                raise NoAnswer(f"{label}: the connection to {shown} broke before an answer: {exc.reason}",
                               sent=True) from None
            raise NoAnswer(f"{label}: cannot reach the SPARQL endpoint {shown}: {exc.reason}", sent=False) from None
        if 200 <= answer.status < 300:
            return answer
        raise Refused(self._hide(self._refusal(answer, shown, label)), answer.status, self._hide(answer.text(2000)))

    def _wrapper(self, url: str, text: str, form: str, graph: str | None) -> SPARQLWrapper:
        """The request as SPARQLWrapper sends it, by POST: an update (``form`` INSERT, DROP, ...) as the body,
        a query (SELECT, ASK, CONSTRUCT, DESCRIBE) in a form."""
        update = form not in QUERY_FORMS
        endpoint, _, search = url.partition("?") if update else (url, "", "")
        sparql = SPARQLWrapper(endpoint, updateEndpoint=endpoint, agent=_AGENT)
        for name, value in parse_qsl(search, keep_blank_values=True):
            sparql.addParameter(name, value)  # SPARQLWrapper writes an update's URL as endpoint + "?" + parameters
        sparql.setMethod(POST)
        sparql.setRequestMethod(POSTDIRECTLY if update else URLENCODED)
        sparql.setOnlyConneg(True)  # no format=/output= parameters: the Accept header asks
        sparql.setQuery(text)
        # setQuery's own reading took lever-reach (a comment says "additional") for an ADD update, and
        # "WITH <.../selected> DELETE" for a SELECT: the form our tokenizer read goes in its queryType
        sparql.queryType = form
        sparql.setReturnFormat(TURTLE if form in (CONSTRUCT, DESCRIBE) else JSON)
        accept = "*/*" if update else _GRAPH_ACCEPT if form in (CONSTRUCT, DESCRIBE) else _RESULTS_ACCEPT
        sparql.addCustomHttpHeader("Accept", accept)
        sparql.setTimeout(max(1, math.ceil(self.timeout)))  # whole seconds; transport.call holds the real deadline
        if graph:
            sparql.addDefaultGraph(graph)
        credentials = self.credentials
        if credentials is not None and credentials.scheme == "basic":  # Digest: in transport's opener
            sparql.setHTTPAuth(BASIC)
            sparql.setCredentials(credentials.user, credentials.password)
            if not credentials.password:  # SPARQLWrapper sends no credentials with an empty password
                token = base64.b64encode(f"{credentials.user}:".encode()).decode()
                sparql.addCustomHttpHeader("Authorization", "Basic " + token)
        return sparql

    def _hide(self, text: str) -> str:
        secret = self.credentials.password if self.credentials else ""
        return text.replace(secret, "***") if len(secret) >= 3 else text

    def _refusal(self, answer: transport.Answer, shown: str, label: str) -> str:
        head = f"{label}: {shown} answered HTTP {answer.status} {answer.reason}".rstrip()
        if 300 <= answer.status < 400:
            where = answer.headers.get("location")
            return f"{head}, a redirect{f' to {redact(where)}' if where else ''}: give the URL it redirects to"
        words = answer.text().split(" SPARQL query:")[0]  # Virtuoso repeats the whole query after its message
        head += f": {words}" if words else ""
        if answer.status in (401, 403):
            if self.credentials is None:
                return (f"{head} (set {USER_VARIABLE} and {PASSWORD_VARIABLE}, and {AUTH_VARIABLE}=digest "
                        "if the server asks for Digest auth)")
            return f"{head} (the server refused the {self.credentials.scheme} auth of {USER_VARIABLE})"
        if "SR186" in words or "SQ033" in words:
            return head + (" (Virtuoso: the user needs the SPARQL_UPDATE role to push, SPARQL_SELECT to query; push "
                           "through /sparql-auth as a user that has it, see docs/servers.md)")
        return head

    def _query(self, text: str, label: str, graph: str | None) -> tuple[transport.Answer, str]:
        form = query_form(text)
        answer = self._send(self.url, text, form, label, graph)
        cut = answer.headers.get("x-sparql-maxrows")
        if cut:
            raise ClusterKGError(f"{label}: {redact(self.url)} cut its answer at {cut} rows (its result limit; "
                                 "Virtuoso: raise ResultSetMaxRows in [SPARQL] of virtuoso.ini)")
        return answer, form

    def select(self, text: str, bindings: dict, label: str, *, graph=_SAME) -> QueryResult:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query; returns a QueryResult of Oxigraph terms.
        ``graph`` overrides the endpoint's graph for this query (``None``: the server's default)."""
        try:
            bound = with_prefixes(bind_values(text, bindings))
            query_form(bound)
        except ClusterKGError as exc:
            raise ClusterKGError(f"{label}: {exc}") from None
        answer, form = self._query(bound, label, self.graph if graph is _SAME else graph)
        return read_answer(answer, form, f"{label}: {redact(self.url)}")

    def update(self, text: str, label: str = "update") -> None:
        self._send(self.update_url, text, _update_form(text, label), label)

    # -- What the server holds ----

    def count(self, graph: str, label: str) -> int:
        """The number of triples in the named graph ``graph``."""
        result = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{check_iri(graph)}> {{ ?s ?p ?o }} }}", {},
                             label, graph=None)
        return self._number(result, label)

    def _number(self, result: QueryResult, label: str) -> int:
        term = result.rows[0].get("n") if len(result.rows) == 1 else None
        try:
            if not isinstance(term, ox.Literal):
                raise ValueError
            number = float(term.value)
            if number != int(number) or number < 0:
                raise ValueError
            return int(number)
        except (ValueError, OverflowError):
            what = "no count" if term is None else f"a count that is not a number of triples ('{term.value}')"
            raise ClusterKGError(f"{label}: {redact(self.url)} answered {what}") from None

    def named_graphs(self, prefix: str = "", limit: int = 11, label: str = "listing the named graphs") -> list[str]:
        """Up to ``limit`` named graphs on the server (those whose IRI starts with ``prefix``)."""
        where = f"FILTER(STRSTARTS(STR(?g), {sparql_term(ox.Literal(prefix))}))" if prefix else ""
        text = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {where} }} LIMIT {int(limit)}"
        rows = self.select(text, {}, label, graph=None).rows
        return sorted(r["g"].value for r in rows if isinstance(r.get("g"), ox.NamedNode))

    def empty_hint(self) -> str | None:
        """Why a query of this endpoint's graph found nothing, when its graph is empty or absent and the
        server holds other named graphs; else None (also when the server cannot tell)."""
        try:
            if self.graph is None or self.count(self.graph, "counting the graph") > 0:
                return None
            others = self.named_graphs()
        except ClusterKGError:
            return None
        if not others:
            return f"the graph <{self.graph}> on {redact(self.url)} is empty, and so is every named graph there"
        shown = ", ".join(f"<{g}>" for g in others[:10]) + (" and more" if len(others) > 10 else "")
        return (f"the graph <{self.graph}> on {redact(self.url)} is empty or absent; the server holds the named "
                f"graphs {shown}: choose one with --graph IRI (or --graph default for the server's default graph)")

    def labels(self, iris) -> dict:
        """The label of each IRI (:mod:`clusterkg.query.labels`)."""
        try:
            return lookup_labels(self, iris)
        except (KeyError, AttributeError, TypeError):
            raise ClusterKGError(f"label lookup: {redact(self.url)} answered rows without the names asked for"
                                 ) from None

    def fetch_store(self) -> ox.Store:
        """Every triple of the graph queried in a new store; counted on the server too, since a server may
        cut a long answer short without a word (Virtuoso does, at ResultSetMaxRows)."""
        store = ox.Store()
        result = self.select("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {}, "fetching the graph")
        store.bulk_extend(ox.Quad(r["subject"], r["predicate"], r["object"]) for r in result.rows)
        label = "counting the graph"
        held = self._number(self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {}, label), label)
        if len(store) < held:
            raise ClusterKGError(f"fetching the graph: {redact(self.url)} sent {len(store)} of its {held} triples (its "
                                 "result limit; Virtuoso: raise ResultSetMaxRows in [SPARQL] of virtuoso.ini)")
        return store


def read_answer(answer: transport.Answer, form: str, where: str) -> QueryResult:
    """A query answer as a QueryResult; an answer of the wrong shape raises one line."""
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    types = _GRAPH_TYPES if graph_form else _RESULT_TYPES
    expected = "an RDF graph" if graph_form else "SPARQL results"
    name = types.get(answer.content_type)
    if name is None:
        raise ClusterKGError(f"{where} did not answer with {expected} (it sent {answer.content_type or 'no type'}: "
                             f"{answer.text(120)!r})")
    try:
        if graph_form:
            quads = ox.parse(answer.body, format=getattr(ox.RdfFormat, name))
            return QueryResult.from_triples(q.triple for q in quads)
        from clusterkg.query.engine import solutions_result

        found = ox.parse_query_results(answer.body, format=getattr(ox.QueryResultsFormat, name))
        return _shaped(solutions_result(found), form, where)
    except _PARSE_ERRORS as exc:
        raise ClusterKGError(f"{where} did not answer with {expected} ({' '.join(str(exc).split())[:200]})") from None


def _shaped(result: QueryResult, form: str, where: str) -> QueryResult:
    """ASK answered with a boolean, SELECT with rows. Virtuoso answers ASK with one row of
    ``__ASK_RETVAL`` (1) or none; read as the boolean it means."""
    if form == "ASK" and result.boolean is None and result.variables == ["__ASK_RETVAL"]:
        values = [r["__ASK_RETVAL"] for r in result.rows if "__ASK_RETVAL" in r]
        return QueryResult(variables=[], rows=[], boolean=any(v.value not in ("0", "false") for v in values))
    if (form == "ASK") != (result.boolean is not None):
        got = "a yes/no answer" if result.boolean is not None else "rows"
        raise ClusterKGError(f"{where} answered {got} to {'an ASK' if form == 'ASK' else 'a SELECT'} query")
    return result
