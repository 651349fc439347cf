"""Compare page: the five corridors side by side, small maps, exports and a timeline."""

import streamlit as st

from dashboard.ui import cache, data
from dashboard.ui import compare as view

version = data.corpus_version()
geo = cache.st_geodata()
index = cache.st_index(version)
cells, events = cache.st_compare(version)

st.title("Compare corridors")
st.caption("Every statement links to its sources (numbers open the page it was read from; "
           "corpus counts cite the documents). Drawn lengths are measured on the map lines.")
view.maps()
view.exports(cells, geo.index, version)
view.table(cells, geo.index)

st.subheader("Timeline")
view.timeline(events, geo.index, view.undated_articles(index))
