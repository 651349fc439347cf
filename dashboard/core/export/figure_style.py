"""Projection, scale and drawing style of the static briefing figure.

Web Mercator transforms, matplotlib rc settings, sizes and colours of the figure's text,
and the conversions between the map's units (dashes in Leaflet pixels, metres per
Mercator unit, a "nice" scale-bar length).
"""

from __future__ import annotations

import math
from typing import Any

from pyproj import Geod, Transformer

from dashboard.core.export.model import Extent

MERCATOR = "EPSG:3857"
TO_MERC = Transformer.from_crs("EPSG:4326", MERCATOR, always_xy=True)
FROM_MERC = Transformer.from_crs(MERCATOR, "EPSG:4326", always_xy=True)
GEOD = Geod(ellps="WGS84")
MAX_MERC_Y = 20037508.34 * 0.98

#: rc settings: text stays text in SVG/PDF (searchable, small), stable SVG ids.
RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "svg.hashsalt": "south-caucasus-corridors-atlas",
    "font.family": "DejaVu Sans",
    "lines.scale_dashes": True,
    "path.simplify": True,
    "text.usetex": False,  # source text is text, whatever a local matplotlibrc says
    "text.parse_math": False,
}
#: Leaflet pixel weight -> matplotlib points at the slide preset.
PX_TO_PT = 0.75
CALLOUT_COLOR = "#222222"
TOWN_COLOR = "#555555"
#: share of the figure width given to the legend column right of the map.
SIDE_WIDTH = 0.2
EARTH_CIRCUMFERENCE_M = 40075016.686
#: at most this many basemap names are tried (most important first).
MAX_BASEMAP_LABELS = 400
#: text styles of the map's names (font sizes in points at the slide preset).
LABEL_STYLES: dict[str, dict[str, Any]] = {
    "node": {"fontsize": 12.5, "color": "#111111", "fontweight": "bold"},
    "place": {"fontsize": 11.5, "color": "#7a1c12", "fontweight": "bold"},
    "capital": {"fontsize": 11.5, "color": "#333333", "fontweight": "bold"},
    "town": {"fontsize": 10.5, "color": "#444444"},
    "country": {"fontsize": 13.5, "color": "#7a766d"},
    "region": {"fontsize": 10.5, "color": "#8a8477", "fontstyle": "italic"},
    "water": {"fontsize": 11.5, "color": "#3f78a6", "fontstyle": "italic"},
}
AREA_STYLES = ("country", "region", "water")


def to_mercator_extent(extent: Extent) -> Extent:
    """Project a lon/lat extent to Web Mercator (EPSG:3857) metres."""
    x0, y0 = TO_MERC.transform(extent[0], extent[1])
    x1, y1 = TO_MERC.transform(extent[2], extent[3])
    return x0, y0, x1, y1


def fit_aspect(extent: Extent, aspect: float) -> Extent:
    """Grow a projected extent about its centre to exactly the width/height ratio ``aspect``."""
    x0, y0, x1, y1 = extent
    width, height = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    cy = min(max(cy, -MAX_MERC_Y + height / 2), MAX_MERC_Y - height / 2)
    return cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2


def metres_per_unit(merc_y: float) -> float:
    """Return ground metres per Web Mercator metre along the parallel at ``merc_y``.

    Computed with the WGS84 ellipsoid (:class:`pyproj.Geod`) over a 10 km step.
    """
    step = 10_000.0
    lon0, lat = FROM_MERC.transform(0.0, merc_y)
    lon1, _ = FROM_MERC.transform(step, merc_y)
    _, _, dist = GEOD.inv(lon0, lat, lon1, lat)
    return dist / step


def nice_length(target_km: float) -> float:
    """Return the largest 1, 2 or 5 x 10^n km not above ``target_km`` (> 0)."""
    exponent = math.floor(math.log10(target_km))
    for mantissa in (5, 2, 1):
        value = mantissa * 10 ** exponent
        if value <= target_km:
            return float(value)
    return float(10 ** exponent)


def dash_pattern(dash: str | None, weight: float) -> tuple[float, ...] | None:
    """Convert a Leaflet ``dashArray`` (pixels, ``None`` = solid) to on/off lengths in line widths.

    matplotlib scales dash patterns by the line width, Leaflet does not; dividing by
    the Leaflet ``weight`` keeps the same on/off proportions at any line width.
    """
    if not dash:
        return None
    return tuple(float(v) / weight for v in dash.replace(",", " ").split())


def linestyle(dash: str | None, weight: float) -> Any:
    """Return the matplotlib linestyle of a Leaflet dash array at ``weight``."""
    pattern = dash_pattern(dash, weight)
    return "solid" if pattern is None else (0, pattern)


def km_text(value: float) -> str:
    """Format a scale-bar length in km (no trailing zeros)."""
    return f"{value:g}"


class Sizes:
    """Sizes of a figure being drawn, shared by its parts.

    ``s`` scales points from the slide preset to this preset; ``px`` is display pixels
    per point.
    """

    s: float
    px: float

    def pt(self, value: float) -> float:
        """Return ``value`` points (at the slide preset) at this figure's size."""
        return value * self.s

    def _line_width(self, weight: float) -> float:
        return weight * PX_TO_PT * max(self.s, 0.75)

    @staticmethod
    def _lonlat_extent(extent: Extent) -> Extent:
        x0, y0 = FROM_MERC.transform(extent[0], extent[1])
        x1, y1 = FROM_MERC.transform(extent[2], extent[3])
        return x0, y0, x1, y1
