"""Inline SVG world maps: a choropleth of coverage and a small "where is it" inset.

Shapes come from ``briefgen/data/world-110m.json`` (Natural Earth 1:110m, projected with
Natural Earth I into a 1000-unit-wide viewBox; see ``scripts/make_world_map.py``). That
scale has 175 countries; small states and islands (Singapore, Malta, most of the Pacific)
and historic states have no shape, so callers should be ready for a country that cannot be
drawn (:func:`unmapped_codes`, and ``render_location_map`` returns ``""``).

Colours are never inlined: every shape carries a CSS class so the theme decides light and
dark palettes.

* world map: ``svg.world-map``; countries without briefings ``path.map-c0``; countries with
  briefings ``a > path.map-c1`` … ``map-c5`` (more briefings → higher step, log scale).
* location map: ``svg.location-map``; other countries ``path.map-land``; the country
  ``path.map-here``; tiny countries also get ``circle.map-marker``. The inset is zoomed, so
  the theme should give its paths ``vector-effect: non-scaling-stroke``.

Output is plain ``str`` with every text and attribute escaped via :func:`html.escape`, so it
can be wrapped in ``markupsafe.Markup`` by the caller. Output is deterministic (shapes in
code order).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from pathlib import Path
from types import MappingProxyType

__all__ = [
    "LEVELS",
    "CountryShape",
    "WorldShapes",
    "count_level",
    "load_world_shapes",
    "render_location_map",
    "render_world_map",
    "unmapped_codes",
]

DATA_FILE = Path(__file__).parent / "data" / "world-110m.json"

#: Number of shading steps for countries with briefings (classes ``map-c1`` … ``map-c5``).
LEVELS = 5

# Location inset geometry, in viewBox units of the world map (1000 wide).
_INSET_ASPECT = 1.5  # width / height of the inset viewBox
_INSET_PAD = 1.6  # the country's bbox takes at most 1/1.6 of the inset in each direction
_INSET_MIN_WIDTH = 120.0  # about 43 degrees of longitude at the equator
_TINY = 8.0  # countries whose bbox is smaller than this (both sides) also get a marker

Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class CountryShape:
    """One country's outline in world-map viewBox coordinates."""

    code: str  # ISO 3166-1 alpha-2 (or "XK")
    name: str  # Natural Earth short name, e.g. "United States of America"
    d: str  # SVG path data
    bbox: Box  # (minx, miny, maxx, maxy) of the main landmass cluster (for zooming)
    extent: Box  # (minx, miny, maxx, maxy) of every part, overseas ones included


@dataclass(frozen=True, slots=True)
class WorldShapes:
    """All country shapes plus the viewBox they are drawn in."""

    view_box: str  # "0 0 1000 508"
    width: float
    height: float
    shapes: tuple[CountryShape, ...]  # sorted by code
    by_code: Mapping[str, CountryShape] = field(repr=False, compare=False)

    def get(self, code: str) -> CountryShape | None:
        """The shape for ``code`` (case-insensitive), or None when there is none at 110m."""
        return self.by_code.get(code.upper())


@lru_cache(maxsize=1)
def load_world_shapes() -> WorldShapes:
    """Read and cache the bundled shape file."""
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    view_box: str = raw["viewBox"]
    _, _, width, height = (float(v) for v in view_box.split())
    shapes = tuple(
        CountryShape(
            code=code,
            name=rec["name"],
            d=rec["d"],
            bbox=_box(rec["bbox"]),
            extent=_box(rec.get("extent", rec["bbox"])),
        )
        for code, rec in sorted(raw["countries"].items())
    )
    return WorldShapes(
        view_box=view_box,
        width=width,
        height=height,
        shapes=shapes,
        by_code=MappingProxyType({s.code: s for s in shapes}),
    )


def _box(values: Iterable[float]) -> Box:
    a, b, c, d = (float(v) for v in values)
    return (a, b, c, d)


def unmapped_codes(codes: Iterable[str]) -> list[str]:
    """The codes (sorted, deduplicated) that have no shape and so cannot appear on a map."""
    world = load_world_shapes()
    return sorted({c for c in codes if world.get(c) is None})


def count_level(count: int, max_count: int) -> int:
    """Shading step 0..LEVELS for ``count`` briefings when the busiest country has ``max_count``.

    0 means no briefings. Otherwise the step grows with log(count) so one very busy country
    does not wash everything else out: 1 briefing → step 1, ``max_count`` → step ``LEVELS``.
    """
    if count <= 0:
        return 0
    if max_count <= 1 or count >= max_count:
        return 1 if max_count <= 1 else LEVELS
    t = math.log(count) / math.log(max_count)
    return 1 + min(LEVELS - 1, int(t * LEVELS))


def _briefings_label(name: str, count: int) -> str:
    return f"{name}: {count} briefing{'' if count == 1 else 's'}"


def _attr(value: str) -> str:
    return escape(value, quote=True)


def render_world_map(
    counts: Mapping[str, int],
    hrefs: Mapping[str, str],
    names: Mapping[str, str],
    title: str,
) -> str:
    """An inline, responsive SVG world map shaded by number of briefings per country.

    ``counts``, ``hrefs`` and ``names`` are keyed by alpha-2 code. A country with a positive
    count is drawn in class ``map-c1``…``map-c5`` with a ``<title>`` such as "Russia: 3
    briefings", wrapped in a link to ``hrefs[code]`` when there is one (the link's accessible
    name is that text). Other countries are drawn unlinked in ``map-c0``. ``names`` overrides
    the Natural Earth name. Codes without a shape are skipped (see :func:`unmapped_codes`).

    The ``<svg>`` has role ``group`` rather than ``img``: an ``img`` role would hide the links
    inside it from assistive technology.
    """
    world = load_world_shapes()
    counts_up = {code.upper(): n for code, n in counts.items()}
    hrefs_up = {code.upper(): h for code, h in hrefs.items()}
    names_up = {code.upper(): n for code, n in names.items()}
    max_count = max((n for n in counts_up.values() if n > 0), default=0)
    label = _attr(title)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="world-map" viewBox="{world.view_box}"'
        f' preserveAspectRatio="xMidYMid meet" role="group" aria-label="{label}">',
        f"<title>{escape(title)}</title>",
    ]
    for shape in world.shapes:
        count = counts_up.get(shape.code, 0)
        level = count_level(count, max_count)
        if level == 0:
            out.append(f'<path class="map-c0" d="{shape.d}"/>')
            continue
        text = _briefings_label(names_up.get(shape.code) or shape.name, count)
        path = f'<path class="map-c{level}" d="{shape.d}"/>'
        href = hrefs_up.get(shape.code)
        if href:
            out.append(
                f'<a href="{_attr(href)}" aria-label="{_attr(text)}">'
                f"<title>{escape(text)}</title>{path}</a>"
            )
        else:
            out.append(f'<g class="map-unlinked"><title>{escape(text)}</title>{path}</g>')
    out.append("</svg>")
    return "\n".join(out)


def _num(value: float) -> str:
    return f"{round(value, 1):g}"


def _inset_box(bbox: Box, width: float, height: float) -> Box:
    """A viewBox (x, y, w, h) around ``bbox``, padded, at least the minimum size, inside the map."""
    minx, miny, maxx, maxy = bbox
    vw = max((maxx - minx) * _INSET_PAD, (maxy - miny) * _INSET_PAD * _INSET_ASPECT, _INSET_MIN_WIDTH)
    vw = min(vw, width)
    vh = min(vw / _INSET_ASPECT, height)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    x = min(max(cx - vw / 2, 0.0), width - vw)
    y = min(max(cy - vh / 2, 0.0), height - vh)
    return (x, y, vw, vh)


def _overlaps(a: Box, view: Box) -> bool:
    x, y, w, h = view
    return a[0] <= x + w and a[2] >= x and a[1] <= y + h and a[3] >= y


def render_location_map(code: str, name: str) -> str:
    """A small SVG inset of the area around one country, the country highlighted.

    The viewBox is centred on the country's main landmass with padding, never narrower than
    about 43° of longitude; only countries overlapping it are drawn, which keeps the inset
    small. Countries too small to see also get a ``circle.map-marker``. Returns ``""`` when
    ``code`` has no shape (historic states, microstates and small islands at 1:110m).
    """
    world = load_world_shapes()
    here = world.get(code)
    if here is None:
        return ""
    view = _inset_box(here.bbox, world.width, world.height)
    label = f"Location of {name}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="location-map"'
        f' viewBox="{" ".join(_num(v) for v in view)}" preserveAspectRatio="xMidYMid meet"'
        f' role="img" aria-label="{_attr(label)}">',
        f"<title>{escape(label)}</title>",
    ]
    for shape in world.shapes:
        if shape.code != here.code and _overlaps(shape.extent, view):
            out.append(f'<path class="map-land" d="{shape.d}"/>')
    out.append(f'<path class="map-here" d="{here.d}"/>')
    minx, miny, maxx, maxy = here.bbox
    if maxx - minx < _TINY and maxy - miny < _TINY:
        cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
        r = max(view[2] * 0.04, (max(maxx - minx, maxy - miny) / 2) + 2)
        out.append(f'<circle class="map-marker" cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(r)}"/>')
    out.append("</svg>")
    return "\n".join(out)
