"""Speed of the web part (issue 16, point 6): a benchmark, not a test.

``python benchmarks/serve.py`` measures, in one run:

1. the median over the stored queries of the time per query through ``clusterkg serve``'s /sparql, with
   SPARQLWrapper as the client, beside ``oxigraph serve`` on the same data (the site's graph: the data
   and its description) and the same queries (each stored query with the example value the site uses
   for a required param), requests to the two servers taking turns;
2. 50 concurrent clients for 30 s on /sparql (each a thread that POSTs the stored queries in turn on one
   connection): the requests, the errors, and the p50 and p99 latency;
3. ``clusterkg site`` at R = 100 (synthetic profiles from benchmarks/generate.py): pages written per
   second and the site's total size.

The figures go to ``benchmarks/serve-results.json`` (and are printed). Every server runs on 127.0.0.1
on a free port and is stopped by its PID.
"""

from __future__ import annotations

import argparse
import http.client
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from SPARQLWrapper import JSON, POST, SPARQLWrapper  # noqa: E402

from clusterkg import KnowledgeGraph  # noqa: E402
from clusterkg.options import PublicationOptions  # noqa: E402
from clusterkg.query.catalogue import list_queries  # noqa: E402
from clusterkg.query.sparql import bind_values  # noqa: E402
from clusterkg.web.site import SiteBuilder, write_site  # noqa: E402
from clusterkg.web.sitequeries import example_params  # noqa: E402
from tests.servers import OXIGRAPH, free_port  # noqa: E402
from tests.webserver import view_flags  # noqa: E402


def stored_texts(kg) -> dict[str, str]:
    """Each stored query as the site runs it, without its #+ header (SPARQLWrapper misreads one)."""
    from clusterkg.web.siteindex import SiteIndex

    index = SiteIndex.build(kg.store.quads_for_pattern(None, None, None), "https://w3id.org/wmgrowth/")
    texts = {}
    for stored in list_queries():
        bindings = kg.query(stored.name, params=example_params(stored, index), labels=False).bindings
        text = bind_values(stored.text, bindings)
        texts[stored.name] = "\n".join(line for line in text.splitlines() if not line.startswith("#+"))
    return texts


def wait_for(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.args}")
        try:
            parts = urllib.parse.urlsplit(url)
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=2)
            conn.request("GET", parts.path + "?query=ASK%7B%7D")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def start_servers(folder: Path, kg):
    """clusterkg serve and oxigraph serve on the same graph; returns (ours, theirs, processes)."""
    import pyoxigraph as ox

    builder = SiteBuilder(kg, PublicationOptions(), views=False)
    data = folder / "graph.nq"
    ox.serialize(builder.store.quads_for_pattern(None, None, None), str(data), format=ox.RdfFormat.N_QUADS)
    subprocess.run([OXIGRAPH, "load", "--location", str(folder / "oxigraph"), "--file", str(data)], check=True,
                   capture_output=True)
    ours_port, theirs_port = free_port(), free_port()
    ours = subprocess.Popen([sys.executable, "-m", "clusterkg", "serve", "--port", str(ours_port), *view_flags()],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    theirs = subprocess.Popen([OXIGRAPH, "serve", "--location", str(folder / "oxigraph"), "--bind",
                               f"127.0.0.1:{theirs_port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    urls = (f"http://127.0.0.1:{ours_port}/sparql", f"http://127.0.0.1:{theirs_port}/query")
    wait_for(urls[0], ours)
    wait_for(urls[1], theirs)
    return urls, [ours, theirs]


def sparqlwrapper_time(url: str, text: str) -> float:
    client = SPARQLWrapper(url)
    client.setReturnFormat(JSON)
    client.setMethod(POST)
    client.setQuery(text)
    start = time.perf_counter()
    rows = client.query().convert()["results"]["bindings"]
    elapsed = time.perf_counter() - start
    assert rows, f"no rows from {url}"
    return elapsed


def per_query(urls, texts: dict[str, str], repeat: int) -> dict:
    ours, theirs = {}, {}
    for name, text in texts.items():
        a, b = [], []
        for _ in range(repeat):
            a.append(sparqlwrapper_time(urls[0], text))
            b.append(sparqlwrapper_time(urls[1], text))
        ours[name], theirs[name] = statistics.median(a), statistics.median(b)
    median_ours, median_theirs = statistics.median(ours.values()), statistics.median(theirs.values())
    return {"repeat": repeat, "queries": {n: {"clusterkg_ms": ours[n] * 1000, "oxigraph_ms": theirs[n] * 1000,
                                              "ratio": ours[n] / theirs[n]} for n in texts},
            "median_clusterkg_ms": median_ours * 1000, "median_oxigraph_ms": median_theirs * 1000,
            "ratio_of_medians": median_ours / median_theirs, "limit": 1.5,
            "pass": median_ours / median_theirs <= 1.5}


def load(url: str, texts: list[str], clients: int, seconds: float) -> dict:
    parts = urllib.parse.urlsplit(url)
    latencies, errors, lock = [], [], threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(offset: int):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        mine, failed, i = [], [], offset
        while time.monotonic() < stop_at:
            body = urllib.parse.urlencode({"query": texts[i % len(texts)]})
            i += 1
            start = time.perf_counter()
            try:
                conn.request("POST", parts.path, body=body, headers={
                    "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
                answer = conn.getresponse()
                answer.read()
                if answer.status != 200:
                    failed.append(answer.status)
            except OSError as exc:
                failed.append(repr(exc))
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)
            errors.extend(failed)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ordered = sorted(latencies)
    return {"clients": clients, "seconds": seconds, "requests": len(ordered), "errors": len(errors),
            "error_examples": [str(e) for e in errors[:5]], "requests_per_second": len(ordered) / seconds,
            "p50_ms": ordered[len(ordered) // 2] * 1000, "p99_ms": ordered[int(len(ordered) * 0.99)] * 1000}


def site_speed(regions: int) -> dict:
    from benchmarks.generate import generate

    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp) / "data", regions=regions)
        kg = KnowledgeGraph.from_data(Path(tmp) / "data")
        start = time.perf_counter()
        written = write_site(kg, Path(tmp) / "site", views=False)
        elapsed = time.perf_counter() - start
        pages = sum(1 for p in written if p.suffix == ".html")
        size = sum(p.stat().st_size for p in written)
    return {"regions": regions, "triples": len(kg), "files": len(written), "pages": pages, "seconds": elapsed,
            "pages_per_second": pages / elapsed, "total_bytes": size, "views": False}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="timings per query and server (default 20)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--regions", type=int, default=100, help="R for the site benchmark (0: skip it)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "serve-results.json"))
    args = parser.parse_args(argv)
    kg = KnowledgeGraph.from_data()
    texts = stored_texts(kg)
    results = {"machine": f"{platform.processor() or platform.machine()}, Python {platform.python_version()}"}
    with tempfile.TemporaryDirectory() as tmp:
        urls, processes = start_servers(Path(tmp), kg)
        try:
            results["queries"] = per_query(urls, texts, args.repeat)
            found = results["queries"]
            print(f"median per query: clusterkg {found['median_clusterkg_ms']:.2f} ms, oxigraph "
                  f"{found['median_oxigraph_ms']:.2f} ms, ratio {found['ratio_of_medians']:.2f}")
            results["load"] = load(urls[0], list(texts.values()), args.clients, args.seconds)
            print(f"load: {results['load']}")
        finally:
            for proc in processes:
                proc.terminate()
                proc.wait(30)
    if args.regions:
        results["site"] = site_speed(args.regions)
        print(f"site: {results['site']}")
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
