"""A SPARQL 1.1 endpoint through SPARQLWrapper: run queries, and push the graph into a named graph.

Params reach an endpoint as a ``VALUES`` block of escaped terms at the top of the query's WHERE
clause, never spliced into it. HTTP basic auth comes from the environment variables
``CLUSTERKG_ENDPOINT_USER`` and ``CLUSTERKG_ENDPOINT_PASSWORD``, which no message ever shows.
SPARQLWrapper is imported only when a request is made.
"""

from __future__ import annotations

import ast
import os
import re
import socket
import urllib.error
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from .errors import ClusterKGError

DATASET_IRI = "https://w3id.org/wmgrowth/id/dataset/cluster-growth-profiles"
USER_VARIABLE = "CLUSTERKG_ENDPOINT_USER"
PASSWORD_VARIABLE = "CLUSTERKG_ENDPOINT_PASSWORD"
DEFAULT_TIMEOUT = 60.0
DEFAULT_BATCH_SIZE = 5000
_AGENT = "clusterkg (https://w3id.org/wmgrowth/)"

_BAD_IRI_CHARS = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_LANGUAGE = re.compile(r"[A-Za-z]+(-[A-Za-z0-9]+)*\Z")


# -- Terms as SPARQL text ----

def check_iri(iri, where: str = "IRI") -> None:
    """Reject what cannot be written as ``<IRI>`` in SPARQL or Turtle."""
    text = str(iri)
    bad = _BAD_IRI_CHARS.search(text)
    if bad or not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text):
        why = f"it contains {bad.group()!r}" if bad else "it has no scheme"
        raise ClusterKGError(f"{where}: '{text}' is not an absolute IRI ({why})")


def _string(text: str) -> str:
    out = []
    for i, c in enumerate(text):
        if c == "\\":
            out.append("\\\\")
        elif c in "uU" and i and text[i - 1] == "\\":
            # '\\' then 'u' would read as a \u escape to a server that expands them before parsing
            out.append("\\u0075" if c == "u" else "\\u0055")
        else:
            out.append({'"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(c, c))
    return '"' + "".join(out) + '"'


def sparql_term(term) -> str:
    """An RDF term as SPARQL (or N-Triples) text, escaped so that no value can change the query."""
    if isinstance(term, URIRef):
        check_iri(term)
        return f"<{term}>"
    if isinstance(term, Literal):
        text = _string(str(term))
        if term.language:
            if not _LANGUAGE.match(term.language):
                raise ClusterKGError(f"'{term.language}' is not a language tag")
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^{sparql_term(URIRef(term.datatype))}"
        return text
    if isinstance(term, BNode):
        return "_:b" + re.sub(r"[^A-Za-z0-9]", "", str(term))
    raise ClusterKGError(f"cannot write {term!r} as an RDF term")


_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<name>[A-Za-z_][\w.-]*:[\w.:%-]*|:[\w.:%-]*)
  | (?P<word>[A-Za-z]+)
  | (?P<open>\{)
  | (?P<close>\})
""", re.VERBOSE | re.DOTALL)


def _tokens(text: str):
    for m in _TOKEN.finditer(text):
        yield m.lastgroup, m.start(), m.group()


QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first keyword after the prologue (comments, strings
    and IRIs skipped). SPARQLWrapper guesses it with a regex that words in comments can fool."""
    for kind, _, value in _tokens(text):
        if kind == "word" and value.upper() not in ("PREFIX", "BASE"):
            if value.upper() in QUERY_FORMS:
                return value.upper()
            raise ClusterKGError(f"'{value}' does not start a query (expected one of {', '.join(QUERY_FORMS)})")
    raise ClusterKGError("the query text holds no query")


def _where_group(text: str) -> tuple[int, int, bool]:
    """Offsets of the WHERE clause's ``{`` and ``}``, and whether it holds a bare sub-SELECT."""
    tokens = list(_tokens(text))
    form, seen_where, i = None, False, 0
    while i < len(tokens):
        kind, pos, value = tokens[i]
        if kind == "word":
            upper = value.upper()
            if form is None and upper in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = upper
            seen_where = seen_where or upper == "WHERE"
        elif kind == "open":
            end = _matching(tokens, i)
            if form == "CONSTRUCT" and not seen_where:
                i = end + 1  # the template, not the pattern
                continue
            return pos, tokens[end][1], _opens_select(tokens, i)
        i += 1
    raise ClusterKGError("cannot bind params: the query has no WHERE clause")


def _matching(tokens, i: int) -> int:
    depth = 0
    for j in range(i, len(tokens)):
        if tokens[j][0] == "open":
            depth += 1
        elif tokens[j][0] == "close":
            depth -= 1
            if depth == 0:
                return j
    raise ClusterKGError("cannot bind params: unbalanced braces in the query")


def bind_values(text: str, bindings: dict) -> str:
    """``text`` with a one-row ``VALUES`` block of ``bindings`` first in its WHERE clause (on the
    same line, so line numbers in error messages stay right)."""
    if not bindings:
        return text
    names = list(bindings)
    block = (f" VALUES ({' '.join('?' + n for n in names)}) "
             f"{{ ({' '.join(sparql_term(bindings[n]) for n in names)}) }} ")
    start, end, subselect = _where_group(text)
    while subselect:
        inner = _pushable_subselect(text, start, end, names)
        if inner is None:
            return text[:start + 1] + block + "{ " + text[start + 1:end] + " } " + text[end:]
        start, end, subselect = inner
    return text[:start + 1] + block + text[start + 1:]


def _pushable_subselect(text: str, start: int, end: int, names: list[str]) -> tuple[int, int, bool] | None:
    """The WHERE group of the bare sub-SELECT between ``start`` and ``end`` when binding ``names`` inside
    it gives the same answer as joining them outside (each is projected as itself; no aggregate,
    GROUP BY, HAVING, LIMIT or OFFSET), so an engine can use the binding while it matches; else None."""
    tokens = [(kind, start + 1 + pos, value) for kind, pos, value in _tokens(text[start + 1:end])]
    opening = next((i for i, t in enumerate(tokens) if t[0] == "open"), None)
    if opening is None:
        return None
    close = _matching(tokens, opening)
    head = text[tokens[0][1]:tokens[opening][1]]
    projection = re.sub(r"\bWHERE\s*$", "", head.strip(), flags=re.IGNORECASE)
    if "(" in projection:
        return None  # an expression or aggregate: the sub-select computes its own columns
    projected = {v[1:] for k, _, v in _tokens(projection) if k == "var"}
    if "*" not in projection and not set(names) <= projected:
        return None
    after = {v.upper() for k, _, v in tokens[close + 1:] if k == "word"}
    if after & {"GROUP", "HAVING", "LIMIT", "OFFSET", "VALUES"}:
        return None
    return tokens[opening][1], tokens[close][1], _opens_select(tokens, opening)


def _opens_select(tokens, i: int) -> bool:
    """Whether the group opened by ``tokens[i]`` is a bare sub-SELECT."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return nxt is not None and nxt[0] == "word" and nxt[2].upper() == "SELECT"


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
        self.timeout = float(timeout) if timeout else DEFAULT_TIMEOUT
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

    def select(self, text: str, bindings: dict, label: str):
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query; returns a QueryResult."""
        import json

        from .results import QueryResult

        try:
            bound = bind_values(text, bindings)
            query_form(bound)
        except ClusterKGError as exc:
            raise ClusterKGError(f"{label}: {exc}") from None
        wrapper, response, body = self._request(bound, label)
        if wrapper.queryType in ("CONSTRUCT", "DESCRIBE"):
            graph = Graph()
            ctype = response.info().get("Content-Type", "text/turtle").split(";")[0].strip()
            graph.parse(data=body, format={"application/rdf+xml": "xml", "application/n-triples": "nt",
                                           "application/ld+json": "json-ld"}.get(ctype, "turtle"))
            return QueryResult.from_graph(graph, source=self)
        try:
            doc = json.loads(body)
        except ValueError:
            raise ClusterKGError(f"{label}: {_redact(self.url)} did not answer with SPARQL JSON results") from None
        if "boolean" in doc:
            return QueryResult(variables=[], rows=[], boolean=bool(doc["boolean"]), source=self)
        variables = list(doc.get("head", {}).get("vars", []))
        rows = [{k: _term(v) for k, v in b.items()} for b in doc.get("results", {}).get("bindings", [])]
        return QueryResult(variables=variables, rows=rows, source=self)

    def update(self, text: str, label: str = "update") -> None:
        self._request(text, label, update=True)

    def labels(self, iris) -> dict:
        """rdfs:label, else skos:prefLabel, of each IRI (the alphabetically first where several)."""
        found: dict = {}
        iris = list(iris)
        for start in range(0, len(iris), 200):
            chunk = " ".join(sparql_term(i) for i in iris[start:start + 200])
            text = ("SELECT ?s ?p ?label WHERE { VALUES ?s { " + chunk + " } VALUES ?p { "
                    "<http://www.w3.org/2000/01/rdf-schema#label> <http://www.w3.org/2004/02/skos/core#prefLabel> }"
                    " ?s ?p ?label }")
            rows = self.select(text, {}, "label lookup").rows
            for row in sorted(rows, key=lambda r: (not str(r["p"]).endswith("#label"), str(r["label"]))):
                found.setdefault(row["s"], str(row["label"]))
        return found


def _term(binding: dict):
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if binding.get("xml:lang"):
        return Literal(value, lang=binding["xml:lang"])
    return Literal(value, datatype=binding.get("datatype"))


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


# -- Push ----

@dataclass(frozen=True)
class PushReport:
    endpoint: str
    graph: str
    triples: int
    batches: int


def _staging_iri(target: str) -> URIRef:
    return URIRef(target + ("-" if "#" in target else "#") + "clusterkg-push-in-progress")


def _default_graph(data: Graph) -> str:
    try:
        from .dataset import dataset_iri
        return str(dataset_iri(data))
    except (ImportError, ClusterKGError):
        return DATASET_IRI


def push(data: Graph, endpoint, *, graph: str | None = None, update_endpoint: str | None = None,
         batch_size: int = DEFAULT_BATCH_SIZE, timeout: float | None = None, progress=None) -> PushReport:
    """Replace the named graph ``graph`` (default: the dataset IRI) on ``endpoint`` with ``data``.

    The triples go in batches into a staging graph, which then moves over ``graph`` in one update,
    so a failure part-way leaves the old ``graph`` as it was. ``progress`` is a callable
    ``(batches done, batches)``; by default a bar is drawn on stderr when it is a terminal.
    The default ``graph`` is the dataset IRI, ``{base}id/dataset/{source slug}``.
    """
    target = str(graph or _default_graph(data))
    check_iri(target, "--graph")
    if batch_size < 1:
        raise ClusterKGError("--batch-size must be at least 1")
    if isinstance(endpoint, Endpoint):
        endpoint = Endpoint(endpoint.url, update_endpoint or endpoint.update_url, timeout=timeout or endpoint.timeout)
    else:
        endpoint = Endpoint(str(endpoint), update_endpoint, timeout=timeout)
    staging = _staging_iri(target)
    plain, with_bnodes = [], []
    for s, p, o in data:
        line = f"{sparql_term(s)} {sparql_term(p)} {sparql_term(o)} ."
        (with_bnodes if isinstance(s, BNode) or isinstance(o, BNode) else plain).append(line)
    plain.sort()  # the same graph always goes in the same batches
    batches = [plain[i:i + batch_size] for i in range(0, len(plain), batch_size)]
    if with_bnodes:
        batches.append(with_bnodes)  # one request, so each blank node stays one node
    bar = None
    if progress is None and len(batches) > 1:
        from .progress import Progress
        bar = Progress(len(batches), "Pushing")  # drawn only when stderr is a terminal
    endpoint.update(f"DROP SILENT GRAPH <{staging}>", "push: clearing the staging graph")
    done = 0
    try:
        for done, batch in enumerate(batches, start=1):
            endpoint.update(f"INSERT DATA {{ GRAPH <{staging}> {{\n" + "\n".join(batch) + "\n} }",
                            f"push: batch {done} of {len(batches)}")
            if progress:
                progress(done, len(batches))
            if bar:
                bar.update()
        count_text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{staging}> {{ ?s ?p ?o }} }}"
        loaded = int(endpoint.select(count_text, {}, "push: counting the staging graph").rows[0]["n"])
        if loaded != len(data):
            raise ClusterKGError(f"push: the staging graph holds {loaded} triples, not {len(data)}")
        endpoint.update(f"MOVE GRAPH <{staging}> TO GRAPH <{target}>", "push: replacing the graph")
    except ClusterKGError as exc:
        if bar:
            bar.close()
        try:
            endpoint.update(f"DROP SILENT GRAPH <{staging}>", "push: cleaning up")
        except ClusterKGError:
            pass  # the endpoint is gone; the next push clears the staging graph first
        raise ClusterKGError(f"{exc}; <{target}> was left as it was") from None
    if bar:
        bar.close()
    return PushReport(endpoint=_redact(endpoint.url), graph=target, triples=len(data), batches=len(batches))
