"""Measure clusterkg at R = 1, 10, 100, 1000 regions and write benchmarks/RESULTS.md.

    python benchmarks/run.py [--sizes 1,10,100,1000] [--repeat N]

Every measured step runs in its own Python process (benchmarks/steps.py), which times it ``--repeat``
times after its setup and reports its peak RSS; this script keeps the median. Beside each stored
query it runs the same SPARQL text on a bare pyoxigraph Store loaded from the same Turtle, so our
overhead is a ratio measured in the same run. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

import report  # noqa: E402  (benchmarks/report.py)

PYTHON = sys.executable
CLUSTERKG = [PYTHON, "-m", "clusterkg"]
BARE_IMPORT = "import rdflib, networkx, pyvis.network, SPARQLWrapper"
# `clusterkg query ARGS` with queries.load_graph swapped for clusterkg.store.load_turtle (Oxigraph).
# The store comparison: the sharing queries' self-joins, memory against Oxigraph.
SHARING_QUERIES = ("shared-levers", "shared-places", "shared-entities", "cluster-similarity")


class Runner:
    def __init__(self, args):
        self.args = args
        self.work = Path(args.work)
        self.work.mkdir(parents=True, exist_ok=True)
        self.started = time.monotonic()
        self.timed_out: set[str] = set()  # steps that hit the timeout: not tried at larger sizes
        self.last: dict[str, tuple[int, float]] = {}  # step key -> (regions, seconds) at the last size
        self.regions = 0
        self.results = {"environment": report.environment(args), "real": {}, "sizes": {}, "stores": {},
                        "stopped": []}
        if args.merge and Path(args.json).is_file():  # keep what this run does not measure again
            previous = json.loads(Path(args.json).read_text(encoding="utf-8"))
            for key in ("real", "sizes", "stores"):
                self.results[key] = previous.get(key, {})
            self.results["environment"]["sizes"] = sorted(set(previous["environment"].get("sizes", []))
                                                          | set(args.sizes))
            for size in sorted(self.results["sizes"], key=int):  # what smaller sizes took, for skipping
                if int(size) < min(args.sizes, default=0):
                    for key, step in self.results["sizes"][size]["steps"].items():
                        if step.get("times"):
                            self.last[key] = (int(size), min(step["times"]))
                        elif "timeout" in step.get("error", ""):
                            self.timed_out.add(key)
                    for name, pair in self.results["sizes"][size].get("queries", {}).items():
                        for engine, key in (("ours", f"query-{name}"), ("pyoxigraph", f"pyoxigraph-{name}")):
                            if pair.get(engine, {}).get("times"):
                                self.last[key] = (int(size), min(pair[engine]["times"]))

    def left(self) -> float:
        return self.args.budget - (time.monotonic() - self.started)

    def log(self, text: str) -> None:
        print(f"[{time.monotonic() - self.started:7.1f}s] {text}", file=sys.stderr, flush=True)

    def save(self) -> None:
        Path(self.args.json).write_text(json.dumps(self.results, indent=1, default=str) + "\n", encoding="utf-8")
        Path(self.args.out).write_text(report.markdown(self.results), encoding="utf-8")

    # -- one subprocess ----
    def step(self, name: str, *options, key: str | None = None, timeout: float | None = None) -> dict:
        key = key or name
        timeout = timeout or self.args.timeout
        if key in self.timed_out:
            return {"error": "skipped: timed out at a smaller size"}
        if key in self.last and self.regions:
            regions, seconds = self.last[key]
            predicted = seconds * self.regions / regions  # at least linear in the size
            if predicted > timeout:
                return {"error": f"skipped: {seconds:.0f} s at R={regions} predicts over {predicted:.0f} s "
                                 f"(> {timeout:.0f} s timeout)"}
        timeout = min(timeout, max(self.left(), 1))
        cmd = [PYTHON, str(HERE / "steps.py"), name, "--repeat", str(self.args.repeat), *map(str, options)]
        start = time.monotonic()
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
        except subprocess.TimeoutExpired:
            self.timed_out.add(key)
            self.log(f"  {key}: timed out after {timeout:.0f} s")
            return {"error": f"timeout after {timeout:.0f} s"}
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
            self.log(f"  {key}: failed: {last}")
            return {"error": f"failed: {last[:200]}"}
        result = json.loads(done.stdout.strip().splitlines()[-1])
        if result.get("times"):
            result["median_s"] = statistics.median(result["times"])
        result["wall_s"] = time.monotonic() - start
        if result.get("times") and self.regions:
            self.last[key] = (self.regions, min(result["times"]))
        self.log(f"  {key}: {result.get('median_s', 0):.3f} s, {result['peak_mb']:.0f} MB")
        return result

    # -- the real data: the two startup targets ----
    def command_median(self, cmd: list[str], runs: int, cwd=None) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, cwd=cwd or ROOT, timeout=600)
            times.append(time.perf_counter() - start)
            if done.returncode != 0:
                raise RuntimeError(f"{shlex.join(cmd)} failed: {done.stderr.decode()[-300:]}")
        return statistics.median(times)

    def real_data(self) -> None:
        runs = max(5, self.args.repeat)
        out = self.work / "real-build"
        real = self.results["real"] = {}
        self.log("real data: bare import, clusterkg build")
        real["bare_import_s"] = self.command_median([PYTHON, "-c", BARE_IMPORT], runs)
        real["build_s"] = self.command_median([*CLUSTERKG, "build", "--out", str(out)], runs)
        real["build_no_views_s"] = self.command_median([*CLUSTERKG, "build", "--no-views", "--out", str(out)], runs)
        ttl = out / "graph.ttl"
        subprocess.run([*CLUSTERKG, "build", "--out", str(out)], capture_output=True, check=True, cwd=ROOT)
        real["queries"] = {}
        # `clusterkg query NAME` reads the graph from its cache once the first call has built it
        os.environ["CLUSTERKG_CACHE_DIR"] = str(self.work / "query-cache")
        subprocess.run([*CLUSTERKG, "query", "clusters"], capture_output=True, check=True, cwd=ROOT)
        from clusterkg.queries import list_queries
        for stored in list_queries():
            params = report.real_params(stored)
            if params is None:
                continue
            flags = [f"--param={k}={v}" for k, v in params.items()]
            script = report.minimal_script(ttl, stored, params)
            entry = {
                "minimal_s": self.command_median([PYTHON, "-c", script], runs),
                "query_graph_s": self.command_median([*CLUSTERKG, "query", stored.name, *flags, "--graph", str(ttl)],
                                                     runs),
                "query_s": self.command_median([*CLUSTERKG, "query", stored.name, *flags], runs),
                "query_no_cache_s": self.command_median([*CLUSTERKG, "query", stored.name, *flags, "--no-cache"],
                                                        runs),
            }
            real["queries"][stored.name] = entry
            self.log(f"  query {stored.name}: {entry['query_s']:.2f} s (--graph {entry['query_graph_s']:.2f} s, "
                     f"--no-cache {entry['query_no_cache_s']:.2f} s), minimal {entry['minimal_s']:.2f} s")
        self.save()

    # -- one size ----
    def size(self, regions: int) -> None:
        from generate import generate  # benchmarks/generate.py

        self.regions = regions
        data = self.work / f"r{regions}"
        ttl = self.work / f"r{regions}.ttl"
        previous = self.results["sizes"].get(str(regions), {})
        res = self.results["sizes"][str(regions)] = {"steps": dict(previous.get("steps", {})),
                                                     "queries": dict(previous.get("queries", {}))}
        manifest = self.work / f"r{regions}.manifest.json"
        if not manifest.is_file() or self.args.regenerate:
            self.log(f"R={regions}: generating")
            done = vars(generate(data, regions, seed=self.args.seed)) | {"files": None}
            manifest.write_text(json.dumps(done), encoding="utf-8")
        res["manifest"] = json.loads(manifest.read_text(encoding="utf-8"))
        steps = res["steps"]
        common = ["--data", data, "--ttl", ttl]
        if self.wanted("pipeline") or not ttl.is_file():
            for name in ("load", "build", "export", "parse", "check-source"):
                self.log(f"R={regions}: {name}")
                steps[name] = self.step(name, *common, "--long", self.args.long, key=name)
                self.save()
        if not ttl.is_file():
            res["stopped"] = "no Turtle was written (export failed)"
            return
        if self.wanted("open"):
            for store in ("memory", "oxigraph"):
                steps[f"open-{store}"] = self.step("open", *common, "--store", store, key=f"open-{store}")
            self.save()
        if self.wanted("queries"):
            res["queries"] = {}
            self.queries(regions, common, res["queries"])
            self.save()
        for name, folder in (("network", None), ("views", "views")):
            if not self.wanted(name if name == "network" else "views"):
                continue
            self.log(f"R={regions}: {name}")
            out = ["--out", self.work / f"r{regions}-{folder}"] if folder else []
            steps[name] = self.step(name, *common, *out, key=name,
                                    timeout=self.args.views_timeout if folder else None)
            self.save()
        for name, folder in (("views", "views"),):
            if (self.wanted("browser") and regions in self.args.browser_sizes
                    and "error" not in steps.get(name, {"error": "not run"})):
                self.log(f"R={regions}: browser on {folder}")
                steps[f"browser-{name}"] = self.step("browser", "--out", self.work / f"r{regions}-{folder}",
                                                     "--long", self.args.settle, key=f"browser-{name}",
                                                     timeout=1800)
                self.save()

    def wanted(self, group: str) -> bool:
        return not self.args.only or group in self.args.only

    def queries(self, regions: int, common: list, res: dict) -> None:
        from clusterkg.queries import list_queries
        for stored in list_queries():
            self.log(f"R={regions}: query {stored.name}")
            ours = self.step("query", *common, "--query", stored.name, "--store", self.args.store,
                             key=f"query-{stored.name}", timeout=self.args.query_timeout)
            bare = self.step("pyoxigraph", *common, "--query", stored.name, key=f"pyoxigraph-{stored.name}",
                             timeout=self.args.query_timeout)
            res[stored.name] = {"ours": ours, "pyoxigraph": bare}

    # -- memory against Oxigraph on the self-joins ----
    def stores(self) -> None:
        for regions in self.args.store_sizes:
            ttl = self.work / f"r{regions}.ttl"
            if not ttl.is_file():
                continue
            res = self.results["stores"].setdefault(str(regions), {})
            self.regions = regions
            for name in SHARING_QUERIES:
                for store in ("memory", "oxigraph"):
                    self.log(f"stores R={regions}: {name} on {store}")
                    res.setdefault(name, {})[store] = self.step(
                        "query", "--ttl", ttl, "--query", name, "--store", store, "--long", 10,
                        key=f"store-{store}-{name}", timeout=self.args.store_timeout)
                self.save()

    def run(self) -> None:
        if not self.args.skip_real:
            self.real_data()
        for regions in self.args.sizes:
            if self.left() < 60:
                self.results["stopped"].append(f"R={regions}: not run, the time budget ({self.args.budget:.0f} s) "
                                               f"was spent")
                break
            self.size(regions)
            if regions == max(self.args.store_sizes, default=0) and (not self.args.only or "stores" in self.args.only):
                self.stores()
        self.results["environment"]["total_s"] = time.monotonic() - self.started
        self.save()
        self.log(f"wrote {self.args.out} and {self.args.json}")


def _sizes(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=_sizes, default=[1, 10, 100, 1000], help="regions (default 1,10,100,1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step; the median is kept (default 3)")
    parser.add_argument("--long", type=float, default=60, help="a step slower than this is run once (default 60 s)")
    parser.add_argument("--timeout", type=float, default=900, help="per step process (default 900 s)")
    parser.add_argument("--views-timeout", type=float, default=300,
                        help="for writing the views, which grows with the square of the edges (default 300 s)")
    parser.add_argument("--budget", type=float, default=3000, help="stop starting sizes after this (default 3000 s)")
    parser.add_argument("--store", default="oxigraph", help="the store the stored queries run on (default oxigraph)")
    parser.add_argument("--store-sizes", type=_sizes, default=[1, 10, 100],
                        help="sizes for the memory-vs-Oxigraph comparison (default 1,10,100)")
    parser.add_argument("--store-timeout", type=float, default=90, help="per query in that comparison")
    parser.add_argument("--browser-sizes", type=_sizes, default=[10, 100], help="sizes timed in Chromium")
    parser.add_argument("--settle", type=float, default=60, help="seconds a page may take to settle (default 60)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "clusterkg-bench"),
                        help="where generated data, Turtle and views go")
    parser.add_argument("--regenerate", action="store_true", help="generate data even if the work folder has it")
    parser.add_argument("--skip-real", action="store_true", help="skip the real-data startup targets")
    parser.add_argument("--only", type=lambda t: set(t.split(",")), default=set(),
                        help="run only these groups: pipeline, open, queries, network, views, browser "
                             "(with --merge, the rest is kept from results.json)")
    parser.add_argument("--query-timeout", type=float, default=180, help="per stored query (default 180 s)")
    parser.add_argument("--merge", action="store_true",
                        help="keep the earlier results.json figures for what this run does not measure")
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    parser.add_argument("--json", default=str(HERE / "results.json"))
    parser.add_argument("--report-only", action="store_true", help="write RESULTS.md again from results.json")
    args = parser.parse_args(argv)
    args.sizes = sorted(args.sizes)
    if args.report_only:
        results = json.loads(Path(args.json).read_text(encoding="utf-8"))
        Path(args.out).write_text(report.markdown(results), encoding="utf-8")
        print(report.summary(results))
        return 0
    Runner(args).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
