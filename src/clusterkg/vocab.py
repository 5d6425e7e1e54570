"""The clusterkg vocabulary (``grow:``) and the IRIs of the things it describes.

``GROW`` fails at import time on a misspelt term (``_fail = True``); a test checks that
it and ``ontology/clusterkg.ttl`` define the same terms.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import ORG, DefinedNamespace  # noqa: F401 - ORG is re-exported

ONTOLOGY_IRI = "https://w3id.org/wmgrowth/def"
BASE_IRI = "https://w3id.org/wmgrowth/"
ID = Namespace(BASE_IRI + "id/")
STATGEO = Namespace("http://statistics.data.gov.uk/id/statistical-geography/")


class GROW(DefinedNamespace):
    """Terms of the clusterkg ontology, ``https://w3id.org/wmgrowth/def#``."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes
    Plan: URIRef
    Cluster: URIRef
    GrowthOpportunity: URIRef
    Place: URIRef
    Organisation: URIRef
    Asset: URIRef
    Programme: URIRef
    Event: URIRef
    Lever: URIRef
    Benchmark: URIRef
    Statement: URIRef
    Driver: URIRef
    Leadership: URIRef
    Strength: URIRef
    Action: URIRef
    LocationStatement: URIRef
    LeverStatement: URIRef
    SourceDocument: URIRef

    # cluster properties
    partOfPlan: URIRef
    hasGrowthOpportunity: URIRef
    locatedIn: URIRef
    usesLever: URIRef
    hasStatement: URIRef
    involves: URIRef
    ledBy: URIRef
    hasAsset: URIRef

    # growth opportunity
    minOutputGBP: URIRef
    maxOutputGBP: URIRef
    minJobs: URIRef
    maxJobs: URIRef
    benchmark: URIRef
    targetYear: URIRef

    # statements and provenance
    text: URIRef
    sourceLine: URIRef
    position: URIRef
    mentions: URIRef
    qualityNote: URIRef

    # places
    gssCode: URIRef


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

# Entity types of data/entities.yaml, their class and IRI segment.
ENTITY_CLASSES = {
    "organisation": GROW.Organisation,
    "asset": GROW.Asset,
    "programme": GROW.Programme,
    "event": GROW.Event,
}

PLAN = ID["plan/plan-for-growth"]
SOURCE = ID["source/cluster-growth-profiles"]
LEVER_SCHEME = ID["scheme/levers"]
BENCHMARK_SCHEME = ID["scheme/benchmarks"]


def cluster_iri(slug: str) -> URIRef:
    return ID[f"cluster/{slug}"]


def growth_iri(slug: str) -> URIRef:
    return ID[f"cluster/{slug}/growth-opportunity"]


def statement_iri(slug: str, section: str, n: int) -> URIRef:
    return ID[f"cluster/{slug}/{SECTION_SEGMENTS[section]}/{n}"]


def place_iri(slug: str) -> URIRef:
    return ID[f"place/{slug}"]


def entity_iri(kind: str, slug: str) -> URIRef:
    return ID[f"{kind}/{slug}"]


def lever_iri(slug: str) -> URIRef:
    return ID[f"lever/{slug}"]


def benchmark_iri(slug: str) -> URIRef:
    return ID[f"benchmark/{slug}"]
