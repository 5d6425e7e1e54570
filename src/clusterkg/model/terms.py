"""The clusterkg vocabulary (``grow:``) and the IRIs of the things it describes, as plain strings.

This module imports nothing heavy, so the query path (``clusterkg query``) stays fast; ``GROW.x`` for a
term the ontology does not define fails at once (``AttributeError``). :mod:`clusterkg.model.vocab` offers
the same terms as an rdflib ``DefinedNamespace``; a test checks both against ``ontology/clusterkg.ttl``.
"""

from __future__ import annotations

ONTOLOGY_IRI = "https://w3id.org/wmgrowth/def"
ONTOLOGY_NS = ONTOLOGY_IRI + "#"
BASE_IRI = "https://w3id.org/wmgrowth/"
ID = BASE_IRI + "id/"
STATGEO = "http://statistics.data.gov.uk/id/statistical-geography/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
RDF_TYPE = RDF + "type"
RDFS_LABEL = RDFS + "label"

CLASSES = (
    "Plan", "Cluster", "GrowthOpportunity", "Place", "Organisation", "Asset", "Programme", "Event", "Lever",
    "Benchmark", "Statement", "Driver", "Leadership", "Strength", "Action", "LocationStatement",
    "LeverStatement", "SourceDocument",
)
PROPERTIES = (
    # cluster
    "partOfPlan", "hasGrowthOpportunity", "locatedIn", "usesLever", "hasStatement", "involves", "ledBy",
    "hasAsset", "shortName",
    # growth opportunity
    "minOutputGBP", "maxOutputGBP", "minJobs", "maxJobs", "benchmark", "targetYear",
    # statements and provenance
    "text", "sourceLine", "position", "mentions", "qualityNote",
    # places
    "gssCode",
    # assets
    "sitedAt",
)


class Vocabulary:
    """Terms of one namespace as attributes holding their IRI (``GROW.Cluster``); unknown names fail."""

    def __init__(self, namespace: str, names):
        object.__setattr__(self, "_namespace", namespace)
        object.__setattr__(self, "_names", tuple(names))
        for name in self._names:
            object.__setattr__(self, name, namespace + name)

    def __getattr__(self, name: str) -> str:
        raise AttributeError(f"'{name}' is not a term of <{self._namespace}>")

    def __setattr__(self, name, value):
        raise AttributeError("a vocabulary cannot be changed")

    def __iter__(self):
        return iter(self._names)

    def __contains__(self, iri) -> bool:
        return isinstance(iri, str) and iri.startswith(self._namespace) and iri[len(self._namespace):] in self._names

    @property
    def namespace(self) -> str:
        return self._namespace


GROW = Vocabulary(ONTOLOGY_NS, CLASSES + PROPERTIES)

# Statement classes by the profile section they come from, in page order.
SECTION_CLASSES = {
    "drivers": GROW.Driver,
    "places": GROW.LocationStatement,
    "leadership": GROW.Leadership,
    "strengths": GROW.Strength,
    "actions": GROW.Action,
    "levers": GROW.LeverStatement,
}

# The path segment of a statement IRI, ``id/cluster/{slug}/{segment}/{n}``.
SECTION_SEGMENTS = {
    "drivers": "driver",
    "places": "location",
    "leadership": "leadership",
    "strengths": "strength",
    "actions": "action",
    "levers": "lever-use",
}

# Entity types of data/entities.yaml and their class.
ENTITY_CLASSES = {
    "organisation": GROW.Organisation,
    "asset": GROW.Asset,
    "programme": GROW.Programme,
    "event": GROW.Event,
}

PLAN = ID + "plan/plan-for-growth"
SOURCE = ID + "source/cluster-growth-profiles"
DATASET = ID + "dataset/cluster-growth-profiles"
LEVER_SCHEME = ID + "scheme/levers"
BENCHMARK_SCHEME = ID + "scheme/benchmarks"

# The prefixes written into Turtle and offered to queries.
PREFIXES = {
    "grow": ONTOLOGY_NS,
    "cluster": ID + "cluster/",
    "place": ID + "place/",
    "organisation": ID + "organisation/",
    "asset": ID + "asset/",
    "programme": ID + "programme/",
    "event": ID + "event/",
    "lever": ID + "lever/",
    "benchmark": ID + "benchmark/",
    "org": ORG,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}


def cluster_iri(slug: str) -> str:
    return f"{ID}cluster/{slug}"


def growth_iri(slug: str) -> str:
    return f"{ID}cluster/{slug}/growth-opportunity"


def statement_iri(slug: str, section: str, n: int) -> str:
    return f"{ID}cluster/{slug}/{SECTION_SEGMENTS[section]}/{n}"


def place_iri(slug: str) -> str:
    return f"{ID}place/{slug}"


def entity_iri(kind: str, slug: str) -> str:
    return f"{ID}{kind}/{slug}"


def lever_iri(slug: str) -> str:
    return f"{ID}lever/{slug}"


def benchmark_iri(slug: str) -> str:
    return f"{ID}benchmark/{slug}"


def plan_iri(slug: str) -> str:
    return f"{ID}plan/{slug}"


def source_iri(slug: str) -> str:
    return f"{ID}source/{slug}"


def node_id(iri: str) -> str:
    """The short id of a resource, its IRI path under ``id/`` (``lever/early-growth-fund``)."""
    return iri[len(ID):] if iri.startswith(ID) else iri


def dataset_iri(source_documents, base_iri: str | None = None) -> str:
    """``{base}id/dataset/{slug}``: the dataset (and the TriG graph and pushed graph that hold its data),
    named after its source document (the first, sorted; ``clusterkg`` when it names none). ``export``, the
    publication folder, the site and ``push`` all name a dataset by this."""
    documents = sorted(source_documents)
    slug = documents[0].rstrip("/").rsplit("/", 1)[-1] if documents else "clusterkg"
    return f"{(base_iri + 'id/') if base_iri else ID}dataset/{slug}"


PUSH_STAGING_MARK = "clusterkg-push-"


def staging_prefix(target: str) -> str:
    """The start of the IRIs of a push's staging graphs for the graph ``target``."""
    return target + ("-" if "#" in target else "#") + PUSH_STAGING_MARK


def staging_token(now: float) -> str:
    """The end of one push's staging graph IRIs: its UTC start time (read back to tell a stale staging
    graph from a live one) and a random part."""
    import secrets
    import time

    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now)) + "-" + secrets.token_hex(4)
