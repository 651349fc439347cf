"""The export model: the request, the presets and the layers an export draws.

:class:`ExportRequest` says what to export (filled by the Export page from the
analyst's view, or by the CLI from its arguments); :class:`ExportLayers` holds the
layer data, from the same loaders as the interactive map, so a slide and the app agree.
The helpers every writer shares sit beside it: extents (``export_extent``), excerpt
anchors and citations (``export_excerpts``), credits (``export_credits``).
:mod:`dashboard.core.export.render` dispatches a request to the writer of a format; the
writers import these modules, never the dispatcher.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from dashboard.core.geodata.corridors import Corridor, corridors_of

Extent = tuple[float, float, float, float]

#: format -> (file suffix, MIME type).
FORMATS: dict[str, tuple[str, str]] = {
    "png": (".png", "image/png"),
    "pdf": (".pdf", "application/pdf"),
    "svg": (".svg", "image/svg+xml"),
    "view": (".png", "image/png"),
    "html": (".html", "text/html"),
    "geojson": (".geojson", "application/geo+json"),
    "csv": (".csv", "text/csv"),
}
FIGURE_FORMATS = ("png", "pdf", "svg")

#: node roles in labelling priority order (earlier roles win label space).
NODE_ROLE_PRIORITY = ("terminal", "port", "border_crossing", "junction", "city", "bridge",
                      "pump_station")



@dataclass(frozen=True)
class FigurePreset:
    """Page size of a static figure.

    Attributes
    ----------
    name
        Preset id used by the UI and the CLI.
    label
        Human-readable name.
    width_in, height_in
        Page size in inches.
    dpi
        Resolution of the PNG (vector formats ignore it).
    """

    name: str
    label: str
    width_in: float
    height_in: float
    dpi: int

    @property
    def pixel_size(self) -> tuple[int, int]:
        """Return the ``(width, height)`` of the PNG in pixels."""
        return round(self.width_in * self.dpi), round(self.height_in * self.dpi)


PRESETS: dict[str, FigurePreset] = {
    "slide": FigurePreset("slide", "16:9 slide (1920×1080 PNG)", 19.2, 10.8, 100),
    # 3508 x 2480 px at 300 dpi is A4 landscape (297 x 210 mm) to within 0.02 mm
    "a4": FigurePreset("a4", "A4 landscape (300 dpi PNG, vector PDF/SVG)", 3508 / 300,
                       2480 / 300, 300),
}


@dataclass
class ExportRequest:
    """What the analyst wants exported; filled from the current view or the CLI.

    Attributes
    ----------
    title, subtitle, date
        Header of the figure (``date`` is free text, ISO date by default).
    corridors
        Corridor ids to draw; empty means every corridor of the index.
    extent
        ``(minx, miny, maxx, maxy)`` in degrees (lon/lat) or ``None`` to fit the
        selected corridors.
    places
        Places to draw and export (columns of ``EvidenceIndex.places``: ``place_id``,
        ``name``, ``kind``, ``lat``, ``lon``, ``mention_count``) or ``None``.
    excerpts
        Picked excerpts, each a dict with ``doc_id``, ``start``, ``end``, ``text``
        (verbatim) and ``citation``; optional ``lat``/``lon``, ``place_id`` or
        ``corridor`` anchor the numbered call-out on the map.
    preset
        Key of :data:`PRESETS`.
    center, zoom
        Exact interactive view (``(lat, lon)`` and Leaflet zoom) for the HTML and
        exact-view exports; when ``None`` they fit ``extent``.
    size
        ``(width, height)`` in CSS pixels of the exact-view screenshot.
    statuses
        Segment statuses to draw (the map's status filter); empty means all.
    date_range
        The publication dates the export shows, in words
        (:meth:`~dashboard.core.evidence.daterange.DateRange.label`; "" when not stated).
    evidence
        Every excerpt of the chosen corridors and places under the filters, for the CSV
        export (rows of :func:`dashboard.core.evidence.voices.export_rows`); the picked
        ``excerpts`` among them are marked.
    """

    title: str = "South Caucasus connectivity corridors"
    subtitle: str = ""
    date: str = field(default_factory=lambda: dt.date.today().isoformat())
    corridors: list[str] = field(default_factory=list)
    extent: Extent | None = None
    places: pd.DataFrame | None = None
    excerpts: list[dict[str, Any]] = field(default_factory=list)
    preset: str = "slide"
    center: tuple[float, float] | None = None
    zoom: int | None = None
    size: tuple[int, int] = (1600, 900)
    statuses: list[str] = field(default_factory=list)
    date_range: str = ""
    evidence: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> str:
        """Serialise the request (a stable string: usable as a cache key).

        Returns
        -------
        str
            JSON text; :meth:`from_json` restores an equal request.
        """
        doc = {
            "title": self.title, "subtitle": self.subtitle, "date": self.date,
            "corridors": list(self.corridors),
            "extent": list(self.extent) if self.extent is not None else None,
            "places": (None if self.places is None
                       else json.loads(self.places.to_json(orient="split", index=False))),
            "excerpts": self.excerpts, "preset": self.preset,
            "center": list(self.center) if self.center is not None else None,
            "zoom": self.zoom, "size": list(self.size), "statuses": list(self.statuses),
            "date_range": self.date_range,
            "evidence": self.evidence,
        }
        return json.dumps(doc, sort_keys=True, ensure_ascii=False, default=_json_default)

    @classmethod
    def from_json(cls, text: str) -> ExportRequest:
        """Restore a request written by :meth:`to_json`."""
        doc = json.loads(text)
        places = doc.get("places")
        frame = (None if places is None
                 else pd.read_json(io.StringIO(json.dumps(places)), orient="split"))
        return cls(
            title=doc["title"], subtitle=doc["subtitle"], date=doc["date"],
            corridors=list(doc["corridors"]),
            extent=tuple(doc["extent"]) if doc.get("extent") else None,
            places=frame, excerpts=list(doc.get("excerpts") or []), preset=doc["preset"],
            center=tuple(doc["center"]) if doc.get("center") else None,
            zoom=doc.get("zoom"), size=tuple(doc.get("size") or (1600, 900)),
            statuses=list(doc.get("statuses") or []),
            date_range=str(doc.get("date_range") or ""),
            evidence=list(doc.get("evidence") or []),
        )


def _json_default(value: object) -> object:
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class ExportLayers:
    """The layer data an export draws: the same objects the interactive map uses.

    Attributes
    ----------
    basemap
        Natural Earth layers keyed ``countries``, ``caspian``, ``lakes``, ``rivers``.
    segments, nodes
        Corridor geometry (EPSG:4326).
    index
        Corridor facts keyed by id, as in ``index.json``; :attr:`corridors` types them.
    """

    basemap: Mapping[str, gpd.GeoDataFrame]
    segments: gpd.GeoDataFrame
    nodes: gpd.GeoDataFrame
    index: Mapping[str, Mapping[str, Any]]

    @property
    def corridors(self) -> list[Corridor]:
        """The corridors of :attr:`index` in its order (id, label, colour, facts)."""
        return corridors_of(self.index)

    @classmethod
    def load(cls, geodata: Path | None = None) -> ExportLayers:
        """Load the layers with the project loaders (``geodata=None``: the repository's)."""
        from dashboard.core.geodata import basemap, corridors

        return cls(
            basemap=basemap.load_basemap(geodata),
            segments=corridors.load_segments(geodata),
            nodes=corridors.load_nodes(geodata),
            index=corridors.load_corridor_index(geodata),
        )

    @classmethod
    def from_geodata(cls, geo: Any) -> ExportLayers:
        """Wrap (no copy) any object with ``basemap``, ``segments``, ``nodes`` and ``index``."""
        return cls(basemap=geo.basemap, segments=geo.segments, nodes=geo.nodes, index=geo.index)


def selected_corridors(request: ExportRequest, layers: ExportLayers) -> list[str]:
    """Return the corridor ids to draw (empty ``request.corridors``: all), in index order.

    Raises ``ValueError`` for an id that is not a corridor of the index.
    """
    if not request.corridors:
        return list(layers.index)
    unknown = [c for c in request.corridors if c not in layers.index]
    if unknown:
        raise ValueError(f"unknown corridor id(s) {unknown}; known: {sorted(layers.index)}")
    wanted = set(request.corridors)
    return [c for c in layers.index if c in wanted]


def corridor_subset(request: ExportRequest, layers: ExportLayers) -> ExportLayers:
    """Return the layers of the selected corridors and statuses only (the basemap unchanged)."""
    ids = selected_corridors(request, layers)
    segments = layers.segments[layers.segments["corridor"].isin(ids)]
    if request.statuses:
        segments = segments[segments["status"].isin(list(request.statuses))]
    return ExportLayers(
        basemap=layers.basemap,
        segments=segments,
        nodes=layers.nodes[layers.nodes["corridor"].isin(ids)],
        index={cid: layers.index[cid] for cid in ids},
    )



def default_filename(request: ExportRequest, fmt: str) -> str:
    """Return a safe download file name such as ``atlas-btc-zangezur-slide-2025-01-31.png``."""
    suffix = FORMATS[fmt][0]
    corridors = "-".join(request.corridors) if request.corridors else "all"
    kind = {"view": "view", "html": "map", "geojson": "layers", "csv": "excerpts"}.get(
        fmt, request.preset)
    stem = f"atlas-{corridors}-{kind}-{request.date}"
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in stem)
    return safe + suffix
