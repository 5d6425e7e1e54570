"""SHACL validation of the graph against ``ontology/shapes.ttl``, reported in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SH

from clusterkg.model.bridge import from_rdflib
from clusterkg.query.catalogue import checks_engine, run_checks_on
from clusterkg.resources import ontology_file, shapes_file


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
    triples: int = 0


def _short(graph: Graph, term) -> str:
    if term is None:
        return None
    label = graph.value(term, RDFS.label)
    try:
        name = graph.namespace_manager.normalizeUri(term)
    except Exception:  # noqa: BLE001 - a term rdflib cannot shorten is shown whole
        name = str(term)
    return f"{name} \"{label}\"" if label else name


def read_exactly(path) -> Graph:
    """The RDF file at ``path`` as an rdflib Graph, every literal exactly as written (a store would keep
    canonical forms)."""
    from clusterkg.model.bridge import to_rdflib_term
    from clusterkg.model.rdffiles import read_quads

    graph = Graph()
    convert = to_rdflib_term
    graph.addN((convert(q.subject), convert(q.predicate), convert(q.object), graph) for q in read_quads(path))
    return graph


def validate(source, shapes=None, checks: bool = True) -> ValidationReport:
    """Check ``source`` (a :class:`~clusterkg.KnowledgeGraph`, an rdflib Graph, or an RDF file, read exactly
    as written; :func:`clusterkg.validate` opens any other source) against the SHACL shapes (the ontology
    supplies the class hierarchy) and, with ``checks``, the stored integrity rules ``queries/checks/*-violation.rq``."""
    from pyshacl import validate as shacl_validate

    if isinstance(source, str | Path):
        graph, kg = read_exactly(source), None
    elif isinstance(source, Graph):
        graph, kg = source, None
    else:
        kg = source
        graph = kg.rdflib()
    shapes_graph = Graph().parse(shapes or shapes_file(), format="turtle")
    ontology = Graph().parse(ontology_file(), format="turtle")
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
        found = kg.run_checks() if kg is not None else run_checks_on(checks_engine(from_rdflib(graph)))
        for name, rows in found:
            for row in rows:
                focus = row.get("focus")
                violations.append(Violation(focus=_short(graph, URIRef(focus)) if focus is not None else "(graph)",
                                            path=None, message=f"{row.get('message') or name} [{name}]",
                                            shape=f"check:{name}"))
    violations.sort(key=lambda v: (v.focus or "", v.path or "", v.message))
    return ValidationReport(conforms=bool(conforms) and not violations, violations=tuple(violations),
                            triples=len(graph))
