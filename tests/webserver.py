"""``clusterkg serve`` as the tests start it: a real process on 127.0.0.1 and a free port, waited for
until /sparql answers, stopped by its PID; and whether the network views render on this tree."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from tests.servers import Server, free_port

ROOT = Path(__file__).resolve().parents[1]


@functools.cache
def views_render() -> str | None:
    """None if ``KnowledgeGraph.render_views()`` works here, else why not (the views are another branch's
    work while this one is written: then the site is made and served without them)."""
    from clusterkg import KnowledgeGraph

    try:
        KnowledgeGraph.from_data().render_views()
    except Exception as exc:  # noqa: BLE001 - any failure of the views means the same here
        return f"{type(exc).__name__}: {exc}"
    return None


def view_flags() -> list[str]:
    return [] if views_render() is None else ["--no-views"]


class ClusterkgServer(Server):
    """``python -m clusterkg serve`` with ``args``."""

    name, start_within = "clusterkg serve", 60

    def __init__(self, folder: Path, *args: str):
        super().__init__(folder)
        self.args, self.port = [*args, *view_flags()], None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def url(self) -> str:
        return self.base + "sparql"

    def command(self) -> list[str]:
        return [sys.executable, "-m", "clusterkg", "serve", "--port", str(self.port), *self.args]

    def start(self):
        self.port = free_port()
        return super().start()


class StaticServer(Server):
    """``python -m http.server`` on a folder: a plain static host, as GitHub Pages or S3 would be."""

    name, start_within = "python -m http.server", 30

    def __init__(self, folder: Path):
        super().__init__(folder.parent / f"{folder.name}-log")
        self.site, self.port = folder, None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def url(self) -> str:
        return self.base + "index.html"

    def command(self) -> list[str]:
        return [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1", "--directory",
                str(self.site)]

    def start(self):
        self.port = free_port()
        return super().start()
