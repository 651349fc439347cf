"""Geometry helpers shared by the geodata build and the validator.

Distances are geodesic on the WGS84 ellipsoid (``pyproj.Geod``); offsets along rivers and
coasts are computed in a local azimuthal equidistant projection centred on the section.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from pyproj import CRS, Geod, Transformer
from shapely import ops
from shapely.geometry import LineString, MultiLineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

GEOD = Geod(ellps="WGS84")
LonLat = tuple[float, float]


def geodesic_length_km(geom: BaseGeometry) -> float:
    """Return the geodesic length of a (multi)line on WGS84 in kilometres.

    Parameters
    ----------
    geom
        LineString or MultiLineString in lon/lat degrees (other types count as 0).

    Returns
    -------
    float
        Length in km.
    """
    if geom is None or geom.is_empty:
        return 0.0
    return GEOD.geometry_length(geom) / 1000.0


def geodesic_distance_m(a: LonLat, b: LonLat) -> float:
    """Return the geodesic distance between two lon/lat points in metres."""
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2])


def local_transformers(lon: float, lat: float) -> tuple[Transformer, Transformer]:
    """Return (to_local, to_lonlat) transformers for an AEQD projection centred on a point.

    Parameters
    ----------
    lon, lat
        Centre of the projection in degrees.

    Returns
    -------
    tuple of Transformer
        Forward (lon/lat to metres) and inverse transformers, ``always_xy``.
    """
    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    fwd = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    inv = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    return fwd, inv


def project_geom(geom: BaseGeometry, transformer: Transformer) -> BaseGeometry:
    """Apply a pyproj transformer to every coordinate of a shapely geometry."""

    def apply(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, apply)


def _longest(geom: BaseGeometry) -> LineString:
    if isinstance(geom, MultiLineString):
        return max(geom.geoms, key=lambda g: g.length)
    return geom


def _substring(line: LineString, a: Point, b: Point) -> LineString:
    da, db = line.project(a), line.project(b)
    sub = ops.substring(line, min(da, db), max(da, db))
    if isinstance(sub, Point):
        sub = LineString([sub, sub])
    return LineString(list(sub.coords)[::-1]) if da > db else sub


def _left_normals(coords: np.ndarray) -> np.ndarray:
    """Return unit left normals at each vertex (averaged over adjacent edges)."""
    d = np.diff(coords, axis=0)
    d /= np.maximum(np.linalg.norm(d, axis=1, keepdims=True), 1e-9)
    tang = np.vstack([d[:1], (d[:-1] + d[1:]) / 2.0, d[-1:]])
    tang /= np.maximum(np.linalg.norm(tang, axis=1, keepdims=True), 1e-9)
    return np.column_stack([-tang[:, 1], tang[:, 0]])


def river_section(
    river: BaseGeometry,
    start: LonLat,
    end: LonLat,
    bank: str,
    offset_m: float,
    simplify_m: float = 250.0,
) -> list[LonLat]:
    """Return vertices of a river between two points, offset to one bank.

    Parameters
    ----------
    river
        River centreline in lon/lat (LineString or MultiLineString; the longest part is used).
    start, end
        Points whose projections on the river delimit the section (order is kept).
    bank
        ``"north"`` or ``"south"``.
    offset_m
        Offset from the centreline in metres.
    simplify_m
        Douglas-Peucker tolerance applied before offsetting.

    Returns
    -------
    list of (lon, lat)
        Vertices from the ``start`` end to the ``end`` end.
    """
    centre = ((start[0] + end[0]) / 2.0, (start[1] + end[1]) / 2.0)
    fwd, inv = local_transformers(*centre)
    line = _longest(project_geom(river, fwd))
    a, b = Point(fwd.transform(*start)), Point(fwd.transform(*end))
    sub = _substring(line, a, b).simplify(simplify_m)
    coords = np.asarray(sub.coords, dtype=float)
    if len(coords) < 2:
        return []
    normals = _left_normals(coords)
    sign = 1.0 if normals[:, 1].mean() >= 0 else -1.0
    if bank == "south":
        sign = -sign
    shifted = coords + sign * offset_m * normals
    return [tuple(inv.transform(x, y)) for x, y in shifted]


def river_point(river: BaseGeometry, near: LonLat, bank: str | None, offset_m: float) -> LonLat:
    """Return the river point nearest to ``near``, optionally offset to a bank.

    Parameters
    ----------
    river
        River centreline in lon/lat.
    near
        Reference point (lon, lat).
    bank
        ``"north"``, ``"south"`` or ``None`` for the centreline.
    offset_m
        Offset in metres (ignored when ``bank`` is ``None``).

    Returns
    -------
    (lon, lat)
        The point.
    """
    fwd, inv = local_transformers(*near)
    line = _longest(project_geom(river, fwd))
    p = line.interpolate(line.project(Point(0.0, 0.0)))
    if bank is None:
        return tuple(inv.transform(p.x, p.y))
    d = line.project(p)
    a = line.interpolate(max(d - 300.0, 0.0))
    b = line.interpolate(min(d + 300.0, line.length))
    normal = np.array([-(b.y - a.y), b.x - a.x])
    normal /= max(np.linalg.norm(normal), 1e-9)
    if (normal[1] < 0) == (bank == "north"):
        normal = -normal
    return tuple(inv.transform(p.x + offset_m * normal[0], p.y + offset_m * normal[1]))


def coast_section(
    sea: Polygon, start: LonLat, end: LonLat, inland_m: float, simplify_m: float = 1500.0
) -> list[LonLat]:
    """Return vertices following a sea shoreline between two points, shifted inland.

    Parameters
    ----------
    sea
        Sea polygon in lon/lat (e.g. the Caspian).
    start, end
        Points whose projections on the shoreline delimit the section; the shorter way
        round the shoreline is used.
    inland_m
        Distance to shift each vertex away from the sea, in metres.
    simplify_m
        Douglas-Peucker tolerance of the shoreline before shifting.

    Returns
    -------
    list of (lon, lat)
        Vertices from the ``start`` end to the ``end`` end.
    """
    centre = ((start[0] + end[0]) / 2.0, (start[1] + end[1]) / 2.0)
    fwd, inv = local_transformers(*centre)
    poly = project_geom(sea, fwd)
    ring = LineString(poly.exterior.coords)
    a, b = Point(fwd.transform(*start)), Point(fwd.transform(*end))
    da, db = ring.project(a), ring.project(b)
    lo, hi = min(da, db), max(da, db)
    if hi - lo <= ring.length / 2.0:
        sub = ops.substring(ring, lo, hi)
        coords = list(sub.coords)
    else:
        tail = list(ops.substring(ring, hi, ring.length).coords)
        head = list(ops.substring(ring, 0.0, lo).coords)
        coords = (tail + head[1:])[::-1]
    if da > db:
        coords = coords[::-1]
    sub = LineString(coords).simplify(simplify_m)
    arr = np.asarray(sub.coords, dtype=float)
    if len(arr) < 2:
        return []
    normals = _left_normals(arr)
    out: list[LonLat] = []
    for xy, n in zip(arr, normals, strict=True):
        cand = xy + inland_m * n
        if poly.contains(Point(cand)):
            cand = xy - inland_m * n
        out.append(tuple(inv.transform(*cand)))
    return out


def dedupe(coords: Sequence[LonLat], min_m: float = 50.0) -> list[LonLat]:
    """Drop consecutive vertices closer than ``min_m`` metres (keeps the last vertex)."""
    out: list[LonLat] = []
    for c in coords:
        if out and geodesic_distance_m(out[-1], c) < min_m:
            continue
        out.append(c)
    if coords and out[-1] != tuple(coords[-1]):
        out[-1] = tuple(coords[-1])
    return out
