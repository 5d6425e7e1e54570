"""The map: the local authority districts the page names, shaded by how many clusters it locates in each.

The boundaries are the 16 districts of ``viz/static/districts/west-midlands.geojson`` (ONS boundaries, LAD
2013, from the public copy in martinjc/UK-GeoJSON, simplified once by ``tools/vendor_districts.py``; see
``ATTRIBUTION.md`` beside it), matched to the places of the graph by name. They are drawn as inline SVG
in ``map.html`` (no tiles, no network) and by matplotlib as ``charts/map.svg`` and ``.png``, in a plane
projection: longitude times the cosine of the map's middle latitude, which keeps shapes true at this
scale (about 100 km across). Places without a district code (a region, a quarter, an estate) are listed
beside the map with the bullets that name them: no public gazetteer we ship gives their positions.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field

from clusterkg.resources import resource

ATTRIBUTION = ("Boundaries: Office for National Statistics, Local Authority Districts (2013), generalised, "
               "from martinjc/UK-GeoJSON. Contains Ordnance Survey, Office of National Statistics, National "
               "Records Scotland and LPS Intellectual Property data © Crown copyright and database right [2016]. "
               "Data licensed under the Open Government Licence v3.0; Ordnance Survey data covered by the OS "
               "OpenData Licence.")
SHADES = ("#f3f5f8", "#c6dbef", "#6baed6", "#2171b5", "#08306b")  # clusters 0, 1, 2, 3, 4 or more
MAP_WIDTH = 720.0  # the SVG's width in its own units; the page scales it
PAD = 12.0


@dataclass(frozen=True)
class District:
    code: str
    name: str
    slug: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # longitude, latitude


@dataclass
class PlaceLinks:
    """A place of the graph: its node id and name, the clusters located there and those naming it in a
    bullet's text only, each as (cluster id, cluster name, bullets)."""

    id: str
    name: str
    located: list[tuple[str, str, tuple]] = field(default_factory=list)
    named: list[tuple[str, str, tuple]] = field(default_factory=list)


@functools.cache
def districts() -> tuple[District, ...]:
    """The vendored districts, by code."""
    data = json.loads(resource("static", "districts", "west-midlands.geojson").read_text(encoding="utf-8"))
    out = []
    for feature in data["features"]:
        p = feature["properties"]
        rings = tuple(tuple((x, y) for x, y in ring) for polygon in feature["geometry"]["coordinates"]
                      for ring in polygon)
        out.append(District(p["code"], p["name"], p["slug"], rings))
    return tuple(out)


def shade(count: int) -> str:
    return SHADES[min(count, len(SHADES) - 1)]


def ink(count: int) -> str:
    """Text on a district of ``count`` clusters: white on the two darkest shades."""
    return "#ffffff" if count >= 3 else "#1b1f24"


def projection(width: float = MAP_WIDTH):
    """A function from (longitude, latitude) to map units, and the map's height: north up, the
    districts fitted into ``width`` with :data:`PAD` around them."""
    points = [p for d in districts() for ring in d.rings for p in ring]
    lon0, lon1 = min(p[0] for p in points), max(p[0] for p in points)
    lat0, lat1 = min(p[1] for p in points), max(p[1] for p in points)
    squeeze = math.cos(math.radians((lat0 + lat1) / 2))
    scale = (width - 2 * PAD) / ((lon1 - lon0) * squeeze)
    height = (lat1 - lat0) * scale + 2 * PAD

    def project(lon: float, lat: float) -> tuple[float, float]:
        return round(PAD + (lon - lon0) * squeeze * scale, 1), round(PAD + (lat1 - lat) * scale, 1)
    return project, round(height, 1)


def _area_centre(ring) -> tuple[float, float, float]:
    """(area, x, y) of a ring's centroid (the shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not area:
        return 0.0, ring[0][0], ring[0][1]
    return abs(area / 2), cx / (3 * area), cy / (3 * area)


def drawn_districts(width: float = MAP_WIDTH) -> tuple[list[dict], float]:
    """Each district as the page draws it: code, name, slug, SVG path, where its name goes; the height."""
    project, height = projection(width)
    out = []
    for d in districts():
        rings = [[project(x, y) for x, y in ring] for ring in d.rings]
        path = " ".join("M" + " ".join(f"{x:g},{y:g}" for x, y in ring) + "Z" for ring in rings)
        _, x, y = max(_area_centre(ring) for ring in rings)
        out.append({"code": d.code, "name": d.name, "slug": d.slug, "path": path, "x": round(x, 1),
                    "y": round(y, 1)})
    return out, height


def place_links(typed) -> dict[str, PlaceLinks]:
    """Every place of the typed network by name, with the clusters located there (the places section) and
    those that only name it in a bullet's text, in the clusters' name order."""
    from clusterkg.network.measures import MENTIONS

    nodes = dict(typed.nodes(data=True))
    places = {n: PlaceLinks(n, d["label"]) for n, d in nodes.items() if d["kind"] == "place"}
    for source, target, name, statements in typed.edges(keys=True, data="statements"):
        if target in places and name in ("locatedIn", MENTIONS):
            cluster = nodes[source]
            entry = (source, cluster.get("short_label") or cluster["label"], tuple(statements))
            (places[target].located if name == "locatedIn" else places[target].named).append(entry)
    for place in places.values():
        place.located.sort(key=lambda e: (e[1], e[0]))
        located = {e[0] for e in place.located}
        place.named = sorted((e for e in place.named if e[0] not in located), key=lambda e: (e[1], e[0]))
    return {p.name: p for p in places.values()}


def _bullets(entries) -> list[dict]:
    return [{"id": cid, "name": name, "bullets": [f"line {line}: {text}" for line, text in bullets]}
            for cid, name, bullets in entries]


def map_context(typed) -> dict:
    """What map.html shows: each district with its shade and clusters, the places without a district code,
    the clusters for the filter, and the attribution."""
    links = place_links(typed)
    drawn, height = drawn_districts()
    shown = []
    for d in drawn:
        place = links.get(d["name"]) or PlaceLinks(f"place/{d['slug']}", d["name"])
        count = len(place.located)
        shown.append(dict(d, id=place.id, href=f"id/{place.id}.html", count=count, shade=shade(count), ink=ink(count),
                          clusters=_bullets(place.located), named=_bullets(place.named),
                          cluster_ids=" ".join(e[0] for e in place.located)))
    on_map = {d["name"] for d in drawn}
    others = [{"name": p.name, "href": f"id/{p.id}.html", "located": _bullets(p.located), "named": _bullets(p.named),
               "cluster_ids": " ".join(e[0] for e in p.located + p.named)}
              for name, p in sorted(links.items()) if name not in on_map]
    clusters = sorted({(e["id"], e["name"]) for d in shown + others for e in d.get("clusters", []) + d["named"]
                       + d.get("located", [])}, key=lambda c: (c[1], c[0]))
    top = max((d["count"] for d in shown), default=0)
    legend = [{"count": n, "shade": shade(n), "label": f"{n}{'+' if n == len(SHADES) - 1 else ''} cluster"
               f"{'' if n == 1 else 's'}"} for n in range(1, max(top, 1) + 1) if n < len(SHADES)]
    return {"districts": shown, "others": others, "clusters": clusters, "width": MAP_WIDTH, "height": height,
            "attribution": ATTRIBUTION, "legend": legend}


def map_figure(counts: dict[str, int], note: str | None = None):
    """The map for reports (matplotlib): each district shaded by ``counts`` (district name -> clusters
    located there), its name, a legend and the attribution."""
    from matplotlib.patches import Patch, Polygon

    from clusterkg.views.charts import _caption, _figure

    drawn, height = drawn_districts()
    project, _ = projection()
    width_inches = 8.0
    figure = _figure(width_inches, width_inches * height / MAP_WIDTH + 1.4)
    ax = figure.add_subplot()
    for d in districts():
        n = counts.get(d.name, 0)
        for ring in d.rings:
            ax.add_patch(Polygon([project(x, y) for x, y in ring], closed=True, facecolor=shade(n),
                                 edgecolor="#ffffff", linewidth=1.2))
    for label in drawn:
        n = counts.get(label["name"], 0)
        ax.text(label["x"], label["y"], f"{label['name']}\n{n}", ha="center", va="center", fontsize=7.5, color=ink(n))
    ax.set_xlim(0, MAP_WIDTH)
    ax.set_ylim(height, 0)
    ax.set_aspect("equal")
    ax.axis("off")
    top = max(counts.values(), default=1)
    ax.legend(handles=[Patch(facecolor=shade(n), edgecolor="#5b6570", label=f"{n} cluster{'' if n == 1 else 's'}")
                       for n in range(1, min(top, len(SHADES) - 1) + 1)],
              loc="lower right", fontsize=8, frameon=False, title="Clusters located there", title_fontsize=8)
    ax.set_title("Where the clusters are: how many the profiles locate in each district", loc="left", pad=8)
    _caption(figure, "The number in each district: the clusters whose places section names it. " + ATTRIBUTION
             + (" " + note if note else ""), width_inches)
    return figure
