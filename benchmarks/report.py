"""Helpers of run.py: the machine and versions, and RESULTS.md (the targets are in targets.py)."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from targets import fmt_s, slowest_query, targets  # benchmarks/targets.py

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("clusterkg", "pyoxigraph", "rdflib", "networkx", "pyvis", "SPARQLWrapper", "PyYAML",
            "playwright")

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
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu(), "cores": os.cpu_count(), "memory_gb": _memory_gb(),
        "os": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
        "versions": versions, "chromium": _chromium(), "commit": _commit(),
        "repeat": args.repeat, "long": args.long, "seed": args.seed, "sizes": args.sizes, "gc": args.gc,
        "load_average": load_average(),
    }


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


# -- RESULTS.md ----

WAITED = 1.25  # a step whose wall time is this much over its CPU time waited for a core: CPU shown too

def _cell(result: dict | None) -> str:
    if not result:
        return "–"
    if "error" in result:
        return result["error"]
    if result.get("skipped"):
        return result["skipped"]
    cpu = result.get("cpu_median_s")
    waited = f" (cpu {fmt_s(cpu)} s)" if cpu and result["median_s"] > WAITED * cpu else ""
    return f"{fmt_s(result.get('median_s'))} s{waited} · {result['peak_mb']:.0f} MB"


_STEP_LABELS = {"load": "load profiles (YAML)", "build": "build graph (`build_store`)",
                "export": "export Turtle (`kg.export`)", "check-source": "check-source (profiles against the page)",
                "open": "open Turtle (`KnowledgeGraph.from_file`)", "network": "network measures (`kg.network_report`)",
                "views": "write views (`kg.write_views`)",
                "build-process": "`clusterkg build` process (child's peak)",
                "build-process-no-check": "`clusterkg build --no-check` process (child's peak)"}


def targets_table(results: dict, level: str) -> list[str]:
    out = [f"{level} Targets", "", "| target | measured | limit | result |", "| --- | --- | --- | --- |"]
    out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in targets(results)]
    return out + [""]


def _slowest_cells(sizes: dict, keys: list[str], variant=lambda q: q["ours"]) -> list[str]:
    cells = []
    for k in keys:
        found = slowest_query(sizes[k], variant) if sizes[k].get("queries") else None
        if found and found[1] == float("inf"):
            cells.append(f"{found[0]}: {variant(sizes[k]['queries'][found[0]])['error']}")
        else:
            cells.append(f"{fmt_s(found[1])} s ({found[0]})" if found else "–")
    return cells


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
    slowest = _slowest_cells(sizes, keys)
    out.append("| slowest stored query (query only, with names) | " + " | ".join(slowest) + " |")
    plain = _slowest_cells(sizes, keys, lambda q: q["ours"].get("no_labels", {}))
    out.append("| slowest stored query (`labels=False`) | " + " | ".join(plain) + " |")
    return out + [""]


def summary(results: dict) -> str:
    """The targets and the pipeline table, for docs/performance.md."""
    env = results["environment"]
    head = (f"Measured {env['date']} on {env['cpu']} ({env['cores']} cores, {env['memory_gb']:.0f} GB), "
            f"Python {env['python']}, pyoxigraph {env['versions']['pyoxigraph']}.")
    return "\n".join([head, ""] + targets_table(results, "###") + pipeline_table(results, "###"))


def _header(results: dict) -> list[str]:
    env = results["environment"]
    load = env.get("load_average")
    end = env.get("load_average_end")
    busy = (f"; load average {load[0]:.2f} at the start" if load else "") + (
        f", {end[0]:.2f} at the end" if end else "")
    out = ["# Benchmark results", "",
           "Written by `python benchmarks/run.py` (see benchmarks/README.md for what each figure means).", "",
           f"- Date: {env['date']}; commit {env['commit']}",
           f"- Machine: {env['cpu']}, {env['cores']} cores, {env['memory_gb']:.0f} GB RAM, {env['os']}{busy} "
           "(a load near the number of cores means other work shared the machine, and times carry noise)",
           f"- Python {env['python']}; " + ", ".join(f"{k} {v}" for k, v in env["versions"].items())
           + f"; {env['chromium']}",
           f"- Each step: median of up to {env['repeat']} runs in one process after its setup (a step over "
           f"{env.get('long', 60):.0f} s is run once); memory is the peak RSS (`VmHWM`) of that process, inputs "
           "included (for `clusterkg build` processes: the child's `ru_maxrss`). "
           f"Seed {env['seed']}. Cyclic garbage collector {env.get('gc', 'paused')} in a timed step"
           f"{' (as `clusterkg` commands pause it)' if env.get('gc', 'paused') == 'paused' else ''}. "
           "One engine: Oxigraph (pyoxigraph). Python bytecode cached, as on an installed "
           "Python (`PYTHONPYCACHEPREFIX` in the work folder; the commands warmed once).", ""]
    if env.get("total_s"):
        out += [f"The whole run took {env['total_s'] / 60:.1f} minutes.", ""]
    return out


def query_table(k: str, queries: dict) -> list[str]:
    out = ["", f"## Stored queries at R = {k}", "",
           "Ours: `KnowledgeGraph.query(NAME, params=...)`, with the name columns (the default) and with "
           "`labels=False`; pyoxigraph: the same text and `VALUES` block on a bare Store. Ratios: ours ÷ pyoxigraph.",
           "",
           "| query | rows | ours (s) | ours, `labels=False` (s) | pyoxigraph (s) | ratio | ratio, `labels=False` | "
           "ours: load + query (s) | pyoxigraph: load + query (s) | ours peak MB |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, q in sorted(queries.items()):
        ours, bare = q["ours"], q["pyoxigraph"]
        plain = ours.get("no_labels", {}).get("median_s")
        if "median_s" not in ours or "median_s" not in bare:
            out.append(f"| `{name}` | | {_cell(ours)} | {fmt_s(plain)} | {_cell(bare)} | | | | | |")
            continue
        ratio = ours["median_s"] / bare["median_s"] if bare["median_s"] else float("inf")
        plain_ratio = f"{plain / bare['median_s']:.2f}×" if plain and bare["median_s"] else "–"
        rows = f"{ours.get('rows')}"
        if ours.get("rows") != bare.get("rows"):
            rows += f" (pyoxigraph {bare.get('rows')})"
        out.append(f"| `{name}` | {rows} | {fmt_s(ours['median_s'])} | {fmt_s(plain)} | {fmt_s(bare['median_s'])} | "
                   f"{ratio:.2f}× | {plain_ratio} | {fmt_s(ours['load_s'] + ours['median_s'])} | "
                   f"{fmt_s(bare['load_s'] + bare['median_s'])} | {ours['peak_mb']:.0f} |")
    return out


def browser_table(sizes: dict) -> list[str]:
    rows = []
    for k in sorted(sizes, key=int):
        views = sizes[k]["steps"].get("views", {})
        browser = sizes[k]["steps"].get("browser-views", {}).get("pages", {})
        modes = views.get("modes", {})
        for page, size in sorted(views.get("pages", {}).items()):
            runs = browser.get(page, {}).get("runs", [])
            load = min((r["load_s"] for r in runs), default=None)
            settles = [r["settle_s"] for r in runs]
            settle = "did not settle" if runs and None in settles else fmt_s(min(settles)) if runs else "–"
            mode = modes.get(page, "–") if page != "index.html" else "table"
            rows.append(f"| {k} | {page} | {mode} | {size / 1024:,.0f} KiB | {fmt_s(load)} | {settle} |")
    if not rows:
        return []
    return ["", "## Views: HTML size and headless Chromium (load, then settled: physics stopped)", "",
            "| R | page | drawn with | size | load (s) | settled (s) |",
            "| --- | --- | --- | ---: | ---: | ---: |", *rows]


def _ratio(a, b) -> str:
    return f"{a / b:.2f}×" if a and b else "–"


def real_tables(real: dict) -> list[str]:
    if not real.get("build_s"):
        return []
    previous = real.get("previous") or {}
    out = ["", "## Real data: whole commands", "",
           f"Median of {real.get('runs', 5)} runs each, commands of a comparison taking turns. Bare `python -c "
           f"\"import rdflib, networkx, pyvis.network, SPARQLWrapper\"`: {fmt_s(real['bare_import_s'])} s. "
           f"`clusterkg build`: {fmt_s(real['build_s'])} s (`--no-check`: {fmt_s(real.get('build_no_check_s'))} s; "
           f"`--no-views`: {fmt_s(real.get('build_no_views_s'))} s); CPU time (user + system) of each: "
           + ", ".join(f"{fmt_s(real.get('cpu', {}).get(k))} s" for k in
                       ("bare_import_s", "build_s", "build_no_check_s", "build_no_views_s"))
           + (f"; previous RESULTS.md ({previous.get('date')}, commit {previous.get('commit')}): "
              f"{fmt_s(previous['build_s'])} s, bare import {fmt_s(previous.get('bare_import_s'))} s." if previous
              else "."), "",
           "`clusterkg query NAME --format csv` reads the graph from its cache (warmed once); the six-line script "
           "loads graph.ttl into a pyoxigraph Store, runs the same text (params as the same `VALUES` block) and "
           "prints CSV; the rdflib script is the previous targets' (rdflib parses the Turtle and runs the query).", "",
           "| query | ours (s) | ours `--no-labels` (s) | ours `--graph graph.ttl` (s) | six-line pyoxigraph (s) | "
           "ours ÷ six-line | rdflib script (s) | rows (ours / six-line) |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, q in sorted(real.get("queries", {}).items()):
        if q.get("skipped"):
            out.append(f"| `{name}` | {q['skipped']} | | | | | | |")
            continue
        rows = q.get("rows", {})
        out.append(f"| `{name}` | {fmt_s(q['query_s'])} | {fmt_s(q.get('query_no_labels_s'))} | "
                   f"{fmt_s(q.get('query_graph_s'))} | {fmt_s(q.get('six_line_s'))} | "
                   f"{_ratio(q.get('query_s'), q.get('six_line_s'))} | "
                   f"{fmt_s(q.get('rdflib_script_s'))} | {rows.get('ours')} / {rows.get('six_line')} |")
    return out


def markdown(results: dict) -> str:
    out = _header(results) + targets_table(results, "##")
    if results.get("stopped"):
        out += ["## Notes", ""] + [f"- {note}" for note in results["stopped"]] + [""]
    sizes = results.get("sizes", {})
    if sizes:
        out += [""] + pipeline_table(results, "##")
        for k in sorted(sizes, key=int):
            if sizes[k].get("queries"):
                out += query_table(k, sizes[k]["queries"])
    out += browser_table(sizes)
    out += real_tables(results.get("real", {}))
    return "\n".join(out) + "\n"
