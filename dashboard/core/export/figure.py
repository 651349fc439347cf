"""Static briefing figure: geopandas + matplotlib, no browser, works offline.

The figure is drawn in Web Mercator (EPSG:3857), the projection of the interactive
map, with the same colours (corridor index), the same dash semantics
(:func:`dashboard.core.map.build.segment_style`) and the same Natural Earth basemap,
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

This module lays the figure out and draws its layers; its parts live beside it:
``export_figure_style`` (projection, scale, text styles), ``export_figure_labels`` (label
boxes and greedy placement), ``export_figure_names`` (which names and pins go on the
map) and ``export_figure_panel`` (legends, scale bar, north arrow).

Only pyplot-free matplotlib objects are used (``Figure`` + Agg canvas), so the
module is safe in Streamlit's threads.  Text from sources is drawn with
``parse_math=False`` so a ``$`` in an article never turns into mathtext.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import matplotlib as mpl
import pandas as pd
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from shapely import box

from dashboard.core.export.credits import attribution
from dashboard.core.export.excerpts import excerpt_anchor
from dashboard.core.export.extent import places_in_extent, resolve_extent
from dashboard.core.export.figure_labels import Box, window_box
from dashboard.core.export.figure_names import MapNames
from dashboard.core.export.figure_panel import SidePanel
from dashboard.core.export.figure_style import (
    MERCATOR,
    RC,
    SIDE_WIDTH,
    TO_MERC,
    fit_aspect,
    linestyle,
    to_mercator_extent,
)
from dashboard.core.export.model import (
    NODE_ROLE_PRIORITY,
    PRESETS,
    ExportLayers,
    ExportRequest,
    Extent,
    FigurePreset,
    corridor_subset,
)
from dashboard.core.map.build import (
    BORDER_COLOR,
    DEFAULT_PLACE_COLOR,
    LAND_COLOR,
    PLACE_KIND_COLORS,
    RIVER_COLOR,
    SEA_COLOR,
    segment_style,
)
from dashboard.core.map.names import label_text


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
    """Draw the briefing figure (pyplot-free, at the preset's size and dpi) and say what was drawn.

    Raises ``ValueError`` for an unknown preset or corridor, or an invalid extent.
    """
    preset = _preset(request.preset)
    with mpl.rc_context(RC):
        return _Drawing(request, layers, preset).draw()


def render_figure(request: ExportRequest, layers: ExportLayers, fmt: str) -> bytes:
    """Render the briefing figure as ``png`` (preset pixel size), ``pdf`` or ``svg`` (vector)."""
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

class _Drawing(MapNames, SidePanel):
    """One figure being drawn: layout, layers and symbols (names: MapNames; legends: SidePanel)."""

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
        self.info = FigureInfo(extent=extent,
                               map_box=window_box(ax.get_window_extent(self.renderer)))
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
        if r.date_range:  # the publication dates the figure shows
            below = top - (self.pt(17) * 1.4 / 72) / self.preset.height_in
            fig.text(0.975, below, r.date_range, fontsize=self.pt(11), va="top", ha="right",
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
            x, y = TO_MERC.transform(*anchor)
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
                        linestyle=linestyle(style["dash_array"], weight),
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
        xs, ys = TO_MERC.transform(places["lon"].astype(float).to_numpy(),
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



def label_boxes(fig: Figure, info: FigureInfo) -> list[Box]:
    """Return the rendered boxes of the placed labels of a :func:`build_figure` figure."""
    renderer = fig.canvas.get_renderer()
    wanted = {name for name, _ in info.labels}
    boxes = []
    for ax in fig.axes:
        for text in ax.texts:
            if text.get_text() in wanted and text.get_zorder() == 15:
                boxes.append(window_box(text.get_window_extent(renderer)))
    return boxes
