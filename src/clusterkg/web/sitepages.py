"""What each page of the web site shows, worked out from the :class:`~clusterkg.web.siteindex.SiteIndex`:
plain dicts for the templates, every link already relative to the page that holds it.

Every page lists the resource's statements and what links to it. A cluster's page adds its figures,
its bullets section by section with their source lines, and its places, levers and entities with the
other clusters of its plan that share each; a lever's, place's or entity's page adds the clusters
linked to it and, for each, the bullets behind the link.
"""

from __future__ import annotations

import functools

import pyoxigraph as ox

from clusterkg.model.terms import GROW, ONTOLOGY_NS, PROV, RDF_TYPE, SECTION_CLASSES, XSD
from clusterkg.query.presentation import PROPERTY_KINDS, money
from clusterkg.query.resultcells import INTEGER_TYPES
from clusterkg.query.results import prefixed_name
from clusterkg.query.tables import display
from clusterkg.web.siteindex import SiteIndex, relative

INBOUND_SHOWN = 100  # links to a resource listed per property; the rest are counted (the SPARQL page has them all)
SECTION_TITLES = {"drivers": "Drivers", "places": "Places", "leadership": "Leadership",
                  "strengths": "Strengths and assets", "actions": "Actions", "levers": "Levers"}
NODE_CLASSES = (GROW.Lever, GROW.Place, GROW.Organisation, GROW.Asset, GROW.Programme, GROW.Event)
# what a cluster links to, as the cluster page groups it: (heading, predicate)
CLUSTER_LINKS = (("Places", GROW.locatedIn), ("Levers", GROW.usesLever),
                 ("Organisations, assets, programmes and events", GROW.involves))
LINK_WORDS = {GROW.locatedIn: "located in", GROW.usesLever: "uses lever", GROW.involves: "involves",
              GROW.ledBy: "led by", GROW.hasAsset: "has asset"}


class Pages:
    """Builds page contexts for one site: ``index`` holds the graph, ``terms`` the ontology's names."""

    def __init__(self, index: SiteIndex, terms: dict[str, str], ontology_page: str = "def.html"):
        self.index, self.terms, self.ontology_page = index, terms, ontology_page

    # -- Links and values ----

    def link(self, iri: str, page: str) -> dict:
        """A resource as a link from ``page``: its name, and a relative ``href`` if it has a page."""
        target = self.index.page(iri)
        if target is None and iri.startswith(ONTOLOGY_NS):
            target = f"{self.ontology_page}#{iri[len(ONTOLOGY_NS):]}"
        href = relative(target, page) if target else None
        name = self.terms.get(iri) or self.index.name(iri)
        return {"text": name if name != iri else prefixed_name(iri), "href": href, "iri": iri,
                "external": href is None and iri.startswith(("http://", "https://"))}

    def term(self, term, page: str) -> dict:
        if isinstance(term, ox.NamedNode):
            return self.link(term.value, page)
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value if term.datatype and not term.language else None
            shown = None if datatype in (None, XSD + "string") else prefixed_name(datatype)
            return {"text": term.value, "datatype": shown, "lang": term.language}
        members = self.index.members(term.value) if isinstance(term, ox.BlankNode) else None
        if members is not None:
            return {"union": [self.link(m, page) for m in members], "text": "", "datatype": None, "lang": None}
        return {"text": "(a blank node)", "datatype": None, "lang": None}

    def predicate(self, iri: str, page: str) -> dict:
        found = self.link(iri, page)
        found["code"] = prefixed_name(iri)
        return found

    # -- Every page ----

    def resource(self, iri: str) -> dict:
        """The part every resource page shares: name, classes, statements and inbound links."""
        index, page = self.index, self.index.page(iri)
        facts = self.resource_facts(iri, page, types=False)
        inbound = []
        for p, subjects in sorted(index.inbound.get(iri, {}).items(), key=lambda kv: prefixed_name(kv[0])):
            shown = index.by_name(subjects)[:INBOUND_SHOWN]
            inbound.append({"predicate": self.predicate(p, page), "subjects": [self.link(s, page) for s in shown],
                            "more": len(subjects) - len(shown)})
        return {"iri": iri, "name": index.name(iri), "page": page, "path": index.paths[iri],
                "types": [self.link(t, page) for t in index.types(iri)], "facts": facts, "inbound": inbound,
                "notes": [o.value for o in index.values(iri, GROW.qualityNote)]}

    def resource_facts(self, iri: str, page: str, types: bool = True) -> list[dict]:
        """Each property of ``iri`` (by prefixed name) with its values, as seen from ``page``."""
        return [{"predicate": self.predicate(p, page), "values": self.values(p, objects, page)}
                for p, objects in sorted(self.index.outgoing.get(iri, {}).items(), key=lambda kv: prefixed_name(kv[0]))
                if types or p != RDF_TYPE]

    def values(self, predicate: str, objects, page: str) -> list[dict]:
        """The values of one property, numbers shown as the CLI shows them (£80m, 11,200; a line or year
        bare), each literal's lexical form kept as ``raw``."""
        kind = PROPERTY_KINDS.get(predicate) or ("count" if objects and all(
            isinstance(o, ox.Literal) and o.datatype.value in INTEGER_TYPES for o in objects) else "text")
        found = [self.term(o, page) for o in objects]
        if kind in ("money", "count", "number"):
            for value, term in zip(found, objects):
                value.update(text=display(term, {}, kind), raw=term.value)
        return found

    def kind(self, iri: str) -> str:
        """Which special part a page has: ``cluster``, ``node`` (lever, place, entity) or none."""
        types = set(self.index.types(iri))
        if GROW.Cluster in types:
            return "cluster"
        return "node" if types & set(NODE_CLASSES) else ""

    # -- A cluster ----

    def cluster(self, iri: str) -> dict:
        page = self.index.page(iri)
        return {"figures": self.figures(iri, page), "sections": self.sections(iri, page),
                "groups": [self.link_group(iri, heading, predicate, page) for heading, predicate in CLUSTER_LINKS],
                "plans": [self.link(p, page) for p in self.index.iris(iri, GROW.partOfPlan)]}

    def figures(self, cluster: str, page: str) -> list[dict]:
        """The growth opportunity of ``cluster`` (one dict each; a cluster of the page has one)."""
        index, found = self.index, []
        for growth in index.iris(cluster, GROW.hasGrowthOpportunity):
            number = functools.partial(index.value, growth)
            low, high = number(GROW.minOutputGBP), number(GROW.maxOutputGBP)
            jobs_low, jobs_high = number(GROW.minJobs), number(GROW.maxJobs)
            year, line, text = number(GROW.targetYear), number(GROW.sourceLine), number(GROW.text)
            found.append({
                "link": self.link(growth, page),
                "output": _span(low, high, lambda v: money(_decimal(v))),
                "jobs": _span(jobs_low, jobs_high, lambda v: f"{int(v.value):,}"),
                "benchmarks": [self.link(b, page) for b in index.iris(growth, GROW.benchmark)],
                "year": year.value if year is not None else None,
                "line": line.value if line is not None else None,
                "text": text.value if text is not None else None,
            })
        return found

    def sections(self, cluster: str, page: str) -> list[dict]:
        """The cluster's bullets, section by section in page order, each in its own order."""
        index = self.index
        statements = index.iris(cluster, GROW.hasStatement)
        sections = []
        for section, cls in SECTION_CLASSES.items():
            chosen = [s for s in statements if index.is_a(s, cls)]
            chosen.sort(key=lambda s: (_integer(index.value(s, GROW.position)), s))
            if chosen:
                sections.append({"title": SECTION_TITLES[section], "id": section,
                                 "bullets": [self.bullet(s, page) for s in chosen]})
        return sections

    def bullet(self, statement: str, page: str, section: bool = False) -> dict:
        index = self.index
        text, line = index.value(statement, GROW.text), index.value(statement, GROW.sourceLine)
        link = self.link(statement, page)
        if statement.startswith(self.index.base):  # "driver 1", not the cluster's name again
            link["text"] = " ".join(statement.rsplit("/", 2)[-2:])
        found = {"link": link, "text": text.value if text is not None else "",
                 "line": line.value if line is not None else None,
                 "mentions": [self.link(m, page) for m in index.by_name(index.iris(statement, GROW.mentions))],
                 "notes": [o.value for o in index.values(statement, GROW.qualityNote)]}
        if section:
            found["section"] = next((SECTION_TITLES[name] for name, cls in SECTION_CLASSES.items()
                                     if index.is_a(statement, cls)), "")
        return found

    def link_group(self, cluster: str, heading: str, predicate: str, page: str) -> dict:
        """What ``cluster`` links to by ``predicate``, each with the other clusters of its plans that do too."""
        index = self.index
        plans = set(index.iris(cluster, GROW.partOfPlan))
        items = []
        for node in index.by_name(index.iris(cluster, predicate)):
            others = [c for c in index.subjects(predicate, node)
                      if c != cluster and plans & set(index.iris(c, GROW.partOfPlan))]
            items.append({"link": self.link(node, page), "shared": [self.link(c, page) for c in index.by_name(others)]})
        return {"heading": heading, "items": items, "predicate": self.predicate(predicate, page)}

    # -- A lever, place or entity ----

    def node(self, iri: str) -> dict:
        """The clusters linked to ``iri`` and, for each, how (the properties) and the bullets behind it."""
        index, page = self.index, self.index.page(iri)
        how: dict[str, set[str]] = {}
        for predicate in LINK_WORDS:
            for cluster in index.subjects(predicate, iri):
                how.setdefault(cluster, set()).add(LINK_WORDS[predicate])
        bullets: dict[str, list[str]] = {}
        for statement in index.subjects(GROW.mentions, iri):
            for cluster in index.subjects(GROW.hasStatement, statement):
                bullets.setdefault(cluster, []).append(statement)
                how.setdefault(cluster, set())
        clusters = []
        for cluster in index.by_name(how):
            said = sorted(bullets.get(cluster, ()), key=lambda s: (_integer(index.value(s, GROW.sourceLine)), s))
            clusters.append({"link": self.link(cluster, page), "how": sorted(how[cluster]) or ["mentioned in a bullet"],
                             "bullets": [self.bullet(s, page, section=True) for s in said]})
        return {"clusters": clusters}

    def alternates(self, iri: str) -> list[dict]:
        """The data files beside the page, as links from it."""
        from clusterkg.web.conneg import EXTENSION_TYPES

        path = self.index.paths[iri]
        name = path.rsplit("/", 1)[-1]
        return [{"href": f"{name}.{ext}", "type": EXTENSION_TYPES[ext].media_type, "label": EXTENSION_TYPES[ext].label}
                for ext in EXTENSION_TYPES if ext != "html"]

    def derived_from(self, iri: str) -> list[dict]:
        page = self.index.page(iri)
        return [self.link(s, page) for s in self.index.iris(iri, PROV + "wasDerivedFrom")]


def _integer(term) -> int:
    try:
        return int(term.value)
    except (AttributeError, ValueError):
        return 0


def _decimal(term):
    from decimal import Decimal

    return Decimal(term.value)


def _span(low, high, shown) -> str | None:
    """``low–high`` as the page writes it (one value alone if the other is missing or the same)."""
    if low is None and high is None:
        return None
    if low is None or high is None or low.value == high.value:
        return shown(low if low is not None else high)
    return f"{shown(low)}–{shown(high)}"
