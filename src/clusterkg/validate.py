"""SHACL validation of the graph against ``ontology/shapes.ttl``, reported in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDFS, SH

from .errors import InputError
from .export import ONTOLOGY_FILE, SHAPES_FILE


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    message: str
    shape: str

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        return f"{self.focus}{where}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]


def _short(graph: Graph, term) -> str:
    if term is None:
        return None
    label = graph.value(term, RDFS.label)
    try:
        name = graph.namespace_manager.normalizeUri(term)
    except Exception:  # noqa: BLE001 - a term rdflib cannot shorten is shown whole
        name = str(term)
    return f"{name} \"{label}\"" if label else name


def load_turtle(path) -> Graph:
    path = Path(path)
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except Exception as exc:  # rdflib raises several parser error types
        raise InputError(path, f"not valid Turtle: {exc}") from None
    return graph


def validate(graph: Graph, shapes=SHAPES_FILE, checks: bool = True) -> ValidationReport:
    """Check ``graph`` against the SHACL shapes (the ontology supplies the class hierarchy) and,
    with ``checks``, the stored integrity rules ``queries/checks/*-violation.rq``."""
    from pyshacl import validate as shacl_validate

    shapes_graph = Graph().parse(shapes, format="turtle")
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    conforms, results, _ = shacl_validate(graph, shacl_graph=shapes_graph, ont_graph=ontology,
                                          inference="none", abort_on_first=False, allow_warnings=True)
    violations = []
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        violations.append(Violation(
            focus=_short(graph, results.value(result, SH.focusNode)),
            path=_short(graph, results.value(result, SH.resultPath)),
            message=str(results.value(result, SH.resultMessage) or "violates a shape"),
            shape=str(results.value(result, SH.sourceShape)),
        ))
    if checks:
        from .queries import run_checks

        for name, rows in run_checks(graph):
            for row in rows:
                focus = row.get("focus")
                violations.append(Violation(focus=_short(graph, focus) if focus is not None else "(graph)",
                                            path=None, message=f"{row.get('message') or name} [{name}]",
                                            shape=f"check:{name}"))
    violations.sort(key=lambda v: (v.focus or "", v.path or "", v.message))
    return ValidationReport(conforms=bool(conforms) and not violations, violations=tuple(violations))
