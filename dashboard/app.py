"""South Caucasus Corridors Atlas -- entry point: ``streamlit run dashboard/app.py``."""

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # make ``dashboard`` importable

st.set_page_config(page_title="South Caucasus Corridors Atlas", page_icon="🗺️", layout="wide")

PAGES = Path(__file__).parent / "pages"
navigation = st.navigation(
    [
        st.Page(PAGES / "map.py", title="Map", icon=":material/map:", default=True),
        st.Page(PAGES / "reader.py", title="Reader", icon=":material/article:"),
        st.Page(PAGES / "overview.py", title="Overview", icon=":material/bar_chart:"),
        st.Page(PAGES / "compare.py", title="Compare", icon=":material/compare_arrows:"),
        st.Page(PAGES / "sources.py", title="Sources", icon=":material/upload_file:"),
        st.Page(PAGES / "export.py", title="Export", icon=":material/download:"),
    ]
)
navigation.run()
