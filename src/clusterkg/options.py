"""Publication settings in one object: what an export, a publication folder and the dataset
description are told about identifiers, licence, dates and endpoints.

Every value is checked as what it will become when the object is made (an IRI as an IRI, a date as a
date), so a bad setting fails before anything is written. Dates never come from the clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from .errors import ClusterKGError
from .values import WEB, check_date, check_iri

OGL_V3 = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
DEFAULT_PUBLISHER = "West Midlands Combined Authority"


@dataclass(frozen=True)
class PublicationOptions:
    """How to publish the graph.

    ``base_iri`` moves every resource IRI from ``https://w3id.org/wmgrowth/`` under a new base;
    ``ontology_iri`` moves the ontology namespace (and the shapes with it); ``license`` is the
    licence IRI; ``issued``/``modified`` are dates (``modified`` defaults to ``issued``);
    ``sparql_endpoint`` is where the data can be queried; ``publisher`` names the source's publisher;
    ``description`` adds the DCAT/VoID/PROV description; ``with_ontology`` adds the vocabulary.
    """

    base_iri: str | None = None
    ontology_iri: str | None = None
    license: str = OGL_V3
    issued: dt.date | None = None
    modified: dt.date | None = None
    sparql_endpoint: str | None = None
    publisher: str = DEFAULT_PUBLISHER
    description: bool = False
    with_ontology: bool = False

    def __post_init__(self):
        fix = lambda name, value: object.__setattr__(self, name, value)  # noqa: E731 - frozen dataclass
        if self.base_iri is not None:
            fix("base_iri", check_iri(self.base_iri, "base IRI", schemes=WEB, ends_with=("/",)))
        if self.ontology_iri is not None:
            fix("ontology_iri", check_iri(self.ontology_iri, "ontology IRI", schemes=WEB, ends_with=("#", "/")))
        fix("license", check_iri(self.license, "licence", schemes=WEB))
        if self.sparql_endpoint is not None:
            fix("sparql_endpoint", check_iri(self.sparql_endpoint, "SPARQL endpoint", schemes=WEB))
        fix("issued", check_date(self.issued, "issued"))
        fix("modified", check_date(self.modified, "modified") or self.issued)
        if self.issued and self.modified < self.issued:
            raise ClusterKGError(f"modified date {self.modified} is before issued date {self.issued}")
        if not str(self.publisher).strip():
            raise ClusterKGError("the publisher needs a name")

    @property
    def moved(self) -> bool:
        """Whether any IRI moves."""
        return bool(self.base_iri or self.ontology_iri)

    def replace(self, **changes) -> PublicationOptions:
        return dataclasses.replace(self, **changes)

    @classmethod
    def make(cls, options: PublicationOptions | None = None, **settings) -> PublicationOptions:
        """``options`` with ``settings`` (its field names) applied; unknown names are refused."""
        fields = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(settings) - fields)
        if unknown:
            raise ClusterKGError(f"unknown publication setting '{unknown[0]}' (expected: {', '.join(sorted(fields))})")
        base = options if options is not None else cls()
        return dataclasses.replace(base, **settings) if settings else base
