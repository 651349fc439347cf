import streamlit as st

from dashboard.core import query
from dashboard.core.htmlsafe import escape_html, escape_markdown, escape_text
from dashboard.core.mapbuild import PLACE_KIND_COLORS, STATUS_LABELS
from dashboard.core.permalink import Vocabulary
from dashboard.ui import data, evidence_panel, mapview, permalink
from dashboard.ui import state as keys

geo = data.st_geodata()
version = data.corpus_version()
index = data.st_index(version)
corridor_ids = tuple(geo.index)
vocab = Vocabulary(
    layers=corridor_ids,
    statuses=tuple(STATUS_LABELS),
    kinds=tuple(PLACE_KIND_COLORS),
    sources=tuple(index.documents["doc_id"]),
    places=tuple(index.places["place_id"]),
)
view = permalink.init_session(vocab)
permalink.apply_pending()
view = st.session_state[keys.VIEW]

# ---------------------------------------------------------------- sidebar: filters
sidebar = st.sidebar
sidebar.header("Layers and filters")
search = sidebar.text_input("Search the excerpts", key=keys.SEARCH,
                            placeholder="e.g. railway, Aras, Nakhchivan").strip()
source_flt = tuple(st.session_state.get(keys.SOURCES, vocab.sources))
matches = query.matching_sentences(data.st_sentences(version), search) if search else None
flt = query.Filters(sources=source_flt, kinds=None, query=search)
counts = query.corridor_counts(index, flt, corridor_ids, matches)
sidebar.markdown("**Corridors** (excerpts)")
for cid, facts in geo.index.items():
    color = escape_html(facts.get("color", "#333"))
    col_swatch, col_box = sidebar.columns([1, 9], vertical_alignment="center")
    col_swatch.markdown(f'<span style="color:{color};font-size:1.3rem">&#9644;</span>',
                        unsafe_allow_html=True)
    col_box.checkbox(f"{facts.get('short_name') or facts['name']} ({counts[cid]})",
                     key=keys.layer_key(cid))
sidebar.multiselect("Segment status", list(STATUS_LABELS), key=keys.STATUSES,
                    format_func=lambda s: STATUS_LABELS[s])
sidebar.multiselect("Place kinds", list(PLACE_KIND_COLORS), key=keys.KINDS,
                    format_func=lambda k: k.replace("_", " "))
labels = {d: evidence_panel.source_label(index.documents, d) for d in vocab.sources}
sidebar.multiselect("Sources", list(vocab.sources), key=keys.SOURCES, format_func=labels.get)

# ------------------------------------------------------- selection (widget twins)
col_map, col_panel = st.columns([5, 3], gap="medium")
with col_panel:
    st.subheader("Evidence")
    sel_a, sel_b = st.columns(2)
    sel_a.selectbox("Corridor", [None, *corridor_ids], key=keys.SEL_CORRIDOR,
                    format_func=lambda c: "—" if c is None else geo.index[c].get(
                        "short_name") or geo.index[c]["name"],
                    on_change=lambda: st.session_state.update({keys.SEL_PLACE: None}))
    place_names = dict(zip(index.places["place_id"], index.places["name"], strict=True))
    ranked = index.places.sort_values("mention_count", ascending=False)["place_id"].tolist()
    sel_b.selectbox("Place", [None, *ranked], key=keys.SEL_PLACE,
                    format_func=lambda p: "—" if p is None else place_names.get(p, p),
                    on_change=lambda: st.session_state.update({keys.SEL_CORRIDOR: None}))

state = permalink.current_state(vocab, view.center, view.zoom)
selected_corridor = state.selection[1] if state.selection and state.selection[0] == "corridor" \
    else None
selected_place = state.selection[1] if state.selection and state.selection[0] == "place" else None

# ------------------------------------------------------------------------ map
# A search narrows the map to the corridors and places with matching excerpts.
drawn = tuple(c for c in state.layers or () if not search or counts[c] > 0)
overlay, targets, place_table = data.map_overlay(
    drawn, state.statuses, selected_corridor, version, state.sources, state.kinds, search,
    selected_place)
with col_map:
    st.markdown("### South Caucasus Corridors Atlas")
    if search and not drawn and place_table.empty:
        st.warning(f"Nothing matches “{escape_markdown(search)}” under the current filters.")
    elif not drawn and place_table.empty:
        st.warning("The filters hide every corridor and place: tick a corridor or widen the "
                   "place kinds and sources in the sidebar.")
    event = mapview.show_map(data.st_base_map(), overlay, key=keys.MAP_KEY,
                             center=state.center, zoom=state.zoom)
    st.caption(
        f"{len(place_table)} places mentioned · dashed lines: approximate geometry or not yet "
        "operating; dotted rings: approximate node coordinates. Basemap: Natural Earth."
    )

# The map reports its view and the last clicked object; only changes since the last
# *handled* event count (the component repeats its last value on every rerun).  The event
# is marked handled only once handled, so a rerun interrupted by a later map move cannot
# swallow a click.
last = st.session_state.get(keys.LAST_MAP_EVENT)
if mapview.is_user_move(last, event, requested=state.center):
    state = permalink.current_state(vocab, event.center, event.zoom)
if event.bounds is not None and event.center is not None:
    st.session_state[keys.MAP_BOUNDS] = (event.center, event.zoom, event.bounds)
permalink.write_url(state, vocab)
if event.click is not None and event.click != (last.click if last else None):
    hit = targets.resolve(event.tooltip)  # a click selects it via the keyed widget twins
    if hit and hit != state.selection:
        permalink.request(selection=hit)
        st.session_state[keys.LAST_MAP_EVENT] = event
        st.rerun()
st.session_state[keys.LAST_MAP_EVENT] = event

# ------------------------------------------------------------------ evidence panel
with col_panel:
    if selected_corridor:
        evidence_panel.corridor_card(geo.index[selected_corridor], geo.nodes)
        table = query.corridor_excerpts(index, selected_corridor, flt, matches)
        name = geo.index[selected_corridor].get("short_name") or selected_corridor
        evidence_panel.excerpts(index, table, search,
                                f"No excerpt in the selected sources links to {name}"
                                + (f" and matches “{escape_markdown(search)}”." if search else "."))
    elif selected_place:
        row = index.places[index.places["place_id"] == selected_place].iloc[0]
        st.markdown(f"#### {escape_html(row['name'])}  \n"
                    f"<span class='atlas-meta'>{escape_html(str(row['kind']).replace('_', ' '))}"
                    f" · {escape_html(row.get('country') or '')} · "
                    f"{float(row['lat']):.3f}, {float(row['lon']):.3f}</span>",
                    unsafe_allow_html=True)
        table = query.place_excerpts(index, selected_place, flt, matches)
        evidence_panel.excerpts(index, table, search,
                                "No excerpt in the selected sources mentions this place"
                                + (f" and matches “{escape_markdown(search)}”." if search else "."))
    else:
        st.info("Click a corridor or a place on the map, or pick one above, to see what the "
                "sources say about it.")
        if search:
            st.markdown(f"**{len(matches or ())} sentences** match “{escape_text(search)}”.",
                        unsafe_allow_html=True)
