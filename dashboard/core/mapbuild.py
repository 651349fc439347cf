"""Build the interactive folium map from the corridor geodata, basemap and places.

The map is split in two so that Streamlit does not remount it on every selection:

* :func:`build_base_map` -- basemap, corridor layers, nodes, labels, legend and
  layer control.  It depends only on the geodata, so the app builds it once and
  caches it; its generated JavaScript stays byte-identical between reruns.
* :func:`build_overlay` -- the places mentioned in the corpus and the highlight of
  the current selection, handed to ``st_folium(feature_group_to_add=...)`` which
  swaps them without rebuilding the map.

Coordinates: shapely/GeoJSON store ``(lon, lat)``; folium wants ``[lat, lon]``.
:func:`latlon` is the one place where the order is swapped.

Every label, tooltip and popup text goes through :func:`~dashboard.core.htmlsafe.escape_html`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement, Template
from shapely.geometry.base import BaseGeometry

from dashboard.core.assets import use_local_assets
from dashboard.core.htmlsafe import escape_html

SEA_COLOR = "#cfe2ee"
LAND_COLOR = "#f5f2ea"
BORDER_COLOR = "#9b978e"
RIVER_COLOR = "#5d9fd3"

#: dash pattern per segment status (``None`` = solid line).
STATUS_DASH: dict[str, str | None] = {
    "operating": None,
    "under_construction": "9 6",
    "planned": "2 7",
    "proposed": "2 7",
    "disputed": "12 5 2 5",
}
#: dash used for an operating segment whose geometry is only approximate.
APPROXIMATE_DASH = "14 7"
STATUS_LABELS: dict[str, str] = {
    "operating": "operating",
    "under_construction": "under construction",
    "planned": "planned",
    "proposed": "proposed",
    "disputed": "disputed",
}
#: kind of place -> fill colour of its circle marker.
PLACE_KIND_COLORS: dict[str, str] = {
    "country": "#6a3d9a",
    "city": "#e31a1c",
    "region": "#ff7f00",
    "river": "#1f78b4",
    "sea": "#1f78b4",
    "port": "#b15928",
    "facility": "#33a02c",
    "border_crossing": "#fb9a99",
    "macro_region": "#999999",
}
DEFAULT_PLACE_COLOR = "#444444"


@dataclass(frozen=True)
class MapView:
    """Initial map view: centre ``(lat, lon)`` and zoom level."""

    center: tuple[float, float] = (40.5, 46.5)
    zoom: int = 5


@dataclass
class ClickTargets:
    """Maps the plain text of a clicked object's tooltip to what it stands for.

    ``st_folium`` reports the tooltip text of the last clicked object; the app uses
    this table to turn it into a selection (``("corridor", id)`` or ``("place", id)``).
    """

    by_tooltip: dict[str, tuple[str, str]] = field(default_factory=dict)

    def add(self, tooltip_text: str, kind: str, ident: str) -> None:
        """Register ``tooltip_text`` (plain, unescaped) as standing for ``(kind, ident)``."""
        self.by_tooltip[_norm(tooltip_text)] = (kind, ident)

    def resolve(self, tooltip_text: str | None) -> tuple[str, str] | None:
        """Return ``(kind, id)`` for a tooltip text reported by the browser, or ``None``."""
        if not tooltip_text:
            return None
        return self.by_tooltip.get(_norm(tooltip_text))


def _norm(text: str) -> str:
    return " ".join(text.split())


def latlon(coords: Iterable[Sequence[float]]) -> list[list[float]]:
    """Convert GeoJSON/shapely ``(lon, lat)`` pairs to folium ``[lat, lon]`` pairs.

    Parameters
    ----------
    coords
        Iterable of ``(lon, lat[, z])`` positions.

    Returns
    -------
    list[list[float]]
        ``[lat, lon]`` positions rounded to 5 decimals (about 1 m).
    """
    return [[round(c[1], 5), round(c[0], 5)] for c in coords]


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
    """Plain-text tooltip of a segment (escaped later by the caller)."""
    status = STATUS_LABELS.get(str(row.get("status", "")), str(row.get("status", "")))
    text = f"{corridor_name}: {row.get('name', '')} ({row.get('mode', '')}, {status})"
    if bool(row.get("approximate_geometry", False)):
        text += " [approximate geometry]"
    return text


def node_tooltip(corridor_name: str, row: Mapping[str, object]) -> str:
    """Plain-text tooltip of a corridor node."""
    role = str(row.get("role", "")).replace("_", " ")
    quality = row.get("coord_quality", "")
    return f"{row.get('name', '')} ({role}, {corridor_name}; coordinates {quality})"


def build_base_map(
    basemap: Mapping[str, gpd.GeoDataFrame],
    corridor_index: Mapping[str, Mapping[str, object]],
    asset_base_url: str,
    view: MapView = MapView(),
) -> folium.Map:
    """Build the stable part of the atlas map: basemap, labels and legend.

    Corridors and places are *not* part of it: they come from
    :func:`build_corridor_groups` and :func:`build_overlay`, so filters and
    selections change them without touching the base map's JavaScript.

    Parameters
    ----------
    basemap
        Layers from :func:`dashboard.core.basemap.load_basemap`.
    corridor_index
        Corridor facts keyed by id (for the legend).
    asset_base_url
        Where the browser finds ``leaflet.js``/``leaflet.css``.
    view
        Initial centre and zoom.

    Returns
    -------
    folium.Map
        The map, loading Leaflet only, from ``asset_base_url``.
    """
    fmap = folium.Map(
        location=list(view.center),
        zoom_start=view.zoom,
        tiles=None,
        min_zoom=3,
        max_zoom=11,
        control_scale=True,
        world_copy_jump=False,
    )
    fmap.get_root().header.add_child(folium.Element(_BACKGROUND_CSS))
    add_basemap(fmap, basemap)
    add_legend(fmap, corridor_index)
    add_attribution(fmap)
    return use_local_assets(fmap, asset_base_url)


def build_corridor_groups(
    segments: gpd.GeoDataFrame,
    nodes: gpd.GeoDataFrame,
    corridor_index: Mapping[str, Mapping[str, object]],
    visible: Iterable[str] | None = None,
    statuses: Iterable[str] | None = None,
    selected: str | None = None,
) -> tuple[list[folium.FeatureGroup], ClickTargets]:
    """Build one layer per visible corridor.

    Parameters
    ----------
    segments, nodes
        Corridor geometry from :mod:`dashboard.core.corridors`.
    corridor_index
        Corridor facts keyed by id, in display order.
    visible
        Corridor ids to draw (all when ``None``).
    statuses
        Segment statuses to draw (all when ``None``); nodes are kept.
    selected
        Corridor id drawn emphasised (thicker), if any.

    Returns
    -------
    (list[folium.FeatureGroup], ClickTargets)
        The layers, in index order, and the tooltip table for click handling.
    """
    wanted = set(corridor_index) if visible is None else set(visible)
    if statuses is not None:
        segments = segments[segments["status"].isin(list(statuses))]
    targets = ClickTargets()
    groups = [
        corridor_layer(cid, facts, segments, nodes, targets, emphasised=cid == selected)
        for cid, facts in corridor_index.items()
        if cid in wanted
    ]
    return groups, targets


def compose_map(
    base: folium.Map, groups: Iterable[folium.FeatureGroup], layer_control: bool = True
) -> folium.Map:
    """Add overlay groups (and a layer control) to ``base`` for a standalone map.

    The app passes overlays to ``st_folium(feature_group_to_add=...)`` instead;
    this is for exports and tests that need one self-contained map.

    Parameters
    ----------
    base
        A map from :func:`build_base_map` (modified in place).
    groups
        Corridor and place layers.
    layer_control
        Whether to add a layer control listing the groups.

    Returns
    -------
    folium.Map
        ``base``, for chaining.
    """
    for group in groups:
        group.add_to(base)
    if layer_control:
        folium.LayerControl(collapsed=False, position="topright").add_to(base)
    return base


def add_attribution(fmap: folium.Map) -> None:
    """Credit the basemap in Leaflet's attribution control."""
    note = MacroElement()
    note._template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.attributionControl.addAttribution("
        "'Basemap: Natural Earth (public domain)');"
        "{% endmacro %}"
    )
    fmap.add_child(note)


_BACKGROUND_CSS = (
    "<style>.leaflet-container.leaflet-container{background:" + SEA_COLOR + ";}"
    ".atlas-label{font:600 11px/1.1 system-ui,sans-serif;color:#555;white-space:nowrap;"
    "text-shadow:0 0 3px #fff,0 0 3px #fff;pointer-events:none;}"
    ".atlas-legend{background:rgba(255,255,255,.92);padding:5px 8px;border-radius:4px;"
    "font:11px/1.3 system-ui,sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:260px}"
    ".atlas-legend summary{cursor:pointer;font-weight:600}"
    ".atlas-legend svg{vertical-align:middle;margin-right:4px;}</style>"
)


def add_basemap(fmap: folium.Map, basemap: Mapping[str, gpd.GeoDataFrame]) -> None:
    """Add the Natural Earth basemap (countries, Caspian, lakes, rivers, labels) to ``fmap``.

    Parameters
    ----------
    fmap
        Target map.
    basemap
        Layers keyed ``countries``, ``caspian``, ``lakes``, ``rivers``.
    """
    group = folium.FeatureGroup(name="Basemap (Natural Earth)", control=False)
    land = {"fillColor": LAND_COLOR, "color": BORDER_COLOR, "weight": 0.7, "fillOpacity": 1.0}
    water = {"fillColor": SEA_COLOR, "color": "#8fb8d3", "weight": 0.6, "fillOpacity": 1.0}
    river = {"color": RIVER_COLOR, "weight": 1.3, "opacity": 0.9}
    for key, style in (("countries", land), ("caspian", water), ("lakes", water),
                       ("rivers", river)):
        layer = basemap.get(key)
        if layer is None or layer.empty:
            continue
        folium.GeoJson(
            _slim_geojson(layer, keep=("name",)),
            style_function=_const_style(style),
            interactive=False,
            control=False,
        ).add_to(group)
    countries = basemap.get("countries")
    if countries is not None and not countries.empty:
        for label, point in country_label_points(countries):
            folium.Marker(
                latlon([point.coords[0]])[0],
                icon=folium.DivIcon(
                    html=f'<div class="atlas-label">{escape_html(label)}</div>',
                    icon_size=(0, 0),
                    icon_anchor=(0, 0),
                ),
                interactive=False,
            ).add_to(group)
    group.add_to(fmap)


def _const_style(style: dict[str, object]):
    def _style(_feature: object) -> dict[str, object]:
        return style

    return _style


def _slim_geojson(frame: gpd.GeoDataFrame, keep: Sequence[str]) -> dict:
    columns = [c for c in keep if c in frame.columns]
    return frame[[*columns, "geometry"]].__geo_interface__


def country_label_points(
    countries: gpd.GeoDataFrame, min_area_deg2: float = 1.5
) -> list[tuple[str, BaseGeometry]]:
    """Return ``(name, point)`` label anchors for countries large enough to label.

    Parameters
    ----------
    countries
        Country polygons with a ``name`` column.
    min_area_deg2
        Smallest polygon area (square degrees, on the clipped geometry) that gets a label.

    Returns
    -------
    list[tuple[str, Point]]
        Label text and a point inside the largest part of each country.
    """
    labels = []
    for name, geom in zip(countries["name"], countries.geometry, strict=True):
        if geom is None or geom.is_empty or geom.area < min_area_deg2:
            continue
        parts = getattr(geom, "geoms", [geom])
        largest = max(parts, key=lambda g: g.area)
        labels.append((str(name), largest.representative_point()))
    return labels


def corridor_layer(
    corridor_id: str,
    facts: Mapping[str, object],
    segments: gpd.GeoDataFrame,
    nodes: gpd.GeoDataFrame,
    targets: ClickTargets,
    emphasised: bool = False,
) -> folium.FeatureGroup:
    """Build one corridor's layer: its segments (styled by status) and its nodes.

    Parameters
    ----------
    corridor_id
        Corridor id, e.g. ``"btc"``.
    facts
        The corridor's entry in the index (``name``, ``color``).
    segments, nodes
        All corridors' geometry; rows of other corridors are ignored.
    targets
        Click table to register tooltips in.
    emphasised
        Draw the segments thicker (the selected corridor).

    Returns
    -------
    folium.FeatureGroup
        Named after the corridor, shown in the layer control with a colour swatch.
    """
    name = str(facts.get("name", corridor_id))
    short = str(facts.get("short_name") or name)
    color = str(facts.get("color", "#333333"))
    swatch = f'<span style="color:{escape_html(color)}">&#9644;</span> {escape_html(short)}'
    group = folium.FeatureGroup(name=swatch, show=True)
    css_class = f"atlas-corridor atlas-corridor-{corridor_id}"
    for _, row in segments[segments["corridor"] == corridor_id].iterrows():
        style = segment_style(color, str(row["status"]), str(row["mode"]),
                              bool(row["approximate_geometry"]))
        if emphasised:
            style["weight"] = float(style["weight"]) + 3
        tooltip = segment_tooltip(name, row)
        targets.add(tooltip, "corridor", corridor_id)
        for line in _lines(row.geometry):
            folium.PolyLine(
                latlon(line.coords),
                tooltip=folium.Tooltip(escape_html(tooltip), sticky=True),
                className=css_class,
                **style,
            ).add_to(group)
    for _, row in nodes[nodes["corridor"] == corridor_id].iterrows():
        tooltip = node_tooltip(name, row)
        targets.add(tooltip, "corridor", corridor_id)
        approximate = str(row.get("coord_quality", "")) != "verified"
        folium.CircleMarker(
            latlon([row.geometry.coords[0]])[0],
            radius=4.5,
            color=color,
            weight=2,
            fill=True,
            fill_color="#ffffff",
            fill_opacity=1.0,
            dash_array="2 2" if approximate else None,
            tooltip=folium.Tooltip(escape_html(tooltip), sticky=True),
            className=f"atlas-node atlas-node-{corridor_id}",
        ).add_to(group)
    return group


def _lines(geom: BaseGeometry) -> list[BaseGeometry]:
    return list(getattr(geom, "geoms", [geom]))


def add_legend(fmap: folium.Map, corridor_index: Mapping[str, Mapping[str, object]]) -> None:
    """Add the legend control (corridor colours, status line styles, node marker).

    Parameters
    ----------
    fmap
        Target map.
    corridor_index
        Corridor facts keyed by id.
    """
    legend = MacroElement()
    legend._template = Template(
        "{% macro script(this, kwargs) %}"
        "var atlasLegend = L.control({position: 'bottomleft'});"
        "atlasLegend.onAdd = function () {"
        " var div = L.DomUtil.create('div', 'atlas-legend');"
        " div.innerHTML = " + _js_string(legend_html(corridor_index)) + ";"
        " return div; };"
        "atlasLegend.addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )
    fmap.add_child(legend)


def _js_string(text: str) -> str:
    return json.dumps(text).replace("</", "<\\/")


def legend_html(corridor_index: Mapping[str, Mapping[str, object]]) -> str:
    """Return the legend's inner HTML (all text escaped).

    Parameters
    ----------
    corridor_index
        Corridor facts keyed by id.

    Returns
    -------
    str
        HTML with one row per corridor and one per line style.
    """
    rows = ["<details><summary>Legend</summary><b>Corridors</b>"]
    for cid, facts in corridor_index.items():
        color = escape_html(facts.get("color", "#333"))
        label = facts.get("short_name") or facts.get("name", cid)
        rows.append(f'<div data-corridor="{escape_html(cid)}">{_line_svg(color, None)}'
                    f"{escape_html(label)}</div>")
    rows.append("<b>Line style</b>")
    for status in ("operating", "under_construction", "planned"):
        label = STATUS_LABELS[status] + (" / proposed" if status == "planned" else "")
        rows.append(f"<div>{_line_svg('#444', STATUS_DASH[status])}{escape_html(label)}</div>")
    rows.append(f"<div>{_line_svg('#444', APPROXIMATE_DASH)}approximate geometry</div>")
    rows.append(f"<div>{_line_svg('#444', STATUS_DASH['disputed'])}disputed</div>")
    rows.append('<div><svg width="26" height="10"><circle cx="13" cy="5" r="4" fill="#fff" '
                'stroke="#444" stroke-width="2"/></svg>corridor node (dotted ring: '
                "approximate coordinates)</div>")
    rows.append("<b>Places mentioned</b> <span style='color:#666'>(area &#8733; mentions)</span>"
                "<div style='display:grid;grid-template-columns:1fr 1fr'>")
    for kind, color in PLACE_KIND_COLORS.items():
        label = escape_html(kind.replace("_", " "))
        rows.append(f'<div><svg width="14" height="10"><circle cx="6" cy="5" r="4.5" '
                    f'fill="{color}" fill-opacity="0.8"/></svg>{label}</div>')
    rows.append("</div></details>")
    return "".join(rows)


def _line_svg(color: str, dash: str | None) -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<svg width="26" height="10"><line x1="1" y1="5" x2="25" y2="5" stroke="{color}" '
            f'stroke-width="3"{dash_attr}/></svg>')


def build_overlay(
    places: pd.DataFrame,
    selected_place: str | None = None,
    max_radius: float = 16.0,
) -> tuple[folium.FeatureGroup, ClickTargets]:
    """Build the dynamic layer of places mentioned in the corpus.

    Parameters
    ----------
    places
        One row per place: ``place_id``, ``name``, ``kind``, ``lat``, ``lon``,
        ``mention_count`` (rows without coordinates are skipped).
    selected_place
        ``place_id`` drawn highlighted, if any.
    max_radius
        Radius in pixels of the most-mentioned place (area grows with the count).

    Returns
    -------
    (folium.FeatureGroup, ClickTargets)
        The "Places mentioned" layer and the tooltip table of its markers.
    """
    group = folium.FeatureGroup(name="Places mentioned", show=True)
    targets = ClickTargets()
    located = places.dropna(subset=["lat", "lon"])
    top = float(located["mention_count"].max()) if not located.empty else 1.0
    for row in located.itertuples(index=False):
        count = int(row.mention_count)
        radius = 3.0 + (max_radius - 3.0) * (count / top) ** 0.5
        tooltip = f"{row.name} ({str(row.kind).replace('_', ' ')}): {count} mention" + (
            "s" if count != 1 else "")
        targets.add(tooltip, "place", str(row.place_id))
        selected = row.place_id == selected_place
        folium.CircleMarker(
            [float(row.lat), float(row.lon)],
            radius=radius,
            color="#000000" if selected else "#ffffff",
            weight=3 if selected else 1,
            fill=True,
            fill_color=PLACE_KIND_COLORS.get(str(row.kind), DEFAULT_PLACE_COLOR),
            fill_opacity=0.8,
            tooltip=folium.Tooltip(escape_html(tooltip), sticky=True),
            className=f"atlas-place atlas-kind-{row.kind}",
        ).add_to(group)
    return group, targets
