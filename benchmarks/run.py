"""Measure clusterkg on the real data and at R = 1, 10, 100, 1000 regions; write benchmarks/RESULTS.md.

    python benchmarks/run.py [--sizes 1,10,100,1000] [--repeat N] [--work DIR]

Every measured step runs in its own Python process (benchmarks/steps.py), which times it ``--repeat``
times after its setup and reports its peak RSS; this script keeps the median. Beside each stored
query it runs the same SPARQL text on a bare pyoxigraph Store loaded from the same Turtle, so our
overhead is a ratio measured in the same run; ``clusterkg build`` is also run whole, as a child
process. The real data is measured as whole commands (benchmarks/real.py). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
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

import real  # noqa: E402  (benchmarks/real.py)
import report  # noqa: E402  (benchmarks/report.py)

PYTHON = sys.executable
PIPELINE_STEPS = ("load", "build", "export", "check-source")


def child_env(work: Path) -> dict:
    """The environment of every child: this tree's clusterkg first on the path, a query cache of the
    run's own, and Python's bytecode cached (in the work folder) as on any installed Python, even where
    PYTHONDONTWRITEBYTECODE is set: without it every command compiles clusterkg's modules again."""
    paths = [str(ROOT / "src"), *(p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(dict.fromkeys(paths)),
           "CLUSTERKG_CACHE_DIR": str(work / "query-cache"), "CLUSTERKG_PROGRESS": "0",
           "PYTHONPYCACHEPREFIX": str(work / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def generator_key(regions: int, seed: int) -> str:
    """What the generated data depends on: the generator, its template (data/) and its arguments."""
    digest = hashlib.sha256(f"{regions} {seed}\n".encode())
    data = ROOT / "data"
    for path in [HERE / "generate.py", *sorted(p for p in data.rglob("*") if p.is_file())]:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\n" + path.read_bytes())
    return digest.hexdigest()[:16]


class Runner:
    def __init__(self, args):
        self.args = args
        self.work = Path(args.work)
        self.work.mkdir(parents=True, exist_ok=True)
        self.env = child_env(self.work)
        self.started = time.monotonic()
        self.timed_out: set[str] = set()  # steps that hit the timeout: not tried at larger sizes
        self.last: dict[str, tuple[int, float]] = {}  # step key -> (regions, seconds) at the last size
        self.regions = 0
        self.previous = real.previous_build(Path(args.previous))  # read before results.json is overwritten
        self.results = {"environment": report.environment(args), "sizes": {}, "stopped": [],
                        "real": {"previous": self.previous} if self.previous else {}}  # kept even with --skip-real
        if args.merge and Path(args.json).is_file():
            self._merge(json.loads(Path(args.json).read_text(encoding="utf-8")))

    def _merge(self, previous: dict) -> None:
        """Keep what this run does not measure again, and what smaller sizes took (for skipping)."""
        for key in ("real", "sizes"):
            self.results[key] = previous.get(key, {})
        self.results["environment"]["sizes"] = sorted(set(previous["environment"].get("sizes", []))
                                                      | set(self.args.sizes))
        for size in sorted(self.results["sizes"], key=int):
            if int(size) >= min(self.args.sizes, default=0):
                continue
            for key, step in self.results["sizes"][size]["steps"].items():
                if step.get("times"):
                    self.last[key] = (int(size), min(step["times"]))
                elif "timeout" in step.get("error", ""):
                    self.timed_out.add(key)
            for name, pair in self.results["sizes"][size].get("queries", {}).items():
                for found, key in ((pair.get("ours", {}), f"query-{name}"),
                                   (pair.get("ours", {}).get("no_labels", {}), f"query-no-labels-{name}"),
                                   (pair.get("pyoxigraph", {}), f"pyoxigraph-{name}")):
                    if found.get("times"):
                        self.last[key] = (int(size), min(found["times"]))

    def left(self) -> float:
        return self.args.budget - (time.monotonic() - self.started)

    def log(self, text: str) -> None:
        print(f"[{time.monotonic() - self.started:7.1f}s] {text}", file=sys.stderr, flush=True)

    def save(self) -> None:
        Path(self.args.json).write_text(json.dumps(self.results, indent=1, default=str) + "\n", encoding="utf-8")
        Path(self.args.out).write_text(report.markdown(self.results), encoding="utf-8")

    # -- one subprocess ----
    def _skip(self, key: str, timeout: float) -> dict | None:
        if key in self.timed_out:
            return {"error": "skipped: timed out at a smaller size"}
        if key in self.last and self.regions:
            regions, seconds = self.last[key]
            predicted = seconds * self.regions / regions  # at least linear in the size
            if predicted > timeout:
                return {"error": f"skipped: {seconds:.0f} s at R={regions} predicts over {predicted:.0f} s "
                                 f"(> {timeout:.0f} s timeout)"}
        return None

    def step(self, name: str, *options, key: str | None = None, timeout: float | None = None) -> dict:
        key = key or name
        timeout = timeout or self.args.timeout
        skipped = self._skip(key, timeout)
        if skipped:
            return skipped
        timeout = min(timeout, max(self.left(), 1))
        cmd = [PYTHON, str(HERE / "steps.py"), name, "--repeat", str(self.args.repeat), "--long",
               str(self.args.long), "--gc", self.args.gc, *map(str, options)]
        start = time.monotonic()
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=self.env)
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
        if result.get("cpu_times"):
            result["cpu_median_s"] = statistics.median(result["cpu_times"])
        result["wall_s"] = time.monotonic() - start
        if result.get("times") and self.regions:
            self.last[key] = (self.regions, min(result["times"]))
        self.log(f"  {key}: {result.get('median_s', 0):.3f} s, {result['peak_mb']:.0f} MB")
        return result

    # -- the real data ----
    def real_data(self) -> None:
        runs = max(5, self.args.repeat)
        self.results["real"] = real.measure(self.work, runs, self.env, self.previous, self.log)
        self.save()

    # -- one size ----
    def generate(self, regions: int) -> dict:
        from generate import generate  # benchmarks/generate.py

        data = self.work / f"r{regions}"
        manifest = self.work / f"r{regions}.manifest.json"
        key = generator_key(regions, self.args.seed)
        known = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}
        if known.get("key") != key or self.args.regenerate:
            self.log(f"R={regions}: generating")
            done = vars(generate(data, regions, seed=self.args.seed)) | {"files": None, "key": key}
            manifest.write_text(json.dumps(done), encoding="utf-8")
            (self.work / f"r{regions}.ttl").unlink(missing_ok=True)
        return json.loads(manifest.read_text(encoding="utf-8"))

    def size(self, regions: int) -> None:
        self.regions = regions
        data, ttl = self.work / f"r{regions}", self.work / f"r{regions}.ttl"
        previous = self.results["sizes"].get(str(regions), {})
        res = self.results["sizes"][str(regions)] = {"steps": dict(previous.get("steps", {})),
                                                     "queries": dict(previous.get("queries", {}))}
        res["manifest"] = self.generate(regions)
        steps = res["steps"]
        common = ["--data", data, "--ttl", ttl]
        if self.wanted("pipeline") or not ttl.is_file():
            for name in PIPELINE_STEPS:
                self.log(f"R={regions}: {name}")
                steps[name] = self.step(name, *common)
                self.save()
        if not ttl.is_file():
            res["stopped"] = "no Turtle was written (export failed)"
            return
        if self.wanted("open"):
            self.log(f"R={regions}: open")
            steps["open"] = self.step("open", *common)
        if self.wanted("queries"):
            res["queries"] = self.queries(regions, common)
            self.save()
        for name in ("network", "views"):
            if self.wanted(name):
                self.log(f"R={regions}: {name}")
                out = ["--out", self.work / f"r{regions}-views"] if name == "views" else []
                steps[name] = self.step(name, *common, *out,
                                        timeout=self.args.views_timeout if name == "views" else None)
                self.save()
        if self.wanted("build-process"):
            self.build_process(regions, data, steps)
        if (self.wanted("browser") and regions in self.args.browser_sizes
                and "error" not in steps.get("views", {"error": "not run"})):
            self.log(f"R={regions}: browser on views")
            steps["browser-views"] = self.step("browser", "--out", self.work / f"r{regions}-views",
                                               "--long", self.args.settle, key="browser-views", timeout=1800)
            self.save()

    def build_process(self, regions: int, data: Path, steps: dict) -> None:
        """``clusterkg build`` whole, as a child process: with the page check (the default) and without."""
        for key, flags in (("build-process", []), ("build-process-no-check", ["--no-check"])):
            self.log(f"R={regions}: {key}")
            steps[key] = self.step("build-process", "--data", data, "--out", self.work / f"r{regions}-build",
                                   *flags, key=key)
            self.save()

    def wanted(self, group: str) -> bool:
        return not self.args.only or group in self.args.only

    def queries(self, regions: int, common: list) -> dict:
        from clusterkg.query.catalogue import list_queries
        found = {}
        for stored in list_queries():
            self.log(f"R={regions}: query {stored.name}")
            ours = self.step("query", *common, "--query", stored.name, key=f"query-{stored.name}",
                             timeout=self.args.query_timeout)
            ours["no_labels"] = self.step("query", *common, "--query", stored.name, "--no-labels",
                                          key=f"query-no-labels-{stored.name}", timeout=self.args.query_timeout)
            bare = self.step("pyoxigraph", *common, "--query", stored.name, key=f"pyoxigraph-{stored.name}",
                             timeout=self.args.query_timeout)
            found[stored.name] = {"ours": ours, "pyoxigraph": bare}
        return found

    def warm(self) -> None:
        """One untimed ``clusterkg build`` and ``clusterkg query``: Python's bytecode cache (new in a new work
        folder) then holds what every step imports, so no first run compiles it."""
        for cmd in (["build", "--out", str(self.work / "warm")], ["query", "clusters", "--no-cache"]):
            subprocess.run([*real.CLUSTERKG, *cmd], capture_output=True, cwd=ROOT, env=self.env, timeout=600)

    def run(self) -> None:
        self.warm()
        if not self.args.skip_real:
            self.real_data()
        for regions in self.args.sizes:
            if self.left() < 60:
                self.results["stopped"].append(f"R={regions}: not run, the time budget ({self.args.budget:.0f} s) "
                                               f"was spent")
                break
            self.size(regions)
        self.results["environment"]["total_s"] = time.monotonic() - self.started
        self.results["environment"]["load_average_end"] = report.load_average()
        self.save()
        self.log(f"wrote {self.args.out} and {self.args.json}")


def _sizes(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=_sizes, default=[1, 10, 100, 1000], help="regions (default 1,10,100,1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step; the median is kept (default 3)")
    parser.add_argument("--long", type=float, default=60, help="a step slower than this is run once (default 60 s)")
    parser.add_argument("--timeout", type=float, default=900, help="per step process (default 900 s)")
    parser.add_argument("--views-timeout", type=float, default=300, help="for writing the views (default 300 s)")
    parser.add_argument("--budget", type=float, default=3000, help="stop starting sizes after this (default 3000 s)")
    parser.add_argument("--browser-sizes", type=_sizes, default=[10, 100], help="sizes timed in Chromium")
    parser.add_argument("--settle", type=float, default=60, help="seconds a page may take to settle (default 60)")
    parser.add_argument("--gc", choices=("paused", "on"), default="paused",
                        help="the cyclic garbage collector in a timed step: paused, as `clusterkg` commands pause "
                             "it (default), or on, as a Python session has it")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "clusterkg-bench"),
                        help="where generated data, Turtle, views and the query cache go")
    parser.add_argument("--regenerate", action="store_true", help="generate data even if the work folder has it")
    parser.add_argument("--skip-real", action="store_true", help="skip the real-data commands")
    parser.add_argument("--only", type=lambda t: set(t.split(",")), default=set(),
                        help="run only these groups: pipeline, open, queries, network, views, build-process, "
                             "browser (with --merge, the rest is kept from results.json)")
    parser.add_argument("--query-timeout", type=float, default=180, help="per stored query (default 180 s)")
    parser.add_argument("--merge", action="store_true",
                        help="keep the earlier results.json figures for what this run does not measure")
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    parser.add_argument("--json", default=str(HERE / "results.json"))
    parser.add_argument("--previous", default=str(HERE / "results.json"),
                        help="results whose `clusterkg build` time this run compares with (default: the "
                             "committed results.json, read before it is overwritten)")
    parser.add_argument("--report-only", action="store_true", help="write RESULTS.md again from results.json")
    args = parser.parse_args(argv)
    args.sizes = sorted(args.sizes)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.report_only:
        results = json.loads(Path(args.json).read_text(encoding="utf-8"))
        Path(args.out).write_text(report.markdown(results), encoding="utf-8")
        print(report.summary(results))
        return 0
    Runner(args).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
