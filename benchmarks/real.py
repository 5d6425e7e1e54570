"""The real data as a user meets it: whole commands, each a new process, timed by run.py.

- ``clusterkg build`` (and ``--no-check``, ``--no-views``) against a bare import of rdflib, networkx,
  pyvis.network and SPARQLWrapper, and against the previous run's time of ``clusterkg build``;
- for every stored query, ``clusterkg query NAME --format csv`` (graph from the query cache, warmed
  once; also ``--no-labels`` and ``--graph graph.ttl``) against the six-line pyoxigraph script of
  issue 10 (load graph.ttl, run the same query text, print CSV) and the minimal rdflib script of the
  previous targets.

Commands of one comparison take turns within each round, so a busy moment hits them alike; each
figure is the median of at least five runs.
"""

from __future__ import annotations

import csv
import io
import json
import resource
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
CLUSTERKG = [PYTHON, "-m", "clusterkg"]
BARE_IMPORT = "import rdflib, networkx, pyvis.network, SPARQLWrapper"

# Issue 10's "six-line script": graph.ttl into pyoxigraph, the query text, CSV out.
SIX_LINE_SCRIPT = """\
import sys
import pyoxigraph as ox
store = ox.Store()
store.load(path=sys.argv[1], format=ox.RdfFormat.TURTLE)
text = open(sys.argv[2], encoding="utf-8").read()
sys.stdout.buffer.write(store.query(text).serialize(format=ox.QueryResultsFormat.CSV))
"""


def previous_build(path: Path) -> dict | None:
    """The ``clusterkg build`` time a run is compared with: the ``previous`` a results file carries
    forward, else that file's own real-data figures (read before this run overwrites it)."""
    try:
        results = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    real, env = results.get("real", {}), results.get("environment", {})
    if real.get("previous"):
        return real["previous"]
    if real.get("build_s"):
        return {"build_s": real["build_s"], "bare_import_s": real.get("bare_import_s"),
                "date": env.get("date"), "commit": env.get("commit")}
    return None


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def medians(commands: dict[str, list[str]], runs: int, env: dict, outputs: dict | None = None) -> dict[str, float]:
    """Median wall time of each command over ``runs`` rounds, the commands taking turns in each round,
    after one untimed round (bytecode and caches warmed); under ``"cpu"``, each command's median CPU
    time (user + system); ``outputs`` (if given) gets each command's stdout from the untimed round."""
    times: dict[str, list[float]] = {key: [] for key in commands}
    cpu: dict[str, list[float]] = {key: [] for key in commands}
    for round_ in range(runs + 1):
        for key, cmd in commands.items():
            start, used = time.perf_counter(), _children_cpu()
            done = subprocess.run(cmd, capture_output=True, cwd=ROOT, env=env, timeout=600)
            elapsed, used = time.perf_counter() - start, _children_cpu() - used
            if done.returncode != 0:
                raise RuntimeError(f"{shlex.join(cmd)} failed: {done.stderr.decode(errors='replace')[-300:]}")
            if round_ == 0:
                if outputs is not None:
                    outputs[key] = done.stdout
                continue
            times[key].append(elapsed)
            cpu[key].append(used)
    found: dict = {key: statistics.median(values) for key, values in times.items()}
    found["cpu"] = {key: statistics.median(values) for key, values in cpu.items()}
    return found


def csv_rows(data: bytes) -> int:
    return max(0, sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8-sig")))) - 1)


def real_params(stored, store) -> dict | None:
    """pyoxigraph terms for a query's params on the real graph (benchmarks/steps.py ``param_terms``)."""
    from steps import param_terms  # benchmarks/steps.py

    return param_terms(stored, store)


def rdflib_script(ttl: Path, stored, params: dict) -> str:
    """The previous targets' minimal rdflib script: parse the Turtle, run the query with the params
    bound (``initBindings``), print the rows."""
    bindings = []
    for p in stored.params:
        if p.name in params:
            term = params[p.name]
            value = term.value
            code = f"URIRef({value!r})" if p.type == "iri" else (
                f"Literal({int(value)})" if p.type == "integer" else f"Literal({value!r})")
            bindings.append(f"{p.name!r}: {code}")
    return (
        "import sys\nfrom rdflib import Graph, Literal, URIRef\n"
        f"g = Graph().parse({str(ttl)!r}, format='turtle')\n"
        f"text = open({str(stored.path)!r}, encoding='utf-8').read()\n"
        f"for row in g.query(text, initBindings={{{', '.join(bindings)}}}):\n"
        "    sys.stdout.write('\\t'.join(str(v) for v in row) + '\\n')\n"
    )


def build_commands(work: Path, runs: int, env: dict) -> dict:
    """``clusterkg build`` on the embedded data (default, ``--no-check``, ``--no-views``) beside a bare import."""
    out = work / "real-build"
    found = medians({
        "bare_import_s": [PYTHON, "-c", BARE_IMPORT],
        "build_s": [*CLUSTERKG, "build", "--out", str(out)],
        "build_no_check_s": [*CLUSTERKG, "build", "--no-check", "--out", str(out)],
        "build_no_views_s": [*CLUSTERKG, "build", "--no-views", "--out", str(out)],
    }, runs, env)
    subprocess.run([*CLUSTERKG, "build", "--out", str(out)], capture_output=True, check=True, cwd=ROOT, env=env)
    return found


def query_commands(work: Path, runs: int, env: dict, log) -> dict:
    """Every stored query as commands: ours (cache, ``--no-labels``, ``--graph``) and the two scripts."""
    import pyoxigraph as ox

    from clusterkg.query.catalogue import list_queries
    from clusterkg.query.sparql import bind_values

    ttl = work / "real-build" / "graph.ttl"
    store = ox.Store()
    store.load(path=str(ttl), format=ox.RdfFormat.TURTLE)
    folder = work / "real-queries"
    folder.mkdir(parents=True, exist_ok=True)
    six = folder / "six_line.py"
    six.write_text(SIX_LINE_SCRIPT, encoding="utf-8")
    # `clusterkg query NAME` reads the graph (and parsed query headers) from its cache once warmed
    subprocess.run([*CLUSTERKG, "query", "clusters"], capture_output=True, check=True, cwd=ROOT, env=env)
    found = {}
    for stored in list_queries():
        terms = real_params(stored, store)
        if terms is None:
            found[stored.name] = {"skipped": "no value for a parameter"}
            continue
        rq = folder / f"{stored.name}.rq"  # the query text, params as the VALUES block our engine runs
        rq.write_text(bind_values(stored.text, terms), encoding="utf-8")
        flags = [f"--param={k}={t.value}" for k, t in terms.items()]
        ours = [*CLUSTERKG, "query", stored.name, "--format", "csv", *flags]
        outputs: dict = {}
        entry = medians({
            "query_s": ours,
            "six_line_s": [PYTHON, str(six), str(ttl), str(rq)],
            "query_no_labels_s": [*ours, "--no-labels"],
            "query_graph_s": [*ours, "--graph", str(ttl)],
            "rdflib_script_s": [PYTHON, "-c", rdflib_script(ttl, stored, terms)],
        }, runs, env, outputs)
        entry["params"] = {k: t.value for k, t in terms.items()}
        entry["rows"] = {"ours": csv_rows(outputs["query_s"]), "six_line": csv_rows(outputs["six_line_s"]),
                         "ours_no_labels": csv_rows(outputs["query_no_labels_s"])}
        found[stored.name] = entry
        log(f"  query {stored.name}: {entry['query_s']:.3f} s (--no-labels {entry['query_no_labels_s']:.3f} s, "
            f"--graph {entry['query_graph_s']:.3f} s), six-line {entry['six_line_s']:.3f} s "
            f"= {entry['query_s'] / entry['six_line_s']:.1f}×; rows {entry['rows']}")
    return found


def measure(work: Path, runs: int, env: dict, previous: dict | None, log) -> dict:
    """Everything measured on the real data."""
    log("real data: bare import, clusterkg build")
    real = build_commands(work, runs, env)
    real["runs"] = runs
    if previous:
        real["previous"] = previous
    log(f"  build {real['build_s']:.3f} s (--no-check {real['build_no_check_s']:.3f} s, --no-views "
        f"{real['build_no_views_s']:.3f} s), bare import {real['bare_import_s']:.3f} s")
    real["queries"] = query_commands(work, runs, env, log)
    return real
