"""Cached loaders: the only ``st.cache_*`` wrappers of the app (all named ``st_*``)."""

from __future__ import annotations

from dataclasses import dataclass

import folium
import geopandas as gpd
import streamlit as st

from dashboard.core import basemap, corridors, mapbuild
from dashboard.ui.assets import LEAFLET_BASE_URL


@dataclass(frozen=True)
class GeoData:
    """Everything drawn from ``geodata/``: basemap layers and corridor layers."""

    basemap: dict[str, gpd.GeoDataFrame]
    segments: gpd.GeoDataFrame
    nodes: gpd.GeoDataFrame
    index: dict[str, dict]


@st.cache_resource(show_spinner="Loading geodata…")
def st_geodata() -> GeoData:
    """Load the basemap and corridor geodata once per server process."""
    return GeoData(
        basemap=basemap.load_basemap(),
        segments=corridors.load_segments(),
        nodes=corridors.load_nodes(),
        index=corridors.load_corridor_index(),
    )


@st.cache_resource(show_spinner="Building the map…")
def st_base_map() -> tuple[folium.Map, mapbuild.ClickTargets]:
    """Build the stable base map once; reruns reuse it so the component never remounts."""
    geo = st_geodata()
    return mapbuild.build_base_map(
        geo.basemap, geo.segments, geo.nodes, geo.index, asset_base_url=LEAFLET_BASE_URL
    )
