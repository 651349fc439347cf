"""The atlas map component: the project's own, on Streamlit's public components API.

``components/atlas_map/index.html`` speaks Streamlit's component protocol by
``postMessage`` (no build step, no npm).  The contract (docs/map-component.md):

* **in** -- :func:`component_args`: the base map (rendered once per process by
  :func:`prepare_base` with folium's public API and loaded once per mount by the browser),
  the overlay layers (compact data the runtime ``atlas_map.js`` draws; redrawn only when
  their key changes) and a one-shot :class:`~dashboard.ui.mapstate.Command` (applied once
  per nonce).  No centre or zoom is ever passed: a view the map reported never comes back
  to move it;
* **out** -- the latest event of each type, :data:`EVENT_SCHEMA`:
  ``{"click": {"type": "click", "id", "lat", "lng", "at"} | null,
  "view": {"type": "view", "center", "zoom", "bounds"} | null}``, read by
  :func:`take_events` as a :class:`ClickEvent` (delivered once) and a :class:`ViewEvent`.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import folium
import streamlit as st
from streamlit.components.v1 import declare_component

from dashboard.core.map.layer import AtlasLayer, parse_atlas_id
from dashboard.ui import session
from dashboard.ui.mapstate import Bounds, Command, LatLon

_COMPONENT = declare_component("atlas_map", path=str(Path(__file__).parent / "components"
                                                     / "atlas_map"))
#: The component's full name: the ``title`` of its iframe in the page.
COMPONENT_NAME: str = _COMPONENT.name

#: JSON Schema of the component's value (what the browser sends; tests validate against it).
EVENT_SCHEMA: dict = {
    "type": "object",
    "required": ["click", "view"],
    "additionalProperties": False,
    "properties": {
        "click": {"oneOf": [{"type": "null"}, {
            "type": "object", "additionalProperties": False,
            "required": ["type", "id", "lat", "lng", "at"],
            "properties": {"type": {"const": "click"},
                           "id": {"type": "string", "minLength": 1},
                           "lat": {"type": ["number", "null"]},
                           "lng": {"type": ["number", "null"]},
                           "at": {"type": "number"}}}]},
        "view": {"oneOf": [{"type": "null"}, {
            "type": "object", "additionalProperties": False,
            "required": ["type", "center", "zoom", "bounds"],
            "properties": {"type": {"const": "view"},
                           "center": {"type": "array", "items": {"type": "number"},
                                      "minItems": 2, "maxItems": 2},
                           "zoom": {"type": "integer"},
                           "bounds": {"type": "array", "items": {"type": "number"},
                                      "minItems": 4, "maxItems": 4}}}]},
    },
}


@dataclass(frozen=True)
class BaseMap:
    """The folium base map rendered once: the parts of its page and its map's JS name."""

    id: str
    header: str
    body: str
    script: str
    map_name: str


@dataclass(frozen=True)
class Layer:
    """One overlay layer's data (drawn by ``atlas.layer``) and a digest of it."""

    data: Mapping[str, object]
    digest: str


@dataclass(frozen=True)
class Overlay:
    """What the map draws over its base (bottom to top) and the command it carries."""

    layers: tuple[Layer, ...]
    command: Command | None = None

    @property
    def key(self) -> str:
        """Identity of the layers: the browser redraws them only when it changes."""
        return hashlib.sha1("|".join(lay.digest for lay in self.layers).encode()).hexdigest()


@dataclass(frozen=True)
class ClickEvent:
    """A click on an atlas object: its ``atlasId``, where, and when (browser ms)."""

    id: str
    at: float
    lat: float | None = None
    lng: float | None = None

    @property
    def target(self) -> tuple[str, str] | None:
        """``(kind, id)`` of the clicked object (``None`` for a malformed id)."""
        return parse_atlas_id(self.id)


@dataclass(frozen=True)
class ViewEvent:
    """The view the map shows: centre ``(lat, lon)``, zoom, ``(west, south, east, north)``."""

    center: LatLon
    zoom: int
    bounds: Bounds | None


def prepare_base(fmap: folium.Map) -> BaseMap:
    """Render ``fmap`` once (folium's public ``Figure.render``) into the component's base.

    The map object is consumed: render a map built for this purpose only.
    """
    root = fmap.get_root()
    root.render()  # fills the figure's header, html and script
    header, body, script = root.header.render(), root.html.render(), root.script.render()
    digest = hashlib.sha1("\n".join((header, body, script)).encode()).hexdigest()[:16]
    return BaseMap(id=digest, header=header, body=body, script=script, map_name=fmap.get_name())


def layer(element: AtlasLayer) -> Layer:
    """Return the component's form of one overlay layer (its data and their digest)."""
    text = json.dumps(element.data, sort_keys=True, separators=(",", ":"))
    return Layer(data=element.data, digest=hashlib.sha1(text.encode()).hexdigest())


def command_json(command: Command | None) -> dict | None:
    """Return the command as the runtime reads it (``None`` for none)."""
    if command is None:
        return None
    body: dict[str, object] = {"nonce": command.nonce, "max_zoom": command.max_zoom,
                               "padding": command.padding}
    if command.view is not None:
        body["view"] = {"center": list(command.view.center), "zoom": command.view.zoom}
    if command.box is not None:
        body["box"] = list(command.box)
    return body


def component_args(base: BaseMap, overlay: Overlay, height: int) -> dict:
    """Return the component's arguments: base, layers and their key, command, height."""
    return {
        "base": {"id": base.id, "header": base.header, "body": base.body,
                 "script": base.script, "map": base.map_name},
        "layers": [lay.data for lay in overlay.layers],
        "overlay_key": overlay.key,
        "command": command_json(overlay.command),
        "height": height,
    }


def show_map(base: BaseMap, overlay: Overlay, key: str, height: int = 640) -> None:
    """Draw the map (what it reports is read on the next run by :func:`take_events`)."""
    _COMPONENT(**component_args(base, overlay, height), key=key, default=None)


def parse_value(value: object) -> tuple[ClickEvent | None, ViewEvent | None]:
    """Return the typed events in the component's value (off-schema parts: no event)."""
    if not isinstance(value, Mapping):
        return None, None
    return _click(value.get("click")), _view(value.get("view"))


def _number(raw: object) -> float | None:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return None
    return float(raw) if math.isfinite(raw) else None


def _click(raw: object) -> ClickEvent | None:
    if not isinstance(raw, Mapping) or raw.get("type") != "click":
        return None
    ident, at = raw.get("id"), _number(raw.get("at"))
    if not isinstance(ident, str) or not ident or at is None:
        return None
    return ClickEvent(id=ident, at=at, lat=_number(raw.get("lat")), lng=_number(raw.get("lng")))


def _view(raw: object) -> ViewEvent | None:
    if not isinstance(raw, Mapping) or raw.get("type") != "view":
        return None
    center, zoom, bounds = raw.get("center"), _number(raw.get("zoom")), raw.get("bounds")
    if not isinstance(center, Sequence) or len(center) != 2 or zoom is None:
        return None
    lat, lon = _number(center[0]), _number(center[1])
    if lat is None or lon is None or zoom != int(zoom):
        return None
    return ViewEvent(center=(lat, lon), zoom=int(zoom), bounds=_bounds(bounds))


def _bounds(raw: object) -> Bounds | None:
    if not isinstance(raw, Sequence) or isinstance(raw, str) or len(raw) != 4:
        return None
    box = tuple(_number(v) for v in raw)
    if any(v is None for v in box):
        return None
    west, south, east, north = box  # type: ignore[misc]
    return (west, south, east, north) if west < east and south < north else None


def take_events(key: str) -> tuple[bool, ClickEvent | None, ViewEvent | None]:
    """Read what the map reported: ``(mounted, new click or None, view or None)``.

    ``mounted``: the component was drawn on the previous run (its value is kept).  A
    click is delivered once: the value keeps the latest click until the next one.
    """
    mounted = key in st.session_state
    click, view = parse_value(st.session_state.get(key) if mounted else None)
    if click is not None:
        if st.session_state.get(session.MAP_CLICK_SEEN) == click.at:
            click = None
        else:
            st.session_state[session.MAP_CLICK_SEEN] = click.at
    return mounted, click, view
