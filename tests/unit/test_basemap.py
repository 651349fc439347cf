"""Unit tests of the web basemap layers."""

from __future__ import annotations

from dashboard.core.geodata.basemap import BASEMAP_LAYERS, basemap_dir, load_basemap


def test_layers_and_columns():
    layers = load_basemap()
    assert set(layers) == {*BASEMAP_LAYERS, "labels"}
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


def test_labels_name_the_corridor_towns_and_regions_with_zoom_and_source():
    labels = load_basemap()["labels"]
    assert {"name", "kind", "rank", "min_zoom", "source"} <= set(labels.columns)
    assert labels["source"].str.len().min() > 0
    names = set(labels["name"])
    assert {"Nakhchivan", "Karabakh", "Syunik", "Caspian Sea", "Black Sea", "Aras", "Kura",
            "Meghri", "Ordubad", "Azerbaijan", "Armenia", "Georgia"} <= names
    by_name = labels.drop_duplicates("name").set_index("name")
    assert by_name.loc["Azerbaijan", "kind"] == "country"
    assert by_name.loc["Nakhchivan", "min_zoom"] <= 5  # legible at the default view
    assert labels["min_zoom"].between(3, 10).all()
    assert labels.geometry.y.between(15, 60).all() and labels.geometry.x.between(20, 90).all()
