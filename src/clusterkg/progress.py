"""A small progress bar on stderr, drawn only when stderr is a terminal.

    from clusterkg.progress import progress
    for profile in progress(data.profiles, label="Building graph"):
        ...

When stderr is not a terminal (a pipe, a file, CI) nothing at all is written, so output that
scripts read stays clean. ``CLUSTERKG_PROGRESS=0`` turns the bar off on a terminal too, and
``CLUSTERKG_PROGRESS_DELAY=SECONDS`` changes the delay below. Work that
is over within ``delay`` seconds (half a second by default) draws nothing, so small inputs stay
quiet and only long runs (R >= 100 regions, say) show a bar.
"""

from __future__ import annotations

import os
import shutil
import sys
import time

_REDRAW_SECONDS = 0.1
DELAY_SECONDS = 0.5


def _wanted(stream) -> bool:
    if os.environ.get("CLUSTERKG_PROGRESS", "") == "0":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


class Progress:
    """Counts work done out of ``total`` (or open-ended, when ``total`` is None) and draws it.

    Use as a context manager, or call :meth:`close`: the line is cleared when done, so whatever is
    printed next starts on a clean line. The first draw waits ``delay`` seconds; with ``delay=0``
    the bar shows at once (for one long step with no updates, e.g. writing a file).
    """

    def __init__(self, total: int | None = None, label: str = "", stream=None, enabled: bool | None = None,
                 delay: float = DELAY_SECONDS):
        self.total, self.label, self.done = total, label, 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _wanted(self.stream) if enabled is None else enabled
        self.started = time.monotonic()
        self.delay = float(os.environ.get("CLUSTERKG_PROGRESS_DELAY", delay))
        self._drawn_at = None
        self._closed = False
        if self.enabled and delay <= 0:
            self._draw()

    def update(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if self._drawn_at is None:
            due = now - self.started >= self.delay
        else:
            due = now - self._drawn_at >= _REDRAW_SECONDS
        if due:
            self._draw()

    def line(self) -> str:
        """The bar as text, e.g. ``Building graph [######----------]  40% 320/800 1.2s``."""
        elapsed = f"{time.monotonic() - self.started:.1f}s"
        head = f"{self.label} " if self.label else ""
        if not self.total:
            return f"{head}{self.done:,} {elapsed}" if self.done else f"{head}... {elapsed}"
        share = min(self.done / self.total, 1.0)
        tail = f" {share:4.0%} {self.done:,}/{self.total:,} {elapsed}"
        width = shutil.get_terminal_size((80, 24)).columns - 1
        bar = max(10, min(40, width - len(head) - len(tail) - 2))
        filled = int(share * bar)
        return f"{head}[{'#' * filled}{'-' * (bar - filled)}]{tail}"

    def _draw(self) -> None:
        self._drawn_at = time.monotonic()
        self.stream.write("\r\x1b[K" + self.line())
        self.stream.flush()

    def close(self) -> None:
        if self._drawn_at is not None and not self._closed:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
        self._closed = True

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def progress(items, label: str = "", total: int | None = None, stream=None, delay: float = DELAY_SECONDS):
    """Yield from ``items`` while drawing a bar (``total`` defaults to ``len(items)``)."""
    if total is None:
        try:
            total = len(items)
        except TypeError:
            total = None
    with Progress(total, label, stream, delay=delay) as bar:
        for item in items:
            yield item
            bar.update()
