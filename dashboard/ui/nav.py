"""The app's pages, declared once: ``app.py`` navigates them, pages link to them by object.

Linking by ``st.Page`` object (not by path) keeps ``st.switch_page``/``st.page_link``
inside the navigation ``app.py`` declared.  Objects are made per call: Streamlit binds
them to the running script.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

#: The page scripts. Not a folder called ``pages/`` beside ``app.py``: Streamlit runs a
#: script found there directly on a deep link, bypassing app.py's navigation and set-up.
PAGES = Path(__file__).resolve().parents[1] / "views"
#: name -> (title, icon), in menu order; the first is the default page.
SPEC: dict[str, tuple[str, str]] = {
    "map": ("Map", ":material/map:"),
    "reader": ("Reader", ":material/article:"),
    "overview": ("Overview", ":material/bar_chart:"),
    "compare": ("Compare", ":material/compare_arrows:"),
    "review": ("Review", ":material/fact_check:"),
    "sources": ("Sources", ":material/upload_file:"),
    "export": ("Export", ":material/download:"),
}


def page(name: str) -> st.Page:
    """Return the page called ``name`` (a key of :data:`SPEC`)."""
    title, icon = SPEC[name]
    return st.Page(PAGES / f"{name}.py", title=title, icon=icon, default=name == "map")


def all_pages() -> list[st.Page]:
    """Return every page, in menu order."""
    return [page(name) for name in SPEC]
