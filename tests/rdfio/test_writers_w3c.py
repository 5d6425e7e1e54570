"""Outside truth for the writers: every positive test of the W3C RDF 1.1 and RDF 1.2 suites for Turtle, TriG,
N-Triples, N-Quads and RDF/XML (924 inputs, copied into tests/data/w3c-rdf-tests), given to
``clusterkg.serialize`` as a pyoxigraph Store, as an rdflib Graph or Dataset and as a file, in every format,
read back by pyoxigraph, must give the same dataset (compared in RDFC-1.0 canonical form): the dataset
formats (TriG, N-Quads, JSON-LD) the whole dataset, the triple formats (Turtle, N-Triples, RDF/XML) the union
of its graphs. Where the format cannot hold the input, a ClusterKGError naming the format instead.

- A Store is compared with what the Store holds: a pyoxigraph Store keeps only the value of the typed
  literals it knows (``"01"^^xsd:byte`` goes in, ``"1"^^xsd:integer`` comes out), before any writer sees it.
  The rdflib and file sources keep every lexical form and datatype, and are compared with the input itself.
- The rdflib source covers the inputs rdflib 7 can hold: no RDF 1.2 triple term or base direction.
- rapper (Raptor 2, RDF 1.1 only) reads back the file source's Turtle, TriG, N-Triples and N-Quads for every
  input without RDF 1.2 terms, and its RDF/XML for the RDF/XML suite's inputs (one process per document
  is 30 ms: documents without blank nodes are read in batches, concatenated, which the line formats and
  Turtle/TriG allow).
- pyld reads back the file source's JSON-LD (inputs without RDF 1.2 terms).
Each input is parsed once for the module.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pyoxigraph as ox
import pytest

import clusterkg
from clusterkg.errors import ClusterKGError
from tests.w3csuite import (
    EXPECTED_COUNT,
    SUITES,
    Case,
    canonical,
    difference,
    doubles_by_value,
    has_nul,
    positive_tests,
    to_rdflib,
    xml_forbidden_literal,
)

CASES = positive_tests()
FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
           "rdfxml": ox.RdfFormat.RDF_XML, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}
DATASET_FORMATS = {"trig", "nquads", "jsonld"}
# Worked out by hand from the input files: property IRIs RDF/XML cannot write as an element name (no XML
# name at the end of the IRI), beyond the literals with characters XML 1.0 forbids (found by test code).
RDFXML_PROPERTIES = {
    "rdf11-ttl-turtle-syntax-ln-colons": "property IRIs end in ':1', ':' or ':2'",
    "rdf11-ttl-turtle-syntax-pname-esc-03": "the property IRI ends in 'abc.:'",
    "rdf11-ttl-turtle-syntax-prefix-05": "the property IRI ends in '/'",
    "rdf11-ttl-turtle-syntax-prefix-09": "the property IRI ends in '%25'",
    "rdf11-trig-trig-syntax-ln-colons": "property IRIs end in ':1', ':' or ':2'",
    "rdf11-trig-trig-syntax-pname-esc-03": "the property IRI ends in 'abc.:'",
    "rdf11-trig-trig-syntax-prefix-05": "the property IRI ends in '/'",
    "rdf11-trig-trig-syntax-prefix-09": "the property IRI ends in '%25'",
    "rdf11-trig-trig-syntax-minimal-whitespace-01": "the property IRI <http://example/c/> ends in '/'",
}


def test_every_positive_test_is_here():
    assert len(CASES) == EXPECTED_COUNT
    assert {c.id.split("-")[0] for c in CASES} == {"rdf11", "rdf12"}


@pytest.fixture(scope="module")
def sources() -> dict:
    """kind -> case id -> (the source, the quads it holds); each made once."""
    stores, graphs = {}, {}
    for case in CASES:
        store = ox.Store()
        store.extend(case.quads)
        stores[case.id] = (store, list(store))
        if not case.rdf12:
            graphs[case.id] = (to_rdflib(case.quads), case.quads)
    return {"store": stores, "rdflib": graphs, "file": {c.id: (c.path, c.quads) for c in CASES}}


def refusal(case: Case, format: str) -> str | None:
    """What the error must name when ``format`` cannot hold the input, else None."""
    if format == "jsonld" and case.triple_term:
        return "JSON-LD"
    if format == "rdfxml" and (xml_forbidden_literal(case) or case.id in RDFXML_PROPERTIES):
        return "RDF/XML"
    return None


def expected_dataset(quads: list, format: str) -> list[str]:
    return canonical(quads if format in DATASET_FORMATS else [ox.Quad(q.subject, q.predicate, q.object)
                                                               for q in quads])


def check(case: Case, source, quads: list, format: str) -> str | None:
    """Why ``source`` written in ``format`` and read back by pyoxigraph is not the dataset ``quads``."""
    refused = refusal(case, format)
    try:
        data = clusterkg.serialize(source, format)
    except ClusterKGError as exc:
        return None if refused and refused in str(exc) and "\n" not in str(exc) else f"refused: {exc}"
    if refused:
        return f"written, though {refused} cannot hold it"
    got = canonical(ox.parse(data, format=FORMATS[format]))
    expected = expected_dataset(quads, format)
    return None if got == expected else difference(expected, got)


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("kind", ["store", "rdflib", "file"])
def test_every_input_comes_back_the_same(sources, kind, format):
    failures = []
    for case in CASES:
        if case.id in sources[kind]:
            problem = check(case, *sources[kind][case.id], format)
            if problem:
                failures.append(f"{case.id}: {problem}")
    assert not failures, f"{len(failures)} of {len(sources[kind])}:\n" + "\n".join(failures[:15])


def test_the_expected_refusals_are_the_listed_ones():
    """The hand list names inputs that are in the suites, and RDF/XML refuses exactly 9 + 40 inputs (40 with characters XML 1.0 forbids)."""
    ids = {c.id for c in CASES}
    assert set(RDFXML_PROPERTIES) <= ids
    forbidden = {c.id for c in CASES if xml_forbidden_literal(c)}
    assert not forbidden & set(RDFXML_PROPERTIES)
    assert sum(1 for c in CASES if refusal(c, "rdfxml")) == len(RDFXML_PROPERTIES) + len(forbidden) == 9 + 40
    assert sum(1 for c in CASES if refusal(c, "jsonld")) == 147


# -- rapper ----

RAPPER = {"turtle": "turtle", "ntriples": "ntriples", "trig": "trig", "nquads": "nquads", "rdfxml": "rdfxml"}


def rapper_quads(data: bytes, syntax: str, tmp_path) -> list | str:
    """What rapper reads from ``data``: its quads, or why it could not (exit 1; 2 is warnings only)."""
    path = tmp_path / "doc"
    path.write_bytes(data)
    done = subprocess.run(["rapper", "-q", "-i", syntax, "-o", "nquads", str(path), "http://example.org/base"],
                          capture_output=True, timeout=60)
    if done.returncode not in (0, 2):
        return f"rapper failed: {done.stderr.decode('utf-8', 'replace').strip()[:300]}"
    return list(ox.parse(done.stdout, format=ox.RdfFormat.N_QUADS))


def rapper_cases(format: str) -> list[Case]:
    """The inputs rapper is asked to read back in ``format``: RDF 1.1 only, no U+0000 (see has_nul); RDF/XML
    for the RDF/XML suite's inputs; TriG without a blank node naming a graph (rapper 2.0.15 reads
    ``_:g { ... }`` as a syntax error, though TriG 1.1 allows it: N-Quads checks those graphs)."""
    return [c for c in CASES if not c.rdf12 and not has_nul(c) and not refusal(c, format)
            and (format != "rdfxml" or c.format == ox.RdfFormat.RDF_XML)
            and (format != "trig" or not any(isinstance(q.graph_name, ox.BlankNode) for q in c.quads))]


def as_rapper_reads(quads: list, format: str) -> list[str]:
    return canonical(doubles_by_value(quads) if format in ("turtle", "trig") else quads)


@pytest.mark.parametrize("format", RAPPER)
def test_rapper_reads_back_the_same(format, tmp_path):
    cases = rapper_cases(format)
    written = {c.id: clusterkg.serialize(c.path, format) for c in cases}
    expected = {c.id: expected_dataset(c.quads, format) for c in cases}
    batch = [c for c in cases if not c.blank and format != "rdfxml"]
    got = rapper_quads(b"\n".join(written[c.id] for c in batch), RAPPER[format], tmp_path)
    union = sorted({line for c in batch for line in expected[c.id]})
    alone = [c for c in cases if c not in batch]
    if isinstance(got, str) or as_rapper_reads(got, format) != as_rapper_reads(_quads(union), format):
        alone = cases  # a batch that differs: each document alone names the culprits
    failures = []
    for case in alone:
        got = rapper_quads(written[case.id], RAPPER[format], tmp_path)
        want = as_rapper_reads(_quads(expected[case.id]), format)
        if isinstance(got, str) or as_rapper_reads(got, format) != want:
            failures.append(f"{case.id}: {got if isinstance(got, str) else difference(want, as_rapper_reads(got, format))}")
    assert not failures, f"{len(failures)} of {len(cases)}:\n" + "\n".join(failures[:60])


def _quads(lines: list[str]) -> list:
    return list(ox.parse("".join(f"{line} .\n" for line in lines).encode(), format=ox.RdfFormat.N_QUADS))


# -- pyld ----

def test_pyld_reads_back_the_same_jsonld():
    """Every input without RDF 1.2 terms, written as JSON-LD from the file, read back by pyld (JSON-LD 1.1)."""
    from pyld import jsonld

    failures = []
    cases = [c for c in CASES if not c.rdf12]
    for case in cases:
        document = json.loads(clusterkg.serialize(case.path, "jsonld"))
        nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
        got = canonical(doubles_by_value(ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)))
        want = canonical(doubles_by_value(case.quads))
        if got != want:
            failures.append(f"{case.id}: {difference(want, got)}")
    assert not failures, f"{len(failures)} of {len(cases)}:\n" + "\n".join(failures[:60])


# -- Determinism ----

DIGEST = """
import hashlib, sys
import pyoxigraph as ox
import clusterkg
sys.path.insert(0, {tests!r})
from w3csuite import positive_tests
digest = hashlib.sha256()
for case in positive_tests():
    if not (case.rdf12 or case.blank):
        continue
    store = ox.Store()
    store.extend(ox.parse(path=str(case.path), format=case.format, base_iri=case.path.as_uri(),
                          rename_blank_nodes=True))  # blank-node labels new in every process
    for format in {formats!r}:
        for source in (store, case.path):
            try:
                digest.update(clusterkg.serialize(source, format))
            except clusterkg.ClusterKGError as exc:
                digest.update(str(exc).encode())
print(digest.hexdigest())
"""


def test_the_same_bytes_in_every_process_and_hash_seed():
    """RDF 1.2 inputs and those with blank nodes, from a Store whose blank nodes have new labels in each
    process and from the file, in every format: the same bytes in two processes with different hash seeds."""
    script = DIGEST.format(tests=str(SUITES.parents[2]), formats=list(FORMATS))
    digests = []
    for seed in ("1", "987654"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        digests.append(done.stdout.strip())
    assert digests[0] == digests[1] and len(digests[0]) == 64
    assert hashlib.sha256(b"").hexdigest() not in digests
