"""Stored SPARQL queries: the catalogue in ``queries/*.rq`` and one way to run any query.

A stored query is a plain SPARQL file whose first lines are a ``#+ `` YAML header (``summary``,
``description``, ``tags``, ``params``, ``endpoint``). Parameters are bound as RDF terms, never
spliced into the text: on an rdflib graph through ``initBindings``, on an endpoint through a
``VALUES`` block of escaped terms (see :mod:`clusterkg.remote`).
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from .errors import ClusterKGError, InputError

from .resources import checks_dir, queries_dir

QUERIES_DIR = queries_dir()
CHECKS_DIR = checks_dir()
PARAM_TYPES = ("iri", "literal", "integer")
HEADER_KEYS = ("summary", "description", "tags", "params", "endpoint")
PARAM_KEYS = ("name", "type", "default", "description", "class")

_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_PREFIX_DECL = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>\s]*)>", re.IGNORECASE | re.MULTILINE)
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Param:
    """A query parameter: bound to the variable ``?name`` as an RDF term of ``type``."""

    name: str
    type: str
    description: str = ""
    default: object = None
    classes: tuple[URIRef, ...] = ()  # for iri params: what a friendly name may resolve to

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class StoredQuery:
    """A SPARQL query with its header; ``text`` is the whole file (the header is comments)."""

    name: str
    text: str
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    endpoint: str | None = None
    path: Path | None = None
    prefixes: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def label(self) -> str:
        """How messages name this query."""
        if self.path is None:
            return "the --sparql query" if self.name == "--sparql" else f"query '{self.name}'"
        if self.path.resolve().parent in (QUERIES_DIR, CHECKS_DIR):
            return f"query '{self.name}'"
        return f"query in {self.path}"


# -- Reading the catalogue ----

def _header_lines(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#+"):
            break
        lines.append(line[3:] if line.startswith("#+ ") else line[2:])
    return lines


def parse_query(text: str, name: str, path: Path | None = None, require_summary: bool = True) -> StoredQuery:
    """Parse a query and its ``#+ `` header; a bad header raises an error naming the file and line."""
    import yaml

    where = path if path is not None else name
    header_lines = _header_lines(text)
    header = {}
    if header_lines:
        source = "\n".join(header_lines)
        try:
            try:  # libyaml when PyYAML has it; the Python parser words (and places) its errors
                header = yaml.load(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}  # noqa: S506
            except yaml.YAMLError:
                header = yaml.safe_load(source) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise InputError(where, f"the '#+' header is not valid YAML: {problem}",
                             line=mark.line + 1 if mark else None) from None
        if not isinstance(header, dict):
            raise InputError(where, "the '#+' header must be a YAML mapping (summary:, params: ...)", line=1)
    unknown = sorted(set(header) - set(HEADER_KEYS))
    if unknown:
        raise InputError(where, f"unknown header key '{unknown[0]}' (expected: {', '.join(HEADER_KEYS)})",
                         field=unknown[0])
    summary = header.get("summary")
    if summary is None and require_summary:
        raise InputError(where, "the '#+' header has no summary", field="summary")
    for key in ("summary", "description", "endpoint"):
        if header.get(key) is not None and not isinstance(header[key], str):
            raise InputError(where, f"'{key}' must be text", field=key)
    tags = header.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise InputError(where, "'tags' must be a list of words", field="tags")
    prefixes = {p or "": URIRef(ns) for p, ns in _PREFIX_DECL.findall(text)}
    params = _parse_params(header.get("params") or [], text, prefixes, where)
    return StoredQuery(name=name, text=text, summary=(summary or "").strip(),
                       description=" ".join((header.get("description") or "").split()),
                       tags=tuple(tags), params=params, endpoint=header.get("endpoint"), path=path,
                       prefixes=prefixes)


def _parse_params(raw, text: str, prefixes: dict, where) -> tuple[Param, ...]:
    if not isinstance(raw, list):
        raise InputError(where, "'params' must be a list of {name, type, ...}", field="params")
    params = []
    for i, item in enumerate(raw):
        fld = f"params[{i}]"
        if not isinstance(item, dict):
            raise InputError(where, "each param must be a mapping with name and type", field=fld)
        unknown = sorted(set(item) - set(PARAM_KEYS))
        if unknown:
            raise InputError(where, f"unknown param key '{unknown[0]}' (expected: {', '.join(PARAM_KEYS)})",
                             field=f"{fld}.{unknown[0]}")
        name = item.get("name")
        if not isinstance(name, str) or not _VARIABLE.match(name):
            raise InputError(where, "a param needs a name that is a SPARQL variable name", field=f"{fld}.name")
        if not re.search(rf"[?$]{name}\b", text):
            raise InputError(where, f"param '{name}' is not a variable (?{name}) of the query", field=f"{fld}.name")
        kind = item.get("type", "literal")
        if kind not in PARAM_TYPES:
            raise InputError(where, f"param '{name}' has type '{kind}' (expected: {', '.join(PARAM_TYPES)})",
                             field=f"{fld}.type")
        classes = item.get("class") or []
        if isinstance(classes, str):
            classes = [classes]
        if classes and kind != "iri":
            raise InputError(where, f"param '{name}': 'class' only applies to iri params", field=f"{fld}.class")
        expanded = tuple(_expand(c, prefixes, where, f"{fld}.class") for c in classes)
        default = item.get("default")
        if default is not None and kind == "integer" and not _INTEGER.match(str(default)):
            raise InputError(where, f"param '{name}' has a default that is not an integer", field=f"{fld}.default")
        params.append(Param(name=name, type=kind, description=" ".join(str(item.get("description") or "").split()),
                            default=default, classes=expanded))
    return tuple(params)


def _expand(value: str, prefixes: dict, where, fld: str) -> URIRef:
    value = str(value).strip()
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    prefix, colon, local = value.partition(":")
    if colon and prefix in prefixes:
        return URIRef(prefixes[prefix] + local)
    raise InputError(where, f"'{value}' is neither <IRI> nor a prefixed name declared by the query", field=fld)


def read_query(path, name: str | None = None, require_summary: bool = True) -> StoredQuery:
    """Read and parse one ``.rq`` file (parsed once while the file is unchanged)."""
    path = Path(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    return _read_query(path, name, require_summary, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _read_query(path: Path, name, require_summary: bool, mtime_ns: int, size: int) -> StoredQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return parse_query(text, name or path.stem, path=path, require_summary=require_summary)


def list_queries(directory=None) -> list[StoredQuery]:
    """The stored queries of ``directory`` (default: the project's ``queries/``), by name."""
    directory = Path(directory) if directory is not None else QUERIES_DIR
    return [read_query(p) for p in sorted(directory.glob("*.rq"))]


def list_checks(directory=None) -> list[StoredQuery]:
    """The integrity checks (``queries/checks/*-violation.rq``): each must return no rows."""
    directory = Path(directory) if directory is not None else CHECKS_DIR
    return [read_query(p) for p in sorted(directory.glob("*-violation.rq"))]


def get_query(name: str) -> StoredQuery:
    """A stored query or check by name; an unknown name raises an error suggesting close ones."""
    for folder in (QUERIES_DIR, CHECKS_DIR):
        path = folder / f"{name}.rq"
        if "/" not in name and path.is_file():
            return read_query(path)
    names = {p.stem: p for d in (QUERIES_DIR, CHECKS_DIR) for p in sorted(d.glob("*.rq"))}
    if name not in names:
        close = difflib.get_close_matches(name, list(names), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise ClusterKGError(f"unknown query '{name}'{hint}; 'clusterkg queries' lists them")
    return read_query(names[name])


# -- Parameters ----

def _coerce(query: StoredQuery, param: Param, value, backend) -> Identifier:
    where = f"{query.label}, param '{param.name}'"
    if param.type == "integer":
        if isinstance(value, bool) or not _INTEGER.match(str(value).strip()):
            raise ClusterKGError(f"{where}: expected an integer, got '{value}'")
        return Literal(int(str(value).strip()), datatype=XSD.integer)
    if param.type == "literal":
        return value if isinstance(value, Literal) else Literal(str(value))
    if isinstance(value, URIRef):
        iri = value
    else:
        iri = _friendly_iri(str(value).strip(), query.prefixes)
        if iri is None and not param.classes:
            raise ClusterKGError(f"{where}: expected an IRI, got '{value}'")
    if param.classes:
        return _resolve(backend, param, str(iri) if iri is not None else str(value).strip(), where)
    from .remote import check_iri
    check_iri(iri, where)
    return iri


def _friendly_iri(value: str, prefixes: dict) -> URIRef | None:
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    prefix, colon, local = value.partition(":")
    if colon and prefix in prefixes:
        return URIRef(prefixes[prefix] + local)
    if colon and _SCHEME.match(value) and not local.startswith(" "):
        from .graph import PREFIXES
        if prefix in PREFIXES:
            return URIRef(str(PREFIXES[prefix]) + local)
        return URIRef(value)
    return None


_RESOLVE = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX grow: <https://w3id.org/wmgrowth/def#>
SELECT DISTINCT ?s ?rank WHERE {
  VALUES ?class { CLASSES }
  ?s a ?class .
  OPTIONAL { ?s rdfs:label|skos:prefLabel|skos:altLabel|grow:gssCode ?name .
             FILTER(LCASE(STR(?name)) = LCASE(STR(?value))) }
  BIND(IF(STR(?s) = STR(?value), 0,
       IF(STRENDS(LCASE(STR(?s)), CONCAT("/", LCASE(STR(?value)))), 1,
       IF(BOUND(?name), 2, 9))) AS ?rank)
  FILTER(?rank < 9)
}
ORDER BY ?rank ?s"""


# The same answer, rank by rank, where ``value`` is exactly an IRI, a slug or a name: index look-ups,
# one simple query each (an engine may not carry the value into the branches of a UNION).
_LOOKUP = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX grow: <https://w3id.org/wmgrowth/def#>
SELECT DISTINCT ?s WHERE { PATTERN }
ORDER BY ?s"""
_BY_NAME = ("VALUES ?class { CLASSES } VALUES ?p { rdfs:label skos:prefLabel skos:altLabel grow:gssCode } "
            "?s ?p ?value . ?s a ?class .")


def _typed(pairs) -> str:
    """A pattern binding ``?s`` to each IRI that has its class: constant triples, so an engine looks
    each up (Oxigraph scans every typed resource for ``VALUES ?s {...} ?s a ?class``)."""
    from .remote import sparql_term

    return " UNION ".join(f"{{ {sparql_term(iri)} a {sparql_term(cls)} . BIND({sparql_term(iri)} AS ?s) }}"
                          for iri, cls in pairs)
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*\Z")


def _resolve(backend, param: Param, value: str, where: str) -> URIRef:
    """The one IRI of ``param.classes`` whose IRI, slug, label or GSS code is ``value``
    (exact look-ups first; then names in any letter case)."""
    from .remote import sparql_term
    from .vocab import ID

    kinds = "/".join(c.split("#")[-1].split("/")[-1].lower() for c in param.classes)
    if not value:
        raise ClusterKGError(f"{where}: an empty value names no {kinds}")
    classes = " ".join(sparql_term(c) for c in param.classes)
    lookups = []  # best rank first: the IRI itself, a slug, an exact name
    if _SCHEME.match(value):
        try:
            lookups.append(_typed((URIRef(value), c) for c in param.classes))
        except ClusterKGError:
            pass  # not a valid IRI: then it can only be a name
    if _SLUG.match(value):
        lookups.append(_typed((ID[f"{c.split('#')[-1].lower()}/{value}"], c) for c in param.classes))
    lookups.append(_BY_NAME.replace("CLASSES", classes))
    best = []
    for pattern in lookups:
        text = _LOOKUP.replace("PATTERN", pattern)
        best = [r["s"] for r in backend.select(text, {"value": Literal(value)} if "?value" in pattern else {},
                                               "name lookup").rows]
        if best:
            break
    if not best:
        rows = backend.select(_RESOLVE.replace("CLASSES", classes), {"value": Literal(value)}, "name lookup").rows
        best = [r["s"] for r in rows if r["rank"] == rows[0]["rank"]]
    if not best:
        codes = ", GSS code" if any(str(c).endswith("#Place") for c in param.classes) else ""
        raise ClusterKGError(f"{where}: no {kinds} is named '{value}' (give its slug, label{codes} or IRI)")
    if len(best) > 1:
        raise ClusterKGError(f"{where}: '{value}' names {len(best)} things ({', '.join(best[:4])}); give an IRI")
    return best[0]


def bind_params(query: StoredQuery, params: dict | None, backend) -> dict[str, Identifier]:
    """Check ``params`` against the query's declared params and turn them into RDF terms."""
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
        bindings[param.name] = _coerce(query, param, value, backend)
    return bindings


# -- Running ----

class LocalBackend:
    """Runs queries on an rdflib graph, binding params through ``initBindings``."""

    def __init__(self, graph: Graph):
        self.graph = graph

    def select(self, text: str, bindings: dict, label: str):
        from pyparsing import ParseException

        from .results import QueryResult

        try:
            try:
                result = self.graph.query(text, initBindings=bindings)
            except ParseException:
                raise
            except Exception:
                if not isinstance(self.graph.store, type(Graph().store)):
                    # another engine (Oxigraph) refused it: rdflib's parser words syntax errors the same
                    # on every store (raises ParseException, or returns when the text parses)
                    from rdflib.plugins.sparql.parser import parseQuery
                    parseQuery(text)
                raise
        except ParseException as exc:
            near = " ".join(exc.line[exc.col - 1:].split())[:40]
            raise ClusterKGError(f"{label}: SPARQL syntax error at line {exc.lineno}, column {exc.col}"
                                 + (f", near '{near}'" if near else ", at the end of a line")) from None
        except Exception as exc:  # noqa: BLE001 - rdflib raises many error types while evaluating
            raise ClusterKGError(f"{label} failed: {type(exc).__name__}: {exc}") from None
        if result.type == "ASK":
            return QueryResult(variables=[], rows=[], boolean=bool(result.askAnswer), source=self)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return QueryResult.from_graph(result.graph, source=self)
        variables = [str(v) for v in result.vars]
        rows = getattr(result, "rows_by_name", None)  # the Oxigraph store's rows, already keyed by name
        if rows is None:
            rows = [{str(k): v for k, v in b.items() if v is not None and str(k) in variables}
                    for b in result.bindings]
        return QueryResult(variables=variables, rows=rows, source=self)

    def labels(self, iris) -> dict:
        from rdflib.namespace import RDFS, SKOS

        found = {}
        for iri in iris:
            names = sorted(map(str, self.graph.objects(iri, RDFS.label))) or \
                sorted(map(str, self.graph.objects(iri, SKOS.prefLabel)))
            if names:
                found[iri] = names[0]
        return found


def load_graph(path) -> Graph:
    """Parse an RDF file (format from its suffix, Turtle by default)."""
    from rdflib.util import guess_format

    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such file")
    try:
        return Graph().parse(path, format=guess_format(str(path)) or "turtle")
    except Exception as exc:  # noqa: BLE001 - rdflib's parsers raise many error types
        raise InputError(path, f"not valid RDF: {' '.join(str(exc).split())[:300]}") from None


def _backend(source, graph=None, timeout=None):
    from . import remote

    if isinstance(source, Graph):
        return LocalBackend(source)
    if isinstance(source, remote.Endpoint):
        if graph is None and timeout is None:
            return source
        return remote.Endpoint(source.url, source.update_url, graph=graph or source.graph,
                               timeout=timeout or source.timeout)
    if isinstance(source, LocalBackend):
        return source
    if isinstance(source, str) and re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", source):
        return remote.Endpoint(source, graph=graph, timeout=timeout)
    if isinstance(source, str | Path):
        return LocalBackend(load_graph(source))
    raise ClusterKGError(f"cannot query a {type(source).__name__}: give an rdflib Graph, a file or an endpoint URL")


def query(graph_or_endpoint, name: str | None = None, sparql: str | None = None, file=None,
          params: dict | None = None, *, graph: str | None = None, timeout: float | None = None):
    """Run a stored query (``name``), a query file (``file``) or query text (``sparql``).

    ``graph_or_endpoint`` is an rdflib Graph, an RDF file, or a SPARQL endpoint URL (then ``graph``
    names a graph on the server and ``timeout`` is in seconds). Returns a :class:`QueryResult`.
    """
    given = [x for x in (name, sparql, file) if x is not None]
    if len(given) != 1:
        raise ClusterKGError("give exactly one of a query name, --file or --sparql")
    if name is not None:
        stored = get_query(name)
    elif file is not None:
        stored = read_query(file, require_summary=False)
    else:
        stored = parse_query(sparql, "--sparql", require_summary=False)
    backend = _backend(graph_or_endpoint, graph=graph, timeout=timeout)
    if graph is not None and isinstance(backend, LocalBackend):
        raise ClusterKGError("'graph' names a graph on an endpoint; a local graph is queried whole")
    bindings = bind_params(stored, params, backend)
    result = backend.select(stored.text, bindings, stored.label)
    result.name, result.bindings = stored.name, bindings
    return result


def run_checks(graph: Graph, directory=None, names=None) -> list[tuple[str, list[dict]]]:
    """Run every ``queries/checks/*-violation.rq`` on ``graph`` (with the ontology added when it is
    missing, for the checks that compare terms with it): ``[(check name, rows)]``, by name.
    Rows hold ``?focus`` (the resource at fault) and ``?message``; a clean graph gives no rows.
    ``names`` picks some of the checks."""
    from rdflib.namespace import OWL, RDF

    from .export import with_ontology
    from .vocab import ONTOLOGY_IRI

    if (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) not in graph:
        graph = with_ontology(graph)
    checks = list_checks(directory)
    unknown = sorted(set(names or ()) - {c.name for c in checks})
    if unknown:
        raise ClusterKGError(f"unknown check '{unknown[0]}'; 'clusterkg queries --checks' lists them")
    backend = LocalBackend(graph)
    return [(check.name, backend.select(check.text, {}, check.label).rows) for check in checks
            if names is None or check.name in names]


def catalogue_rows(queries: list[StoredQuery]) -> list[list[str]]:
    """One row per query: name, summary, and its params (``name (type, default X): description``)."""
    rows = []
    for q in queries:
        params = []
        for p in q.params:
            default = f", default {p.default}" if p.default is not None else ""
            params.append(f"{p.name} ({p.type}{default})" + (f": {p.description}" if p.description else ""))
        rows.append([q.name, q.summary, "; ".join(params)])
    return rows
