"""One measured step, run in its own process by run.py; prints one line of JSON.

``python benchmarks/steps.py STEP --data DIR --ttl FILE [--query NAME] [--out DIR] [--repeat N]``

Each step does its setup (untimed), then times the step ``--repeat`` times (once only when a run
takes longer than ``--long`` seconds). Memory is the process's peak resident set size
(``VmHWM``), so it includes the step's inputs; ``rss_before_mb`` is the peak before the step. The
step ``build-process`` is the exception: it times whole ``clusterkg build`` commands, each a child
process, and reports the child's peak (``ru_maxrss`` from ``os.wait4``; that figure starts from this
small process's own peak, which a child inherits on Linux, and is at least the child's).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
# child processes (clusterkg build) run this tree's clusterkg too, whatever the venv has installed
_SRC = str(ROOT / "src")
os.environ["PYTHONPATH"] = os.pathsep.join(
    [_SRC, *(p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != _SRC)])
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def _rss_mb() -> float:
    """This process's peak resident set size in MB: ``VmHWM``, the high-water mark of its own memory
    since it started. Not ``ru_maxrss``: Linux carries the parent's peak into a child across fork (or
    vfork) and exec, so a child of a large run.py would report run.py's peak as its own."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Times(list):
    """Wall seconds per run, with the process's CPU seconds per run as ``cpu`` (all threads): on a
    shared machine, wall well above CPU means the step waited for a core."""

    def __init__(self):
        super().__init__()
        self.cpu: list[float] = []


GC = {"paused": True}  # set by --gc: the cyclic collector paused in a timed run, as `clusterkg` commands pause it


def _timed(fn, repeat: int, long: float, fresh=None):
    """Run ``fn`` up to ``repeat`` times; returns (Times, last result). ``fresh()``, if given, makes
    ``fn``'s argument before each run, untimed (a new KnowledgeGraph, so that what it caches is
    built again). Each run starts after a full collection, with the collector paused unless --gc on."""
    times, result = Times(), None
    for _ in range(repeat):
        result = None
        arg = fresh() if fresh else None
        gc.collect()
        if GC["paused"]:
            gc.disable()
        try:
            start, cpu = time.perf_counter(), time.process_time()
            result = fn(arg) if fresh else fn()
            times.append(time.perf_counter() - start)
            times.cpu.append(time.process_time() - cpu)
        finally:
            gc.enable()
        if times[-1] > long:
            break
    return times, result


# -- Inputs ----

def _open(args):
    from clusterkg import KnowledgeGraph
    return KnowledgeGraph.from_file(Path(args.ttl))


_FIRST = "SELECT ?s WHERE {{ ?s a <{cls}> }} ORDER BY STR(?s) LIMIT {limit}"
CANDIDATES = 20  # instances tried, by IRI, for a query's one class param


def param_terms(stored, store) -> dict | None:
    """A pyoxigraph term for each param: its default, or an instance of its class. For a query whose
    one param has a class: the first instance (by IRI) of the first ``CANDIDATES`` for which the query
    returns rows on ``store`` (else the first), so that no timed query answers nothing. None when a
    param has no value."""
    import pyoxigraph as ox

    from clusterkg.query.sparql import bind_values

    values, choices = {}, {}
    for p in stored.params:
        if p.classes:
            found = [row[0] for row in store.query(_FIRST.format(cls=p.classes[0], limit=CANDIDATES))]
            if not found:
                return None
            values[p.name], choices[p.name] = found[0], found
        elif p.default is None:
            return None
        elif p.type == "integer":
            values[p.name] = ox.Literal(str(int(p.default)), datatype=ox.NamedNode(XSD_INTEGER))
        elif p.type == "literal":
            values[p.name] = ox.Literal(str(p.default))
        else:
            values[p.name] = ox.NamedNode(str(p.default))
    if len(choices) == 1:
        (name, found), = choices.items()
        for term in found:
            if next(iter(store.query(bind_values(stored.text, {**values, name: term}))), None) is not None:
                values[name] = term
                break
    return values


# -- The pipeline, a stage at a time ----

def step_load(args):
    from clusterkg.source.profiles import load_profiles
    return _timed(lambda: load_profiles(args.data), args.repeat, args.long)[0], {}


def step_build(args):
    from clusterkg.model.graph import build_store
    from clusterkg.source.profiles import load_profiles
    data = load_profiles(args.data)
    times, store = _timed(lambda: build_store(data), args.repeat, args.long)
    return times, {"triples": len(store)}


def step_export(args):
    """Turtle as ``clusterkg build`` writes it: ``KnowledgeGraph.export`` (clusterkg.rdfio.writers)."""
    from clusterkg import KnowledgeGraph
    from clusterkg.model.graph import build_store
    from clusterkg.source.profiles import load_profiles
    kg = KnowledgeGraph(build_store(load_profiles(args.data)))
    before = _rss_mb()
    times, _ = _timed(lambda: kg.export(args.ttl), args.repeat, args.long)
    return times, {"bytes": Path(args.ttl).stat().st_size, "rss_before_mb": before}


def step_check_source(args):
    """``check_source(profiles)``, as ``clusterkg build`` runs it on the profiles it has loaded."""
    from clusterkg.source.profiles import load_profiles
    from clusterkg.source.source_check import check_source
    data = load_profiles(args.data)
    times, report = _timed(lambda: check_source(data), args.repeat, args.long)
    return times, {"problems": len(report.problems), "unlinked": len(report.unlinked)}


def step_open(args):
    """``KnowledgeGraph.from_file`` on the Turtle: Oxigraph's parser into a new store."""
    times, kg = _timed(lambda: _open(args), args.repeat, args.long)
    return times, {"triples": len(kg)}


def step_network(args):
    """``kg.network_report()`` on a new KnowledgeGraph each run (its typed network is built each time)."""
    from clusterkg import KnowledgeGraph
    store = _open(args).store
    before = _rss_mb()
    times, _ = _timed(lambda kg: kg.network_report(), args.repeat, args.long, fresh=lambda: KnowledgeGraph(store))
    return times, {"rss_before_mb": before}


def step_views(args):
    """``kg.write_views(out)`` on a new KnowledgeGraph each run (networks included); how each page is drawn."""
    from clusterkg import KnowledgeGraph
    store = _open(args).store
    out = Path(args.out)
    before = _rss_mb()
    times, paths = _timed(lambda kg: kg.write_views(out), args.repeat, args.long,
                          fresh=lambda: KnowledgeGraph(store))
    modes = {}  # how each page is drawn: physics, precomputed or aggregated (clusterkg.views.layout)
    for path in paths:
        if Path(path).suffix != ".html":
            continue  # the overview's charts (SVG, PNG)
        with open(path, encoding="utf-8") as page:
            found = re.search(r'data-layout="(\w+)"', page.read(1 << 20))
        if found:
            modes[Path(path).name] = found[1]
    return times, {"rss_before_mb": before, "modes": modes,
                   "pages": {Path(p).name: Path(p).stat().st_size for p in paths}}


# -- Stored queries: ours and bare pyoxigraph ----

def _first_call(fn) -> float:
    """One untimed call before the timed ones (reported as ``first_s``): the first query of a process
    also imports what answering it needs, which would otherwise weigh on a median of three."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def step_query(args):
    """``kg.query(NAME, params=...)`` on ``KnowledgeGraph.from_file``: with the name columns (the
    default, one more look-up), or with ``labels=False`` under ``--no-labels``. run.py runs the two in
    separate processes, so that one timing out leaves the other's figures."""
    from clusterkg.query.catalogue import get_query

    start = time.perf_counter()
    kg = _open(args)
    load = time.perf_counter() - start
    stored = get_query(args.query)
    terms = param_terms(stored, kg.store)
    if terms is None:
        return [], {"skipped": "no value for a parameter"}
    params = {k: v.value for k, v in terms.items()}  # as a user gives them: IRIs and plain values
    labels = not args.no_labels
    before = _rss_mb()
    first = _first_call(lambda: kg.query(args.query, params=params, labels=False))
    times, result = _timed(lambda: kg.query(args.query, params=params, labels=labels), args.repeat, args.long)
    return times, {"rows": len(result.rows), "columns": len(result.columns), "labels": labels,
                   "first_s": first, "load_s": load, "params": params, "rss_before_mb": before}


def step_pyoxigraph(args):
    """The same SPARQL text, params as the same ``VALUES`` block, on a bare pyoxigraph Store; rows
    read out as lists of terms."""
    import pyoxigraph as ox

    from clusterkg.query.catalogue import get_query
    from clusterkg.query.sparql import bind_values

    start = time.perf_counter()
    store = ox.Store()
    store.load(path=str(args.ttl), format=ox.RdfFormat.TURTLE)
    load = time.perf_counter() - start
    stored = get_query(args.query)
    terms = param_terms(stored, store)
    if terms is None:
        return [], {"skipped": "no value for a parameter"}
    text = bind_values(stored.text, terms)

    def run():
        result = store.query(text)
        if isinstance(result, ox.QuerySolutions):
            return [list(solution) for solution in result]
        return list(result) if not isinstance(result, ox.QueryBoolean) else [bool(result)]

    before = _rss_mb()
    first = _first_call(run)
    times, rows = _timed(run, args.repeat, args.long)
    return times, {"rows": len(rows), "first_s": first, "load_s": load, "rss_before_mb": before}


# -- Whole commands and the browser ----

def step_build_process(args):
    """``clusterkg build --data DIR --out OUT`` (``--no-check`` with ``--no-check``) as a child
    process, into an emptied folder each run: wall time, and the child's peak RSS from ``os.wait4``."""
    cmd = [sys.executable, "-m", "clusterkg", "build", "--data", str(args.data), "--out", str(args.out)]
    cmd += ["--no-check"] if args.no_check else []
    times, peaks = Times(), []
    for _ in range(args.repeat):
        shutil.rmtree(args.out, ignore_errors=True)
        with tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT)
            _, status, usage = os.wait4(child.pid, 0)
            times.append(time.perf_counter() - start)
            child.returncode = os.waitstatus_to_exitcode(status)
            if child.returncode != 0:
                err.seek(0)
                last = (err.read().decode(errors="replace").strip().splitlines() or ["(no message)"])[-1]
                raise SystemExit(f"clusterkg build exited {child.returncode}: {last}")
        peaks.append(usage.ru_maxrss / 1024)
        times.cpu.append(usage.ru_utime + usage.ru_stime)
        if times[-1] > args.long:
            break
    return times, {"peak_mb": max(peaks), "child_peaks_mb": peaks, "command": " ".join(cmd[1:])}


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]


def _page_runs(browser, html: Path, args) -> list[dict]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    runs = []
    for _ in range(args.repeat):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        start = time.perf_counter()
        page.goto(html.resolve().as_uri(), wait_until="load", timeout=args.long * 1000)
        loaded = time.perf_counter() - start
        settled = loaded
        if page.query_selector("#network") is not None:
            try:
                page.wait_for_function("document.body.getAttribute('data-ready') === 'true'",
                                       timeout=args.long * 1000, polling=50)
                settled = time.perf_counter() - start
            except PlaywrightTimeout:
                settled = None
        context.close()
        runs.append({"load_s": loaded, "settle_s": settled})
        if settled is None or settled > args.long:
            break
    return runs


def step_browser(args):
    """Headless Chromium: time to ``load`` and to settle (``body[data-ready]``) for each page in ``--out``."""
    from playwright.sync_api import sync_playwright

    pages = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        for html in sorted(Path(args.out).glob("*.html")):
            pages[html.name] = {"bytes": html.stat().st_size, "runs": _page_runs(browser, html, args)}
        browser.close()
    return [], {"pages": pages}


STEPS = {name[5:].replace("_", "-"): fn for name, fn in globals().items() if name.startswith("step_")}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=sorted(STEPS))
    parser.add_argument("--data", help="synthetic data folder")
    parser.add_argument("--ttl", help="the graph as Turtle (written by 'export', read by the others)")
    parser.add_argument("--query", help="stored query name")
    parser.add_argument("--out", help="output folder ('views', 'browser', 'build-process')")
    parser.add_argument("--no-check", action="store_true", help="'build-process': clusterkg build --no-check")
    parser.add_argument("--no-labels", action="store_true", help="'query': labels=False")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--long", type=float, default=60.0, help="seconds after which a step is not repeated")
    parser.add_argument("--gc", choices=("paused", "on"), default="paused",
                        help="the cyclic garbage collector during a timed run: paused as the CLI pauses it "
                             "(default), or on as in a Python session")
    args = parser.parse_args(argv)
    GC["paused"] = args.gc == "paused"
    times, extra = STEPS[args.step](args)
    print(json.dumps({"times": times, "cpu_times": getattr(times, "cpu", []), "peak_mb": _rss_mb(), **extra}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
