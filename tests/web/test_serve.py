"""``clusterkg serve`` as a real process: the SPARQL endpoint with SPARQLWrapper as its client (every stored
query gives the rows it gives locally), results and graphs by Accept, resource paths negotiated as the
w3id rules do, and what is refused: updates, LOAD, SERVICE, hostile paths, slow and oversized queries,
a port in use."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from clusterkg import KnowledgeGraph
from clusterkg.query.catalogue import list_queries
from clusterkg.query.sparql import bind_values
from clusterkg.web.siteindex import SiteIndex
from clusterkg.web.sitequeries import example_params
from tests.webserver import ClusterkgServer, views_render

AERO = "https://w3id.org/wmgrowth/id/cluster/aerospace"
AERO_TRIPLES = 39  # its own triples: 1 type, 1 label, 1 altLabel, 1 shortName, 1 qualityNote, 1 sourceLine,
# 1 partOfPlan, 1 wasDerivedFrom, 1 hasGrowthOpportunity, 17 hasStatement (3 drivers, 3 places, 1 leadership,
# 4 strengths, 3 actions, 3 levers), 3 locatedIn, 3 usesLever (lines 147, 149, 151: six levers since issue 26),
# 3 involves, 1 ledBy, 3 hasAsset
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
COUNT_CLUSTERS = "PREFIX grow: <https://w3id.org/wmgrowth/def#> SELECT (COUNT(?c) AS ?n) WHERE { ?c a grow:Cluster }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = ClusterkgServer(tmp_path_factory.mktemp("serve")).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def kg():
    return KnowledgeGraph.from_data()


def get(url: str, accept: str | None = None, method: str = "GET", data: bytes | None = None,
        content_type: str | None = None):
    """(status, headers, body) of one request; redirects are not followed."""
    parsed = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
    headers = {"Accept": accept} if accept is not None else {}
    if content_type:
        headers["Content-Type"] = content_type
    conn.request(method, parsed.path + (f"?{parsed.query}" if parsed.query else ""), body=data, headers=headers)
    answer = conn.getresponse()
    body = answer.read()
    conn.close()
    return answer.status, {k.lower(): v for k, v in answer.getheaders()}, body


def query_url(server, text: str) -> str:
    return server.url + "?" + urllib.parse.urlencode({"query": text})


def _term(term) -> tuple:
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value)
    if term.language:
        return ("literal", term.value, "@" + term.language)
    return ("literal", term.value, term.datatype.value)


def _json_term(cell: dict) -> tuple:
    if cell["type"] == "uri":
        return ("uri", cell["value"])
    if "xml:lang" in cell:
        return ("literal", cell["value"], "@" + cell["xml:lang"])
    return ("literal", cell["value"], cell.get("datatype", "http://www.w3.org/2001/XMLSchema#string"))


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_gets_the_local_rows_for_every_stored_query(server, kg, method):
    index = SiteIndex.build(kg.store.quads_for_pattern(None, None, None), "https://w3id.org/wmgrowth/")
    client = SPARQLWrapper(server.url)
    client.setReturnFormat(JSON)
    if method == "POST":
        client.setMethod(POST)
    checked = 0
    for stored in list_queries():
        local = kg.query(stored.name, params=example_params(stored, index), labels=False)
        # the file as it stands, #+ header and all (tests/remote/test_sparqlwrapper.py: no header trips its guess)
        client.setQuery(bind_values(stored.text, local.bindings))
        assert client.queryType == "SELECT"
        answer = client.query().convert()
        remote = [{k: _json_term(v) for k, v in row.items()} for row in answer["results"]["bindings"]]
        assert answer["head"]["vars"] == local.variables, stored.name
        assert remote == [{k: _term(v) for k, v in row.items()} for row in local.rows], stored.name
        assert len(remote) > 0, stored.name
        checked += 1
    assert checked == 12


@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    (None, "application/sparql-results+json"),
], ids=["json", "xml", "no-accept"])
def test_select_results_in_json_and_xml(server, accept, media):
    status, headers, body = get(query_url(server, COUNT_CLUSTERS), accept)
    assert status == 200 and headers["content-type"] == media
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.from_media_type(media))
    assert [s["n"].value for s in parsed] == ["8"]


@pytest.mark.parametrize("accept, lines", [
    ("text/csv", ["n", "8"]),
    ("text/tab-separated-values", ["?n", "8"]),  # an integer in its Turtle short form
], ids=["csv", "tsv"])
def test_select_results_in_csv_and_tsv(server, accept, lines):
    status, headers, body = get(query_url(server, COUNT_CLUSTERS), accept)
    assert status == 200 and headers["content-type"] == accept + "; charset=utf-8"
    assert body.decode().splitlines() == lines


def test_ask_answers_a_boolean(server):
    status, _, body = get(query_url(server, f"ASK {{ <{AERO}> a <https://w3id.org/wmgrowth/def#Cluster> }}"))
    assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.parametrize("accept, fmt", [
    ("text/turtle", ox.RdfFormat.TURTLE), ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES), ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    (None, ox.RdfFormat.TURTLE)], ids=["turtle", "jsonld", "ntriples", "rdfxml", "no-accept"])
@pytest.mark.parametrize("form", ["DESCRIBE", "CONSTRUCT"])
def test_graph_results_by_accept(server, accept, fmt, form):
    text = f"DESCRIBE <{AERO}>" if form == "DESCRIBE" else f"CONSTRUCT WHERE {{ <{AERO}> ?p ?o }}"
    status, headers, body = get(query_url(server, text), accept)
    assert status == 200 and headers["content-type"].split(";")[0] == fmt.media_type
    triples = list(ox.parse(body, format=fmt))
    assert len(triples) == AERO_TRIPLES and {t.subject.value for t in triples} == {AERO}


def test_unknown_accept_is_406_and_cors_only_for_get(server):
    status, headers, body = get(query_url(server, COUNT_CLUSTERS), "application/pdf")
    assert status == 406 and b"application/sparql-results+json" in body
    status, headers, _ = get(query_url(server, COUNT_CLUSTERS))
    assert headers["access-control-allow-origin"] == "*"
    status, headers, _ = get(server.url, data=urllib.parse.urlencode({"query": COUNT_CLUSTERS}).encode(),
                             method="POST", content_type="application/x-www-form-urlencoded")
    assert status == 200 and "access-control-allow-origin" not in headers
    status, headers, _ = get(server.url, method="OPTIONS")
    assert status == 204 and headers["access-control-allow-methods"] == "GET"


@pytest.mark.parametrize("how, text, status, says", [
    ("query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403, "'INSERT' is an update"),
    ("query", "LOAD <http://example.org/data.ttl>", 403, "'LOAD' is an update"),
    ("query", "PREFIX x: <urn:x#> DROP ALL", 403, "'DROP' is an update"),
    ("update", "CLEAR DEFAULT", 403, "read-only"),
    ("sparql-update", "LOAD <http://example.org/data.ttl>", 403, "read-only"),
    ("query", "SELECT * WHERE { ?s ?p ?o", 400, "error at 1:"),
    ("query", "", 400, "holds no query"),
], ids=["insert", "load", "drop-after-prefix", "update-param", "update-body", "syntax", "empty"])
def test_updates_and_bad_queries_are_refused(server, how, text, status, says):
    before = _served_triples(server)
    if how == "sparql-update":
        got = get(server.url, method="POST", data=text.encode(), content_type="application/sparql-update")
    else:
        got = get(server.url, method="POST", data=urllib.parse.urlencode({how: text}).encode(),
                  content_type="application/x-www-form-urlencoded")
    assert got[0] == status and says in got[2].decode(), got
    assert len(got[2].decode().strip().splitlines()) == 1
    assert _served_triples(server) == before  # nothing added or removed


def _served_triples(server) -> int:
    answer = get(query_url(server, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"))[2]
    return int(json.loads(answer)["results"]["bindings"][0]["n"]["value"])


def test_service_is_refused_and_never_reaches_the_other_host(server):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(0.2)
    reached = []

    def watch():
        for _ in range(15):
            try:
                reached.append(listener.accept())
            except OSError:
                continue

    watcher = threading.Thread(target=watch)
    watcher.start()
    port = listener.getsockname()[1]
    text = f"SELECT * WHERE {{ service <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    status, _, body = get(query_url(server, text))
    watcher.join()
    listener.close()
    assert status == 403 and b"SERVICE is refused" in body
    assert reached == []


def test_query_shaped_requests_that_are_wrong(server):
    assert get(server.url)[0] == 400
    assert get(server.url, accept=BROWSER)[0:2][0] == 303 and get(server.url, BROWSER)[1]["location"] == "query.html"
    two = server.url + "?" + urllib.parse.urlencode([("query", "ASK {}"), ("query", "ASK {}")])
    assert get(two)[0] == 400
    assert get(server.url, method="POST", data=b"ASK {}", content_type="text/plain")[0] == 415
    assert get(server.url, method="POST", data=b"ASK {}", content_type="application/sparql-query")[0] == 200
    graph = server.url + "?" + urllib.parse.urlencode({"query": "ASK {}", "default-graph-uri": "urn:g"})
    assert get(graph)[0] == 400


# -- Resource paths ----

@pytest.mark.parametrize("accept, extension", [
    (None, "html"), (BROWSER, "html"), ("*/*", "html"), ("text/turtle", "ttl"), ("application/ld+json", "jsonld"),
    ("application/rdf+xml", "rdf"), ("application/n-triples", "nt"),
    ("text/turtle;q=0.5, application/ld+json", "jsonld"), ("text/html;q=0.1, text/turtle", "ttl"),
], ids=["none", "browser", "any", "turtle", "jsonld", "rdfxml", "ntriples", "q-jsonld", "q-turtle"])
@pytest.mark.parametrize("path", ["id/cluster/aerospace", "def"])
def test_resource_paths_negotiate_like_the_w3id_rules(server, accept, extension, path):
    status, headers, _ = get(server.base + path, accept)
    assert status == 303 and headers["location"] == f"{path.rsplit('/', 1)[-1]}.{extension}"
    assert headers["vary"] == "Accept"
    status, headers, body = get(urllib.parse.urljoin(server.base + path, headers["location"]))
    assert status == 200
    if extension == "html":
        assert headers["content-type"] == "text/html; charset=utf-8" and b"<h1>" in body
    else:
        fmt = {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "rdf": ox.RdfFormat.RDF_XML,
               "nt": ox.RdfFormat.N_TRIPLES}[extension]
        assert headers["content-type"].split(";")[0] == fmt.media_type
        triples = list(ox.parse(body, format=fmt))
        if path == "def":
            assert any(t.subject.value == "https://w3id.org/wmgrowth/def#Cluster" for t in triples)
        else:
            assert len(triples) == AERO_TRIPLES


def test_an_accept_header_that_takes_nothing_offered_is_406(server):
    status, _, body = get(server.base + "id/cluster/aerospace", "application/pdf")
    assert status == 406 and b"text/turtle" in body


@pytest.mark.parametrize("raw", [
    "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/id/..%2f..%2f..%2fetc%2fpasswd",
    "/assets/%2e%2e/%2e%2e/%2e%2e/pyproject.toml", "/id/cluster/..", "/%2e%2e%5c%2e%2e%5cetc%5cpasswd",
    "/.htaccess", "/id/cluster/aerospace.html%00.ttl",
])
def test_hostile_paths_get_nothing(server, raw):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.putrequest("GET", raw, skip_accept_encoding=True)
    conn.endheaders()
    answer = conn.getresponse()
    body = answer.read()
    conn.close()
    assert answer.status in (400, 404), (raw, answer.status)
    assert b"root:" not in body and b"[project]" not in body and b"AddType" not in body


def test_pages_and_files_are_served_with_their_types(server):
    charts = [("charts/growth.svg", "image/svg+xml"), ("charts/growth.png", "image/png")] \
        if views_render() is None else []
    for path, media in (("id/cluster/aerospace.html", "text/html; charset=utf-8"),
                        ("assets/query.js", "text/javascript; charset=utf-8"),
                        ("assets/oxigraph/web_bg.wasm", "application/wasm"),
                        ("graph.nt", "application/n-triples; charset=utf-8"),
                        ("queries/clusters.rq", "application/sparql-query; charset=utf-8"),
                        ("queries/", "text/html; charset=utf-8"), ("query.html", "text/html; charset=utf-8"),
                        *charts):
        status, headers, _ = get(server.base + path)
        assert (status, headers["content-type"]) == (200, media), path


# -- Deadlines, limits and start-up faults ----

@pytest.fixture(scope="module")
def strict_server(tmp_path_factory):
    running = ClusterkgServer(tmp_path_factory.mktemp("strict"), "--timeout", "1", "--max-result-bytes", "5000",
                              "--workers", "1").start()
    yield running
    running.stop()


def test_a_query_past_its_deadline_is_stopped_and_the_server_goes_on(strict_server):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 2,102 cubed rows
    status, _, body = get(query_url(strict_server, slow))
    assert status == 503 and b"longer than 1 s" in body
    status, _, body = get(query_url(strict_server, COUNT_CLUSTERS))
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "8"


def test_a_result_past_the_size_limit_is_refused(strict_server):
    status, _, body = get(query_url(strict_server, "SELECT * WHERE { ?s ?p ?o }"), "text/csv")
    assert status == 403 and b"larger than 5,000 bytes" in body
    assert get(query_url(strict_server, "SELECT * WHERE { ?s ?p ?o } LIMIT 3"), "text/csv")[0] == 200


def test_a_port_in_use_is_one_line_and_exit_2(cli):
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    port = holder.getsockname()[1]
    try:
        result = cli("serve", "--port", port, "--no-views", timeout=120)
    finally:
        holder.close()
    assert result.returncode == 2
    assert result.stderr.strip() == f"clusterkg serve: error: port {port} on 127.0.0.1 is in use: stop what " \
                                    "holds it or choose --port"


def test_data_that_does_not_load_is_one_line_and_exit_2(cli, data_copy):
    (data_copy / "entities.yaml").write_text("places: [\n", encoding="utf-8")
    result = cli("serve", "--port", "0", "--no-views", "--data", data_copy)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "entities.yaml" in result.stderr


@pytest.mark.parametrize("args, says", [(["--timeout", "soon"], "--timeout"), (["--port", "70000"], "not a port"),
                                        (["--workers", "0"], "at least 1")])
def test_bad_settings_are_one_line(cli, args, says):
    result = cli("serve", "--no-views", *args)
    assert result.returncode == 2 and says in result.stderr and "Traceback" not in result.stderr


def test_the_ontologys_pylode_page_is_served_and_linked_from_def(server):
    status, headers, body = get(server.base + "ontology.html")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    page = body.decode()
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">') and "West Midlands cluster growth profiles ontology" in page
    status, _, body = get(server.base + "def.html")
    assert status == 200 and '<a href="ontology.html">The same ontology documented by pyLODE</a>' in body.decode()
