"""Session-state keys shared across pages: the map's view, state and selection, and its widgets.

Keys one module owns live with it (``ui.compare``, ``ui.links``, ``ui.search_results``,
``ui.source_metadata``, ``ui.sources_state``, ``pages.export``, ``pages.sources``, and
string keys inside ``pages.reader``); gathering every key into one module is still to do.
"""

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
SOURCES = "atlas_sources"  # None (every source) or the chosen ids; see ui.source_picker
SOURCE_QUERY = "w_source_query"
SOURCE_PAGE = "w_source_page"
SOURCE_ALL = "w_source_all"
SOURCE_BOX = "w_source_"  # + c|m + generation + "_" + doc id: a chosen / matching source
SOURCE_GEN = "atlas_source_gen"  # bumped when the chosen set changes (fresh checkboxes)
SEARCH = "w_search"
EXCERPT_PAGE = "w_excerpt_page"


def layer_key(corridor_id: str) -> str:
    """Widget key of a corridor's visibility checkbox."""
    return f"w_layer_{corridor_id}"
