"""Map links in rendered text open the map inside the session (no full reload).

The Reader renders its text as HTML with links to ``?sel=kind:id`` (permalinks).  A
plain click on such a link would reload the whole app and lose the session's search
and filters.  :func:`catch_map_links` mounts an invisible component that intercepts
those clicks in the page and hands the selection to Python, which switches to the map.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.components.v1 import declare_component

from dashboard.ui import nav, permalink, session

_LINKS = declare_component("atlas_links", path=str(Path(__file__).parent / "components" / "links"))


def catch_map_links(valid: dict[str, set[str]]) -> None:
    """Switch to the map with the clicked link's selection (ids not in ``valid`` ignored)."""
    value = _LINKS(key="atlas_links", default=None)
    if not isinstance(value, dict) or value.get("at") == st.session_state.get(session.LINKS_SEEN):
        return
    st.session_state[session.LINKS_SEEN] = value.get("at")
    kind, _, ident = str(value.get("sel", "")).partition(":")
    if ident in valid.get(kind, set()):
        permalink.request((kind, ident))
        st.switch_page(nav.page("map"))
