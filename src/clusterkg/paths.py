"""Where the project's own files live: ``data/``, ``ontology/``, ``queries/`` and ``viz/templates/``
beside ``src/`` (clusterkg runs from its checkout, installed with ``pip install -e .``)."""

from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_DIR / "data"
ONTOLOGY_DIR = PROJECT_DIR / "ontology"
QUERIES_DIR = PROJECT_DIR / "queries"
TEMPLATE_DIR = PROJECT_DIR / "viz" / "templates"
