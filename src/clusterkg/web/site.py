"""``clusterkg site DIR``: the graph as a static web site that works from file:// and any static host,
offline.

A page for every resource under ``id/`` (plan, clusters, growth opportunities, bullets, places, levers,
benchmarks, organisations, assets, programmes, events, the dataset and its catalogue) at the path that
mirrors its IRI (see :mod:`clusterkg.web.siteindex`), with its own triples beside it in Turtle, JSON-LD,
RDF/XML and N-Triples, ``<link rel="alternate">`` to each and its JSON-LD embedded; the ontology at
``def.html`` (and ``def.ttl``...); the stored queries with their text, params and results under
``queries/``; the query editor at ``query.html`` (it runs SPARQL on the site's endpoint, or in the browser
with Oxigraph's WebAssembly build on the graph itself, so any static host can query); every resource by
kind at ``resources.html``; the network views (``index.html``, ``graph.html``...) written beside them; the
pages of :mod:`clusterkg.web.sitehome` (lists by kind, the data page, the about page, the folder pages for
static hosts); one navigation on every page (:mod:`clusterkg.web.sitenav`).
Pages come from Jinja2 templates with autoescaping (``viz/templates/site/``), so no text of the data
can become markup or script. The same graph and options give the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from clusterkg import __version__
from clusterkg.errors import ClusterKGError
from clusterkg.model.terms import BASE_IRI, GROW, ONTOLOGY_IRI, ONTOLOGY_NS, OWL, RDF_TYPE, SKOS
from clusterkg.options import PublicationOptions
from clusterkg.rdfio import writers
from clusterkg.rdfio.jsonld import jsonld_context
from clusterkg.rdfio.quadsource import MemoryView
from clusterkg.web.conneg import EXTENSION_TYPES, htaccess_types, w3id_rules
from clusterkg.web.siteindex import DATA_EXTENSIONS, SiteIndex
from clusterkg.web.sitepages import Pages

ASSETS = {**{f"assets/oxigraph/{name}": ("static", "oxigraph", name)
             for name in ("web.js", "web_bg.wasm", "LICENSE-MIT", "LICENSE-APACHE", "README.md")},
          **{f"assets/sheetjs/{name}": ("static", "sheetjs", name)
             for name in ("xlsx.mini.min.js", "LICENSE", "README.md")},
          "favicon.ico": ("static", "favicon.ico"),  # a plain square, so no host answers a browser 404
          "assets/site.css": ("templates", "site", "site.css"),
          "assets/query.js": ("templates", "site", "query.js"),
          "assets/results.js": ("templates", "site", "results.js"),
          "assets/names.js": ("static", "names.js")}
BROWSER_GRAPH = "graph.nt"  # the file the editor loads into Oxigraph in the browser (a data download)
CHANGES_PAGE = "changes.html"  # in a publication that follows an earlier edition (clusterkg.editions)
# resources.html: the kinds listed, in this order (bullets are listed on their cluster's page)
INDEX_KINDS = (("Plans", GROW.Plan), ("Clusters", GROW.Cluster), ("Growth opportunities", GROW.GrowthOpportunity),
               ("Levers", GROW.Lever), ("Benchmarks", GROW.Benchmark), ("Places", GROW.Place),
               ("Organisations", GROW.Organisation), ("Assets", GROW.Asset), ("Programmes", GROW.Programme),
               ("Events", GROW.Event), ("Concept schemes", SKOS + "ConceptScheme"),
               ("Source documents", GROW.SourceDocument),
               ("Datasets and catalogues", "http://www.w3.org/ns/dcat#Dataset"),
               ("", "http://www.w3.org/ns/dcat#Catalog"))


class SiteBuilder:
    """Renders every file of the site into memory: ``files()`` gives site path -> bytes."""

    def __init__(self, kg, options: PublicationOptions, views: bool = True, site_url: str | None = None,
                 pylode_page: str | None = None, endpoint: str | None = None,
                 downloads: dict[str, bytes] | None = None, changes: list | None = None):
        from clusterkg.rdfio.export import file_quads, prepare, render
        from clusterkg.rdfio.rebase import Rebaser
        from clusterkg.resources import ontology_file

        self.kg, self.options, self.views, self.site_url = kg, options, views, site_url
        self.pylode_page = pylode_page  # the ontology's pyLODE page beside the site (in a publication)
        self.changes = changes  # the outline of what changed since the previous edition (clusterkg.editions)
        # the SPARQL endpoint the editor uses: the configured public one, else the server's own (serve)
        self.endpoint = options.sparql_endpoint or endpoint
        parts = prepare(kg, options.replace(description=True, with_ontology=False))
        # the data downloads: the publication's files beside the site, else the site's own
        self.own_downloads = downloads is None
        self.downloads = downloads if downloads is not None else {
            filename: render(parts, name) for name, filename in _download_names()}
        self.data_store = parts.data
        self.store = ox.Store()
        self.store.bulk_extend(parts.data.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        self.store.bulk_extend(parts.description or ())
        self.prefixes = parts.prefixes
        self.base = options.base_iri or BASE_IRI
        self.ontology_iri = parts.ontology_iri
        self.rebaser = Rebaser(options.base_iri, options.ontology_iri)
        self.ontology = file_quads(ontology_file(), self.rebaser)
        self.index = SiteIndex.build(self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()), self.base)
        self.terms = _term_names(self.ontology)
        self.pages = Pages(self.index, self.terms)
        self.env = _environment()
        self.present: set[str] = set()  # every site path, known before the first page is rendered

    # -- The whole site ----

    def files(self) -> dict[str, bytes]:
        from clusterkg.outputs import checksums_of
        from clusterkg.resources import resource
        from clusterkg.web.sitehome import LISTS, FrontDoor
        from clusterkg.web.sitequeries import query_files

        views = self.view_files() if self.views else {}
        self.present = {*views, *(f"{p}.html" for p in self.index.paths), "def.html", "resources.html",
                        "queries/index.html", "query.html", "data.html", "about.html", "index.html",
                        *(path for path, *_ in LISTS), *self.downloads, *filter(None, [self.pylode_page]),
                        *([CHANGES_PAGE] if self.changes else [])}
        files: dict[str, bytes] = {".htaccess": self.render(".htaccess", "htaccess.txt", types=htaccess_types())}
        for path, parts in ASSETS.items():
            files[path] = resource(*parts).read_bytes()
        for iri in sorted(self.index.paths):
            files.update(self.resource_files(iri))
        files.update(self.ontology_files())
        files["resources.html"] = self.resources_page()
        files["names.json"] = self.names_json()
        if self.changes:
            files[CHANGES_PAGE] = self.render(CHANGES_PAGE, "changes.html", blocks=self.changes)
        files.update(query_files(self))
        files.update(FrontDoor(self).files(set(views) | set(files) | set(self.downloads)))
        files.update(self.site_views(views))
        if self.own_downloads:  # a site alone carries the data; a publication has it beside the site
            files.update(self.downloads)
        elif self.pylode_page in self.downloads:  # pyLODE's page of the ontology, with the site's navigation
            files[self.pylode_page] = self.wrapped(self.pylode_page)
        if self.site_url:
            files["w3id.htaccess"] = w3id_htaccess(self.site_url, downloads=self.pylode_page is not None)
        files["SHA256SUMS"] = checksums_of(files)
        return dict(sorted(files.items()))

    def render(self, page: str, template: str, **context) -> bytes:
        """A template rendered for the site path ``page`` (its links relative to that path)."""
        root = "../" * page.count("/")
        nav = self.nav(page)
        html = self.env.get_template(template).render(
            root=root, nav=nav, version=__version__, dataset=self.dataset_link(page), **context)
        return html.encode("utf-8")

    def endpoint_shown(self) -> str | None:
        return self.endpoint

    def data_formats(self) -> list[tuple]:
        """(format, file name) of each data download."""
        from clusterkg.rdfio.export import FORMATS

        return [(FORMATS[name], filename) for name, filename in _download_names()]

    # -- The views, with the site around them ----

    def view_files(self) -> dict[str, bytes]:
        """The views with the site's navigation marker, "Show the query" links and the home page's ways in."""
        from markupsafe import Markup

        from clusterkg.web.sitehome import FrontDoor
        from clusterkg.web.sitenav import QUERY_BEHIND, editor_link

        ways = self.env.get_template("ways-in.html").render(ways=FrontDoor(self).ways_in("index.html"))
        site = {"query": lambda key: editor_link("index.html", QUERY_BEHIND[key]) if key in QUERY_BEHIND else "",
                "home": Markup(ways)}
        return self.kg.view_files(site=site)

    def site_views(self, views: dict[str, bytes]) -> dict[str, bytes]:
        """The views with each page's navigation in place."""
        from clusterkg.web.sitenav import insert_nav

        nav = self.env.get_template("nav.html")
        return {name: insert_nav(data, nav.render(nav=self.nav(name)).encode("utf-8")) if name.endswith(".html")
                else data for name, data in views.items()}

    def wrapped(self, page: str) -> bytes:
        """A page of the publication made by another tool, with the site's navigation band."""
        from clusterkg.resources import resource
        from clusterkg.web.sitenav import wrap_page

        nav = self.env.get_template("nav.html").render(nav=self.nav(page)).encode("utf-8")
        return wrap_page(self.downloads[page], nav, resource("templates", "site", "band.css").read_bytes())

    def nav(self, page: str) -> list[dict]:
        from clusterkg.web.sitenav import nav_items

        return nav_items(page, self.present)

    def dataset_link(self, page: str) -> dict | None:
        from clusterkg.rdfio.export import dataset_iri

        iri = dataset_iri(self.kg.store, self.options.base_iri)
        return self.pages.link(iri, page) if iri in self.index.paths else None

    # -- A resource ----

    def resource_files(self, iri: str) -> dict[str, bytes]:
        """The page of ``iri`` and its data files: ``id/x/y.html``, ``.ttl``, ``.jsonld``, ``.rdf``, ``.nt``."""
        path, quads = self.index.paths[iri], MemoryView(self.index.quads[iri])
        context = jsonld_context(quads, self.prefixes)
        data = {ext: self.serialize(quads, ext, context) for ext in DATA_EXTENSIONS}
        pages, kind = self.pages, self.pages.kind(iri)
        html = self.render(f"{path}.html", "resource.html", r=pages.resource(iri), alternates=pages.alternates(iri),
                           jsonld=script_json(data["jsonld"]), kind=kind, query=self.query_behind(iri, f"{path}.html"),
                           cluster=pages.cluster(iri) if kind == "cluster" else None,
                           node=pages.node(iri) if kind == "node" else None)
        return {f"{path}.html": html, **{f"{path}.{ext}": body for ext, body in data.items()}}

    def serialize(self, quads, extension: str, context: dict) -> bytes:
        format = {"ttl": "turtle", "jsonld": "jsonld", "rdf": "rdfxml", "nt": "ntriples"}[extension]
        return writers.serialize(quads, format, prefixes=self.prefixes,
                                 context=context if format == "jsonld" else None)

    def query_behind(self, iri: str, page: str) -> str | None:
        """The editor link to the stored query behind a cluster's, lever's, place's or entity's page."""
        from clusterkg.web.sitenav import PAGE_PARAM, QUERY_BEHIND, editor_link

        types = set(self.index.types(iri))
        key = ("cluster" if GROW.Cluster in types else "lever" if GROW.Lever in types
               else "place" if GROW.Place in types
               else "entity" if types & {GROW.Organisation, GROW.Asset, GROW.Programme, GROW.Event} else None)
        return editor_link(page, QUERY_BEHIND[key], {PAGE_PARAM[key]: iri}) if key else None

    # -- The ontology and the index of resources ----

    def ontology_files(self) -> dict[str, bytes]:
        context = jsonld_context(self.ontology, self.prefixes)
        data = {ext: self.serialize(self.ontology, ext, context) for ext in DATA_EXTENSIONS}
        groups = _ontology_groups(self.ontology, self.ontology_iri)
        alternates = [{"href": f"def.{ext}", "type": EXTENSION_TYPES[ext].media_type,
                       "label": EXTENSION_TYPES[ext].label} for ext in DATA_EXTENSIONS]
        index = SiteIndex.build(self.ontology, self.base)
        pages = Pages(index, self.terms)
        rendered = [{"heading": heading, "terms": [
            {"id": _local(t), "iri": t, "name": self.terms.get(t, _local(t)),
             "facts": pages.resource_facts(t, "def.html")} for t in terms]} for heading, terms in groups]
        html = self.render("def.html", "ontology.html", groups=rendered, iri=self.ontology_iri,
                           title=index.name(self.ontology_iri), alternates=alternates,
                           jsonld=script_json(data["jsonld"]), pylode_page=self.pylode_page)
        return {"def.html": html, **{f"def.{ext}": body for ext, body in data.items()}}

    def names_json(self) -> bytes:
        """``names.json``: every named thing of the site with its names, for ``assets/names.js``."""
        from clusterkg.query.engine import LocalEngine
        from clusterkg.query.namelookup import index_json
        from clusterkg.query.params import NAMED_CLASSES, name_index

        classes = [self.rebaser.iri(c) for c in NAMED_CLASSES]  # where --ontology-iri moved them
        data = index_json(name_index(LocalEngine(self.store), classes))
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")

    def resources_page(self) -> bytes:
        page, index, groups = "resources.html", self.index, []
        for heading, cls in INDEX_KINDS:
            found = [i for i in index.by_name(index.instances(cls)) if i in index.paths]
            if not heading and groups:
                groups[-1]["items"] += [self.pages.link(i, page) for i in found]
            elif found:
                groups.append({"heading": heading, "items": [self.pages.link(i, page) for i in found]})
        statements = len([i for i in index.instances(GROW.Statement) if i in index.paths])
        return self.render(page, "resources.html", groups=groups, statements=statements,
                           total=len(index.paths))


def _download_names() -> list[tuple[str, str]]:
    """(format name, file name) of each data download: ``graph.ttl``... as ``export --all`` writes them."""
    from clusterkg.rdfio.export import DATA_STEM, FORMATS, PUBLISHED_FORMATS

    return [(name, f"{DATA_STEM}.{FORMATS[name].extension}") for name in PUBLISHED_FORMATS]


def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from clusterkg.resources import templates_dir

    return Environment(loader=FileSystemLoader(str(templates_dir() / "site")), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                       auto_reload=False)


def script_json(data: bytes | str | dict):
    """JSON to sit inside a ``<script>`` element: no character in it can end the element."""
    from markupsafe import Markup

    if isinstance(data, bytes):
        text = data.decode("utf-8")
    else:
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=1)
    json.loads(text)  # JSON, or fail here
    for ch, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"),
                        ("\u2029", "\\u2029")):
        text = text.replace(ch, escaped)
    return Markup(text)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


def _term_names(ontology: list) -> dict[str, str]:
    """Each term of the ontology -> its rdfs:label."""
    from clusterkg.model.terms import RDFS_LABEL

    names = {}
    for quad in sorted(ontology, key=str):
        if quad.predicate.value == RDFS_LABEL and isinstance(quad.subject, ox.NamedNode):
            names.setdefault(quad.subject.value, quad.object.value)
    return names


def _ontology_groups(ontology: list, ontology_iri: str) -> list[tuple[str, list[str]]]:
    """The ontology's terms by kind: (heading, sorted term IRIs)."""
    kinds = (("Classes", OWL + "Class"), ("Object properties", OWL + "ObjectProperty"),
             ("Datatype properties", OWL + "DatatypeProperty"), ("Annotation properties", OWL + "AnnotationProperty"))
    typed: dict[str, set[str]] = {}
    for quad in ontology:
        if quad.predicate.value == RDF_TYPE and isinstance(quad.subject, ox.NamedNode):
            typed.setdefault(quad.subject.value, set()).add(quad.object.value)
    groups, seen = [("Ontology", [ontology_iri])], {ontology_iri}
    for heading, cls in kinds:
        terms = sorted(t for t, classes in typed.items() if cls in classes and t not in seen)
        seen.update(terms)
        if terms:
            groups.append((heading, terms))
    rest = sorted(t for t in typed if t not in seen and (t.startswith(ONTOLOGY_NS) or t.startswith(ONTOLOGY_IRI)))
    if rest:
        groups.append(("Other terms", rest))
    return groups


def w3id_htaccess(site_url: str, downloads: bool = False) -> bytes:
    """The redirect rules a w3id.org pull request for ``wmgrowth`` would add, sending each IRI under
    ``id/`` and ``def`` to its page or data file on the site published at ``site_url``; ``downloads``
    (a publication folder) also sends ``download/FILE``, the default download links, to the file."""
    from clusterkg.values import WEB, check_iri

    site_url = check_iri(site_url, "site URL", schemes=WEB, ends_with=("/",))
    return _environment().get_template("w3id.htaccess").render(site=site_url, rules=w3id_rules(),
                                                                   downloads=downloads).encode("utf-8")


def site_files(kg, options: PublicationOptions | None = None, *, views: bool = True,
               site_url: str | None = None, pylode_page: str | None = None,
               downloads: dict[str, bytes] | None = None, changes: list | None = None, **settings) -> dict[str, bytes]:
    """Every file of the site (site path -> bytes) for ``kg`` (a :class:`~clusterkg.KnowledgeGraph`);
    ``views`` adds the network views, ``site_url`` (where the site is published) the w3id rules,
    ``w3id.htaccess``; ``pylode_page`` links the ontology page to pyLODE's page of the same ontology
    (written beside the site by ``export --all``); ``downloads``, the publication's files beside the site
    (the data page lists them; without them the site carries its own ``graph.ttl``...); ``changes`` (the outline of
    :func:`clusterkg.editions.report.outline`) adds the page of what changed since the previous edition."""
    options = PublicationOptions.make(options, **settings)
    if site_url is not None:
        w3id_htaccess(site_url)  # a bad URL fails before any work
    return SiteBuilder(kg, options, views, site_url, pylode_page, downloads=downloads,
                       changes=changes).files()


def write_site(kg, directory, options: PublicationOptions | None = None, *, views: bool = True,
               site_url: str | None = None, **settings) -> list[Path]:
    """Write the site into ``directory``, whole or not at all (see :func:`clusterkg.outputs.write_folder`);
    returns the paths written."""
    from clusterkg.outputs import write_folder

    files = site_files(kg, options, views=views, site_url=site_url, **settings)
    if not files:
        raise ClusterKGError("the site has no files")
    write_folder(directory, files, made_by="'site'")
    return [Path(directory) / name for name in files]
