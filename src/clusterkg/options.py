"""Publication settings in one object: what an export, a publication folder and the dataset
description are told about identifiers, publisher, contact, pages, licence, version, dates and endpoints.

Every value is checked as what it will become when the object is made (an IRI as an IRI, a date as a
date, an e-mail address as one), so a bad setting fails before anything is written. Dates never come
from the clock. Where the settings come from (the ``publication:`` section of ``plan.yaml``, flags,
``SOURCE_DATE_EPOCH``) is :mod:`clusterkg.publication.settings`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from clusterkg.errors import ClusterKGError
from clusterkg.values import WEB, check_date, check_email, check_iri

# The Open Government Licence v3.0 under the address CKAN's licence register lists it by ("uk-ogl").
OGL_V3 = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
# Whoever publishes the derived dataset; for the repository's own publication, the project (the
# source page's publisher, the West Midlands Combined Authority, is named on the source document).
DEFAULT_PUBLISHER = "clusterkg project"

# Settings a portal shows and DCAT-AP recommends (or a download needs), as the flags name them:
# each left empty gives one warning line (see PublicationOptions.empty_recommended).
RECOMMENDED = ("contact_name", "contact_email", "landing_page", "download_base", "dataset_version", "issued",
               "modified")


@dataclass(frozen=True)
class PublicationOptions:
    """How to publish the graph.

    ``base_iri`` moves every resource IRI from ``https://w3id.org/wmgrowth/`` under a new base;
    ``ontology_iri`` moves the ontology namespace (and the shapes with it); ``license`` is the
    licence IRI; ``issued``/``modified`` are dates (``modified`` defaults to ``issued``);
    ``sparql_endpoint`` is where the data can be queried; ``publisher`` names the dataset's publisher;
    ``contact_name``/``contact_email``/``contact_url`` its contact point; ``landing_page`` the page
    about the dataset; ``download_base`` the folder URL the published files are served from (default:
    ``{base}download/``); ``dataset_version`` the version of the data; ``previous_version`` that of the
    edition it follows (``export --all --previous``: DCAT 3 versioning); ``temporal_start`` and
    ``temporal_end`` the period the data covers (a year ``YYYY`` or a date ``YYYY-MM-DD``; dct:temporal);
    ``description`` adds the
    DCAT/VoID/PROV description; ``with_ontology`` adds the vocabulary.
    """

    base_iri: str | None = None
    ontology_iri: str | None = None
    license: str = OGL_V3
    issued: dt.date | None = None
    modified: dt.date | None = None
    sparql_endpoint: str | None = None
    publisher: str = DEFAULT_PUBLISHER
    contact_name: str | None = None
    contact_email: str | None = None
    contact_url: str | None = None
    landing_page: str | None = None
    download_base: str | None = None
    dataset_version: str | None = None
    temporal_start: str | None = None
    temporal_end: str | None = None
    previous_version: str | None = None
    description: bool = False
    with_ontology: bool = False

    def __post_init__(self):
        fix = lambda name, value: object.__setattr__(self, name, value)  # noqa: E731 - frozen dataclass
        if self.base_iri is not None:
            fix("base_iri", check_iri(self.base_iri, "base IRI", schemes=WEB, ends_with=("/",)))
        if self.ontology_iri is not None:
            fix("ontology_iri", check_iri(self.ontology_iri, "ontology IRI", schemes=WEB, ends_with=("#", "/")))
        fix("license", check_iri(self.license, "licence", schemes=WEB))
        for name, what in (("sparql_endpoint", "SPARQL endpoint"), ("contact_url", "contact URL"),
                           ("landing_page", "landing page")):
            if getattr(self, name) is not None:
                fix(name, check_iri(getattr(self, name), what, schemes=WEB))
        if self.download_base is not None:
            fix("download_base", check_iri(self.download_base, "download base", schemes=WEB, ends_with=("/",)))
        if self.contact_email is not None:
            fix("contact_email", check_email(self.contact_email, "contact e-mail"))
        for name in ("publisher", "contact_name", "dataset_version", "previous_version"):
            value = getattr(self, name)
            if value is not None and not str(value).strip():
                raise ClusterKGError(f"{name.replace('_', ' ')}: give some text or leave the setting out")
        for name in ("temporal_start", "temporal_end"):
            fix(name, check_period_bound(getattr(self, name), name.replace("_", " ")))
        if self.temporal_start and self.temporal_end and self.temporal_end[:4] < self.temporal_start[:4]:
            raise ClusterKGError(f"temporal end {self.temporal_end} is before temporal start {self.temporal_start}")
        if self.previous_version is not None and not self.dataset_version:
            raise ClusterKGError("a publication that follows an earlier edition needs a version of its own: give "
                                 "--dataset-version (or publication.version in plan.yaml)")
        if self.previous_version is not None and self.previous_version == self.dataset_version:
            raise ClusterKGError(f"this edition's version '{self.dataset_version}' is the previous edition's too: "
                                 "give a new --dataset-version")
        fix("issued", check_date(self.issued, "issued"))
        fix("modified", check_date(self.modified, "modified") or self.issued)
        if self.issued and self.modified < self.issued:
            raise ClusterKGError(f"modified date {self.modified} is before issued date {self.issued}")

    @property
    def moved(self) -> bool:
        """Whether any IRI moves."""
        return bool(self.base_iri or self.ontology_iri)

    def downloads(self, base_iri: str) -> str:
        """The folder URL of the published files: ``download_base``, else ``{base}download/``."""
        return self.download_base or f"{self.base_iri or base_iri}download/"

    def empty_recommended(self) -> list[str]:
        """The recommended settings left empty, by their flag names (``contact-email``...)."""
        return [name.replace("_", "-") for name in RECOMMENDED if getattr(self, name) is None]

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


def check_period_bound(value, what: str) -> str | None:
    """A bound of the temporal coverage: a year (``2030``) or a date (``2030-12-31``), as text."""
    if value is None:
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text):
        return text
    try:
        return check_date(text, what).isoformat()
    except ClusterKGError:
        raise ClusterKGError(f"{what}: '{text}' is not a year (YYYY) or a date (YYYY-MM-DD)") from None
