"""Briefing exports: render an :class:`ExportRequest` in one format (the dispatcher).

The request, the presets and the layers (:mod:`dashboard.core.export.model`) and the
helpers every writer shares (``export_extent``, ``export_excerpts``, ``export_credits``)
are re-exported here, so callers keep importing ``dashboard.core.export.render``.  The writers
import those modules, never this one, so the family has no import loop.

Formats and the modules that write them:

========== ================================================ ==================================
format     what                                             module
========== ================================================ ==================================
``png``    static briefing figure (raster, preset size)     :mod:`dashboard.core.export.figure`
``pdf``    static briefing figure (vector)                  :mod:`dashboard.core.export.figure`
``svg``    static briefing figure (vector)                  :mod:`dashboard.core.export.figure`
``view``   PNG of the interactive map through Chromium      :mod:`dashboard.core.export.browser`
``html``   self-contained interactive map                   :mod:`dashboard.core.export.html`
``geojson`` visible layers and places                       :mod:`dashboard.core.export.data`
``csv``    every excerpt of the selection, pins marked      :mod:`dashboard.core.export.data`
========== ================================================ ==================================
"""

from __future__ import annotations

from dashboard.core.export.credits import (
    GEM_CREDIT,
    NATURAL_EARTH_CREDIT,
    OSM_CREDIT,
    attribution,
    data_credits,
    source_domains,
)
from dashboard.core.export.excerpts import (
    BROAD_PLACE_KINDS,
    citation_for,
    excerpt_anchor,
    excerpt_from_evidence,
)
from dashboard.core.export.extent import (
    corridor_extent,
    extent_from_view,
    places_in_extent,
    resolve_extent,
    view_pixel_size,
)
from dashboard.core.export.model import (
    FIGURE_FORMATS,
    FORMATS,
    NODE_ROLE_PRIORITY,
    PRESETS,
    ExportLayers,
    ExportRequest,
    Extent,
    FigurePreset,
    corridor_subset,
    default_filename,
    selected_corridors,
)

__all__ = [
    "BROAD_PLACE_KINDS",
    "ExportLayers",
    "ExportRequest",
    "Extent",
    "FIGURE_FORMATS",
    "FORMATS",
    "FigurePreset",
    "GEM_CREDIT",
    "NATURAL_EARTH_CREDIT",
    "NODE_ROLE_PRIORITY",
    "OSM_CREDIT",
    "PRESETS",
    "attribution",
    "citation_for",
    "corridor_extent",
    "corridor_subset",
    "data_credits",
    "default_filename",
    "excerpt_anchor",
    "excerpt_from_evidence",
    "extent_from_view",
    "places_in_extent",
    "resolve_extent",
    "selected_corridors",
    "source_domains",
    "view_pixel_size",
    "render",
]


def render(request: ExportRequest, layers: ExportLayers, fmt: str) -> bytes:
    """Render ``request`` in ``fmt`` (a key of :data:`FORMATS`) from all ``layers``.

    Raises ``ValueError`` for an unknown format, preset or corridor, and
    :class:`~dashboard.core.export.browser.BrowserUnavailable` for ``view`` when no
    Chromium/Playwright is available.
    """
    if fmt in FIGURE_FORMATS:
        from dashboard.core.export.figure import render_figure

        return render_figure(request, layers, fmt)
    if fmt == "view":
        from dashboard.core.export.browser import exact_view_png

        return exact_view_png(request, layers)
    if fmt == "html":
        from dashboard.core.export.html import interactive_html

        return interactive_html(request, layers).encode("utf-8")
    if fmt == "geojson":
        from dashboard.core.export.data import layers_geojson

        return layers_geojson(request, layers)
    if fmt == "csv":
        from dashboard.core.export.data import excerpts_csv

        return excerpts_csv(request)
    raise ValueError(f"unknown export format {fmt!r}; choose from {sorted(FORMATS)}")
