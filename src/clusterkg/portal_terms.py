"""Terms of outside vocabularies that the dataset description names, each with the label its
publisher gives it, so that a harvester reading the description alone finds every value typed and
named as DCAT-AP 3 asks (a theme is a ``skos:Concept`` with a ``skos:prefLabel``, and so on)."""

from __future__ import annotations

import re

from rdflib import Namespace

from .options import OGL_V3

SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS_PUBLISHER = Namespace("http://purl.org/adms/publishertype/")
ADMS_LICENCE = Namespace("http://purl.org/adms/licencetype/")
EU = Namespace("http://publications.europa.eu/resource/authority/")
IANA = Namespace("http://www.iana.org/assignments/media-types/")
W3C_FORMATS = Namespace("http://www.w3.org/ns/formats/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
SCHEMA = Namespace("https://schema.org/")

# licence IRI -> its title. No attribution wording is given with it: the wording the OGL asks for
# ("Contains public sector information licensed under ...") would say the page is under that licence,
# which neither the page nor any source this project names states.
LICENCES = {OGL_V3: "Open Government Licence v3.0"}
# ADMS publisher and licence types (purl.org/adms), with their labels in those vocabularies
# (no ADMS publisher type names a project such as clusterkg, the default publisher of the dataset)
PUBLISHER_TYPES = {"West Midlands Combined Authority": (ADMS_PUBLISHER.RegionalAuthority, "Regional authority")}
LICENCE_TYPES = {OGL_V3: (ADMS_LICENCE.Attribution, "Attribution")}

# The EU Vocabularies' data theme the dataset belongs to, beside the plan's own levers.
DATA_THEME_SCHEME = (EU["data-theme"], "Data theme")
DATA_THEMES = ((EU["data-theme/ECON"], "Economy and finance"),)

# The box that covers the 16 local authority districts the profiles name, in WGS 84 longitude/latitude
# (CRS84, as a GeoSPARQL WKT literal): the smallest box holding their boundaries in the copy of the ONS
# generalised, clipped "Local Authority Districts" boundaries (2013 codes and names, LAD13CD) kept in the
# UK-GeoJSON repository of Martin Chorley (https://github.com/martinjc/UK-GeoJSON,
# json/administrative/eng/topo_lad.json; Crown copyright, Open Government Licence v3.0 and the OS
# OpenData Licence, as its licence file says), rounded outwards to five decimal places: west -2.43624
# (Wyre Forest, E07000239), south 51.95568 (Stratford-on-Avon, E07000221), east -1.17207 (Rugby,
# E07000220), north 53.04576 (East Staffordshire, E07000193). The TopoJSON is quantised to steps of
# 0.00082 degrees of longitude and 0.00059 of latitude (about 60 m): good enough for a portal's map,
# not for measuring. (On the same file the seven metropolitan boroughs give -2.20713, 52.34759,
# -1.42409, 52.66277, within 30 m of the box from the ONS May 2020 boundaries used before.)
DISTRICTS_BOX = (-2.43624, 51.95568, -1.17207, 53.04576)  # west, south, east, north
DISTRICTS_BOX_SOURCE = ("https://github.com/martinjc/UK-GeoJSON",
                        "UK-GeoJSON (Martin Chorley): ONS generalised clipped Local Authority Districts "
                        "boundaries, json/administrative/eng/topo_lad.json")


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
