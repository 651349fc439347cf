"""The static figure's side column.

Legends (corridors, status, line geometry, symbols), the scale bar and the north arrow.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon as MplPolygon
from matplotlib.patches import Rectangle

from dashboard.core.export.figure_labels import Box, window_box
from dashboard.core.export.figure_style import (
    CALLOUT_COLOR,
    FROM_MERC,
    TOWN_COLOR,
    Sizes,
    km_text,
    linestyle,
    metres_per_unit,
    nice_length,
)
from dashboard.core.export.model import ExportLayers, Extent, FigurePreset
from dashboard.core.map.build import (
    APPROXIMATE_DASH,
    STATUS_DASH,
    STATUS_LABELS,
)


class SidePanel(Sizes):
    """The side column of a figure being drawn (mixed into ``export_figure._Drawing``).

    It uses the drawing's figure, axes, renderer, sizes (``pt``, ``px``), layers and
    :class:`~dashboard.core.export.figure.FigureInfo`.
    """

    fig: Figure
    ax: Any
    renderer: Any
    info: Any
    layers: ExportLayers
    preset: FigurePreset
    side_x: float
    map_top: float
    footer_top: float
    places_drawn: bool
    towns_drawn: bool

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
            b = window_box(legend.get_window_extent(self.renderer))
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
            if window_box(legend.get_window_extent(self.renderer)).x1 - self.side_x * \
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
                        linestyle=linestyle(STATUS_DASH[status], 4.0)), label)
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
            label = "traced" + (f" ({', '.join(short_dataset(s) for s in sources)})"
                                if sources else "")
            handles.append((Line2D([], [], color="#444444", alpha=0.95,
                                   linewidth=self._line_width(4.0)), label))
        if approx.any():
            handles.append((Line2D([], [], color="#444444", alpha=0.75,
                                   linewidth=self._line_width(4.0),
                                   linestyle=linestyle(APPROXIMATE_DASH, 4.0)),
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
        _, lat = FROM_MERC.transform(0.0, merc_y)
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
        fig.text(left + length / 2, above, km_text(km / 2), **style)
        fig.text(left + length, above, f"{km_text(km)} km", **style)
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
        note_box = window_box(note.get_window_extent(self.renderer))
        furniture = Box(left * fig.bbox.width, note_box.y0,
                        (cx + half_w) * fig.bbox.width, top * fh)
        self.info.furniture.append(furniture)
        return furniture.y1 - bottom_px + self.pt(10) * self.px


def short_dataset(name: str) -> str:
    """Return the short credit of a geometry dataset (OSM, GEM)."""
    return {"OpenStreetMap": "OSM", "Global Energy Monitor": "GEM"}.get(name, name)
