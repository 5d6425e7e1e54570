"""Stored SPARQL queries: the catalogue in ``queries/*.rq`` (and the integrity checks in
``queries/checks/``), and :func:`query`, which runs one on anything that holds a graph.

A stored query is a plain SPARQL file whose first lines are a ``#+ `` YAML header (``summary``,
``description``, ``tags``, ``params``, ``endpoint``). Parameters are bound as RDF terms, never
spliced into the text (:mod:`clusterkg.query.params`, :mod:`clusterkg.query.sparql`).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from clusterkg.errors import ClusterKGError, InputError
from clusterkg.model.terms import PREFIXES
from clusterkg.resources import checks_dir, ontology_file, queries_dir

QUERIES_DIR = queries_dir()
CHECKS_DIR = checks_dir()
PARAM_TYPES = ("iri", "literal", "integer")
HEADER_KEYS = ("summary", "description", "tags", "params", "endpoint", "columns")
PARAM_KEYS = ("name", "type", "default", "description", "class", "multiple")

_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_PREFIX_DECL = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>\s]*)>", re.IGNORECASE | re.MULTILINE)
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


class _Record:
    """Named fields with defaults, fixed when made, compared by value: a NamedTuple's habits without
    importing ``typing`` (which, like ``dataclasses``, costs a query on the real data its time)."""

    __slots__ = ()
    FIELDS: tuple[tuple[str, object], ...] = ()  # (name, default); a default of ... means required

    def __init__(self, *args, **kwargs):
        names = [name for name, _ in self.FIELDS]
        values = dict(zip(names, args), **kwargs)
        for name, default in self.FIELDS:
            if name not in values and default is ...:
                raise TypeError(f"{type(self).__name__} needs {name}")
            object.__setattr__(self, name, values.get(name, default))

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} cannot be changed")

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name, _ in self.FIELDS)

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other._values() == self._values()

    def __hash__(self) -> int:
        return hash(tuple(v if not isinstance(v, dict) else tuple(sorted(v.items())) for v in self._values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n, _ in self.FIELDS)})"


class Param(_Record):
    """A query parameter: bound to the variable ``?name`` as an RDF term of ``type``. ``classes``: for iri
    params, the classes (IRIs) a name may resolve to; ``multiple``: it takes several values (``--param``
    repeated; a list in Python), one VALUES row each."""

    __slots__ = ("name", "type", "description", "default", "classes", "multiple")
    name: str
    type: str
    description: str
    default: object
    classes: tuple[str, ...]
    multiple: bool
    FIELDS = (("name", ...), ("type", ...), ("description", ""), ("default", None), ("classes", ()),
              ("multiple", False))

    @property
    def required(self) -> bool:
        return self.default is None


class StoredQuery(_Record):
    """A SPARQL query with its header; ``text`` is the whole file (the header is comments)."""

    __slots__ = ("name", "text", "summary", "description", "tags", "params", "endpoint", "path", "prefixes",
                 "columns")
    name: str
    text: str
    summary: str
    description: str
    tags: tuple[str, ...]
    params: tuple[Param, ...]
    endpoint: str | None
    path: Path | None
    prefixes: dict[str, str] | None
    columns: dict[str, str] | None
    FIELDS = (("name", ...), ("text", ...), ("summary", ""), ("description", ""), ("tags", ()), ("params", ()),
              ("endpoint", None), ("path", None), ("prefixes", None), ("columns", None))

    @property
    def label(self) -> str:
        """How messages name this query."""
        return _label(self.name, self.path)


@functools.lru_cache(maxsize=256)
def _label(name: str, path: Path | None) -> str:
    if path is None:
        return "the --sparql query" if name == "--sparql" else f"query '{name}'"
    if path.resolve().parent in (queries_dir(), checks_dir()):
        return f"query '{name}'"
    return f"query in {path}"


# -- Reading the catalogue ----

def _header_lines(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#+"):
            break
        lines.append(line[3:] if line.startswith("#+ ") else line[2:])
    return lines


def _yaml_header(source: str, where):
    """The header's YAML as Python values (libyaml when PyYAML has it; the Python parser words and
    places its errors), read as data files are: aliases, duplicate keys and deep nesting refused."""
    import yaml

    from clusterkg.source.yamlfields import load_text

    try:
        try:
            header = load_text(source) or {}
        except yaml.YAMLError:
            header = load_text(source, python=True) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = " ".join((getattr(exc, "problem", None) or str(exc).splitlines()[0]).split())
        raise InputError(where, f"the '#+' header is not valid YAML: {problem}",
                         line=mark.line + 1 if mark else None) from None
    if not isinstance(header, dict):
        raise InputError(where, "the '#+' header must be a YAML mapping (summary:, params: ...)", line=1)
    return header


def _header(source: str, where) -> dict:
    """The parsed header, from the cache of parsed headers when it holds this text (loading PyYAML
    takes longer than the rest of a query on the real data), else parsed and kept there."""
    import hashlib
    import json

    from clusterkg.model.cache import cache_dir, read_checked, write_checked

    path = cache_dir() / "headers" / (hashlib.sha256(source.encode("utf-8")).hexdigest()[:32] + ".json")
    cached = read_checked(path)  # None unless whole: a cut, emptied or edited file is parsed afresh
    if cached is not None:
        try:
            return json.loads(cached)
        except ValueError:
            pass
    header = _yaml_header(source, where)
    try:
        text = json.dumps(header, ensure_ascii=False)
    except (TypeError, ValueError):
        return header  # values JSON cannot hold (dates...): parsed each time
    try:
        write_checked(path, text.encode("utf-8"))
    except OSError:
        pass  # no cache, no harm
    return header


def parse_query(text: str, name: str, path: Path | None = None, require_summary: bool = True) -> StoredQuery:
    """Parse a query and its ``#+ `` header; a bad header raises an error naming the file and line."""
    where = path if path is not None else name
    header_lines = _header_lines(text)
    header = _header("\n".join(header_lines), where) if header_lines else {}
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
    prefixes = {p or "": ns for p, ns in _PREFIX_DECL.findall(text)}
    params = _parse_params(header.get("params") or [], text, {**PREFIXES, **prefixes}, where)
    return StoredQuery(name=name, text=text, summary=(summary or "").strip(),
                       description=" ".join((header.get("description") or "").split()),
                       tags=tuple(tags), params=params, endpoint=header.get("endpoint"), path=path,
                       prefixes=prefixes, columns=_parse_columns(header.get("columns"), where))


def _parse_columns(raw, where) -> dict[str, str]:
    """``columns: {jaccard: ratio}``: how a computed column is shown (:data:`clusterkg.query.presentation.KINDS`)."""
    from clusterkg.query.presentation import KINDS

    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(k, str) and _VARIABLE.match(k) for k in raw):
        raise InputError(where, "'columns' must map variable names to kinds, e.g. {jaccard: ratio}", field="columns")
    for column, kind in raw.items():
        if kind not in KINDS:
            raise InputError(where, f"column '{column}': unknown kind {kind!r} (expected one of: {', '.join(KINDS)})",
                             field="columns")
    return dict(raw)


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
        multiple = item.get("multiple", False)
        if not isinstance(multiple, bool):
            raise InputError(where, f"param '{name}': 'multiple' is true or false", field=f"{fld}.multiple")
        params.append(Param(name=name, type=kind, description=" ".join(str(item.get("description") or "").split()),
                            default=default, classes=expanded, multiple=multiple))
    return tuple(params)


def _expand(value: str, prefixes: dict, where, fld: str) -> str:
    value = str(value).strip()
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    prefix, colon, local = value.partition(":")
    if colon and prefix in prefixes:
        return prefixes[prefix] + local
    raise InputError(where, f"'{value}' is neither <IRI> nor a prefixed name declared by the query", field=fld)


def read_query(path, name: str | None = None, require_summary: bool = True) -> StoredQuery:
    """Read and parse one ``.rq`` file (parsed once while the file is unchanged)."""
    path = Path(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    return _read_query(path, name, require_summary, stat.st_mtime_ns, stat.st_size)


MAX_QUERY_BYTES = 16 * 1024 ** 2  # a query file larger than this is refused (a regular file only: never a FIFO)


@functools.lru_cache(maxsize=256)
def _read_query(path: Path, name, require_summary: bool, mtime_ns: int, size: int) -> StoredQuery:
    from clusterkg.fileio import read_regular

    try:
        text = read_regular(path, MAX_QUERY_BYTES, "query file").decode("utf-8")
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
        import difflib

        close = difflib.get_close_matches(name, list(names), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise ClusterKGError(f"unknown query '{name}'{hint}; 'clusterkg queries' lists them")
    return read_query(names[name])


def run_checks(kg, directory=None, names=None) -> list[tuple[str, list[dict]]]:
    """Run every ``queries/checks/*-violation.rq`` on ``kg`` (a :class:`~clusterkg.KnowledgeGraph`;
    :func:`clusterkg.run_checks` opens any source): ``[(check name, records)]``, by name. Records hold
    ``focus`` (the resource at fault) and ``message``; a clean graph gives none. ``names`` picks some."""
    return kg.run_checks(directory=directory, names=names)


def run_checks_on(engine, directory=None, names=None) -> list[tuple[str, list[dict]]]:
    """The checks run by ``engine`` (see :func:`checks_engine`), as :func:`run_checks` gives them."""
    checks = list_checks(directory)
    unknown = sorted(set(names or ()) - {c.name for c in checks})
    if unknown:
        raise ClusterKGError(f"unknown check '{unknown[0]}'; 'clusterkg queries --checks' lists them")
    return [(c.name, engine.select(c.text, {}, c.label).to_records()) for c in checks
            if names is None or c.name in names]


def checks_engine(store, engine=None):
    """The checks compare terms with the ontology: an engine over a store holding the graph and the ontology
    (``engine`` itself, when it runs on ``store`` and that holds the ontology already)."""
    import pyoxigraph as ox

    from clusterkg.model.rdffiles import load_file
    from clusterkg.model.terms import ONTOLOGY_IRI, OWL, RDF_TYPE
    from clusterkg.query.engine import LocalEngine

    ontology = ox.Quad(ox.NamedNode(ONTOLOGY_IRI), ox.NamedNode(RDF_TYPE), ox.NamedNode(OWL + "Ontology"))
    if ontology in store:
        return engine or LocalEngine(store)
    with_ontology = ox.Store()
    with_ontology.bulk_extend(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    load_file(ontology_file(), store=with_ontology)
    return LocalEngine(with_ontology)


def resolve_query(name: str | None = None, sparql: str | None = None, file=None) -> StoredQuery:
    """The query to run: exactly one of a stored query's name, a file, or query text."""
    given = [x for x in (name, sparql, file) if x is not None]
    if len(given) != 1:
        raise ClusterKGError("give exactly one of a query name, --file or --sparql")
    if name is not None:
        return get_query(name)
    if file is not None:
        return read_query(file, require_summary=False)
    return parse_query(sparql, "--sparql", require_summary=False)


def catalogue_rows(queries: list[StoredQuery]) -> list[list[str]]:
    """One row per query: name, summary, and its params (``name (type, default X): description``)."""
    rows = []
    for q in queries:
        params = []
        for p in q.params:
            default = f", default {p.default}" if p.default is not None else ""
            repeat = ", repeatable" if p.multiple else ""
            params.append(f"{p.name} ({p.type}{default}{repeat})" + (f": {p.description}" if p.description else ""))
        rows.append([q.name, q.summary, "; ".join(params)])
    return rows
