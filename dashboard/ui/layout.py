"""Map-page layout: the map sized to the viewport, sidebar toggles, selection boxes."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from dashboard.core.geodata.corridors import corridor_label
from dashboard.core.map.places import PLACE_CAP
from dashboard.core.text.htmlsafe import escape_html
from dashboard.ui import session as keys

#: The map fills the viewport under the page header on desktop (so the first click
#: always lands on it); on a phone it takes 62 % of the height and the evidence
#: follows below, announced by a hint.
_CSS = """<style>
.block-container{padding:3rem 1.2rem 1rem 1.2rem}
iframe[title="streamlit_folium.st_folium"]{height:max(420px,calc(100vh - 6.2rem))!important}
.atlas-phone-hint{display:none}
@media (max-width: 640px){
  iframe[title="streamlit_folium.st_folium"]{height:62vh!important}
  .atlas-phone-hint{display:block;font-size:.85rem;color:#555;margin:.2rem 0}
}
</style>"""


def map_page_css() -> None:
    """Size the map to the viewport (desktop and phone)."""
    st.markdown(_CSS, unsafe_allow_html=True)


def corridor_toggles(container, corridor_index: Mapping[str, Mapping], counts: Mapping) -> None:
    """One checkbox per corridor, with its colour swatch and excerpt count."""
    container.markdown("**Corridors** (excerpts)")
    for cid, facts in corridor_index.items():
        color = escape_html(facts.get("color", "#333"))
        col_swatch, col_box = container.columns([1, 9], vertical_alignment="center")
        col_swatch.markdown(f'<span style="color:{color};font-size:1.3rem">&#9644;</span>',
                            unsafe_allow_html=True)
        col_box.checkbox(f"{corridor_label(facts, cid)} ({counts[cid]})",
                         key=keys.layer_key(cid))


#: Places listed in the Place box (the most mentioned; the map and search reach the rest).
PLACE_OPTIONS = 500


def selection_boxes(corridor_index: Mapping[str, Mapping], places: pd.DataFrame) -> None:
    """Render the Corridor and Place select boxes (the keyed twins of a map click)."""
    st.markdown('<div class="atlas-phone-hint">&#8595; The evidence for your selection '
                "appears here, below the map.</div>", unsafe_allow_html=True)
    sel_a, sel_b = st.columns(2)
    sel_a.selectbox("Corridor", [None, *corridor_index], key=keys.SEL_CORRIDOR,
                    format_func=lambda c: "—" if c is None else corridor_label(
                        corridor_index[c], c),
                    on_change=lambda: st.session_state.update({keys.SEL_PLACE: None}))
    ranked = places.nlargest(PLACE_OPTIONS, "mention_count", keep="first")
    options = ranked["place_id"].tolist()
    current = st.session_state.get(keys.SEL_PLACE)
    if current is not None and current not in set(options):  # a rarer place, clicked
        options.append(current)
    shown = places[places["place_id"].isin(options)]
    names = dict(zip(shown["place_id"], shown["name"], strict=True))
    more = len(places) > PLACE_OPTIONS
    sel_b.selectbox(f"Place ({PLACE_OPTIONS} most mentioned)" if more else "Place",
                    [None, *options], key=keys.SEL_PLACE,
                    format_func=lambda p: "—" if p is None else names.get(p, p),
                    help=("Every other place: click it on the map, or search for it."
                          if more else None),
                    on_change=lambda: st.session_state.update({keys.SEL_CORRIDOR: None}))


def map_caption(n_places: int) -> None:
    """One line under the map: what is drawn and where the basemap comes from."""
    grouped = (" · a number in a circle: places grouped at this zoom (click it to zoom in)"
               if n_places > PLACE_CAP else "")
    st.caption(f"{n_places:,} places mentioned{grouped} · dashed: approximate geometry or not yet "
               "operating · dotted rings: approximate coordinates · ⌂ resets the view · "
               "Basemap: Natural Earth.")
