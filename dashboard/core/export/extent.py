"""Extents of an export: the box of corridors, of a request, of a screen map view."""

from __future__ import annotations

import math
from collections.abc import Sequence

import geopandas as gpd
import pandas as pd

from dashboard.core.export.model import ExportLayers, ExportRequest, Extent, selected_corridors


def corridor_extent(layers: ExportLayers, corridors: Sequence[str] | None = None,
                    pad: float = 0.08) -> Extent:
    """Return the lon/lat box of corridors' segments and nodes, padded by ``pad`` per side.

    ``corridors=None`` frames every corridor of ``layers.segments``; raises ``ValueError``
    when they have no geometry.
    """
    frames = [layers.segments, layers.nodes]
    if corridors is not None:
        frames = [f[f["corridor"].isin(list(corridors))] for f in frames]
    geoms = [g for f in frames for g in f.geometry if g is not None and not g.is_empty]
    if not geoms:
        raise ValueError(f"no geometry for corridors {corridors}")
    bounds = gpd.GeoSeries(geoms, crs="EPSG:4326").total_bounds
    minx, miny, maxx, maxy = (float(v) for v in bounds)
    dx = max(maxx - minx, 0.5) * pad
    dy = max(maxy - miny, 0.5) * pad
    return (max(minx - dx, -180.0), max(miny - dy, -85.0), min(maxx + dx, 180.0),
            min(maxy + dy, 85.0))


def resolve_extent(request: ExportRequest, layers: ExportLayers) -> Extent:
    """Return the request's lon/lat extent, or the padded extent of its selected corridors.

    Raises ``ValueError`` when the given extent is empty or outside lon/lat ranges.
    """
    if request.extent is None:
        return corridor_extent(layers, selected_corridors(request, layers))
    minx, miny, maxx, maxy = (float(v) for v in request.extent)
    if not (-180 <= minx < maxx <= 180 and -85 <= miny < maxy <= 85):
        raise ValueError(f"extent {request.extent} is not (minx, miny, maxx, maxy) in degrees")
    return minx, miny, maxx, maxy


def extent_from_view(center: tuple[float, float], zoom: float, width_px: int = 900,
                     height_px: int = 640) -> Extent:
    """Return the lon/lat box a Leaflet map of a given CSS size shows at ``center``/``zoom``.

    ``center`` is ``(lat, lon)`` (Leaflet order); latitudes are clamped to +/-85.  Web
    Mercator: the world is ``256 * 2**zoom`` pixels wide at zoom ``zoom``.
    """
    lat, lon = float(center[0]), float(center[1])
    world = 256.0 * 2.0 ** float(zoom)
    cx = (lon + 180.0) / 360.0 * world
    sin = math.sin(math.radians(max(min(lat, 85.0), -85.0)))
    cy = (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * world

    def to_lonlat(x: float, y: float) -> tuple[float, float]:
        lon_ = x / world * 360.0 - 180.0
        n = math.pi - 2.0 * math.pi * y / world
        return lon_, math.degrees(math.atan(math.sinh(n)))

    minx, maxy = to_lonlat(cx - width_px / 2, cy - height_px / 2)
    maxx, miny = to_lonlat(cx + width_px / 2, cy + height_px / 2)
    return (max(minx, -180.0), max(miny, -85.0), min(maxx, 180.0), min(maxy, 85.0))


def view_pixel_size(bounds: Extent, zoom: float) -> tuple[int, int]:
    """Return the ``(width, height)`` CSS pixels of a Leaflet map showing ``bounds`` at ``zoom``.

    The inverse of :func:`extent_from_view`: the app knows the on-screen map's bounds
    (reported by the map) and zoom, so an exact-view export can take the same size and
    aspect as the screen.
    """
    west, south, east, north = (float(v) for v in bounds)
    world = 256.0 * 2.0 ** float(zoom)

    def merc_y(lat: float) -> float:
        sin = math.sin(math.radians(max(min(lat, 85.0), -85.0)))
        return (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * world

    return round((east - west) / 360.0 * world), round(merc_y(south) - merc_y(north))


def places_in_extent(places: pd.DataFrame | None, extent: Extent | None) -> pd.DataFrame:
    """Return the located places inside ``extent`` (all located ones if ``None``)."""
    if places is None or places.empty:
        return pd.DataFrame(columns=["place_id", "name", "kind", "lat", "lon", "mention_count"])
    located = places.dropna(subset=["lat", "lon"])
    if extent is None:
        return located
    minx, miny, maxx, maxy = extent
    inside = located["lon"].between(minx, maxx) & located["lat"].between(miny, maxy)
    return located[inside]

