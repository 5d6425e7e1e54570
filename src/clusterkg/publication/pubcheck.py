"""``clusterkg check-publication DIR``: the scores a portal and an ontology checker would give a
publication folder (``export --all``), computed offline: data.europa.eu's MQA on ``catalog.rdf``
(:mod:`clusterkg.publication.mqa`), the FOOPS! checks on ``clusterkg.ttl`` (:mod:`clusterkg.publication.foops`) and the
official DCAT-AP 3.0.1 shapes (``ontology/dcat-ap-3.0.1``: shapes.ttl and range.ttl) on ``catalog.rdf``.
The mark is every point and every required test, and no violation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from clusterkg.errors import InputError
from clusterkg.publication import foops, mqa

CATALOGUE, ONTOLOGY = "catalog.rdf", "clusterkg.ttl"
SHAPES = ("shapes.ttl", "range.ttl")
DCAT_AP = "DCAT-AP 3.0.1 (SEMIC's SHACL shapes: shapes.ttl and range.ttl)"


@dataclass
class PublicationReport:
    indicators: list[mqa.Indicator]
    checks: list[foops.Check]
    violations: list[str]
    missing_logo: str | None

    @property
    def mqa_points(self) -> float:
        return round(sum(i.points for i in self.indicators), 2)

    @property
    def foops_required(self) -> tuple[int, int]:
        """(passed, required) FOOPS! tests."""
        required = [(c.id, t) for c in self.checks for t in (*c.passed, *c.failed) if (c.id, t) not in
                    foops.NOT_REQUIRED]
        failed = sum(len(c.required_failed) for c in self.checks)
        return len(required) - failed, len(required)

    @property
    def ok(self) -> bool:
        passed, required = self.foops_required
        return (self.mqa_points >= mqa.MAXIMUM and passed == required and not self.violations
                and self.missing_logo is None)


def _read(path: Path, format: str) -> Graph:
    if not path.is_file():
        raise InputError(path, "no such file (check-publication reads the folder export --all writes)")
    try:
        return Graph().parse(path, format=format)
    except Exception as exc:  # rdflib raises many kinds for a bad file
        raise InputError(path, f"not {'RDF/XML' if format == 'xml' else 'Turtle'}: "
                               f"{' '.join(str(exc).split())[:200]}") from None


def dcat_ap_violations(catalogue: Graph) -> list[str]:
    """Each violation of the DCAT-AP 3.0.1 shapes in ``catalogue``: ``focus path: message``."""
    import pyshacl

    from clusterkg.resources import resource

    shapes = Graph()
    for name in SHAPES:
        shapes.parse(resource("ontology", "dcat-ap-3.0.1", name), format="turtle")
    _, report, _ = pyshacl.validate(catalogue, shacl_graph=shapes, inference="none")
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if report.value(result, SH.resultSeverity) != SH.Violation:
            continue
        focus, path = report.value(result, SH.focusNode), report.value(result, SH.resultPath)
        found.append(f"{focus} {path}: {report.value(result, SH.resultMessage)}")
    return sorted(found)


def _missing_logo(ontology: Graph, folder: Path) -> str | None:
    """The ontology's logo where its file is not in ``folder`` (a logo must be a file the folder ships)."""
    iri = foops.ontology_iri(ontology)
    logos = [str(o) for p in foops.METADATA["logo"] for o in ontology.objects(iri, URIRef(p))] if iri else []
    for logo in logos:
        if not (folder / logo.rstrip("/").rsplit("/", 1)[-1]).is_file():
            return logo
    return None


def check_publication(directory) -> PublicationReport:
    folder = Path(directory)
    if not folder.is_dir():
        raise InputError(folder, "no such folder")
    catalogue = _read(folder / CATALOGUE, "xml")
    ontology = _read(folder / ONTOLOGY, "turtle")
    violations = dcat_ap_violations(catalogue)
    return PublicationReport(mqa.assess(catalogue, folder, compliant=not violations), foops.assess(ontology),
                             violations, _missing_logo(ontology, folder))


def _number(points: float) -> str:
    return f"{points:g}"


def format_report(report: PublicationReport) -> str:
    lines = [f"MQA: {_number(report.mqa_points)} of {mqa.MAXIMUM} ({mqa.rating(report.mqa_points)}); "
             f"{mqa.MQA_VERSION}"]
    for dimension in dict.fromkeys(i.dimension for i in report.indicators):
        mine = [i for i in report.indicators if i.dimension == dimension]
        lines.append(f"  {dimension}: {_number(round(sum(i.points for i in mine), 2))} of "
                     f"{sum(i.weight for i in mine)}")
        lines += [f"    short: {i.name}, {_number(round(i.points, 2))} of {i.weight} "
                  f"({i.passed} of {i.population})" for i in mine if i.points < i.weight]
    passed, required = report.foops_required
    lines.append(f"FOOPS!: {passed} of {required} required tests of the checks that read only the ontology; "
                 f"{foops.FOOPS_VERSION}")
    for check in report.checks:
        mark = "ok" if not check.failed else ("no DOI (not required: a DOI needs a registration)"
                                              if not check.required_failed else "missing " + ", ".join(check.failed))
        lines.append(f"  {check.id} {check.title}: {mark}")
    if report.missing_logo:
        lines.append(f"  logo {report.missing_logo}: its file is not in the folder")
    lines.append(f"{DCAT_AP}: {len(report.violations)} violation(s)")
    lines += [f"  {v}" for v in report.violations]
    lines.append("OK: every point and every required test." if report.ok else "Below the mark.")
    return "\n".join(lines)

