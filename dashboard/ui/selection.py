"""The evidence column of the map page: the selection's card and excerpts, or search results."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard.core.evidence import query, voices
from dashboard.core.geodata.corridors import corridor_label
from dashboard.core.text.htmlsafe import escape_markdown
from dashboard.ui import evidence_panel, search_results, trends
from dashboard.ui import session as keys
from dashboard.ui import voices as voices_ui


def selection_panel(index, corridor_index: Mapping[str, Mapping], nodes: pd.DataFrame,
                    selection: tuple[str, str] | None, flt: query.Filters, matches,
                    search: str) -> None:
    """Render the evidence for the selection: its card and excerpts, or the search results.

    ``flt`` carries the outlet facets of the panel (:func:`panel_filters`).
    """
    kind, ident = selection or (None, None)
    also = f" and matches “{escape_markdown(search)}”." if search else "."
    if kind == "corridor":
        evidence_panel.corridor_card(corridor_index[ident], nodes)
        trends.corridor_trend(ident, corridor_index, flt.sources)
        name = corridor_label(corridor_index[ident], ident)
        _excerpts(index, kind, ident, flt, matches, search,
                  f"No excerpt in the selected sources links to {name}{also}")
    elif kind == "place":
        evidence_panel.place_card(index.places[index.places["place_id"] == ident].iloc[0])
        trends.place_trend(ident, corridor_index, flt.sources)
        _excerpts(index, kind, ident, flt, matches, search,
                  f"No excerpt in the selected sources mentions this place{also}")
    else:
        st.info("Click a corridor or a place on the map, or pick one above, to see what the "
                "sources say about it.")
        if search:
            search_results.show(index, search, flt, corridor_index)


def _excerpts(index, kind: str, ident: str, flt: query.Filters, matches, search: str,
              empty: str) -> None:
    voices_ui.controls(index, kind, ident, flt, matches)
    found = voices.ranked_excerpts(index, kind, ident, flt, matches, order=voices_ui.order())
    evidence_panel.excerpts(index, found, search, empty)


def panel_filters(flt: query.Filters) -> query.Filters:
    """Return the map's filters plus the evidence panel's outlet facets."""
    countries, types = voices_ui.facet_values()
    return replace(flt, outlet_countries=countries, outlet_types=types)


def who_view(index, corridor_index: Mapping[str, Mapping], selection: tuple[str, str] | None,
             flt: query.Filters, matches) -> None:
    """Render "who says what" across the page when it is switched on for a selection."""
    if selection is None or not st.session_state.get(keys.WHO_VIEW):
        return
    kind, ident = selection
    if kind == "corridor":
        name = corridor_label(corridor_index[ident], ident)
    else:
        rows = index.places[index.places["place_id"] == ident]
        name = str(rows.iloc[0]["name"]) if not rows.empty else ident
    voices_ui.who_says_what(index, kind, ident, flt, matches, name)
