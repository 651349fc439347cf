"""Static briefing figure: geopandas + matplotlib, no browser, works offline.

The figure is drawn in Web Mercator (EPSG:3857), the projection of the interactive
map, with the same colours (corridor index), the same dash semantics
(:func:`dashboard.core.mapbuild.segment_style`) and the same Natural Earth basemap,
so a slide and the app agree.

Layout (figure coordinates, sizes scale with the preset's width)::

    Title                                                       date
    subtitle
    +-----------------------------------------------+  Corridors
    |                                               |  Status
    |   map: corridors, places, nodes, names,       |  Line geometry
    |   numbered excerpt pins (nothing else on it)  |  Symbols
    |                                               |
    +-----------------------------------------------+  scale bar   N
    1  "excerpt ..." -- citation
    2  ...
    Made with Natural Earth. (c) OpenStreetMap contributors ... sources ...

The map is named like an atlas: corridor nodes (by role), places in the sources (by
mention count), then the basemap's countries, seas, regions and towns shown at the
figure's equivalent zoom (by rank).  Each name is measured with the renderer and placed
greedily where it covers no other name, symbol, pin or corridor line (else left out).

Only pyplot-free matplotlib objects are used (``Figure`` + Agg canvas), so the
module is safe in Streamlit's threads.  Text from sources is drawn with
``parse_math=False`` so a ``$`` in an article never turns into mathtext.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import matplotlib as mpl
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon as MplPolygon
from matplotlib.patches import Rectangle
from pyproj import Geod, Transformer
from shapely import STRtree, box

from dashboard.core.export_model import (
    NODE_ROLE_PRIORITY,
    PRESETS,
    ExportLayers,
    ExportRequest,
    Extent,
    FigurePreset,
    attribution,
    corridor_subset,
    excerpt_anchor,
    places_in_extent,
    resolve_extent,
)
from dashboard.core.mapbuild import (
    APPROXIMATE_DASH,
    BORDER_COLOR,
    DEFAULT_PLACE_COLOR,
    LAND_COLOR,
    PLACE_KIND_COLORS,
    RIVER_COLOR,
    SEA_COLOR,
    STATUS_DASH,
    STATUS_LABELS,
    country_label_points,
    segment_style,
)
from dashboard.core.names import label_text

MERCATOR = "EPSG:3857"
_TO_MERC = Transformer.from_crs("EPSG:4326", MERCATOR, always_xy=True)
_FROM_MERC = Transformer.from_crs(MERCATOR, "EPSG:4326", always_xy=True)
_GEOD = Geod(ellps="WGS84")
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


# --------------------------------------------------------------------------- labels


@dataclass(frozen=True)
class Box:
    """Axis-aligned box in display (pixel) coordinates."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        """Return whether the two boxes share interior area."""
        return (self.x0 < other.x1 and other.x0 < self.x1
                and self.y0 < other.y1 and other.y0 < self.y1)

    def inside(self, frame: Box) -> bool:
        """Return whether the box lies entirely within ``frame``."""
        return (self.x0 >= frame.x0 and self.y0 >= frame.y0
                and self.x1 <= frame.x1 and self.y1 <= frame.y1)


Offset = tuple[float, float, str, str]


@dataclass(frozen=True)
class LabelItem:
    """A label to place: anchor point and text size, in display pixels.

    Attributes
    ----------
    x, y, width, height
        Anchor and text size.
    gap
        Anchor-to-label distance for this label (the placement's default when ``None``).
    candidates
        Offsets to try for this label (the placement's default when ``None``).
    marker
        The label's own symbol (a town dot) drawn only with the label: it must be free
        too, and blocks later labels.
    """

    x: float
    y: float
    width: float
    height: float
    gap: float | None = None
    candidates: tuple[Offset, ...] | None = None
    marker: Box | None = None


#: candidate offsets (multiples of the gap) and alignment, tried in this order:
#: right, upper right, lower right, left, upper left, lower left, above, below.
CANDIDATES: tuple[Offset, ...] = (
    (1, 0, "left", "center"), (1, 1, "left", "bottom"), (1, -1, "left", "top"),
    (-1, 0, "right", "center"), (-1, 1, "right", "bottom"), (-1, -1, "right", "top"),
    (0, 1, "center", "bottom"), (0, -1, "center", "top"),
)
#: the same eight positions, then a second ring further out (for the ranked labels).
CANDIDATES_WIDE: tuple[Offset, ...] = CANDIDATES + tuple(
    (dx * 2.2, dy * 2.2, ha, va) for dx, dy, ha, va in CANDIDATES)
#: area names (countries, seas, regions): centred on the point, then shifted.
CENTERED: tuple[Offset, ...] = (
    (0, 0, "center", "center"), (0, 2, "center", "center"), (0, -2, "center", "center"),
    (3, 0, "center", "center"), (-3, 0, "center", "center"), (3, 2, "center", "center"),
    (-3, -2, "center", "center"), (0, 4, "center", "center"), (0, -4, "center", "center"),
)


def candidate_box(item: LabelItem, offset: Offset, gap: float) -> Box:
    """Return the box of ``item`` placed at one candidate offset.

    Parameters
    ----------
    item
        Anchor and size.
    offset
        ``(dx, dy, ha, va)``: offset in units of ``gap`` and the alignment of the
        text relative to the offset point.
    gap
        Distance in pixels between the anchor and the label.

    Returns
    -------
    Box
        The label's box.
    """
    dx, dy, ha, va = offset
    x, y = item.x + dx * gap, item.y + dy * gap
    x0 = {"left": x, "right": x - item.width}.get(ha, x - item.width / 2)
    y0 = {"bottom": y, "top": y - item.height}.get(va, y - item.height / 2)
    return Box(x0, y0, x0 + item.width, y0 + item.height)


class _BoxGrid:
    """Boxes bucketed on a coarse pixel grid: fast "does anything here overlap?"."""

    def __init__(self, boxes: Iterable[Box], cell: float = 64.0) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[Box]] = {}
        for b in boxes:
            self.add(b)

    def _keys(self, b: Box) -> Iterable[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(b.x0 / c), math.floor(b.x1 / c) + 1):
            for j in range(math.floor(b.y0 / c), math.floor(b.y1 / c) + 1):
                yield i, j

    def add(self, b: Box) -> None:
        for key in self._keys(b):
            self.cells.setdefault(key, []).append(b)

    def hits(self, b: Box) -> bool:
        return any(b.overlaps(o) for key in self._keys(b) for o in self.cells.get(key, ()))


def greedy_place(
    items: Sequence[LabelItem],
    frame: Box,
    obstacles: Iterable[Box] = (),
    gap: float = 6.0,
    candidates: Sequence[Offset] = CANDIDATES,
    lines: STRtree | None = None,
) -> list[Box | None]:
    """Place labels greedily, in the given (priority) order, without overlaps.

    Each label tries its candidate offsets in order and takes the first whose box
    lies inside ``frame`` and overlaps neither an obstacle, nor a drawn line, nor an
    already placed label (or its marker); a label with no such position is dropped.
    Deterministic: the same input always gives the same output.

    Parameters
    ----------
    items
        Labels in priority order.
    frame
        Area the labels must stay in (the map axes).
    obstacles
        Boxes labels must not cover (markers, call-outs...).
    gap
        Default anchor-to-label distance in pixels.
    candidates
        Default offsets to try (see :func:`candidate_box`).
    lines
        Shapes labels must not touch (the drawn corridor lines, buffered by half
        their width), in display pixels.

    Returns
    -------
    list[Box | None]
        One entry per item: its box, or ``None`` when it was skipped.
    """
    taken = _BoxGrid(obstacles)
    placed: list[Box | None] = []
    for item in items:
        chosen = None
        if item.marker is None or (item.marker.inside(frame) and not taken.hits(item.marker)):
            for offset in item.candidates or candidates:
                box = candidate_box(item, offset, gap if item.gap is None else item.gap)
                if (box.inside(frame) and not taken.hits(box)
                        and not (lines is not None and _touches(lines, box))):
                    chosen = box
                    break
        placed.append(chosen)
        if chosen is not None:
            taken.add(chosen)
            if item.marker is not None:
                taken.add(item.marker)
    return placed


def _touches(tree: STRtree, b: Box) -> bool:
    return len(tree.query(shapely.box(b.x0, b.y0, b.x1, b.y1), predicate="intersects")) > 0


# --------------------------------------------------------------------------- geometry helpers


def to_mercator_extent(extent: Extent) -> Extent:
    """Project a lon/lat extent to Web Mercator metres.

    Parameters
    ----------
    extent
        ``(minx, miny, maxx, maxy)`` in degrees.

    Returns
    -------
    Extent
        The same box in EPSG:3857.
    """
    x0, y0 = _TO_MERC.transform(extent[0], extent[1])
    x1, y1 = _TO_MERC.transform(extent[2], extent[3])
    return x0, y0, x1, y1


def fit_aspect(extent: Extent, aspect: float) -> Extent:
    """Grow a (projected) extent about its centre to a width/height ratio ``aspect``.

    Parameters
    ----------
    extent
        ``(minx, miny, maxx, maxy)``.
    aspect
        Wanted width / height.

    Returns
    -------
    Extent
        An extent containing the input with exactly that ratio.
    """
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

    Parameters
    ----------
    merc_y
        Mercator northing of the parallel.

    Returns
    -------
    float
        The scale factor (about ``cos(latitude)``).
    """
    step = 10_000.0
    lon0, lat = _FROM_MERC.transform(0.0, merc_y)
    lon1, _ = _FROM_MERC.transform(step, merc_y)
    _, _, dist = _GEOD.inv(lon0, lat, lon1, lat)
    return dist / step


def nice_length(target_km: float) -> float:
    """Return the largest 1, 2 or 5 x 10^n km not above ``target_km``.

    Parameters
    ----------
    target_km
        Upper bound (> 0).

    Returns
    -------
    float
        A round scale-bar length in km.
    """
    exponent = math.floor(math.log10(target_km))
    for mantissa in (5, 2, 1):
        value = mantissa * 10 ** exponent
        if value <= target_km:
            return float(value)
    return float(10 ** exponent)


def dash_pattern(dash: str | None, weight: float) -> tuple[float, ...] | None:
    """Convert a Leaflet ``dashArray`` (pixels) to a matplotlib pattern (line widths).

    matplotlib scales dash patterns by the line width, Leaflet does not; dividing by
    the Leaflet weight keeps the same on/off proportions at any line width.

    Parameters
    ----------
    dash
        Leaflet dash array such as ``"9 6"``, or ``None`` for solid.
    weight
        Leaflet line weight in pixels.

    Returns
    -------
    tuple[float, ...] | None
        On/off lengths in units of the line width, or ``None`` for solid.
    """
    if not dash:
        return None
    return tuple(float(v) / weight for v in dash.replace(",", " ").split())


def _linestyle(dash: str | None, weight: float) -> Any:
    pattern = dash_pattern(dash, weight)
    return "solid" if pattern is None else (0, pattern)


# --------------------------------------------------------------------------- figure


@dataclass
class FigureInfo:
    """What was drawn, for tests and reports.

    Attributes
    ----------
    extent
        Final map extent in EPSG:3857 (after fitting the axes' aspect).
    labels
        ``(text, box)`` of every placed label, in display pixels.
    skipped_labels
        Texts that found no free position.
    scale_km
        Length of the scale bar.
    scale_latitude
        Latitude at which the scale bar is true.
    callouts
        Excerpt numbers drawn on the map.
    anchors
        ``{number: (lon, lat)}`` where each drawn call-out is pinned.
    map_box
        The map axes, in display pixels.
    furniture
        Boxes of the legends, scale bar and north arrow, in display pixels.
    lines
        The drawn corridor lines in display pixels (buffered by half their width).
    credits
        The attribution line in the footer.
    """

    extent: Extent
    labels: list[tuple[str, Box]] = field(default_factory=list)
    skipped_labels: list[str] = field(default_factory=list)
    scale_km: float = 0.0
    scale_latitude: float = 0.0
    callouts: list[int] = field(default_factory=list)
    anchors: dict[int, tuple[float, float]] = field(default_factory=dict)
    map_box: Box | None = None
    furniture: list[Box] = field(default_factory=list)
    lines: list[Any] = field(default_factory=list)
    credits: str = ""


def build_figure(request: ExportRequest, layers: ExportLayers) -> tuple[Figure, FigureInfo]:
    """Draw the briefing figure.

    Parameters
    ----------
    request
        Title, corridors, extent, places, excerpts and preset.
    layers
        Layer data (all corridors; the request selects).

    Returns
    -------
    (Figure, FigureInfo)
        A pyplot-free figure at the preset's size and dpi, and what was drawn.

    Raises
    ------
    ValueError
        For an unknown preset or corridor, or an invalid extent.
    """
    preset = _preset(request.preset)
    with mpl.rc_context(RC):
        return _Drawing(request, layers, preset).draw()


def render_figure(request: ExportRequest, layers: ExportLayers, fmt: str) -> bytes:
    """Render the briefing figure to PNG, PDF or SVG.

    Parameters
    ----------
    request
        The export request.
    layers
        Layer data.
    fmt
        ``"png"`` (preset pixel size), ``"pdf"`` or ``"svg"`` (vector).

    Returns
    -------
    bytes
        The file content.
    """
    if fmt not in ("png", "pdf", "svg"):
        raise ValueError(f"the static figure is png, pdf or svg, not {fmt!r}")
    preset = _preset(request.preset)
    with mpl.rc_context(RC):
        fig, _info = _Drawing(request, layers, preset).draw()
        buffer = io.BytesIO()
        metadata: dict[str, Any] = {"Title": request.title}
        if fmt == "pdf":
            metadata.update(Creator="South Caucasus Corridors Atlas", CreationDate=None)
        elif fmt == "svg":
            metadata.update(Date=None)
        else:
            metadata["Software"] = "South Caucasus Corridors Atlas"
        fig.savefig(buffer, format=fmt, dpi=preset.dpi, metadata=metadata)
    return buffer.getvalue()


def _preset(name: str) -> FigurePreset:
    try:
        return PRESETS[name]
    except KeyError:
        raise ValueError(f"unknown preset {name!r}; choose from {sorted(PRESETS)}") from None


class _Drawing:
    """One figure being drawn (keeps the many sizes in one place)."""

    def __init__(self, request: ExportRequest, layers: ExportLayers,
                 preset: FigurePreset) -> None:
        self.request = request
        self.all_layers = layers
        self.layers = corridor_subset(request, layers)
        self.preset = preset
        self.s = preset.width_in / PRESETS["slide"].width_in  # size factor for points
        self.px = preset.dpi / 72  # display pixels per point
        self.fig = Figure(figsize=(preset.width_in, preset.height_in), dpi=preset.dpi,
                          facecolor="white")
        self.canvas = FigureCanvasAgg(self.fig)
        self.renderer = self.canvas.get_renderer()
        self.obstacles: list[Box] = []
        self.line_shapes: list[Any] = []
        self.point_anchors: list[tuple[float, float]] = []  # labelled symbols (pixels)
        self.node_points: list[tuple[str, float, float, int]] = []
        self.place_points: list[tuple[str, float, float, float]] = []
        self.places_drawn = False
        self.towns_drawn = False

    # sizes in points
    def pt(self, value: float) -> float:
        return value * self.s

    def draw(self) -> tuple[Figure, FigureInfo]:
        lonlat_extent = resolve_extent(self.request, self.all_layers)
        # layout first (footer height), then the extent, then which call-outs fit on it;
        # one spare footer line absorbs the "(not on the map)" notes.
        spare = 1 if self.request.excerpts else 0
        ax = self._axes(len(self._footer_lines(None)) + spare)
        width_in = ax.get_position().width * self.preset.width_in
        height_in = ax.get_position().height * self.preset.height_in
        extent = fit_aspect(to_mercator_extent(lonlat_extent), width_in / height_in)
        ax.set_xlim(extent[0], extent[2])
        ax.set_ylim(extent[1], extent[3])
        ax.set_aspect("equal", adjustable="box")
        ax.set_autoscale_on(False)
        self.ax = ax
        self.info = FigureInfo(extent=extent, map_box=_box(ax.get_window_extent(self.renderer)))
        self.anchors = self._anchors(extent)
        footer_lines = self._footer_lines(set(self.anchors))
        self._header()
        self._basemap(extent)
        self._corridors()
        self._places(extent)
        self._nodes()
        self._labels(extent)  # names of nodes and places, the call-out pins, other names
        self._side_panel(extent)
        self._footer(footer_lines, extent)
        return self.fig, self.info

    # ---------------------------------------------------------------- layout
    def _axes(self, footer_lines: int):
        h = self.preset.height_in
        header_in = (self.pt(30) * 1.35 + self.pt(17) * 1.5 + self.pt(14)) / 72
        line_in = self.pt(12) * 1.4 / 72
        footer_in = (footer_lines * line_in + self.pt(11) * 1.4 * 2 / 72 + self.pt(16) / 72)
        bottom = footer_in / h
        top = 1 - header_in / h
        # the map on the left, a side column for legends, scale and north arrow: nothing
        # is drawn over the map but its own names and call-outs.
        ax = self.fig.add_axes((0.025, bottom, 0.95 - SIDE_WIDTH, top - bottom))
        ax.set_facecolor(SEA_COLOR)
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_edgecolor("#777777")
            spine.set_linewidth(0.8)
        self.footer_top = bottom
        self.map_top = top
        self.side_x = 0.025 + 0.95 - SIDE_WIDTH + 0.012
        return ax

    def _header(self) -> None:
        fig, r = self.fig, self.request
        top = 1 - (self.pt(12) / 72) / self.preset.height_in
        fig.text(0.025, top, r.title, fontsize=self.pt(30), fontweight="bold", va="top",
                 ha="left", color="#111111", parse_math=False)
        if r.subtitle:
            below = top - (self.pt(30) * 1.35 / 72) / self.preset.height_in
            fig.text(0.025, below, r.subtitle, fontsize=self.pt(17), va="top", ha="left",
                     color="#444444", parse_math=False)
        fig.text(0.975, top, r.date, fontsize=self.pt(17), va="top", ha="right",
                 color="#444444", parse_math=False)

    def _chars_per_line(self, fontsize: float) -> int:
        width_pt = 0.95 * self.preset.width_in * 72
        return max(40, int(width_pt / (fontsize * 0.56)))

    def _anchors(self, extent: Extent) -> dict[int, tuple[float, float]]:
        """Return the Mercator anchor of each excerpt number that can be pinned in view."""
        x0, y0, x1, y1 = extent
        inset_x, inset_y = (x1 - x0) * 0.02, (y1 - y0) * 0.02
        inner = self._lonlat_extent((x0 + inset_x, y0 + inset_y, x1 - inset_x, y1 - inset_y))
        anchors = {}
        for number, excerpt in enumerate(self.request.excerpts, start=1):
            anchor = excerpt_anchor(excerpt, self.layers, self.request.places, inner)
            if anchor is None:
                continue
            x, y = _TO_MERC.transform(*anchor)
            if x0 <= x <= x1 and y0 <= y <= y1:
                anchors[number] = (x, y)
                self.info.anchors[number] = anchor
        return anchors

    def _footer_lines(self, on_map: set[int] | None) -> list[str]:
        lines: list[str] = []
        width = self._chars_per_line(self.pt(12))
        excerpts = self.request.excerpts
        max_lines = 9
        for number, excerpt in enumerate(excerpts, start=1):
            quote = " ".join(str(excerpt.get("text", "")).split())
            if len(quote) > 180:
                quote = quote[:180].rsplit(" ", 1)[0] + " \u2026"
            entry = f"{number}  \u201c{quote}\u201d \u2014 {excerpt.get('citation', '')}"
            if on_map is not None and number not in on_map:
                entry += " (not on the map)"
            wrapped = textwrap.wrap(entry, width=width, subsequent_indent="     ") or [entry]
            if len(lines) + len(wrapped) > max_lines:
                rest = len(excerpts) - number + 1
                lines.append(f"\u2026 {rest} more excerpt(s) in the CSV export")
                break
            lines.extend(wrapped[:3])
        return lines

    def _footer(self, lines: list[str], extent: Extent) -> None:
        h = self.preset.height_in
        y = self.footer_top - (self.pt(8) / 72) / h
        for line in lines:
            self.fig.text(0.025, y, line, fontsize=self.pt(12), va="top", ha="left",
                          color="#222222", parse_math=False)
            y -= (self.pt(12) * 1.4 / 72) / h
        credit = attribution(self.request, self.all_layers, drawn=self._drawn_segments(extent))
        self.info.credits = credit
        wrapped = textwrap.wrap(credit, width=self._chars_per_line(self.pt(10)))[:2]
        for i, line in enumerate(reversed(wrapped)):
            y = (self.pt(6) + i * self.pt(10) * 1.35) / 72 / h
            self.fig.text(0.025, y, line, fontsize=self.pt(10), va="bottom", ha="left",
                          color="#555555", parse_math=False)

    def _drawn_segments(self, extent: Extent) -> gpd.GeoDataFrame:
        """Return the selected segments that cross the map frame."""
        segments = self.layers.segments
        if segments.empty:
            return segments
        frame = box(*self._lonlat_extent(extent))
        return segments[segments.geometry.intersects(frame)]

    # ---------------------------------------------------------------- layers
    def _clip(self, frame: gpd.GeoDataFrame | None, extent: Extent) -> gpd.GeoDataFrame | None:
        """Clip a lon/lat layer to the (padded) view, project and simplify to ~1/2 pixel."""
        if frame is None or frame.empty:
            return None
        x0, y0, x1, y1 = extent
        pad_x, pad_y = (x1 - x0) * 0.05, (y1 - y0) * 0.05
        merc = frame.to_crs(MERCATOR) if frame.crs is not None else frame.set_crs(
            "EPSG:4326").to_crs(MERCATOR)
        clipped = merc.clip(box(x0 - pad_x, y0 - pad_y, x1 + pad_x, y1 + pad_y))
        clipped = clipped[~clipped.geometry.is_empty & clipped.geometry.notna()]
        if clipped.empty:
            return None
        pixel = (x1 - x0) / (self.preset.width_in * self.preset.dpi)
        return clipped.set_geometry(clipped.geometry.simplify(pixel / 2))

    def _basemap(self, extent: Extent) -> None:
        bm = self.layers.basemap
        lw = self.pt(0.9)
        countries = self._clip(bm.get("countries"), extent)
        if countries is not None:
            countries.plot(ax=self.ax, facecolor=LAND_COLOR, edgecolor=BORDER_COLOR,
                           linewidth=lw, zorder=1)
        for key in ("caspian", "lakes"):
            water = self._clip(bm.get(key), extent)
            if water is not None:
                water.plot(ax=self.ax, facecolor=SEA_COLOR, edgecolor="#8fb8d3",
                           linewidth=lw * 0.8, zorder=2)
        rivers = self._clip(bm.get("rivers"), extent)
        if rivers is not None:
            rivers.plot(ax=self.ax, color=RIVER_COLOR, linewidth=self.pt(1.3), zorder=3,
                        alpha=0.9)
        self.ax.set_xlabel("")
        self.ax.set_ylabel("")
        self.countries = countries

    def _line_width(self, weight: float) -> float:
        return weight * PX_TO_PT * max(self.s, 0.75)

    def _corridors(self) -> None:
        segments = self.layers.segments
        if segments.empty:
            return
        merc = segments.to_crs(MERCATOR)
        for corridor in self.layers.corridors:
            cid, color = corridor.id, corridor.colour
            rows = merc[merc["corridor"] == cid]
            for number, (_, row) in enumerate(rows.iterrows()):
                style = segment_style(color, str(row["status"]), str(row["mode"]),
                                      bool(row["approximate_geometry"]))
                weight = float(style["weight"])
                width = self._line_width(weight)
                for part, line in enumerate(getattr(row.geometry, "geoms", [row.geometry])):
                    xs, ys = line.xy
                    (artist,) = self.ax.plot(
                        xs, ys, color=color, linewidth=width,
                        alpha=float(style["opacity"]),
                        linestyle=_linestyle(style["dash_array"], weight),
                        solid_capstyle="round", dash_capstyle="butt", zorder=5,
                    )
                    artist.set_gid(f"atlas-corridor-{cid}-{number}-{part}")
                    pixels = self.ax.transData.transform(list(zip(xs, ys, strict=True)))
                    if len(pixels) >= 2:
                        self.line_shapes.append(shapely.LineString(pixels).buffer(
                            width * self.px / 2 + 1.5, cap_style="round"))

    def _places(self, extent: Extent) -> None:
        lonlat = self._lonlat_extent(extent)
        places = places_in_extent(self.request.places, lonlat)
        if places.empty:
            return
        xs, ys = _TO_MERC.transform(places["lon"].astype(float).to_numpy(),
                                    places["lat"].astype(float).to_numpy())
        counts = places.get("mention_count", pd.Series(1, index=places.index)).astype(float)
        top = max(float(counts.max()), 1.0)
        radius_pt = self.pt(3) + self.pt(13) * (counts / top) ** 0.5
        colors = [PLACE_KIND_COLORS.get(str(k), DEFAULT_PLACE_COLOR) for k in places["kind"]]
        self.ax.scatter(xs, ys, s=(radius_pt * 2) ** 2, c=colors, alpha=0.75,
                        edgecolors="white", linewidths=self.pt(0.8), zorder=6)
        self.places_drawn = True
        order = counts.to_numpy().argsort(kind="stable")[::-1]  # most mentioned first
        names = places["name"].astype(str).to_numpy()
        radii = radius_pt.to_numpy()
        for i in order:
            px, py = self.ax.transData.transform((xs[i], ys[i]))
            r = float(radii[i]) * self.px
            self.place_points.append((label_text(names[i]), float(px), float(py), r))
            self.obstacles.append(Box(px - r * 0.7, py - r * 0.7, px + r * 0.7, py + r * 0.7))

    @staticmethod
    def _lonlat_extent(extent: Extent) -> Extent:
        x0, y0 = _FROM_MERC.transform(extent[0], extent[1])
        x1, y1 = _FROM_MERC.transform(extent[2], extent[3])
        return x0, y0, x1, y1

    def _nodes(self) -> None:
        nodes = self.layers.nodes
        if nodes.empty:
            return
        merc = nodes.to_crs(MERCATOR)
        size = (self.pt(9.5)) ** 2
        roles = {role: i for i, role in enumerate(NODE_ROLE_PRIORITY)}
        for corridor in self.layers.corridors:
            rows = merc[merc["corridor"] == corridor.id]
            if rows.empty:
                continue
            color = corridor.colour
            exact = rows["coord_quality"].astype(str) == "verified"
            for mask, style in ((exact, "solid"), (~exact, (0, (1.5, 1.5)))):
                part = rows[mask]
                if part.empty:
                    continue
                self.ax.scatter(part.geometry.x, part.geometry.y, s=size, facecolors="white",
                                edgecolors=color, linewidths=self.pt(2.0), linestyles=style,
                                zorder=7)
            for _, row in rows.iterrows():
                rank = roles.get(str(row.get("role", "")), len(roles))
                self.node_points.append((label_text(str(row["name"])), row.geometry.x,
                                         row.geometry.y, rank))
        radius = self.pt(6) * self.px
        for _, x, y, _ in self.node_points:
            px, py = self.ax.transData.transform((x, y))
            self.obstacles.append(Box(px - radius, py - radius, px + radius, py + radius))

    def _callouts(self, frame: Box, lines: STRtree | None) -> None:
        """Draw each numbered excerpt as a pin: a dot on its anchor, the number beside it.

        The number stands off the anchor on a short stem, in the first of eight
        directions (then twice as far) where it covers no name, symbol or line, so the
        place it is about stays visible and named.
        """
        rise = self.pt(27) * self.px
        inverse = self.ax.transData.inverted()
        directions = [(0, 1), (1, 1), (-1, 1), (1, 0), (-1, 0), (0, -1), (1, -1), (-1, -1)]
        for number, (x, y) in sorted(self.anchors.items()):
            ax_, ay = (float(v) for v in self.ax.transData.transform((x, y)))
            text = self.ax.text(
                0, 0, str(number), ha="center", va="center", color="white",
                fontsize=self.pt(13), fontweight="bold", zorder=9, clip_on=True,
                bbox={"boxstyle": "circle,pad=0.3", "facecolor": CALLOUT_COLOR,
                      "edgecolor": "white", "linewidth": self.pt(1.5)},
            )
            text.set_gid(f"atlas-callout-{number}")
            # the circle (pad 0.3 em around the digit) and its white rim
            half = self.pt(13) * self.px * (0.5 + 0.3 + 0.1) + self.pt(1.5) * self.px
            grid = _BoxGrid(self.obstacles)
            options = [(ax_ + dx * rise * k / math.hypot(dx, dy),
                        ay + dy * rise * k / math.hypot(dx, dy))
                       for k in (1.0, 2.0) for dx, dy in directions]
            best = None
            for avoid_lines in (True, False):
                for px, py in options:
                    disc = Box(px - half, py - half, px + half, py + half)
                    if (disc.inside(frame) and not grid.hits(disc) and not (
                            avoid_lines and lines is not None and _touches(lines, disc))):
                        best = (px, py)
                        break
                if best is not None:
                    break
            px, py = best if best is not None else options[0]
            (sx, sy), (dx_, dy_) = inverse.transform((ax_, ay)), inverse.transform((px, py))
            text.set_position((dx_, dy_))
            self.ax.plot([sx, dx_], [sy, dy_], color=CALLOUT_COLOR, linewidth=self.pt(1.4),
                         zorder=9, solid_capstyle="round")
            self.ax.scatter([sx], [sy], s=(self.pt(2.4) * 2) ** 2, c=CALLOUT_COLOR,
                            edgecolors="white", linewidths=self.pt(0.6), zorder=9)
            self.obstacles.append(Box(px - half, py - half, px + half, py + half))
            self.obstacles.append(Box(min(ax_, px) - 2, min(ay, py) - 2, max(ax_, px) + 2,
                                      max(ay, py) + 2))
            self.info.callouts.append(number)

    # ---------------------------------------------------------------- side panel
    def _side_panel(self, extent: Extent) -> None:
        """Legends, then the scale bar and north arrow, in the column right of the map."""
        top_px = self.map_top * self.fig.bbox.height
        bottom_px = self.footer_top * self.fig.bbox.height
        width_px = (0.975 - self.side_x) * self.fig.bbox.width
        scale_h = self._scale_bar(extent, bottom_px, width_px)
        for title, handles in (("Corridors", self._corridor_handles()),
                               ("Status", self._status_handles()),
                               ("Line geometry", self._geometry_handles()),
                               ("Symbols", self._symbol_handles())):
            if not handles:
                continue
            legend = self._side_legend(title, handles, top_px, width_px)
            b = _box(legend.get_window_extent(self.renderer))
            if b.y0 < bottom_px + scale_h:  # no room left: leave this legend out
                legend.remove()
                continue
            self.info.furniture.append(b)
            top_px = b.y0 - self.pt(8) * self.px

    def _side_legend(self, title: str, handles: list[tuple[Any, str]], top_px: float,
                     width_px: float) -> Any:
        fontsize = self.pt(12)
        while True:
            legend = self.fig.legend(
                *zip(*handles, strict=True), loc="upper left", title=title,
                bbox_to_anchor=(self.side_x, top_px / self.fig.bbox.height),
                bbox_transform=self.fig.transFigure, fontsize=fontsize, frameon=False,
                borderpad=0.2, borderaxespad=0.0, handlelength=3.0, alignment="left",
                title_fontproperties={"size": fontsize * 1.05, "weight": "bold"})
            if _box(legend.get_window_extent(self.renderer)).x1 - self.side_x * \
                    self.fig.bbox.width <= width_px or fontsize < self.pt(8):
                return legend
            legend.remove()
            fontsize *= 0.9

    def _corridor_handles(self) -> list[tuple[Any, str]]:
        return [(Line2D([], [], color=c.colour, linewidth=self._line_width(4.0)), c.label)
                for c in self.layers.corridors]

    def _status_handles(self) -> list[tuple[Any, str]]:
        segments = self.layers.segments
        statuses = set(segments["status"].astype(str)) if not segments.empty else set()
        return [(Line2D([], [], color="#444444", linewidth=self._line_width(4.0),
                        linestyle=_linestyle(STATUS_DASH[status], 4.0)), label)
                for status, label in STATUS_LABELS.items() if status in statuses]

    def _geometry_handles(self) -> list[tuple[Any, str]]:
        segments = self.layers.segments
        if segments.empty:
            return []
        approx = segments["approximate_geometry"].astype(bool)
        handles = []
        if (~approx).any():
            sources = sorted({str(s.get("dataset")) for s in segments.get(
                "geometry_source", pd.Series(dtype=object))[~approx]
                if isinstance(s, dict) and s.get("kind") == "traced"})
            label = "traced" + (f" ({', '.join(_short_dataset(s) for s in sources)})"
                                if sources else "")
            handles.append((Line2D([], [], color="#444444", alpha=0.95,
                                   linewidth=self._line_width(4.0)), label))
        if approx.any():
            handles.append((Line2D([], [], color="#444444", alpha=0.75,
                                   linewidth=self._line_width(4.0),
                                   linestyle=_linestyle(APPROXIMATE_DASH, 4.0)),
                            "schematic (approximate)"))
        return handles

    def _symbol_handles(self) -> list[tuple[Any, str]]:
        handles: list[tuple[Any, str]] = []
        if not self.layers.nodes.empty:
            handles.append((Line2D([], [], marker="o", linestyle="none",
                                   markersize=self.pt(9), markerfacecolor="white",
                                   markeredgecolor="#444444", markeredgewidth=self.pt(2)),
                            "corridor node"))
        if self.places_drawn:
            handles.append((Line2D([], [], marker="o", linestyle="none",
                                   markersize=self.pt(11), markerfacecolor="#e31a1c",
                                   markeredgecolor="white", alpha=0.75),
                            "place in the sources\n(size: mentions)"))
        if self.info.callouts:
            handles.append((Line2D([], [], marker="o", linestyle="none",
                                   markersize=self.pt(13), markerfacecolor=CALLOUT_COLOR,
                                   markeredgecolor="white"), "numbered excerpt"))
        if self.towns_drawn:
            handles.append((Line2D([], [], marker="o", linestyle="none",
                                   markersize=self.pt(4.5), markerfacecolor=TOWN_COLOR,
                                   markeredgecolor="white"), "town (Natural Earth)"))
        return handles

    def _scale_bar(self, extent: Extent, bottom_px: float, width_px: float) -> float:
        """Draw the scale bar and north arrow at the foot of the side column.

        Returns the height they take, in pixels.
        """
        fig = self.fig
        x0, y0, x1, y1 = extent
        merc_y = (y0 + y1) / 2  # the scale bar is true at the map's central latitude
        scale = metres_per_unit(merc_y)
        width_km = (x1 - x0) * scale / 1000
        km = nice_length(width_km / 5)
        map_frac = self.ax.get_position().width
        length = km * 1000 / scale / (x1 - x0) * map_frac  # figure fraction
        _, lat = _FROM_MERC.transform(0.0, merc_y)
        fh = fig.bbox.height
        bar_y = (bottom_px + self.pt(26) * self.px) / fh
        height = self.pt(7) * self.px / fh
        left = self.side_x + self.pt(4) / 72 / self.preset.width_in
        for i in range(4):
            fig.add_artist(Rectangle(
                (left + i * length / 4, bar_y), length / 4, height, transform=fig.transFigure,
                facecolor="#222222" if i % 2 == 0 else "white", edgecolor="#222222",
                linewidth=self.pt(0.8), zorder=21, gid="atlas-scale-bar"))
        style = {"fontsize": self.pt(11.5), "ha": "center", "va": "bottom", "zorder": 21,
                 "color": "#222222"}
        above = bar_y + height + self.pt(3) * self.px / fh
        fig.text(left, above, "0", **style)
        fig.text(left + length / 2, above, _km(km / 2), **style)
        fig.text(left + length, above, f"{_km(km)} km", **style)
        note = fig.text(left, bar_y - self.pt(4) * self.px / fh,
                        f"scale true at {abs(lat):.0f}\u00b0{'N' if lat >= 0 else 'S'}",
                        **{**style, "ha": "left", "va": "top", "fontsize": self.pt(9.5)})
        self.info.scale_km = km
        self.info.scale_latitude = lat
        # north arrow at the column's right end
        cx = self.side_x + width_px / fig.bbox.width - self.pt(14) / 72 / self.preset.width_in
        top = bar_y + self.pt(44) * self.px / fh
        arrow_h = self.pt(34) * self.px / fh
        half_w = self.pt(9) / 72 / self.preset.width_in
        fig.add_artist(MplPolygon(
            [(cx, top), (cx - half_w, top - arrow_h), (cx, top - arrow_h * 0.72),
             (cx + half_w, top - arrow_h)], closed=True, transform=fig.transFigure,
            facecolor="#222222", edgecolor="white", linewidth=self.pt(1), zorder=21))
        fig.text(cx, top - arrow_h - self.pt(3) * self.px / fh, "N", ha="center", va="top",
                 fontsize=self.pt(13), fontweight="bold", zorder=21)
        note_box = _box(note.get_window_extent(self.renderer))
        furniture = Box(left * fig.bbox.width, note_box.y0,
                        (cx + half_w) * fig.bbox.width, top * fh)
        self.info.furniture.append(furniture)
        return furniture.y1 - bottom_px + self.pt(10) * self.px

    # ---------------------------------------------------------------- labels
    def _label_specs(self, extent: Extent) -> list[_LabelSpec]:
        """Every name that could go on the map, most important first.

        Corridor nodes (by role), places in the sources (by mention count), then the
        basemap's names (by rank, those shown at the figure's zoom): countries, seas,
        regions, capitals and towns.  A basemap name already given by a node or place
        at (about) the same spot is left out.
        """
        specs: list[_LabelSpec] = []
        node_r = self.pt(6) * self.px
        for name, x, y, _rank in sorted(self.node_points, key=lambda p: p[3]):
            px, py = self.ax.transData.transform((x, y))
            specs.append(_LabelSpec(name, float(px), float(py), "node", node_r + 3))
        for name, px, py, r in self.place_points:
            specs.append(_LabelSpec(name, px, py, "place", r + 3))
        taken_points = [(s.x, s.y) for s in specs]
        specs.extend(self._basemap_specs(extent, taken_points))
        unique: list[_LabelSpec] = []
        near = self.pt(16) * self.px
        for spec in specs:
            # one name per spot (a node and a place of the same name); an area's name
            # once (a place "Armenia" already names the country)
            if any(u.text.casefold() == spec.text.casefold() and (
                    spec.style in AREA_STYLES
                    or math.hypot(u.x - spec.x, u.y - spec.y) < near) for u in unique):
                continue
            unique.append(spec)
        return unique

    def _basemap_specs(self, extent: Extent,
                       taken: list[tuple[float, float]]) -> list[_LabelSpec]:
        specs: list[_LabelSpec] = []
        if self.countries is not None:
            lonlat = self.countries.to_crs("EPSG:4326")
            for name, point in country_label_points(lonlat, min_area_deg2=0.3):
                x, y = _TO_MERC.transform(point.x, point.y)
                px, py = self.ax.transData.transform((x, y))
                specs.append(_LabelSpec(label_text(name).upper(), float(px), float(py),
                                        "country", 0.0, rank=0.0))
        labels = self.layers.basemap.get("labels")
        if labels is None or labels.empty:
            return specs
        zoom = self._zoom(extent)
        x0, y0, x1, y1 = self._lonlat_extent(extent)
        # regions are named one zoom level later than the map does (they are many)
        allowed = zoom + 0.5 - (labels["kind"] == "region").astype(float)
        shown = labels[(labels["kind"] != "country")
                       & (labels["min_zoom"].astype(float) <= allowed)]
        shown = shown.cx[x0:x1, y0:y1].sort_values("rank", kind="stable").head(MAX_BASEMAP_LABELS)
        min_px = self.pt(12) * self.px
        xs, ys = _TO_MERC.transform(shown.geometry.x.to_numpy(), shown.geometry.y.to_numpy())
        for (_, row), x, y in zip(shown.iterrows(), xs, ys, strict=True):
            px, py = (float(v) for v in self.ax.transData.transform((x, y)))
            kind = str(row["kind"])
            style = {"sea": "water", "river": "water"}.get(kind, kind)
            if style not in LABEL_STYLES:
                continue
            if style in ("town", "capital") and any(
                    math.hypot(px - tx, py - ty) < min_px for tx, ty in taken):
                continue  # the same town is already labelled as a node or place
            specs.append(_LabelSpec(label_text(str(row["name"])), px, py, style,
                                    self.pt(4) * self.px, rank=float(row["rank"])))
        return specs

    def _zoom(self, extent: Extent) -> float:
        """Return the Leaflet zoom at which a screen map this wide shows ``extent``."""
        css_px = self.ax.get_position().width * self.preset.width_in * 96
        return math.log2(EARTH_CIRCUMFERENCE_M * css_px / (256 * (extent[2] - extent[0])))

    def _labels(self, extent: Extent) -> None:
        """Name the map: nodes and places first, then the call-out pins, then the rest.

        Every name is measured with the renderer and placed greedily (most important
        first) where it covers no other name, symbol, pin or corridor line; a name with
        no free position is left out (:attr:`FigureInfo.skipped_labels`).
        """
        frame = self.info.map_box
        assert frame is not None
        inset = 2.0
        frame = Box(frame.x0 + inset, frame.y0 + inset, frame.x1 - inset, frame.y1 - inset)
        specs = self._label_specs(extent)
        tree = STRtree(self.line_shapes) if self.line_shapes else None
        self.info.lines = list(self.line_shapes)
        self._place([s for s in specs if s.style in ("node", "place")], frame, tree)
        self._callouts(frame, tree)
        self._place([s for s in specs if s.style not in ("node", "place")], frame, tree)

    def _place(self, specs: list[_LabelSpec], frame: Box, tree: STRtree | None) -> None:
        ax = self.ax
        items, texts = [], []
        pad = self.pt(1.5) * self.px  # the white halo
        for spec in specs:
            style = LABEL_STYLES[spec.style]
            text = ax.text(0, 0, spec.text, ha="left", va="bottom", parse_math=False,
                           zorder=15, clip_on=False,
                           path_effects=[patheffects.withStroke(
                               linewidth=self.pt(3), foreground="white")],
                           **{**style, "fontsize": self.pt(float(style["fontsize"]))})
            size = text.get_window_extent(self.renderer)
            marker = None
            if spec.style in ("town", "capital"):
                r = self.pt(2.6) * self.px
                marker = Box(spec.x - r, spec.y - r, spec.x + r, spec.y + r)
            items.append(LabelItem(
                spec.x, spec.y, size.width + 2 * pad, size.height + 2 * pad,
                gap=spec.gap, marker=marker,
                candidates=CENTERED if spec.style in AREA_STYLES else (
                    CANDIDATES_WIDE if spec.style in ("node", "place") else CANDIDATES)))
            texts.append(text)
        boxes = greedy_place(items, frame, self.obstacles, lines=tree)
        dots: dict[str, tuple[list[float], list[float]]] = {}
        for spec, item, text, placed in zip(specs, items, texts, boxes, strict=True):
            if placed is None:
                text.remove()
                self.info.skipped_labels.append(spec.text)
                continue
            x, y = ax.transData.inverted().transform((placed.x0 + pad, placed.y0 + pad))
            text.set_position((x, y))
            text.set_gid(f"atlas-label-{spec.style}")
            self.info.labels.append((spec.text, placed))
            self.obstacles.append(placed)
            if item.marker is not None:
                self.obstacles.append(item.marker)
                dx, dy = ax.transData.inverted().transform((spec.x, spec.y))
                dots.setdefault(spec.style, ([], []))[0].append(dx)
                dots[spec.style][1].append(dy)
        for style, (xs, ys) in dots.items():
            ax.scatter(xs, ys, s=(self.pt(2.6 if style == "town" else 3.2) * 2) ** 2,
                       marker="o" if style == "town" else "s", c=TOWN_COLOR,
                       edgecolors="white", linewidths=self.pt(0.6), zorder=8)
            self.towns_drawn = True


def _short_dataset(name: str) -> str:
    return {"OpenStreetMap": "OSM", "Global Energy Monitor": "GEM"}.get(name, name)


@dataclass(frozen=True)
class _LabelSpec:
    """A name to place: text, anchor (display pixels), style and anchor gap."""

    text: str
    x: float
    y: float
    style: str
    gap: float
    rank: float = 0.0


def _box(bbox: Any) -> Box:
    return Box(float(bbox.x0), float(bbox.y0), float(bbox.x1), float(bbox.y1))


def _km(value: float) -> str:
    return f"{value:g}"


def label_boxes(fig: Figure, info: FigureInfo) -> list[Box]:
    """Return the rendered boxes of the placed labels (re-measured after layout).

    Parameters
    ----------
    fig
        A figure from :func:`build_figure`.
    info
        Its :class:`FigureInfo`.

    Returns
    -------
    list[Box]
        Window extents of every text whose string is a placed label.
    """
    renderer = fig.canvas.get_renderer()
    wanted = {name for name, _ in info.labels}
    boxes = []
    for ax in fig.axes:
        for text in ax.texts:
            if text.get_text() in wanted and text.get_zorder() == 15:
                boxes.append(_box(text.get_window_extent(renderer)))
    return boxes


