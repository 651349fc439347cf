"""Checks of single corridor features.

Structure, ids, sources, nodes in their country, segments in their countries,
``geometry_source`` and licence, sea legs and open water.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from dashboard.core.geodata import geometry as gg
from dashboard.core.geodata.corridors import MODES, ROLES, STATUSES
from dashboard.core.geodata.validate_rules import (
    BORDER_SLACK_KM,
    COAST_SLACK_M,
    GEOMETRY_KINDS,
    NODE_REQUIRED,
    PORT_BUFFER_KM,
    SAMPLE_M,
    SEA_SLACK_KM,
    SEGMENT_REQUIRED,
    TRACED_BORDER_SLACK_M,
    Context,
    Report,
)


# ------------------------------------------------------------------------- structure
def _check_props(props: dict, required: dict, report: Report, file: str, fid: str) -> bool:
    ok = True
    for key, typ in required.items():
        if key not in props or props[key] is None:
            report.error(file, fid, f"missing property '{key}'")
            ok = False
        elif not isinstance(props[key], typ):
            report.error(file, fid, f"property '{key}' must be {typ.__name__}")
            ok = False
    return ok


def _check_sources(sources: list, report: Report, file: str, fid: str) -> None:
    if not sources or not all(isinstance(s, str) and s.strip() for s in sources):
        report.error(file, fid, "sources missing or empty")
    elif not any("http" in s or "NE 10m" in s for s in sources):
        report.error(file, fid, "sources contain no address")


def _coords_in_range(geom: BaseGeometry, report: Report, file: str, fid: str) -> bool:
    xy = shapely.get_coordinates(geom)
    if len(xy) == 0:
        report.error(file, fid, "empty geometry")
        return False
    bad_lon = (xy[:, 0] < -180) | (xy[:, 0] > 180)
    bad_lat = (xy[:, 1] < -90) | (xy[:, 1] > 90)
    if bad_lon.any() or bad_lat.any():
        report.error(file, fid, "coordinate out of lon/lat range (lon/lat swapped?)")
        return False
    return True


def _check_id(ctx: Context, fid: str, report: Report, file: str) -> None:
    if fid in ctx.seen_ids:
        report.error(file, fid, f"duplicate id (also in {ctx.seen_ids[fid]})")
    else:
        ctx.seen_ids[fid] = file


# ----------------------------------------------------------------------------- nodes
def _distance_to_m(poly: BaseGeometry, pt: Point) -> float:
    near = shapely.ops.nearest_points(poly, pt)[0]
    return gg.geodesic_distance_m((pt.x, pt.y), (near.x, near.y))


def check_node(feat: dict, ctx: Context, report: Report, file: str) -> None:
    """Validate one node feature (properties, geometry, country containment)."""
    props = feat.get("properties") or {}
    fid = str(props.get("node_id") or feat.get("id") or "?")
    _check_id(ctx, fid, report, file)
    if not _check_props(props, NODE_REQUIRED, report, file, fid):
        return
    if props["role"] not in ROLES:
        report.error(file, fid, f"role '{props['role']}' not in {ROLES}")
    if props["coord_quality"] not in ("verified", "approximate"):
        report.error(file, fid, "coord_quality must be verified or approximate")
    if not props["source"].strip():
        report.error(file, fid, "source missing")
    geom = shape(feat["geometry"])
    if geom.geom_type != "Point":
        report.error(file, fid, "node geometry must be a Point")
        return
    if _coords_in_range(geom, report, file, fid):
        _check_node_country(geom, props, fid, ctx, report, file)


def _check_node_country(
    pt: Point, props: dict, fid: str, ctx: Context, report: Report, file: str
) -> None:
    iso = props["country"]
    poly = ctx.country(iso)
    if poly is None:
        report.error(file, fid, f"declared country '{iso}' not in the country polygons")
        return
    if poly.contains(pt):
        return
    dist = _distance_to_m(poly, pt)
    tol = float(props.get("tolerance_m") or 0)
    ctx.node_tolerance[(round(pt.x, 4), round(pt.y, 4))] = tol
    report.node_rows.append(
        {"node": fid, "country": iso, "lies_in": _locate(pt, ctx), "distance_m": dist,
         "tolerance_m": tol, "ok": dist <= tol}
    )
    if dist <= tol:
        report.notes.append(
            f"{file}: {fid}: {dist:,.0f} m outside {iso} polygon, within its documented "
            f"tolerance of {tol:,.0f} m ({props.get('tolerance_reason', '')})"
        )
        return
    where = _locate(pt, ctx)
    hint = ""
    if poly.contains(Point(pt.y, pt.x)):
        hint = " (lon/lat appear swapped)"
    report.error(
        file,
        fid,
        f"not in declared country {iso}: point lies in {where}, "
        f"{dist / 1000:,.1f} km from {iso} (tolerance {tol:,.0f} m){hint}",
    )


def _locate(pt: Point, ctx: Context) -> str:
    hit = ctx.countries[ctx.countries.contains(pt)]
    if not hit.empty:
        return str(hit["iso_a2"].iloc[0])
    return "the sea / no country" if not ctx.land.contains(pt) else "unknown land"


# -------------------------------------------------------------------------- segments
def check_segment(feat: dict, ctx: Context, report: Report, file: str) -> None:
    """Validate one segment feature (properties, geometry, countries, sea legs)."""
    props = feat.get("properties") or {}
    fid = str(props.get("segment_id") or feat.get("id") or "?")
    _check_id(ctx, fid, report, file)
    if not _check_props(props, SEGMENT_REQUIRED, report, file, fid):
        return
    if props["mode"] not in MODES:
        report.error(file, fid, f"mode '{props['mode']}' not in {MODES}")
    if props["status"] not in STATUSES:
        report.error(file, fid, f"status '{props['status']}' not in {STATUSES}")
    if not props["countries"] or not all(
        isinstance(c, str) and len(c) == 2 and c.isupper() for c in props["countries"]
    ):
        report.error(file, fid, "countries must be a non-empty list of ISO2 codes")
    _check_sources(props["sources"], report, file, fid)
    _check_geometry_source(props, report, file, fid)
    geom = shape(feat["geometry"])
    if geom.geom_type != "LineString" or len(geom.coords) < 2 or not geom.is_valid:
        report.error(file, fid, "segment geometry must be a valid LineString (>= 2 vertices)")
        return
    if not _coords_in_range(geom, report, file, fid):
        return
    if props["mode"] == "sea":
        _check_sea(geom, props, fid, ctx, report, file)
    else:
        _check_land_countries(geom, props, fid, ctx, report, file)
        _check_open_water(geom, props, fid, ctx, report, file)


def _check_geometry_source(props: dict, report: Report, file: str, fid: str) -> None:
    src = props["geometry_source"]
    if src.get("kind") not in GEOMETRY_KINDS:
        report.error(file, fid, f"geometry_source kind must be one of {GEOMETRY_KINDS}")
    elif not str(src.get("method", "")).strip():
        report.error(file, fid, "geometry_source has no method")
    elif src["kind"] == "traced" and not (src.get("osm_way_ids") or src.get("gem_project_id")):
        report.error(file, fid, "traced geometry_source names no OSM way ids / GEM project")
    if not props["licence"].strip():
        report.error(file, fid, "licence missing")
    if (src.get("kind") == "traced") == bool(props["approximate_geometry"]):
        report.error(file, fid, "geometry_source kind and approximate_geometry disagree")


def is_traced(props: dict) -> bool:
    """Return True when a segment's geometry is traced on public route data."""
    src = props.get("geometry_source")
    return isinstance(src, dict) and src.get("kind") == "traced"


def offshore_km(line: BaseGeometry, land: BaseGeometry, exempt: list[tuple]) -> float:
    """Return the km of ``line`` more than ``COAST_SLACK_M`` from land.

    Points are sampled every ``SAMPLE_M``; samples within an ``exempt`` (lon, lat, radius_m)
    circle (an end node with a documented water tolerance) are ignored.
    """
    km = gg.geodesic_length_km(line)
    n = max(2, int(km * 1000.0 / SAMPLE_M) + 1)
    pts = shapely.line_interpolate_point(line, np.linspace(0.0, 1.0, n), normalized=True)
    xy = shapely.get_coordinates(pts)
    off = ~shapely.contains_xy(land, xy[:, 0], xy[:, 1])
    far = 0
    for (x, y), is_off in zip(xy, off, strict=True):
        if not is_off or any(gg.geodesic_distance_m((x, y), (ex, ey)) <= r for ex, ey, r in exempt):
            continue
        near = shapely.ops.nearest_points(land, Point(x, y))[0]
        if gg.geodesic_distance_m((x, y), (near.x, near.y)) > COAST_SLACK_M:
            far += 1
    return far * km / (n - 1)


def _check_open_water(
    line: BaseGeometry, props: dict, fid: str, ctx: Context, report: Report, file: str
) -> None:
    exempt = [
        (x, y, ctx.node_tolerance.get((round(x, 4), round(y, 4)), 0.0))
        for x, y in (line.coords[0], line.coords[-1])
    ]
    off_land = gg.geodesic_length_km(line.difference(ctx.land))
    if off_land <= 0.0:
        return
    km = offshore_km(line, ctx.land, exempt)
    report.water_rows.append(
        {"segment": fid, "mode": props["mode"], "off_land_km": off_land, "open_water_km": km}
    )
    if km > 0.0:
        report.error(
            file, fid, f"{props['mode']} segment crosses {km:,.1f} km of open water "
            f"(more than {COAST_SLACK_M:,.0f} m off the NE 10m coast); only ferries may"
        )


def _check_land_countries(
    line: BaseGeometry, props: dict, fid: str, ctx: Context, report: Report, file: str
) -> None:
    declared = set(props["countries"])
    if is_traced(props) and _traced_near_declared(line, declared, fid, ctx, report, file):
        return
    cand = ctx.countries.iloc[ctx.countries.sindex.query(line, predicate="intersects")]
    for _, row in cand.iterrows():
        if row["iso_a2"] in declared:
            continue
        km = gg.geodesic_length_km(line.intersection(row.geometry))
        if km > BORDER_SLACK_KM:
            report.error(
                file,
                fid,
                f"{km:,.1f} km of the line lie in {row['iso_a2']}, "
                f"not in declared countries {sorted(declared)}",
            )


def _traced_near_declared(
    line: BaseGeometry, declared: set, fid: str, ctx: Context, report: Report, file: str
) -> bool:
    """Accept a traced line outside its NE polygons only within ``TRACED_BORDER_SLACK_M``."""
    polys = ctx.countries[ctx.countries["iso_a2"].isin(declared)]
    area = shapely.union_all(polys.geometry.values)
    outside = line.difference(area)
    km = gg.geodesic_length_km(outside)
    if km <= BORDER_SLACK_KM:
        return True
    worst = max(_distance_to_m(area, Point(c)) for c in shapely.get_coordinates(outside))
    if worst > TRACED_BORDER_SLACK_M:
        return False
    report.notes.append(
        f"{file}: {fid}: traced line {km:,.1f} km outside the NE 10m polygons of "
        f"{sorted(declared)}, at most {worst:,.0f} m (NE border generalisation along the "
        f"river/coast; allowed up to {TRACED_BORDER_SLACK_M:,.0f} m)"
    )
    return True


def _check_sea(
    line: BaseGeometry, props: dict, fid: str, ctx: Context, report: Report, file: str
) -> None:
    ends = [Point(line.coords[0]), Point(line.coords[-1])]
    fwd, inv = gg.local_transformers(*line.centroid.coords[0])
    zones = [
        gg.project_geom(gg.project_geom(p, fwd).buffer(PORT_BUFFER_KM * 1000), inv) for p in ends
    ]
    inner = line.difference(shapely.union_all(zones))
    km = gg.geodesic_length_km(inner.intersection(ctx.land))
    allowance = float(props.get("on_land_allowance_km") or 0) + SEA_SLACK_KM
    if km > allowance:
        report.error(
            file, fid, f"sea leg crosses {km:,.1f} km of land (allowed {allowance:,.1f} km)"
        )

