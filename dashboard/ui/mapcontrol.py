"""Streamlit glue between the map component and :mod:`dashboard.ui.mapstate`.

Order of a map-page run:

1. :func:`take_report` (before any widget): read the component's typed events of the
   run that triggered this one (:func:`dashboard.ui.mapview.take_events`), adopt the
   view, turn a new click into a selection (written into the widget twins before they
   are created, so one run suffices);
2. widgets (the selection may change there too);
3. :func:`decide_command`: a fresh mount restores the view; a new selection frames it;
4. the page draws the overlay (with the command) through :func:`dashboard.ui.mapview.show_map`.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard.core.map import build as mapbuild
from dashboard.core.map.build import HOME_BOX, HOME_PADDING, MapView
from dashboard.ui import mapstate, mapview, permalink
from dashboard.ui import session as keys

BASE_VIEW = mapstate.View(MapView().center, MapView().zoom)


def _state() -> mapstate.MapState:
    return st.session_state.get(keys.MAP_STATE) or mapstate.start(None)


def take_report(valid: dict[str, set[str]], url_view: mapstate.View | None) -> bool:
    """Adopt the last reported view and click; return whether the map is mounted.

    ``valid`` lists the selectable ids per kind (``corridor``, ``place``); a click on
    anything else is ignored.  ``url_view`` is the permalink's view (first run only).
    """
    if keys.MAP_STATE not in st.session_state:
        st.session_state[keys.MAP_STATE] = mapstate.start(url_view)
    mounted, click, view = mapview.take_events(keys.MAP_KEY)
    if view is not None:
        st.session_state[keys.MAP_STATE] = mapstate.report(
            _state(), mapstate.Report(view.center, view.zoom, view.bounds), BASE_VIEW)
    hit = click.target if click is not None else None
    if hit and hit[1] in valid.get(hit[0], set()):
        permalink.select(*hit)
    return mounted


def decide_command(mounted: bool, selection: tuple[str, str] | None,
                   frame: mapstate.Box | None, max_zoom: int) -> mapstate.Command | None:
    """Issue the command this run needs and return the one the overlay carries.

    A selection that changed (by any route) is framed; otherwise a fresh mount
    restores the last view (or frames the selection of a permalink without a view).
    """
    state = _state()
    first = keys.LAST_SELECTION not in st.session_state
    changed = not first and selection != st.session_state.get(keys.LAST_SELECTION)
    st.session_state[keys.LAST_SELECTION] = selection
    if changed and selection is not None and frame is not None:
        state = mapstate.issue(state, box=frame, max_zoom=max_zoom)
    elif not mounted:
        state = (mapstate.mount(state, frame) if frame is not None
                 else mapstate.mount(state, HOME_BOX, padding=HOME_PADDING))
    st.session_state[keys.MAP_STATE] = state
    return state.command


def current_view() -> mapstate.View | None:
    """Return the view the map shows (for the permalink and exports)."""
    return _state().view


def reported_bounds() -> tuple[tuple[float, float], int, mapstate.Bounds] | None:
    """``(center, zoom, (west, south, east, north))`` of the last reported view, if any."""
    state = _state()
    if state.view is None or state.bounds is None:
        return None
    return state.view.center, state.view.zoom, state.bounds


def place_window() -> mapbuild.PlaceWindow:
    """Return the window of the place layer: the last reported zoom and bounds.

    Before the map has reported: the whole extent at the base zoom.
    """
    state = _state()
    if state.view is None:
        return mapbuild.place_window(None, None, BASE_VIEW.zoom)
    return mapbuild.place_window(state.view.zoom, state.bounds, BASE_VIEW.zoom)


def selection_frame(selection: tuple[str, str] | None, segments: gpd.GeoDataFrame,
                    nodes: gpd.GeoDataFrame, places: pd.DataFrame
                    ) -> tuple[mapstate.Box | None, int]:
    """Box to fit for a selection and the zoom it may not exceed."""
    if selection is None:
        return None, 9
    kind, ident = selection
    if kind == "corridor":
        parts = [g for g in segments[segments["corridor"] == ident].geometry]
        parts += [g for g in nodes[nodes["corridor"] == ident].geometry]
        if not parts:
            return None, 9
        west, south, east, north = gpd.GeoSeries(parts).total_bounds
        return (float(south), float(west), float(north), float(east)), 9
    row = places[places["place_id"] == ident]
    if row.empty or pd.isna(row.iloc[0]["lat"]):
        return None, 9
    lat, lon = float(row.iloc[0]["lat"]), float(row.iloc[0]["lon"])
    wide = str(row.iloc[0]["kind"]) in ("country", "macro_region", "sea", "region")
    pad = 2.5 if wide else 0.45
    return mapstate.box_of_points([(lat, lon)], pad), 6 if wide else 8
