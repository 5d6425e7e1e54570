"""Terms of outside vocabularies that the dataset description names, each with the label its
publisher gives it, so that a harvester reading the description alone finds every value typed and
named as DCAT-AP 3 asks (a theme is a ``skos:Concept`` with a ``skos:prefLabel``, and so on)."""

from __future__ import annotations

import re

from rdflib import Namespace

from clusterkg.options import OGL_V3

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
# Each district's own box, from the same file and rounded outwards the same way (west, south, east, north).
DISTRICT_BOXES = {
    "E08000025": (-2.03367, 52.38089, -1.72846, 52.60866),  # Birmingham
    "E08000026": (-1.61474, 52.36364, -1.42408, 52.46475),  # Coventry
    "E08000027": (-2.19159, 52.42608, -2.01157, 52.55811),  # Dudley
    "E08000028": (-2.09749, 52.46057, -1.91829, 52.56882),  # Sandwell
    "E08000029": (-1.87166, 52.34758, -1.59264, 52.5147),  # Solihull
    "E08000030": (-2.07786, 52.5474, -1.87247, 52.66278),  # Walsall
    "E08000031": (-2.20714, 52.54383, -2.04839, 52.6378),  # Wolverhampton
    "E07000192": (-2.05495, 52.63958, -1.91093, 52.77399),  # Cannock Chase
    "E07000193": (-2.04349, 52.72997, -1.58527, 53.04576),  # East Staffordshire
    "E07000199": (-1.73584, 52.58843, -1.63273, 52.65743),  # Tamworth
    "E07000218": (-1.7882, 52.4356, -1.46008, 52.68716),  # North Warwickshire
    "E07000219": (-1.55583, 52.44987, -1.40281, 52.55217),  # Nuneaton and Bedworth
    "E07000220": (-1.465, 52.25243, -1.17207, 52.53433),  # Rugby
    "E07000221": (-1.96167, 51.95568, -1.2318, 52.36781),  # Stratford-on-Avon
    "E07000222": (-1.78002, 52.21378, -1.40608, 52.38922),  # Warwick
    "E07000239": (-2.43624, 52.31487, -2.11958, 52.45523),  # Wyre Forest
}
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
