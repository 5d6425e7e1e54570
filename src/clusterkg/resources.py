"""The files clusterkg ships with: the default data, the ontology and shapes, the stored queries and
the page templates, found as package data with :mod:`importlib.resources`.

In the source tree they live at the top level (``data/``, ``ontology/``, ``queries/``,
``viz/templates/``); ``src/clusterkg/bundled/`` links to them, so an editable install reads the
checkout and a wheel carries copies of the same files.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import ClusterKGError

PACKAGE = "clusterkg"
FOLDER = "bundled"


def resource(*parts: str) -> Path:
    """The path of a packaged file or folder, e.g. ``resource("ontology", "clusterkg.ttl")``."""
    found = resources.files(PACKAGE).joinpath(FOLDER, *parts)
    path = Path(str(found)).resolve()
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
