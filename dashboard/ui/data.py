"""The corpus version the app shows and the map overlay assembled from cached layers.

The cached loaders themselves (``st_*``) are in :mod:`dashboard.ui.cache`.
"""

from __future__ import annotations

import pandas as pd

from dashboard.core.evidence import query
from dashboard.core.evidence.daterange import DateRange
from dashboard.core.map import build as mapbuild
from dashboard.ui import cache, mapstate, mapview, sources_state


def corpus_version() -> str:
    """Version of the corpus the app shows (corpus folder plus documents added this session).

    The evidence index is keyed on it, so adding or removing a document rebuilds it.
    """
    return sources_state.corpus_version()


def map_overlay(
    layers: tuple[str, ...],
    statuses: tuple[str, ...] | None,
    selection: tuple[str, str] | None,
    corpus_version: str,
    sources: tuple[str, ...] | None,
    kinds: tuple[str, ...] | None,
    search: str,
    command: mapstate.Command | None,
    window: mapbuild.PlaceWindow | None = None,
    dates: DateRange | None = None,
) -> tuple[mapview.Overlay, pd.DataFrame]:
    """Assemble the map's overlay from cached layers (corridors, then places) and the command.

    Returns the overlay and the places table behind it.
    """
    kind, ident = selection or (None, None)
    order = list(cache.st_geodata().index)
    drawn = []
    for corridor_id in sorted(layers, key=order.index):
        chosen = kind == "corridor" and corridor_id == ident
        drawn.append(cache.st_corridor_layer(corridor_id, statuses, chosen,
                                             selection is not None and not chosen))
    sources = query.every_source(cache.st_index(corpus_version), sources)
    places, table = cache.st_places_layer(corpus_version, sources, kinds, search,
                                          ident if kind == "place" else None,
                                          kind == "corridor", window,
                                          dates.key() if dates is not None and dates.active
                                          else None)
    drawn.append(places)
    return mapview.Overlay(tuple(drawn), command), table
