"""One IRI minter (clusterkg.model.terms): export and push name the dataset of any data alike."""

from __future__ import annotations

import pyoxigraph as ox

from clusterkg import KnowledgeGraph
from clusterkg.model.terms import DATASET, GROW, ID, RDF_TYPE, dataset_iri, staging_prefix
from clusterkg.rdfio.export import PublicationOptions, prepare
from clusterkg.remote.payload import payloads


def a_graph_of(source_document: str) -> KnowledgeGraph:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode(source_document), ox.NamedNode(RDF_TYPE), ox.NamedNode(GROW.SourceDocument)))
    return KnowledgeGraph(store)


def test_export_and_push_name_the_dataset_of_other_data_alike():
    kg = a_graph_of("https://example.org/pages/my-page")
    expected = ID + "dataset/my-page"
    assert prepare(kg, PublicationOptions()).dataset == expected
    [load] = payloads(kg, None, explicit_target=False)
    assert load.graph == expected


def test_the_embedded_data_keeps_its_dataset_iri(real_store):
    [load] = payloads(KnowledgeGraph(real_store), None, explicit_target=False)
    assert load.graph == DATASET == ID + "dataset/cluster-growth-profiles"


def test_the_minted_forms():
    assert dataset_iri([]) == ID + "dataset/clusterkg"
    assert dataset_iri(["urn:b/two", "urn:a/one/"], "https://data.example.org/") == \
        "https://data.example.org/id/dataset/one"
    assert staging_prefix("urn:g") == "urn:g#clusterkg-push-"
    assert staging_prefix("urn:g#x") == "urn:g#x-clusterkg-push-"
