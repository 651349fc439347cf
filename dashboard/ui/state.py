"""Session-state keys used across pages (one place, so pages never disagree)."""

from __future__ import annotations

MAP_KEY = "atlas_map"
VIEW = "atlas_view"  # the persisted ViewState (survives page switches)
INITIALISED = "atlas_initialised"
PENDING = "atlas_pending"  # changes to apply before widgets are created (map clicks, chips)
MAP_STATE = "atlas_map_state"  # mapstate.MapState: view, bounds, last command and click
LAST_SELECTION = "atlas_last_selection"  # selection of the previous map run (to frame changes)

# widget keys
SEL_CORRIDOR = "w_sel_corridor"
SEL_PLACE = "w_sel_place"
STATUSES = "w_statuses"
KINDS = "w_kinds"
SOURCES = "w_sources"
SEARCH = "w_search"
EXCERPT_PAGE = "w_excerpt_page"


def layer_key(corridor_id: str) -> str:
    """Widget key of a corridor's visibility checkbox."""
    return f"w_layer_{corridor_id}"
