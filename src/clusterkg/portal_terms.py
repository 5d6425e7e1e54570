"""Terms of outside vocabularies that the dataset description names, each with the label its
publisher gives it, so that a harvester reading the description alone finds every value typed and
named as DCAT-AP 3 asks (a theme is a ``skos:Concept`` with a ``skos:prefLabel``, and so on)."""

from __future__ import annotations

import re

from rdflib import Namespace

from .options import DEFAULT_PUBLISHER, OGL_V3

SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS_PUBLISHER = Namespace("http://purl.org/adms/publishertype/")
ADMS_LICENCE = Namespace("http://purl.org/adms/licencetype/")
EU = Namespace("http://publications.europa.eu/resource/authority/")
IANA = Namespace("http://www.iana.org/assignments/media-types/")
W3C_FORMATS = Namespace("http://www.w3.org/ns/formats/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
SCHEMA = Namespace("https://schema.org/")

# licence IRI -> (its title, the attribution wording the licence asks re-users to give)
LICENCES = {
    OGL_V3: ("Open Government Licence v3.0",
             "Contains public sector information licensed under the Open Government Licence v3.0."),
}
# ADMS publisher and licence types (purl.org/adms), with their labels in those vocabularies
PUBLISHER_TYPES = {DEFAULT_PUBLISHER: (ADMS_PUBLISHER.RegionalAuthority, "Regional authority")}
LICENCE_TYPES = {OGL_V3: (ADMS_LICENCE.Attribution, "Attribution")}

# The EU Vocabularies' data theme the dataset belongs to, beside the plan's own levers.
DATA_THEME_SCHEME = (EU["data-theme"], "Data theme")
DATA_THEMES = ((EU["data-theme/ECON"], "Economy and finance"),)

# The combined authority's area (ONS GSS code, as statistics.data.gov.uk names it) and its bounding
# box in WGS 84 longitude/latitude (CRS84, as a GeoSPARQL WKT literal). E47000007 is the area of
# the seven metropolitan boroughs (Birmingham, Coventry, Dudley, Sandwell, Solihull, Walsall,
# Wolverhampton, E08000025-E08000031). The box is the smallest one holding their boundaries in the
# ONS "Local Authority Districts (May 2020) Boundaries UK BGC" (generalised to 20 m, clipped to the
# coastline; Open Government Licence), as copied one district a file in the open-innovations
# geography-bits repository (data/LAD20CD/E080000NN.geojsonl): west -2.20688 (Wolverhampton),
# east -1.42395 (Coventry), south 52.34772 (Solihull), north 52.66272 (Walsall). Being generalised,
# it is good to tens of metres: enough for a portal's map, not for measuring.
REGION_CODE, REGION_LABEL = "E47000007", "West Midlands Combined Authority area"
REGION_BOX = (-2.20688, 52.34772, -1.42395, 52.66272)  # west, south, east, north


def wkt_box(west: float, south: float, east: float, north: float) -> str:
    """The box as a WKT polygon (longitude before latitude, corners anticlockwise)."""
    corners = [(west, south), (east, south), (east, north), (west, north), (west, south)]
    return "POLYGON((" + ", ".join(f"{x} {y}" for x, y in corners) + "))"


# CKAN's tag rule (ckan.logic.validators.tag_name_validator and tag_length_validator): letters,
# digits, spaces and - _ . only, 2 to 100 characters.
_TAG = re.compile(r"[\w \-.]{2,100}\Z")


def is_portal_tag(text: str) -> bool:
    """Whether ``text`` is a keyword a CKAN portal takes as a tag as it is."""
    return bool(_TAG.match(text))
