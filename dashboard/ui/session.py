"""Every ``st.session_state`` key of the app, and the documents a session holds.

A key read or written through ``st.session_state`` (or given to a widget that is read
back that way) is defined here and nowhere else (``tests/unit/test_session_keys.py``).
Widget keys that are only a widget's identity (download buttons, form fields keyed by a
generation counter) stay beside their widget.
"""

from __future__ import annotations

import streamlit as st

from dashboard.core.corpus import store_session
from dashboard.core.corpus.loader import Document
from dashboard.core.evidence import index as evidence

# --- the map: view, state and selection (shared by the map, reader, compare and export pages)
MAP_KEY = "atlas_map"
MAP_CLICK_SEEN = "atlas_map_click_seen"  # stamp of the last map click delivered (once each)
VIEW = "atlas_view"  # the persisted ViewState (survives page switches)
INITIALISED = "atlas_initialised"
PENDING = "atlas_pending"  # changes to apply before widgets are created (map clicks, chips)
MAP_STATE = "atlas_map_state"  # mapstate.MapState: view, bounds, last command and click
LAST_SELECTION = "atlas_last_selection"  # selection of the previous map run (to frame changes)

# --- the map's widgets
SEL_CORRIDOR = "w_sel_corridor"
SEL_PLACE = "w_sel_place"
STATUSES = "w_statuses"
KINDS = "w_kinds"
SOURCES = "atlas_sources"  # None (every source) or the chosen ids; see ui.source_picker
SOURCE_QUERY = "w_source_query"
SOURCE_PAGE = "w_source_page"
SOURCE_ALL = "w_source_all"
SOURCE_BOX = "w_source_"  # + c|m + generation + "_" + doc id: a chosen / matching source
SOURCE_GEN = "atlas_source_gen"  # bumped when the chosen set changes (fresh checkboxes)
SEARCH = "w_search"
EXCERPT_PAGE = "w_excerpt_page"

# --- who says what (ui.voices): outlet facets, excerpt order, the side-by-side view
OUTLET_COUNTRIES = "w_outlet_countries"
OUTLET_TYPES = "w_outlet_types"
EXCERPT_SORT = "w_excerpt_sort"
WHO_VIEW = "w_who_view"

# --- search results (ui.search_results)
SEARCH_SORT = "w_search_sort"
SEARCH_PAGE = "w_search_page"
SEARCH_LAST_QUERY = "atlas_search_last_query"

# --- links inside rendered HTML (ui.links) and the derived-cache check (ui.cachehealth)
LINKS_SEEN = "atlas_links_seen"
CACHE_CHECKED = "_atlas_cache_checked"  # folder signature whose cache this session checked

# --- reader page
READER_DOC = "w_reader_doc"
REVIEW_NOTICE = "atlas_review_notice"  # the last saved correction's confirmation (ui.review)
REVIEW_PAGE = "w_review_page"  # the Review page's queue page
READER_PAGE = "w_reader_page"
READER_DOC_FROM_URL = "reader_doc_from_url"  # the ?doc= already applied to READER_DOC
READER_TARGET = "reader_target"  # (doc, target) already paged to

# --- compare page timeline (ui.compare)
TIMELINE_EVENT = "w_timeline_event"
TIMELINE_CHART = "timeline_chart"
TIMELINE_HANDLED = "timeline_chart_handled"

# --- export page
EXPORT_REQUEST = "export_request_json"  # ExportRequest.to_json() of the prepared exports
EXPORT_VIEW_PNG = "export_view_png"  # bytes of the last exact-view capture

# --- sources page (ui.sources_state, ui.source_metadata, pages.sources)
SESSION_DOCS = "atlas_sources_session_docs"  # list[tuple[dict[str, str], str]]: row, text
LAST_ADDED = "atlas_sources_last_added"  # AddReport of the latest add, shown once more
LAST_PARSED = "atlas_sources_last_parsed"  # (document key, DocumentResult) of the latest add
FORM_GENERATION = "atlas_sources_form_gen"  # bumped after a successful add: clears the form
SOURCES_FLASH = "atlas_sources_flash"  # message of the last removal, shown after the rerun
REMOVE_GENERATION = "atlas_sources_remove_gen"
META_CHOICE = "w_meta_doc"
META_GENERATION = "atlas_meta_gen"  # bumped after a save: the form re-reads the stored values
META_FLASH = "atlas_meta_flash"
META_VERSIONS = "atlas_meta_versions"  # {form key: version of the row when the form opened}

# --- the date range (every page's sidebar; ui/daterange.py)
DATES = "atlas_dates"  # the DateRange shown (survives page switches; from the URL at first)
DATE_PRESET = "w_date_preset"
DATE_FROM = "w_date_from"
DATE_TO = "w_date_to"
DATE_UNDATED = "w_date_undated"
DATES_PENDING = "atlas_dates_pending"  # a month clicked in a chart, applied before the widgets
TREND_MONTH = "w_trend_month"  # the month picked beside a trend chart
TREND_CHART = "trend_chart"  # the Overview's trend chart (its click selection)
CARD_TREND_CHART = "card_trend_chart"  # the corridor card's small trend
NEW_SINCE = "w_new_since"  # the day of the Overview's "new since" view


def trend_month_key(chart: str) -> str:
    """Key of the month box beside a trend chart (``chart``: the chart's key)."""
    return f"{TREND_MONTH}_{chart}"


def chart_handled_key(chart: str) -> str:
    """Key of the last click of a chart that was acted on (a click is handled once)."""
    return f"{chart}_handled"


def layer_key(corridor_id: str) -> str:
    """Widget key of a corridor's visibility checkbox."""
    return f"w_layer_{corridor_id}"


def session_entries() -> list[tuple[dict[str, str], str]]:
    """Return the ``(sources row, text)`` pairs held in this session."""
    return list(st.session_state.get(SESSION_DOCS, []))


def session_documents() -> list[Document]:
    """Return the documents added in this session (empty in local mode).

    They are built exactly as the corpus loader would read them from disk.
    """
    return [store_session.session_document(row, text) for row, text in session_entries()]


def analyse(doc: Document, parser: evidence.Parser) -> evidence.DocumentResult:
    """Geoparse ``doc``, reusing the result of this session's latest add when it is the same.

    An added article is thus geoparsed once: for the confirmation, not again when the
    index is rebuilt on the next run.
    """
    last = st.session_state.get(LAST_PARSED)
    if last is not None and last[0] == store_session.document_key(doc):
        return last[1]
    return evidence.process_document(doc, parser)
