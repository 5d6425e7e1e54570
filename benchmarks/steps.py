"""One measured step, run in its own process by run.py; prints one line of JSON.

``python benchmarks/steps.py STEP --data DIR --ttl FILE [--query NAME] [--store S] [--repeat N]``

Each step does its setup (untimed), then times the step ``--repeat`` times (once only when a run
takes longer than ``--long`` seconds). Memory is the process's peak resident set size
(``ru_maxrss``), so it includes the step's inputs; ``rss_before_mb`` is the peak before the step.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn, repeat: int, long: float):
    """Run ``fn`` up to ``repeat`` times; returns (seconds per run, last result)."""
    times, result = [], None
    for i in range(repeat):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
        if times[-1] > long:
            break
    return times, result


# -- Inputs ----

def _graph(args, store="memory"):
    from clusterkg.store import open_graph
    return open_graph(Path(args.ttl), store=store)


def _param_values(stored, first_of) -> dict | None:
    """A value for each param: the first (by IRI) instance of its class, else its default."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    values = {}
    for p in stored.params:
        if p.classes:
            found = first_of(p.classes[0])
            if found is None:
                return None
            values[p.name] = URIRef(found)
        elif p.default is not None:
            if p.type == "integer":
                values[p.name] = Literal(int(p.default), datatype=XSD.integer)
            elif p.type == "literal":
                values[p.name] = Literal(str(p.default))
            else:
                values[p.name] = URIRef(str(p.default))
        else:
            return None
    return values


_FIRST = "SELECT ?s WHERE {{ ?s a <{cls}> }} ORDER BY STR(?s) LIMIT 1"


# -- Steps ----

def step_load(args):
    import clusterkg
    return _timed(lambda: clusterkg.load_profiles(args.data), args.repeat, args.long)[0], {}


def step_build(args):
    import clusterkg
    data = clusterkg.load_profiles(args.data)
    times, graph = _timed(lambda: clusterkg.build_graph(data), args.repeat, args.long)
    return times, {"triples": len(graph)}


def step_export(args):
    import clusterkg
    graph = clusterkg.build_graph(clusterkg.load_profiles(args.data))
    times, _ = _timed(lambda: clusterkg.export(graph, args.ttl), args.repeat, args.long)
    return times, {"bytes": Path(args.ttl).stat().st_size}


def step_check_source(args):
    """``clusterkg.check_source`` on the generated folder: every bullet, name and figure against the page."""
    import clusterkg
    times, report = _timed(lambda: clusterkg.check_source(data_dir=args.data), args.repeat, args.long)
    return times, {"problems": len(report.problems), "unlinked": len(report.unlinked)}


def step_parse(args):
    """Parse the Turtle back: rdflib's parser into rdflib's store, as ``Graph().parse`` does."""
    from rdflib import Graph
    times, graph = _timed(lambda: Graph().parse(args.ttl, format="turtle"), args.repeat, args.long)
    return times, {"triples": len(graph)}


def step_open(args):
    """Load the Turtle through :func:`clusterkg.store.open_graph` on ``--store``."""
    times, graph = _timed(lambda: _graph(args, args.store), args.repeat, args.long)
    return times, {"triples": len(graph)}


def step_query(args):
    """A stored query through clusterkg's query API, on a graph in ``--store``."""
    from clusterkg.queries import get_query, query

    start = time.perf_counter()
    graph = _graph(args, args.store)
    load = time.perf_counter() - start
    stored = get_query(args.query)

    def first_of(cls):
        rows = list(graph.query(_FIRST.format(cls=cls)))
        return str(rows[0][0]) if rows else None

    params = _param_values(stored, first_of)
    if params is None:
        return [], {"skipped": "no value for a parameter"}
    before = _rss_mb()
    times, result = _timed(lambda: query(graph, name=args.query, params=params), args.repeat, args.long)
    return times, {"rows": len(result.rows), "load_s": load, "params": {k: str(v) for k, v in params.items()},
                   "rss_before_mb": before}


def step_pyoxigraph(args):
    """The same SPARQL text (params as a VALUES block) on a bare pyoxigraph Store."""
    import pyoxigraph as ox

    from clusterkg.queries import get_query
    from clusterkg.remote import bind_values

    start = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(args.ttl), format=ox.RdfFormat.TURTLE)
    load = time.perf_counter() - start
    stored = get_query(args.query)

    def first_of(cls):
        rows = list(store.query(_FIRST.format(cls=cls)))
        return rows[0][0].value if rows else None

    params = _param_values(stored, first_of)
    if params is None:
        return [], {"skipped": "no value for a parameter"}
    text = bind_values(stored.text, params)

    def run():
        result = store.query(text)
        return [[term for term in solution] for solution in result] if isinstance(result, ox.QuerySolutions) \
            else list(result)

    before = _rss_mb()
    times, rows = _timed(run, args.repeat, args.long)
    return times, {"rows": len(rows), "load_s": load, "rss_before_mb": before}


def step_sparql(args):
    """A SPARQL text (``--sparql-file``) straight through ``graph.query`` on ``--store``: the store comparison."""
    text = Path(args.sparql_file).read_text(encoding="utf-8")
    graph = _graph(args, args.store)
    before = _rss_mb()
    times, rows = _timed(lambda: list(graph.query(text)), args.repeat, args.long)
    return times, {"rows": len(rows), "rss_before_mb": before}


def _oxigraph_store(args):
    """The Turtle loaded into a new in-memory Oxigraph store, the store the networks and views read."""
    import pyoxigraph as ox
    store = ox.Store()
    store.bulk_load(path=str(args.ttl), format=ox.RdfFormat.TURTLE)
    return store


def step_network(args):
    from clusterkg.network import network_report, typed_network
    store = _oxigraph_store(args)
    before = _rss_mb()
    times, _ = _timed(lambda: network_report(typed_network(store)), args.repeat, args.long)
    return times, {"rss_before_mb": before}


def step_views(args):
    from clusterkg.views import write_views
    store = _oxigraph_store(args)
    out = Path(args.out)
    before = _rss_mb()
    times, paths = _timed(lambda: write_views(store, out), args.repeat, args.long)
    modes = {}  # how each page is drawn: physics, precomputed or aggregated (clusterkg.layout)
    for path in paths:
        with open(path, encoding="utf-8") as page:
            found = re.search(r'data-layout="(\w+)"', page.read(1 << 20))
        if found:
            modes[Path(path).name] = found[1]
    return times, {"rss_before_mb": before, "modes": modes,
                   "pages": {Path(p).name: Path(p).stat().st_size for p in paths}}


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]


def step_browser(args):
    """Headless Chromium: time to ``load`` and to settle (``body[data-ready]``) for each page in ``--out``."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    pages = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        for html in sorted(Path(args.out).glob("*.html")):
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
            pages[html.name] = {"bytes": html.stat().st_size, "runs": runs}
        browser.close()
    return [], {"pages": pages}


STEPS = {name[5:].replace("_", "-"): fn for name, fn in globals().items() if name.startswith("step_")}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=sorted(STEPS))
    parser.add_argument("--data", help="synthetic data folder")
    parser.add_argument("--ttl", help="the graph as Turtle (written by 'export', read by the others)")
    parser.add_argument("--query", help="stored query name")
    parser.add_argument("--sparql-file", help="a file of SPARQL text (step 'sparql')")
    parser.add_argument("--store", default="memory", help="memory or oxigraph")
    parser.add_argument("--out", help="output folder (step 'views')")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--long", type=float, default=60.0, help="seconds after which a step is not repeated")
    args = parser.parse_args(argv)
    times, extra = STEPS[args.step](args)
    print(json.dumps({"times": times, "peak_mb": _rss_mb(), **extra}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
