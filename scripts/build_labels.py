"""Build ``geodata/basemap/labels.geojson``: the offline basemap's names, ranked for zoom 4-10.

Usage: ``python scripts/build_labels.py [SOURCE_DIR]`` (default ``../shared/geodata-src``).

Every label is a point with ``name``, ``kind`` (country, sea, region, river, capital,
town), ``rank`` (lower is placed first when labels compete for space), ``min_zoom``
(the first zoom level at which it may show) and ``source``.  Sources, all Natural Earth
(public domain) except the route towns:

* countries: NE 10m admin-0 ``label_x``/``label_y`` and ``min_label``;
* seas and gulfs: NE 10m marine polygons (representative point, ``min_label``);
* regions: NE 10m admin-1 label points of Azerbaijan, Armenia and Georgia, the
  Nakhchivan exclave polygon, and NE disputed areas of the South Caucasus (Karabakh,
  Abkhazia, South Ossetia);
* rivers: the web basemap's rivers (``geodata/basemap/rivers.geojson``), at the middle of
  each named river's longest part;
* towns: NE 10m populated places (``min_zoom``, population), plus the gazetteer's towns
  within 12 km of a corridor segment that NE lacks (``geodata/gazetteer.csv``, each with
  its own source).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point
from shapely.ops import linemerge, unary_union

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO / ".." / "shared" / "geodata-src"
REGION = "region_20E-85E_10N-60N"
BOX = (26.0, 20.0, 80.0, 56.0)  # west, south, east, north: what the web map can show
TOWN_BOX = (28.0, 30.0, 66.0, 50.0)  # towns only around the corridors (keeps the map light)
CAUCASUS = {"Azerbaijan", "Armenia", "Georgia"}
NE = "Natural Earth 10m {} (public domain)"


def _read(path: Path) -> gpd.GeoDataFrame:
    frame = gpd.read_file(path)
    return frame.set_crs("EPSG:4326") if frame.crs is None else frame


def _inside(lon: float, lat: float, box: tuple[float, float, float, float] = BOX) -> bool:
    return box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def _row(name: str, kind: str, rank: float, min_zoom: float, lon: float, lat: float,
         source: str) -> dict:
    return {"name": " ".join(str(name).split()), "kind": kind, "rank": round(rank, 3),
            "min_zoom": int(math.floor(min_zoom)), "lon": round(lon, 3), "lat": round(lat, 3),
            "source": source}


def countries(src: Path) -> list[dict]:
    """Country names at NE's label points."""
    frame = _read(src / REGION / "ne_10m_admin_0_countries_region.geojson")
    rows = []
    for r in frame.itertuples():
        if _inside(r.label_x, r.label_y):
            rows.append(_row(r.name, "country", 1 + 0.1 * float(r.labelrank),
                             max(3, float(r.min_label)), r.label_x, r.label_y,
                             NE.format("admin-0 countries")))
    return rows


def seas(src: Path) -> list[dict]:
    """Seas, gulfs and straits at a point inside their polygon."""
    frame = _read(src / REGION / "ne_10m_geography_marine_polys_region.geojson")
    rows = []
    for r in frame.itertuples():
        point = r.geometry.representative_point()
        if r.name == "Caspian Sea":  # the clipped polygon's point falls in the south basin
            point = Point(50.8, 41.6)
        if _inside(point.x, point.y) and r.featurecla != "ocean":
            rows.append(_row(str(r.name).title().replace(" Of ", " of "), "sea",
                             3 + 0.1 * float(r.scalerank), max(4, float(r.min_label)),
                             point.x, point.y, NE.format("marine polygons")))
    return rows


def regions(src: Path) -> list[dict]:
    """Admin-1 units of the South Caucasus, the Nakhchivan exclave and disputed areas."""
    frame = _read(src / REGION / "ne_10m_admin_1_label_points_region.geojson")
    frame = frame[frame["admin"].isin(CAUCASUS)].drop_duplicates("name")
    rows = [_row(r.name, "region", 4 + 0.05 * float(r.scalerank), 8 if r.admin == "Azerbaijan"
                 else 7, r.geometry.x, r.geometry.y, NE.format("admin-1 label points"))
            for r in frame.itertuples() if r.name and "?" not in r.name]
    exclave = _read(src / REGION / "nakhchivan_exclave_from_ne_10m_admin_0.geojson")
    point = exclave.geometry.iloc[0].representative_point()
    rows.append(_row("Nakhchivan", "region", 2.4, 5, point.x, point.y,
                     "Natural Earth 10m admin-0 (Nakhchivan exclave polygon; public domain)"))
    disputed = _read(src / REGION / "ne_10m_admin_0_disputed_areas_region.geojson")
    names = {"Azerbaijan": "Karabakh", "Georgia": None}
    for r in disputed.itertuples():
        if r.ADMIN not in names or "Self admin" not in str(r.NOTE_BRK):
            continue
        name = names[r.ADMIN] or str(r.BRK_NAME)
        point = r.geometry.representative_point()
        rows.append(_row(name, "region", 2.5, 6, point.x, point.y,
                         NE.format("disputed areas")))
    return rows


def rivers(repo: Path) -> list[dict]:
    """Each named river once, at the middle of its longest merged part."""
    frame = _read(repo / "geodata" / "basemap" / "rivers.geojson")
    rows = []
    for name, group in frame.groupby("name"):
        merged = unary_union(list(group.geometry))
        if merged.geom_type == "MultiLineString":
            merged = linemerge(merged)
        parts = list(getattr(merged, "geoms", [merged]))
        longest = max(parts, key=lambda g: g.length)
        point = longest.interpolate(0.5, normalized=True)
        if _inside(point.x, point.y):
            rows.append(_row(name, "river", 4.5, 6 if name in ("Aras", "Kura") else 7,
                             point.x, point.y, NE.format("rivers and lake centerlines")))
    return rows


def towns(src: Path) -> list[dict]:
    """Return populated places ranked by NE's own zoom and population."""
    frame = _read(src / REGION / "ne_10m_populated_places_region.geojson")
    rows = []
    for r in frame.itertuples():
        lon, lat = r.geometry.x, r.geometry.y
        if not _inside(lon, lat, TOWN_BOX):
            continue
        capital = float(r.ADM0CAP or 0) == 1
        pop = max(float(r.POP_MAX or 0), 1.0)
        rank = (3.5 if capital else 5.0) + max(0.0, 7 - math.log10(pop)) * 0.3
        min_zoom = float(r.min_zoom) if r.min_zoom == r.min_zoom else 8.0
        if r.ADM0_A3 in ("AZE", "ARM", "GEO"):
            min_zoom -= 1  # the region this atlas is about shows its towns a level earlier
        rows.append(_row(r.NAME, "capital" if capital else "town", rank,
                         max(4, min(min_zoom, 10)), lon, lat, NE.format("populated places")))
    return rows


def route_towns(repo: Path, known: list[dict], km: float = 12.0) -> list[dict]:
    """Gazetteer towns near a corridor segment that Natural Earth does not name."""
    gaz = pd.read_csv(repo / "geodata" / "gazetteer.csv", keep_default_na=False)
    gaz = gaz[gaz["kind"] == "city"]
    points = gpd.GeoDataFrame(gaz, geometry=gpd.points_from_xy(gaz["lon"], gaz["lat"]),
                              crs="EPSG:4326").to_crs("EPSG:3857")
    routes = pd.concat([_read(p) for p in sorted((repo / "geodata" / "corridors")
                                                 .glob("*.geojson"))])
    lines = unary_union(list(routes.to_crs("EPSG:3857").geometry)).buffer(km * 1000 * 1.3)
    near = points[points.within(lines)].to_crs("EPSG:4326")
    taken = [(k["lon"], k["lat"]) for k in known if k["kind"] in ("town", "capital")]
    rows = []
    for r in near.itertuples():
        x, y = r.geometry.x, r.geometry.y
        if not _inside(x, y, TOWN_BOX):
            continue
        if any(abs(x - a) < 0.06 and abs(y - b) < 0.05 for a, b in taken):  # ~5 km apart
            continue
        rows.append(_row(r.name, "town", 6.0, 8, x, y, f"Gazetteer: {r.source}"))
        taken.append((x, y))
    return rows


def build(src: Path, repo: Path = REPO) -> dict:
    """Return the labels FeatureCollection."""
    rows = countries(src) + seas(src) + regions(src) + rivers(repo)
    town_rows = towns(src)
    rows += town_rows + route_towns(repo, town_rows)
    rows.sort(key=lambda r: (r["rank"], r["name"]))
    features = [{"type": "Feature",
                 "properties": {k: v for k, v in r.items() if k not in ("lon", "lat")},
                 "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]}}
                for r in rows]
    return {"type": "FeatureCollection", "features": features}


def main(argv: list[str] | None = None) -> int:
    """Write the labels file and print a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args(argv)
    doc = build(args.source.resolve())
    out = REPO / "geodata" / "basemap" / "labels.geojson"
    out.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    kinds = pd.Series([f["properties"]["kind"] for f in doc["features"]]).value_counts()
    print(f"wrote {len(doc['features'])} labels to {out.relative_to(REPO)}: "
          + ", ".join(f"{k} {v}" for k, v in kinds.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
