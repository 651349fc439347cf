import streamlit as st
from streamlit_folium import st_folium

from dashboard.ui import data, state

st.title("South Caucasus Corridors Atlas")
geo = data.st_geodata()
base_map, _targets = data.st_base_map()
st.caption(
    "Five corridors drawn from sourced node coordinates on a Natural Earth basemap. "
    "Dashed lines: approximate geometry or not yet operating (see the legend)."
)
st_folium(
    base_map,
    key=state.MAP_KEY,
    height=640,
    use_container_width=True,
    returned_objects=["last_object_clicked_tooltip"],
)
