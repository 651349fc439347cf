"""The data protocol between the Python map builders and the browser runtime.

An :class:`AtlasLayer` carries compact data (paths, points, bins, labels) that
``atlas_map.js`` draws; every drawn object carries an ``atlasId`` (``kind:id``,
:class:`ClickTargets`) that the runtime reports on click.  Coordinates: shapely/GeoJSON
store ``(lon, lat)``; Leaflet wants ``[lat, lon]``, and :func:`latlon` is the one place
where the order is swapped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from branca.element import MacroElement, Template


@dataclass
class ClickTargets:
    """The objects the map can report as clicked, by their ``atlasId`` (``kind:id``).

    The browser reports the ``atlasId`` of the clicked object (see ``atlas_map.js``);
    only ids registered here turn into a selection.
    """

    ids: dict[str, tuple[str, str]] = field(default_factory=dict)

    def add(self, kind: str, ident: str) -> str:
        """Register ``(kind, ident)``; return its ``atlasId``."""
        atlas_id = f"{kind}:{ident}"
        self.ids[atlas_id] = (kind, ident)
        return atlas_id

    def update(self, other: ClickTargets) -> None:
        """Add every target of ``other``."""
        self.ids.update(other.ids)

    def resolve(self, atlas_id: str | None) -> tuple[str, str] | None:
        """Return ``(kind, id)`` for an ``atlasId`` reported by the browser, or ``None``."""
        return self.ids.get(atlas_id) if atlas_id else None


def parse_atlas_id(atlas_id: str | None) -> tuple[str, str] | None:
    """Split an ``atlasId`` (``kind:id``, see :meth:`ClickTargets.add`) into ``(kind, id)``."""
    kind, sep, ident = (atlas_id or "").partition(":")
    return (kind, ident) if sep and kind and ident else None


def latlon(coords: Iterable[Sequence[float]]) -> list[list[float]]:
    """Convert GeoJSON/shapely ``(lon, lat)`` pairs to folium ``[lat, lon]`` pairs.

    Parameters
    ----------
    coords
        Iterable of ``(lon, lat[, z])`` positions.

    Returns
    -------
    list[list[float]]
        ``[lat, lon]`` positions rounded to 5 decimals (about 1 m).
    """
    return [[round(c[1], 5), round(c[0], 5)] for c in coords]


def label_row(lat: float, lon: float, text: str, kind: str, rank: float, min_zoom: int,
              radius: float = -1) -> list[object]:
    """One label for the browser: ``[lat, lon, text, kind, rank, min_zoom, radius]``.

    ``radius`` is the pixel radius of the marker the label belongs to (the label goes
    beside it); ``-1`` centres the label on the point (countries, seas, regions).
    """
    return [round(float(lat), 3), round(float(lon), 3), str(text), kind, round(rank, 2),
            int(min_zoom), round(float(radius), 1)]


class AtlasLayer(MacroElement):
    """One overlay layer drawn by the atlas runtime from compact data.

    The app's map component sends its :attr:`data` to the runtime (``atlas.setOverlay``);
    in a standalone map (exports) it adds itself (``atlas.layer``).
    Every path carries an ``atlasId`` (``kind:id``) that the runtime reports on click.
    """

    def __init__(self, name: str, data: Mapping[str, object]) -> None:
        super().__init__()
        self._name = "FeatureGroup"
        self.layer_name = name
        self.data = data
        self._template = Template(
            "{% macro script(this, kwargs) %}"
            "var {{ this.get_name() }} = atlas.layer({{ this._parent.get_name() }}, "
            "{{ this.data_json }});"
            "{% endmacro %}")

    @property
    def data_json(self) -> str:
        """The layer's data as a JavaScript literal (safe inside a ``<script>``)."""
        return js_json(self.data)


def js_json(value: object) -> str:
    """JSON for a ``<script>``: ``</`` and HTML comment openers cannot end the script."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace(
        "</", "<\\/").replace("<!--", "<\\!--")
