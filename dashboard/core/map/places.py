"""The layer of places mentioned in the corpus: one marker per place, binned when many.

:func:`build_overlay` draws one circle per place (never one per mention).  Above
:data:`PLACE_CAP` located places the layer keeps to the map's window and, when that is
still too many, :func:`bin_places` groups them into grid cells of the current zoom, drawn
as count circles; so the layer's size is bounded whatever the corpus.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.core.map.layer import AtlasLayer, ClickTargets, label_row
from dashboard.core.map.names import label_text
from dashboard.core.map.style import DEFAULT_PLACE_COLOR, PLACE_KIND_COLORS
from dashboard.core.text.htmlsafe import escape_html


def with_selected_place(table: pd.DataFrame, places: pd.DataFrame,
                        place_id: str | None) -> pd.DataFrame:
    """``table`` plus the selected place's row when filters left it out (it stays drawn)."""
    if place_id is None or place_id in set(table["place_id"]):
        return table
    row = places[places["place_id"] == place_id]
    if row.empty:
        return table
    row = row[[c for c in table.columns if c in row.columns]]
    return pd.concat([table, row], ignore_index=True) if not table.empty else row


def place_radius(count: int, top: float, max_radius: float = 16.0) -> float:
    """Pixel radius of a place marker: area grows with the mention count."""
    return 3.0 + (max_radius - 3.0) * (count / max(top, 1.0)) ** 0.5


#: Most markers (places plus bins) one place layer holds in the app; above it the layer
#: keeps to the map's window and bins what is still too many.
PLACE_CAP = 300
#: Smallest bin: a square of this many screen pixels at the current zoom.
CELL_PX = 64
#: Names listed in a bin's tooltip.
BIN_TOP = 5
#: Kinds the basemap names where they lie (a marker of theirs carries no label).
UNLABELLED_KINDS = ("country", "macro_region", "sea")
_TILE = 256.0
_MAX_LAT = 85.0


@dataclass(frozen=True)
class PlaceWindow:
    """Where and how close the map looks: zoom and ``(south, west, north, east)``.

    ``box`` ``None`` means the whole extent (the map has not reported its view yet).
    Built by :func:`place_window`, snapped so that small pans keep the same window.
    """

    zoom: int
    box: tuple[float, float, float, float] | None = None


def place_window(zoom: int | None, bounds: tuple[float, float, float, float] | None,
                 default_zoom: int = 5) -> PlaceWindow:
    """Window of the place layer for a reported view.

    ``bounds`` is ``(west, south, east, north)`` as the map reports it.  The window
    pads it by one to two tiles (256-512 px) on each side and snaps to a tile, so a
    pan within the padding reuses the same layer.
    """
    zoom = default_zoom if zoom is None else int(zoom)
    if bounds is None:
        return PlaceWindow(zoom)
    west, south, east, north = bounds
    step = 360.0 / 2 ** zoom
    return PlaceWindow(zoom, (max(-90.0, (math.floor(south / step) - 1) * step),
                              max(-180.0, (math.floor(west / step) - 1) * step),
                              min(90.0, (math.ceil(north / step) + 1) * step),
                              min(180.0, (math.ceil(east / step) + 1) * step)))


def in_window(places: pd.DataFrame, box: tuple[float, float, float, float] | None
              ) -> pd.DataFrame:
    """Rows of ``places`` inside ``box`` (all rows for ``None``)."""
    if box is None:
        return places
    south, west, north, east = box
    inside = places["lat"].between(south, north) & places["lon"].between(west, east)
    return places[inside]


def _pixels(places: pd.DataFrame, zoom: int) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator pixel coordinates of ``places`` at ``zoom``."""
    scale = _TILE * 2 ** zoom
    lat = np.radians(places["lat"].clip(-_MAX_LAT, _MAX_LAT).to_numpy(dtype=float))
    x = (places["lon"].to_numpy(dtype=float) + 180.0) / 360.0 * scale
    y = (1.0 - np.log(np.tan(lat) + 1.0 / np.cos(lat)) / math.pi) / 2.0 * scale
    return x, y


def bin_places(places: pd.DataFrame, zoom: int, cap: int = PLACE_CAP,
               cell_px: float = CELL_PX) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Group ``places`` into grid cells of the map at ``zoom``: ``(singles, bins)``.

    Cells start at ``cell_px`` pixels and grow by a quarter until at most ``cap``
    cells are occupied, so ``len(singles) + len(bins) <= cap`` whatever the number of places.
    A cell holding one place gives that place (a row of ``singles``); a cell of
    several gives one row of ``bins``: ``lat``, ``lon`` (centre weighted by
    mentions), ``places``, ``mentions``, ``south``, ``west``, ``north``, ``east``,
    ``top_ids`` and ``top_names`` (the :data:`BIN_TOP` most mentioned, most first) and
    ``top_kind`` (the kind of the first).
    """
    x, y = _pixels(places, zoom)
    cell = float(cell_px)
    while True:
        key = (np.floor(x / cell).astype(np.int64) << 32) + np.floor(y / cell).astype(np.int64)
        if len(np.unique(key)) <= cap:
            break
        cell *= 1.25
    frame = places.assign(_cell=key, _w=places["mention_count"].clip(lower=1))
    sizes = frame.groupby("_cell")["_cell"].transform("size")
    singles = frame[sizes == 1].drop(columns=["_cell", "_w"])
    many = frame[sizes > 1].sort_values("mention_count", ascending=False, kind="stable")
    return singles, _bin_rows(many)


def _bin_rows(many: pd.DataFrame) -> pd.DataFrame:
    columns = ["lat", "lon", "places", "mentions", "south", "west", "north", "east",
               "top_ids", "top_names", "top_kind"]
    if many.empty:
        return pd.DataFrame(columns=columns)
    many = many.assign(_wlat=many["lat"] * many["_w"], _wlon=many["lon"] * many["_w"])
    groups = many.groupby("_cell", sort=False)
    out = groups.agg(places=("place_id", "size"), mentions=("mention_count", "sum"),
                     south=("lat", "min"), north=("lat", "max"), west=("lon", "min"),
                     east=("lon", "max"), _wlat=("_wlat", "sum"), _wlon=("_wlon", "sum"),
                     _w=("_w", "sum"), top_kind=("kind", "first"))
    out["lat"], out["lon"] = out["_wlat"] / out["_w"], out["_wlon"] / out["_w"]
    top = many.groupby("_cell", sort=False).head(BIN_TOP).groupby("_cell", sort=False)
    out["top_ids"] = top["place_id"].agg(list)
    out["top_names"] = top["name"].agg(list)
    return out.sort_values("mentions", ascending=False)[columns].reset_index(drop=True)


def build_overlay(
    places: pd.DataFrame,
    selected_place: str | None = None,
    dimmed: bool = False,
    window: PlaceWindow | None = None,
) -> tuple[AtlasLayer, ClickTargets]:
    """Build the layer of places mentioned in the corpus, labelled by mention rank.

    ``places`` has one row per place: ``place_id``, ``name``, ``kind``, ``lat``,
    ``lon``, ``mention_count`` (rows without coordinates are skipped); one marker per
    place.  ``selected_place`` is drawn highlighted; with ``dimmed`` (or a selected
    place) the other places are faded.  With a ``window`` (the app's map) and more than
    :data:`PLACE_CAP` places, only the window's places are drawn, binned when still too
    many (:func:`bin_places`); without one (exports) every place is drawn.
    """
    targets = ClickTargets()
    located = places.dropna(subset=["lat", "lon"])
    top = float(located["mention_count"].max()) if not located.empty else 1.0
    fade = dimmed or selected_place is not None
    singles, bins = aggregate(located, selected_place, window)
    points: list[dict] = []
    labels: list[list[object]] = []
    for row in singles.itertuples(index=False):
        selected = row.place_id == selected_place
        points.append(_place_point(row, top, selected, fade, targets))
        if str(row.kind) in UNLABELLED_KINDS and not selected:
            continue  # the basemap names countries and seas where they lie
        count = int(row.mention_count)
        rank = 2.0 + 0.9 * (1 - (count / top) ** 0.5) + (1.5 if fade and not selected else 0)
        labels.append(label_row(row.lat, row.lon, label_text(str(row.name)),
                                "selected" if selected else "place",
                                0.0 if selected else rank, 4 if selected else 5,
                                points[-1]["style"]["radius"]))
    items = [_bin_item(row, fade, targets) for row in bins.itertuples(index=False)]
    labels += [label_row(b["ll"][0], b["ll"][1], label_text(str(row.top_names[0])), "place",
                         2.0 + (1.5 if fade else 0), 5, b["r"])
               for b, row in zip(items, bins.itertuples(index=False), strict=True)
               if row.top_kind not in UNLABELLED_KINDS]
    return AtlasLayer("Places mentioned", {"paths": [], "points": points, "bins": items,
                                           "labels": labels}), targets


def aggregate(located: pd.DataFrame, selected_place: str | None,
              window: PlaceWindow | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Places drawn one by one and bins (see :func:`build_overlay`).

    The selected place is always drawn as itself; every place is drawn when there is
    no window or at most :data:`PLACE_CAP` places.
    """
    if window is None or len(located) <= PLACE_CAP:
        return located, _bin_rows(located.iloc[:0])
    is_selected = located["place_id"] == selected_place
    chosen, rest = located[is_selected], in_window(located[~is_selected], window.box)
    if len(rest) + len(chosen) <= PLACE_CAP:
        return pd.concat([rest, chosen]), _bin_rows(located.iloc[:0])
    singles, bins = bin_places(rest, window.zoom, cap=PLACE_CAP - len(chosen))
    return pd.concat([singles, chosen]), bins


def _place_point(row, top: float, selected: bool, fade: bool, targets: ClickTargets) -> dict:
    count = int(row.mention_count)
    kind = str(row.kind).replace("_", " ")
    tip = (f"<b>{escape_html(row.name)}</b><br>{escape_html(kind)} · {count} mention"
           + ("s" if count != 1 else ""))
    style = {"radius": place_radius(count, top),
             "color": "#000000" if selected else "#ffffff",
             "weight": 3 if selected else 1, "fill": True,
             "fillColor": PLACE_KIND_COLORS.get(str(row.kind), DEFAULT_PLACE_COLOR),
             "fillOpacity": 0.85 if selected or not fade else 0.3,
             "opacity": 1.0 if selected or not fade else 0.4}
    return {"ll": [float(row.lat), float(row.lon)], "style": style, "tip": tip,
            "id": targets.add("place", str(row.place_id)),
            "cls": f"atlas-place atlas-kind-{row.kind}"}


def bin_radius(n_places: int) -> float:
    """Pixel radius of a bin's count circle (grows slowly with its number of places)."""
    return round(8.5 + 2.5 * math.log10(max(n_places, 1)), 1)


def _bin_item(row, fade: bool, targets: ClickTargets) -> dict:
    n = int(row.places)
    names = ", ".join(escape_html(label_text(str(x))) for x in row.top_names)
    more = f" and {n - len(row.top_names)} more" if n > len(row.top_names) else ""
    tip = (f"<b>{n} places</b> · {int(row.mentions)} mentions<br>{names}{more}"
           "<br><i>Click to zoom in</i>")
    return {"ll": [round(float(row.lat), 5), round(float(row.lon), 5)], "n": n,
            "r": bin_radius(n), "tip": tip, "fade": fade,
            "box": [float(row.south), float(row.west), float(row.north), float(row.east)],
            "id": targets.add("place", str(row.top_ids[0]))}
