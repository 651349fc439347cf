"""The layer of places mentioned in the corpus: one marker per place, binned when many.

:func:`build_overlay` draws one circle per place (never one per mention).  Above
:data:`PLACE_CAP` located places the layer keeps to the map's window and, when that is
still too many, :func:`bin_places` groups them into grid cells of the current zoom, drawn
as count circles; so the layer's size is bounded whatever the corpus.
"""

from __future__ import annotations

import pandas as pd

from dashboard.core.htmlsafe import escape_html
from dashboard.core.map_layer import AtlasLayer, ClickTargets, label_row
from dashboard.core.map_style import DEFAULT_PLACE_COLOR, PLACE_KIND_COLORS
from dashboard.core.names import label_text


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


def build_overlay(
    places: pd.DataFrame,
    selected_place: str | None = None,
    dimmed: bool = False,
) -> tuple[AtlasLayer, ClickTargets]:
    """Build the layer of places mentioned in the corpus, labelled by mention rank.

    ``places`` has one row per place: ``place_id``, ``name``, ``kind``, ``lat``,
    ``lon``, ``mention_count`` (rows without coordinates are skipped).
    ``selected_place`` is drawn highlighted; with ``dimmed`` (or a selected place)
    the other places are faded.
    """
    targets = ClickTargets()
    located = places.dropna(subset=["lat", "lon"])
    top = float(located["mention_count"].max()) if not located.empty else 1.0
    fade = dimmed or selected_place is not None
    points: list[dict] = []
    labels: list[list[object]] = []
    for row in located.itertuples(index=False):
        count = int(row.mention_count)
        radius = place_radius(count, top)
        kind = str(row.kind).replace("_", " ")
        tip = (f"<b>{escape_html(row.name)}</b><br>{escape_html(kind)} · {count} mention"
               + ("s" if count != 1 else ""))
        selected = row.place_id == selected_place
        style = {"radius": radius, "color": "#000000" if selected else "#ffffff",
                 "weight": 3 if selected else 1, "fill": True,
                 "fillColor": PLACE_KIND_COLORS.get(str(row.kind), DEFAULT_PLACE_COLOR),
                 "fillOpacity": 0.85 if selected or not fade else 0.3,
                 "opacity": 1.0 if selected or not fade else 0.4}
        points.append({"ll": [float(row.lat), float(row.lon)], "style": style, "tip": tip,
                       "id": targets.add("place", str(row.place_id)),
                       "cls": f"atlas-place atlas-kind-{row.kind}"})
        if str(row.kind) in ("country", "macro_region", "sea") and not selected:
            continue  # the basemap names countries and seas where they lie
        rank = 2.0 + 0.9 * (1 - (count / top) ** 0.5) + (1.5 if fade and not selected else 0)
        labels.append(label_row(row.lat, row.lon, label_text(str(row.name)),
                                "selected" if selected else "place",
                                0.0 if selected else rank, 4 if selected else 5, radius))
    return AtlasLayer("Places mentioned", {"paths": [], "points": points,
                                           "labels": labels}), targets
