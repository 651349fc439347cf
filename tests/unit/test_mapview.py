"""The map component's contract: what goes in (arguments) and what comes out (typed events)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pandas as pd
import pytest

from dashboard.core.map import build as mapbuild
from dashboard.ui import mapstate, mapview
from tests.helpers import MAP_INDEX, map_nodes, map_segments

INDEX_HTML = Path(mapview.__file__).parent / "components" / "atlas_map" / "index.html"
CLICK = {"type": "click", "id": "place:baku", "lat": 40.4, "lng": 49.9, "at": 1_767_000_000_123}
VIEW = {"type": "view", "center": [40.1, 47.2], "zoom": 7, "bounds": [44.0, 38.0, 50.5, 42.0]}


def _base() -> mapview.BaseMap:
    return mapview.prepare_base(mapbuild.build_base_map({}, MAP_INDEX, "../assets/"))


def _overlay(command: mapstate.Command | None = None) -> mapview.Overlay:
    groups, _ = mapbuild.build_corridor_groups(map_segments(), map_nodes(), MAP_INDEX)
    places = pd.DataFrame({"place_id": ["baku"], "name": ["Baku"], "kind": ["city"],
                           "lat": [40.4], "lon": [49.9], "mention_count": [3]})
    group, _ = mapbuild.build_overlay(places)
    return mapview.Overlay(tuple(mapview.layer(g) for g in [*groups, group]), command)


def test_base_is_rendered_once_with_the_runtime_and_no_overlay():
    base = _base()
    assert base.map_name in base.script and f'id="{base.map_name}"' in base.body
    assert "atlas.init(" in base.script
    assert "atlas-corridor" not in base.script  # corridors live in the overlay only
    assert re.findall(r'<script[^>]*src="([^"]+)"', base.header) == ["../assets/leaflet.js"]
    assert "L.control.layers" not in base.script
    assert _base().id != base.id or _base().script == base.script  # id follows the content


def test_arguments_carry_base_layers_and_command_but_never_a_view():
    command = mapstate.Command(nonce=3, view=mapstate.View((39.2, 46.2), 8))
    args = mapview.component_args(_base(), _overlay(command), height=500)
    assert set(args) == {"base", "layers", "overlay_key", "command", "height"}
    assert args["command"] == {"nonce": 3, "max_zoom": 9, "padding": 36,
                               "view": {"center": [39.2, 46.2], "zoom": 8}}
    ids = [p["id"] for lay in args["layers"] for p in lay.get("paths", []) + lay.get("points", [])]
    assert "place:baku" in ids and any(i.startswith("corridor:") for i in ids)
    json.dumps(args)  # Streamlit sends them as JSON


def test_overlay_key_changes_with_the_layers_only():
    one = _overlay()
    same = _overlay(mapstate.Command(nonce=1, box=(38.0, 44.0, 42.0, 50.0)))
    assert one.key == same.key  # a command alone does not redraw the layers
    fewer = mapview.Overlay(one.layers[:-1])
    assert fewer.key != one.key


def test_events_in_the_schema_parse_to_typed_events():
    value = {"click": CLICK, "view": VIEW}
    jsonschema.validate(value, mapview.EVENT_SCHEMA)
    click, view = mapview.parse_value(value)
    assert click == mapview.ClickEvent("place:baku", 1_767_000_000_123, 40.4, 49.9)
    assert click.target == ("place", "baku")
    assert view == mapview.ViewEvent((40.1, 47.2), 7, (44.0, 38.0, 50.5, 42.0))
    assert mapview.parse_value({"click": None, "view": VIEW}) == (None, view)
    assert mapview.parse_value(None) == (None, None)


@pytest.mark.parametrize("value", [
    {"click": {**CLICK, "type": "view"}, "view": None},
    {"click": {**CLICK, "id": ""}, "view": None},
    {"click": {**CLICK, "at": "soon"}, "view": None},
    {"click": None, "view": {**VIEW, "zoom": 7.5}},
    {"click": None, "view": {**VIEW, "center": [40.1]}},
    {"click": None, "view": {**VIEW, "center": ["40.1", 47.2]}},
])
def test_events_off_the_schema_are_no_events(value):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(value, mapview.EVENT_SCHEMA)
    assert mapview.parse_value(value) == (None, None)


def test_non_finite_numbers_are_no_events():
    assert mapview.parse_value({"click": None, "view": {**VIEW, "center": [float("nan"), 4]}}) \
        == (None, None)
    assert mapview.parse_value({"click": {**CLICK, "at": float("inf")}, "view": None}) \
        == (None, None)


def test_inverted_bounds_are_dropped_but_the_view_kept():
    _, view = mapview.parse_value({"click": None, "view": {**VIEW, "bounds": [50, 38, 44, 42]}})
    assert view.bounds is None and view.zoom == 7


def test_a_click_is_delivered_once(monkeypatch):
    state: dict = {}
    monkeypatch.setattr(mapview.st, "session_state", state)
    assert mapview.take_events("m") == (False, None, None)  # not mounted yet
    state["m"] = {"click": CLICK, "view": VIEW}
    mounted, click, view = mapview.take_events("m")
    assert mounted and click.id == "place:baku" and view.zoom == 7
    state["m"] = {"click": CLICK, "view": {**VIEW, "zoom": 8}}  # a later view report
    mounted, click, view = mapview.take_events("m")
    assert click is None and view.zoom == 8
    state["m"] = {"click": {**CLICK, "at": CLICK["at"] + 900}, "view": VIEW}  # clicked again
    assert mapview.take_events("m")[1] is not None


def test_the_browser_side_emits_the_fields_of_the_schema():
    """The component's page builds its events with exactly the schema's fields."""
    page = INDEX_HTML.read_text(encoding="utf-8")
    click = mapview.EVENT_SCHEMA["properties"]["click"]["oneOf"][1]["required"]
    view = mapview.EVENT_SCHEMA["properties"]["view"]["oneOf"][1]["required"]
    assert re.search(r'type: "click", id: String\(id\), lat: .*\n.*lng: .*at: Date\.now\(\)', page)
    assert set(click) == {"type", "id", "lat", "lng", "at"}
    assert re.search(r'type: "view", center: \[c\.lat, c\.lng\], zoom: map\.getZoom\(\),'
                     r'\s*bounds: \[b\.getWest\(\), b\.getSouth\(\), b\.getEast\(\), '
                     r'b\.getNorth\(\)\]', page)
    assert set(view) == {"type", "center", "zoom", "bounds"}
    assert '"streamlit:componentReady", {apiVersion: 1}' in page
