"""Make viz/static/districts/west-midlands.geojson: the 16 local authority districts the page names, from the
public copy of the ONS boundaries in martinjc/UK-GeoJSON (json/administrative/eng/topo_lad.json: LAD 2013,
generalised and clipped), simplified. Run once by hand; the output is committed.

    git -C /work/.mirror/martinjc+UK-GeoJSON/repo show HEAD:json/administrative/eng/topo_lad.json > topo_lad.json
    python tools/vendor_districts.py topo_lad.json data/entities.yaml viz/static/districts/west-midlands.geojson

The file is TopoJSON: each border between two districts is one arc that both use. Each arc is simplified
once (Douglas-Peucker, shapely's ``simplify`` with ``preserve_topology``), before the districts are put back
together from their arcs, so two neighbours keep the very same border: no gap and no overlap opens between
them, as it would if each district were simplified on its own. The codes come from data/entities.yaml (the
``gss`` of each place), and each must be in the file under the same name.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml
from shapely.geometry import LineString

TOLERANCE = 0.0025  # degrees: about 170 m across and 280 m up and down at 52.5° N; the map is about 100 km wide
DIGITS = 4  # about 7 m across, 11 m up and down


def decoded_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs in longitude and latitude (TopoJSON stores them quantised and delta-encoded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplified(arc: list[tuple[float, float]]) -> list[tuple[float, float]]:
    line = LineString(arc).simplify(TOLERANCE, preserve_topology=True)
    return [(round(x, DIGITS), round(y, DIGITS)) for x, y in line.coords]


def ring(indexes: list[int], arcs: list) -> list[list[float]]:
    """A closed ring from arc indexes (a negative index ~i is arc i backwards), each arc's first point
    dropped after the first arc (it is the last point of the one before)."""
    points: list = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return [list(p) for p in points]


def main(topo_path: str, entities_path: str, out_path: str) -> None:
    topology = json.loads(Path(topo_path).read_text(encoding="utf-8"))
    places = yaml.safe_load(Path(entities_path).read_text(encoding="utf-8"))["places"]
    wanted = {p["gss"]: p for p in places if p.get("gss")}
    arcs = [simplified(a) for a in decoded_arcs(topology)]
    features = []
    for geometry in topology["objects"]["lad"]["geometries"]:
        code = geometry["properties"]["LAD13CD"]
        if code not in wanted:
            continue
        if geometry["properties"]["LAD13NM"] != wanted[code]["label"]:
            sys.exit(f"{code}: {geometry['properties']['LAD13NM']} in the boundaries, {wanted[code]['label']} in data")
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        coordinates = [[ring(r, arcs) for r in polygon] for polygon in polygons]
        features.append({"type": "Feature", "properties": {"code": code, "name": wanted[code]["label"],
                                                           "slug": wanted[code]["slug"]},
                         "geometry": {"type": "MultiPolygon", "coordinates": coordinates}})
    if len(features) != len(wanted):
        sys.exit(f"found {len(features)} of the {len(wanted)} districts")
    features.sort(key=lambda f: f["properties"]["code"])
    text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    Path(out_path).write_text(text + "\n", encoding="utf-8")
    print(f"{out_path}: {len(features)} districts, {len(text):,} bytes")


if __name__ == "__main__":
    main(*sys.argv[1:4])
