"""Regenerate ``geodata/corridors`` and ``geodata/basemap`` from the geodata source folder.

Usage::

    python scripts/build_geodata.py [SOURCE_DIR] [--out GEODATA_DIR]

``SOURCE_DIR`` defaults to ``../shared/geodata-src`` relative to the repository root
(the folder with ``corridor_nodes.csv`` and the Natural Earth extracts).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import LineString, Point, box, mapping
from shapely.geometry.base import BaseGeometry

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # geodata_spec, the build inputs

from geodata_spec.geo_facts import CORRIDORS, PALETTE_SOURCE  # noqa: E402
from geodata_spec.geo_spec import NE_PLACES, NODES, SEGMENTS, UNPLACED  # noqa: E402

from dashboard.core.geodata import geometry as gg  # noqa: E402
from dashboard.core.geodata import trace as gt  # noqa: E402

DEFAULT_SOURCE = REPO_ROOT / ".." / "shared" / "geodata-src"
REGION = "region_20E-85E_10N-60N"
OSM_RAIL_FILE = "routes/osm_railways_azerbaijan_bbox.geojson"
OSM_STATION_FILE = "routes/osm_railway_stations_azerbaijan_bbox.geojson"
GEM_FILE = "routes/gem_pipelines_btc_supsa.geojson"
OSM_LICENCE = "ODbL-1.0"
OSM_ATTRIBUTION = "© OpenStreetMap contributors"
GEM_LICENCE = (
    "CC BY 4.0 (as stated by third parties that reuse GEM tracker data; the source "
    "repository carries no licence file)"
)
GEM_ATTRIBUTION = "Global Energy Monitor, Global Oil Infrastructure Tracker"
NE_SEGMENT_LICENCE = "Public domain (Natural Earth); node coordinates cite their own sources"
NE_ATTRIBUTION = "Made with Natural Earth"
CORRIDOR_IDS = tuple(c["id"] for c in CORRIDORS)
BASEMAP_BOX = (25.0, 15.0, 86.0, 58.0)
NE_LICENCE = (
    "Made with Natural Earth. Natural Earth vector data is in the public domain "
    "(https://www.naturalearthdata.com/about/terms-of-use/)."
)
BASEMAP_README = f"""# Basemap layers (Natural Earth)

{NE_LICENCE}

Attribution is not required by the terms of use, but the map shows "Made with Natural Earth".

Files (all EPSG:4326, RFC 7946):

- `countries.geojson`: admin-0 polygons with `name`, `iso_a2` (NE `-99` replaced by
  `iso_a2_eh`, else null) and `adm0_a3`; clipped to lon 25-86, lat 15-58; islands under
  ~0.02 sq. deg dropped; coverage-simplified (0.05 deg, shared borders kept); 4 decimals.
  From `ne_10m_admin_0_countries_region.geojson` (NE 5.1.x).
- `caspian.geojson`: Caspian Sea polygon simplified 0.02 deg. From
  `caspian_sea_from_ne_10m_land.geojson` (hole of NE 10m land, NE 4.0.0).
- `lakes.geojson`: lakes larger than 1,000 km2 plus the Mingachevir reservoir, `name`,
  simplified 0.03 deg. From `ne_10m_lakes_region.geojson` (NE 4.0.0).
- `rivers.geojson`: Aras, Kura and NE scalerank <= 3 rivers of West/Central Asia (Nile,
  Danube and Ganges systems dropped), `name`, simplified 0.02 deg. From
  `ne_10m_rivers_lake_centerlines_region.geojson` (NE 4.0.0).
- `countries_detail.geojson`: NE 10m admin-0 within 1 deg of the corridor features,
  coverage-simplified 0.001 deg. Used by `python -m dashboard validate` only; **not sent to
  the browser**.

- `labels.geojson`: the names the web map places (points with `name`, `kind` — country,
  sea, region, river, capital, town —, `rank`, `min_zoom`, `source`). From NE 10m admin-0
  label points, marine polygons, admin-1 label points of Azerbaijan, Armenia and Georgia,
  disputed areas (Karabakh, Abkhazia, South Ossetia), the Nakhchivan exclave polygon, the
  rivers above, populated places around the corridors (lon 28–66, lat 30–50), and the
  gazetteer's towns within 12 km of a corridor segment. Rebuild with
  `python scripts/build_labels.py [SOURCE_DIR]` (after `build_geodata.py`).

Regenerate with `python scripts/build_geodata.py [SOURCE_DIR]`.
Known quirk: the NE v4.0.0 populated-places layer lists Kapan under AZE (it is in Armenia); that
layer is not shipped here.
"""
CORRIDOR_ROUND = 5
BASEMAP_ROUND = 4


# ----------------------------------------------------------------------------- sources
class Sources:
    """Lazy access to the files of the geodata source folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.region = root / REGION
        self._cache: dict[str, gpd.GeoDataFrame] = {}
        self._json: dict[str, dict] = {}
        self._graphs: dict[tuple[str, ...], gt.RailGraph] = {}

    def layer(self, name: str) -> gpd.GeoDataFrame:
        """Return a GeoJSON layer of the region folder by file stem."""
        if name not in self._cache:
            self._cache[name] = gpd.read_file(self.region / f"{name}.geojson")
        return self._cache[name]

    def csv_rows(self) -> dict[tuple[str, str], dict]:
        """Return ``corridor_nodes.csv`` rows keyed by (corridor label, node name)."""
        with (self.root / "corridor_nodes.csv").open(encoding="utf-8") as fh:
            return {(r["corridor"], r["node"]): r for r in csv.DictReader(fh)}

    def place(self, name: str) -> tuple[float, float]:
        """Return lon/lat of a Natural Earth 10m populated place by exact ``NAME``."""
        places = self.layer("ne_10m_populated_places_region")
        hit = places[places["NAME"] == name]
        if len(hit) != 1:
            raise KeyError(f"NE populated place {name!r}: {len(hit)} matches")
        geom = hit.geometry.iloc[0]
        return (geom.x, geom.y)

    def river(self, name: str) -> BaseGeometry:
        """Return the NE 10m centreline of a river by exact ``name``."""
        rivers = self.layer("ne_10m_rivers_lake_centerlines_region")
        hit = rivers[rivers["name"] == name]
        return shapely.union_all(hit.geometry.values)

    def border_point(self, iso_a: str, iso_b: str, near: tuple[float, float] | None) -> tuple:
        """Return the NE 10m border point of two countries nearest ``near`` (or its midpoint)."""
        countries = self.layer("ne_10m_admin_0_countries_region")
        poly_a = countries[countries["iso_a2"] == iso_a].geometry.iloc[0]
        poly_b = countries[countries["iso_a2"] == iso_b].geometry.iloc[0]
        border = poly_a.buffer(0.0005).intersection(poly_b.boundary)
        border = shapely.line_merge(border)
        if border.geom_type != "LineString":
            raise ValueError(f"{iso_a}-{iso_b} border is not one line")
        where = border.project(Point(near)) if near else border.length / 2.0
        point = border.interpolate(where)
        return (point.x, point.y)

    def caspian(self) -> BaseGeometry:
        """Return the Caspian polygon derived from NE 10m land."""
        return self.layer("caspian_sea_from_ne_10m_land").geometry.iloc[0]

    def routes_json(self, rel: str) -> dict:
        """Return a GeoJSON document of the ``routes`` folder (cached)."""
        if rel not in self._json:
            self._json[rel] = json.loads((self.root / rel).read_text(encoding="utf-8"))
        return self._json[rel]

    def rail_graph(self, railway: tuple[str, ...]) -> gt.RailGraph:
        """Return the OSM railway graph of the given ``railway`` tags (cached)."""
        if railway not in self._graphs:
            ways = self.routes_json(OSM_RAIL_FILE)["features"]
            self._graphs[railway] = gt.RailGraph(ways, railway)
        return self._graphs[railway]

    def station(self, name: str) -> tuple[tuple[float, float], int]:
        """Return lon/lat and OSM node id of the one OSM station tagged ``name``."""
        hits = [
            f
            for f in self.routes_json(OSM_STATION_FILE)["features"]
            if f["properties"].get("name") == name
        ]
        if len(hits) != 1:
            raise KeyError(f"OSM station {name!r}: {len(hits)} matches")
        return tuple(hits[0]["geometry"]["coordinates"]), int(hits[0]["properties"]["id"])

    def gem_route(self, project: str) -> dict:
        """Return the GEM pipeline feature with ``ProjectID`` ``project``."""
        for feat in self.routes_json(GEM_FILE)["features"]:
            if feat["properties"]["ProjectID"] == project:
                return feat
        raise KeyError(f"GEM project {project!r} not in {GEM_FILE}")

    def country_polygon(self, iso: str) -> BaseGeometry:
        """Return the NE 10m admin-0 polygon of an ISO2 country."""
        countries = self.layer("ne_10m_admin_0_countries_region")
        return countries[countries["iso_a2"] == iso].geometry.iloc[0]


# ------------------------------------------------------------------------------- nodes
def _quality(flag: str) -> str:
    return "verified" if flag.strip().lower().startswith("verified") else "approximate"


def build_nodes(src: Sources) -> dict[str, dict]:
    """Resolve node specs against ``corridor_nodes.csv``.

    Parameters
    ----------
    src
        Source folder access.

    Returns
    -------
    dict
        node_id -> GeoJSON feature (Point).
    """
    rows = src.csv_rows()
    out: dict[str, dict] = {}
    for node_id, spec in NODES.items():
        row = rows[spec["csv"]]
        if not row["lat"] or row["coord_quality"].upper().startswith("UNVERIFIED"):
            raise ValueError(f"{node_id}: CSV row has no verified coordinate")
        lon, lat = float(row["lon"]), float(row["lat"])
        props = {
            "feature_type": "node",
            "corridor": spec["corridor"],
            "node_id": node_id,
            "role": spec["role"],
            "name": spec["name"],
            "aliases": spec.get("aliases", []),
            "country": spec["country"],
            "coord_quality": _quality(row["coord_quality"]),
            "coord_quality_detail": row["coord_quality"],
            "source": row["source"],
            "description": row["role"],
            "tolerance_m": spec.get("tolerance_m", 0),
            "tolerance_reason": spec.get("tolerance_reason", ""),
            "notes": spec.get("notes", ""),
        }
        out[node_id] = _feature(node_id, Point(lon, lat), props)
    return out


def unplaced_nodes(src: Sources) -> dict[str, list[dict]]:
    """Return the UNVERIFIED source rows per corridor, with the reason they are not plotted."""
    rows = src.csv_rows()
    out: dict[str, list[dict]] = {cid: [] for cid in CORRIDOR_IDS}
    for item in UNPLACED:
        row = rows[item["csv"]]
        out[item["corridor"]].append(
            {
                "name": row["node"],
                "role": row["role"],
                "coord_quality": row["coord_quality"],
                "why_not_plotted": item["why"],
                "source": row["source"],
            }
        )
    return out


# ---------------------------------------------------------------------------- segments
def _point_of(step: tuple, src: Sources, nodes: dict[str, dict]) -> tuple[float, float] | None:
    kind = step[0]
    if kind == "node":
        return tuple(nodes[step[1]]["geometry"]["coordinates"])
    if kind == "place":
        return src.place(step[1])
    if kind == "pt":
        return (step[1], step[2])
    if kind == "border_point":
        ref = tuple(nodes[step[3]]["geometry"]["coordinates"]) if step[3] else None
        return src.border_point(step[1], step[2], ref)
    if kind == "river_point":
        ref = tuple(nodes[step[2]]["geometry"]["coordinates"])
        return gg.river_point(src.river(step[1]), ref, step[3], step[4])
    return None


def resolve_path(
    path: list[tuple], src: Sources, nodes: dict[str, dict], traced: dict | None = None
) -> list[tuple]:
    """Turn a waypoint list into lon/lat vertices.

    Parameters
    ----------
    path
        Waypoints as documented in :mod:`geodata_spec.geo_spec`.
    src, nodes
        Source access and the resolved nodes.

    Returns
    -------
    list of (lon, lat)
        Vertices of the segment.
    """
    points = [_point_of(step, src, nodes) for step in path]
    coords: list[tuple] = []
    for i, step in enumerate(path):
        if points[i] is not None:
            coords.append(points[i])
            continue
        prev_pt, next_pt = points[i - 1], points[i + 1]
        if step[0] == "river":
            river = src.river(step[1])
            coords.extend(gg.river_section(river, prev_pt, next_pt, *step[2:]))
        elif step[0] == "coast":
            coords.extend(gg.coast_section(src.caspian(), prev_pt, next_pt, step[1]))
        elif step[0] == "along":
            line = (traced or {})[step[1]]
            coords.extend(gg.river_section(line, prev_pt, next_pt, step[2], step[3], 1500.0))
        else:
            raise ValueError(f"unknown waypoint {step!r}")
    return gg.dedupe(coords)


def build_segments(src: Sources, nodes: dict[str, dict]) -> list[dict]:
    """Build all segment features (LineString): traced where a spec has ``trace``."""
    feats = []
    traced = {
        spec["segment_id"]: traced_geometry(spec, src, nodes)
        for spec in SEGMENTS
        if "trace" in spec
    }
    lines = {sid: built[0] for sid, built in traced.items()}
    for spec in SEGMENTS:
        if "trace" in spec:
            line, source, basis = traced[spec["segment_id"]]
            source = dict(source)
        else:
            line = LineString(resolve_path(spec["path"], src, nodes, lines))
            source, basis = schematic_source(spec["path"]), _basis(spec["path"])
        props = {
            "feature_type": "segment",
            "corridor": spec["corridor"],
            "segment_id": spec["segment_id"],
            "name": spec["name"],
            "mode": spec["mode"],
            "status": spec["status"],
            "countries": spec["countries"],
            "approximate_geometry": source["kind"] != "traced",
            "length_km": round(gg.geodesic_length_km(line), 1),
            "sources": spec["sources"],
            "notes": spec["notes"],
            "geometry_basis": basis,
            "geometry_source": source,
            "licence": source.pop("licence"),
            "attribution": source.pop("attribution"),
        }
        if "on_land_allowance_km" in spec:
            props["on_land_allowance_km"] = spec["on_land_allowance_km"]
        feats.append(_feature(spec["segment_id"], line, props))
    return feats


def traced_geometry(spec: dict, src: Sources, nodes: dict[str, dict]) -> tuple:
    """Return (line, geometry_source, geometry_basis) of a traced segment."""
    trace = spec["trace"]
    if trace["dataset"] == "gem":
        return _gem_section(trace, src)
    stops, station_ids, names = [], [], []
    for kind, ref in trace["via"]:
        if kind == "station":
            point, osm_id = src.station(ref)
            station_ids.append(osm_id)
            names.append(f"OSM station {ref} (node {osm_id})")
        else:
            point = tuple(nodes[ref]["geometry"]["coordinates"])
            names.append(f"railway vertex nearest node {ref}")
        stops.append(point)
    railway = tuple(trace.get("railway", ("rail",)))
    result = src.rail_graph(railway).trace(stops)
    source = {
        "kind": "traced",
        "dataset": "OpenStreetMap",
        "file": OSM_RAIL_FILE,
        "method": "shortest path over the OSM railway way graph (railway="
        + "|".join(railway)
        + ") through "
        + " -> ".join(names)
        + f"; merged into one line, simplified {gt.SIMPLIFY_DEG:g} deg (~30 m)",
        "osm_way_ids": result.way_ids,
        "osm_station_ids": station_ids,
        "snapped_gap_km": round(result.snapped_km, 3),
        "licence": OSM_LICENCE,
        "attribution": OSM_ATTRIBUTION,
    }
    basis = [f"{len(result.way_ids)} OpenStreetMap railway ways ({OSM_ATTRIBUTION}, ODbL)"]
    basis += names
    return LineString(result.coords), source, basis


def _gem_section(trace: dict, src: Sources) -> tuple:
    feat = src.gem_route(trace["project"])
    props = feat["properties"]
    line = LineString(feat["geometry"]["coordinates"])
    order = [c for c in ("AZ", "GE", "TR") if c in _gem_countries(props)]
    pieces = gt.split_by_countries(line, [src.country_polygon(c) for c in order])
    piece = pieces[order.index(trace["country"])]
    source = {
        "kind": "traced",
        "dataset": "Global Energy Monitor",
        "file": GEM_FILE,
        "method": f"GEM route {trace['project']} cut at the last exit of each NE 10m country "
        f"polygon ({' -> '.join(order)}); this is the {trace['country']} section",
        "gem_project_id": trace["project"],
        "gem_route_accuracy": props["RouteAccuracy"],
        "gem_last_updated": props["LastUpdated"],
        "url": props["Wiki"],
        "licence": GEM_LICENCE,
        "attribution": GEM_ATTRIBUTION,
    }
    basis = [f"GEM {trace['project']} {props['PipelineName']} route ({GEM_ATTRIBUTION})"]
    return piece, source, basis


def _gem_countries(props: dict) -> set[str]:
    names = {"Azerbaijan": "AZ", "Georgia": "GE", "Türkiye": "TR", "Turkey": "TR"}
    return {names[n.strip()] for n in props["CountriesOrAreas"].split(",")}


SCHEMATIC_METHODS = {
    "node": "straight lines between sourced corridor nodes",
    "place": "NE 10m populated places as shaping vertices",
    "pt": "explicit schematic vertices, each with its reason in geometry_basis",
    "river": "NE 10m river centreline offset to one bank",
    "river_point": "NE 10m river point (crossing)",
    "border_point": "NE 10m border point",
    "coast": "NE 10m Caspian shoreline offset inland",
    "along": "a traced railway on the opposite bank offset across the river",
}


def schematic_source(path: list[tuple]) -> dict:
    """Return the ``geometry_source`` of a segment drawn from a waypoint path."""
    kinds = list(dict.fromkeys(step[0] for step in path))
    return {
        "kind": "schematic",
        "dataset": "corridor nodes + Natural Earth 10m",
        "file": None,
        "method": "; ".join(SCHEMATIC_METHODS[k] for k in kinds),
        "licence": NE_SEGMENT_LICENCE,
        "attribution": NE_ATTRIBUTION,
    }


def _basis(path: list[tuple]) -> list[str]:
    out = []
    for step in path:
        kind = step[0]
        if kind == "node":
            out.append(f"node {step[1]}")
        elif kind == "place":
            out.append(f"shaping vertex: {step[1]} ({NE_PLACES})")
        elif kind == "pt":
            out.append(f"vertex {step[1]:.4f},{step[2]:.4f}: {step[3]}")
        elif kind == "river":
            out.append(f"NE 10m river '{step[1]}', {step[2]} bank, offset {step[3]} m")
        elif kind == "border_point":
            ref = f"nearest {step[3]}" if step[3] else "midpoint"
            out.append(f"NE 10m {step[1]}-{step[2]} border point ({ref})")
        elif kind == "river_point":
            bank = f"{step[3]} bank, offset {step[4]} m" if step[3] else "centreline"
            out.append(f"NE 10m river '{step[1]}' point nearest {step[2]} ({bank})")
        elif kind == "coast":
            out.append(f"NE 10m Caspian shoreline, {step[1]} m inland")
        elif kind == "along":
            out.append(f"traced segment {step[1]} offset {step[3]} m to the {step[2]}")
    return out


# ----------------------------------------------------------------------------- writing
def _feature(fid: str, geom: BaseGeometry, props: dict) -> dict:
    return {"type": "Feature", "id": fid, "properties": props, "geometry": mapping(geom)}


def _round_geometry(geom: dict, ndigits: int) -> dict:
    def rnd(value):
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], (int, float)):
            return [round(float(v), ndigits) for v in value]
        return [rnd(v) for v in value]

    return {"type": geom["type"], "coordinates": rnd(geom["coordinates"])}


def write_collection(
    path: Path, features: list[dict], ndigits: int, meta: dict | None = None
) -> None:
    """Write an RFC 7946 FeatureCollection with rounded coordinates (compact JSON)."""
    feats = [dict(f, geometry=_round_geometry(f["geometry"], ndigits)) for f in features]
    doc = {"type": "FeatureCollection", **(meta or {}), "features": feats}
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def write_json(path: Path, doc: dict) -> None:
    """Write ``doc`` as indented UTF-8 JSON with a trailing newline."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# ------------------------------------------------------------------------------- index
def _collect_sources(item: dict) -> list[str]:
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                if key in {"source", "description_source"} and isinstance(sub, str):
                    for part in sub.split(" ; "):
                        if part.strip() and part.strip() not in found:
                            found.append(part.strip())
                else:
                    walk(sub)
        elif isinstance(value, list):
            for sub in value:
                walk(sub)

    walk(item)
    return found


def build_index(extra: dict[str, dict] | None = None) -> dict:
    """Assemble the corridor index document.

    Parameters
    ----------
    extra
        Optional per-corridor fields merged into each entry (e.g. ``unplaced_nodes``).

    Returns
    -------
    dict
        JSON-serialisable index with a ``corridors`` list in canonical order.
    """
    corridors = []
    for entry in CORRIDORS:
        item = dict(entry)
        sources = _collect_sources(item)
        item.update((extra or {}).get(item["id"], {}))
        item["sources"] = sources
        corridors.append(item)
    return {
        "schema": "south-caucasus-corridors-atlas/corridor-index/1",
        "color_palette_source": PALETTE_SOURCE,
        "corridors": corridors,
    }


# ----------------------------------------------------------------------------- basemap
def _iso_fix(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    iso = frame["iso_a2"].where(frame["iso_a2"] != "-99", frame["iso_a2_eh"])
    iso = iso.where(iso != "-99", None)
    return gpd.GeoDataFrame(
        {"name": frame["name"], "iso_a2": iso, "adm0_a3": frame["adm0_a3"]},
        geometry=frame.geometry.values,
        crs="EPSG:4326",
    )


def _drop_small_parts(geom: BaseGeometry, min_deg2: float) -> BaseGeometry:
    parts = [g for g in getattr(geom, "geoms", [geom]) if g.area >= min_deg2]
    return shapely.MultiPolygon(parts) if len(parts) > 1 else (parts[0] if parts else geom)


def _coverage(
    frame: gpd.GeoDataFrame, clip: BaseGeometry, tolerance: float, min_part_deg2: float = 0.0
) -> gpd.GeoDataFrame:
    frame = frame[frame.intersects(clip)].copy()
    if min_part_deg2:
        frame["geometry"] = [_drop_small_parts(g, min_part_deg2) for g in frame.geometry]
    frame["geometry"] = shapely.make_valid(frame.geometry.intersection(clip).values)
    frame = frame[~frame.geometry.is_empty]
    simple = shapely.coverage_simplify(frame.geometry.values, tolerance)
    frame["geometry"] = shapely.make_valid(shapely.set_precision(simple, 10**-BASEMAP_ROUND))
    return frame[~frame.geometry.is_empty]


def basemap_layers(src: Sources) -> dict[str, gpd.GeoDataFrame]:
    """Build the web basemap layers (countries, caspian, lakes, rivers)."""
    clip = box(*BASEMAP_BOX)
    countries = _coverage(_iso_fix(src.layer("ne_10m_admin_0_countries_region")), clip, 0.05, 0.02)
    caspian = gpd.GeoDataFrame(
        {"name": ["Caspian Sea"]},
        geometry=[shapely.set_precision(src.caspian().simplify(0.02), 10**-BASEMAP_ROUND)],
        crs="EPSG:4326",
    )
    lakes = src.layer("ne_10m_lakes_region")
    big = lakes.to_crs(6933).area > 1000e6
    lakes = lakes[lakes.intersects(clip) & (big | lakes["name"].isin(["Mingevir Reservoir"]))]
    lakes = gpd.GeoDataFrame(
        {"name": lakes["name"].fillna("")},
        geometry=shapely.set_precision(lakes.geometry.simplify(0.03).values, 10**-BASEMAP_ROUND),
        crs="EPSG:4326",
    )
    rivers = src.layer("ne_10m_rivers_lake_centerlines_region")
    far = (
        rivers["name"]
        .fillna("")
        .str.contains("Nile|Bahr|Damietta|Rosetta|Danube|Bratul|Borcea|Ganges", regex=True)
    )
    keep = rivers["name"].isin(["Aras", "Kura"]) | ((rivers["scalerank"] <= 3) & ~far)
    rivers = rivers[keep & rivers.intersects(clip)].dissolve(by="name", as_index=False)
    rivers = gpd.GeoDataFrame(
        {"name": rivers["name"]},
        geometry=shapely.set_precision(
            rivers.geometry.intersection(clip).simplify(0.02).values, 10**-BASEMAP_ROUND
        ),
        crs="EPSG:4326",
    )
    return {"countries": countries, "caspian": caspian, "lakes": lakes, "rivers": rivers}


def detail_countries(src: Sources, features: list[dict]) -> gpd.GeoDataFrame:
    """Return 10m country polygons around the corridor features (for validation only)."""
    geoms = [shapely.geometry.shape(f["geometry"]) for f in features]
    area = shapely.union_all([g.buffer(1.0) for g in geoms])
    frame = _iso_fix(src.layer("ne_10m_admin_0_countries_region"))
    return _coverage(frame, area, 0.001)


def write_frame(path: Path, frame: gpd.GeoDataFrame, ndigits: int) -> None:
    """Write a GeoDataFrame as a compact FeatureCollection."""
    feats = [
        {
            "type": "Feature",
            "properties": {k: row[k] for k in frame.columns if k != "geometry"},
            "geometry": mapping(row.geometry),
        }
        for _, row in frame.iterrows()
    ]
    write_collection(path, feats, ndigits)


def collection_meta(cid: str, feats: list[dict]) -> dict:
    """Return the FeatureCollection header: name, licence and attribution of its data."""
    licences = {f["properties"].get("licence") for f in feats} - {None}
    found = (f["properties"].get("attribution") for f in feats)
    attributions = list(dict.fromkeys(a for a in found if a))
    licence = (
        "ODbL-1.0 (contains data derived from OpenStreetMap)"
        if OSM_LICENCE in licences
        else "see each feature's licence"
    )
    return {"name": cid, "licence": licence, "attribution": attributions}


# -------------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    """Build all geodata files; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "geodata")
    args = parser.parse_args(argv)
    src = Sources(args.source.resolve())
    nodes = build_nodes(src)
    segments = build_segments(src, nodes)
    for cid in CORRIDOR_IDS:
        feats = [f for f in segments if f["properties"]["corridor"] == cid]
        feats += [f for f in nodes.values() if f["properties"]["corridor"] == cid]
        path = args.out / "corridors" / f"{cid}.geojson"
        write_collection(path, feats, CORRIDOR_ROUND, collection_meta(cid, feats))
    extra = {cid: {"unplaced_nodes": rows} for cid, rows in unplaced_nodes(src).items()}
    write_json(args.out / "corridors" / "index.json", build_index(extra))
    (args.out / "basemap" / "README.md").write_text(BASEMAP_README, encoding="utf-8")
    for name, frame in basemap_layers(src).items():
        write_frame(args.out / "basemap" / f"{name}.geojson", frame, BASEMAP_ROUND)
    detail = detail_countries(src, segments + list(nodes.values()))
    write_frame(args.out / "basemap" / "countries_detail.geojson", detail, 5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
