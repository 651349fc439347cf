"""Interactive HTML export: the atlas map as one self-contained, offline page.

The page is built from the same functions as the app's map
(:func:`~dashboard.core.map.build.build_base_map`,
:func:`~dashboard.core.map.build.build_corridor_groups`,
:func:`~dashboard.core.map.build.build_overlay`), composed into one folium map,
and Leaflet is inlined (:func:`~dashboard.core.map.assets.inline_assets`), so the
file opens from a USB stick with no network.
"""

from __future__ import annotations

import json

import folium
from branca.element import MacroElement
from jinja2 import Template

from dashboard.core.export.credits import data_credits
from dashboard.core.export.extent import places_in_extent, resolve_extent
from dashboard.core.export.model import (
    ExportLayers,
    ExportRequest,
    corridor_subset,
    selected_corridors,
)
from dashboard.core.map.assets import external_urls, inline_assets
from dashboard.core.map.build import (
    MapView,
    build_base_map,
    build_corridor_groups,
    build_overlay,
    compose_map,
)
from dashboard.core.text.htmlsafe import escape_html

#: placeholder prefix for Leaflet's files; replaced by inline copies.
ASSET_PREFIX = "atlas-assets/"

_HEADER_CSS = (
    "<style>.atlas-export-title{position:absolute;z-index:1000;left:54px;top:10px;"
    "background:rgba(255,255,255,.92);padding:6px 10px;border-radius:4px;max-width:60%;"
    "font:14px/1.3 system-ui,sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3);}"
    ".atlas-export-title b{font-size:16px;}</style>"
)


def build_export_map(request: ExportRequest, layers: ExportLayers, title_box: bool = True,
                     fit_extent: bool = True) -> folium.Map:
    """Compose the interactive map of a request (assets under :data:`ASSET_PREFIX`; not rendered).

    The view is ``center``/``zoom`` when set, else (when ``fit_extent``) the request's extent
    or its corridors' extent; ``title_box`` shows the title, subtitle and date on the map.
    """
    ids = selected_corridors(request, layers)
    index = {cid: layers.index[cid] for cid in ids}
    view = MapView() if request.center is None or request.zoom is None else MapView(
        center=(float(request.center[0]), float(request.center[1])), zoom=int(request.zoom))
    fmap = build_base_map(layers.basemap, index, asset_base_url=ASSET_PREFIX, view=view)
    groups, _targets = build_corridor_groups(layers.segments, layers.nodes, index, visible=ids,
                                             statuses=request.statuses or None)
    places = places_in_extent(request.places, None)
    if not places.empty:
        overlay, _ = build_overlay(places)
        groups = [*groups, overlay]
    compose_map(fmap, groups)
    add_data_credits(fmap, request, layers)
    if (request.center is None or request.zoom is None) and fit_extent:
        minx, miny, maxx, maxy = resolve_extent(request, layers)
        fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    if title_box:
        fmap.get_root().header.add_child(folium.Element(_HEADER_CSS))
        parts = [f"<b>{escape_html(request.title)}</b>"]
        if request.subtitle:
            parts.append(escape_html(request.subtitle))
        parts.append(escape_html(request.date))
        if request.date_range:
            parts.append(escape_html(request.date_range))
        fmap.get_root().html.add_child(folium.Element(
            '<div class="atlas-export-title">' + "<br>".join(parts) + "</div>"))
    return fmap


def add_data_credits(fmap: folium.Map, request: ExportRequest, layers: ExportLayers) -> None:
    """Credit OpenStreetMap / Global Energy Monitor in Leaflet's attribution when drawn.

    The basemap credit is already there (:func:`~dashboard.core.map.build.add_attribution`);
    this adds the licences of the traced segments the export draws
    (:func:`~dashboard.core.export.model.data_credits`).
    """
    extra = [c.split(",")[0] for c in  # short: "Global Energy Monitor"
             data_credits(corridor_subset(request, layers).segments)[1:]]
    if not extra:
        return
    note = MacroElement()
    note._template = Template(
        "{% macro script(this, kwargs) %}"
        + "".join(f"{{{{ this._parent.get_name() }}}}.attributionControl.addAttribution("
                  f"{json.dumps(escape_html(c))});" for c in extra)
        + "{% endmacro %}")
    fmap.add_child(note)


def exact_view_map(request: ExportRequest, layers: ExportLayers) -> folium.Map:
    """Compose the map of an exact-view export: what the screen shows, nothing more.

    The same base map, layers and controls as the app's map (names come from the base
    map's runtime), at the request's ``center``/``zoom``; no title box, which the screen
    map does not have.
    """
    return build_export_map(request, layers, title_box=False)


def render_standalone(fmap: folium.Map) -> str:
    """Render a map built with :data:`ASSET_PREFIX` to one page with Leaflet inlined.

    Raises ``RuntimeError`` if the page would still load anything from the network.
    """
    html = inline_assets(fmap.get_root().render(), ASSET_PREFIX)
    remote = external_urls(html)
    if remote or ASSET_PREFIX in html:
        raise RuntimeError(f"exported HTML is not self-contained: {remote or ASSET_PREFIX}")
    return html


def interactive_html(request: ExportRequest, layers: ExportLayers) -> str:
    """Return the request's interactive map as a self-contained HTML page (about 0.5-1 MB)."""
    return render_standalone(build_export_map(request, layers))
