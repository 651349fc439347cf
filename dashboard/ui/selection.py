"""The evidence column of the map page: the selection's card and excerpts, or search results."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from dashboard.core.evidence import query
from dashboard.core.geodata.corridors import corridor_label
from dashboard.core.text.htmlsafe import escape_markdown
from dashboard.ui import evidence_panel, search_results, trends


def selection_panel(index, corridor_index: Mapping[str, Mapping], nodes: pd.DataFrame,
                    selection: tuple[str, str] | None, flt: query.Filters, matches,
                    search: str) -> None:
    """Render the evidence for the selection: its card and excerpts, or the search results."""
    kind, ident = selection or (None, None)
    also = f" and matches “{escape_markdown(search)}”." if search else "."
    if kind == "corridor":
        evidence_panel.corridor_card(corridor_index[ident], nodes)
        trends.corridor_trend(ident, corridor_index, flt.sources)
        name = corridor_label(corridor_index[ident], ident)
        evidence_panel.excerpts(index, query.corridor_excerpt_pages(index, ident, flt, matches),
                                search, f"No excerpt in the selected sources links to {name}{also}")
    elif kind == "place":
        evidence_panel.place_card(index.places[index.places["place_id"] == ident].iloc[0])
        trends.place_trend(ident, corridor_index, flt.sources)
        evidence_panel.excerpts(index, query.place_excerpt_pages(index, ident, flt, matches),
                                search,
                                f"No excerpt in the selected sources mentions this place{also}")
    else:
        st.info("Click a corridor or a place on the map, or pick one above, to see what the "
                "sources say about it.")
        if search:
            search_results.show(index, search, flt, corridor_index)
