"""Say so when the derived cache was damaged, and heal it before any page reads it."""

from __future__ import annotations

import streamlit as st

from dashboard.core.evidence import corpus_index as ingest_index
from dashboard.core.text.htmlsafe import escape_markdown
from dashboard.ui import session
from dashboard.ui.cache import folder_signature


def heal_damaged_cache() -> str | None:
    """Check the cached index once per session and corpus; rebuild it when damaged.

    The check is quick (manifest, names and sizes).  While a damaged cache is rebuilt
    the page says so; the message stays above the page that then loads.

    Returns
    -------
    str or None
        The problem found, or ``None``.
    """
    signature = folder_signature()
    if st.session_state.get(session.CACHE_CHECKED) == signature:
        return None
    problem = ingest_index.cache_damage()
    if problem:
        said = f"The evidence cache was damaged ({escape_markdown(problem)}); rebuilding…"
        box = st.empty()
        box.warning(said, icon=":material/build:")
        ingest_index.heal_cache()
        box.warning(f"{said} done.", icon=":material/build:")
    st.session_state[session.CACHE_CHECKED] = signature
    return problem
