"""Hostile input and faults: nothing injected, nothing torn, never a traceback.

Every refusal is one line on stderr naming the file, line and field (or the setting), exit 2, and the
outputs of the previous run untouched, byte for byte and mtime for mtime, with nothing left beside
them. Cases: data (values checked as what they become), files (only regular files of bounded size),
the cache (a damaged file is rebuilt), text that reaches a terminal, output paths of the wrong kind,
faults injected at each rename, and runs killed or interrupted part-way.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest

from clusterkg import outputs
from clusterkg.cli.main import main

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SMMT = "https://w3id.org/wmgrowth/id/organisation/smmt"
BFI = "https://w3id.org/wmgrowth/id/organisation/british-film-institute"
AEROSPACE_NAME = "name: Aerospace (including manufacturing alternative fuels)"


# -- Helpers ----

def run(capsys, *args) -> tuple[int, str, str]:
    """``clusterkg ARGS`` in this process: (exit code, stdout, stderr). An exception fails the test."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def assert_refused(code: int, err: str, *words: str) -> str:
    """Exit 2, one line on stderr holding ``words``, no traceback; returns the line."""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1, f"exit {code}: {err}"
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def snapshot(folder: Path) -> dict:
    """Every entry under ``folder``: relative path -> (bytes or None for a folder, mtime)."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None, p.lstat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))}


def whole(folder: Path) -> bool:
    """Whether ``folder`` is one complete set: its SHA256SUMS lists exactly its files, and each matches."""
    sums = dict(reversed(line.split("  ", 1)) for line in (folder / "SHA256SUMS").read_text().splitlines()
                if not line.startswith("#"))  # clusterkg's record line
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    return set(sums) == present and all(
        hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest for name, digest in sums.items())


@pytest.fixture(scope="session")
def previous_build(tmp_path_factory):
    """graph.ttl and SHA256SUMS of a build of the real data (no views), made once."""
    folder = tmp_path_factory.mktemp("previous") / "build"
    assert main(["build", "--out", str(folder), "--no-views", "--no-check"]) == 0
    return folder


@pytest.fixture
def outputs_dir(tmp_path, previous_build):
    """A folder holding only ``build/``, a copy of the previous build (mtimes kept)."""
    folder = tmp_path / "outputs"
    shutil.copytree(previous_build, folder / "build", copy_function=shutil.copy2)
    return folder


# -- Data: every value checked as what it becomes, before anything is written ----

HOMEPAGE = "aliases: [SMMT]}"  # SMMT has no homepage since issue 26 (none with a source): one is added


def _with_homepage(value: str) -> str:
    return "aliases: [SMMT], " + value + "}"


INJECTION = _with_homepage('homepage: "https://www.smmt.co.uk/> ; <http://www.w3.org/2000/01/rdf-schema#label> '
                           '\\"INJECTED\\" ; <http://xmlns.com/foaf/0.1/homepage> <https://www.smmt.co.uk/"')
ANCHORS = "x1: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
    f"x{n}: &{b} [{', '.join(['*' + a] * 9)}]\n" for n, a, b in ((2, "a", "b"), (3, "b", "c"), (4, "c", "d")))
P, E, PLAN = "profiles/aerospace.yaml", "entities.yaml", "plan.yaml"

# (id, file, old, new, words in the message, field, the line holding this text (None: any line))
DATA_CASES = [
    ("homepage-turtle-injection", E, HOMEPAGE, INJECTION, "is not an IRI: it contains '>'", "entities[0].homepage",
     "slug: smmt"),
    ("homepage-with-space", E, HOMEPAGE, _with_homepage('homepage: "https://www.smmt.co.uk/a b"'), "contains ' '",
     "entities[0].homepage", "slug: smmt"),
    ("homepage-not-web", E, HOMEPAGE, _with_homepage('homepage: "javascript:alert(1)"'), "must be an http or https IRI",
     "entities[0].homepage", "slug: smmt"),
    ("cluster-slug-with-space", P, "slug: aerospace", "slug: aero space", "not a slug", "slug", "slug: aero space"),
    ("entity-slug-with-bracket", E, "{slug: smmt,", '{slug: "smmt>x",', "not a slug", "entities[0].slug", "smmt>x"),
    ("place-slug-capitals", E, "{slug: birmingham,", "{slug: Birmingham,", "not a slug", "places[0].slug",
     "slug: Birmingham"),
    ("output-nan", P, "output_min_gbp: 80000000", "output_min_gbp: .nan", "expected a finite number, got nan",
     "growth.output_min_gbp", "output_min_gbp"),
    ("output-inf", P, "output_max_gbp: 90000000", "output_max_gbp: .inf", "expected a finite number, got inf",
     "growth.output_max_gbp", "output_max_gbp"),
    ("output-negative", P, "output_min_gbp: 80000000", "output_min_gbp: -80000000",
     "expected a number from 0 to 10,000,000,000,000", "growth.output_min_gbp", "output_min_gbp"),
    ("output-1e300", P, "output_max_gbp: 90000000", "output_max_gbp: 1.0e+300", "got 1E+300",
     "growth.output_max_gbp", "output_max_gbp"),
    ("output-thousandth-of-a-penny", P, "output_min_gbp: 80000000", "output_min_gbp: 80000000.001",
     "expected at most two decimal places", "growth.output_min_gbp", "output_min_gbp"),
    ("jobs-negative", P, "jobs_min: 900", "jobs_min: -900", "expected a number from 0 to 100,000,000, got -900",
     "growth.jobs_min", "jobs_min"),
    ("jobs-400-digits", P, "jobs_max: 1000", "jobs_max: 1" + "0" * 400, "expected a number from 0 to 100,000,000",
     "growth.jobs_max", "jobs_max"),
    ("jobs-5000-digits", P, "jobs_max: 1000", "jobs_max: 1" + "0" * 5000, "broken YAML: bad value", None,
     "jobs_max"),
    ("jobs-not-whole", P, "jobs_min: 900", "jobs_min: 900.5", "expected a whole number", "growth.jobs_min",
     "jobs_min"),
    ("min-above-max", P, "jobs_min: 900", "jobs_min: 1001", "jobs_min is greater than jobs_max", "growth.jobs_min",
     "jobs_min"),
    ("target-year-negative", P, "target_year: 2030", "target_year: -2030", "expected a number from 1,900 to 2,200",
     "growth.target_year", "target_year"),
    ("target-year-far", P, "target_year: 2030", "target_year: 20300", "expected a number from 1,900 to 2,200",
     "growth.target_year", "target_year"),
    ("line-beyond-the-page", P, "line: 111", "line: 409", "expected a line number from 1 to 408", "drivers[0].line",
     "line: 409"),
    ("line-zero", P, "line: 111", "line: 0", "expected a line number from 1", "drivers[0].line", "line: 0"),
    ("duplicate-key", P, "jobs_min: 900", "jobs_min: 900\n  jobs_min: 901", "duplicate key 'jobs_min' (first at line",
     None, "jobs_min: 901"),
    ("alias-bomb", P, "slug: aerospace", ANCHORS + "slug: aerospace", "data files take no aliases", None, "x1: &a"),
    ("merge-key", P, "growth:\n", "base: &g {benchmark: uk-average}\ngrowth:\n  <<: *g\n",
     "data files take no aliases", None, "base: &g"),
    ("python-tag", P, "slug: aerospace", "slug: !!python/object/apply:os.system ['touch INJECTED']",
     "broken YAML", None, "python/object"),
    ("date-that-does-not-exist", PLAN, "  issued:\n", "  issued: 2025-02-30\n", "bad value '2025-02-30'", None,
     "issued: 2025-02-30"),
    ("label-not-text", E, "label: SMMT,", "label: [1, 2],", "expected non-empty text", "entities[0].label",
     "slug: smmt"),
    ("unknown-place-with-escapes", P, "place: dudley", 'place: "\\e[2Jatlantis\\e]0;owned\\a"',
     "unknown place '\\x1b[2Jatlantis\\x1b]0;owned\\x07'", "places[1].place", "atlantis"),
]


@pytest.mark.parametrize("case", DATA_CASES, ids=[c[0] for c in DATA_CASES])
def test_bad_data_is_refused_before_anything_is_written(case, data_copy, outputs_dir, capsys, monkeypatch):
    name, rel, old, new, words, field, needle = case
    monkeypatch.chdir(outputs_dir)  # where the python-tag case would have made its file
    edit(data_copy / rel, old, new)
    before = snapshot(outputs_dir)
    started = time.monotonic()
    code, out, err = run(capsys, "build", "--data", data_copy, "--out", outputs_dir / "build", "--no-check")
    line = assert_refused(code, err, str(data_copy / rel), words)
    assert time.monotonic() - started < 20 and len(line) < 400  # an alias bomb neither expands nor is quoted
    assert "\x1b" not in err and "\x07" not in err
    if field:
        assert f"(field '{field}')" in line
    assert f", line {line_of(data_copy / rel, needle)}" in line
    assert snapshot(outputs_dir) == before and out == ""


def test_an_alias_with_spaces_around_it_is_trimmed(data_copy, tmp_path, capsys):
    edit(data_copy / E, "aliases: [British Film Institute, BFI]", 'aliases: [British Film Institute, "  BFI "]')
    code, _, err = run(capsys, "build", "--data", data_copy, "--out", tmp_path / "out", "--no-views")
    assert code == 0, err
    store = ox.Store()
    store.load(path=str(tmp_path / "out" / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    alt = {q.object.value for q in store.quads_for_pattern(
        ox.NamedNode(BFI), ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel"), None)}
    assert alt == {"BFI"}
    mentioned_by = list(store.quads_for_pattern(None, ox.NamedNode("https://w3id.org/wmgrowth/def#mentions"),
                                                ox.NamedNode(BFI)))
    assert mentioned_by  # the trimmed alias still finds the page's "BFI"


def test_the_injected_homepage_never_reaches_the_cache_or_a_query(data_copy, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CLUSTERKG_CACHE_DIR", str(tmp_path / "cache"))
    edit(data_copy / E, HOMEPAGE, INJECTION)
    code, out, err = run(capsys, "query", "--data", data_copy, "--sparql",
                         f"SELECT ?l WHERE {{ <{SMMT}> <{RDFS_LABEL}> ?l }}", "--format", "csv")
    assert_refused(code, err, "entities[0].homepage")
    assert out == "" and not list((tmp_path / "cache").glob("graph-*"))


# -- Files: only regular files of bounded size are read ----

def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _dev_zero(path: Path) -> None:
    path.unlink()
    path.symlink_to("/dev/zero")


def _loop(path: Path) -> None:
    path.unlink()
    path.symlink_to(path.name)  # a link to itself


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _too_big(path: Path) -> None:
    with open(path, "r+b") as f:  # sparse: no disk used
        f.truncate(65 * 1024 ** 2)


FILE_CASES = [
    ("profile-is-a-fifo", P, _fifo, "not a regular file (a FIFO, a device or a socket)"),
    ("profile-links-to-dev-zero", P, _dev_zero, "not a regular file (a FIFO, a device or a socket)"),
    ("profile-links-to-itself", P, _loop, "cannot read file: Too many levels of symbolic links"),
    ("entities-is-a-folder", E, _folder, "not a regular file (a folder)"),
    ("profile-of-65-mib", P, _too_big, "larger than 64 MiB: refused"),
    ("page-is-a-fifo", "source/cluster-growth-profiles.txt", _fifo, "not a regular file"),
    ("page-links-to-dev-zero", "source/cluster-growth-profiles.txt", _dev_zero, "not a regular file"),
]


@pytest.mark.parametrize("case", FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_only_regular_files_of_bounded_size_are_read(case, data_copy, outputs_dir, cli):
    _, rel, damage, words = case
    damage(data_copy / rel)
    before = snapshot(outputs_dir)
    started = time.monotonic()
    result = cli("build", "--data", data_copy, "--out", outputs_dir / "build", timeout=60)  # a hang fails here
    assert_refused(result.returncode, result.stderr, str(data_copy / rel), words)
    assert time.monotonic() - started < 30
    assert snapshot(outputs_dir) == before


@pytest.mark.parametrize("option", ["--graph", "--file"])
def test_a_query_never_waits_on_a_fifo(option, tmp_path, cli):
    fifo = tmp_path / ("in.ttl" if option == "--graph" else "in.rq")
    os.mkfifo(fifo)
    args = ("clusters", option, fifo) if option == "--graph" else (option, fifo)
    result = cli("query", *args, timeout=60)
    assert_refused(result.returncode, result.stderr, str(fifo), "not a regular file")


def test_validate_names_bad_turtle_in_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix x: <http://x/> .\nx:a x:b "no end .\nx:c x:d x:e .\n', encoding="utf-8")
    code, _, err = run(capsys, "validate", bad)
    assert_refused(code, err, str(bad), "not valid Turtle")


# -- The cache: a file that is not whole is never served ----

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/wmgrowth/def#Cluster> }"


def _cut(path):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _emptied(path):
    path.write_bytes(b"")


def _edited(path):  # a well-formed file that says something else, its checksum untouched
    path.write_bytes(path.read_bytes().replace(b"Cluster>", b"Thing>", 4))


def _replaced_by_fifo(path):
    path.unlink()
    os.mkfifo(path)


@pytest.mark.parametrize("damage", [_cut, _emptied, _edited, _replaced_by_fifo],
                         ids=["cut", "emptied", "edited", "a-fifo"])
def test_a_damaged_cache_file_is_rebuilt(damage, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CLUSTERKG_CACHE_DIR", str(tmp_path / "cache"))
    assert run(capsys, "query", "--sparql", COUNT, "--format", "csv")[1] == "n\r\n8\r\n"
    [cached] = (tmp_path / "cache").glob("graph-*.nt")
    whole_file = cached.read_bytes()
    damage(cached)
    code, out, err = run(capsys, "query", "--sparql", COUNT, "--format", "csv")
    assert (code, out, err) == (0, "n\r\n8\r\n", "")
    assert cached.is_file() and cached.read_bytes() == whole_file  # written afresh


def test_an_edited_query_header_cache_is_not_served(capsys, tmp_path, monkeypatch):
    from tests.conftest import run_cli

    monkeypatch.setenv("CLUSTERKG_CACHE_DIR", str(tmp_path / "cache"))
    query = tmp_path / "q.rq"
    query.write_text("#+ summary: Count the clusters\n" + COUNT + "\n", encoding="utf-8")
    assert run(capsys, "query", "--file", query, "--format", "csv")[0] == 0
    [header] = (tmp_path / "cache" / "headers").glob("*.json")
    header.write_text('{"summary": "x", "params": [{"name": "c", "type": "nonsense"}]}', encoding="utf-8")
    result = run_cli("query", "--file", query, "--format", "csv", env={"CLUSTERKG_CACHE_DIR": str(tmp_path / "cache")})
    assert (result.returncode, result.stdout, result.stderr) == (0, "n\n8\n", "")
    assert "Count the clusters" in header.read_text(encoding="utf-8")


# -- Text that reaches a terminal, and what writers make of any Unicode ----

ESCAPES = "\\e[2J\\e]0;owned\\a\\e[31m"


def test_data_text_reaches_a_table_without_escape_sequences(data_copy, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CLUSTERKG_CACHE_DIR", str(tmp_path / "cache"))
    edit(data_copy / E, "label: SMMT,", f'label: "SMMT{ESCAPES}\\x01",')
    code, out, err = run(capsys, "query", "--data", data_copy, "--sparql",
                         f"SELECT ?l WHERE {{ <{SMMT}> <{RDFS_LABEL}> ?l }}")
    assert code == 0, err
    assert "SMMT" in out and not any(c in out for c in "\x1b\x07\x01\x9b")


def test_a_quality_note_reaches_the_build_summary_without_escape_sequences(data_copy, tmp_path, capsys):
    edit(data_copy / E, "label: SMMT,", f'label: "0 SMMT", quality_note: "{ESCAPES}a note\\x01\\u202e!",')
    code, out, err = run(capsys, "build", "--data", data_copy, "--out", tmp_path / "out", "--no-views", "--no-check")
    assert code == 0, err
    assert "  0 SMMT: a note!" in out.splitlines()  # sorted first of the notes shown
    assert not any(c in out for c in "\x1b\x07\x01\u202e")


def test_a_server_error_is_printed_clean_and_without_credentials(cli):
    from tests.servers import answering

    def respond(path, headers, body):  # a server that echoes the request's headers into its error
        echo = f"\x1b[2J\x1b]0;owned\x07 bad request; you sent Authorization: {headers.get('Authorization')}"
        return 500, {"Content-Type": "text/plain"}, echo.encode()

    env = {"CLUSTERKG_ENDPOINT_USER": "alice", "CLUSTERKG_ENDPOINT_PASSWORD": "s3cret-pw"}
    with answering(respond) as (url, seen):
        result = cli("query", "clusters", "--endpoint", url + "/sparql", env=env)
    sent = seen[0][1]["Authorization"]
    assert sent.startswith("Basic ")  # the server did see (and echo) the token
    line = assert_refused(result.returncode, result.stderr, "HTTP 500", "Authorization: Basic ***")
    assert sent.split()[1] not in line and "s3cret-pw" not in line and "\x1b" not in line and "\x07" not in line


XML_FORMATS = [".graphml", ".gexf"]


@pytest.mark.parametrize("suffix", XML_FORMATS)
def test_a_network_file_is_well_formed_whatever_the_labels_hold(suffix, data_copy, tmp_path, capsys):
    edit(data_copy / E, "label: SMMT,", 'label: "SM\\x01MT\\u2028\\uFFFE",')
    target = tmp_path / f"net{suffix}"
    code, _, err = run(capsys, "network", "--data", data_copy, "--export", target)
    assert code == 0, err
    texts = [text for e in ET.parse(target).iter() for text in (e.text, *e.attrib.values())]  # malformed: raises
    assert "SM\ufffdMT\u2028\ufffd" in texts


RDF_FORMATS = {"turtle": ("graph.ttl", "TURTLE"), "ntriples": ("graph.nt", "N_TRIPLES"), "trig": ("graph.trig", "TRIG"),
               "jsonld": ("graph.jsonld", "JSON_LD"), "rdfxml": ("graph.rdf", "RDF_XML")}


@pytest.mark.parametrize("text", ["SM\u2028MT\u2029\u0085", "SM\x01MT\x7f"], ids=["line-separators", "controls"])
@pytest.mark.parametrize("format", RDF_FORMATS)
def test_every_rdf_format_holds_any_label_or_refuses_it_in_one_line(format, text, data_copy, tmp_path, capsys):
    escaped = text.encode("unicode_escape").decode("ascii").replace("\\x", "\\x")
    edit(data_copy / E, "label: SMMT,", f'label: "{escaped}",')
    name, parser = RDF_FORMATS[format]
    target = tmp_path / name
    code, _, err = run(capsys, "export", "--data", data_copy, "--format", format, "--output", target,
                       "--no-description")
    if format == "rdfxml" and "\x01" in text:  # XML 1.0 cannot hold U+0001
        assert_refused(code, err, "XML")
        assert not target.exists() and list(tmp_path.iterdir()) == [data_copy]
        return
    assert code == 0, err
    quads = ox.parse(path=str(target), format=getattr(ox.RdfFormat, parser))
    labels = {q.object.value for q in quads if q.subject.value == SMMT and q.predicate.value == RDFS_LABEL}
    assert labels == {text}


# -- Output paths of the wrong kind ----

def test_build_out_naming_a_file(tmp_path, capsys):
    (tmp_path / "f").write_text("mine\n")
    code, _, err = run(capsys, "build", "--out", tmp_path / "f")
    assert_refused(code, err, "is a file: --out names a folder")
    assert (tmp_path / "f").read_text() == "mine\n"


@pytest.mark.parametrize("args, words", [
    (("export", "--format", "turtle", "--output", "{dir}"), "is a folder"),
    (("export", "--format", "turtle", "--output", "{file}/graph.ttl"), "is a file, not a folder"),
    (("query", "clusters", "--output", "{dir}"), "is a folder"),
    (("query", "clusters", "--output", "{tmp}/missing/clusters.xlsx"), "no such folder"),
    (("export", "--all", "{file}"), "is a file, not a folder"),
    (("network", "--export", "{dir}/x.txt"), "unknown network file type"),
], ids=["export-onto-a-folder", "export-under-a-file", "query-onto-a-folder", "xlsx-in-a-missing-folder",
        "export-all-onto-a-file", "network-export-unknown-type"])
def test_output_paths_of_the_wrong_kind(args, words, tmp_path, capsys):
    (tmp_path / "dir").mkdir()
    (tmp_path / "file").write_text("mine\n")
    before = snapshot(tmp_path)
    filled = [a.format(dir=tmp_path / "dir", file=tmp_path / "file", tmp=tmp_path) for a in args]
    code, _, err = run(capsys, *filled)
    assert_refused(code, err, words)
    assert snapshot(tmp_path) == before


def test_a_folder_holding_other_files_is_refused_and_left_alone(outputs_dir, capsys):
    (outputs_dir / "build" / "notes.txt").write_text("mine\n")
    before = snapshot(outputs_dir)
    code, _, err = run(capsys, "build", "--out", outputs_dir / "build", "--no-views")
    assert_refused(code, err, "holds files that are not from a previous build (notes.txt)")
    assert snapshot(outputs_dir) == before


# -- Faults at each rename: the previous set or the new one, nothing beside it ----

def _fail(*args, **kwargs):
    raise OSError(5, "Input/output error (injected)")


def _no_exchange(a, b):
    return False  # as on a system without renameat2


def _rename_failing_at(n: int):
    real, calls = os.rename, []

    def rename(src, dst, *args, **kwargs):
        calls.append(dst)
        if len(calls) == n:
            raise OSError(5, "Input/output error (injected)")
        return real(src, dst, *args, **kwargs)
    return rename


FAULTS = {  # name -> what to put in place of outputs.exchange, os.rename (a fresh count each time), os.replace
    "exchange-fails": lambda: {"exchange": _fail},
    "fallback-rename-aside-fails": lambda: {"exchange": _no_exchange, "rename": _rename_failing_at(1)},
    "fallback-rename-into-place-fails": lambda: {"exchange": _no_exchange, "rename": _rename_failing_at(2)},
    "graph-write-fails": lambda: {"replace": _fail},
}


def _inject(monkeypatch, name: str) -> None:
    fault = FAULTS[name]()
    if "exchange" in fault:
        monkeypatch.setattr(outputs, "exchange", fault["exchange"])
    if "rename" in fault:
        monkeypatch.setattr(outputs.os, "rename", fault["rename"])
    if "replace" in fault:
        monkeypatch.setattr(os, "replace", fault["replace"])


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_a_build_failing_at_a_rename_leaves_the_previous_build(fault, outputs_dir, data_copy, capsys, monkeypatch):
    edit(data_copy / P, AEROSPACE_NAME, "name: Aerospace, the new build")
    before = snapshot(outputs_dir)
    _inject(monkeypatch, fault)
    code, _, err = run(capsys, "build", "--data", data_copy, "--out", outputs_dir / "build", "--no-check")
    assert_refused(code, err, "Input/output error (injected)")
    monkeypatch.undo()
    assert snapshot(outputs_dir) == before


def test_a_first_build_failing_at_its_rename_leaves_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(outputs.os, "rename", _fail)
    code, _, err = run(capsys, "build", "--out", tmp_path / "outputs" / "build", "--no-views")
    assert_refused(code, err, "Input/output error (injected)")
    monkeypatch.undo()
    assert list((tmp_path / "outputs").iterdir()) == []


def test_a_build_whose_views_fail_leaves_the_previous_build(outputs_dir, capsys, monkeypatch):
    from clusterkg import ClusterKGError, KnowledgeGraph

    def broken(self, folder):
        (Path(folder) / "index.html").write_text("half a page")
        raise ClusterKGError("the views failed (injected)")

    monkeypatch.setattr(KnowledgeGraph, "write_views", broken)
    before = snapshot(outputs_dir)
    code, _, err = run(capsys, "build", "--out", outputs_dir / "build")
    assert_refused(code, err, "the views failed (injected)")
    assert snapshot(outputs_dir) == before


NESTED = {"SHA256SUMS": b"", "graph.ttl": b"new graph\n", "site/cluster/aerospace.html": b"<p>new</p>\n"}


def _publication(files: dict) -> dict:
    files = {k: v for k, v in files.items() if k != "SHA256SUMS"}
    return {**files, "SHA256SUMS": outputs_checksums(files)}


def outputs_checksums(files: dict) -> bytes:
    return (outputs.RECORD_LINE + "".join(f"{hashlib.sha256(v).hexdigest()}  {k}\n"
                                          for k, v in sorted(files.items()))).encode()


@pytest.mark.parametrize("fault", [f for f in FAULTS if f != "graph-write-fails"])
def test_an_export_all_failing_at_a_rename_leaves_the_previous_folder(fault, tmp_path, monkeypatch):
    from clusterkg.publication.folder import write_folder

    folder = tmp_path / "outputs" / "pub"
    write_folder(folder, _publication({"graph.ttl": b"old graph\n", "site/index.html": b"<p>old</p>\n"}))
    assert whole(folder)
    before = snapshot(tmp_path / "outputs")
    _inject(monkeypatch, fault)
    with pytest.raises(OSError, match="injected"):
        write_folder(folder, _publication(NESTED))
    monkeypatch.undo()
    assert snapshot(tmp_path / "outputs") == before
    write_folder(folder, _publication(NESTED))  # and nested files replace it when nothing fails
    assert whole(folder) and (folder / "site/cluster/aerospace.html").read_bytes() == b"<p>new</p>\n"
    assert sorted(p.name for p in (tmp_path / "outputs").iterdir()) == ["pub"]


def test_an_export_all_refuses_a_folder_with_other_nested_files(tmp_path):
    from clusterkg import ClusterKGError
    from clusterkg.publication.folder import write_folder

    folder = tmp_path / "pub"
    write_folder(folder, _publication({"site/index.html": b"old\n"}))
    (folder / "site" / "mine.txt").write_text("mine\n")
    with pytest.raises(ClusterKGError, match=r"not from a previous 'export --all' \(site/mine\.txt\)"):
        write_folder(folder, _publication(NESTED))
    assert (folder / "site" / "mine.txt").read_text() == "mine\n"


# -- Runs killed or interrupted part-way; the next run cleans up ----

HOOK = textwrap.dedent("""
    import os, signal, sys, time
    from clusterkg import fileio, outputs
    from clusterkg.cli.main import main
    from clusterkg.kg import KnowledgeGraph
    kill = lambda: os.kill(os.getpid(), signal.SIGKILL)
    # Ctrl-C as at a terminal, even where the test run itself was started in the background (a shell
    # starts background jobs with SIGINT ignored, and Python then installs no KeyboardInterrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    {patch}
    sys.exit(main(sys.argv[1:]))
""")
HOOKS = {
    # between graph.ttl and the views
    "before-the-views": "KnowledgeGraph.write_views = lambda self, folder: kill()",
    # at the swap, and just after it
    "at-the-exchange": "outputs.exchange = lambda a, b: kill()",
    "after-the-exchange": "real = outputs.exchange\n"
                          "def exchange(a, b):\n    real(a, b); kill()\n"
                          "outputs.exchange = exchange",
    # without an exchange: between moving the previous folder aside and moving the new one in
    "between-the-fallback-renames": "outputs.exchange = lambda a, b: False\nreal = os.rename\n"
                                    "def rename(a, b):\n    real(a, b)\n    if str(b).endswith('previous'): kill()\n"
                                    "os.rename = rename",
}


def _hooked(patch: str, *args) -> subprocess.CompletedProcess:
    """``clusterkg ARGS`` in a subprocess with ``patch`` applied first (it kills or interrupts the run)."""
    return subprocess.run([sys.executable, "-c", HOOK.format(patch=patch), *map(str, args)], capture_output=True,
                          text=True, timeout=180)


@pytest.mark.parametrize("hook", HOOKS, ids=list(HOOKS))
def test_a_killed_build_leaves_one_whole_set_and_the_next_build_cleans_up(hook, tmp_path, data_copy, cli):
    out = tmp_path / "outputs" / "build"
    assert cli("build", "--out", out).returncode == 0
    old = snapshot(out)
    edit(data_copy / P, AEROSPACE_NAME, "name: Aerospace, the new build")
    result = _hooked(HOOKS[hook], "build", "--data", data_copy, "--out", out, "--no-check")
    assert result.returncode == -signal.SIGKILL, result.stderr
    left = sorted(p.name for p in out.parent.iterdir())
    staging = [name for name in left if name.startswith(".build.") and name.endswith(".tmp")]
    assert ".build.lock" in left and len(staging) == 1  # what the killed run held, left beside the folder
    if hook == "between-the-fallback-renames":  # no folder until the next run puts the previous one back
        assert "build" not in left and len([name for name in left if name.endswith(".old")]) == 1
    elif hook == "after-the-exchange":  # the new set, whole, in both graph.ttl and the views
        assert whole(out)
        assert all("the new build" in (out / name).read_text(encoding="utf-8") for name in ("graph.ttl", "index.html"))
    else:
        assert snapshot(out) == old
    result = cli("build", "--out", out)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.parent.iterdir()) == ["build"] and whole(out)
    assert snapshot(out).keys() == old.keys()


def test_an_interrupted_build_cleans_up_after_itself(tmp_path, cli):
    out = tmp_path / "outputs" / "build"
    assert cli("build", "--out", out, "--no-views").returncode == 0
    old = snapshot(out)
    result = _hooked("KnowledgeGraph.write_views = lambda self, folder: (os.kill(os.getpid(), signal.SIGINT), "
                     "time.sleep(10))", "build", "--out", out)
    assert result.returncode == 130 and result.stderr.strip() == "interrupted", result.stderr
    assert snapshot(out) == old and sorted(p.name for p in out.parent.iterdir()) == ["build"]


def test_an_export_all_killed_between_its_renames_is_recovered_by_the_next(tmp_path, cli):
    folder = tmp_path / "outputs" / "pub"
    script_args = ("export", "--all", folder)
    assert cli(*script_args).returncode == 0
    old = snapshot(folder)
    result = _hooked(HOOKS["between-the-fallback-renames"], *script_args, "--issued", "2025-05-05")
    assert result.returncode == -signal.SIGKILL
    assert not folder.exists()
    result = cli(*script_args)  # puts the previous folder back, then replaces it
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in folder.parent.iterdir()) == ["pub"]
    assert whole(folder) and snapshot(folder).keys() == old.keys()


def test_what_killed_runs_of_earlier_versions_left_inside_the_folder_goes_with_it(outputs_dir, capsys):
    build = outputs_dir / "build"
    for name in (".graph.ttl.k2j4x9aa.tmp", ".index.html.staged", ".graph.ttl.4242.k2j4x9ab.tmp"):
        (build / name).write_text("half a file")
    code, _, err = run(capsys, "build", "--out", build, "--no-views")
    assert code == 0, err
    assert sorted(p.name for p in build.iterdir()) == ["SHA256SUMS", "graph.ttl"]
    assert sorted(p.name for p in outputs_dir.iterdir()) == ["build"]


def test_a_killed_export_leaves_a_temporary_file_the_next_one_removes(tmp_path, cli):
    target = tmp_path / "graph.ttl"
    patch = ("real = fileio.os.fdopen\nclass Killer:\n"
             "    def __init__(self, f): self.f = f\n    def __enter__(self): return self\n"
             "    def __exit__(self, *a): pass\n"
             "    def write(self, data): self.f.write(data[:100]); self.f.flush(); kill()\n"
             "fileio.os.fdopen = lambda fd, mode: Killer(real(fd, mode))")
    result = _hooked(patch, "export", "--format", "turtle", "--output", target)
    assert result.returncode == -signal.SIGKILL
    [left] = list(tmp_path.iterdir())
    assert re.fullmatch(r"\.graph\.ttl\.\d+\.[a-z0-9_]{8}\.tmp", left.name)  # named after the killed process
    assert cli("export", "--format", "turtle", "--output", target).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_two_builds_at_once_give_one_whole_set(tmp_path, data_copy):
    out = tmp_path / "outputs" / "build"
    variants = []
    for tag in ("A", "B"):
        folder = tmp_path / f"data-{tag}"
        shutil.copytree(data_copy, folder)
        edit(folder / P, AEROSPACE_NAME, f"name: Aerospace variant {tag}")
        variants.append(folder)
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    for _ in range(2):
        runs = [subprocess.Popen([sys.executable, "-m", "clusterkg", "build", "--data", str(d), "--out", str(out),
                                  "--no-check"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
                for d in variants]
        for proc in runs:
            _, err = proc.communicate(timeout=180)
            assert proc.returncode == 0, err
        assert whole(out)
        graph, index = ((out / name).read_text(encoding="utf-8") for name in ("graph.ttl", "index.html"))
        tags = {tag for tag in "AB" if f"Aerospace variant {tag}" in graph}
        assert len(tags) == 1 and f"Aerospace variant {tags.pop()}" in index
        assert sorted(p.name for p in out.parent.iterdir()) == ["build"]
