"""Time and peak memory of clusterkg.rdfio.writers on a large store, one format per process.

    .venv/bin/python benchmarks/writers_bench.py GRAPH.ttl [--formats turtle,ntriples] [--out DIR]

Each format runs in a fresh process (a random PYTHONHASHSEED each): the Turtle file is loaded into an
in-memory pyoxigraph Store (not timed), then ``writers.write`` runs once with the project's prefixes.
Reported: wall and CPU seconds (the machine may be shared), the resident memory after loading and its
peak during the write (sampled every 20 ms), the process's peak (``ru_maxrss``, loading included), the
output's size and its SHA-256 (the same in every run: the bytes are deterministic).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def _child(graph: str, format: str, out: str) -> dict:
    import psutil
    import pyoxigraph as ox

    from clusterkg.model.graph import PREFIXES as PROJECT_PREFIXES
    from clusterkg.rdfio.writers import write

    store = ox.Store()
    store.load(path=graph, format=ox.RdfFormat.TURTLE)
    me = psutil.Process()
    before = me.memory_info().rss
    peak = [before]
    done = threading.Event()

    def sample():
        while not done.wait(0.02):
            peak[0] = max(peak[0], me.memory_info().rss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start, cpu = time.perf_counter(), time.process_time()
    path = write(store, out, format, prefixes=PROJECT_PREFIXES)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    done.set()
    sampler.join()
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return {"format": format, "triples": len(store), "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "rss_after_load_mb": round(before / 2**20), "peak_rss_during_write_mb": round(peak[0] / 2**20),
            "ru_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "bytes": size, "sha256": digest.hexdigest()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph")
    parser.add_argument("--formats", default="turtle,ntriples")
    parser.add_argument("--out", default=None, help="folder for the outputs (default: a temporary one)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.graph, *args.child)))
        return
    out = Path(args.out or tempfile.mkdtemp(prefix="writers-bench-"))
    for format in args.formats.split(","):
        target = out / f"graph.{format}"
        done = subprocess.run([sys.executable, __file__, args.graph, "--child", format, str(target)], check=False,
                              capture_output=True, text=True, env=dict(os.environ, PYTHONHASHSEED="random"))
        print(done.stdout.strip() or done.stderr.strip()[-2000:], flush=True)


if __name__ == "__main__":
    main()
