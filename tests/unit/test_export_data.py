"""GeoJSON and CSV exports round-trip (dashboard.core.export.data)."""

from __future__ import annotations

import io
import json

import geopandas as gpd
import pandas as pd

from dashboard.core.export.data import excerpts_csv, excerpts_frame, layers_geojson
from dashboard.core.export.render import ExportLayers, ExportRequest
from tests.helpers import BLUE, synthetic_layers, synthetic_places


def _read(data: bytes) -> gpd.GeoDataFrame:
    return gpd.read_file(io.BytesIO(data))


def test_geojson_round_trips_visible_layers_and_places_in_view():
    layers = synthetic_layers()
    request = ExportRequest(corridors=["alpha"], extent=(40.0, 35.0, 50.0, 45.0),
                            places=synthetic_places(), date="2025-01-31")
    data = layers_geojson(request, layers)
    doc = json.loads(data)
    assert doc["type"] == "FeatureCollection"
    assert doc["atlas"] == {"title": request.title, "date": "2025-01-31",
                            "corridors": ["alpha"], "extent": [40.0, 35.0, 50.0, 45.0]}
    frame = _read(data)
    assert frame["layer"].value_counts().to_dict() == {"segment": 2, "node": 3, "place": 1}
    segs = frame[frame["layer"] == "segment"].reset_index(drop=True)
    assert set(segs["corridor"]) == {"alpha"} and set(segs["color"]) == {BLUE}
    original = layers.segments[layers.segments["corridor"] == "alpha"].reset_index(drop=True)
    for got, want in zip(segs.geometry, original.geometry, strict=True):
        assert got.equals_exact(want, 1e-9)
    assert list(segs["approximate_geometry"]) == [False, True]
    place = frame[frame["layer"] == "place"].iloc[0]
    assert place["place_id"] == "p1" and place.geometry.coords[0] == (44.0, 40.0)


def test_geojson_without_extent_keeps_every_located_place_and_all_corridors():
    frame = _read(layers_geojson(ExportRequest(places=synthetic_places()), synthetic_layers()))
    assert set(frame.loc[frame["layer"] == "segment", "corridor"]) == {"alpha", "beta"}
    assert set(frame.loc[frame["layer"] == "place", "place_id"]) == {"p1", "p2"}


def test_csv_keeps_excerpts_verbatim_with_citations():
    tricky = 'He said, "Baku\u2013Tbilisi\u2013Kars" costs $5bn;\nnext line \u0259 \u0570'
    request = ExportRequest(excerpts=[
        {"doc_id": "d1", "start": 3, "end": 3 + len(tricky), "text": tricky,
         "citation": "Trend, 2024", "url": "https://trend.az/1", "place_id": "p1",
         "lat": 40.0, "lon": 44.0},
        {"doc_id": "d2", "start": 0, "end": 4, "text": "=SUM", "citation": "X"},
    ])
    data = excerpts_csv(request)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read UTF-8
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert list(back["number"]) == [1, 2]
    assert back.loc[0, "text"].replace("\r\n", "\n") == tricky
    assert back.loc[0, "citation"] == "Trend, 2024" and back.loc[1, "doc_id"] == "d2"
    assert back.loc[0, "url"] == "https://trend.az/1" and back.loc[1, "url"] == ""


def test_csv_neutralises_formula_cells_and_geojson_keeps_them_verbatim():
    formulas = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)",
                "  =1+1", "\t=1", "\uff1d1"]
    request = ExportRequest(excerpts=[
        {"doc_id": "d1", "start": 0, "end": len(f), "text": f, "citation": f} for f in formulas])
    back = pd.read_csv(io.BytesIO(excerpts_csv(request)), encoding="utf-8-sig",
                       keep_default_na=False)
    assert list(back["text"]) == ["'" + f for f in formulas]
    assert list(back["citation"]) == ["'" + f for f in formulas]
    assert excerpts_frame(request)["text"].tolist() == formulas  # verbatim elsewhere
    safe = ExportRequest(excerpts=[{"doc_id": "d1", "text": "Baku = hub", "citation": "a-b"}])
    assert pd.read_csv(io.BytesIO(excerpts_csv(safe)), encoding="utf-8-sig",
                       keep_default_na=False).loc[0, "text"] == "Baku = hub"


def test_csv_of_no_excerpts_has_only_the_header():
    back = pd.read_csv(io.BytesIO(excerpts_csv(ExportRequest())), encoding="utf-8-sig")
    assert back.empty and "citation" in back.columns


def test_geojson_of_real_layers_has_every_corridor():
    layers = ExportLayers.load()
    frame = _read(layers_geojson(ExportRequest(), layers))
    assert set(frame.loc[frame["layer"] == "segment", "corridor"]) == set(layers.index)
    assert (frame["layer"] == "node").sum() == len(layers.nodes)
    assert frame.crs.to_epsg() == 4326
