"""Export page: the form, then the preview and the downloads of the prepared request."""

import streamlit as st

from dashboard.ui import cache, data, daterange
from dashboard.ui import export as ui_export
from dashboard.ui import session as keys

geo = cache.st_geodata()
version = data.corpus_version()
index = cache.st_index(version)
view = st.session_state.get(keys.VIEW)  # the map page's ViewState (None before a visit)
dates = daterange.control(st.sidebar)
daterange.sync_url()

st.title("Export a briefing")
st.caption("A slide-ready figure drawn from the map's own layers (no browser needed), an exact "
           "screenshot of the interactive view, the map as one offline HTML file, and the data. "
           f"Every file states its dates: {dates.label().lower()}.")

current_extent = ui_export.view_extent(view)
excerpt_rows = ui_export.selection_excerpts(index, view, version)
choices, submitted = ui_export.export_form(geo.index, view, current_extent, excerpt_rows)

if submitted or keys.EXPORT_REQUEST not in st.session_state or ui_export.out_of_date():
    request = ui_export.build_request(choices, view, geo, index, version, excerpt_rows,
                                      current_extent)
    st.session_state[keys.EXPORT_REQUEST] = request.to_json()
    st.session_state.pop(keys.EXPORT_VIEW_PNG, None)

ui_export.downloads(st.session_state[keys.EXPORT_REQUEST])
