"""Our cached map path passes the component exactly what ``st_folium`` would."""

from __future__ import annotations

import folium
import pandas as pd
import streamlit_folium as sf

from dashboard.core.map import build as mapbuild
from dashboard.ui import mapstate, mapview
from tests.helpers import MAP_INDEX, map_nodes, map_segments


def _base() -> folium.Map:
    return mapbuild.build_base_map({}, MAP_INDEX, "../assets/")


def _groups():
    groups, _ = mapbuild.build_corridor_groups(map_segments(), map_nodes(), MAP_INDEX)
    places = pd.DataFrame({"place_id": ["baku"], "name": ["Baku"], "kind": ["city"],
                           "lat": [40.4], "lon": [49.9], "mention_count": [3]})
    group, _ = mapbuild.build_overlay(places)
    return [*groups, group]


def _record(monkeypatch) -> list[dict]:
    calls: list[dict] = []

    def fake_component(**kwargs):
        calls.append(kwargs)
        return None

    monkeypatch.setattr(sf, "_component_func", fake_component)
    return calls


def test_component_arguments_match_st_folium(monkeypatch):
    calls = _record(monkeypatch)
    sf.st_folium(_base(), key="m", height=500, use_container_width=True,
                 returned_objects=mapview.RETURNED, feature_group_to_add=_groups())
    expected = calls.pop()
    expected["feature_group"] = mapview.wrap_overlay(
        [mapview.group_script(g, i) for i, g in enumerate(_groups())], None)
    mapview.show_map(mapview.prepare_base(_base()), mapview.overlay_script(_groups()),
                     key="m", height=500)
    ours = calls.pop()
    expected.pop("on_change")
    ours.pop("on_change")
    assert set(ours) == set(expected)
    for name in expected:
        assert ours[name] == expected[name], name


def test_prepared_base_is_stable_and_overlays_do_not_leak():
    base = mapview.prepare_base(_base())
    first = mapview.overlay_script(_groups())
    again = mapview.prepare_base(_base())
    assert sf.generate_js_hash(base.script, "m") == sf.generate_js_hash(again.script, "m")
    assert "atlas-corridor" not in base.script  # corridors live in the overlay only
    assert "atlas-corridor-btc" in first
    for idx in range(3):  # 2 corridors + places, each in its own slot
        assert f"var feature_group_feature_group_{idx} = " in first
    assert "L.control.layers" not in first


def test_event_parsing():
    event = mapview.read_event({"center": {"lat": 40.1, "lng": 47.2}, "zoom": 7,
                                "last_object_clicked_popup": "place:baku",
                                "last_object_clicked": {"lat": 40.4, "lng": 49.9},
                                "bounds": {"_southWest": {"lat": 38.0, "lng": 44.0},
                                           "_northEast": {"lat": 42.0, "lng": 50.5}}})
    assert event == mapview.MapEvent("place:baku", (40.1, 47.2), 7, (40.4, 49.9),
                                     (44.0, 38.0, 50.5, 42.0))
    assert event.click == ("place:baku", (40.4, 49.9))
    assert mapview.read_event({}) == mapview.MapEvent(None, None, None)
    assert mapview.read_event(None).click is None


def test_the_view_is_never_passed_back_and_commands_travel_in_the_overlay(monkeypatch):
    calls = _record(monkeypatch)
    command = mapstate.Command(nonce=3, view=mapstate.View((39.2, 46.2), 8))
    overlay = mapview.wrap_overlay(["/*layers*/"], command)
    mapview.show_map(mapview.prepare_base(_base()), overlay, key="m")
    args = calls.pop()
    assert args["center"] is None and args["zoom"] is None
    assert args["feature_group"].startswith("atlas.beginOverlay();/*layers*/")
    assert '"nonce": 3' in args["feature_group"] and '"zoom": 8' in args["feature_group"]
