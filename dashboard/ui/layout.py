"""Map-page layout: the map sized to the viewport, sidebar toggles, selection boxes."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from dashboard.core.geodata.corridors import corridor_label
from dashboard.core.map.places import PLACE_CAP
from dashboard.core.text.htmlsafe import escape_html
from dashboard.ui import session as keys

_MAP = 'iframe[title="dashboard.ui.mapview.atlas_map"]'
_MAP_COLUMN = f'[data-testid="stColumn"]:has({_MAP})'
_PANEL_COLUMN = '[data-testid="stColumn"]:has(.atlas-evidence-top)'
_BACK = '[data-testid="stElementContainer"]:has(.atlas-back)'

#: Desktop: the title, then the map beside its evidence.  The map's column sticks under
#: the page header at the height of the viewport (so the first click always lands on the
#: map); the evidence column scrolls on its own.  Phone: the map (62 % of the height),
#: then the evidence, announced by a hint, with a "back to map" link that follows the
#: evidence down the screen.
_CSS = f"""<style>
.block-container{{padding:3.9rem 1.2rem 0 1.2rem}}
.atlas-title{{font:700 1.3rem/1.2 system-ui,sans-serif;margin:0 0 .15rem 0;color:#1f2a37}}
.atlas-title span{{font-weight:400;font-size:.85rem;color:#5b6573;margin-left:.6rem}}
{_MAP}{{height:max(400px,calc(100vh - 10.4rem))!important}}
{_BACK}{{display:none}}
.atlas-phone-hint{{display:none}}
@media (min-width: 641px){{
  [data-testid="stHorizontalBlock"]:has({_MAP}){{align-items:flex-start}}
  {_MAP_COLUMN}{{position:sticky;top:3.9rem}}
  {_PANEL_COLUMN}{{max-height:calc(100vh - 6.3rem);overflow-y:auto;overscroll-behavior:contain;
    padding-right:.4rem}}
}}
@media (max-width: 640px){{
  {_MAP}{{height:62vh!important}}
  .atlas-title{{font-size:1.1rem}}
  .atlas-title span{{display:none}}
  .atlas-phone-hint{{display:block;font-size:.85rem;color:#555;margin:.2rem 0}}
  {_BACK}{{display:block;position:sticky;bottom:.6rem;z-index:5;text-align:right}}
  .atlas-back a{{display:inline-block;background:#1f2a37;color:#fff!important;
    border-radius:1rem;padding:.35rem .8rem;font-size:.85rem;text-decoration:none;
    box-shadow:0 1px 4px rgba(0,0,0,.35)}}
}}
</style>"""

TITLE = "South Caucasus Corridors Atlas"


def map_page_css() -> None:
    """Lay the map page out: map beside evidence (desktop), map then evidence (phone)."""
    st.markdown(_CSS, unsafe_allow_html=True)


def map_title() -> None:
    """Render the app's title above the map (an anchor for the phone's "back to map")."""
    st.markdown(f'<div class="atlas-title" id="atlas-map-top">{TITLE}<span>Middle Corridor · '
                "INSTC · Zangezur · Aras · BTC — what the sources say, on the map</span></div>",
                unsafe_allow_html=True)


def back_to_map() -> None:
    """Render a "back to map" link at the end of the evidence (shown on a phone only)."""
    st.markdown('<div class="atlas-back"><a href="#atlas-map-top">&#8593; Back to map</a></div>',
                unsafe_allow_html=True)


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
    st.markdown('<div class="atlas-phone-hint atlas-evidence-top">&#8595; The evidence for '
                "your selection appears here, below the map.</div>", unsafe_allow_html=True)
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
