"""Render the atlas map with ``st_folium`` without ever remounting it needlessly.

``st_folium(feature_group_to_add=...)`` attaches the overlay groups (and the layer
control) to the map object as children.  Our base map is cached and shared, so
left alone the overlays of one run would leak into the base map's script on the
next run, change it, and remount the component (flicker, lost view).  We snapshot
the base map's children and restore them after the call, under a lock because the
cached map is shared by every session of the server process.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import folium
from streamlit_folium import st_folium

_LOCK = threading.Lock()
RETURNED = ["last_object_clicked_tooltip", "center", "zoom"]


@dataclass(frozen=True)
class MapEvent:
    """What the map reported: last clicked tooltip text and the current view."""

    tooltip: str | None
    center: tuple[float, float] | None
    zoom: int | None


def show_map(
    base: folium.Map,
    overlays: Sequence[folium.FeatureGroup],
    key: str,
    center: tuple[float, float] | None,
    zoom: int | None,
    height: int = 640,
) -> MapEvent:
    """Draw ``base`` with ``overlays`` and return what the user did on it.

    Parameters
    ----------
    base
        The cached base map (left unchanged).
    overlays
        Corridor and place layers; swapped in without remounting.
    key
        Widget key of the map component.
    center, zoom
        View to move to (``None`` keeps the map's own view).
    height
        Height in pixels.

    Returns
    -------
    MapEvent
        The returned objects, limited to click tooltip, centre and zoom.
    """
    control = folium.LayerControl(collapsed=False, position="topright")
    with _LOCK:
        before = dict(base._children)
        try:
            ret = st_folium(
                base,
                key=key,
                height=height,
                use_container_width=True,
                returned_objects=RETURNED,
                feature_group_to_add=list(overlays),
                layer_control=control,
                center=center,
                zoom=zoom,
            )
        finally:
            base._children.clear()
            base._children.update(before)
    return _event(ret or {})


def _event(ret: dict) -> MapEvent:
    raw_center = ret.get("center") or None
    center = None
    if isinstance(raw_center, dict) and "lat" in raw_center and "lng" in raw_center:
        center = (float(raw_center["lat"]), float(raw_center["lng"]))
    zoom = ret.get("zoom")
    return MapEvent(
        tooltip=ret.get("last_object_clicked_tooltip"),
        center=center,
        zoom=int(zoom) if isinstance(zoom, int | float) else None,
    )
