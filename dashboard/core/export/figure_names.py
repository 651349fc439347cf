"""Naming the static figure's map.

Which names could go on it (nodes, places, the basemap's names at the figure's zoom),
the numbered excerpt pins, and placing both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from matplotlib import patheffects
from shapely import STRtree

from dashboard.core.export.figure_labels import (
    CANDIDATES,
    CANDIDATES_WIDE,
    CENTERED,
    Box,
    BoxGrid,
    LabelItem,
    greedy_place,
    touches,
)
from dashboard.core.export.figure_style import (
    AREA_STYLES,
    CALLOUT_COLOR,
    EARTH_CIRCUMFERENCE_M,
    LABEL_STYLES,
    MAX_BASEMAP_LABELS,
    TO_MERC,
    TOWN_COLOR,
    Sizes,
)
from dashboard.core.export.model import ExportLayers, Extent, FigurePreset
from dashboard.core.map.build import (
    country_label_points,
)
from dashboard.core.map.names import label_text


@dataclass(frozen=True)
class LabelSpec:
    """A name to place: text, anchor (display pixels), style and anchor gap."""

    text: str
    x: float
    y: float
    style: str
    gap: float
    rank: float = 0.0


class MapNames(Sizes):
    """Names and call-out pins of a figure being drawn (mixed into ``export_figure._Drawing``).

    It uses the drawing's axes, renderer, sizes (``pt``, ``px``), the points and
    obstacles drawn so far, and :class:`~dashboard.core.export.figure.FigureInfo`.
    """

    ax: Any
    renderer: Any
    info: Any
    layers: ExportLayers
    preset: FigurePreset
    countries: Any
    anchors: dict[int, tuple[float, float]]
    obstacles: list[Box]
    line_shapes: list[Any]
    node_points: list[tuple[str, float, float, int]]
    place_points: list[tuple[str, float, float, float]]
    towns_drawn: bool

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
            grid = BoxGrid(self.obstacles)
            options = [(ax_ + dx * rise * k / math.hypot(dx, dy),
                        ay + dy * rise * k / math.hypot(dx, dy))
                       for k in (1.0, 2.0) for dx, dy in directions]
            best = None
            for avoid_lines in (True, False):
                for px, py in options:
                    disc = Box(px - half, py - half, px + half, py + half)
                    if (disc.inside(frame) and not grid.hits(disc) and not (
                            avoid_lines and lines is not None and touches(lines, disc))):
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


    def _label_specs(self, extent: Extent) -> list[LabelSpec]:
        """Every name that could go on the map, most important first.

        Corridor nodes (by role), places in the sources (by mention count), then the
        basemap's names (by rank, those shown at the figure's zoom): countries, seas,
        regions, capitals and towns.  A basemap name already given by a node or place
        at (about) the same spot is left out.
        """
        specs: list[LabelSpec] = []
        node_r = self.pt(6) * self.px
        for name, x, y, _rank in sorted(self.node_points, key=lambda p: p[3]):
            px, py = self.ax.transData.transform((x, y))
            specs.append(LabelSpec(name, float(px), float(py), "node", node_r + 3))
        for name, px, py, r in self.place_points:
            specs.append(LabelSpec(name, px, py, "place", r + 3))
        taken_points = [(s.x, s.y) for s in specs]
        specs.extend(self._basemap_specs(extent, taken_points))
        unique: list[LabelSpec] = []
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
                       taken: list[tuple[float, float]]) -> list[LabelSpec]:
        specs: list[LabelSpec] = []
        if self.countries is not None:
            lonlat = self.countries.to_crs("EPSG:4326")
            for name, point in country_label_points(lonlat, min_area_deg2=0.3):
                x, y = TO_MERC.transform(point.x, point.y)
                px, py = self.ax.transData.transform((x, y))
                specs.append(LabelSpec(label_text(name).upper(), float(px), float(py),
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
        xs, ys = TO_MERC.transform(shown.geometry.x.to_numpy(), shown.geometry.y.to_numpy())
        for (_, row), x, y in zip(shown.iterrows(), xs, ys, strict=True):
            px, py = (float(v) for v in self.ax.transData.transform((x, y)))
            kind = str(row["kind"])
            style = {"sea": "water", "river": "water"}.get(kind, kind)
            if style not in LABEL_STYLES:
                continue
            if style in ("town", "capital") and any(
                    math.hypot(px - tx, py - ty) < min_px for tx, ty in taken):
                continue  # the same town is already labelled as a node or place
            specs.append(LabelSpec(label_text(str(row["name"])), px, py, style,
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

    def _place(self, specs: list[LabelSpec], frame: Box, tree: STRtree | None) -> None:
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
