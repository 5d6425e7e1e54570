"""``clusterkg diff`` of two editions of R regions against building one (issue 25: within 2x).

    .venv/bin/python benchmarks/editions_bench.py [--regions 100] [--repeat 3] [--work DIR]

The old edition is ``generate.py``'s data for R regions; the new one is a copy with, in every tenth
profile file, a figure changed, a bullet inserted at the top of the drivers, the first strength
reworded and the last action removed. Measured in separate processes (the median of ``--repeat``):
``clusterkg build --no-check --no-views`` of the new edition (the time to build one) and ``clusterkg
diff OLD NEW`` (both editions built from their YAML, then compared and reported), each with no graph
cache. Also, in one process: building one edition's store, and the comparison alone given both stores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def make_new_edition(old: Path, new: Path) -> int:
    """Copy ``old`` to ``new`` and change every tenth profile; returns the number of profiles changed."""
    import yaml

    shutil.copytree(old, new)
    changed = 0
    for i, path in enumerate(sorted((new / "profiles").glob("*.yaml"))):
        if i % 10:
            continue
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc["growth"]["jobs_max"] += 50
        first = doc["drivers"][0]
        doc["drivers"].insert(0, {"text": "A driver added in the new edition.", "line": first["line"]})
        if doc["strengths"]:
            doc["strengths"][0]["text"] = doc["strengths"][0]["text"].rstrip(".") + ", as revised."
        if doc["actions"]:
            doc["actions"].pop()
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        changed += 1
    return changed


def _timed(args: list[str], env: dict) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "clusterkg", *args], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"clusterkg {' '.join(args)} failed: {done.stderr}")
    return elapsed


def _in_process(old: Path, new: Path) -> dict:
    from clusterkg.editions import compare, render_changeset, render_report
    from clusterkg.model.graph import build_store
    from clusterkg.source.profiles import load_profiles

    start = time.perf_counter()
    new_store = build_store(load_profiles(new))
    build = time.perf_counter() - start
    old_store = build_store(load_profiles(old))
    start = time.perf_counter()
    diff = compare(old_store, new_store)
    render_report(diff, "text")
    render_changeset(diff, "sparql-update")
    return {"build_store_s": build, "compare_s": time.perf_counter() - start,
            "triples_removed": len(diff.quads_removed), "triples_added": len(diff.quads_added)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--regions", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", default=None)
    args = parser.parse_args()
    from generate import generate

    work = Path(args.work or tempfile.mkdtemp(prefix="clusterkg-editions-"))
    old, new = work / f"old-r{args.regions}", work / f"new-r{args.regions}"
    for folder in (old, new):
        shutil.rmtree(folder, ignore_errors=True)
    generate(old, args.regions)
    changed = make_new_edition(old, new)
    env = dict(os.environ, CLUSTERKG_CACHE_DIR=str(work / "no-cache"))
    build = [_timed(["build", "--no-check", "--no-views", "--data", str(new), "--out", str(work / "out")], env)
             for _ in range(args.repeat)]
    diff = [_timed(["diff", str(old), str(new), "--output", str(work / "report.txt")], env)
            for _ in range(args.repeat)]
    result = {"regions": args.regions, "profiles_changed": changed, "build_s": statistics.median(build),
              "diff_s": statistics.median(diff), **_in_process(old, new)}
    result["diff_over_build"] = result["diff_s"] / result["build_s"]
    result["compare_over_build_store"] = result["compare_s"] / result["build_store_s"]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
