"""The app's pages, defined once: ``app.py`` navigates them, pages link to them by object.

Linking by object (not by path) keeps ``st.switch_page``/``st.page_link`` inside the
navigation that ``app.py`` declared.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

PAGES = Path(__file__).resolve().parents[1] / "pages"


def _page(name: str, title: str, icon: str, default: bool = False) -> st.Page:
    return st.Page(PAGES / f"{name}.py", title=title, icon=icon, default=default)


MAP = _page("map", "Map", ":material/map:", default=True)
READER = _page("reader", "Reader", ":material/article:")
OVERVIEW = _page("overview", "Overview", ":material/bar_chart:")
SOURCES = _page("sources", "Sources", ":material/upload_file:")
EXPORT = _page("export", "Export", ":material/download:")
ALL = [MAP, READER, OVERVIEW, SOURCES, EXPORT]
