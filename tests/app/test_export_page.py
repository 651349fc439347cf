"""AppTest of the Export page: the request follows the map's view state."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.core.export.render import ExportRequest
from dashboard.core.map.permalink import ViewState
from dashboard.ui import session as keys

PAGE = str(Path(__file__).resolve().parents[2] / "dashboard" / "views" / "export.py")
REQUEST_KEY = "export_request_json"


def test_page_without_a_map_visit_offers_every_export():
    at = AppTest.from_file(PAGE, default_timeout=240).run()
    assert not at.exception, at.exception
    request = ExportRequest.from_json(at.session_state[REQUEST_KEY])
    assert request.extent is None and request.excerpts == []
    assert len(request.corridors) >= 5
    assert request.places is not None and not request.places.empty
    assert len(at.get("download_button")) == 6  # png, pdf, svg, html, geojson, csv
    assert len(at.get("image")) == 1  # the preview


def test_request_follows_the_map_view_and_selection():
    at = AppTest.from_file(PAGE, default_timeout=240)
    at.session_state[keys.VIEW] = ViewState(
        layers=("zangezur", "aras"), statuses=("operating", "under_construction"),
        selection=("corridor", "zangezur"), center=(39.2, 46.0), zoom=7)
    at.run()
    assert not at.exception, at.exception
    corridors = next(m for m in at.multiselect if m.label == "Corridors")
    assert corridors.value == ["zangezur", "aras"]
    extent = next(s for s in at.selectbox if s.label == "Map extent")
    assert extent.value == "view"
    excerpts = next(m for m in at.multiselect if m.label.startswith("Numbered excerpts"))
    assert len(excerpts.options) >= 2
    excerpts.set_value([0, 1])
    at.text_input[0].set_value("Zangezur: status <b>briefing</b>")
    at.button[0].click()  # the form's submit button
    at.run()
    assert not at.exception, at.exception
    request = ExportRequest.from_json(at.session_state[REQUEST_KEY])
    assert request.title == "Zangezur: status <b>briefing</b>"
    assert request.corridors == ["zangezur", "aras"]
    assert request.statuses == ["operating", "under_construction"]
    assert request.center == (39.2, 46.0) and request.zoom == 7
    minx, miny, maxx, maxy = request.extent
    assert minx < 46.0 < maxx and miny < 39.2 < maxy
    assert len(request.excerpts) == 2
    for excerpt in request.excerpts:
        assert excerpt["text"] and excerpt["citation"]
        assert excerpt["end"] - excerpt["start"] == len(excerpt["text"])


def test_exact_view_takes_the_size_of_the_map_on_screen(monkeypatch):
    from types import SimpleNamespace

    from dashboard.core.export.render import extent_from_view
    from dashboard.ui import export as ui_export
    from dashboard.ui import mapcontrol

    center, zoom = (39.2, 46.0), 7
    bounds = extent_from_view(center, zoom, 1187, 640)  # what a 1187x640 map reports
    monkeypatch.setattr(mapcontrol, "reported_bounds", lambda: (center, zoom, bounds))
    assert ui_export.view_size(SimpleNamespace(center=center, zoom=zoom)) == (1187, 640)
    # bounds reported for another view are not used
    other = SimpleNamespace(center=(40.0, 45.0), zoom=6)
    assert ui_export.view_size(other) == ui_export.MAP_VIEW_SIZE


def test_export_extent_uses_the_bounds_the_map_reported():
    def script():
        import streamlit as st

        from dashboard.core.map.permalink import ViewState
        from dashboard.ui import export as ui_export
        from dashboard.ui import mapstate
        from dashboard.ui import session as keys

        view = ViewState(center=(40.0, 47.0), zoom=6)
        st.session_state[keys.MAP_STATE] = mapstate.MapState(
            view=mapstate.View((40.0, 47.0), 6), bounds=(41.0, 37.0, 53.0, 43.0))
        st.write(repr(ui_export.view_extent(view)))
        st.session_state[keys.MAP_STATE] = mapstate.MapState(
            view=mapstate.View((39.0, 47.0), 6), bounds=(41.0, 37.0, 53.0, 43.0))
        st.write(repr(ui_export.view_extent(view)))  # stale bounds: estimated instead

    at = AppTest.from_function(script).run()
    assert not at.exception
    reported, estimated = (m.value for m in at.markdown)
    assert reported == "(41.0, 37.0, 53.0, 43.0)"
    assert estimated != reported and estimated.startswith("(")
