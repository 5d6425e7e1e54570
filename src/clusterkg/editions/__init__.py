"""Editions of the plan: what changed between two of them, as a report for people and a changeset for
machines (SPARQL Update, RDF Patch). :func:`compare` reads both sides; :func:`render_report` and
:func:`render_changeset` write the result."""

from clusterkg.editions.changes import EditionDiff, compare
from clusterkg.editions.changeset import CHANGESET_FORMATS, render_changeset
from clusterkg.editions.report import REPORT_FORMATS, render_report

__all__ = ["CHANGESET_FORMATS", "REPORT_FORMATS", "EditionDiff", "compare", "render_changeset", "render_report"]
