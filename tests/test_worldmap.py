"""Tests for briefgen.worldmap and the bundled map/region data."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pycountry
import pytest

from briefgen.worldmap import (
    count_level,
    load_world_shapes,
    render_location_map,
    render_world_map,
    unmapped_codes,
)

DATA = Path(__file__).resolve().parent.parent / "briefgen" / "data"
SVG = "{http://www.w3.org/2000/svg}"
ALLOWED_REGIONS = {"Africa", "Americas", "Asia", "Europe", "Oceania", "Antarctica"}

COUNTS = {"RU": 3, "GB": 1, "US": 12, "BR": 0}
HREFS = {"RU": "/countries/russia/", "GB": "/countries/united-kingdom/", "US": "/countries/united-states/"}
NAMES = {"RU": "Russia", "GB": "United Kingdom", "US": "United States"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def links(root: ET.Element) -> list[ET.Element]:
    return root.findall(f".//{SVG}a")


def view_box(svg: str) -> tuple[float, float, float, float]:
    m = re.search(r'viewBox="([^"]+)"', svg)
    assert m
    x, y, w, h = (float(v) for v in m.group(1).split())
    return x, y, w, h


# --------------------------------------------------------------------------- world map


def test_world_map_links_each_covered_country_with_accessible_name() -> None:
    root = parse(render_world_map(COUNTS, HREFS, NAMES, "Where we report"))
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title") is not None
    assert root.find(f"{SVG}title").text == "Where we report"  # type: ignore[union-attr]
    assert root.get("viewBox", "").startswith("0 0 1000 ")
    assert root.get("preserveAspectRatio")
    assert root.get("width") is None and root.get("height") is None
    by_href = {a.get("href"): a for a in links(root)}
    assert set(by_href) == set(HREFS.values())
    ru = by_href["/countries/russia/"]
    assert ru.get("aria-label") == "Russia: 3 briefings"
    assert ru.find(f"{SVG}title").text == "Russia: 3 briefings"  # type: ignore[union-attr]
    path = ru.find(f"{SVG}path")
    assert path is not None and path.get("d")
    assert re.fullmatch(r"map-c[1-5]", path.get("class", ""))
    assert by_href["/countries/united-kingdom/"].get("aria-label") == "United Kingdom: 1 briefing"


def test_world_map_uncovered_countries_are_not_links_and_neutral() -> None:
    svg = render_world_map(COUNTS, HREFS, NAMES, "Map")
    root = parse(svg)
    linked_paths = {id(p) for a in links(root) for p in a.iter(f"{SVG}path")}
    others = [p for p in root.iter(f"{SVG}path") if id(p) not in linked_paths]
    assert len(others) == len(load_world_shapes().shapes) - 3
    assert {p.get("class") for p in others} == {"map-c0"}
    assert "Brazil" not in svg  # zero count: neither linked nor labelled
    assert "fill=" not in svg and "style=" not in svg  # colours come from CSS classes


def test_world_map_shading_steps() -> None:
    assert count_level(0, 10) == 0
    assert count_level(1, 10) == 1
    assert count_level(10, 10) == 5
    assert count_level(1, 1) == 1
    levels = [count_level(n, 100) for n in range(1, 101)]
    assert levels == sorted(levels) and set(levels) == {1, 2, 3, 4, 5}
    root = parse(render_world_map(COUNTS, HREFS, NAMES, "Map"))
    classes = {a.get("href"): a.find(f"{SVG}path").get("class") for a in links(root)}  # type: ignore[union-attr]
    assert classes["/countries/united-states/"] == "map-c5"
    assert classes["/countries/united-kingdom/"] == "map-c1"


def test_world_map_is_deterministic_and_order_independent() -> None:
    a = render_world_map(COUNTS, HREFS, NAMES, "Map")
    b = render_world_map(dict(reversed(list(COUNTS.items()))), dict(reversed(list(HREFS.items()))), NAMES, "Map")
    assert a == b
    assert render_world_map(COUNTS, HREFS, NAMES, "Map") == a


def test_world_map_escapes_names_hrefs_and_title() -> None:
    svg = render_world_map(
        {"FR": 2},
        {"FR": '/c/"fr"?a=1&b=<2>'},
        {"FR": "<script>alert(1)</script>"},
        "A & B <map>",
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;: 2 briefings" in svg
    assert 'href="/c/&quot;fr&quot;?a=1&amp;b=&lt;2&gt;"' in svg
    root = parse(svg)  # still well-formed XML
    (a,) = links(root)
    assert a.get("href") == '/c/"fr"?a=1&b=<2>'
    assert a.get("aria-label") == "<script>alert(1)</script>: 2 briefings"
    assert root.get("aria-label") == "A & B <map>"


def test_world_map_skips_codes_without_shape_and_is_compact() -> None:
    svg = render_world_map({"SG": 4, "SUHH": 1}, {"SG": "/sg/", "SUHH": "/su/"}, {}, "Map")
    assert links(parse(svg)) == []
    assert unmapped_codes(["SG", "SUHH", "GB", "SG"]) == ["SG", "SUHH"]
    every = {s.code: 1000 for s in load_world_shapes().shapes}
    full = render_world_map(every, {c: f"/countries/{c.lower()}/" for c in every}, {}, "Map")
    assert len(full.encode()) < 120_000


def test_world_map_lowercase_codes_accepted() -> None:
    root = parse(render_world_map({"ru": 2}, {"ru": "/ru/"}, {"ru": "Russia"}, "Map"))
    assert [a.get("aria-label") for a in links(root)] == ["Russia: 2 briefings"]


# --------------------------------------------------------------------------- location map


def test_location_map_gb_is_zoomed_around_britain() -> None:
    svg = render_location_map("GB", "United Kingdom")
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Location of United Kingdom"  # type: ignore[union-attr]
    here = [p for p in root.iter(f"{SVG}path") if p.get("class") == "map-here"]
    assert len(here) == 1
    x, y, w, h = view_box(svg)
    minx, miny, maxx, maxy = load_world_shapes().get("GB").bbox  # type: ignore[union-attr]
    assert x <= minx and y <= miny and x + w >= maxx and y + h >= maxy  # contains Britain
    assert w < 250 and h < 200  # zoomed in, not the whole world
    # Britain sits in the north-west quadrant of Europe in the 1000-wide projection.
    assert 450 < (minx + maxx) / 2 < 520 and 50 < (miny + maxy) / 2 < 110


def test_location_map_small_country_gets_marker_and_minimum_extent() -> None:
    svg = render_location_map("LU", "Luxembourg")
    _, _, w, h = view_box(svg)
    assert w >= 100 and h > 0
    assert '<circle class="map-marker"' in svg
    assert "map-marker" not in render_location_map("RU", "Russia")


def test_location_map_without_shape_is_empty() -> None:
    assert render_location_map("SG", "Singapore") == ""
    assert render_location_map("SUHH", "Soviet Union") == ""
    assert render_location_map("ZZ", "Nowhere") == ""


def test_location_map_escapes_name() -> None:
    svg = render_location_map("FR", "<b>France</b>")
    assert "<b>" not in svg and "&lt;b&gt;France&lt;/b&gt;" in svg
    parse(svg)


# --------------------------------------------------------------------------- data files


def test_regions_cover_every_pycountry_code() -> None:
    regions = json.loads((DATA / "regions.json").read_text(encoding="utf-8"))
    codes = {c.alpha_2 for c in pycountry.countries}
    assert codes <= set(regions)
    assert set(regions) - codes == {"XK"}
    assert set(regions.values()) <= ALLOWED_REGIONS
    expected = {
        "CY": "Asia", "TR": "Asia", "RU": "Europe", "GE": "Asia", "AM": "Asia", "AZ": "Asia",
        "GL": "Americas", "EG": "Africa", "AQ": "Antarctica", "XK": "Europe", "AU": "Oceania",
    }
    assert {c: regions[c] for c in expected} == expected


def test_world_shapes_keys_are_alpha2() -> None:
    raw = json.loads((DATA / "world-110m.json").read_text(encoding="utf-8"))
    assert raw["viewBox"].startswith("0 0 1000 ")
    codes = set(raw["countries"])
    assert len(codes) > 150
    valid = {c.alpha_2 for c in pycountry.countries} | {"XK"}
    assert codes <= valid
    for code, rec in raw["countries"].items():
        assert rec["name"] and rec["d"].startswith("M"), code
        minx, miny, maxx, maxy = rec["bbox"]
        assert 0 <= minx <= maxx <= 1000 and 0 <= miny <= maxy, code
    assert (DATA / "world-110m.json").stat().st_size < 150_000


@pytest.mark.parametrize("code", ["RU", "FJ", "US"])
def test_no_antimeridian_streaks(code: str) -> None:
    """No path segment spans more than half the map width."""
    d = load_world_shapes().get(code).d  # type: ignore[union-attr]
    for ring in re.findall(r"l([^Mz]*)", d):
        nums = [float(n) for n in re.findall(r"-?(?:\d+\.?\d*|\.\d+)", ring)]
        assert all(abs(dx) < 500 for dx in nums[0::2]), code
