"""Unit tests of the web basemap layers."""

from __future__ import annotations

from dashboard.core.basemap import BASEMAP_LAYERS, basemap_dir, load_basemap


def test_layers_and_columns():
    layers = load_basemap()
    assert set(layers) == set(BASEMAP_LAYERS)
    assert {"name", "iso_a2"} <= set(layers["countries"].columns)
    assert "-99" not in set(layers["countries"]["iso_a2"].dropna())
    assert {"AZ", "AM", "GE", "TR", "IR", "RU", "KZ", "TM"} <= set(layers["countries"]["iso_a2"])
    assert layers["caspian"].geometry.iloc[0].geom_type in ("Polygon", "MultiPolygon")
    rivers = set(layers["rivers"]["name"])
    assert {"Aras", "Kura"} <= rivers
    for frame in layers.values():
        assert frame.crs.to_epsg() == 4326
        assert frame.geometry.is_valid.all()


def test_web_payload_small():
    total = sum((basemap_dir() / f"{name}.geojson").stat().st_size for name in BASEMAP_LAYERS)
    assert total <= 200 * 1024, total


def test_licence_statement_present():
    text = (basemap_dir() / "README.md").read_text(encoding="utf-8")
    assert "Natural Earth" in text and "public domain" in text
