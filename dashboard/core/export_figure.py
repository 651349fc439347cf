"""Static briefing figure: geopandas + matplotlib, no browser, works offline.

The figure is drawn in Web Mercator (EPSG:3857), the projection of the interactive
map, with the same colours (corridor index), the same dash semantics
(:func:`dashboard.core.mapbuild.segment_style`) and the same Natural Earth basemap,
so a slide and the app agree.

Layout (figure coordinates, sizes scale with the preset's width)::

    Title                                                       date
    subtitle
    +------------------------------------------------------------+
    | corridor legend                                  north ^   |
    |                    map                                     |
    | scale bar                                   line styles    |
    +------------------------------------------------------------+
    1  "excerpt ..." -- citation
    2  ...
    Basemap: Natural Earth ... sources ...

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
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon as MplPolygon
from matplotlib.patches import Rectangle
from pyproj import Geod, Transformer
from shapely import box

from dashboard.core.export import (
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
}
#: Leaflet pixel weight -> matplotlib points at the slide preset.
PX_TO_PT = 0.75
CALLOUT_COLOR = "#222222"


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


@dataclass(frozen=True)
class LabelItem:
    """A label to place: anchor point and text size, in display pixels."""

    x: float
    y: float
    width: float
    height: float


#: candidate offsets (multiples of the gap) and alignment, tried in this order:
#: right, upper right, lower right, left, upper left, lower left, above, below.
CANDIDATES: tuple[tuple[float, float, str, str], ...] = (
    (1, 0, "left", "center"), (1, 1, "left", "bottom"), (1, -1, "left", "top"),
    (-1, 0, "right", "center"), (-1, 1, "right", "bottom"), (-1, -1, "right", "top"),
    (0, 1, "center", "bottom"), (0, -1, "center", "top"),
)
CENTERED: tuple[tuple[float, float, str, str], ...] = (
    (0, 0, "center", "center"), (0, 2, "center", "center"), (0, -2, "center", "center"),
)


def candidate_box(item: LabelItem, offset: tuple[float, float, str, str], gap: float) -> Box:
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


def greedy_place(
    items: Sequence[LabelItem],
    frame: Box,
    obstacles: Iterable[Box] = (),
    gap: float = 6.0,
    candidates: Sequence[tuple[float, float, str, str]] = CANDIDATES,
) -> list[Box | None]:
    """Place labels greedily, in the given (priority) order, without overlaps.

    Each label tries the candidate offsets in order and takes the first whose box
    lies inside ``frame`` and overlaps neither an obstacle nor an already placed
    label; a label with no such position is skipped.  Deterministic: the same
    input always gives the same output.

    Parameters
    ----------
    items
        Labels in priority order.
    frame
        Area the labels must stay in (the map axes).
    obstacles
        Boxes labels must not cover (markers, legends, scale bar...).
    gap
        Anchor-to-label distance in pixels.
    candidates
        Offsets to try (see :func:`candidate_box`).

    Returns
    -------
    list[Box | None]
        One entry per item: its box, or ``None`` when it was skipped.
    """
    taken: list[Box] = list(obstacles)
    placed: list[Box | None] = []
    for item in items:
        chosen = None
        for offset in candidates:
            candidate = candidate_box(item, offset, gap)
            if candidate.inside(frame) and not any(candidate.overlaps(b) for b in taken):
                chosen = candidate
                break
        placed.append(chosen)
        if chosen is not None:
            taken.append(chosen)
    return placed


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
    """

    extent: Extent
    labels: list[tuple[str, Box]] = field(default_factory=list)
    skipped_labels: list[str] = field(default_factory=list)
    scale_km: float = 0.0
    scale_latitude: float = 0.0
    callouts: list[int] = field(default_factory=list)


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
        self.fig = Figure(figsize=(preset.width_in, preset.height_in), dpi=preset.dpi,
                          facecolor="white")
        self.canvas = FigureCanvasAgg(self.fig)
        self.obstacles: list[Box] = []

    # sizes in points
    def pt(self, value: float) -> float:
        return value * self.s

    def draw(self) -> tuple[Figure, FigureInfo]:
        lonlat_extent = resolve_extent(self.request, self.all_layers)
        # layout first (footer height), then the extent, then which call-outs fit on it;
        # one spare footer line absorbs the "(off the map)" notes.
        spare = 1 if self.request.excerpts else 0
        ax = self._axes(len(self._footer_lines(None)) + spare)
        width_in = ax.get_position().width * self.preset.width_in
        height_in = ax.get_position().height * self.preset.height_in
        extent = fit_aspect(to_mercator_extent(lonlat_extent), width_in / height_in)
        self.anchors = self._anchors(extent)
        footer_lines = self._footer_lines(set(self.anchors))
        ax.set_xlim(extent[0], extent[2])
        ax.set_ylim(extent[1], extent[3])
        ax.set_aspect("equal", adjustable="box")
        self.info = FigureInfo(extent=extent)
        self.ax = ax
        self._header()
        self._basemap(extent)
        self._corridors()
        self._places(extent)
        self._nodes()
        self._callouts()
        self._legends()
        self._scale_bar(extent)
        self._north_arrow()
        self._labels(extent)
        self._footer(footer_lines)
        return self.fig, self.info

    # ---------------------------------------------------------------- layout
    def _axes(self, footer_lines: int):
        h = self.preset.height_in
        header_in = (self.pt(30) * 1.35 + self.pt(17) * 1.5 + self.pt(14)) / 72
        line_in = self.pt(12) * 1.4 / 72
        footer_in = (footer_lines * line_in + self.pt(11) * 1.4 * 2 / 72 + self.pt(16) / 72)
        bottom = footer_in / h
        top = 1 - header_in / h
        ax = self.fig.add_axes((0.025, bottom, 0.95, top - bottom))
        ax.set_facecolor(SEA_COLOR)
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_edgecolor("#777777")
            spine.set_linewidth(0.8)
        self.footer_top = bottom
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
        """Return the Mercator anchor of each excerpt number whose anchor is in view."""
        anchors = {}
        x0, y0, x1, y1 = extent
        for number, excerpt in enumerate(self.request.excerpts, start=1):
            anchor = excerpt_anchor(excerpt, self.all_layers, self.request.places)
            if anchor is None:
                continue
            x, y = _TO_MERC.transform(*anchor)
            if x0 <= x <= x1 and y0 <= y <= y1:
                anchors[number] = (x, y)
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

    def _footer(self, lines: list[str]) -> None:
        h = self.preset.height_in
        y = self.footer_top - (self.pt(8) / 72) / h
        for line in lines:
            self.fig.text(0.025, y, line, fontsize=self.pt(12), va="top", ha="left",
                          color="#222222", parse_math=False)
            y -= (self.pt(12) * 1.4 / 72) / h
        credit = attribution(self.request, self.all_layers)
        wrapped = textwrap.wrap(credit, width=self._chars_per_line(self.pt(10)))[:2]
        for i, line in enumerate(reversed(wrapped)):
            y = (self.pt(6) + i * self.pt(10) * 1.35) / 72 / h
            self.fig.text(0.025, y, line, fontsize=self.pt(10), va="bottom", ha="left",
                          color="#555555", parse_math=False)

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

    def _line_width(self, weight: float) -> float:
        return weight * PX_TO_PT * max(self.s, 0.75)

    def _corridors(self) -> None:
        segments = self.layers.segments
        if segments.empty:
            return
        merc = segments.to_crs(MERCATOR)
        for cid, facts in self.layers.index.items():
            color = str(facts.get("color", "#333333"))
            rows = merc[merc["corridor"] == cid]
            for number, (_, row) in enumerate(rows.iterrows()):
                style = segment_style(color, str(row["status"]), str(row["mode"]),
                                      bool(row["approximate_geometry"]))
                weight = float(style["weight"])
                for part, line in enumerate(getattr(row.geometry, "geoms", [row.geometry])):
                    xs, ys = line.xy
                    (artist,) = self.ax.plot(
                        xs, ys, color=color, linewidth=self._line_width(weight),
                        alpha=float(style["opacity"]),
                        linestyle=_linestyle(style["dash_array"], weight),
                        solid_capstyle="round", dash_capstyle="butt", zorder=5,
                    )
                    artist.set_gid(f"atlas-corridor-{cid}-{number}-{part}")

    def _places(self, extent: Extent) -> None:
        lonlat = self._lonlat_extent(extent)
        places = places_in_extent(self.request.places, lonlat)
        if places.empty:
            self.places_drawn = False
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

    @staticmethod
    def _lonlat_extent(extent: Extent) -> Extent:
        x0, y0 = _FROM_MERC.transform(extent[0], extent[1])
        x1, y1 = _FROM_MERC.transform(extent[2], extent[3])
        return x0, y0, x1, y1

    def _nodes(self) -> None:
        nodes = self.layers.nodes
        self.node_points: list[tuple[str, float, float, int]] = []
        if nodes.empty:
            return
        merc = nodes.to_crs(MERCATOR)
        size = (self.pt(9.5)) ** 2
        roles = {role: i for i, role in enumerate(NODE_ROLE_PRIORITY)}
        for cid, facts in self.layers.index.items():
            rows = merc[merc["corridor"] == cid]
            if rows.empty:
                continue
            color = str(facts.get("color", "#333333"))
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
                self.node_points.append((str(row["name"]), row.geometry.x, row.geometry.y,
                                         rank))
        radius = self.pt(6) * self.preset.dpi / 72
        for _, x, y, _ in self.node_points:
            px, py = self.ax.transData.transform((x, y))
            self.obstacles.append(Box(px - radius, py - radius, px + radius, py + radius))

    def _callouts(self) -> None:
        renderer = self.canvas.get_renderer()
        used: list[tuple[float, float]] = []
        step = self.pt(22) * self.preset.dpi / 72
        for number, (x, y) in sorted(self.anchors.items()):
            px, py = self.ax.transData.transform((x, y))
            while any(abs(px - ux) < step and abs(py - uy) < step for ux, uy in used):
                px += step  # stack call-outs that share a spot side by side
            used.append((px, py))
            dx, dy = self.ax.transData.inverted().transform((px, py))
            text = self.ax.text(
                dx, dy, str(number), ha="center", va="center", color="white",
                fontsize=self.pt(13), fontweight="bold", zorder=9, clip_on=True,
                bbox={"boxstyle": "circle,pad=0.3", "facecolor": CALLOUT_COLOR,
                      "edgecolor": "white", "linewidth": self.pt(1.5)},
            )
            text.set_gid(f"atlas-callout-{number}")
            self.obstacles.append(_box(text.get_window_extent(renderer)))
            self.info.callouts.append(number)

    def _legends(self) -> None:
        ax, renderer = self.ax, self.canvas.get_renderer()
        fontsize = self.pt(12.5)
        corridor_handles = []
        for cid, facts in self.layers.index.items():
            handle = Line2D([], [], color=str(facts.get("color", "#333")),
                            linewidth=self._line_width(4.0))
            corridor_handles.append((handle, str(facts.get("short_name") or facts.get("name",
                                                                                      cid))))
        legend_kw = {"fontsize": fontsize, "framealpha": 0.92, "edgecolor": "#999999",
                     "facecolor": "white", "borderpad": 0.6, "handlelength": 3.2,
                     "title_fontproperties": {"size": fontsize, "weight": "bold"}}
        if corridor_handles:
            first = ax.legend(*zip(*corridor_handles, strict=True), loc="upper left",
                              title="Corridors", **legend_kw)
            first.set_zorder(20)
            ax.add_artist(first)
            self.obstacles.append(_box(first.get_window_extent(renderer)))
        style_handles = []
        segments = self.layers.segments
        statuses = set(segments["status"].astype(str)) if not segments.empty else set()
        for status, label in STATUS_LABELS.items():
            if status in statuses:
                style_handles.append((Line2D([], [], color="#444444",
                                             linewidth=self._line_width(4.0),
                                             linestyle=_linestyle(STATUS_DASH[status], 4.0)),
                                      label))
        if not segments.empty and segments["approximate_geometry"].astype(bool).any():
            style_handles.append((Line2D([], [], color="#444444", alpha=0.75,
                                         linewidth=self._line_width(4.0),
                                         linestyle=_linestyle(APPROXIMATE_DASH, 4.0)),
                                  "approximate geometry (operating)"))
        marker = {"marker": "o", "linestyle": "none", "markersize": self.pt(9),
                  "markerfacecolor": "white", "markeredgecolor": "#444444",
                  "markeredgewidth": self.pt(2)}
        if not self.layers.nodes.empty:
            style_handles.append((Line2D([], [], **marker), "corridor node"))
        if getattr(self, "places_drawn", False):
            style_handles.append((Line2D([], [], marker="o", linestyle="none",
                                         markersize=self.pt(11), markerfacecolor="#e31a1c",
                                         markeredgecolor="white", alpha=0.75),
                                  "place in the sources (size: mentions)"))
        if self.info.callouts:
            style_handles.append((Line2D([], [], marker="o", linestyle="none",
                                         markersize=self.pt(13),
                                         markerfacecolor=CALLOUT_COLOR,
                                         markeredgecolor="white"),
                                  "numbered excerpt (see below)"))
        if style_handles:
            second = ax.legend(*zip(*style_handles, strict=True), loc="lower right",
                               title="Line style", **legend_kw)
            second.set_zorder(20)
            self.obstacles.append(_box(second.get_window_extent(renderer)))

    def _scale_bar(self, extent: Extent) -> None:
        ax = self.ax
        x0, y0, x1, y1 = extent
        bar_y_frac, bar_x_frac = 0.045, 0.03
        merc_y = (y0 + y1) / 2  # the scale bar is true at the map's central latitude
        scale = metres_per_unit(merc_y)
        width_km = (x1 - x0) * scale / 1000
        km = nice_length(width_km / 5)
        length_frac = km * 1000 / scale / (x1 - x0)
        _, lat = _FROM_MERC.transform(0.0, merc_y)
        height = 0.012
        for i in range(4):
            ax.add_patch(Rectangle(
                (bar_x_frac + i * length_frac / 4, bar_y_frac), length_frac / 4, height,
                transform=ax.transAxes, facecolor="#222222" if i % 2 == 0 else "white",
                edgecolor="#222222", linewidth=self.pt(0.8), zorder=21))
        style = {"transform": ax.transAxes, "fontsize": self.pt(11.5), "ha": "center",
                 "va": "bottom", "zorder": 21, "color": "#222222",
                 "path_effects": [patheffects.withStroke(linewidth=self.pt(3),
                                                         foreground="white")]}
        ax.text(bar_x_frac, bar_y_frac + height * 1.6, "0", **style)
        ax.text(bar_x_frac + length_frac / 2, bar_y_frac + height * 1.6, _km(km / 2), **style)
        ax.text(bar_x_frac + length_frac, bar_y_frac + height * 1.6, f"{_km(km)} km", **style)
        note = ax.text(bar_x_frac, bar_y_frac - 0.008,
                       f"scale true at {abs(lat):.0f}\u00b0{'N' if lat >= 0 else 'S'}",
                       **{**style, "ha": "left", "va": "top", "fontsize": self.pt(9.5)})
        renderer = self.canvas.get_renderer()
        bottom_left = ax.transAxes.transform((bar_x_frac, bar_y_frac))
        top_right = ax.transAxes.transform((bar_x_frac + length_frac, bar_y_frac + 0.05))
        note_box = _box(note.get_window_extent(renderer))
        self.obstacles.append(Box(bottom_left[0] - 10, note_box.y0 - 4,
                                  max(top_right[0], note_box.x1) + 30, top_right[1] + 4))
        self.info.scale_km = km
        self.info.scale_latitude = lat

    def _north_arrow(self) -> None:
        ax = self.ax
        cx, top = 0.972, 0.955
        arrow_h, half_w = 0.065, 0.011
        ax.add_patch(MplPolygon(
            [(cx, top), (cx - half_w, top - arrow_h), (cx, top - arrow_h * 0.72),
             (cx + half_w, top - arrow_h)], closed=True, transform=ax.transAxes,
            facecolor="#222222", edgecolor="white", linewidth=self.pt(1), zorder=21))
        label = ax.text(cx, top - arrow_h - 0.01, "N", transform=ax.transAxes, ha="center",
                        va="top", fontsize=self.pt(14), fontweight="bold", zorder=21,
                        path_effects=[patheffects.withStroke(linewidth=self.pt(3),
                                                             foreground="white")])
        renderer = self.canvas.get_renderer()
        a = ax.transAxes.transform((cx - half_w * 2, top))
        b = _box(label.get_window_extent(renderer))
        self.obstacles.append(Box(min(a[0], b.x0) - 6, b.y0 - 6, max(a[0] + 80, b.x1 + 6),
                                  a[1] + 6))

    def _labels(self, extent: Extent) -> None:
        ax, renderer = self.ax, self.canvas.get_renderer()
        dpi_scale = self.preset.dpi / 72
        frame = _box(ax.get_window_extent(renderer))
        halo = [patheffects.withStroke(linewidth=self.pt(3), foreground="white")]
        # node labels by role priority, then country labels (centred on the country).
        seen: set[str] = set()
        node_labels = []
        for name, x, y, _rank in sorted(self.node_points, key=lambda p: p[3]):
            if name in seen:
                continue
            seen.add(name)
            node_labels.append((name, x, y))
        node_style = {"fontsize": self.pt(12), "color": "#1a1a1a", "fontweight": "bold"}
        country_style = {"fontsize": self.pt(13), "color": "#7a766d", "fontstyle": "italic"}
        countries = self._clip(self.layers.basemap.get("countries"), extent)
        country_labels = []
        if countries is not None:
            lonlat = countries.to_crs("EPSG:4326")
            for name, point in country_label_points(lonlat, min_area_deg2=1.0):
                x, y = _TO_MERC.transform(point.x, point.y)
                country_labels.append((name.upper(), x, y))
        groups = ((node_labels, node_style, CANDIDATES, self.pt(7) * dpi_scale),
                  (country_labels, country_style, CENTERED, self.pt(7) * dpi_scale))
        taken = list(self.obstacles)
        for labels, style, candidates, gap in groups:
            items, texts = [], []
            for name, x, y in labels:
                px, py = ax.transData.transform((x, y))
                text = ax.text(0, 0, name, ha="left", va="bottom", parse_math=False,
                               zorder=15, path_effects=halo, **style)
                size = text.get_window_extent(renderer)
                items.append(LabelItem(px, py, size.width, size.height))
                texts.append(text)
            boxes = greedy_place(items, frame, taken, gap=gap, candidates=candidates)
            for (name, _, _), text, placed in zip(labels, texts, boxes, strict=True):
                if placed is None:
                    text.remove()
                    self.info.skipped_labels.append(name)
                    continue
                x, y = ax.transData.inverted().transform((placed.x0, placed.y0))
                text.set_position((x, y))
                taken.append(placed)
                self.info.labels.append((name, placed))


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


