import streamlit as st

from dashboard.core.evidence import query
from dashboard.core.evidence.search_limit import MAX_QUERY_CHARS, limit_query
from dashboard.core.map.build import PLACE_KIND_COLORS, STATUS_LABELS
from dashboard.core.map.permalink import Vocabulary
from dashboard.core.text.htmlsafe import escape_markdown
from dashboard.ui import (
    cache,
    data,
    daterange,
    layout,
    mapcontrol,
    mapstate,
    mapview,
    permalink,
    selection,
    source_picker,
)
from dashboard.ui import session as keys

geo = cache.st_geodata()
version = data.corpus_version()
index = cache.st_index(version)
corridor_ids = tuple(geo.index)
vocab = Vocabulary(layers=corridor_ids, statuses=tuple(STATUS_LABELS),
                   kinds=tuple(PLACE_KIND_COLORS), sources=tuple(index.documents["doc_id"]),
                   places=tuple(index.places["place_id"]))
url = permalink.init_session(vocab)
permalink.apply_pending()
mounted = mapcontrol.take_report(
    {"corridor": set(corridor_ids), "place": set(vocab.places)},
    mapstate.View(url.center, url.zoom) if url.center and url.zoom else None)
layout.map_page_css()
layout.map_title()

# ---------------------------------------------------------------- sidebar: filters
sidebar = st.sidebar
sidebar.header("Layers and filters")
search, cut_note = limit_query(sidebar.text_input(
    "Search the excerpts", key=keys.SEARCH, max_chars=MAX_QUERY_CHARS,
    placeholder="e.g. railway, Aras, Nakhchivan"))
if cut_note:
    sidebar.caption(cut_note)
dates = daterange.control(sidebar)
matches = query.matching_sentences(cache.st_sentences(version), search) if search else None
flt = query.Filters(sources=source_picker.chosen(), kinds=None, query=search, dates=dates)
counts = query.corridor_counts(index, flt, corridor_ids, matches)
layout.corridor_toggles(sidebar, geo.index, counts)
sidebar.multiselect("Segment status", list(STATUS_LABELS), key=keys.STATUSES,
                    format_func=lambda s: STATUS_LABELS[s])
sidebar.multiselect("Place kinds", list(PLACE_KIND_COLORS), key=keys.KINDS,
                    format_func=lambda k: k.replace("_", " "))
source_picker.source_picker(sidebar, cache.st_source_table(version), index.texts.get)

# ------------------------------------------------------- selection (widget twins)
col_map, col_panel = st.columns([13, 7], gap="small")
with col_panel:
    layout.selection_boxes(geo.index, index.places)

view = mapcontrol.current_view()
state = permalink.current_state(vocab, view.center if view else None, view.zoom if view else None)
frame, max_zoom = mapcontrol.selection_frame(state.selection, geo.segments, geo.nodes,
                                             index.places)
command = mapcontrol.decide_command(mounted, state.selection, frame, max_zoom)

# ------------------------------------------------------------------------ map
# A search narrows the map to the corridors and places with matching excerpts.
drawn = tuple(c for c in state.layers or () if not search or counts[c] > 0)
overlay, place_table = data.map_overlay(
    drawn, state.statuses, state.selection, version, state.sources, state.kinds, search,
    command, mapcontrol.place_window(), dates)
with col_map:
    if search and not drawn and place_table.empty:
        st.warning(f"Nothing matches “{escape_markdown(search)}” under the current filters.")
    elif not drawn and place_table.empty:
        st.warning("The filters hide every corridor and place: tick a corridor or widen the "
                   "place kinds and sources in the sidebar.")
    mapview.show_map(cache.st_base_map(), overlay, key=keys.MAP_KEY)
    layout.map_caption(len(place_table))
permalink.write_url(state, vocab)

# ------------------------------------------------------------------ evidence panel
panel_flt = selection.panel_filters(flt)
with col_panel:
    selection.selection_panel(index, geo.index, geo.nodes, state.selection, panel_flt, matches,
                              search)
    layout.back_to_map()
selection.who_view(index, geo.index, state.selection, panel_flt, matches)
