"""Test entry point: the real Map page plus the Sources page.

Used by the upload browser test only while ``dashboard/app.py`` does not register the
Sources page yet; it registers the same page files the app does.
"""

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

st.set_page_config(page_title="South Caucasus Corridors Atlas", layout="wide")
PAGES = ROOT / "dashboard" / "pages"
st.navigation(
    [
        st.Page(PAGES / "map.py", title="Map", default=True),
        st.Page(PAGES / "sources.py", title="Sources"),
    ]
).run()
