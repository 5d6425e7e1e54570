"""The one object over the graph: :class:`KnowledgeGraph`, shared by notebooks and the CLI.

It holds the graph in an embedded Oxigraph store (or reaches it on a SPARQL endpoint), answers stored
and ad-hoc queries with bound params and names beside IRIs, and works out each derived thing once,
when first asked: the networks, the plan groups, what the clusters share, the summary. Every export
format, the views, validation and push start from it, and ``rdflib()`` hands an rdflib Graph to
whoever wants one.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pyoxigraph as ox

from clusterkg.errors import ClusterKGError
from clusterkg.model.rdffiles import load_file
from clusterkg.model.terms import PREFIXES

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")

TYPE_CHECKING = False  # read by type checkers; at run time nothing below is imported (typing included)
if TYPE_CHECKING:
    import os
    from typing import Any

    import networkx as nx
    from rdflib import Graph

    from clusterkg.network.measures import NetworkReport
    from clusterkg.network.sharing import Shared
    from clusterkg.network.summary import Summary
    from clusterkg.options import PublicationOptions
    from clusterkg.query.engine import LocalEngine
    from clusterkg.query.results import QueryResult
    from clusterkg.query.validate import ValidationReport
    from clusterkg.remote.endpoint import Endpoint
    from clusterkg.remote.push import PushReport
    from clusterkg.source.profiles import ProfileSet

    PathArg = str | os.PathLike[str]


class KnowledgeGraph:
    """The knowledge graph, however it was opened.

    ``KnowledgeGraph.from_data()`` builds it from the profiles (the embedded data by default),
    ``from_file(path)`` reads a graph file, ``from_endpoint(url)`` queries a SPARQL server,
    ``from_rdflib(graph)`` copies an rdflib Graph, and ``of(anything)`` picks the right one.
    """

    def __init__(self, store: ox.Store | None = None, *, profiles: ProfileSet | None = None,
                 endpoint: Endpoint | None = None, origin: str = "") -> None:
        if store is None and endpoint is None:
            store = ox.Store()
        self._store = store
        self.profiles = profiles
        self.endpoint = endpoint
        self.origin = origin
        self.prefixes = dict(PREFIXES)

    def __repr__(self) -> str:
        where = f" from {self.origin}" if self.origin else ""
        return f"<KnowledgeGraph{where}>"

    # -- Opening ----

    @classmethod
    def from_data(cls, data_dir: PathArg | None = None, *, profiles: ProfileSet | None = None, cache: bool = False,
                  keep_profiles: bool = True) -> KnowledgeGraph:
        """Build the graph from a data folder (default: the embedded data). With ``cache``, a graph built
        before from the same data is read back instead (see :mod:`clusterkg.model.cache`). ``keep_profiles=False``
        lets the profiles go once the graph is built (they take a third of a build's memory at R = 1000)."""
        if cache and profiles is None:
            from clusterkg.model.cache import cached_store

            store, profiles = cached_store(data_dir)
        else:
            from clusterkg.model.graph import build_store
            from clusterkg.source.profiles import load_profiles

            profiles = profiles if profiles is not None else load_profiles(data_dir)
            store = build_store(profiles)
        origin = str(profiles.data_dir) if profiles is not None else str(data_dir or "the embedded data")
        return cls(store, profiles=profiles if keep_profiles else None, origin=origin)

    @classmethod
    def from_file(cls, path: PathArg, format: str | None = None) -> KnowledgeGraph:
        """Read an RDF file (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD; by suffix)."""
        return cls(load_file(path, format), origin=str(path))

    @classmethod
    def from_endpoint(cls, url: str, *, graph: str | None = None, update_endpoint: str | None = None,
                      timeout: float | None = None, max_answer_bytes: int | None = None) -> KnowledgeGraph:
        """A graph on a SPARQL 1.1 server; ``graph`` names a graph there (default: the server's default
        graph). Queries run on the server; what needs every triple fetches them once. An answer over
        ``max_answer_bytes`` (default 256 MiB) is not read on: one line."""
        from clusterkg.remote.endpoint import Endpoint

        return cls(endpoint=Endpoint(url, update_endpoint, graph=graph, timeout=timeout,
                                     max_answer_bytes=max_answer_bytes), origin=url)

    @classmethod
    def from_rdflib(cls, graph: Graph) -> KnowledgeGraph:
        from clusterkg.model.bridge import from_rdflib

        return cls(from_rdflib(graph), origin="an rdflib Graph")

    @classmethod
    def of(cls, source: Any = None, *, graph: str | None = None, timeout: float | None = None) -> KnowledgeGraph:
        """A knowledge graph for ``source``: a KnowledgeGraph (itself), a pyoxigraph Store, an rdflib
        Graph, a data folder, an RDF file, an endpoint URL, or None (the embedded data)."""
        if isinstance(source, KnowledgeGraph):
            return source
        if isinstance(source, ox.Store):
            return cls(source)
        if type(source).__name__ == "Endpoint" and type(source).__module__ == "clusterkg.remote.endpoint":
            return cls(endpoint=source, origin=source.url)
        if isinstance(source, str) and _URL.match(source):
            return cls.from_endpoint(source, graph=graph, timeout=timeout)
        if graph is not None:
            raise ClusterKGError("'graph' names a graph on an endpoint; a local graph is queried whole")
        if source is None:
            return cls.from_data()
        if isinstance(source, str | Path):
            return cls.from_data(source) if Path(source).is_dir() else cls.from_file(source)
        if type(source).__module__.startswith("rdflib"):
            return cls.from_rdflib(source)
        raise ClusterKGError(f"cannot open a {type(source).__name__} as a knowledge graph: give a data folder, "
                             "an RDF file, an endpoint URL, an rdflib Graph or a pyoxigraph Store")

    # -- The graph ----

    @property
    def store(self) -> ox.Store:
        """The Oxigraph store holding the graph (for an endpoint: every triple, fetched once)."""
        if self._store is None:
            assert self.endpoint is not None  # __init__ makes a store when there is no endpoint
            self._store = self.endpoint.fetch_store()
        return self._store

    def __len__(self) -> int:
        return len(self.store)

    @functools.cached_property
    def engine(self) -> LocalEngine | Endpoint:
        """Where queries run: the embedded store, or the endpoint."""
        if self.endpoint is not None:
            return self.endpoint
        from clusterkg.query.engine import LocalEngine

        return LocalEngine(self.store)

    def rdflib(self) -> Graph:
        """The graph as a new rdflib Graph, with the project's prefixes bound."""
        from clusterkg.model.bridge import to_rdflib

        return to_rdflib(self.store, self.prefixes)

    # -- Queries ----

    def query(self, name: str | None = None, *, sparql: str | None = None, file: PathArg | None = None,
              params: dict[str, Any] | None = None, labels: bool = True) -> QueryResult:
        """Run a stored query (``name``), a query file (``file``) or query text (``sparql``) with
        ``params``; the result carries names beside IRIs unless ``labels=False``."""
        from clusterkg.query.catalogue import resolve_query
        from clusterkg.query.params import bind_params
        from clusterkg.query.presentation import column_kinds

        stored = resolve_query(name, sparql, file)
        bindings = bind_params(stored, params, self.engine)
        result = self.engine.select(stored.text, bindings, stored.label)
        result.name, result.bindings = stored.name, bindings
        result.kinds = column_kinds(stored.text, stored.columns)
        if labels and result.boolean is None:
            from clusterkg.query.labels import lookup_names

            result.labels, result.short_names = lookup_names(self.engine, result.iris())
        return result

    def records(self, name: str | None = None, **options: Any) -> list[dict[str, Any]]:
        """A query's rows as plain Python values (options as for :meth:`query`)."""
        return self.query(name, **options).to_records()

    def to_dataframe(self, name: str | None = None, **options: Any) -> Any:
        """A query's rows as a pandas DataFrame (the ``pandas`` extra)."""
        return self.query(name, **options).to_dataframe()  # type: ignore[no-untyped-call]

    def run_checks(self, directory: PathArg | None = None, names: list[str] | None = None
                   ) -> list[tuple[str, list[dict[str, Any]]]]:
        """Every integrity check (``queries/checks/*-violation.rq``): ``[(name, records)]``, by name."""
        from clusterkg.query.catalogue import checks_engine, run_checks_on

        engine = self.engine if self.endpoint is not None else checks_engine(  # type: ignore[no-untyped-call]
            self.store, self.engine)
        return run_checks_on(engine, directory, names)

    # -- What the clusters share ----

    @functools.cached_property
    def typed_network(self) -> nx.MultiDiGraph:
        """Clusters, levers, places and entities with an edge per relation (networkx; built once)."""
        from clusterkg.network.measures import typed_network

        return typed_network(self.store)

    @functools.cached_property
    def bipartite_network(self) -> nx.Graph:
        from clusterkg.network.measures import bipartite_network

        return bipartite_network(self.typed_network)

    def projection(self, across_plans: bool = False) -> nx.Graph:
        from clusterkg.network.measures import cluster_projection

        return cluster_projection(self.bipartite_network, across_plans=across_plans)

    @functools.cached_property
    def plan_groups(self) -> dict[str, tuple[str, str] | None]:
        from clusterkg.network.measures import plan_groups

        return plan_groups(self.typed_network)

    @functools.cached_property
    def shared(self) -> list[Shared]:
        """Each lever, place and entity that two or more clusters of a plan link to, with the clusters."""
        from clusterkg.network.measures import shared_resources

        return shared_resources(self.bipartite_network)

    def network_report(self, across_plans: bool = False) -> NetworkReport:
        from clusterkg.network.measures import network_report

        return network_report(self.typed_network, across_plans=across_plans)

    def summary(self) -> Summary:
        from clusterkg.network.summary import summarize

        return summarize(self.store, self.shared)

    # -- Pages ----

    def render_views(self) -> dict[str, str]:
        from clusterkg.views.render import render_views

        return render_views(self.store, typed=self.typed_network, bipartite=self.bipartite_network)

    def view_files(self, site: dict[str, Any] | None = None) -> dict[str, bytes]:
        """Every file of the views: the pages and the overview's charts (``charts/NAME.svg``, ``.png``);
        ``site``: the web site around them (see :func:`clusterkg.views.render.view_files`)."""
        from clusterkg.views.render import view_files

        return view_files(self.store, typed=self.typed_network, bipartite=self.bipartite_network, site=site)

    def write_views(self, out_dir: PathArg) -> list[Path]:
        from clusterkg.views.render import write_views

        return write_views(self.store, out_dir, typed=self.typed_network, bipartite=self.bipartite_network)

    # -- Files, checks and servers ----

    def serialize(self, format: str = "turtle", options: PublicationOptions | None = None, **settings: Any) -> bytes:
        """The graph in ``format`` (turtle, ntriples, jsonld, rdfxml, trig); ``options`` (a
        :class:`~clusterkg.options.PublicationOptions`, or its fields as keywords) for the description."""
        from clusterkg.rdfio.export import serialize

        return serialize(self, format, options, **settings)

    def export(self, path: PathArg, format: str | None = None, options: PublicationOptions | None = None,
               **settings: Any) -> Path | None:
        from clusterkg.rdfio.export import export

        return export(self, path, format, options, **settings)

    def publish(self, directory: PathArg, options: PublicationOptions | None = None, **settings: Any) -> list[Path]:
        from clusterkg.publication.folder import publish

        return publish(self, directory, options, **settings)

    def validate(self, shapes: PathArg | None = None, checks: bool = True) -> ValidationReport:
        """SHACL validation against the shapes, and the stored checks."""
        from clusterkg.query.validate import validate

        return validate(self, shapes, checks)

    def push(self, url: str, **options: Any) -> PushReport:
        """Load the graph into a named graph on a SPARQL server (see :func:`clusterkg.remote.push.push`)."""
        from clusterkg.remote.push import push

        return push(self, url, **options)

    def rebase(self, base_iri: str | None = None, *, ontology_iri: str | None = None,
               old_base: str | None = None) -> KnowledgeGraph:
        """A new graph with every IRI under ``old_base`` (default: the project's base) moved under ``base_iri``."""
        from clusterkg.rdfio.rebase import rebase_store

        moved = rebase_store(self.store, base_iri, ontology_iri=ontology_iri, **({"old_base": old_base} if old_base
                                                                                 else {}))
        return KnowledgeGraph(moved, origin=f"{self.origin} (rebased)")


# -- The public functions: each opens any source (KnowledgeGraph.of) and asks the graph ----


def query(source: Any, name: str | None = None, sparql: str | None = None, file: PathArg | None = None,
          params: dict[str, Any] | None = None, *, labels: bool = True, graph: str | None = None,
          timeout: float | None = None) -> QueryResult:
    """Run a stored query (``name``), a query file (``file``) or query text (``sparql``) on ``source``:
    a :class:`KnowledgeGraph`, an rdflib Graph, a pyoxigraph Store, an RDF file, or a SPARQL
    endpoint URL (then ``graph`` names a graph on the server and ``timeout`` is in seconds).
    Returns a :class:`~clusterkg.query.results.QueryResult`."""
    kg = KnowledgeGraph.of(source, graph=graph, timeout=timeout)
    return kg.query(name, sparql=sparql, file=file, params=params, labels=labels)


def run_checks(source: Any, directory: PathArg | None = None, names: list[str] | None = None
               ) -> list[tuple[str, list[dict[str, Any]]]]:
    """Every ``queries/checks/*-violation.rq`` on ``source`` (anything :meth:`KnowledgeGraph.of` takes):
    ``[(check name, records)]``, by name (see :meth:`KnowledgeGraph.run_checks`)."""
    return KnowledgeGraph.of(source).run_checks(directory=directory, names=names)


def _opened_unless_as_given(source: Any, options: PublicationOptions | None, settings: dict[str, Any]) -> Any:
    """``source`` itself where it is written exactly as given (a Store, an rdflib graph, an RDF file, with no
    publication options), else the knowledge graph it opens (see :func:`clusterkg.rdfio.export.serialize`)."""
    from clusterkg.options import PublicationOptions
    from clusterkg.rdfio.export import written_as_given

    if written_as_given(source, PublicationOptions.make(options, **settings)):
        return source
    return KnowledgeGraph.of(source)


def serialize(source: Any, format: str = "turtle", options: PublicationOptions | None = None,
              **settings: Any) -> bytes:
    """The graph of ``source`` (anything :meth:`KnowledgeGraph.of` takes) in ``format``; a Store, rdflib
    graph or RDF file is written exactly as given (see :func:`clusterkg.rdfio.export.serialize`)."""
    from clusterkg.rdfio.export import serialize as serialize_graph

    return serialize_graph(_opened_unless_as_given(source, options, settings), format, options, **settings)


def export(source: Any, path: PathArg, format: str | None = None, options: PublicationOptions | None = None,
           **settings: Any) -> Path | None:
    """Write the graph of ``source`` to ``path`` (see :func:`clusterkg.rdfio.export.export`)."""
    from clusterkg.rdfio.export import export as export_graph

    return export_graph(_opened_unless_as_given(source, options, settings), path, format, options, **settings)


def publish(source: Any, directory: PathArg, options: PublicationOptions | None = None,
            **settings: Any) -> list[Path]:
    """Write the publication folder of ``source`` (see :func:`clusterkg.publication.folder.publish`)."""
    return KnowledgeGraph.of(source).publish(directory, options, **settings)


def validate(source: Any, shapes: PathArg | None = None, checks: bool = True) -> ValidationReport:
    """SHACL validation and the stored checks of ``source``: an RDF file is read exactly as written
    (see :func:`clusterkg.query.validate.validate`)."""
    from clusterkg.query.validate import validate as validate_graph

    opened = source if isinstance(source, str | Path) or _is_rdflib(source) else KnowledgeGraph.of(source)
    return validate_graph(opened, shapes, checks)


def rebase(source: Any, base_iri: str | None = None, *, ontology_iri: str | None = None,
           old_base: str | None = None) -> KnowledgeGraph:
    """A new :class:`KnowledgeGraph` with the IRIs of ``source`` moved (see :meth:`KnowledgeGraph.rebase`)."""
    return KnowledgeGraph.of(source).rebase(base_iri, ontology_iri=ontology_iri, old_base=old_base)


def push(source: Any, endpoint: Any, **options: Any) -> PushReport:
    """Replace a named graph on ``endpoint`` with the graph of ``source``; an RDF file or a pyoxigraph Store
    sends each of its named graphs to the graph of its name (see :func:`clusterkg.remote.push.push`)."""
    from clusterkg.remote.push import push as push_graph

    whole = isinstance(source, ox.Store) or (isinstance(source, str | Path) and Path(source).is_file())
    return push_graph(source if whole else KnowledgeGraph.of(source), endpoint, **options)


def _is_rdflib(source: Any) -> bool:
    return type(source).__module__.startswith("rdflib")
