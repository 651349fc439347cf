"""Compare page: the five corridors side by side, small maps, exports and a timeline."""

import streamlit as st

from dashboard.ui import cache, data, daterange
from dashboard.ui import compare as view

version = data.corpus_version()
geo = cache.st_geodata()
index = cache.st_index(version)
dates = daterange.control(st.sidebar)
daterange.sync_url()
cells, events = cache.st_compare(version, dates.key() if dates.active else None)

st.title("Compare corridors")
st.caption(f"{dates.label()}. Every statement links to its sources (numbers open the page "
           "it was read from; corpus counts cite the documents). Drawn lengths are measured "
           "on the map lines.")
view.maps()
view.exports(cells, geo.index, version, dates)
view.table(cells, geo.index)

st.subheader("Timeline")
view.timeline(events, geo.index, view.undated_articles(index, dates))
