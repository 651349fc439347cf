"""Map building: coordinate order, styling semantics, layers and escaping."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString, Point

from dashboard.core import mapbuild
from dashboard.core.assets import external_urls

INDEX = {
    "btc": {"id": "btc", "name": "Baku–Tbilisi–Ceyhan <pipeline>", "short_name": "BTC",
            "color": "#E69F00"},
    "aras": {"id": "aras", "name": "Aras corridor", "color": "#009E73"},
}


def _segments() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"corridor": ["btc", "aras"], "segment_id": ["b1", "a1"],
         "name": ["Sangachal – Yevlakh", "Aghband – Jolfa `${x}`"], "mode": ["pipeline", "road"],
         "status": ["operating", "under_construction"], "approximate_geometry": [True, False]},
        geometry=[LineString([(49.48, 40.20), (47.15, 40.62)]),
                  LineString([(46.57, 38.90), (45.63, 38.94)])], crs="EPSG:4326")


def _nodes() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"corridor": ["btc"], "node_id": ["n1"], "role": ["terminal"],
         "name": ["Sangachal <b>Terminal</b>"], "coord_quality": ["verified"]},
        geometry=[Point(49.48, 40.20)], crs="EPSG:4326")


def test_latlon_swaps_geojson_order():
    assert mapbuild.latlon([(49.48, 40.20), (44.79, 41.72)]) == [[40.2, 49.48], [41.72, 44.79]]


def test_segment_style_semantics():
    solid = mapbuild.segment_style("#000", "operating", "rail", approximate=False)
    assert solid["dash_array"] is None and solid["weight"] == 4.0
    approx = mapbuild.segment_style("#000", "operating", "rail", approximate=True)
    assert approx["dash_array"] == mapbuild.APPROXIMATE_DASH and approx["opacity"] < 0.9
    planned = mapbuild.segment_style("#000", "planned", "rail", approximate=True)
    assert planned["dash_array"] == mapbuild.STATUS_DASH["planned"]
    assert mapbuild.segment_style("#000", "operating", "sea", False)["weight"] < 4.0


def test_corridor_groups_draw_in_latlon_with_classes_and_escaped_tooltips():
    groups, targets = mapbuild.build_corridor_groups(_segments(), _nodes(), INDEX)
    fmap = mapbuild.compose_map(mapbuild.build_base_map({}, INDEX, "../a/"), groups)
    html = fmap.get_root().render()
    assert "atlas-corridor atlas-corridor-btc" in html and "atlas-corridor-aras" in html
    assert "[40.2, 49.48]" in html  # lat first for Leaflet
    assert "<b>Terminal</b>" not in html and "&lt;b&gt;Terminal" in html
    assert "`${x}`" not in html
    assert external_urls(html) == []
    hit = targets.resolve(" Aras corridor: Aghband – Jolfa `${x}` (road, under construction) ")
    assert hit == ("corridor", "aras")


def test_visibility_and_status_filters():
    groups, _ = mapbuild.build_corridor_groups(_segments(), _nodes(), INDEX, visible=["aras"])
    assert len(groups) == 1
    groups, _ = mapbuild.build_corridor_groups(_segments(), _nodes(), INDEX,
                                               statuses=["operating"])
    html = mapbuild.compose_map(mapbuild.build_base_map({}, INDEX, "../a/"),
                                groups).get_root().render()
    assert "Aghband" not in html and "Sangachal" in html


def test_overlay_sizes_by_count_and_registers_clicks():
    places = pd.DataFrame({"place_id": ["baku", "meghri", "nowhere"],
                           "name": ["Baku", "Meghri", "Nowhere"], "kind": ["city"] * 3,
                           "lat": [40.4, 38.9, None], "lon": [49.9, 46.25, None],
                           "mention_count": [40, 1, 3]})
    group, targets = mapbuild.build_overlay(places, selected_place="meghri")
    markers = [c for c in group._children.values() if hasattr(c, "location")]
    assert len(markers) == 2  # no coordinates, no marker
    radius = {m.location[0]: m.options["radius"] for m in markers}
    assert radius[40.4] > radius[38.9]
    assert targets.resolve("Meghri (city): 1 mention") == ("place", "meghri")
    assert targets.resolve("Baku (city): 40 mentions") == ("place", "baku")


def test_legend_lists_corridors_and_styles_escaped():
    html = mapbuild.legend_html(INDEX)
    assert "BTC" in html and "Aras corridor" in html and "approximate geometry" in html
    for kind, color in mapbuild.PLACE_KIND_COLORS.items():  # place styling is explained too
        assert color in html and kind.replace("_", " ") in html
    assert "<pipeline>" not in html
