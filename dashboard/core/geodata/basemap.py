"""Natural Earth basemap layers for the web map (small, simplified GeoJSON)."""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd

from dashboard.core.paths import geodata_dir

BASEMAP_LAYERS: tuple[str, ...] = ("countries", "caspian", "lakes", "rivers")
DETAIL_COUNTRIES = "countries_detail"
ATTRIBUTION = "Made with Natural Earth (public domain)"


def basemap_dir(geodata: Path | None = None) -> Path:
    """Return ``<geodata>/basemap``."""
    return (geodata or geodata_dir()) / "basemap"


def _read(path: Path) -> gpd.GeoDataFrame:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Could not parse column")
        frame = gpd.read_file(path)
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    return frame


def load_basemap(geodata: Path | None = None) -> dict[str, gpd.GeoDataFrame]:
    """Load the web basemap layers.

    Parameters
    ----------
    geodata
        Geodata root; defaults to the repository ``geodata`` folder.

    Returns
    -------
    dict
        ``countries`` (``name``, ``iso_a2``, polygons), ``caspian`` (polygon),
        ``lakes`` (``name``) and ``rivers`` (``name``; includes the Aras and the Kura),
        all EPSG:4326, and ``labels`` (:func:`load_labels`).
    """
    folder = basemap_dir(geodata)
    layers = {name: _read(folder / f"{name}.geojson") for name in BASEMAP_LAYERS}
    layers["labels"] = load_labels(geodata)
    return layers


def load_detail_countries(geodata: Path | None = None) -> gpd.GeoDataFrame:
    """Load the detailed country polygons used for validation (not sent to the browser).

    Parameters
    ----------
    geodata
        Geodata root; defaults to the repository ``geodata`` folder.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``name``, ``iso_a2``, ``adm0_a3``; NE 10m polygons around the corridors.
    """
    return _read(basemap_dir(geodata) / f"{DETAIL_COUNTRIES}.geojson")


def load_labels(geodata: Path | None = None) -> gpd.GeoDataFrame:
    """Load the basemap's names (``labels.geojson``: name, kind, rank, min_zoom, source)."""
    return _read(basemap_dir(geodata) / "labels.geojson")
