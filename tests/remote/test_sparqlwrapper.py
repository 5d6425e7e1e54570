"""SPARQLWrapper and our stored queries: it guesses each file's query form right (it reads a keyword anywhere
in the text, comments half stripped: "additional" was once read as the update ADD), and, against a real
`oxigraph serve`, gives the CLI's rows for every stored query as its file stands. test_serve.py and
test_virtuoso.py run the same on `clusterkg serve` and Virtuoso."""

from __future__ import annotations

import pytest

import clusterkg
from clusterkg import KnowledgeGraph
from clusterkg.query.sparql import query_form
from clusterkg.remote.endpoint import DATASET_IRI
from clusterkg.remote.push import push
from tests.servers import Oxigraph
from tests.sparqlclient import PARAMS, guessed_form, same_rows_as_the_cli

STORED = [*clusterkg.list_queries(), *clusterkg.list_checks()]


@pytest.mark.parametrize("stored", STORED, ids=[q.name for q in STORED])
def test_sparqlwrapper_guesses_the_form_of_every_stored_query(stored):
    assert guessed_form(stored.text) == query_form(stored.text) == "SELECT"


def test_the_guess_is_tripped_by_a_keyword_in_a_comment():
    # the fault the check above guards against: SPARQLWrapper 2.0.0 keeps every second comment line
    assert guessed_form("#+ summary: s\n#+ description: the additional output\nSELECT * WHERE { }") == "ADD"


def test_every_param_of_the_sample_is_a_declared_one():
    declared = {q.name: {p.name for p in q.params} for q in clusterkg.list_queries() if q.params}
    assert {name: set(params) for name, params in PARAMS.items()} == declared


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    running = Oxigraph(tmp_path_factory.mktemp("oxigraph")).start()
    kg = KnowledgeGraph.from_data()
    push(kg, running.url, progress=False)
    yield kg, running
    running.stop()


@pytest.mark.parametrize("stored", clusterkg.list_queries(), ids=[q.name for q in clusterkg.list_queries()])
def test_sparqlwrapper_gets_the_clis_rows_from_oxigraph_server(oxigraph, stored):
    kg, server = oxigraph
    same_rows_as_the_cli(kg, stored, server.url, default_graph=DATASET_IRI)
