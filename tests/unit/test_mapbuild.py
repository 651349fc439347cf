"""Map building: coordinate order, styling semantics, layers and escaping."""

from __future__ import annotations

import pandas as pd

from dashboard.core.map import build as mapbuild
from dashboard.core.map.assets import external_urls
from tests.helpers import MAP_INDEX, map_nodes, map_segments


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
    groups, targets = mapbuild.build_corridor_groups(map_segments(), map_nodes(), MAP_INDEX)
    fmap = mapbuild.compose_map(mapbuild.build_base_map({}, MAP_INDEX, "../a/"), groups)
    html = fmap.get_root().render()
    assert "atlas-corridor atlas-corridor-btc" in html and "atlas-corridor-aras" in html
    assert "[40.2,49.48]" in html  # lat first for Leaflet
    assert "<b>Terminal</b>" not in html and "&lt;b&gt;Terminal" in html
    assert "`${x}`" not in html
    assert external_urls(html) == []
    assert "L.control.layers" not in html  # the sidebar is the one place to switch layers
    assert targets.resolve("corridor:aras") == ("corridor", "aras")
    assert targets.resolve("corridor:nope") is None


def test_tooltips_are_short_and_flag_approximation_on_their_own_line():
    row = {"name": "Sangachal – Yevlakh", "mode": "pipeline", "status": "under_construction",
           "approximate_geometry": True}
    tip = mapbuild.segment_tooltip("BTC", row)
    assert tip.split("<br>") == ["<b>Sangachal – Yevlakh</b>",
                                 "BTC · pipeline · under construction",
                                 "<i>approximate geometry (schematic)</i>"]
    node = {"name": "PSG1 pump station (Gardabani, town point)", "role": "pump_station",
            "coord_quality": "approximate"}
    lines = mapbuild.node_tooltip("BTC", node).split("<br>")
    assert lines[0] == "<b>PSG1 pump station</b>"
    assert "approximate coordinates" in lines[2] and "Gardabani" in lines[2]


def test_node_labels_are_clean_names():
    nodes = map_nodes()
    nodes.loc[0, "name"] = "Sadarak (rayon centre point)"
    groups, _ = mapbuild.build_corridor_groups(map_segments(), nodes, MAP_INDEX, visible=["btc"])
    labels = groups[0].data["labels"]
    assert [row[2] for row in labels] == ["Sadarak"]
    assert labels[0][3] == "node"


def test_visibility_and_status_filters():
    groups, _ = mapbuild.build_corridor_groups(map_segments(), map_nodes(), MAP_INDEX,
                                               visible=["aras"])
    assert len(groups) == 1
    groups, _ = mapbuild.build_corridor_groups(map_segments(), map_nodes(), MAP_INDEX,
                                               statuses=["operating"])
    html = mapbuild.compose_map(mapbuild.build_base_map({}, MAP_INDEX, "../a/"),
                                groups).get_root().render()
    assert "Aghband" not in html and "Sangachal" in html


def test_overlay_sizes_by_count_and_registers_clicks():
    places = pd.DataFrame({"place_id": ["baku", "meghri", "nowhere"],
                           "name": ["Baku", "Meghri", "Nowhere"], "kind": ["city"] * 3,
                           "lat": [40.4, 38.9, None], "lon": [49.9, 46.25, None],
                           "mention_count": [40, 1, 3]})
    group, targets = mapbuild.build_overlay(places, selected_place="meghri")
    points = group.data["points"]
    assert len(points) == 2  # no coordinates, no marker
    radius = {p["ll"][0]: p["style"]["radius"] for p in points}
    assert radius[40.4] > radius[38.9]
    assert targets.resolve("place:meghri") == ("place", "meghri")
    labels = {row[2]: row for row in group.data["labels"]}
    assert labels["Meghri"][3] == "selected" and labels["Meghri"][4] < labels["Baku"][4]
    faded = {p["id"]: p["style"]["fillOpacity"] for p in points}
    assert faded["place:baku"] < faded["place:meghri"]  # the rest is dimmed


def test_legend_lists_corridors_and_styles_escaped():
    html = mapbuild.legend_html(MAP_INDEX)
    assert "BTC" in html and "Aras corridor" in html and "approximate (schematic) geometry" in html
    for kind, color in mapbuild.PLACE_KIND_COLORS.items():  # place styling is explained too
        assert color in html and kind.replace("_", " ") in html
    assert "<pipeline>" not in html


def test_traced_lines_credit_their_source_and_say_so():
    segments = map_segments()
    segments["geometry_source"] = [{"kind": "traced", "dataset": "Global Energy Monitor"},
                                   {"kind": "schematic", "dataset": "corridor nodes"}]
    groups, _ = mapbuild.build_corridor_groups(segments, map_nodes(), MAP_INDEX)
    by_name = {g.layer_name: g.data for g in groups}
    assert by_name["BTC"]["attribution"] == "Pipeline routes: Global Energy Monitor"
    assert by_name["Aras corridor"]["attribution"] == ""
    assert "traced from Global Energy Monitor" in by_name["BTC"]["paths"][0]["tip"]
    segments["geometry_source"] = [{"kind": "traced", "dataset": "OpenStreetMap"}, None]
    groups, _ = mapbuild.build_corridor_groups(segments, map_nodes(), MAP_INDEX, visible=["btc"])
    assert "OpenStreetMap contributors (ODbL)" in groups[0].data["attribution"]


def test_a_selected_place_stays_drawn_when_filters_leave_it_out():
    places = pd.DataFrame({"place_id": ["baku", "meghri"], "name": ["Baku", "Meghri"],
                           "kind": ["city"] * 2, "lat": [40.4, 38.9], "lon": [49.9, 46.25],
                           "mention_count": [40, 1]})
    table = places[places["place_id"] == "baku"]
    drawn = mapbuild.with_selected_place(table, places, "meghri")
    assert list(drawn["place_id"]) == ["baku", "meghri"]
    assert mapbuild.with_selected_place(table, places, None) is table
    assert mapbuild.with_selected_place(table, places, "baku") is table


def test_atlas_ids_round_trip_through_the_one_parser():
    targets = mapbuild.ClickTargets()
    atlas_id = targets.add("place", "city:baku-az")
    assert mapbuild.parse_atlas_id(atlas_id) == ("place", "city:baku-az")
    assert mapbuild.parse_atlas_id(None) is None
    assert mapbuild.parse_atlas_id("nocolon") is None
    assert mapbuild.parse_atlas_id(":x") is None and mapbuild.parse_atlas_id("place:") is None
