"""Export in five RDF formats: parsed back by rdflib, Oxigraph and rapper, deterministic, rebased, atomic."""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import OWL, RDF

import clusterkg
from clusterkg import KnowledgeGraph, export, fileio, serialize
from clusterkg.cli.export import FORMAT_NAMES
from clusterkg.cli.export import OGL_V3 as CLI_OGL_V3
from clusterkg.errors import ClusterKGError
from clusterkg.model.bridge import to_rdflib_term
from clusterkg.model.vocab import GROW
from clusterkg.options import OGL_V3, PublicationOptions
from clusterkg.rdfio import writers
from clusterkg.rdfio.export import EXPORT_FORMATS, FORMATS, context_path, prepare, render

RDFLIB = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml", "trig": "trig",
          "nquads": "nquads"}
DATASET_FORMATS = ("trig", "nquads")  # the publication's data in the dataset's named graph
OXIGRAPH = {"turtle": pyoxigraph.RdfFormat.TURTLE, "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
            "jsonld": pyoxigraph.RdfFormat.JSON_LD, "rdfxml": pyoxigraph.RdfFormat.RDF_XML,
            "trig": pyoxigraph.RdfFormat.TRIG, "nquads": pyoxigraph.RdfFormat.N_QUADS}
# rapper reads no JSON-LD
RAPPER = {"turtle": "turtle", "ntriples": "ntriples", "rdfxml": "rdfxml", "trig": "trig", "nquads": "nquads"}
OLD_BASE = "https://w3id.org/wmgrowth/"
NEW_BASE = "https://data.example.org/wm/"
NEW_ONTOLOGY = "https://data.example.org/def/growth#"
DATASET = URIRef("https://w3id.org/wmgrowth/id/dataset/cluster-growth-profiles")
ONTOLOGY = URIRef("https://w3id.org/wmgrowth/def")
# Export variants: publication settings (PublicationOptions fields).
VARIANTS = {
    "data-only": {},
    "described": {"description": True, "issued": "2025-01-31"},
    "with-ontology": {"with_ontology": True, "description": True},
    "rebased": {"description": True, "base_iri": NEW_BASE},
    "rebased-ontology": {"with_ontology": True, "description": True, "base_iri": NEW_BASE,
                         "ontology_iri": NEW_ONTOLOGY},
}


def assert_isomorphic(expected: Graph, got: Graph, what: str) -> None:
    if not isomorphic(expected, got):
        _, only_expected, only_got = graph_diff(to_isomorphic(expected), to_isomorphic(got))
        pytest.fail(f"{what}: not isomorphic\n  only in built: {sorted(only_expected)[:5]}\n"
                    f"  only in parsed: {sorted(only_got)[:5]}")


def default_graph(ds: Dataset) -> Graph:
    return ds.default_graph if hasattr(ds, "default_graph") else ds.default_context


def parse_dataset(data: bytes, format: str = "trig") -> Dataset:
    ds = Dataset()
    ds.parse(data=data, format=RDFLIB[format])
    return ds


def rdflib_graph(quads) -> Graph:
    """Oxigraph quads (or a store's) as one rdflib Graph, term by term."""
    g = Graph()
    for q in quads:
        g.add((to_rdflib_term(q.subject), to_rdflib_term(q.predicate), to_rdflib_term(q.object)))
    return g


def part_graphs(parts) -> dict:
    """The graphs of an export, as rdflib Graphs: data, ontology, description (None where left out)."""
    return {"data": rdflib_graph(parts.data), "ontology": rdflib_graph(parts.ontology) if parts.ontology else None,
            "description": rdflib_graph(parts.description) if parts.description else None}


def merged(parts) -> Graph:
    out = Graph()
    for g in part_graphs(parts).values():
        if g is not None:
            out += g
    return out


def quads(parts) -> int:
    """Triples of a TriG export: the sum over its graphs (a triple may sit in two graphs)."""
    return sum(len(g) for g in part_graphs(parts).values() if g is not None)


@pytest.fixture(scope="module")
def kg(data):
    return KnowledgeGraph.from_data(profiles=data)


@pytest.fixture(scope="module")
def exports(kg):
    """variant -> (Parts, {format: bytes}), each export rendered once."""
    out = {}
    for name, options in VARIANTS.items():
        parts = prepare(kg, PublicationOptions(**options))
        out[name] = (parts, {f: render(parts, f) for f in EXPORT_FORMATS})
    return out


# -- Formats ----

def test_cli_constants_match_the_library():
    """The command keeps copies so that ``clusterkg --help`` need not import the writers."""
    assert tuple(sorted(EXPORT_FORMATS)) == FORMAT_NAMES == ("jsonld", "nquads", "ntriples", "rdfxml", "trig",
                                                             "turtle")
    assert CLI_OGL_V3 == OGL_V3
    assert set(EXPORT_FORMATS) <= set(FORMATS)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("format", EXPORT_FORMATS)
def test_every_format_parses_back_isomorphic(exports, format, variant):
    parts, rendered = exports[variant]
    if format not in DATASET_FORMATS:
        got = Graph().parse(data=rendered[format], format=RDFLIB[format])
        assert_isomorphic(merged(parts), got, f"{format}/{variant}")
        return
    graphs = part_graphs(parts)
    ds = parse_dataset(rendered[format], format)
    named = {str(g.identifier) for g in ds.graphs() if len(g) and g.identifier != default_graph(ds).identifier}
    assert named == {parts.dataset} | ({parts.ontology_iri} if parts.ontology is not None else set())
    assert_isomorphic(graphs["data"], ds.graph(URIRef(parts.dataset)), f"trig/{variant}: the dataset's graph")
    if parts.ontology is not None:
        assert_isomorphic(graphs["ontology"], ds.graph(URIRef(parts.ontology_iri)), f"trig/{variant}: the ontology")
    if parts.description is not None:
        assert_isomorphic(graphs["description"], default_graph(ds), f"trig/{variant}: the default graph")
    else:
        assert len(default_graph(ds)) == 0


def test_data_only_export_is_the_built_graph(exports, kg, graph):
    parts, rendered = exports["data-only"]
    assert parts.data is kg.store
    assert_isomorphic(graph, Graph().parse(data=rendered["turtle"], format="turtle"), "turtle")
    assert serialize(kg) == rendered["turtle"]  # the default is plain Turtle
    # an rdflib graph is written with its own prefix bindings: the same lines, the declarations in another order
    assert sorted(serialize(graph).splitlines()) == sorted(rendered["turtle"].splitlines())


@pytest.mark.parametrize("variant", ["data-only", "with-ontology"])
@pytest.mark.parametrize("format", EXPORT_FORMATS)
def test_oxigraph_parses_every_format_to_the_same_count(exports, format, variant, tmp_path):
    parts, rendered = exports[variant]
    path = tmp_path / f"graph.{FORMATS[format].extension}"
    path.write_bytes(rendered[format])
    parsed = list(pyoxigraph.parse(path=str(path), format=OXIGRAPH[format]))
    assert len(parsed) == (quads(parts) if format in DATASET_FORMATS else len(merged(parts)))


@pytest.mark.parametrize("variant", ["data-only", "with-ontology"])
@pytest.mark.parametrize("format", RAPPER)
def test_rapper_parses_to_the_same_count(exports, format, variant, tmp_path):
    parts, rendered = exports[variant]
    path = tmp_path / f"graph.{FORMATS[format].extension}"
    path.write_bytes(rendered[format])
    result = subprocess.run(["rapper", "-i", RAPPER[format], "-c", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    count = int(re.search(r"Parsing returned (\d+) triples", result.stderr).group(1))
    assert count == (quads(parts) if format in DATASET_FORMATS else len(merged(parts)))


def test_ntriples_are_sorted_lines(exports):
    lines = exports["described"][1]["ntriples"].decode("utf-8").split("\n")[:-1]
    assert lines == sorted(lines) and len(lines) == len(merged(exports["described"][0]))


def test_turtle_declares_the_prefixes_it_uses(exports):
    text = exports["described"][1]["turtle"].decode("utf-8")
    declared = re.findall(r"^@prefix ([\w-]*): ", text, flags=re.MULTILINE)
    assert "@prefix dcat: <http://www.w3.org/ns/dcat#> ." in text and "@prefix void: <http://rdfs.org/ns/void#> ." in text
    body = text[text.rindex("@prefix "):]
    assert all(f"{p}:" in body for p in declared)  # none declared that nothing uses


def test_rdfxml_declares_only_the_namespaces_it_uses(exports):
    text = exports["data-only"][1]["rdfxml"].decode("utf-8")
    declared = set(re.findall(r'xmlns:([\w-]+)=', text)) - {"its"}  # pyoxigraph always declares ITS
    used = set(re.findall(r"</?([\w-]+):", text)) | set(re.findall(r" ([\w-]+):\w+=", text))
    assert declared == used - {"xml", "xmlns"}


def test_rdfxml_refuses_text_xml_cannot_hold():
    g = Graph()
    g.add((URIRef("https://w3id.org/wmgrowth/id/x"), GROW.text, Literal("bell\x07")))
    with pytest.raises(ClusterKGError, match=r"cannot write .* in RDF/XML: XML 1.0 forbids the character U\+0007"):
        serialize(g, "rdfxml")
    assert b"bell" in serialize(g, "turtle")  # the formats that can hold it write it


# -- JSON-LD and its context ----

@pytest.fixture(scope="module")
def jsonld_doc(exports):
    return json.loads(exports["described"][1]["jsonld"])


def test_jsonld_context_maps_our_terms_to_short_names(jsonld_doc):
    ctx = jsonld_doc["@context"]
    assert ctx["grow"] == "https://w3id.org/wmgrowth/def#"
    assert ctx["Cluster"] == "grow:Cluster" and ctx["Organisation"] == "grow:Organisation"
    assert ctx["Organization"] == "org:Organization"
    assert ctx["locatedIn"] == {"@id": "grow:locatedIn", "@type": "@id"}
    assert ctx["minJobs"] == {"@id": "grow:minJobs", "@type": "xsd:integer"}
    assert ctx["minOutputGBP"] == {"@id": "grow:minOutputGBP", "@type": "xsd:decimal"}
    assert ctx["targetYear"] == {"@id": "grow:targetYear", "@type": "xsd:gYear"}
    assert ctx["text"] == "grow:text" and ctx["label"] == "rdfs:label"
    # grow:benchmark takes the short name, so the id/benchmark/ prefix of the Turtle is left out
    assert ctx["benchmark"] == {"@id": "grow:benchmark", "@type": "@id"}
    # two vocabularies' "Agent" and "Dataset": the DCAT-AP ones get the short names
    assert ctx["Agent"] == "foaf:Agent" and ctx["Dataset"] == "dcat:Dataset"
    assert ctx["homepage"] == {"@id": "foaf:homepage", "@type": "@id"}


def test_jsonld_uses_the_short_names(jsonld_doc):
    nodes = {n["@id"]: n for n in jsonld_doc["@graph"]}
    aerospace = nodes["cluster:aerospace"]
    assert aerospace["@type"] == "Cluster"
    assert aerospace["label"] == "Aerospace (including manufacturing alternative fuels)"
    assert aerospace["locatedIn"] == ["place:dudley", "place:nuneaton-and-bedworth", "place:wolverhampton"]
    growth = nodes["cluster:aerospace/growth-opportunity"]
    assert (growth["minJobs"], growth["maxJobs"], growth["targetYear"]) == ("900", "1000", "2030")
    assert growth["benchmark"] == "https://w3id.org/wmgrowth/id/benchmark/uk-average"
    assert nodes["organisation:west-midlands-combined-authority"]["homepage"] == "https://www.wmca.org.uk/"


def test_jsonld_nodes_are_in_iri_order(exports):
    parts, rendered = exports["data-only"]
    doc = json.loads(rendered["jsonld"])
    subjects = {q.subject for q in parts.data}
    assert len(doc["@graph"]) == len(subjects) and len(subjects) > 270
    ctx = doc["@context"]
    expanded = [ctx[i.split(":", 1)[0]] + i.split(":", 1)[1] if ":" in i and not i.startswith("http") else i
                for i in (n["@id"] for n in doc["@graph"])]
    assert expanded == sorted(expanded, key=lambda iri: f"<{iri}>")  # by N-Triples text, as every format


def test_export_writes_the_context_beside_the_jsonld(kg, tmp_path):
    out = tmp_path / "graph.jsonld"
    export(kg, out, "jsonld", description=True)
    beside = tmp_path / "graph.context.jsonld"
    assert context_path(out) == beside
    assert json.loads(beside.read_text(encoding="utf-8")) == {"@context": json.loads(out.read_bytes())["@context"]}
    # the context file alone turns the document's nodes back into the same graph
    doc = json.loads(out.read_bytes())
    doc["@context"] = json.loads(beside.read_text(encoding="utf-8"))["@context"]
    assert_isomorphic(Graph().parse(out, format="json-ld"),
                      Graph().parse(data=json.dumps(doc), format="json-ld"), "context file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.context.jsonld", "graph.jsonld"]


# -- Determinism ----

DIGEST_SCRIPT = textwrap.dedent("""
    import hashlib, json, clusterkg
    from clusterkg.rdfio.export import EXPORT_FORMATS, serialize
    g = clusterkg.KnowledgeGraph.from_data()
    options = dict(with_ontology=True, description=True, issued="2025-01-31", base_iri="{base}")
    print(json.dumps({{f: hashlib.sha256(serialize(g, f, **options)).hexdigest() for f in EXPORT_FORMATS}}))
""")


@pytest.fixture(scope="module")
def digests_from_other_processes():
    """sha256 of every format from two fresh processes with different hash seeds."""
    runs = []
    for seed in ("1", "4242"):
        result = subprocess.run([sys.executable, "-c", DIGEST_SCRIPT.format(base=NEW_BASE)], capture_output=True,
                                text=True, timeout=120,
                                env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin",
                                     "PYTHONPATH": os.environ.get("PYTHONPATH", "")})  # this checkout's package
        assert result.returncode == 0, result.stderr
        runs.append(json.loads(result.stdout))
    return runs


@pytest.mark.parametrize("format", EXPORT_FORMATS)
def test_output_is_byte_identical_across_runs(kg, format, digests_from_other_processes):
    here = hashlib.sha256(serialize(kg, format, with_ontology=True, description=True, issued="2025-01-31",
                                    base_iri=NEW_BASE)).hexdigest()
    assert [run[format] for run in digests_from_other_processes] == [here, here]


def test_blank_nodes_of_the_ontology_get_stable_labels(exports):
    text = exports["with-ontology"][1]["ntriples"].decode("utf-8")
    labels = set(re.findall(r"_:(\w+)", text))  # RDFC-1.0 canonical labels
    assert labels and labels == {f"c14n{i}" for i in range(len(labels))}


# -- Base IRI ----

def iris(g: Graph) -> set[str]:
    return {str(t) for triple in g for t in triple if isinstance(t, URIRef)}


def is_ontology_iri(iri: str) -> bool:
    return iri == str(ONTOLOGY) or iri.startswith((str(ONTOLOGY) + "#", str(ONTOLOGY) + "/"))


@pytest.mark.parametrize("format", EXPORT_FORMATS)
def test_rebased_export_leaves_no_iri_under_the_old_base_but_the_ontology(exports, format):
    parts, rendered = exports["rebased"]
    if format in DATASET_FORMATS:
        g = Graph()
        for named in parse_dataset(rendered[format], format).graphs():
            g += named
    else:
        g = Graph().parse(data=rendered[format], format=RDFLIB[format])
    left = {i for i in iris(g) if i.startswith(OLD_BASE)}
    assert left and all(is_ontology_iri(i) for i in left), sorted(i for i in left if not is_ontology_iri(i))[:5]
    assert URIRef(NEW_BASE + "id/cluster/aerospace") in set(g.subjects(RDF.type, GROW.Cluster))
    assert len(set(g.objects(URIRef(NEW_BASE + "id/cluster/aerospace"), GROW.locatedIn))) == 3


def test_rebase_is_consistent_and_reversible(kg, graph):
    moved = clusterkg.rebase(kg, NEW_BASE)
    assert len(moved) == len(kg)
    moved_graph = moved.rdflib()
    assert not any(i.startswith(OLD_BASE + "id/") for i in iris(moved_graph))
    assert (URIRef(NEW_BASE + "id/cluster/aerospace/growth-opportunity"), GROW.benchmark,
            URIRef(NEW_BASE + "id/benchmark/uk-average")) in moved_graph
    assert_isomorphic(graph, clusterkg.rebase(moved, OLD_BASE, old_base=NEW_BASE).rdflib(), "rebased back")


def test_ontology_namespace_moves_only_when_asked(exports):
    parts, _ = exports["rebased-ontology"]
    merged_graph = merged(parts)
    assert not any(i.startswith(OLD_BASE) for i in iris(merged_graph))
    new = URIRef("https://data.example.org/def/growth")
    assert (new, RDF.type, OWL.Ontology) in merged_graph
    assert (URIRef(NEW_ONTOLOGY + "Cluster"), RDF.type, OWL.Class) in merged_graph
    assert (URIRef(NEW_BASE + "id/cluster/aerospace"), RDF.type, URIRef(NEW_ONTOLOGY + "Cluster")) in merged_graph
    assert (new, OWL.versionIRI, URIRef(f"{new}/{clusterkg.__version__}")) in merged_graph
    assert str(merged_graph.value(new, URIRef("http://purl.org/vocab/vann/preferredNamespaceUri"))) == NEW_ONTOLOGY
    assert parts.ontology_iri == str(new)


@pytest.mark.parametrize("base", ["https://data.example.org/wm", "data.example.org/wm/", "https://a b/"],
                         ids=["no-trailing-slash", "not-absolute", "space"])
def test_bad_base_iri_is_a_clear_error(kg, base):
    with pytest.raises(ClusterKGError, match="base IRI"):
        serialize(kg, base_iri=base)


# -- Nothing half-written ----

@pytest.fixture
def previous(tmp_path):
    path = tmp_path / "graph.out"
    path.write_bytes(b"the previous export\n")
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("format", EXPORT_FORMATS)
def test_a_write_failing_half_way_leaves_the_previous_file(kg, format, previous, monkeypatch):
    real_fdopen = fileio.os.fdopen

    class HalfWriter:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data):
            self.f.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    with pytest.raises(OSError):
        export(kg, previous, format, description=True)
    assert previous.read_bytes() == b"the previous export\n"
    assert leftovers(previous.parent) == [] and sorted(p.name for p in previous.parent.iterdir()) == ["graph.out"]


def test_a_serializer_failing_half_way_leaves_the_previous_file(kg, previous, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("serializer failed half-way")

    monkeypatch.setattr(importlib.import_module("clusterkg.rdfio.jsonld"), "write", broken)
    with pytest.raises(RuntimeError):
        export(kg, previous, "jsonld")
    assert previous.read_bytes() == b"the previous export\n"
    assert sorted(p.name for p in previous.parent.iterdir()) == ["graph.out"]


KILL_SCRIPT = textwrap.dedent("""
    import os, signal, sys, clusterkg
    from clusterkg import fileio
    real = fileio.os.fdopen
    class Killer:
        def __init__(self, f): self.f = f
        def __enter__(self): return self
        def __exit__(self, *a): pass
        def write(self, data):
            self.f.write(data[: len(data) // 2]); self.f.flush()
            os.kill(os.getpid(), signal.SIGKILL)
    fileio.os.fdopen = lambda fd, mode: Killer(real(fd, mode))
    clusterkg.export(clusterkg.KnowledgeGraph.from_data(), sys.argv[1], "turtle", description=True)
""")


def test_a_killed_export_leaves_the_previous_file(previous):
    result = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(previous)], capture_output=True, timeout=120)
    assert result.returncode == -9
    assert previous.read_bytes() == b"the previous export\n"


# -- Command line ----

@pytest.mark.parametrize("format", EXPORT_FORMATS)
def test_cli_export_each_format(cli, tmp_path, kg, graph, format):
    out = tmp_path / f"graph.{FORMATS[format].extension}"
    result = cli("export", "--format", format, "--output", out, "--issued", "2025-01-31")
    assert result.returncode == 0, result.stderr
    # the embedded data's publication settings give the dataset's version (data/plan.yaml)
    expected = prepare(kg, PublicationOptions(description=True, issued="2025-01-31", dataset_version="0.2.0",
                                              temporal_end="2030"))  # plan.yaml: the page's target year
    if format in DATASET_FORMATS:
        ds = Dataset()
        ds.parse(out, format=RDFLIB[format])
        assert_isomorphic(graph, ds.graph(DATASET), f"cli {format}")
    else:
        assert_isomorphic(merged(expected), Graph().parse(out, format=RDFLIB[format]), f"cli {format}")


def test_cli_options_reach_the_output(cli, tmp_path):
    out = tmp_path / "g.ttl"
    result = cli("export", "--output", out, "--with-ontology", "--base-iri", NEW_BASE, "--ontology-iri", NEW_ONTOLOGY,
                 "--license", "https://creativecommons.org/licenses/by/4.0/", "--issued", "2025-01-31",
                 "--modified", "2025-02-28", "--sparql-endpoint", "http://127.0.0.1:7878/query")
    assert result.returncode == 0, result.stderr
    g = Graph().parse(out)
    dataset = URIRef(NEW_BASE + "id/dataset/cluster-growth-profiles")
    assert str(g.value(dataset, URIRef("http://purl.org/dc/terms/license"))) == \
        "https://creativecommons.org/licenses/by/4.0/"
    assert str(g.value(dataset, URIRef("http://purl.org/dc/terms/modified"))) == "2025-02-28"
    assert str(g.value(dataset, URIRef("http://rdfs.org/ns/void#sparqlEndpoint"))) == "http://127.0.0.1:7878/query"
    assert (URIRef("https://data.example.org/def/growth"), RDF.type, OWL.Ontology) in g
    assert not any(i.startswith(OLD_BASE) for i in iris(g))


def test_cli_no_description_gives_the_bare_graph(cli, tmp_path, graph):
    out = tmp_path / "g.nt"
    result = cli("export", "--format", "ntriples", "--output", out, "--no-description")
    assert result.returncode == 0, result.stderr
    assert_isomorphic(graph, Graph().parse(out, format="nt"), "no description")


@pytest.mark.parametrize("args, message", [
    (["--issued", "2025-02-30"], "issued: '2025-02-30' is not a date (YYYY-MM-DD)"),
    (["--modified", "yesterday"], "modified: 'yesterday' is not a date"),
    (["--base-iri", "https://data.example.org/wm"], "base IRI 'https://data.example.org/wm' must end with '/'"),
    (["--ontology-iri", "urn:x:def"], "ontology IRI 'urn:x:def' must be an http or https IRI"),
    (["--license", "OGL"], "licence 'OGL' is not an absolute IRI"),
    (["--issued", "2025-02-01", "--modified", "2025-01-01"], "modified date 2025-01-01 is before issued date"),
    (["--contact-email", "contact.example.org"], "contact e-mail: 'contact.example.org' is not an e-mail address"),
    (["--landing-page", "www.example.org/wm"], "landing page 'www.example.org/wm' is not an absolute IRI"),
    (["--download-base", "https://example.org/files"], "download base 'https://example.org/files' must end with '/'"),
    (["--contact-url", "/contact"], "contact URL '/contact' is not an absolute IRI"),
    (["--all", "x", "--format", "trig"], "--all writes every format"),
], ids=["bad-issued", "bad-modified", "base-without-slash", "ontology-not-http", "licence-not-iri",
        "modified-before-issued", "email-not-one", "landing-page-relative", "download-base-without-slash",
        "contact-url-relative", "all-with-format"])
def test_cli_bad_options_are_one_line_errors(cli, tmp_path, args, message):
    out = tmp_path / "g.ttl"
    result = cli("export", "--output", out, *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not out.exists()


def test_cli_help_names_every_option(cli):
    result = cli("export", "--help")
    for flag in ("--format", "--output", "--all", "--with-ontology", "--no-description", "--base-iri",
                 "--ontology-iri", "--license", "--issued", "--modified", "--sparql-endpoint", "--publisher",
                 "--contact-name", "--contact-email", "--contact-url", "--landing-page", "--download-base",
                 "--dataset-version"):
        assert flag in result.stdout
    assert "Example:" in result.stdout and "clusterkg export --all" in result.stdout


def test_unknown_format_is_a_clear_error(kg):
    with pytest.raises(ClusterKGError, match=r"unknown format 'n3' \(expected one of: turtle, ntriples, jsonld"):
        serialize(kg, "n3")


def test_a_graph_without_a_source_document_still_exports(graph):
    bare = Graph()
    bare.add((URIRef("https://w3id.org/wmgrowth/id/cluster/x"), RDF.type, GROW.Cluster))
    ds = parse_dataset(serialize(clusterkg.KnowledgeGraph.of(bare), "trig"))
    assert len(ds.graph(URIRef("https://w3id.org/wmgrowth/id/dataset/clusterkg"))) == 1
    # an rdflib graph given as it is stays as it is: its triple in the default graph (issue 21)
    assert serialize(bare, "trig") == (b"<https://w3id.org/wmgrowth/id/cluster/x> a "
                                       b"<https://w3id.org/wmgrowth/def#Cluster> .\n")
    with pytest.raises(ClusterKGError, match="no grow:SourceDocument to describe"):
        serialize(bare, description=True)


def test_jsonld_with_a_context_from_another_graph_still_round_trips(graph, exports):
    """A term coerced to @id or a datatype in the context must not misread a plain value."""
    odd = Graph()
    s = URIRef("https://w3id.org/wmgrowth/id/cluster/x")
    odd.add((s, GROW.locatedIn, Literal("somewhere")))
    odd.add((s, GROW.minJobs, Literal("about 900")))
    odd.add((s, GROW.text, URIRef("https://example.org/a-text")))
    context = json.loads(exports["data-only"][1]["jsonld"])["@context"]
    assert_isomorphic(odd, Graph().parse(data=writers.serialize(odd, "jsonld", context=context), format="json-ld"),
                      "odd values")
