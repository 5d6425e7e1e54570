"""The spatial coverage of the dataset description: every district the data names, each with its box,
and one location whose box covers them all (the facts are in :mod:`clusterkg.rdfio.portal_terms`)."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS

from clusterkg.model.vocab import STATGEO
from clusterkg.rdfio.portal_terms import DISTRICT_BOXES, DISTRICTS_BOX, DISTRICTS_BOX_SOURCE, GSP, wkt_box


def coverage_iri(dataset: URIRef) -> URIRef:
    """The location that covers every district of ``dataset`` (the catalogue's spatial coverage too)."""
    return URIRef(f"{dataset}/spatial-coverage")


def add_spatial(desc) -> None:
    """Spatial coverage: every district of the data (a place with ``owl:sameAs`` its ONS
    statistical-geography IRI), and one location whose bounding box covers them all, naming the
    boundaries it was measured on (:data:`~clusterkg.rdfio.portal_terms.DISTRICTS_BOX`)."""
    graph, coverage = desc.graph, coverage_iri(desc.dataset)
    districts = sorted((o, s) for s, o in graph.subject_objects(OWL.sameAs)
                       if str(o).startswith(str(STATGEO)) and (s, RDF.type, desc.grow.Place) in graph)
    for area, place in districts:
        desc.add((desc.dataset, DCTERMS.spatial, area), (area, RDF.type, DCTERMS.Location),
                 (area, RDFS.label, Literal(desc.label(place), lang="en")))
        box = DISTRICT_BOXES.get(str(area).removeprefix(str(STATGEO)))
        if box:
            desc.add((area, DCAT.bbox, Literal(wkt_box(*box), datatype=GSP.wktLiteral)))
    source, source_title = DISTRICTS_BOX_SOURCE
    desc.add((desc.dataset, DCTERMS.spatial, coverage), (coverage, RDF.type, DCTERMS.Location),
             (coverage, RDFS.label, Literal(f"The {len(districts)} local authority districts the profiles name",
                                            lang="en")),
             (coverage, DCAT.bbox, Literal(wkt_box(*DISTRICTS_BOX), datatype=GSP.wktLiteral)),
             (coverage, DCTERMS.source, URIRef(source)), (URIRef(source), RDFS.label, Literal(source_title)))
