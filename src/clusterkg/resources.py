"""The files clusterkg ships with: the default data, the ontology and shapes, the stored queries and
the page templates, found as package data.

In the source tree they live at the top level (``data/``, ``ontology/``, ``queries/``,
``viz/templates/``); ``src/clusterkg/bundled/`` links to them, so an editable install reads the
checkout and a wheel carries copies of the same files.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from clusterkg.errors import ClusterKGError

PACKAGE = "clusterkg"
FOLDER = "bundled"


@functools.cache
def _package_files() -> Path:
    """Where the package's files are: the folder its import spec names when it is installed as a folder
    (the same answer :mod:`importlib.resources` gives, without loading it: that takes 30-40 ms, most
    of a query on the real data), else :func:`importlib.resources.files` (a zipped install, say)."""
    spec = sys.modules[PACKAGE].__spec__
    locations = list(spec.submodule_search_locations or ()) if spec is not None else []
    if spec is not None and spec.origin and len(locations) == 1 and Path(locations[0], "__init__.py").is_file():
        return Path(locations[0])
    from importlib import resources

    return Path(str(resources.files(PACKAGE)))


@functools.cache
def resource(*parts: str) -> Path:
    """The path of a packaged file or folder, e.g. ``resource("ontology", "clusterkg.ttl")``."""
    path = _package_files().joinpath(FOLDER, *parts).resolve()
    if not path.exists():
        raise ClusterKGError(f"clusterkg is installed without its {'/'.join(parts)} "
                             f"(looked in {path}); reinstall the package")
    return path


def data_dir() -> Path:
    """The embedded data: plan.yaml, entities.yaml, profiles/ and the source page."""
    return resource("data")


def ontology_file() -> Path:
    return resource("ontology", "clusterkg.ttl")


def shapes_file() -> Path:
    return resource("ontology", "shapes.ttl")


def queries_dir() -> Path:
    return resource("queries")


def checks_dir() -> Path:
    return resource("queries", "checks")


def templates_dir() -> Path:
    return resource("templates")
