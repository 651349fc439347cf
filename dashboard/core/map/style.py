"""How the atlas map draws things: colours, line dashes per segment status, place colours.

Shared by the interactive map (folium) and the static figures (matplotlib).
"""

from __future__ import annotations

SEA_COLOR = "#cfe2ee"
LAND_COLOR = "#f5f2ea"
BORDER_COLOR = "#9b978e"
RIVER_COLOR = "#5d9fd3"

#: dash pattern per segment status (``None`` = solid line).
STATUS_DASH: dict[str, str | None] = {
    "operating": None,
    "under_construction": "9 6",
    "planned": "2 7",
    "proposed": "2 7",
    "disputed": "12 5 2 5",
}
#: dash used for an operating segment whose geometry is only approximate.
APPROXIMATE_DASH = "14 7"
STATUS_LABELS: dict[str, str] = {
    "operating": "operating",
    "under_construction": "under construction",
    "planned": "planned",
    "proposed": "proposed",
    "disputed": "disputed",
}
#: kind of place -> fill colour of its circle marker.
PLACE_KIND_COLORS: dict[str, str] = {
    "country": "#6a3d9a",
    "city": "#e31a1c",
    "region": "#ff7f00",
    "river": "#1f78b4",
    "sea": "#1f78b4",
    "port": "#b15928",
    "facility": "#33a02c",
    "border_crossing": "#fb9a99",
    "macro_region": "#999999",
}
DEFAULT_PLACE_COLOR = "#444444"
