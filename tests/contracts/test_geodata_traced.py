"""Contract tests: traced geometry, honest schematic lines, licences (issue: traced corridors).

The traced lines are checked against the public route data they were traced on, which lives
in the shared geodata source folder beside the repository (``../shared/geodata-src``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, MultiLineString, shape

from dashboard.cli import main
from dashboard.core.geodata import geometry as gg
from dashboard.core.geodata import trace as gt
from dashboard.core.geodata.basemap import load_detail_countries
from dashboard.core.geodata.corridors import CORRIDOR_IDS, load_nodes
from dashboard.core.geodata.validate import validate_geodata
from dashboard.core.geodata.validate_features import offshore_km
from dashboard.core.paths import REPO_ROOT, geodata_dir

ROUTES = REPO_ROOT.parent / "shared" / "geodata-src" / "routes"
LAND_MODES = ("rail", "road", "pipeline", "multimodal")
TRACED = {
    "btc_azerbaijan", "btc_georgia", "btc_turkey",  # GEM
    "mc_alat_baku", "mc_alat_tbilisi",  # Middle Corridor, Böyük Kəsik-Baku/Alat
    "instc_yalama_baku", "instc_baku_astara",  # INSTC Astara-Baku-Yalama
    "zg_horadiz_aghband",  # Zangezur, under construction
    "zg_ordubad_julfa_nakhchivan", "zg_nakhchivan_sadarak",  # Nakhchivan line
    "ar_julfa_nakhchivan",
}


def _segments(geodata: Path | None = None) -> list[dict]:
    feats = []
    for cid in CORRIDOR_IDS:
        path = (geodata or geodata_dir()) / "corridors" / f"{cid}.geojson"
        doc = json.loads(path.read_text(encoding="utf-8"))
        feats += [f for f in doc["features"] if f["geometry"]["type"] == "LineString"]
    return feats


@pytest.fixture(scope="module")
def land():
    countries = load_detail_countries(geodata_dir())
    return shapely.union_all(countries.geometry.values)


def test_every_segment_has_geometry_source_and_licence():
    for feat in _segments():
        props = feat["properties"]
        src = props["geometry_source"]
        assert src["kind"] in ("traced", "schematic"), feat["id"]
        assert src["method"].strip() and props["licence"].strip(), feat["id"]
        assert props["attribution"].strip(), feat["id"]
        assert props["approximate_geometry"] is (src["kind"] == "schematic"), feat["id"]
        if src["kind"] == "traced" and src["dataset"] == "OpenStreetMap":
            assert props["licence"] == "ODbL-1.0"
            assert props["attribution"] == "© OpenStreetMap contributors"
            assert src["osm_way_ids"] and all(isinstance(w, int) for w in src["osm_way_ids"])
        elif src["kind"] == "traced":
            assert src["gem_project_id"] == "P0644" and "Global Energy Monitor" in (
                props["attribution"]
            )


def test_btc_and_azerbaijani_rail_sections_are_traced():
    traced = {f["id"] for f in _segments() if f["properties"]["geometry_source"]["kind"] ==
              "traced"}
    assert traced == TRACED


def test_no_land_segment_crosses_open_water(land):
    tolerance = {}
    for _, node in load_nodes().iterrows():
        pt = node.geometry
        tolerance[(round(pt.x, 4), round(pt.y, 4))] = float(node.get("tolerance_m") or 0)
    for feat in _segments():
        if feat["properties"]["mode"] not in LAND_MODES:
            continue
        line = shape(feat["geometry"])
        ends = [(x, y, tolerance.get((round(x, 4), round(y, 4)), 0.0))
                for x, y in (line.coords[0], line.coords[-1])]
        assert offshore_km(line, land, ends) == 0.0, feat["id"]


def test_rail_over_the_caspian_is_reported(tmp_path):
    geo = tmp_path / "geodata"
    shutil.copytree(geodata_dir() / "corridors", geo / "corridors")
    shutil.copytree(geodata_dir() / "basemap", geo / "basemap")
    path = geo / "corridors" / "instc.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    feat = next(f for f in doc["features"] if f["id"] == "instc_astrakhan_makhachkala")
    coords = feat["geometry"]["coordinates"]
    feat["geometry"]["coordinates"] = [coords[0], [47.6, 44.6], coords[-1]]  # across the sea
    path.write_text(json.dumps(doc), encoding="utf-8")
    errors = validate_geodata(geo).errors
    assert any(e.startswith("instc.geojson: instc_astrakhan_makhachkala:") and
               "open water" in e for e in errors), errors


def _osm_ways() -> dict[int, LineString]:
    path = ROUTES / "osm_railways_azerbaijan_bbox.geojson"
    if not path.is_file():
        pytest.skip(f"route source {path.name} not beside the repository")
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {f["properties"]["osm_way_id"]: shape(f["geometry"]) for f in doc["features"]}


def _gem_route(project: str) -> LineString:
    path = ROUTES / "gem_pipelines_btc_supsa.geojson"
    if not path.is_file():
        pytest.skip(f"route source {path.name} not beside the repository")
    doc = json.loads(path.read_text(encoding="utf-8"))
    return next(shape(f["geometry"]) for f in doc["features"]
                if f["properties"]["ProjectID"] == project)


def test_traced_segments_stay_within_1_km_of_their_source_ways():
    ways = _osm_ways()
    for feat in _segments():
        src = feat["properties"]["geometry_source"]
        if src["kind"] != "traced":
            continue
        if src["dataset"] == "OpenStreetMap":
            source = MultiLineString([ways[w] for w in src["osm_way_ids"]])
        else:
            source = _gem_route(src["gem_project_id"])
        line = shape(feat["geometry"])
        assert gt.max_distance_m(line, source) <= 1000.0, feat["id"]


def test_traced_line_far_from_its_ways_is_caught():
    ways = _osm_ways()
    feat = next(f for f in _segments() if f["id"] == "zg_horadiz_aghband")
    source = MultiLineString([ways[w] for w in feat["properties"]["geometry_source"]
                              ["osm_way_ids"]])
    moved = shapely.affinity.translate(shape(feat["geometry"]), yoff=0.02)  # ~2.2 km north
    assert gt.max_distance_m(moved, source) > 1000.0


def test_zangezur_and_aras_lines_keep_their_banks_apart():
    """The Iranian-bank Aras line is >= 1.5 km (>= 3 px at zoom 8) from every Zangezur line."""
    feats = {f["id"]: shape(f["geometry"]) for f in _segments()}
    zangezur = shapely.union_all([g for k, g in feats.items() if k.startswith("zg_")])
    iran = feats["ar_iranian_bank"]
    km = gg.geodesic_length_km(iran)
    inner = shapely.ops.substring(iran, 3.0 / km, 1 - 3.0 / km, normalized=True)
    gaps = []
    for t in np.linspace(0, 1, 80):
        p = inner.interpolate(t, normalized=True)
        q = shapely.ops.nearest_points(zangezur, p)[0]
        gaps.append(gg.geodesic_distance_m((p.x, p.y), (q.x, q.y)))
    assert min(gaps) >= 1500.0
    assert np.median(gaps) >= 3000.0


def test_cli_validate_prints_traced_share_and_water(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "traced share" in out
    btc = next(line for line in out.splitlines() if line.startswith("btc "))
    assert btc.rstrip().endswith("100.0%")
    water = out.split("Segments over water that are not ferries")[1].splitlines()
    assert water[1].strip() == "none"
    assert "Nodes outside their stated country" in out
