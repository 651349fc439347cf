"""Corridor layers of the atlas map: segments styled by status, nodes and their labels."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import geopandas as gpd
from folium.utilities import camelize
from shapely.geometry.base import BaseGeometry

from dashboard.core.geodata.corridors import corridor_label
from dashboard.core.map.layer import AtlasLayer, ClickTargets, label_row, latlon
from dashboard.core.map.names import label_text, split_name
from dashboard.core.map.style import APPROXIMATE_DASH, STATUS_DASH, STATUS_LABELS
from dashboard.core.text.htmlsafe import escape_html


def segment_style(color: str, status: str, mode: str, approximate: bool) -> dict[str, object]:
    """Return the Leaflet path options of a corridor segment.

    Parameters
    ----------
    color
        The corridor's colour.
    status
        Segment status (see :data:`STATUS_DASH`).
    mode
        Transport mode; sea legs are drawn thinner.
    approximate
        Whether the geometry is approximate; an operating approximate segment is
        dashed with :data:`APPROXIMATE_DASH` so that it never looks surveyed.

    Returns
    -------
    dict
        ``color``, ``weight``, ``opacity`` and ``dash_array`` (``None`` for solid).
    """
    dash = STATUS_DASH.get(status)
    if dash is None and approximate:
        dash = APPROXIMATE_DASH
    return {
        "color": color,
        "weight": 2.5 if mode == "sea" else 4.0,
        "opacity": 0.75 if approximate else 0.95,
        "dash_array": dash,
    }


def segment_tooltip(corridor_name: str, row: Mapping[str, object]) -> str:
    """Tooltip of a segment as HTML: name · mode · status; geometry quality on its own line."""
    status = STATUS_LABELS.get(str(row.get("status", "")), str(row.get("status", "")))
    lines = [f"<b>{escape_html(row.get('name', ''))}</b>",
             escape_html(f"{corridor_name} · {row.get('mode', '')} · {status}")]
    traced = traced_dataset(row)
    if traced:
        lines.append(f"<i>traced from {escape_html(traced)}</i>")
    elif bool(row.get("approximate_geometry", False)):
        lines.append("<i>approximate geometry (schematic)</i>")
    return "<br>".join(lines)


def traced_dataset(row: Mapping[str, object]) -> str | None:
    """Return the dataset a segment's line was traced from (``None`` when schematic)."""
    source = row.get("geometry_source")
    if isinstance(source, Mapping) and source.get("kind") == "traced":
        return str(source.get("dataset") or "") or None
    return None


#: Attribution shown on the map (and in exports) while a line traced from it is drawn.
TRACED_ATTRIBUTION: dict[str, str] = {
    "OpenStreetMap": "Railways &copy; OpenStreetMap contributors (ODbL)",
    "Global Energy Monitor": "Pipeline routes: Global Energy Monitor",
}


def node_tooltip(corridor_name: str, row: Mapping[str, object]) -> str:
    """Tooltip of a corridor node as HTML: name · role, coordinate quality on its own line."""
    name, note = split_name(str(row.get("name", "")))
    role = str(row.get("role", "")).replace("_", " ")
    lines = [f"<b>{escape_html(name)}</b>", escape_html(f"{role} · {corridor_name}")]
    quality = str(row.get("coord_quality", "") or "")
    if quality and quality != "verified":
        lines.append(f"<i>{escape_html(quality)} coordinates"
                     + (f" ({escape_html(note)})" if note else "") + "</i>")
    return "<br>".join(lines)


#: Label ranks of corridor nodes by role (lower is placed first).
NODE_ROLE_RANK: dict[str, float] = {
    "terminal": 0.0, "port": 0.1, "border_crossing": 0.15, "bridge": 0.15, "junction": 0.2,
    "city": 0.3, "pump_station": 0.6,
}


def build_corridor_groups(
    segments: gpd.GeoDataFrame,
    nodes: gpd.GeoDataFrame,
    corridor_index: Mapping[str, Mapping[str, object]],
    visible: Iterable[str] | None = None,
    statuses: Iterable[str] | None = None,
    selected: str | None = None,
    dimmed: bool = False,
) -> tuple[list[AtlasLayer], ClickTargets]:
    """Build one layer per visible corridor, in index order, and their click targets.

    ``selected`` is drawn emphasised; with ``dimmed`` every other corridor is faded
    (something else is selected).  ``statuses`` filters segments; nodes are kept.
    """
    wanted = set(corridor_index) if visible is None else set(visible)
    if statuses is not None:
        segments = segments[segments["status"].isin(list(statuses))]
    targets = ClickTargets()
    groups = [
        corridor_layer(cid, facts, segments, nodes, targets, emphasised=cid == selected,
                       dimmed=dimmed and cid != selected)
        for cid, facts in corridor_index.items()
        if cid in wanted
    ]
    return groups, targets


def corridor_layer(
    corridor_id: str,
    facts: Mapping[str, object],
    segments: gpd.GeoDataFrame,
    nodes: gpd.GeoDataFrame,
    targets: ClickTargets,
    emphasised: bool = False,
    dimmed: bool = False,
) -> AtlasLayer:
    """Build one corridor's layer: segments styled by status, nodes, node labels.

    ``emphasised`` draws the selected corridor thicker; ``dimmed`` fades it (another
    object is selected).  Clicks on any part report ``corridor:<id>``.
    """
    name = corridor_label(facts, corridor_id)
    color = str(facts.get("color", "#333333"))
    atlas_id = targets.add("corridor", corridor_id)
    css_class = f"atlas-corridor atlas-corridor-{corridor_id}"
    paths: list[dict] = []
    credits: set[str] = set()
    for _, row in segments[segments["corridor"] == corridor_id].iterrows():
        traced = traced_dataset(row)
        if traced in TRACED_ATTRIBUTION:
            credits.add(TRACED_ATTRIBUTION[traced])
        style = segment_style(color, str(row["status"]), str(row["mode"]),
                              bool(row["approximate_geometry"]))
        style = {camelize(k): v for k, v in _emphasise(style, emphasised, dimmed).items()}
        tip = segment_tooltip(name, row)
        for line in _lines(row.geometry):
            paths.append({"ll": latlon(line.coords), "style": style, "tip": tip,
                          "id": atlas_id, "cls": css_class})
    points: list[dict] = []
    labels: list[list[object]] = []
    for _, row in nodes[nodes["corridor"] == corridor_id].iterrows():
        approximate = str(row.get("coord_quality", "")) != "verified"
        lat, lon = latlon([row.geometry.coords[0]])[0]
        style = {"radius": 4.5, "color": color, "weight": 2, "fill": True,
                 "fillColor": "#ffffff", "fillOpacity": 1.0,
                 "dashArray": "2 2" if approximate else None}
        if dimmed:
            style.update(opacity=0.35, fillOpacity=0.5)
        points.append({"ll": [lat, lon], "style": style, "tip": node_tooltip(name, row),
                       "id": atlas_id, "cls": f"atlas-node atlas-node-{corridor_id}"})
        rank = 2.2 + NODE_ROLE_RANK.get(str(row.get("role", "")), 0.5) + (1.5 if dimmed else 0)
        labels.append(label_row(lat, lon, label_text(str(row["name"])),
                                "selected" if emphasised else "node",
                                rank - (2 if emphasised else 0), 5 if emphasised else 6, 5))
    return AtlasLayer(name, {"paths": paths, "points": points, "labels": labels,
                             "attribution": " | ".join(sorted(credits))})


def _emphasise(style: dict[str, object], emphasised: bool, dimmed: bool) -> dict[str, object]:
    if emphasised:
        return {**style, "weight": float(style["weight"]) + 3, "opacity": 1.0}
    if dimmed:
        return {**style, "opacity": 0.3}
    return style


def _lines(geom: BaseGeometry) -> list[BaseGeometry]:
    return list(getattr(geom, "geoms", [geom]))
