"""Build the atlas map's stable base: basemap, its names, legend, controls and runtime.

The map is split in two so that Streamlit does not remount it on every selection:

* :func:`build_base_map` -- basemap polygons, basemap names, legend, controls and the
  atlas runtime (``atlas_map.js``: label placement without overlap, tooltips kept
  inside the map, one-shot view commands, immediate click reports).  It depends only
  on the geodata, so the app builds it once; its script stays byte-identical.
* the overlay layers (:class:`~dashboard.core.map.layer.AtlasLayer`: compact data the
  runtime draws), swapped by the component without rebuilding the map:
  corridors from :mod:`dashboard.core.map.corridors`, places from
  :mod:`dashboard.core.map.places`.

Sibling modules: :mod:`~dashboard.core.map.style` (colours, dashes),
:mod:`~dashboard.core.map.layer` (layer data, click ids, ``[lat, lon]`` order),
:mod:`~dashboard.core.map.legend`.  Their public names are re-exported here so callers
keep one import for "the map".

Tooltip text goes through :func:`~dashboard.core.text.htmlsafe.escape_html`; labels are set
as text by the runtime (never parsed as HTML).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import folium
import geopandas as gpd
from branca.element import MacroElement, Template
from shapely.geometry.base import BaseGeometry

from dashboard.core.map.assets import use_local_assets
from dashboard.core.map.corridors import (  # noqa: F401 -- re-exported
    NODE_ROLE_RANK,
    TRACED_ATTRIBUTION,
    build_corridor_groups,
    corridor_layer,
    node_tooltip,
    segment_style,
    segment_tooltip,
    traced_dataset,
)
from dashboard.core.map.layer import (  # noqa: F401 -- re-exported
    AtlasLayer,
    ClickTargets,
    js_json,
    label_row,
    latlon,
    parse_atlas_id,
)
from dashboard.core.map.legend import add_legend, legend_html  # noqa: F401 -- re-exported
from dashboard.core.map.places import (  # noqa: F401 -- re-exported
    PlaceWindow,
    build_overlay,
    place_radius,
    place_window,
    with_selected_place,
)
from dashboard.core.map.style import (  # noqa: F401 -- re-exported
    APPROXIMATE_DASH,
    BORDER_COLOR,
    DEFAULT_PLACE_COLOR,
    LAND_COLOR,
    PLACE_KIND_COLORS,
    RIVER_COLOR,
    SEA_COLOR,
    STATUS_DASH,
    STATUS_LABELS,
)


@dataclass(frozen=True)
class MapView:
    """Initial map view: centre ``(lat, lon)`` and zoom level."""

    center: tuple[float, float] = (40.5, 46.5)
    zoom: int = 5


#: The atlas' home view (south, west, north, east): the South Caucasus core of the five
#: corridors, from Poti and Batumi to Baku and from the Greater Caucasus to Rasht; the app
#: fits it (with :data:`HOME_PADDING` pixels around) on a first visit and on "reset view".
HOME_BOX: tuple[float, float, float, float] = (37.1, 41.5, 42.4, 50.1)
HOME_PADDING = 8


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
    opts = {"labels": [list(r) for r in labels], "home": list(HOME_BOX),
            "home_padding": HOME_PADDING}
    runtime = MacroElement()
    runtime._template = Template(
        "{% macro script(this, kwargs) %}" + _ATLAS_JS
        + "atlas.init({{ this._parent.get_name() }}, " + js_json(opts) + ");"
        "{% endmacro %}")
    fmap.add_child(runtime)


def basemap_label_rows(labels: gpd.GeoDataFrame) -> list[list[object]]:
    """Label rows of the basemap names (``geodata/basemap/labels.geojson``)."""
    centred = {"country", "sea", "region", "river"}
    return [label_row(g.y, g.x, name, kind, float(rank), int(zoom),
                      -1 if kind in centred else 0)
            for name, kind, rank, zoom, g in zip(labels["name"], labels["kind"], labels["rank"],
                                                 labels["min_zoom"], labels.geometry,
                                                 strict=True)]


def compose_map(base: folium.Map, groups: Iterable[MacroElement]) -> folium.Map:
    """Add overlay layers to ``base`` for one self-contained map (exports, tests).

    The app sends overlays to its map component instead (:mod:`dashboard.ui.mapview`).
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
    ".atlas-bin{border-radius:50%;background:rgba(52,73,94,.82);border:2px solid #fff;"
    "box-shadow:0 0 0 1px rgba(52,73,94,.6);color:#fff;font:600 11px/1 system-ui,sans-serif;"
    "display:flex;align-items:center;justify-content:center;box-sizing:border-box;"
    "cursor:zoom-in}"
    ".atlas-bin-faded{opacity:.45}"
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


