#!/usr/bin/env python3
"""Generate ``briefgen/data/world-110m.json`` from the npm package ``world-atlas``.

Run once by a developer (not at build time)::

    mkdir -p /tmp/wa && cd /tmp/wa && npm install world-atlas@2
    python scripts/make_world_map.py /tmp/wa/node_modules/world-atlas/countries-110m.json

Input: Natural Earth 1:110m admin-0 countries as TopoJSON (public domain),
with numeric ISO 3166-1 codes in ``id`` and the short name in
``properties.name``.

Output (keys sorted, deterministic)::

    {
      "viewBox": "0 0 1000 H",
      "projection": "...", "source": "...",
      "countries": {
        "GB": {"name": "United Kingdom", "d": "M...z", "bbox": [...], "extent": [...]},
        ...
      }
    }

* ``d`` is SVG path data: one absolute ``M`` per ring followed by relative
  ``l`` segments, coordinates rounded to 0.1 unit, rings closed with ``z``.
  Rings keep their TopoJSON winding, so holes render with the default
  ``fill-rule: nonzero``.
* ``bbox`` ``[minx, miny, maxx, maxy]`` is the box of the country's *main*
  landmass cluster: the largest polygon plus every polygon lying within
  ``CLUSTER_GAP`` units of it (repeated until stable). This keeps far-flung
  parts out of the box used to zoom a location map (French Guiana for France,
  the Chukotka sliver west of the antimeridian for Russia).
* ``extent`` is the box of all of the country's polygons.

Projection: Natural Earth I (Šavrič, Jenny, Patterson & Jenny 2011; the
polynomial used by d3-geo's ``geoNaturalEarth1``), no rotation. x is scaled
so the full sphere width at the equator (lon -180..180) spans 0..1000; y grows
downward (north at top) and the viewBox is cropped vertically to the latitude
range of the data (about 85.6 S .. 83.6 N).

Antimeridian: rings that cross lon ±180 an even number of times (Russia's
Chukotka, Fiji, Wrangel Island) are unwrapped to continuous longitudes and
then clipped into lon [-180, 180] windows (Sutherland-Hodgman), each piece
shifted back, so no segment spans the map. Antarctica's ring crosses once
(it encloses the pole); its closing edge runs along the bottom of the map,
which is the right shape for a planar projection, so it is left alone.

Shapes without an ISO id:

* "Kosovo" -> ``XK`` (user-assigned code, also used in regions.json).
* "N. Cyprus" is merged into ``CY`` and "Somaliland" into ``SO`` (de jure
  borders). Merging is done topologically: arcs shared by the merged polygons
  cancel, so no internal border is drawn.

Numeric ids are mapped to alpha-2 with pycountry; the script fails on an id
pycountry does not know.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pycountry

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]  # first ring is the exterior, the rest are holes

WIDTH = 1000.0
CLUSTER_GAP = 30.0  # viewBox units (about 11 degrees of longitude at the equator)
NO_ID_CODES = {"Kosovo": "XK"}
MERGE_INTO = {"N. Cyprus": "CY", "Somaliland": "SO"}

OUT = Path(__file__).resolve().parent.parent / "briefgen" / "data" / "world-110m.json"
DEFAULT_IN = Path("/tmp/wa/node_modules/world-atlas/countries-110m.json")


# --------------------------------------------------------------------------- projection


def natural_earth(lon: float, lat: float) -> Point:
    """Natural Earth I projection of degrees to unscaled plane coords (y up)."""
    lam = math.radians(lon)
    phi = math.radians(lat)
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, y


# --------------------------------------------------------------------------- topojson


def decode_arcs(topo: dict[str, Any]) -> list[Ring]:
    """Decode delta-encoded quantized arcs to lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topo["arcs"]:
        x = y = 0
        pts: Ring = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def arc_points(arcs: Sequence[Ring], index: int) -> Ring:
    """Points of arc ``index``; negative (``~i``) means arc ``i`` reversed."""
    return list(arcs[index]) if index >= 0 else list(reversed(arcs[~index]))


def stitch(arcs: Sequence[Ring], indexes: Iterable[int]) -> Ring:
    """Concatenate arcs into one ring, dropping the shared joint points."""
    ring: Ring = []
    for i in indexes:
        pts = arc_points(arcs, i)
        ring.extend(pts if not ring else pts[1:])
    return ring


def geometry_polygons(geom: dict[str, Any]) -> list[list[list[int]]]:
    """Arc-index polygons of a Polygon/MultiPolygon geometry."""
    if geom["type"] == "Polygon":
        return [geom["arcs"]]
    if geom["type"] == "MultiPolygon":
        return list(geom["arcs"])
    raise ValueError(f"unexpected geometry type {geom['type']}")


# --------------------------------------------------------------------------- geometry helpers


def ring_area(ring: Sequence[Point]) -> float:
    """Signed shoelace area."""
    a = 0.0
    for (x0, y0), (x1, y1) in zip(ring, list(ring[1:]) + [ring[0]]):
        a += x0 * y1 - x1 * y0
    return a / 2


def clip_x(ring: Ring, bound: float, keep_greater: bool) -> Ring:
    """Sutherland-Hodgman clip of a closed ring against a vertical line."""
    if not ring:
        return []
    out: Ring = []
    pts = ring if ring[0] != ring[-1] else ring[:-1]

    def inside(p: Point) -> bool:
        return p[0] >= bound if keep_greater else p[0] <= bound

    for k, cur in enumerate(pts):
        prev = pts[k - 1]
        if inside(cur):
            if not inside(prev):
                out.append(_cross(prev, cur, bound))
            out.append(cur)
        elif inside(prev):
            out.append(_cross(prev, cur, bound))
    return out


def _cross(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def split_antimeridian(ring: Ring) -> list[Ring]:
    """Split a lon/lat ring crossing ±180 an even number of times into pieces."""
    jumps = sum(1 for a, b in zip(ring, ring[1:]) if abs(b[0] - a[0]) > 180)
    if jumps == 0 or jumps % 2 == 1:
        return [ring]  # odd: encloses a pole (Antarctica), keep as planar ring
    unwrapped: Ring = [ring[0]]
    offset = 0.0
    for a, b in zip(ring, ring[1:]):
        d = b[0] - a[0]
        if d > 180:
            offset -= 360
        elif d < -180:
            offset += 360
        unwrapped.append((b[0] + offset, b[1]))
    pieces: list[Ring] = []
    for k in (-1, 0, 1):
        lo, hi = -180 + 360 * k, 180 + 360 * k
        piece = clip_x(clip_x(unwrapped, lo, True), hi, False)
        piece = [(x - 360 * k, y) for x, y in piece]
        if len(piece) >= 3 and abs(ring_area(piece)) > 1e-6:
            pieces.append(piece)
    return pieces


# --------------------------------------------------------------------------- main conversion


class Converter:
    """Turns TopoJSON country geometries into projected SVG path data."""

    def __init__(self, topo: dict[str, Any]) -> None:
        self.arcs = decode_arcs(topo)
        lat_min, lat_max = topo["bbox"][1], topo["bbox"][3]
        sphere_x = natural_earth(180, 0)[0]
        self.scale = WIDTH / (2 * sphere_x)
        self.x0 = sphere_x
        self.y_top = natural_earth(0, lat_max)[1]
        height = (self.y_top - natural_earth(0, lat_min)[1]) * self.scale
        self.height = math.ceil(height)

    # ---- rings in lon/lat from arc-index lists

    def polygon_rings(self, poly: list[list[int]]) -> list[Ring]:
        return [stitch(self.arcs, r) for r in poly]

    def merged_rings(self, polys: Sequence[list[list[int]]]) -> list[Ring]:
        """Topological merge: cancel arcs shared by the polygons, chain the rest."""
        used = [i for poly in polys for ring in poly for i in ring]
        present = set(used)
        remaining = [i for i in used if ~i not in present]
        start_of = {arc_points(self.arcs, i)[0]: i for i in remaining}
        if len(start_of) != len(remaining):
            raise ValueError("ambiguous merge: two arcs start at the same point")
        rings: list[Ring] = []
        todo = set(remaining)
        for first in remaining:
            if first not in todo:
                continue
            chain = [first]
            todo.discard(first)
            while True:
                end = arc_points(self.arcs, chain[-1])[-1]
                nxt = start_of[end]
                if nxt == first:
                    break
                chain.append(nxt)
                todo.discard(nxt)
            rings.append(stitch(self.arcs, chain))
        return rings

    # ---- projection to viewBox units

    def project(self, lon: float, lat: float) -> tuple[int, int]:
        """Project to viewBox coordinates in tenths of a unit (integers)."""
        x, y = natural_earth(lon, lat)
        return (
            round((x + self.x0) * self.scale * 10),
            round((self.y_top - y) * self.scale * 10),
        )

    def project_ring(self, ring: Ring) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for lon, lat in ring:
            p = self.project(lon, lat)
            if not out or out[-1] != p:
                out.append(p)
        if len(out) > 1 and out[0] == out[-1]:
            out.pop()
        return out

    def country(self, lonlat_polys: list[list[Ring]]) -> dict[str, Any] | None:
        """Build the JSON record for one country from lon/lat polygons."""
        projected: list[list[list[tuple[int, int]]]] = []
        for poly in lonlat_polys:
            exterior, *holes = poly
            pieces = split_antimeridian(exterior)
            for piece in pieces:
                rings = [self.project_ring(piece)]
                # Holes are kept only with unsplit exteriors (no holed polygon crosses ±180 at 110m).
                if len(pieces) == 1:
                    rings += [self.project_ring(h) for h in holes]
                rings = [r for r in rings if len(r) >= 3]
                if rings:
                    projected.append(rings)
        if not projected:
            return None
        d = "".join(path_data(r) for poly in projected for r in poly)
        boxes = [ring_box(poly[0]) for poly in projected]
        areas = [abs(ring_area([(float(x), float(y)) for x, y in poly[0]])) for poly in projected]
        return {
            "d": d,
            "bbox": cluster_box(boxes, areas, CLUSTER_GAP * 10),
            "extent": tenths_box(union_box(boxes)),
        }


def path_data(ring: Sequence[tuple[int, int]]) -> str:
    """SVG path for a ring given in integer tenths: absolute M, relative l, z."""
    (x0, y0), rest = ring[0], ring[1:]
    parts = [f"M{fmt(x0)} {fmt(y0)}l"]
    px, py = x0, y0
    nums: list[str] = []
    for x, y in rest:
        nums.append(fmt(x - px))
        nums.append(fmt(y - py))
        px, py = x, y
    parts.append(join_numbers(nums))
    parts.append("z")
    return "".join(parts)


def fmt(tenths: int) -> str:
    """Format an integer number of tenths compactly: 12 -> '1.2', -3 -> '-.3', 20 -> '2'."""
    sign = "-" if tenths < 0 else ""
    whole, frac = divmod(abs(tenths), 10)
    if frac == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole if whole else ''}.{frac}"


def join_numbers(nums: Sequence[str]) -> str:
    """Join path numbers with the minimum separators SVG's grammar needs."""
    out: list[str] = []
    prev = ""
    for n in nums:
        if out and not n.startswith("-") and not (n.startswith(".") and "." in prev):
            out.append(" ")
        out.append(n)
        prev = n
    return "".join(out)


Box = tuple[int, int, int, int]


def ring_box(ring: Sequence[tuple[int, int]]) -> Box:
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def union_box(boxes: Iterable[Box]) -> Box:
    bs = list(boxes)
    return (
        min(b[0] for b in bs),
        min(b[1] for b in bs),
        max(b[2] for b in bs),
        max(b[3] for b in bs),
    )


def box_gap(a: Box, b: Box) -> int:
    dx = max(0, b[0] - a[2], a[0] - b[2])
    dy = max(0, b[1] - a[3], a[1] - b[3])
    return max(dx, dy)


def cluster_box(boxes: Sequence[Box], areas: Sequence[float], gap: float) -> list[float]:
    """Box of the largest polygon grown by nearby polygons (see module docstring)."""
    main = max(range(len(boxes)), key=lambda i: (areas[i], -i))
    box = boxes[main]
    taken = {main}
    changed = True
    while changed:
        changed = False
        for i, b in enumerate(boxes):
            if i not in taken and box_gap(box, b) <= gap:
                box = union_box([box, b])
                taken.add(i)
                changed = True
    return tenths_box(box)


def tenths_box(box: Box) -> list[float]:
    return [v / 10 for v in box]


def alpha2(numeric: str) -> str:
    c = pycountry.countries.get(numeric=numeric)
    if c is None:
        raise SystemExit(f"pycountry has no country with numeric id {numeric}")
    return str(c.alpha_2)


def convert(topo: dict[str, Any]) -> dict[str, Any]:
    conv = Converter(topo)
    geoms = topo["objects"]["countries"]["geometries"]
    by_code: dict[str, dict[str, Any]] = {}
    for g in geoms:
        name = g["properties"]["name"]
        if name in MERGE_INTO:
            continue
        code = alpha2(g["id"]) if "id" in g else NO_ID_CODES.get(name)
        if code is None:
            raise SystemExit(f"shape {name!r} has no id and no rule")
        if code in by_code:
            raise SystemExit(f"duplicate code {code}")
        by_code[code] = {"name": name, "geoms": [g]}
    for g in geoms:
        name = g["properties"]["name"]
        if name in MERGE_INTO:
            by_code[MERGE_INTO[name]]["geoms"].append(g)

    countries: dict[str, Any] = {}
    for code in sorted(by_code):
        entry = by_code[code]
        arc_polys = [p for g in entry["geoms"] for p in geometry_polygons(g)]
        if len(entry["geoms"]) > 1:
            lonlat = [[r] for r in conv.merged_rings(arc_polys)]
        else:
            lonlat = [conv.polygon_rings(p) for p in arc_polys]
        rec = conv.country(lonlat)
        if rec is None:
            print(f"warning: {code} has no drawable rings", file=sys.stderr)
            continue
        countries[code] = {"name": entry["name"], **rec}
    return {
        "viewBox": f"0 0 {int(WIDTH)} {conv.height}",
        "projection": "Natural Earth I, x: lon -180..180 at the equator -> 0..1000, y down",
        "source": "Natural Earth 1:110m admin-0 via npm world-atlas@2 (public domain)",
        "countries": countries,
    }


def main(argv: Sequence[str]) -> int:
    src = Path(argv[1]) if len(argv) > 1 else DEFAULT_IN
    topo = json.loads(src.read_text(encoding="utf-8"))
    data = convert(topo)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    # One country per line keeps diffs readable without costing much size.
    text = text.replace('},"', '},\n"')
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(data['countries'])} countries, {OUT.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
