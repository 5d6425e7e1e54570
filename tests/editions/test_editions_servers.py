"""Editions on real servers: the SPARQL Update of ``clusterkg diff`` and ``clusterkg push --changes`` turn a
graph holding the old edition into the new one on Oxigraph server and on Virtuoso; a graph that is not
the old edition is refused and left as it was."""

from __future__ import annotations

import pytest

from clusterkg.remote.endpoint import Endpoint
from tests.conftest import run_cli
from tests.editions.test_editions import make_edition
from tests.remote.test_remote import local_triples, one_line_error, triples_on
from tests.remote.test_virtuoso import PUSHER
from tests.servers import Oxigraph, Virtuoso

ROOT_DATA = __import__("pathlib").Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def new_edition(tmp_path_factory):
    return make_edition(tmp_path_factory.mktemp("edition") / "new", ids=True)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    running = Oxigraph(tmp_path_factory.mktemp("oxigraph")).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso")).start()
    server.isql("DB.DBA.USER_CREATE('pusher', 'pw-Pusher-7')", 'GRANT SPARQL_UPDATE TO "pusher"')
    yield server
    server.stop()


def _push_old(url, graph, env=None):
    pushed = run_cli("push", "--endpoint", url, "--graph", graph, "--data", ROOT_DATA, env=env)
    assert pushed.returncode == 0, pushed.stderr


def test_push_changes_on_oxigraph(oxigraph, new_edition):
    graph = "https://example.org/editions/changes"
    _push_old(oxigraph.url, graph)
    result = run_cli("push", "--endpoint", oxigraph.url, "--graph", graph, "--data", new_edition,
                     "--changes", ROOT_DATA)
    assert result.returncode == 0, result.stderr
    assert "26 triples removed, 65 added" in result.stdout  # worked out in test_editions
    assert triples_on(oxigraph.url, graph) == local_triples(new_edition)
    again = run_cli("push", "--endpoint", oxigraph.url, "--graph", graph, "--data", new_edition,
                    "--changes", ROOT_DATA)
    one_line_error(again, "is not that edition", "nothing was sent")
    assert triples_on(oxigraph.url, graph) == local_triples(new_edition)
    staging = Endpoint(oxigraph.url).named_graphs(graph + "#clusterkg-push-")
    assert staging == []


def test_the_sparql_update_on_oxigraph(oxigraph, new_edition, tmp_path):
    graph = "https://example.org/editions/update"
    _push_old(oxigraph.url, graph)
    update = tmp_path / "changes.ru"
    made = run_cli("diff", ROOT_DATA, new_edition, "--format", "sparql-update", "--target-graph", graph,
                   "--output", update)
    assert made.returncode == 1, made.stderr
    Endpoint(oxigraph.url).update(update.read_text(encoding="utf-8"), "test")
    assert triples_on(oxigraph.url, graph) == local_triples(new_edition)


def test_the_sparql_update_and_push_changes_on_virtuoso(virtuoso, new_edition, tmp_path, monkeypatch):
    for key, value in PUSHER.items():
        monkeypatch.setenv(key, value)
    auth = virtuoso.base + "/sparql-auth"
    graph = "https://example.org/editions/virtuoso-update"
    _push_old(auth, graph)
    update = tmp_path / "changes.ru"
    run_cli("diff", ROOT_DATA, new_edition, "--format", "sparql-update", "--target-graph", graph, "--output", update)
    Endpoint(auth).update(update.read_text(encoding="utf-8"), "test")
    assert triples_on(virtuoso.url, graph) == local_triples(new_edition)
    graph = "https://example.org/editions/virtuoso-push"
    _push_old(auth, graph)
    result = run_cli("push", "--endpoint", auth, "--graph", graph, "--data", new_edition, "--changes", ROOT_DATA)
    assert result.returncode == 0, result.stderr
    assert triples_on(virtuoso.url, graph) == local_triples(new_edition)
