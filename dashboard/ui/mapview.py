"""Render the atlas map through the ``st_folium`` component, cheaply and without remounts.

``st_folium`` re-renders the whole folium map to JavaScript on every rerun (for our
basemap that is ~0.1 s and ~0.5 MB), and ``feature_group_to_add`` attaches the
overlay groups to the map object, which would leak into a cached base map and
change its script (and so remount the component) on the next run.

We therefore split what ``st_folium`` does in two:

* :func:`prepare_base` renders the base map **once** into the component's
  arguments (script, header, html, links) -- cached by ``dashboard.ui.cache.st_base_map``;
* :func:`group_script` turns one overlay group into the component's
  ``feature_group`` script against a throw-away parent map, so nothing shared is
  mutated; the page caches these scripts per layer and filter state.

There is no Leaflet layer control on the app's map: the sidebar toggles are the one
place where layers are switched, so the permalink always knows what is shown.

:func:`show_map` then calls the component with exactly the arguments ``st_folium``
would pass (``tests/unit/test_mapview.py`` checks this against ``st_folium`` itself,
so an upgrade of streamlit-folium that changes them fails the tests).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import branca
import folium
import streamlit_folium as sf

from dashboard.ui.mapstate import Command

#: What the component reports back: the clicked object (its ``atlasId`` travels in the
#: popup field, see ``atlas_map.js``), where it was clicked, and the view.
RETURNED = ["last_object_clicked", "last_object_clicked_popup", "bounds", "center", "zoom"]


@dataclass(frozen=True)
class PreparedMap:
    """The base map rendered to the ``st_folium`` component's arguments."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    zoom: int | None
    bounds: tuple[tuple[float | None, float | None], tuple[float | None, float | None]] = (
        (None, None), (None, None))


@dataclass(frozen=True)
class MapEvent:
    """What the map reported: last clicked object (its ``atlasId``, where) and the view."""

    clicked_id: str | None
    center: tuple[float, float] | None
    zoom: int | None
    clicked_at: tuple[float, float] | None = None
    bounds: tuple[float, float, float, float] | None = None  # (west, south, east, north)

    @property
    def click(self) -> tuple[str, tuple[float, float] | None] | None:
        """Identity of the last click (two clicks on one object differ by position)."""
        return (self.clicked_id, self.clicked_at) if self.clicked_id else None


def prepare_base(fmap: folium.Map) -> PreparedMap:
    """Render ``fmap`` once into component arguments (mirrors ``st_folium``'s steps).

    The map object is consumed: rendering renames its elements, so render a map
    built for this purpose only.
    """
    fmap.get_root().render()
    fmap.render()
    html = sf._get_html(fmap)
    header = sf._get_header(fmap)
    script = sf._get_map_string(fmap)
    css: list[str] = []
    js: list[str] = []
    for element in _walk(fmap):
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    return PreparedMap(
        script=script,
        header=header,
        html=html,
        map_id=sf.get_full_id(fmap),
        css_links=tuple(dict.fromkeys(css)),
        js_links=tuple(dict.fromkeys(js)),
        zoom=fmap.options.get("zoom"),
        bounds=tuple(tuple(corner) for corner in fmap.get_bounds()),
    )


def _walk(element: object):
    if isinstance(element, branca.colormap.ColorMap):
        raise ValueError("colormaps need d3 from a CDN; not supported offline")
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def group_script(group: folium.FeatureGroup, position: int) -> str:
    """Render one overlay group (consumed) as the component's script for slot ``position``.

    Slots are fixed per layer (corridor order, then places), so a layer's script does
    not depend on which other layers are shown and can be cached on its own.
    """
    return sf._get_feature_group_string(group, map=folium.Map(tiles=None), idx=position)


def overlay_script(groups: Sequence[folium.FeatureGroup]) -> str:
    """Render overlay ``groups`` (consumed) into slots ``0..n-1`` as one script."""
    return wrap_overlay([group_script(g, i) for i, g in enumerate(groups)], None)


def wrap_overlay(scripts: Sequence[str], command: Command | None) -> str:
    """Join layer scripts between the runtime's begin/end calls, ending with ``command``.

    The component evaluates this script whenever it changes (and only then); the
    command inside moves the map once per nonce (see :mod:`dashboard.ui.mapstate`).
    """
    return ("atlas.beginOverlay();" + "".join(scripts)
            + f"atlas.endOverlay({command_json(command)});")


def command_json(command: Command | None) -> str:
    """Encode the command as the runtime's JSON (``null`` for none)."""
    if command is None:
        return "null"
    body: dict[str, object] = {"nonce": command.nonce, "max_zoom": command.max_zoom}
    if command.view is not None:
        body["view"] = {"center": list(command.view.center), "zoom": command.view.zoom}
    if command.box is not None:
        body["box"] = list(command.box)
    return json.dumps(body)


def component_args(base: PreparedMap, overlay: str, key: str, height: int) -> dict:
    """Return the keyword arguments of the ``st_folium`` component call.

    ``center`` and ``zoom`` are always ``None``: the map moves only by the command in
    ``overlay`` (see :func:`wrap_overlay`).
    """
    (south, west), (north, east) = base.bounds
    defaults = {"last_object_clicked": None, "last_object_clicked_popup": None,
                "bounds": {"_southWest": {"lat": south, "lng": west},
                           "_northEast": {"lat": north, "lng": east}},
                "zoom": base.zoom}
    return {
        "script": base.script,
        "header": base.header,
        "html": base.html,
        "id": base.map_id,
        "key": component_key(base, key),
        "height": height,
        "width": None,
        "returned_objects": RETURNED,
        "default": defaults,
        "zoom": None,
        "center": None,
        "feature_group": overlay,
        "return_on_hover": False,
        "layer_control": None,
        "pixelated": False,
        "css_links": list(base.css_links),
        "js_links": list(base.js_links),
        "wrap_longitude": False,
    }


def component_key(base: PreparedMap, key: str) -> str:
    """Return the component's widget key (present in session state while the map is mounted)."""
    return sf.generate_js_hash(base.script, key, False)


def show_map(base: PreparedMap, overlay: str, key: str, height: int = 640) -> MapEvent:
    """Draw the prepared base with ``overlay`` and return what the map reported.

    No centre or zoom is ever passed: the map moves only by the command inside
    ``overlay`` (:func:`wrap_overlay`), so a reported view never comes back to move it.
    """
    ret = sf._component_func(**component_args(base, overlay, key, height),
                             on_change=None)
    return read_event(ret)


def read_event(ret: dict | None) -> MapEvent:
    """Parse the component's value (``None`` before the map first reported)."""
    ret = ret if isinstance(ret, dict) else {}
    raw_center = ret.get("center") or None
    center = None
    if isinstance(raw_center, dict) and "lat" in raw_center and "lng" in raw_center:
        center = (float(raw_center["lat"]), float(raw_center["lng"]))
    zoom = ret.get("zoom")
    clicked = ret.get("last_object_clicked")
    clicked_at = None
    if isinstance(clicked, dict) and "lat" in clicked and "lng" in clicked:
        clicked_at = (float(clicked["lat"]), float(clicked["lng"]))
    return MapEvent(
        clicked_id=ret.get("last_object_clicked_popup") or None,
        center=center,
        zoom=int(zoom) if isinstance(zoom, int | float) else None,
        clicked_at=clicked_at,
        bounds=_bounds(ret.get("bounds")),
    )


def _bounds(raw: object) -> tuple[float, float, float, float] | None:
    try:
        sw, ne = raw["_southWest"], raw["_northEast"]  # type: ignore[index]
        box = (float(sw["lng"]), float(sw["lat"]), float(ne["lng"]), float(ne["lat"]))
    except (KeyError, TypeError, ValueError):
        return None
    return box if box[0] < box[2] and box[1] < box[3] else None
