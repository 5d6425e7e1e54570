"""Helpers of run.py: the machine and versions, the real-data scripts, and RESULTS.md."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("clusterkg", "rdflib", "oxrdflib", "pyoxigraph", "networkx", "pyvis", "SPARQLWrapper", "PyYAML",
            "playwright")
MB_LIMIT = 4096
# The steps of the whole pipeline at R = 1000 (plus every stored query): build from YAML, write Turtle,
# load it into the default store for the queries, the network measures and the views.
FIXED_COST_BELOW, FIXED_COST_LIMIT = 0.010, 0.002  # seconds: see targets()
PIPELINE = ("load", "build", "export", "open-oxigraph", "network", "views")

# -- Where and with what ----


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        return None
    return None


def _chromium() -> str:
    try:
        return subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True,
                              timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "not found"


def _commit() -> str:
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
        dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, cwd=ROOT).stdout
        return done.stdout.strip() + (" + uncommitted changes" if dirty.strip() else "")
    except OSError:
        return "unknown"


def environment(args) -> dict:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu(), "cores": os.cpu_count(), "memory_gb": _memory_gb(),
        "os": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
        "versions": versions, "chromium": _chromium(), "commit": _commit(),
        "repeat": args.repeat, "seed": args.seed, "sizes": args.sizes, "store": args.store,
    }


# -- The real data: params and the minimal script ----

def real_params(stored) -> dict | None:
    """Values for a stored query's params on the real data: the first instance (by IRI) of the class."""
    from rdflib.namespace import RDF

    values = {}
    for p in stored.params:
        if p.classes:
            found = sorted(str(s) for s in _real_graph().subjects(RDF.type, p.classes[0]))
            if not found:
                return None
            values[p.name] = found[0]
        elif p.default is not None:
            values[p.name] = str(p.default)
        else:
            return None
    return values


_GRAPH = []


def _real_graph():
    if not _GRAPH:
        import clusterkg
        _GRAPH.append(clusterkg.build_graph())
    return _GRAPH[0]


def minimal_script(ttl: Path, stored, params: dict) -> str:
    """A bare rdflib script: parse the Turtle, run the query text with the params bound, print the rows."""
    bindings = []
    for p in stored.params:
        if p.name in params:
            value = params[p.name]
            term = f"URIRef({value!r})" if p.type == "iri" else (
                f"Literal({int(value)})" if p.type == "integer" else f"Literal({value!r})")
            bindings.append(f"{p.name!r}: {term}")
    return (
        "import sys\nfrom rdflib import Graph, Literal, URIRef\n"
        f"g = Graph().parse({str(ttl)!r}, format='turtle')\n"
        f"text = open({str(stored.path)!r}, encoding='utf-8').read()\n"
        f"for row in g.query(text, initBindings={{{', '.join(bindings)}}}):\n"
        "    sys.stdout.write('\\t'.join(str(v) for v in row) + '\\n')\n"
    )


# -- RESULTS.md ----

def _s(value) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _cell(result: dict | None) -> str:
    if not result:
        return "–"
    if "error" in result:
        return result["error"]
    if result.get("skipped"):
        return result["skipped"]
    return f"{_s(result.get('median_s'))} s · {result['peak_mb']:.0f} MB"


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("PASS" if ok else "**FAIL**")


def targets(results: dict) -> list[tuple[str, str, str, str]]:
    rows = []
    real = results.get("real", {})
    if real.get("build_s"):
        ratio = real["build_s"] / real["bare_import_s"]
        rows.append(("real data: `clusterkg build` ≤ 2.5× bare import",
                     f"{_s(real['build_s'])} s / {_s(real['bare_import_s'])} s = {ratio:.2f}×", "2.5×",
                     _verdict(ratio <= 2.5)))
    for variant, key in (("`clusterkg query NAME` (graph from the cache)", "query_s"),
                         ("`clusterkg query NAME --graph graph.ttl`", "query_graph_s")):
        queries = real.get("queries", {})
        if queries and all(key in q for q in queries.values()):
            worst = max(queries, key=lambda q: queries[q][key] / queries[q]["minimal_s"])
            ratio = queries[worst][key] / queries[worst]["minimal_s"]
            rows.append((f"real data: {variant} ≤ 1.5× minimal rdflib script (worst query)",
                         f"{worst}: {_s(queries[worst][key])} s / {_s(queries[worst]['minimal_s'])} s = {ratio:.2f}×",
                         "1.5×", _verdict(ratio <= 1.5)))
    sizes = results.get("sizes", {})
    r100 = sizes.get("100")
    if r100:
        parts = [r100["steps"].get(k, {}).get("median_s") for k in ("load", "build", "export")]
        if None not in parts:
            total = sum(parts)
            rows.append(("R=100: load + build + export < 10 s", f"{_s(total)} s", "10 s", _verdict(total < 10)))
        slowest = _slowest_query(r100)
        if slowest:
            rows.append(("R=100: every stored query < 1 s", f"slowest {slowest[0]}: {_s(slowest[1])} s", "1 s",
                         _verdict(slowest[1] < 1)))
    r1000 = sizes.get("1000")
    if r1000:
        steps = r1000["steps"]
        failed = [k for k in PIPELINE if "error" in steps.get(k, {"error": "not run"})]
        failed += [f"query {n}" for n, q in sorted(r1000["queries"].items()) if "error" in q["ours"]]
        total = sum(steps.get(k, {}).get("median_s", 0) for k in PIPELINE)
        total += sum(q["ours"].get("median_s", 0) for q in r1000["queries"].values())
        peak = max([steps.get(k, {}).get("peak_mb", 0) for k in PIPELINE] +
                   [q["ours"].get("peak_mb", 0) for q in r1000["queries"].values()])
        ok = not failed and total <= 300 and peak <= MB_LIMIT
        note = f"; did not complete: {', '.join(failed)}" if failed else ""
        rows.append(("R=1000: whole pipeline (" + ", ".join(PIPELINE) + ", every query) ≤ 5 min and ≤ 4 GB",
                     f"{_s(total)} s, peak {peak:.0f} MB{note}",
                     "300 s, 4096 MB", _verdict(ok)))
        timed = {name: (q["ours"]["median_s"], q["pyoxigraph"]["median_s"]) for name, q in r1000["queries"].items()
                 if q["ours"].get("median_s") and q["pyoxigraph"].get("median_s")}
        # Below 10 ms of pyoxigraph time a ratio measures our fixed cost per call (the stored query read,
        # a param resolved by name, rows converted to rdflib terms), so there the limit is 2 ms over it.
        heavy = {n: ours / ox for n, (ours, ox) in timed.items() if ox >= FIXED_COST_BELOW}
        light = {n: ours - ox for n, (ours, ox) in timed.items() if ox < FIXED_COST_BELOW}
        untimed = sorted(set(r1000["queries"]) - set(timed))
        if timed:
            parts, ok = [], not untimed
            if heavy:
                name, worst = max(heavy.items(), key=lambda x: x[1])
                parts.append(f"worst ratio {name}: {worst:.2f}×")
                ok = ok and worst <= 1.5
            if light:
                name, worst = max(light.items(), key=lambda x: x[1])
                parts.append(f"worst fixed cost {name}: +{worst * 1000:.1f} ms")
                ok = ok and worst <= FIXED_COST_LIMIT
            if untimed:
                parts.append(f"not timed: {', '.join(untimed)}")
            rows.append(("R=1000: every stored query ≤ 1.5× pyoxigraph (where pyoxigraph takes under 10 ms: "
                         "≤ 2 ms more)", "; ".join(parts), "1.5× / +2 ms", _verdict(ok)))
    return rows


def _slowest_query(size: dict):
    timed = [(n, q["ours"]["median_s"]) for n, q in size["queries"].items() if q["ours"].get("median_s") is not None]
    failed = [n for n, q in size["queries"].items() if "error" in q["ours"]]
    if failed:
        return (failed[0], float("inf"))
    return max(timed, key=lambda x: x[1]) if timed else None


_STEP_LABELS = {"load": "load profiles (YAML)", "build": "build graph", "export": "export Turtle",
                "parse": "parse Turtle (rdflib)", "open-memory": "open_graph, memory store",
                "open-oxigraph": "open_graph, oxigraph store", "network": "network measures",
                "views": "write views", "check-source": "check-source (profiles against the page)"}


def targets_table(results: dict, level: str) -> list[str]:
    out = [f"{level} Targets", "", "| target | measured | limit | result |", "| --- | --- | --- | --- |"]
    out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in targets(results)]
    return out + [""]


def pipeline_table(results: dict, level: str) -> list[str]:
    sizes = results.get("sizes", {})
    keys = sorted(sizes, key=int)
    out = [f"{level} Pipeline (median time · peak memory)", ""]
    out += ["| R | " + " | ".join(keys) + " |", "| --- |" + " --- |" * len(keys)]
    manifest = [sizes[k].get("manifest", {}) for k in keys]
    triples = [sizes[k]["steps"].get("build", {}).get("triples") for k in keys]
    counts = [f"{m.get('profiles', '?')} · {t:,}" if t else f"{m.get('profiles', '?')}"
              for m, t in zip(manifest, triples)]
    out.append("| profiles · triples | " + " | ".join(counts) + " |")
    for step, label in _STEP_LABELS.items():
        out.append(f"| {label} | " + " | ".join(_cell(sizes[k]["steps"].get(step)) for k in keys) + " |")
    slowest = []
    for k in keys:
        found = _slowest_query(sizes[k]) if sizes[k].get("queries") else None
        if found and found[1] == float("inf"):
            slowest.append(f"{found[0]}: {sizes[k]['queries'][found[0]]['ours']['error']}")
        else:
            slowest.append(f"{_s(found[1])} s ({found[0]})" if found else "–")
    out.append("| slowest stored query (query only) | " + " | ".join(slowest) + " |")
    return out + [""]


def summary(results: dict) -> str:
    """The targets and the pipeline table, for the README's Performance section."""
    env = results["environment"]
    head = (f"Measured {env['date']} on {env['cpu']} ({env['cores']} cores shared with other work, "
            f"{env['memory_gb']:.0f} GB), Python {env['python']}, rdflib {env['versions']['rdflib']}, "
            f"pyoxigraph {env['versions']['pyoxigraph']}.")
    return "\n".join([head, ""] + targets_table(results, "###") + pipeline_table(results, "###"))


def markdown(results: dict) -> str:
    env = results["environment"]
    out = ["# Benchmark results", "",
           "Written by `python benchmarks/run.py` (see benchmarks/README.md for what each figure means).", "",
           f"- Date: {env['date']}; commit {env['commit']}",
           f"- Machine: {env['cpu']}, {env['cores']} cores, {env['memory_gb']:.0f} GB RAM, {env['os']}; "
           "the 2 cores were shared with other work during the run, so times carry some noise",
           f"- Python {env['python']}; " + ", ".join(f"{k} {v}" for k, v in env["versions"].items())
           + f"; {env['chromium']}",
           f"- Each step: median of up to {env['repeat']} runs in one process after its setup (a step over 60 s is "
           f"run once); memory is the peak RSS (`ru_maxrss`) of that process, inputs included. Seed {env['seed']}; "
           f"stored queries run on the `{env['store']}` store.",
           ""]
    if env.get("total_s"):
        out += [f"The whole run took {env['total_s'] / 60:.1f} minutes.", ""]
    out += targets_table(results, "##")
    if results.get("stopped"):
        out += ["## Notes", ""] + [f"- {note}" for note in results["stopped"]] + [""]
    sizes = results.get("sizes", {})
    if sizes:
        keys = sorted(sizes, key=int)
        out += [""] + pipeline_table(results, "##")
        for k in keys:
            queries = sizes[k]["queries"]
            if not queries:
                continue
            out += ["", f"## Stored queries at R = {k}", "",
                    "| query | rows | ours (s) | pyoxigraph (s) | ratio | ours: load + query (s) | "
                    "pyoxigraph: load + query (s) | ours peak MB |",
                    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
            for name, q in sorted(queries.items()):
                ours, bare = q["ours"], q["pyoxigraph"]
                if "median_s" not in ours or "median_s" not in bare:
                    out.append(f"| `{name}` | | {_cell(ours)} | {_cell(bare)} | | | | |")
                    continue
                ratio = ours["median_s"] / bare["median_s"] if bare["median_s"] else float("inf")
                out.append(f"| `{name}` | {ours.get('rows')} | {_s(ours['median_s'])} | {_s(bare['median_s'])} | "
                           f"{ratio:.2f}× | {_s(ours['load_s'] + ours['median_s'])} | "
                           f"{_s(bare['load_s'] + bare['median_s'])} | {ours['peak_mb']:.0f} |")
    stores = results.get("stores", {})
    if stores:
        out += ["", "## Sharing queries: rdflib memory store against Oxigraph (through our query API)", "",
                "| R | query | memory | oxigraph | memory ÷ oxigraph |", "| --- | --- | --- | --- | ---: |"]
        for k in sorted(stores, key=int):
            for name, pair in stores[k].items():
                m, o = pair.get("memory", {}), pair.get("oxigraph", {})
                ratio = f"{m['median_s'] / o['median_s']:.0f}×" if m.get("median_s") and o.get("median_s") else "–"
                out.append(f"| {k} | `{name}` | {_cell(m)} | {_cell(o)} | {ratio} |")
    browser_rows = []
    for k in sorted(sizes, key=int):
        for name in ("views",):
            views = sizes[k]["steps"].get(name, {})
            browser = sizes[k]["steps"].get(f"browser-{name}", {}).get("pages", {})
            modes = views.get("modes", {})
            for page, size in sorted(views.get("pages", {}).items()):
                runs = browser.get(page, {}).get("runs", [])
                load = min((r["load_s"] for r in runs), default=None)
                settles = [r["settle_s"] for r in runs]
                settle = "did not settle" if runs and None in settles else _s(min(settles)) if runs else "–"
                mode = modes.get(page, "–") if page != "index.html" else "table"
                browser_rows.append(f"| {k} | {page} | {mode} | {size / 1024:,.0f} KiB | {_s(load)} | {settle} |")
    if browser_rows:
        out += ["", "## Views: HTML size and headless Chromium (load, then settled: physics stopped)", "",
                "| R | page | drawn with | size | load (s) | settled (s) |", "| --- | --- | --- | ---: | ---: | ---: |"]
        out += browser_rows
    real = results.get("real", {})
    if real.get("queries"):
        out += ["", "## Real data: command start-up", "",
                f"Bare `python -c \"{'import rdflib, networkx, pyvis.network, SPARQLWrapper'}\"`: "
                f"{_s(real['bare_import_s'])} s; `clusterkg build`: {_s(real['build_s'])} s "
                f"(`--no-views`: {_s(real['build_no_views_s'])} s).", "",
                "| query | `clusterkg query NAME` (s) | with `--graph graph.ttl` (s) | with `--no-cache` (s) | "
                "minimal rdflib script (s) |",
                "| --- | ---: | ---: | ---: | ---: |"]
        for name, q in sorted(real["queries"].items()):
            out.append(f"| `{name}` | {_s(q['query_s'])} | {_s(q['query_graph_s'])} | "
                       f"{_s(q.get('query_no_cache_s'))} | {_s(q['minimal_s'])} |")
    return "\n".join(out) + "\n"
