"""``export --all DIR``: the publication folder, its checksums and description, written whole or not at all."""

from __future__ import annotations

import hashlib
import importlib
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pyshacl
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCAT, RDF, RDFS, SH, XSD

import clusterkg
from clusterkg import KnowledgeGraph, publish
from clusterkg.errors import ClusterKGError
from clusterkg.options import PublicationOptions
from clusterkg.publication.folder import publication_files
from clusterkg.rdfio.dataset import SPDX
from clusterkg.rdfio.export import FORMATS, PUBLISHED_FORMATS, prepare

ROOT = Path(__file__).resolve().parents[2]
PUBLISH_MODULE = importlib.import_module("clusterkg.publication.folder")
EXPORT_MODULE = importlib.import_module("clusterkg.rdfio.export")
FILES = ["SHA256SUMS", "catalog.rdf", "clusterkg.ttl", "graph.context.jsonld", "graph.jsonld", "graph.nt",
         "graph.rdf", "graph.trig", "graph.ttl", "logo.svg", "ontology.html", "ontology.md", "queries.ttl",
         "shapes.ttl", "void.ttl"]  # logo.svg: the ontology's foaf:logo
# the web site beside them (clusterkg site): its top-level files and folders, by hand from site.py
SITE_TOP = [".htaccess", "about.html", "assets", "charts", "data.html", "def", "def.html", "def.jsonld", "def.nt",
            "def.rdf", "def.ttl", "favicon.ico", "graph.html", "id", "index.html", "levers.html", "map.html", "names.json",
            "places.html", "queries", "query.html", "resources.html", "shared-entities.html", "similarity.html"]
RDFLIB = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml"}
DATASET = URIRef("https://w3id.org/wmgrowth/id/dataset/cluster-growth-profiles")
OPTIONS = {"issued": "2025-01-31", "sparql_endpoint": "http://127.0.0.1:7878/query"}


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative path -> bytes)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_isomorphic(expected: Graph, got: Graph, what: str) -> None:
    if not isomorphic(expected, got):
        _, only_expected, only_got = graph_diff(to_isomorphic(expected), to_isomorphic(got))
        pytest.fail(f"{what}: not isomorphic\n  only in built: {sorted(only_expected)[:5]}\n"
                    f"  only in parsed: {sorted(only_got)[:5]}")


@pytest.fixture(scope="module")
def folder(graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("pub") / "publication"
    publish(graph, out, **OPTIONS)
    return out


def test_the_folder_holds_every_file(folder):
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES + SITE_TOP)
    assert sorted(p.name for p in folder.parent.iterdir()) == ["publication"]  # no temporary folder left


def test_sha256sum_checks_the_folder(folder):
    result = subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    checked = sorted(line.split(": ")[0] for line in result.stdout.splitlines())
    every_file = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert checked == [f for f in every_file if f != "SHA256SUMS"]
    assert {"graph.ttl", "id/cluster/aerospace.html", "id/cluster/aerospace.ttl", "queries/index.html"} <= set(checked)


def test_the_site_in_the_folder_links_the_ontology_pages_both_ways(folder):
    """The site's ontology page (def.html) points to pyLODE's (ontology.html), and an IRI's page sits
    where the IRI says: https://w3id.org/wmgrowth/id/cluster/aerospace -> id/cluster/aerospace.html."""
    assert 'href="ontology.html">The same ontology documented by pyLODE</a>' in (folder / "def.html").read_text()
    page = (folder / "id" / "cluster" / "aerospace.html").read_text(encoding="utf-8")
    assert "Aerospace" in page and "<title>" in page
    assert not (folder / "w3id.htaccess").exists()  # only with a site URL


def test_export_all_with_a_site_url_adds_the_w3id_rules_with_downloads(graph, tmp_path, cli):
    out = tmp_path / "pub"
    result = cli("export", "--all", out, "--site-url", "https://data.example.org/wm/")
    assert result.returncode == 0, result.stderr
    assert "web pages" in result.stdout and len(result.stdout.splitlines()) == 1
    rules = (out / "w3id.htaccess").read_text(encoding="utf-8")
    assert "RewriteRule ^download/([A-Za-z0-9_.-]+)$ https://data.example.org/wm/$1 [R=302,L]" in rules
    assert "RewriteRule ^(id/[A-Za-z0-9_~/-]+|def)$ https://data.example.org/wm/$1.ttl [R=303,L]" in rules


@pytest.mark.parametrize("args, words", [
    (["--no-site", "--output", "OUT"], "--site-url, --no-site and --previous go with --all DIR"),
    (["--site-url", "https://data.example.org/wm/", "--output", "OUT"], "--site-url, --no-site and --previous go with --all DIR"),
    (["--previous", "OUT", "--output", "OUT"], "--site-url, --no-site and --previous go with --all DIR"),
    (["--all", "OUT", "--site-url", "ftp://data.example.org/"], "site URL"),
])
def test_site_flags_out_of_place_are_refused_in_one_line(args, words, tmp_path, cli):
    out = tmp_path / "out"
    result = cli("export", *[str(out) if a == "OUT" else a for a in args])
    assert result.returncode == 2 and words in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not out.exists()


def test_no_site_leaves_the_site_out(graph, tmp_path, cli):
    out = tmp_path / "pub"
    result = cli("export", "--all", out, "--no-site")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == FILES


@pytest.mark.parametrize("name", ["graph.ttl", "graph.nt", "graph.jsonld", "graph.rdf"])
def test_each_data_file_is_the_graph_with_its_description(graph, folder, name):
    from tests.rdfio.test_export import merged

    expected = merged(prepare(KnowledgeGraph.of(graph), PublicationOptions(description=True, **OPTIONS), companions=True))
    got = Graph().parse(folder / name, format=RDFLIB[name.rsplit(".", 1)[1]])
    assert_isomorphic(expected, got, name)


def test_trig_holds_the_data_in_the_datasets_graph(graph, folder):
    ds = Dataset()
    ds.parse(folder / "graph.trig", format="trig")
    assert_isomorphic(graph, ds.graph(DATASET), "graph.trig")


@pytest.mark.parametrize("format", PUBLISHED_FORMATS)
def test_void_describes_each_file_by_size_and_checksum(folder, format):
    void = Graph().parse(folder / "void.ttl")
    data = (folder / f"graph.{FORMATS[format].extension}").read_bytes()
    node = URIRef(f"{DATASET}/distribution/{format}")
    assert void.value(node, DCAT.byteSize) == Literal(len(data), datatype=XSD.nonNegativeInteger)
    assert str(void.value(void.value(node, SPDX.checksum), SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()


def test_void_and_catalog_are_the_same_description(folder):
    void = Graph().parse(folder / "void.ttl")
    assert_isomorphic(void, Graph().parse(folder / "catalog.rdf", format="xml"), "catalog.rdf")
    assert len(set(void.objects(DATASET, DCAT.distribution))) == 5


def test_ontology_shapes_and_readme_are_copied_unchanged(folder):
    assert (folder / "clusterkg.ttl").read_bytes() == (ROOT / "ontology" / "clusterkg.ttl").read_bytes()
    assert (folder / "shapes.ttl").read_bytes() == (ROOT / "ontology" / "shapes.ttl").read_bytes()
    assert (folder / "ontology.md").read_bytes() == (ROOT / "ontology" / "README.md").read_bytes()


def test_the_published_graph_passes_our_shapes(folder):
    report = clusterkg.validate(Graph().parse(folder / "graph.ttl"), shapes=folder / "shapes.ttl")
    assert report.conforms, [str(v) for v in report.violations][:5]


def test_a_moved_ontology_moves_in_the_ontology_and_shapes_files(graph):
    files = publication_files(KnowledgeGraph.of(graph), base_iri="https://data.example.org/wm/",
                              ontology_iri="https://data.example.org/def/growth#")
    for name in ("clusterkg.ttl", "shapes.ttl"):
        g = Graph().parse(data=files[name], format="turtle")
        left = {str(t) for tr in g for t in tr if str(t).startswith("https://w3id.org/wmgrowth/")
                and (isinstance(t, URIRef) or t.datatype == XSD.anyURI)}
        assert left == set(), sorted(left)[:5]
    shapes = Graph().parse(data=files["shapes.ttl"], format="turtle")
    assert URIRef("https://data.example.org/def/growth#Cluster") in set(shapes.objects(None, SH.targetClass))
    assert Literal("https://data.example.org/def/growth#", datatype=XSD.anyURI) in set(shapes.objects(None, SH.namespace))


def test_a_rebased_publication_passes_its_own_rebased_shapes(graph, tmp_path):
    out = tmp_path / "pub"
    publish(graph, out, base_iri="https://data.example.org/wm/", ontology_iri="https://data.example.org/def/growth#")
    data = Graph().parse(out / "graph.ttl")
    assert len(set(data.subjects(RDF.type, URIRef("https://data.example.org/def/growth#Cluster")))) == 8
    shapes, ontology = Graph().parse(out / "shapes.ttl"), Graph().parse(out / "clusterkg.ttl")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    assert conforms, text[:2000]
    data.remove((URIRef("https://data.example.org/wm/id/cluster/aerospace"), RDFS.label, None))
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    assert not conforms and "A cluster must have exactly one label." in text


def test_publication_is_byte_identical_on_repeat(graph, folder, tmp_path):
    again = tmp_path / "again"
    publish(graph, again, **OPTIONS)
    for name in FILES:
        assert (again / name).read_bytes() == (folder / name).read_bytes(), name
    # SHA256SUMS lists every file of the site too, so equal sums are equal bytes throughout


# -- Replacing a folder, and refusing to ----

def test_a_previous_publication_is_replaced(graph, tmp_path):
    out = tmp_path / "pub"
    publish(graph, out)
    publish(graph, out, issued="2025-05-05")
    assert "2025-05-05" in (out / "void.ttl").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pub"]


def test_an_empty_folder_is_used(graph, tmp_path):
    (tmp_path / "pub").mkdir()
    publish(graph, tmp_path / "pub", site=False)
    assert sorted(p.name for p in (tmp_path / "pub").iterdir()) == FILES


def test_a_folder_with_other_files_is_refused_and_left_alone(graph, tmp_path, cli):
    out = tmp_path / "pub"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n")
    with pytest.raises(ClusterKGError, match=r"holds files that are not from a previous 'export --all' \(notes\.txt\)"):
        publish(graph, out)
    result = cli("export", "--all", out)
    assert result.returncode == 2 and "notes.txt" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_the_current_folder_is_refused(graph, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ClusterKGError, match="is the current or root folder"):
        publish(graph, ".")
    assert list(tmp_path.iterdir()) == []


def test_a_file_in_the_way_is_refused(graph, tmp_path):
    (tmp_path / "pub").write_text("x")
    with pytest.raises(ClusterKGError, match="is a file, not a folder"):
        publish(graph, tmp_path / "pub")


# -- Interrupted part-way ----

@pytest.mark.parametrize("previous", [False, True], ids=["new-folder", "over-a-previous-one"])
def test_a_serializer_failing_half_way_leaves_no_partial_folder(graph, tmp_path, monkeypatch, previous):
    out = tmp_path / "pub"
    if previous:
        publish(graph, out)
    before = tree(out) if previous else None
    real = EXPORT_MODULE.render
    done = []

    def render_then_fail(parts, format):
        done.append(format)
        if len(done) == 3:
            raise RuntimeError("serializer failed half-way")
        return real(parts, format)

    monkeypatch.setattr(PUBLISH_MODULE, "render", render_then_fail)
    with pytest.raises(RuntimeError):
        publish(graph, out, issued="2025-05-05")
    if previous:
        assert tree(out) == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["pub"]
    else:
        assert list(tmp_path.iterdir()) == []


def test_a_write_failing_half_way_leaves_no_partial_folder(graph, tmp_path, monkeypatch):
    out = tmp_path / "pub"
    publish(graph, out)
    before = tree(out)
    real = Path.write_bytes
    written = []

    def write_half_then_fail(self, data):
        written.append(self.name)
        if len(written) == 4:
            real(self, data[: len(data) // 2])
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_half_then_fail)
    with pytest.raises(OSError):
        publish(graph, out, issued="2025-05-05")
    monkeypatch.undo()
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pub"]


KILL_SCRIPT = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    import clusterkg
    real, written = Path.write_bytes, []
    def write_then_die(self, data):
        written.append(self.name)
        if len(written) == 5:
            real(self, data[: len(data) // 2])
            os.kill(os.getpid(), signal.SIGKILL)
        return real(self, data)
    Path.write_bytes = write_then_die
    clusterkg.publish(clusterkg.build_graph(), sys.argv[1], issued="2025-05-05")
""")


def test_a_killed_export_leaves_the_previous_folder_and_the_next_run_cleans_up(graph, tmp_path, cli):
    out = tmp_path / "pub"
    publish(graph, out)
    before = tree(out)
    result = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(out)], capture_output=True, timeout=120)
    assert result.returncode == -9, result.stderr
    assert tree(out) == before
    left = sorted(p.name for p in tmp_path.iterdir() if p.name not in ("pub", ".pub.lock"))  # and its lock
    assert len(left) == 1 and left[0].startswith(".pub.") and left[0].endswith(".tmp")  # hidden, beside it
    assert cli("export", "--all", out).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pub"]


# -- Command line ----

def test_cli_export_all(cli, tmp_path):
    out = tmp_path / "pub"
    result = cli("export", "--all", out, "--issued", "2025-01-31", "--base-iri", "https://data.example.org/wm/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {out}: ") and "SHA256SUMS, catalog.rdf, clusterkg.ttl" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES + SITE_TOP)
    # the site's stored queries ran on the moved data: the example cluster's profile has its bullets
    profile = (out / "queries" / "cluster-profile.html").read_text(encoding="utf-8")
    assert '<a href="../id/cluster/aerospace.html">Aerospace' in profile  # the example: the first cluster by name
    assert '<td class="number">109</td>' in profile  # aerospace's growth sentence is on line 109 of the page
    void = Graph().parse(out / "void.ttl")
    dataset = URIRef("https://data.example.org/wm/id/dataset/cluster-growth-profiles")
    assert (dataset, RDF.type, DCAT.Dataset) in void
    assert str(void.value(URIRef(f"{dataset}/distribution/turtle"), DCAT.downloadURL)) == \
        "https://data.example.org/wm/download/graph.ttl"


# -- The ontology page and the query catalogue ----

def test_the_ontology_page_documents_every_term_and_is_linked(folder):
    from rdflib.namespace import DCTERMS, FOAF

    from tests.model.test_ontology import ONTOLOGY, defined_terms

    html = (folder / "ontology.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "West Midlands cluster growth profiles ontology" in html
    for term in defined_terms(ONTOLOGY):  # pyLODE shows each term's IRI
        assert f"<code>{term}</code>" in html, term
    assert "clusterkg project" in html and "2026-11-27" in html  # creator and creation date of the header
    assert re.findall(r'<(?:script|link|img)[^>]*(?:src|href)="(?!data:|#)', html) == []  # nothing fetched
    void = Graph().parse(folder / "void.ttl")
    page = URIRef("https://w3id.org/wmgrowth/download/ontology.html")
    assert void.value(DATASET, FOAF.page) == page
    assert void.value(void.value(DATASET, DCTERMS.conformsTo), FOAF.page) == page


ONTOLOGY_PAGE_SCRIPT = textwrap.dedent("""
    import hashlib, sys
    from clusterkg.publication.ontology_page import ontology_page
    print(hashlib.sha256(ontology_page(open(sys.argv[1], "rb").read())).hexdigest())
""")


def test_the_ontology_page_is_the_same_bytes_in_every_process(folder):
    """pyLODE orders the members of a union from a set of objects: without the fix, runs differ."""
    digests = {subprocess.run([sys.executable, "-c", ONTOLOGY_PAGE_SCRIPT, str(ROOT / "ontology" / "clusterkg.ttl")],
                              capture_output=True, text=True, check=True, timeout=300).stdout.strip()
               for _ in range(3)}
    # the folder's page is pyLODE's with the site's navigation band (its style and its header) added
    page = re.sub(rb'<style id="clusterkg-band-style">.*?</style>\n|<header class="clusterkg-band">.*?</header>\n\n?',
                  b"", (folder / "ontology.html").read_bytes(), flags=re.DOTALL)
    assert digests == {hashlib.sha256(page).hexdigest()}


def test_set_members_are_put_in_one_order():
    from clusterkg.publication.ontology_page import fixed_set_order

    item = '  <span>\n    <a href="#{0}">{0}</a>\n  </span>'
    sep = '  <span class="cardinality">or</span>'
    shuffled = "\n".join(["<td>", item.format("Event"), sep, item.format("Asset"), sep, item.format("Place"), "</td>"])
    ordered = "\n".join(["<td>", item.format("Asset"), sep, item.format("Event"), sep, item.format("Place"), "</td>"])
    assert fixed_set_order(shuffled) == ordered
    lone = "\n".join(["<td>", item.format("Event"), "</td>"])
    assert fixed_set_order(lone) == lone


def test_the_stored_queries_are_published_as_sparql_executables(graph, folder):
    import pyoxigraph

    from clusterkg.query.catalogue import list_queries

    sh, schema = "http://www.w3.org/ns/shacl#", "https://schema.org/"
    catalogue = Graph().parse(folder / "queries.ttl")
    executables = set(catalogue.subjects(RDF.type, URIRef(sh + "SPARQLExecutable")))
    queries = list_queries()
    assert {str(e).rsplit("/", 1)[1] for e in executables} == {q.name for q in queries} and len(queries) == 12
    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    clusters = URIRef("https://w3id.org/wmgrowth/id/query/clusters")
    assert (clusters, RDF.type, URIRef(sh + "SPARQLSelectExecutable")) in catalogue
    assert str(catalogue.value(clusters, RDFS.label)) == next(q.summary for q in queries if q.name == "clusters")
    text = str(catalogue.value(clusters, URIRef(sh + "select")))
    assert "#+" not in text and len(list(store.query(text))) == 8  # the 8 clusters, run as it stands
    assert str(catalogue.value(clusters, URIRef(schema + "target"))) == OPTIONS["sparql_endpoint"]
    assert Graph().parse(folder / "void.ttl").value(DATASET, RDFS.seeAlso) == \
        URIRef("https://w3id.org/wmgrowth/download/queries.ttl")
