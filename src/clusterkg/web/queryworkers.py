"""SPARQL queries run in worker processes, each with its own Oxigraph store, so that a query past its
deadline can really be stopped: pyoxigraph has no way to cancel a query, and a thread cannot be
killed, so the worker running it is (by its PID) and a fresh one takes its place.

A worker answers with the result already written in the format asked for, and stops writing (and
answers ``too-large``) past the result-size limit in bytes. This module imports only pyoxigraph, so
a worker starts fast.
"""

from __future__ import annotations

import io
import multiprocessing
import threading
import time
from typing import NamedTuple

import pyoxigraph as ox

from clusterkg.model.terms import PREFIXES

# format key -> how pyoxigraph writes it
RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "nt": ox.RdfFormat.N_TRIPLES,
                 "rdf": ox.RdfFormat.RDF_XML}


class Outcome(NamedTuple):
    """What became of a query: ``ok`` (``body`` holds the result), ``syntax`` (a bad query),
    ``too-large``, ``timeout``, ``cancelled`` (its client left) or ``failed``; ``message`` says why for
    all but ``ok``."""

    status: str
    body: bytes = b""
    message: str = ""


class _TooLarge(Exception):
    pass


class LimitedBuffer:
    """A file-like object that takes at most ``limit`` bytes."""

    def __init__(self, limit: int):
        self.limit, self.parts, self.size = limit, [], 0

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLarge()
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def run_query(store: ox.Store, query: str, format: str, limit: int, prefixes: dict | None = None) -> Outcome:
    """``query`` on ``store``, written in ``format`` (a key of :data:`RESULT_FORMATS` or :data:`GRAPH_FORMATS`)."""
    out = LimitedBuffer(limit)
    try:
        found = store.query(query, prefixes=prefixes)
        if isinstance(found, ox.QuerySolutions | ox.QueryBoolean):
            found.serialize(out, format=RESULT_FORMATS[format])
        else:
            ox.serialize(found, out, format=GRAPH_FORMATS[format], prefixes=prefixes)
    except SyntaxError as exc:
        return Outcome("syntax", message=" ".join(str(exc).split()))
    except _TooLarge:
        return _too_large(limit)
    except (OSError, ValueError, RuntimeError, TypeError, KeyError) as exc:
        if out.size > limit:  # pyoxigraph may wrap the writer's exception
            return _too_large(limit)
        return Outcome("failed", message=" ".join(str(exc).split()) or type(exc).__name__)
    return Outcome("ok", out.getvalue())


def _too_large(limit: int) -> Outcome:
    return Outcome("too-large", message=f"the result is larger than {limit:,} bytes; narrow the query or add a LIMIT")


def _worker(conn, data: bytes, limit: int) -> None:
    """A worker process: load the graph, then answer queries until the pipe closes."""
    store = ox.Store()
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    conn.send("ready")
    while True:
        try:
            query, format = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(tuple(run_query(store, query, format, limit, PREFIXES)))


class Worker:
    """One worker process and the pipe to it."""

    def __init__(self, context, data: bytes, limit: int):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child, data, limit), daemon=True,
                                       name="clusterkg-query-worker")
        self.process.start()
        child.close()
        if not self.conn.poll(120) or self.conn.recv() != "ready":
            self.stop()
            raise RuntimeError("a query worker did not start")

    def ask(self, query: str, format: str, deadline: float, timeout: float,
            cancelled: threading.Event | None = None) -> Outcome:
        """The worker's answer by ``deadline`` (``time.monotonic()``); ``timeout`` or ``cancelled`` when
        the answer is not in by then, or ``cancelled`` is set first (the caller then stops the worker)."""
        self.conn.send((query, format))
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return Outcome("timeout", message=f"the query ran longer than {timeout:g} s and was stopped")
            if self.conn.poll(min(left, 0.1) if cancelled is not None else left):
                return Outcome(*self.conn.recv())
            if cancelled is not None and cancelled.is_set():
                return Outcome("cancelled", message="the client left; the query was stopped")

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """``size`` workers over the same graph; :meth:`run` blocks (call it from a worker thread)."""

    def __init__(self, store: ox.Store, size: int = 2, timeout: float = 30.0, limit: int = 50_000_000):
        buffer = io.BytesIO()
        ox.serialize(store.quads_for_pattern(None, None, None), buffer, format=ox.RdfFormat.N_QUADS)
        self.data, self.timeout, self.limit = buffer.getvalue(), timeout, limit
        self.context = multiprocessing.get_context("spawn")
        self.idle: list[Worker] = []
        self.available = threading.Semaphore(0)
        self.lock = threading.Lock()
        self.closed = False
        for _ in range(size):
            self._add(Worker(self.context, self.data, limit))

    def _add(self, worker: Worker) -> None:
        with self.lock:
            self.idle.append(worker)
        self.available.release()

    def run(self, query: str, format: str, arrived: float | None = None,
            cancelled: threading.Event | None = None) -> Outcome:
        """The outcome of ``query`` by ``self.timeout`` seconds after ``arrived`` (a ``time.monotonic()``;
        default: now), time waiting for a free worker included; stopped early once ``cancelled`` is set."""
        deadline = (arrived if arrived is not None else time.monotonic()) + self.timeout
        while not self.available.acquire(timeout=max(0.0, min(deadline - time.monotonic(), 0.1))):
            if time.monotonic() >= deadline:
                return Outcome("timeout", message=f"no query worker was free within {self.timeout:g} s; "
                                                  "try again later")
            if cancelled is not None and cancelled.is_set():
                return Outcome("cancelled", message="the client left before the query ran")
        with self.lock:
            worker = self.idle.pop()
        try:
            outcome = worker.ask(query, format, deadline, self.timeout, cancelled)
        except (EOFError, OSError, BrokenPipeError) as exc:
            outcome = Outcome("failed", message=f"the query worker stopped ({exc or type(exc).__name__})")
            worker.stop()
            worker = Worker(self.context, self.data, self.limit)
        if outcome.status in ("timeout", "cancelled"):
            worker.stop()  # the only way to stop the query
            worker = Worker(self.context, self.data, self.limit)
        if self.closed:
            worker.stop()
        else:
            self._add(worker)
        return outcome

    def close(self) -> None:
        self.closed = True
        with self.lock:
            workers, self.idle = self.idle, []
        for worker in workers:
            worker.stop()
