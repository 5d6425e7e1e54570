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

from .errors import ClusterKGError
from .rdffiles import load_file
from .terms import PREFIXES

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


class KnowledgeGraph:
    """The knowledge graph, however it was opened.

    ``KnowledgeGraph.from_data()`` builds it from the profiles (the embedded data by default),
    ``from_file(path)`` reads a graph file, ``from_endpoint(url)`` queries a SPARQL server,
    ``from_rdflib(graph)`` copies an rdflib Graph, and ``of(anything)`` picks the right one.
    """

    def __init__(self, store: ox.Store | None = None, *, profiles=None, endpoint=None, origin: str = ""):
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
    def from_data(cls, data_dir=None, *, profiles=None, cache: bool = False, keep_profiles: bool = True
                  ) -> KnowledgeGraph:
        """Build the graph from a data folder (default: the embedded data). With ``cache``, a graph built
        before from the same data is read back instead (see :mod:`clusterkg.cache`). ``keep_profiles=False``
        lets the profiles go once the graph is built (they take a third of a build's memory at R = 1000)."""
        if cache and profiles is None:
            from .cache import cached_store

            store, profiles = cached_store(data_dir)
        else:
            from .graph import build_store
            from .profiles import load_profiles

            profiles = profiles if profiles is not None else load_profiles(data_dir)
            store = build_store(profiles)
        origin = str(profiles.data_dir) if profiles is not None else str(data_dir or "the embedded data")
        return cls(store, profiles=profiles if keep_profiles else None, origin=origin)

    @classmethod
    def from_file(cls, path, format: str | None = None) -> KnowledgeGraph:
        """Read an RDF file (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD; by suffix)."""
        return cls(load_file(path, format), origin=str(path))

    @classmethod
    def from_endpoint(cls, url: str, *, graph: str | None = None, update_endpoint: str | None = None,
                      timeout: float | None = None) -> KnowledgeGraph:
        """A graph on a SPARQL 1.1 server; ``graph`` names a graph there (default: the server's default
        graph). Queries run on the server; what needs every triple fetches them once."""
        from .remote import Endpoint

        return cls(endpoint=Endpoint(url, update_endpoint, graph=graph, timeout=timeout), origin=url)

    @classmethod
    def from_rdflib(cls, graph) -> KnowledgeGraph:
        from .bridge import from_rdflib

        return cls(from_rdflib(graph), origin="an rdflib Graph")

    @classmethod
    def of(cls, source=None, *, graph: str | None = None, timeout: float | None = None) -> KnowledgeGraph:
        """A knowledge graph for ``source``: a KnowledgeGraph (itself), a pyoxigraph Store, an rdflib
        Graph, a data folder, an RDF file, an endpoint URL, or None (the embedded data)."""
        if isinstance(source, KnowledgeGraph):
            return source
        if isinstance(source, ox.Store):
            return cls(source)
        if type(source).__name__ == "Endpoint" and type(source).__module__ == "clusterkg.remote":
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
            self._store = self.endpoint.fetch_store()
        return self._store

    def __len__(self) -> int:
        return len(self.store)

    @functools.cached_property
    def engine(self):
        """Where queries run: the embedded store, or the endpoint."""
        if self.endpoint is not None:
            return self.endpoint
        from .engine import LocalEngine

        return LocalEngine(self.store)

    def rdflib(self):
        """The graph as a new rdflib Graph, with the project's prefixes bound."""
        from .bridge import to_rdflib

        return to_rdflib(self.store, self.prefixes)

    # -- Queries ----

    def query(self, name: str | None = None, *, sparql: str | None = None, file=None, params: dict | None = None,
              labels: bool = True):
        """Run a stored query (``name``), a query file (``file``) or query text (``sparql``) with
        ``params``; the result carries names beside IRIs unless ``labels=False``."""
        from .params import bind_params
        from .queries import resolve_query

        stored = resolve_query(name, sparql, file)
        bindings = bind_params(stored, params, self.engine)
        result = self.engine.select(stored.text, bindings, stored.label)
        result.name, result.bindings = stored.name, bindings
        if labels and result.boolean is None:
            from .engine import lookup_names

            result.labels, result.short_names = lookup_names(self.engine, result.iris())
        return result

    def records(self, name: str | None = None, **options) -> list[dict]:
        """A query's rows as plain Python values (options as for :meth:`query`)."""
        return self.query(name, **options).to_records()

    def to_dataframe(self, name: str | None = None, **options):
        """A query's rows as a pandas DataFrame (the ``pandas`` extra)."""
        return self.query(name, **options).to_dataframe()

    def run_checks(self, directory=None, names=None) -> list[tuple[str, list[dict]]]:
        """Every integrity check (``queries/checks/*-violation.rq``): ``[(name, records)]``, by name."""
        from .queries import list_checks

        checks = list_checks(directory)
        unknown = sorted(set(names or ()) - {c.name for c in checks})
        if unknown:
            raise ClusterKGError(f"unknown check '{unknown[0]}'; 'clusterkg queries --checks' lists them")
        engine = self.engine if self.endpoint is not None else self._checked_engine()
        return [(c.name, engine.select(c.text, {}, c.label).to_records()) for c in checks
                if names is None or c.name in names]

    def _checked_engine(self):
        """The checks compare terms with the ontology: a store holding the graph and the ontology."""
        from .engine import LocalEngine
        from .resources import ontology_file
        from .terms import ONTOLOGY_IRI, OWL, RDF_TYPE

        ontology = ox.Quad(ox.NamedNode(ONTOLOGY_IRI), ox.NamedNode(RDF_TYPE), ox.NamedNode(OWL + "Ontology"))
        if ontology in self.store:
            return self.engine
        store = ox.Store()
        store.bulk_extend(self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        load_file(ontology_file(), store=store)
        return LocalEngine(store)

    # -- What the clusters share ----

    @functools.cached_property
    def typed_network(self):
        """Clusters, levers, places and entities with an edge per relation (networkx; built once)."""
        from .network import typed_network

        return typed_network(self.store)

    @functools.cached_property
    def bipartite_network(self):
        from .network import bipartite_network

        return bipartite_network(self.typed_network)

    def projection(self, across_plans: bool = False):
        from .network import cluster_projection

        return cluster_projection(self.bipartite_network, across_plans=across_plans)

    @functools.cached_property
    def plan_groups(self) -> dict:
        from .network import plan_groups

        return plan_groups(self.typed_network)

    @functools.cached_property
    def shared(self) -> list:
        """Each lever, place and entity that two or more clusters of a plan link to, with the clusters."""
        from .network import shared_resources

        return shared_resources(self.bipartite_network)

    def network_report(self, across_plans: bool = False):
        from .network import network_report

        return network_report(self.typed_network, across_plans=across_plans)

    def summary(self):
        from .summary import summarize

        return summarize(self.store, self.shared)

    # -- Pages ----

    def render_views(self) -> dict[str, str]:
        from .views import render_views

        return render_views(self.store, typed=self.typed_network, bipartite=self.bipartite_network)

    def view_files(self, site: dict | None = None) -> dict[str, bytes]:
        """Every file of the views: the pages and the overview's charts (``charts/NAME.svg``, ``.png``);
        ``site``: the web site around them (see :func:`clusterkg.views.view_files`)."""
        from .views import view_files

        return view_files(self.store, typed=self.typed_network, bipartite=self.bipartite_network, site=site)

    def write_views(self, out_dir) -> list[Path]:
        from .views import write_views

        return write_views(self.store, out_dir, typed=self.typed_network, bipartite=self.bipartite_network)

    # -- Files, checks and servers ----

    def serialize(self, format: str = "turtle", options=None, **settings) -> bytes:
        """The graph in ``format`` (turtle, ntriples, jsonld, rdfxml, trig); ``options`` (a
        :class:`~clusterkg.options.PublicationOptions`, or its fields as keywords) for the description."""
        from .export import serialize

        return serialize(self, format, options, **settings)

    def export(self, path, format: str | None = None, options=None, **settings) -> Path | None:
        from .export import export

        return export(self, path, format, options, **settings)

    def publish(self, directory, options=None, **settings) -> list[Path]:
        from .publish import publish

        return publish(self, directory, options, **settings)

    def validate(self):
        """SHACL validation against the shapes, and the stored checks."""
        from .validate import validate

        return validate(self)

    def push(self, url: str, **options):
        """Load the graph into a named graph on a SPARQL server (see :func:`clusterkg.push.push`)."""
        from .push import push

        return push(self, url, **options)
