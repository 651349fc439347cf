"""Build the interactive folium map from the corridor geodata, basemap and places.

The map is split in two so that Streamlit does not remount it on every selection:

* :func:`build_base_map` -- basemap polygons, basemap names, legend, controls and the
  atlas runtime (``atlas_map.js``: label placement without overlap, tooltips kept
  inside the map, one-shot view commands, immediate click reports).  It depends only
  on the geodata, so the app builds it once; its script stays byte-identical.
* :func:`build_corridor_groups` and :func:`build_overlay` -- corridor and place layers
  (:class:`AtlasLayer`: compact data the runtime draws), swapped by the component
  without rebuilding the map.

The module also owns what other drawings share with the map: segment styles by status,
mode and geometry quality (:func:`segment_style`, also used by the static export
figure), the legend, the data attribution, and the ``kind:id`` click ids of map objects
(:class:`ClickTargets`, :func:`parse_atlas_id`).

Coordinates: shapely/GeoJSON store ``(lon, lat)``; folium and Leaflet want ``[lat, lon]``.
:func:`latlon` is the one place where the order is swapped.

Tooltip text goes through :func:`~dashboard.core.htmlsafe.escape_html`; labels are set
as text by the runtime (never parsed as HTML).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement, Template
from folium.utilities import camelize
from shapely.geometry.base import BaseGeometry

from dashboard.core.assets import use_local_assets
from dashboard.core.corridors import corridor_label
from dashboard.core.htmlsafe import escape_html
from dashboard.core.names import label_text, split_name

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


#: The atlas' home view (south, west, north, east): the South Caucasus and the Caspian;
#: the app fits it on a first visit and on "reset view".
HOME_BOX: tuple[float, float, float, float] = (37.6, 39.0, 44.4, 51.0)


@dataclass
class ClickTargets:
    """The objects the map can report as clicked, by their ``atlasId`` (``kind:id``).

    The browser reports the ``atlasId`` of the clicked object (see ``atlas_map.js``);
    only ids registered here turn into a selection.
    """

    ids: dict[str, tuple[str, str]] = field(default_factory=dict)

    def add(self, kind: str, ident: str) -> str:
        """Register ``(kind, ident)``; return its ``atlasId``."""
        atlas_id = f"{kind}:{ident}"
        self.ids[atlas_id] = (kind, ident)
        return atlas_id

    def update(self, other: ClickTargets) -> None:
        """Add every target of ``other``."""
        self.ids.update(other.ids)

    def resolve(self, atlas_id: str | None) -> tuple[str, str] | None:
        """Return ``(kind, id)`` for an ``atlasId`` reported by the browser, or ``None``."""
        return self.ids.get(atlas_id) if atlas_id else None


def parse_atlas_id(atlas_id: str | None) -> tuple[str, str] | None:
    """Split an ``atlasId`` (``kind:id``, see :meth:`ClickTargets.add`) into ``(kind, id)``."""
    kind, sep, ident = (atlas_id or "").partition(":")
    return (kind, ident) if sep and kind and ident else None


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
#: The map may show zoom levels 4 (whole route network) to 10 (a town and its bridge).
MIN_ZOOM, MAX_ZOOM = 4, 10
#: The map cannot be panned far from where the data is (south, west, north, east).
MAX_BOUNDS = (15.0, 20.0, 60.0, 90.0)
_ATLAS_JS = (Path(__file__).with_name("atlas_map.js")).read_text(encoding="utf-8")


def build_base_map(
    basemap: Mapping[str, gpd.GeoDataFrame],
    corridor_index: Mapping[str, Mapping[str, object]],
    asset_base_url: str,
    view: MapView = MapView(),
    labels: Sequence[Sequence[object]] | None = None,
) -> folium.Map:
    """Build the stable part of the atlas map: basemap, its labels, legend and controls.

    Corridors and places are *not* part of it: they come from
    :func:`build_corridor_groups` and :func:`build_overlay`, so filters and
    selections change them without touching the base map's JavaScript.

    ``labels`` are basemap names as label rows (see :func:`label_row`); by default
    those of ``basemap["labels"]`` (:func:`basemap_label_rows`).
    The map loads Leaflet only, from ``asset_base_url``.
    """
    fmap = folium.Map(
        location=list(view.center),
        zoom_start=view.zoom,
        tiles=None,
        min_zoom=MIN_ZOOM,
        max_zoom=MAX_ZOOM,
        max_bounds=True,
        min_lat=MAX_BOUNDS[0], min_lon=MAX_BOUNDS[1], max_lat=MAX_BOUNDS[2],
        max_lon=MAX_BOUNDS[3],
        control_scale=True,
        world_copy_jump=False,
    )
    fmap.get_root().header.add_child(folium.Element(_BACKGROUND_CSS))
    add_basemap(fmap, basemap)
    if labels is None:
        names = basemap.get("labels")
        labels = basemap_label_rows(names) if names is not None and not names.empty else []
    add_runtime(fmap, labels)
    add_legend(fmap, corridor_index)
    add_attribution(fmap)
    return use_local_assets(fmap, asset_base_url)


def add_runtime(fmap: folium.Map, labels: Sequence[Sequence[object]]) -> None:
    """Add the atlas runtime (labels, tooltips, view commands, reset control) to ``fmap``."""
    opts = {"labels": [list(r) for r in labels], "home": list(HOME_BOX)}
    runtime = MacroElement()
    runtime._template = Template(
        "{% macro script(this, kwargs) %}" + _ATLAS_JS
        + "atlas.init({{ this._parent.get_name() }}, " + _js_json(opts) + ");"
        "{% endmacro %}")
    fmap.add_child(runtime)


def label_row(lat: float, lon: float, text: str, kind: str, rank: float, min_zoom: int,
              radius: float = -1) -> list[object]:
    """One label for the browser: ``[lat, lon, text, kind, rank, min_zoom, radius]``.

    ``radius`` is the pixel radius of the marker the label belongs to (the label goes
    beside it); ``-1`` centres the label on the point (countries, seas, regions).
    """
    return [round(float(lat), 3), round(float(lon), 3), str(text), kind, round(rank, 2),
            int(min_zoom), round(float(radius), 1)]


def basemap_label_rows(labels: gpd.GeoDataFrame) -> list[list[object]]:
    """Label rows of the basemap names (``geodata/basemap/labels.geojson``)."""
    centred = {"country", "sea", "region", "river"}
    return [label_row(g.y, g.x, name, kind, float(rank), int(zoom),
                      -1 if kind in centred else 0)
            for name, kind, rank, zoom, g in zip(labels["name"], labels["kind"], labels["rank"],
                                                 labels["min_zoom"], labels.geometry,
                                                 strict=True)]


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


class AtlasLayer(MacroElement):
    """One overlay layer drawn by the atlas runtime from compact data.

    Named like a folium ``FeatureGroup`` (``feature_group_<id>``) so that
    ``st_folium``'s overlay slots accept it; in a standalone map it adds itself.
    Every path carries an ``atlasId`` (``kind:id``) that the runtime reports on click.
    """

    def __init__(self, name: str, data: Mapping[str, object]) -> None:
        super().__init__()
        self._name = "FeatureGroup"
        self.layer_name = name
        self.data = data
        self._template = Template(
            "{% macro script(this, kwargs) %}"
            "var {{ this.get_name() }} = atlas.layer({{ this._parent.get_name() }}, "
            "{{ this.data_json }});"
            "{% endmacro %}")

    @property
    def data_json(self) -> str:
        """The layer's data as a JavaScript literal (safe inside a ``<script>``)."""
        return _js_json(self.data)


def compose_map(base: folium.Map, groups: Iterable[MacroElement]) -> folium.Map:
    """Add overlay layers to ``base`` for one self-contained map (exports, tests).

    The app passes overlays to the ``st_folium`` component instead.
    """
    for group in groups:
        base.add_child(group)
    done = MacroElement()
    done._template = Template("{% macro script(this, kwargs) %}atlas.endOverlay(null);"
                              "{% endmacro %}")
    base.add_child(done)
    return base


def add_attribution(fmap: folium.Map) -> None:
    """Credit the basemap in Leaflet's attribution control."""
    note = MacroElement()
    note._template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.attributionControl.setPrefix(false);"
        "{{ this._parent.get_name() }}.attributionControl.addAttribution("
        "'Leaflet · Made with Natural Earth');"
        "{% endmacro %}"
    )
    fmap.add_child(note)


_BACKGROUND_CSS = (
    "<style>html,body{margin:0;height:100%}"
    ".leaflet-container.leaflet-container{background:" + SEA_COLOR + ";font-family:system-ui,"
    "sans-serif}"
    ".atlas-lbl{position:absolute;white-space:nowrap;line-height:14px;pointer-events:none;"
    "font:11px system-ui,sans-serif;color:#333;text-shadow:0 0 2px #fff,0 0 2px #fff,"
    "0 0 3px #fff,0 0 4px #fff}"
    ".atlas-lbl-country{font-weight:600;font-size:12px;letter-spacing:1px;text-transform:uppercase;"
    "color:#6b6257}"
    ".atlas-lbl-sea,.atlas-lbl-river{font-style:italic;font-size:12px;color:#2f6f9f}"
    ".atlas-lbl-river{font-size:11px}"
    ".atlas-lbl-region{font-style:italic;font-weight:600;color:#8c6d4f}"
    ".atlas-lbl-capital{font-weight:700;font-size:12px;color:#222}"
    ".atlas-lbl-place{font-weight:600;font-size:11.5px;color:#111}"
    ".atlas-lbl-node{font-weight:600;color:#222}"
    ".atlas-lbl-selected{font-weight:700;font-size:13px;line-height:16px;color:#000}"
    ".atlas-dot{position:absolute;pointer-events:none;border-radius:50%;background:#555;"
    "width:5px;height:5px}"
    ".atlas-dot-capital{width:7px;height:7px;border-radius:1px;background:#222}"
    ".leaflet-tooltip.atlas-tip{width:max-content;max-width:240px;white-space:normal;"
    "overflow-wrap:break-word;"
    "font:12px/1.35 system-ui,sans-serif;padding:4px 7px}"
    ".atlas-home a{font-size:18px;line-height:30px;text-decoration:none;color:#333}"
    ".leaflet-container .leaflet-control-attribution{font:10px/1.35 system-ui,sans-serif;"
    "max-width:calc(100vw - 130px);white-space:normal;background:rgba(255,255,255,.8)}"
    ".leaflet-container .leaflet-control-scale-line{font-size:10px;line-height:1.2}"
    ".atlas-legend{background:rgba(255,255,255,.94);padding:5px 8px;border-radius:4px;"
    "font:11px/1.35 system-ui,sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:250px;"
    "max-height:calc(100vh - 90px);overflow:auto}"
    ".atlas-legend summary{cursor:pointer;font-weight:600;padding:2px 0}"
    ".atlas-legend svg{vertical-align:middle;margin-right:4px;}</style>"
)


def add_basemap(fmap: folium.Map, basemap: Mapping[str, gpd.GeoDataFrame]) -> None:
    """Add the Natural Earth basemap (countries, Caspian, lakes, rivers) to ``fmap``.

    Names are not drawn here: the runtime places them (:func:`basemap_label_rows`).
    """
    group = folium.FeatureGroup(name="Basemap (Natural Earth)", control=False)
    land = {"fillColor": LAND_COLOR, "color": BORDER_COLOR, "weight": 0.8, "fillOpacity": 1.0}
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

    ``min_area_deg2`` is the smallest polygon area (square degrees, clipped geometry)
    that gets a label; the point lies inside the largest part of each country.
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


def add_legend(fmap: folium.Map, corridor_index: Mapping[str, Mapping[str, object]]) -> None:
    """Add the legend control (corridor colours, status line styles, markers)."""
    legend = MacroElement()
    legend._template = Template(
        "{% macro script(this, kwargs) %}"
        "var atlasLegend = L.control({position: 'bottomleft'});"
        "atlasLegend.onAdd = function () {"
        " var div = L.DomUtil.create('div', 'atlas-legend');"
        " div.innerHTML = " + _js_string(legend_html(corridor_index)) + ";"
        " L.DomEvent.disableClickPropagation(div); L.DomEvent.disableScrollPropagation(div);"
        " return div; };"
        "atlasLegend.addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )
    fmap.add_child(legend)


def _js_string(text: str) -> str:
    return json.dumps(text).replace("</", "<\\/")


def _js_json(value: object) -> str:
    """JSON for a ``<script>``: ``</`` and HTML comment openers cannot end the script."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace(
        "</", "<\\/").replace("<!--", "<\\!--")


def legend_html(corridor_index: Mapping[str, Mapping[str, object]]) -> str:
    """Return the legend's inner HTML (all text escaped): corridors, line styles, markers."""
    rows = ["<details><summary>Legend</summary><b>Corridors</b>"]
    for cid, facts in corridor_index.items():
        color = escape_html(facts.get("color", "#333"))
        label = corridor_label(facts, cid)
        rows.append(f'<div data-corridor="{escape_html(cid)}">{_line_svg(color, None)}'
                    f"{escape_html(label)}</div>")
    rows.append("<b>Line style</b>")
    for status in ("operating", "under_construction", "planned"):
        label = STATUS_LABELS[status] + (" / proposed" if status == "planned" else "")
        rows.append(f"<div>{_line_svg('#444', STATUS_DASH[status])}{escape_html(label)}</div>")
    rows.append(f"<div>{_line_svg('#444', None)}traced from OpenStreetMap / Global Energy "
                "Monitor</div>")
    rows.append(f"<div>{_line_svg('#444', APPROXIMATE_DASH)}approximate (schematic) "
                "geometry</div>")
    rows.append(f"<div>{_line_svg('#444', STATUS_DASH['disputed'])}disputed</div>")
    rows.append('<div><svg width="26" height="10"><circle cx="13" cy="5" r="4" fill="#fff" '
                'stroke="#444" stroke-width="2"/></svg>corridor node</div>')
    rows.append('<div><svg width="26" height="10"><circle cx="13" cy="5" r="4" fill="#fff" '
                'stroke="#444" stroke-width="2" stroke-dasharray="2 2"/></svg>node with '
                "approximate coordinates</div>")
    rows.append('<div><svg width="26" height="10"><circle cx="13" cy="5" r="2.5" '
                'fill="#555"/></svg>town (Natural Earth)</div>')
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
