"""Session-state keys used across pages (one place, so pages never disagree)."""

from __future__ import annotations

MAP_KEY = "atlas_map"
SELECTED_CORRIDOR = "selected_corridor"
SELECTED_PLACE = "selected_place"
VISIBLE_CORRIDORS = "visible_corridors"
