"""South Caucasus Corridors Atlas -- entry point: ``streamlit run dashboard/app.py``."""

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # make ``dashboard`` importable

st.set_page_config(page_title="South Caucasus Corridors Atlas", page_icon="🗺️", layout="wide")

from dashboard.ui import auth, cachehealth, nav  # noqa: E402 - after the path fix above

pages = st.navigation(nav.all_pages())
auth.sidebar()
cachehealth.heal_damaged_cache()
pages.run()
