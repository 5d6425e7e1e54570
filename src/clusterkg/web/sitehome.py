"""The site's front door and the pages that lead everywhere: the home page (when the views, whose
overview is the home page, are left out), a list per kind (``id/cluster/index.html``...), the data
page (``data.html``, each download with its format, size, SHA-256 and licence, how to cite, the SPARQL
endpoint), the about page (``about.html``: the source page, how the graph was made, the quality notes,
the licence), and a folder page beside each resource for plain static hosts.

A static host (``python -m http.server``, GitHub Pages, S3) answers ``/id/cluster/aerospace`` with the
folder ``id/cluster/aerospace/`` when there is one: so each resource has a folder whose ``index.html``
sends the visitor on to the page ``../aerospace.html`` (an immediate refresh and a link), and ``/def``
the folder ``def/``. The Apache and w3id.org rules, and ``clusterkg serve``, negotiate first and never
reach these folders.
"""

from __future__ import annotations

import hashlib

from clusterkg.model.terms import DCTERMS, GROW
from clusterkg.web.siteindex import relative
from clusterkg.web.sitenav import QUERY_BEHIND, editor_link

DCAT_CATALOG = "http://www.w3.org/ns/dcat#Catalog"
# the list pages: (site path, heading, [(sub-heading, class)], the stored query behind the list)
LISTS = (("id/cluster/index.html", "Clusters", (("", GROW.Cluster),), "clusters"),
         ("id/place/index.html", "Places", (("", GROW.Place),), "shared-places"),
         ("id/lever/index.html", "Levers", (("", GROW.Lever),), "lever-reach"),
         ("id/organisation/index.html", "Organisations and assets",
          (("Organisations", GROW.Organisation), ("Assets", GROW.Asset), ("Programmes", GROW.Programme),
           ("Events", GROW.Event)), "shared-entities"))
LIST_INTRO = {"Clusters": "The clusters of the plan, each with its growth figures, what its profile says "
                          "and what it shares with the others.",
              "Places": "The places the profiles name, each with the clusters located there and the bullets "
                        "behind each link.",
              "Levers": "The plan's levers, each with the clusters that use it and the bullets that name it.",
              "Organisations and assets": "The organisations, assets, programmes and events the profiles "
                                          "name, each with the clusters that involve or mention it."}
OTHER_FILES = (("void.ttl", "VoID and DCAT description of the dataset, in Turtle"),
               ("catalog.rdf", "DCAT catalogue of the dataset, in RDF/XML, for harvesters"),
               ("clusterkg.ttl", "The ontology (OWL, Turtle)"), ("shapes.ttl", "The SHACL shapes the data meets"),
               ("ontology.html", "The ontology's documentation, by pyLODE"),
               ("queries.ttl", "The stored queries as data (SHACL SPARQL executables)"),
               ("def.ttl", "The ontology as the site serves it (Turtle)"), ("SHA256SUMS", "Checksums of every file"))


def human_size(size: int) -> str:
    """A byte count as people read it: ``850 bytes``, ``12.4 kB``, ``1.2 MB`` (powers of 1,000)."""
    if size < 1000:
        return f"{size:,} bytes"
    for unit, scale in (("kB", 1000), ("MB", 1000 ** 2), ("GB", 1000 ** 3)):
        if size < scale * 1000 or unit == "GB":
            return f"{size / scale:,.1f} {unit}"
    raise AssertionError("unreachable")


class FrontDoor:
    """The pages of this module for one :class:`~clusterkg.web.site.SiteBuilder`."""

    def __init__(self, builder):
        self.builder, self.index, self.pages = builder, builder.index, builder.pages

    def files(self, present: set[str]) -> dict[str, bytes]:
        """Every page of this module; ``present``: the site paths of every other file of the site."""
        b, files = self.builder, {}
        for path, heading, groups, query in LISTS:
            files[path] = b.render(path, "list.html", heading=heading, intro=LIST_INTRO[heading],
                                   groups=self.list_groups(path, groups), query=editor_link(path, query))
        files["data.html"] = self.data_page(present)
        files["about.html"] = self.about_page()
        if "index.html" not in present:
            files["index.html"] = b.render("index.html", "home.html", ways=self.ways_in("index.html"))
        taken = set(present) | set(files)
        for iri, path in sorted(self.index.paths.items()):
            stub = f"{path}/index.html"
            if stub not in taken:
                files[stub] = b.render(stub, "folder.html", target="../" + path.rsplit("/", 1)[-1] + ".html",
                                       name=self.index.name(iri))
        files["def/index.html"] = b.render("def/index.html", "folder.html", target="../def.html", name="The ontology")
        return files

    def ways_in(self, page: str) -> dict:
        """The home page's two sentences' links: where a visitor starts."""
        targets = {"clusters": "id/cluster/index.html", "places": "id/place/index.html",
                   "levers": "id/lever/index.html", "entities": "id/organisation/index.html",
                   "queries": "queries/index.html", "editor": "query.html",
                   "data": "data.html", "about": "about.html", "resources": "resources.html"}
        return {key: relative(target, page) for key, target in targets.items()}

    def list_groups(self, page: str, groups) -> list[dict]:
        index = self.index
        found = []
        for heading, cls in groups:
            items = [self.pages.link(i, page) for i in index.by_name(index.instances(cls)) if i in index.paths]
            if items:
                found.append({"heading": heading, "items": items})
        return found

    # -- The data page ----

    def dataset(self) -> tuple[str | None, dict]:
        """The dataset's IRI and what the data page says of it (title, description, licence, publisher)."""
        from clusterkg.rdfio.export import dataset_iri

        iri = dataset_iri(self.builder.kg.store, self.builder.options.base_iri)
        value = lambda p: self.index.value(iri, p)  # noqa: E731
        facts = {key: (value(DCTERMS + term).value if value(DCTERMS + term) is not None else None)
                 for key, term in (("title", "title"), ("description", "description"), ("license", "license"),
                                   ("issued", "issued"), ("modified", "modified"), ("publisher", "publisher"))}
        return iri, facts

    def data_page(self, present: set[str]) -> bytes:
        b, page = self.builder, "data.html"
        iri, facts = self.dataset()
        downloads = b.downloads
        distributions = []
        for fmt, filename in b.data_formats():
            data = downloads[filename]
            distributions.append({"href": filename, "format": fmt.label, "media_type": fmt.media_type,
                                  "size": human_size(len(data)), "bytes": f"{len(data):,}",
                                  "sha256": hashlib.sha256(data).hexdigest()})
        others = []
        for filename, text in OTHER_FILES:
            data = downloads.get(filename) if filename in downloads else None
            if data is not None or filename in present:
                others.append({"href": filename, "text": text,
                               "size": human_size(len(data)) if data and not filename.endswith(".html") else None})
        licence = self.pages.link(facts["license"], page) if facts["license"] else None
        publisher = self.pages.link(facts["publisher"], page) if facts["publisher"] else None
        year = (facts["issued"] or facts["modified"] or "")[:4] or None
        catalogues = [self.pages.link(c, page) for c in self.index.by_name(self.index.instances(DCAT_CATALOG))]
        # what each file's dcterms:rights says (the dataset's licence, the source page's note)
        statements = self.index.by_name(self.index.instances(DCTERMS + "RightsStatement"))
        rights = [self.pages.link(r, page) for r in statements if self.index.page(r)]
        return b.render(page, "data.html", facts=facts, rights=rights,
                        dataset_page=self.pages.link(iri, page) if iri else None,
                        iri=iri, licence=licence, publisher=publisher, year=year, distributions=distributions,
                        others=others, endpoint=b.endpoint_shown(), editor=relative("query.html", page),
                        catalogues=catalogues, resources=relative("resources.html", page))

    # -- The about page ----

    def about_page(self) -> bytes:
        b, page, index = self.builder, "about.html", self.index
        sources = [self.pages.link(s, page) for s in index.by_name(index.instances(GROW.SourceDocument))]
        homepages = [o.value for s in index.instances(GROW.SourceDocument)
                     for o in index.values(s, "http://xmlns.com/foaf/0.1/homepage")]
        notes = []
        for subject in index.by_name(i for i in index.outgoing if index.values(i, GROW.qualityNote)):
            for note in index.values(subject, GROW.qualityNote):
                notes.append({"link": self.pages.link(subject, page), "text": note.value})
        _, facts = self.dataset()
        licence = self.pages.link(facts["license"], page) if facts["license"] else None
        return b.render(page, "about.html", sources=sources, homepages=sorted(set(homepages)), notes=notes,
                        licence=licence, notes_query=editor_link(page, QUERY_BEHIND["notes"]),
                        data=relative("data.html", page), ontology=relative("def.html", page),
                        queries=relative("queries/index.html", page), resources=relative("resources.html", page))
