"""Cached loaders: the only ``st.cache_*`` wrappers of the app (all named ``st_*``)."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard.core import (
    basemap,
    corridors,
    evidence_sql,
    gazetteer,
    ingest_index,
    mapbuild,
    query,
    search_sql,
)
from dashboard.ui import mapstate, mapview, sources_state
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
def st_base_map() -> mapview.PreparedMap:
    """Render the stable base map once; reruns reuse it so the component never remounts."""
    geo = st_geodata()
    return mapview.prepare_base(
        mapbuild.build_base_map(geo.basemap, geo.index, asset_base_url=LEAFLET_BASE_URL))


def corpus_version() -> str:
    """Version of the corpus the app shows (corpus folder plus documents added this session).

    The evidence index is keyed on it, so adding or removing a document rebuilds it.
    """
    return sources_state.corpus_version()


#: Bounds of every per-corpus / per-view cache: a corpus version exists per session that
#: added documents (session storage), so nothing here may grow with the visitors.
CORPUS_CACHE = {"max_entries": 8, "ttl": 3600}
VIEW_CACHE = {"max_entries": 64, "ttl": 3600}


@st.cache_resource(show_spinner="Reading and geoparsing the corpus…", **CORPUS_CACHE)
def st_index(corpus_version: str = "") -> evidence_sql.StoredIndex:
    """Open (or build, when seeds/gazetteer/corridors changed) the evidence index.

    The index stays in its Parquet files and is queried there (only the documents and
    places tables are held). ``corpus_version`` (folder fingerprint + session
    documents) is the cache key; the folder part comes from the on-disk cache keyed by
    the same fingerprint.
    """
    del corpus_version  # part of the cache key only
    return ingest_index.corpus_index(
        sources_state.session_documents(), parser=sources_state.st_parser).index


@st.cache_resource(show_spinner=False)
def st_gazetteer() -> dict[str, gazetteer.Place]:
    """Gazetteer places by id (aliases, coordinate source) -- read once per process."""
    return {p.place_id: p for p in gazetteer.load_gazetteer()}


@st.cache_resource(show_spinner=False)
def st_country_names() -> dict[str, str]:
    """ISO2 code -> country name, from the gazetteer's country places."""
    return {p.country: p.name for p in st_gazetteer().values()
            if p.kind == "country" and p.country}


@st.cache_resource(**CORPUS_CACHE)
def st_sentences(corpus_version: str = "") -> search_sql.StoredSearch:
    """Search of the corpus (SQL over its normalised sentences; corridor and place names)."""
    places = {pid: p.aliases for pid, p in st_gazetteer().items()}
    return search_sql.StoredSearch(st_index(corpus_version).store, st_geodata().index, places)


@st.cache_resource(max_entries=64)
def st_corridor_layer(
    corridor_id: str, statuses: tuple[str, ...] | None, emphasised: bool, dimmed: bool
) -> str:
    """Render one corridor's layer for the map (its script)."""
    geo = st_geodata()
    position = list(geo.index).index(corridor_id)
    groups, _ = mapbuild.build_corridor_groups(
        geo.segments, geo.nodes, geo.index, visible=[corridor_id], statuses=statuses,
        selected=corridor_id if emphasised else None, dimmed=dimmed)
    return mapview.group_script(groups[0], position)


@st.cache_resource(**VIEW_CACHE)
def st_places_layer(
    corpus_version: str,
    sources: tuple[str, ...] | None,
    kinds: tuple[str, ...] | None,
    search: str,
    selected_place: str | None,
    dimmed: bool,
) -> tuple[str, pd.DataFrame]:
    """Render the places layer: (script, places table)."""
    index = st_index(corpus_version)
    flt = query.Filters(sources=sources, kinds=kinds, query=search)
    matches = query.matching_sentences(st_sentences(corpus_version), search) if search else None
    table = query.place_counts(index, flt, matches)
    drawn = mapbuild.with_selected_place(table, index.places, selected_place)
    group, _ = mapbuild.build_overlay(drawn, selected_place=selected_place, dimmed=dimmed)
    position = len(st_geodata().index)
    return mapview.group_script(group, position), table


def map_overlay(
    layers: tuple[str, ...],
    statuses: tuple[str, ...] | None,
    selection: tuple[str, str] | None,
    corpus_version: str,
    sources: tuple[str, ...] | None,
    kinds: tuple[str, ...] | None,
    search: str,
    command: mapstate.Command | None,
) -> tuple[str, pd.DataFrame]:
    """Assemble the map's overlay script from cached per-layer scripts and the view command.

    Returns the overlay script and the places table behind it.  (Clicks are resolved
    from the reported ``atlasId`` by :func:`dashboard.core.mapbuild.parse_atlas_id`.)
    """
    kind, ident = selection or (None, None)
    order = list(st_geodata().index)
    scripts = []
    for corridor_id in sorted(layers, key=order.index):
        chosen = kind == "corridor" and corridor_id == ident
        scripts.append(st_corridor_layer(corridor_id, statuses, chosen,
                                         selection is not None and not chosen))
    sources = query.every_source(st_index(corpus_version), sources)
    script, table = st_places_layer(corpus_version, sources, kinds, search,
                                    ident if kind == "place" else None, kind == "corridor")
    scripts.append(script)
    return mapview.wrap_overlay(scripts, command), table
