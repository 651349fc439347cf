"""Static figures of the Compare page: one small map per corridor and a slide of the table."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping

import geopandas as gpd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from dashboard.core.evidence.compare import ATTRIBUTION, ROWS, Cell, cell_text, short
from dashboard.core.geodata.corridors import Corridor, corridor_label, corridors_of

SLIDE_ROWS = ("Modes", "Countries", "Published length", "Drawn length", "Capacity",
              "Operator / owners", "Financing", "Key dates", "Corpus")


def _png(fig: Figure, dpi: int) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def _is_traced(src: object) -> bool:
    return isinstance(src, Mapping) and src.get("kind") == "traced"


def corridor_maps_png(
    segments: gpd.GeoDataFrame,
    countries: gpd.GeoDataFrame,
    index: Mapping[str, Mapping[str, object]],
    dpi: int = 110,
) -> bytes:
    """Return a PNG with one small map per corridor in one row (traced solid, schematic dashed).

    Each map is framed on its corridor's segments; countries are drawn underneath and the
    data attribution is printed below the row.
    """
    corridors = corridors_of(index)
    fig = Figure(figsize=(3.2 * len(corridors), 3.6))
    axes = fig.subplots(1, len(corridors))
    for ax, corridor in zip(axes, corridors, strict=True):
        segs = segments[segments["corridor"] == corridor.id]
        west, south, east, north = segs.total_bounds
        pad_x, pad_y = max((east - west) * 0.08, 0.3), max((north - south) * 0.08, 0.3)
        countries.plot(ax=ax, color="#f2f0eb", edgecolor="#b5b0a5", linewidth=0.4)
        colour = corridor.colour
        for _, seg in segs.iterrows():
            xs, ys = seg.geometry.xy
            traced = _is_traced(seg.get("geometry_source"))
            ax.plot(xs, ys, color=colour, linewidth=2.0 if traced else 1.4,
                    linestyle="-" if traced else (0, (3, 2)))
        ax.set_xlim(west - pad_x, east + pad_x)
        ax.set_ylim(south - pad_y, north + pad_y)
        ax.set_aspect(1.25, adjustable="datalim")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.set_title(corridor.label, fontsize=10,
                     color=colour, fontweight="bold")
    handles = [Line2D([], [], color="#444", linewidth=2.0, label="traced (OSM / GEM)"),
               Line2D([], [], color="#444", linewidth=1.4, linestyle=(0, (3, 2)),
                      label="schematic")]
    fig.legend(handles=handles, loc="lower left", fontsize=8, frameon=False, ncol=2)
    fig.text(0.99, 0.02, ATTRIBUTION, ha="right", va="bottom", fontsize=7, color="#555")
    fig.subplots_adjust(left=0.01, right=0.99, top=0.9, bottom=0.1, wspace=0.06)
    return _png(fig, dpi)


def _wrap(text: str, width: int, lines: int) -> str:
    wrapped = textwrap.wrap(text, width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = short(wrapped[-1] + " …", width)
    return "\n".join(wrapped)


def table_png(
    cells: Mapping[str, Mapping[str, Cell]],
    index: Mapping[str, Mapping[str, object]],
    dpi: int = 150,
    note: str = "",
) -> bytes:
    """Return a 16:9 slide PNG of the comparison table (sources: the CSV export).

    ``note`` (the date range of the corpus counts) is printed under the title.
    """
    ids = list(cells)
    labels = [r for r in ROWS if r in SLIDE_ROWS]
    body = [[_wrap(cell_text(cells[cid][row]), 34, 4) for cid in ids] for row in labels]
    fig = Figure(figsize=(16, 9))
    ax = fig.add_axes((0.01, 0.06, 0.98, 0.86))
    ax.axis("off")
    table = ax.table(cellText=body, rowLabels=labels, loc="upper center", cellLoc="left",
                     colLabels=[corridor_label(index[c], c) for c in ids],
                     colWidths=[0.18] * len(ids))
    table.auto_set_font_size(False)
    table.set_fontsize(7.5)
    for (row, col), cell in table.get_celld().items():
        cell.set_edgecolor("#cccccc")
        if row == 0 and col >= 0:
            cell.set_text_props(color="white", fontweight="bold")
            cell.set_facecolor(Corridor.of(ids[col], index[ids[col]]).colour)
            cell.set_height(0.04)
        elif row > 0:
            cell.set_height(0.1)
    fig.text(0.01, 0.96, "South Caucasus corridors side by side", fontsize=16,
             fontweight="bold", va="top")
    if note:
        fig.text(0.99, 0.96, note, fontsize=9, color="#333", va="top", ha="right")
    fig.text(0.01, 0.02, "Every value cites its sources in the CSV export of this table. "
             + ATTRIBUTION, fontsize=8, color="#555")
    return _png(fig, dpi)
