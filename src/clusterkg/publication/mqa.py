"""data.europa.eu's Metadata Quality Assessment (MQA), computed offline on a publication's catalogue.

:data:`MQA_VERSION` names the methodology implemented: its 23 indicators and their weights (405 points
in five dimensions), each indicator's points its weight times the share of datasets or distributions
that pass it, and for Interoperability only the distribution with the most points counts ("identical
content with several distributions"). Three readings are ours and said in docs/publication-scores.md:
the two ``code=200`` indicators are checked on the folder (the URL's file is in it and has the SHA-256
the catalogue gives), not over the network; "non-proprietary" and "machine-readable" accept the open
RDF, CSV and JSON file types of the EU file-type authority table listed in :data:`OPEN_FORMATS`; and
the licence vocabulary is the EU licence authority table plus the licences of :data:`KNOWN_LICENCES`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

MQA_VERSION = ("data.europa.eu MQA methodology (https://data.europa.eu/mqa/methodology), indicators and "
               "weights as documented in the data.europa.eu data provider manual, metadata quality dashboard")
MAXIMUM = 405
RATINGS = ((351, "Excellent"), (221, "Good"), (121, "Sufficient"), (0, "Bad"))
SPDX = "http://spdx.org/rdf/terms#"
EU = "http://publications.europa.eu/resource/authority/"
IANA = ("http://www.iana.org/assignments/media-types/", "https://www.iana.org/assignments/media-types/")
OPEN_FORMATS = frozenset(EU + "file-type/" + name for name in (
    "RDF_TURTLE", "RDF_XML", "JSON_LD", "RDF_N_TRIPLES", "RDF_TRIG", "RDF_N_QUADS", "CSV", "JSON"))
KNOWN_LICENCES = frozenset({
    # the Open Government Licence v3.0 at the address data.gov.uk and CKAN's licence register give it
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
})


@dataclass(frozen=True)
class Indicator:
    """One MQA indicator: ``passed`` of ``population`` datasets or distributions."""

    dimension: str
    name: str
    weight: int
    passed: int
    population: int

    @property
    def points(self) -> float:
        return self.weight * self.passed / self.population if self.population else 0.0


def rating(points: float) -> str:
    return next(name for least, name in RATINGS if points >= least)


def _has(graph: Graph, node, prop) -> bool:
    return graph.value(node, prop) is not None


def _in(graph: Graph, node, prop, test) -> bool:
    return any(test(str(o)) for o in graph.objects(node, prop))


def _served(graph: Graph, dist, prop, folder: Path) -> bool:
    """Whether the distribution's URL names a file of ``folder`` with the catalogue's checksum."""
    for url in graph.objects(dist, prop):
        path = folder / str(url).rstrip("/").rsplit("/", 1)[-1]
        if not path.is_file():
            continue
        wanted = [str(graph.value(c, URIRef(SPDX + "checksumValue")))
                  for c in graph.objects(dist, URIRef(SPDX + "checksum"))]
        if not wanted or hashlib.sha256(path.read_bytes()).hexdigest() in wanted:
            return True
    return False


def _interoperability(graph: Graph, dist) -> list[tuple[str, int, bool]]:
    formats = [str(o) for o in graph.objects(dist, DCTERMS.format)]
    media = [str(o) for o in graph.objects(dist, DCAT.mediaType)]
    from_vocabulary = all(f.startswith(EU + "file-type/") for f in formats) and \
        all(m.startswith(IANA) for m in media) and bool(formats or media)
    return [("dct:format", 20, bool(formats)), ("dcat:mediaType", 10, bool(media)),
            ("dct:format/dcat:mediaType from vocabulary", 10, from_vocabulary),
            ("dct:format non-proprietary", 20, any(f in OPEN_FORMATS for f in formats)),
            ("dct:format machine-readable", 20, any(f in OPEN_FORMATS for f in formats))]


def assess(graph: Graph, folder, compliant: bool) -> list[Indicator]:
    """The MQA indicators of every dataset in ``graph`` (a DCAT catalogue); ``compliant``: whether the
    DCAT-AP shapes found no violation; ``folder``: where the distributions' files are."""
    folder = Path(folder)
    datasets = sorted(set(graph.subjects(RDF.type, DCAT.Dataset)), key=str)
    dists = sorted({d for ds in datasets for d in graph.objects(ds, DCAT.distribution)}, key=str)

    def per_dataset(dimension, name, weight, test):
        return Indicator(dimension, name, weight, sum(1 for d in datasets if test(d)), len(datasets))

    def per_dist(dimension, name, weight, test):
        return Indicator(dimension, name, weight, sum(1 for d in dists if test(d)), len(dists))

    found = [per_dataset("Findability", f"dcat:{p}", w, lambda d, p=p: _has(graph, d, DCAT[p]))
             for p, w in (("keyword", 30), ("theme", 30))]
    found += [per_dataset("Findability", f"dct:{p}", 20, lambda d, p=p: _has(graph, d, DCTERMS[p]))
              for p in ("spatial", "temporal")]
    found += [per_dist("Accessibility", "dcat:accessURL code=200", 50,
                       lambda d: _served(graph, d, DCAT.accessURL, folder)),
              per_dist("Accessibility", "dcat:downloadURL", 20, lambda d: _has(graph, d, DCAT.downloadURL)),
              per_dist("Accessibility", "dcat:downloadURL code=200", 30,
                       lambda d: _served(graph, d, DCAT.downloadURL, folder))]
    found += _best_distribution(graph, dists)
    found.append(per_dataset("Interoperability", "DCAT-AP compliance", 30, lambda d: compliant))
    found += [per_dist("Reusability", "dct:license", 20, lambda d: _has(graph, d, DCTERMS.license)),
              per_dist("Reusability", "dct:license from vocabulary", 10, lambda d: _in(
                  graph, d, DCTERMS.license, lambda v: v.startswith(EU + "licence/") or v in KNOWN_LICENCES)),
              per_dataset("Reusability", "dct:accessRights", 10, lambda d: _has(graph, d, DCTERMS.accessRights)),
              per_dataset("Reusability", "dct:accessRights from vocabulary", 5, lambda d: _in(
                  graph, d, DCTERMS.accessRights, lambda v: v.startswith(EU + "access-right/"))),
              per_dataset("Reusability", "dcat:contactPoint", 20, lambda d: _has(graph, d, DCAT.contactPoint)),
              per_dataset("Reusability", "dct:publisher", 10, lambda d: _has(graph, d, DCTERMS.publisher)),
              per_dist("Contextuality", "dct:rights", 5, lambda d: _has(graph, d, DCTERMS.rights)),
              per_dist("Contextuality", "dcat:byteSize", 5, lambda d: _has(graph, d, DCAT.byteSize)),
              per_dataset("Contextuality", "dct:issued", 5, lambda d: _has(graph, d, DCTERMS.issued)),
              per_dataset("Contextuality", "dct:modified", 5, lambda d: _has(graph, d, DCTERMS.modified))]
    return found


def _best_distribution(graph: Graph, dists) -> list[Indicator]:
    """The Interoperability indicators of the distribution that scores most (1 of 1 or 0 of 1 each)."""
    scored = [_interoperability(graph, d) for d in dists]
    if not scored:
        return [Indicator("Interoperability", name, weight, 0, 1) for name, weight, _ in _interoperability(graph, None)]
    best = max(scored, key=lambda checks: sum(w for _, w, ok in checks if ok))
    return [Indicator("Interoperability", name, weight, int(ok), 1) for name, weight, ok in best]
