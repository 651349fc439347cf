"""Export panel helpers: the cached export wrapper and the view -> request mapping.

``st_export`` is keyed on the request's JSON and the format, so pressing a download
button twice, or coming back to the page, does not render again.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard.core import query
from dashboard.core.export import (
    ExportLayers,
    ExportRequest,
    excerpt_from_evidence,
    extent_from_view,
    render,
    view_pixel_size,
)
from dashboard.core.export_browser import BrowserUnavailable, find_chromium
from dashboard.ui import data, mapcontrol

#: assumed size of the app's map element (CSS px) when turning centre/zoom into an extent.
MAP_VIEW_SIZE = (900, 640)


@st.cache_data(max_entries=32, show_spinner=False)
def st_export(request_json: str, fmt: str) -> bytes:
    """Render one export of a request (cached per request and format).

    Parameters
    ----------
    request_json
        :meth:`ExportRequest.to_json` of the request.
    fmt
        Export format (see :data:`dashboard.core.export.FORMATS`).

    Returns
    -------
    bytes
        The file.
    """
    layers = ExportLayers.from_geodata(data.st_geodata())
    return render(ExportRequest.from_json(request_json), layers, fmt)


def browser_problem() -> str | None:
    """Return why the exact-view export cannot run here, or ``None`` when it can."""
    try:
        find_chromium()
        import playwright.sync_api  # noqa: F401
    except BrowserUnavailable as exc:
        return str(exc)
    except ImportError:
        return str(BrowserUnavailable("the Python package playwright is not installed"))
    return None


def view_extent(view: Any) -> tuple[float, float, float, float] | None:
    """Return the lon/lat box of the map view in ``view`` (``center``/``zoom``), if known.

    The bounds the map itself reported for that view are used when they are known
    (:func:`dashboard.ui.mapcontrol.reported_bounds`); otherwise the box is estimated
    for a map of ``MAP_VIEW_SIZE``.
    """
    center, zoom = getattr(view, "center", None), getattr(view, "zoom", None)
    if center is None or zoom is None:
        return None
    reported = mapcontrol.reported_bounds()
    if reported is not None and tuple(reported[0]) == tuple(center) and reported[1] == zoom:
        return reported[2]
    return extent_from_view(center, zoom, *MAP_VIEW_SIZE)


def view_size(view: Any) -> tuple[int, int]:
    """Return the CSS pixel size of the on-screen map for ``view``, if the app knows it.

    From the bounds the map reported for exactly that centre and zoom
    (:func:`dashboard.ui.mapcontrol.reported_bounds`), so an exact-view export has the
    screen's size and aspect; ``MAP_VIEW_SIZE`` otherwise.
    """
    center, zoom = getattr(view, "center", None), getattr(view, "zoom", None)
    reported = mapcontrol.reported_bounds()
    if (center is not None and zoom is not None and reported is not None
            and tuple(reported[0]) == tuple(center) and reported[1] == zoom):
        width, height = view_pixel_size(reported[2], zoom)
        if width >= 100 and height >= 100:
            return width, height
    return MAP_VIEW_SIZE


def filters_of(view: Any) -> query.Filters:
    """Return the evidence filters of a ``ViewState`` (no restriction when ``None``)."""
    if view is None:
        return query.Filters()
    return query.Filters(sources=view.sources, kinds=view.kinds, query=view.query or "")


def selection_excerpts(index: Any, view: Any, version: str) -> pd.DataFrame:
    """Return the excerpts of the map's current selection under its filters.

    Parameters
    ----------
    index
        The evidence index.
    view
        The persisted ``ViewState`` or ``None``.
    version
        Corpus version (cache key of the sentence table).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``start``, ``end``, ``text``...; empty without a selection.
    """
    if view is None or not view.selection:
        return pd.DataFrame(columns=["doc_id", "start", "end", "text"])
    flt = filters_of(view)
    matches = (query.matching_sentences(data.st_sentences(version), flt.query)
               if flt.query else None)
    kind, ident = view.selection
    if kind == "corridor":
        return query.corridor_excerpts(index, ident, flt, matches)
    return query.place_excerpts(index, ident, flt, matches)


@st.cache_data(max_entries=16, show_spinner=False)
def st_export_places(version: str, sources: tuple[str, ...] | None,
                     kinds: tuple[str, ...] | None, search: str) -> pd.DataFrame:
    """Return the places (with mention counts) under the map's filters.

    Parameters
    ----------
    version
        Corpus version (cache key).
    sources, kinds, search
        The map's source and kind filters and search text.

    Returns
    -------
    pandas.DataFrame
        Rows of ``EvidenceIndex.places`` with counts restricted to the filters.
    """
    index = data.st_index(version)
    flt = query.Filters(sources=sources, kinds=kinds, query=search)
    matches = query.matching_sentences(data.st_sentences(version), search) if search else None
    return query.place_counts(index, flt, matches)


def excerpt_dicts(index: Any, rows: pd.DataFrame) -> list[dict[str, Any]]:
    """Turn excerpt rows into export excerpts (verbatim text, citation, anchor)."""
    return [excerpt_from_evidence(index, str(r.doc_id), int(r.start), int(r.end))
            for r in rows.itertuples(index=False)]
