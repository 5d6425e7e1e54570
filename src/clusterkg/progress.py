"""Progress bars on stderr (tqdm), drawn only when stderr is a terminal.

    from clusterkg.progress import progress
    for profile in progress(data.profiles, label="Building graph"):
        ...

When stderr is not a terminal (a pipe, a file, CI) nothing at all is written, so output that scripts
read stays clean; ``CLUSTERKG_PROGRESS=0`` turns bars off on a terminal too. Work that is over within
half a second (``CLUSTERKG_PROGRESS_DELAY``) draws nothing. tqdm is imported only when a bar can show.
"""

from __future__ import annotations

import os
import sys

DELAY_SECONDS = 0.5


def wanted(stream=None) -> bool:
    """Whether a bar may be drawn on ``stream`` (default: stderr)."""
    stream = sys.stderr if stream is None else stream
    if os.environ.get("CLUSTERKG_PROGRESS", "") == "0":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


class _Silent:
    """What a bar is where none may be drawn."""

    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass


def Progress(total: int | None = None, label: str = "", stream=None, delay: float = DELAY_SECONDS):  # noqa: N802
    """A bar counting to ``total`` (``update()``, ``close()``, or use as a context manager)."""
    stream = sys.stderr if stream is None else stream
    if not wanted(stream):
        return _Silent()
    from tqdm import tqdm

    delay = float(os.environ.get("CLUSTERKG_PROGRESS_DELAY", delay))
    return tqdm(total=total, desc=label or None, file=stream, delay=delay, leave=False, dynamic_ncols=True)


def progress(items, label: str = "", total: int | None = None, stream=None, delay: float = DELAY_SECONDS):
    """Yield from ``items`` while drawing a bar (``total`` defaults to ``len(items)``)."""
    if not wanted(stream):
        yield from items
        return
    if total is None:
        try:
            total = len(items)
        except TypeError:
            total = None
    with Progress(total, label, stream, delay) as bar:
        for item in items:
            yield item
            bar.update()
