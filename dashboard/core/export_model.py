"""The export model: the request, the layers, and what every export format shares.

:class:`ExportRequest` says what to export (filled by the Export page from the
analyst's view, or by the CLI from its arguments); :class:`ExportLayers` holds the
layer data, from the same loaders as the interactive map, so a slide and the app agree.
The helpers here (corridor subset, extents, excerpt anchors, citations, credits, file
names) are used by every writer.  :mod:`dashboard.core.export` dispatches a request to
the writer of a format; the writers import this module, never the dispatcher.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import geopandas as gpd
import pandas as pd
import shapely
import shapely.ops

from dashboard.core import citation
from dashboard.core.corridors import Corridor, corridors_of

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
NATURAL_EARTH_CREDIT = "Made with Natural Earth (public domain)"
OSM_CREDIT = "\u00a9 OpenStreetMap contributors (ODbL)"
GEM_CREDIT = "Global Energy Monitor, Global Oil Infrastructure Tracker (CC BY 4.0)"
#: place kinds too broad to pin an excerpt's call-out on (their point is a centroid).
BROAD_PLACE_KINDS = ("country", "macro_region", "sea")


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
        }
        return json.dumps(doc, sort_keys=True, ensure_ascii=False, default=_json_default)

    @classmethod
    def from_json(cls, text: str) -> ExportRequest:
        """Restore a request written by :meth:`to_json`.

        Parameters
        ----------
        text
            JSON text.

        Returns
        -------
        ExportRequest
            The request.
        """
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
        """Load the layers with the project loaders.

        Parameters
        ----------
        geodata
            Geodata folder; the default of :func:`dashboard.core.paths.geodata_dir`
            when ``None``.

        Returns
        -------
        ExportLayers
            Basemap, segments, nodes and corridor index.
        """
        from dashboard.core import basemap, corridors

        return cls(
            basemap=basemap.load_basemap(geodata),
            segments=corridors.load_segments(geodata),
            nodes=corridors.load_nodes(geodata),
            index=corridors.load_corridor_index(geodata),
        )

    @classmethod
    def from_geodata(cls, geo: Any) -> ExportLayers:
        """Wrap any object with ``basemap``, ``segments``, ``nodes`` and ``index`` attributes.

        Parameters
        ----------
        geo
            For instance the app's cached ``GeoData``.

        Returns
        -------
        ExportLayers
            The same data, no copy.
        """
        return cls(basemap=geo.basemap, segments=geo.segments, nodes=geo.nodes, index=geo.index)


def selected_corridors(request: ExportRequest, layers: ExportLayers) -> list[str]:
    """Return the corridor ids to draw, in index order.

    Parameters
    ----------
    request
        The export request (empty ``corridors`` = all).
    layers
        Layer data.

    Returns
    -------
    list[str]
        Ids present in the index.

    Raises
    ------
    ValueError
        If a requested id is not a corridor of the index.
    """
    if not request.corridors:
        return list(layers.index)
    unknown = [c for c in request.corridors if c not in layers.index]
    if unknown:
        raise ValueError(f"unknown corridor id(s) {unknown}; known: {sorted(layers.index)}")
    wanted = set(request.corridors)
    return [c for c in layers.index if c in wanted]


def corridor_subset(request: ExportRequest, layers: ExportLayers) -> ExportLayers:
    """Return the layers restricted to the selected corridors and statuses.

    Parameters
    ----------
    request
        The export request.
    layers
        All layer data.

    Returns
    -------
    ExportLayers
        Segments (of the requested statuses), nodes and index of the selected
        corridors only; the basemap unchanged.
    """
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


def corridor_extent(layers: ExportLayers, corridors: Sequence[str] | None = None,
                    pad: float = 0.08) -> Extent:
    """Return the lon/lat bounding box of corridors' segments and nodes, padded.

    Parameters
    ----------
    layers
        Layer data.
    corridors
        Ids to frame; all corridors of ``layers.segments`` when ``None``.
    pad
        Fraction of the width/height added on each side.

    Returns
    -------
    Extent
        ``(minx, miny, maxx, maxy)`` in degrees.

    Raises
    ------
    ValueError
        If the corridors have no geometry.
    """
    frames = [layers.segments, layers.nodes]
    if corridors is not None:
        frames = [f[f["corridor"].isin(list(corridors))] for f in frames]
    geoms = [g for f in frames for g in f.geometry if g is not None and not g.is_empty]
    if not geoms:
        raise ValueError(f"no geometry for corridors {corridors}")
    bounds = gpd.GeoSeries(geoms, crs="EPSG:4326").total_bounds
    minx, miny, maxx, maxy = (float(v) for v in bounds)
    dx = max(maxx - minx, 0.5) * pad
    dy = max(maxy - miny, 0.5) * pad
    return (max(minx - dx, -180.0), max(miny - dy, -85.0), min(maxx + dx, 180.0),
            min(maxy + dy, 85.0))


def resolve_extent(request: ExportRequest, layers: ExportLayers) -> Extent:
    """Return the request's extent, or the padded extent of its selected corridors.

    Parameters
    ----------
    request
        The export request.
    layers
        Layer data.

    Returns
    -------
    Extent
        ``(minx, miny, maxx, maxy)`` in degrees.

    Raises
    ------
    ValueError
        If the given extent is empty or outside lon/lat ranges.
    """
    if request.extent is None:
        return corridor_extent(layers, selected_corridors(request, layers))
    minx, miny, maxx, maxy = (float(v) for v in request.extent)
    if not (-180 <= minx < maxx <= 180 and -85 <= miny < maxy <= 85):
        raise ValueError(f"extent {request.extent} is not (minx, miny, maxx, maxy) in degrees")
    return minx, miny, maxx, maxy


def extent_from_view(center: tuple[float, float], zoom: float, width_px: int = 900,
                     height_px: int = 640) -> Extent:
    """Return the lon/lat box a Leaflet map of a given size shows at ``center``/``zoom``.

    Web Mercator: the world is ``256 * 2**zoom`` pixels wide at zoom ``zoom``.

    Parameters
    ----------
    center
        ``(lat, lon)`` of the map centre (Leaflet order).
    zoom
        Leaflet zoom level.
    width_px, height_px
        Size of the map element in CSS pixels.

    Returns
    -------
    Extent
        ``(minx, miny, maxx, maxy)`` in degrees, latitudes clamped to +/-85.
    """
    lat, lon = float(center[0]), float(center[1])
    world = 256.0 * 2.0 ** float(zoom)
    cx = (lon + 180.0) / 360.0 * world
    sin = math.sin(math.radians(max(min(lat, 85.0), -85.0)))
    cy = (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * world

    def to_lonlat(x: float, y: float) -> tuple[float, float]:
        lon_ = x / world * 360.0 - 180.0
        n = math.pi - 2.0 * math.pi * y / world
        return lon_, math.degrees(math.atan(math.sinh(n)))

    minx, maxy = to_lonlat(cx - width_px / 2, cy - height_px / 2)
    maxx, miny = to_lonlat(cx + width_px / 2, cy + height_px / 2)
    return (max(minx, -180.0), max(miny, -85.0), min(maxx, 180.0), min(maxy, 85.0))


def view_pixel_size(bounds: Extent, zoom: float) -> tuple[int, int]:
    """Return the CSS pixel size of a Leaflet map showing ``bounds`` at ``zoom``.

    The inverse of :func:`extent_from_view`: the app knows the on-screen map's bounds
    (reported by the map) and zoom, so an exact-view export can take the same size and
    aspect as the screen.

    Parameters
    ----------
    bounds
        ``(west, south, east, north)`` in degrees.
    zoom
        Leaflet zoom level.

    Returns
    -------
    tuple[int, int]
        ``(width, height)`` in CSS pixels.
    """
    west, south, east, north = (float(v) for v in bounds)
    world = 256.0 * 2.0 ** float(zoom)

    def merc_y(lat: float) -> float:
        sin = math.sin(math.radians(max(min(lat, 85.0), -85.0)))
        return (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * world

    return round((east - west) / 360.0 * world), round(merc_y(south) - merc_y(north))


def places_in_extent(places: pd.DataFrame | None, extent: Extent | None) -> pd.DataFrame:
    """Return the places with coordinates inside ``extent`` (all located ones if ``None``).

    Parameters
    ----------
    places
        Places frame with ``lat``/``lon`` columns, or ``None``.
    extent
        ``(minx, miny, maxx, maxy)`` or ``None``.

    Returns
    -------
    pandas.DataFrame
        The located places in view (possibly empty).
    """
    if places is None or places.empty:
        return pd.DataFrame(columns=["place_id", "name", "kind", "lat", "lon", "mention_count"])
    located = places.dropna(subset=["lat", "lon"])
    if extent is None:
        return located
    minx, miny, maxx, maxy = extent
    inside = located["lon"].between(minx, maxx) & located["lat"].between(miny, maxy)
    return located[inside]


def excerpt_anchor(excerpt: Mapping[str, Any], layers: ExportLayers,
                   places: pd.DataFrame | None,
                   extent: Extent | None = None) -> tuple[float, float] | None:
    """Return the ``(lon, lat)`` where an excerpt's call-out is drawn, if any.

    The call-out is pinned to what the excerpt is about: the place it mentions (its own
    ``lat``/``lon``, else the coordinates of its ``place_id`` in ``places``); when that
    place is not inside ``extent``, or there is none, the point of its linked
    ``corridor`` inside ``extent`` nearest to the place (or to the frame's centre).

    Parameters
    ----------
    excerpt
        An excerpt dict of :attr:`ExportRequest.excerpts`.
    layers
        Layer data.
    places
        Places frame or ``None``.
    extent
        The figure's lon/lat frame, or ``None`` (no frame: the place, else the middle
        of the corridor's first segment).

    Returns
    -------
    tuple[float, float] | None
        Longitude and latitude, or ``None`` when the excerpt has no anchor.
    """
    place = _place_point(excerpt, places)
    if place is not None and (extent is None or _inside(place, extent)):
        return place
    corridor = excerpt.get("corridor")
    segs = (layers.segments[layers.segments["corridor"] == corridor] if corridor
            else layers.segments.iloc[0:0])
    if not segs.empty and extent is None:
        point = segs.geometry.iloc[0].interpolate(0.5, normalized=True)
        return float(point.x), float(point.y)
    if not segs.empty:
        inside = segs.geometry.union_all().intersection(shapely.box(*extent))
        if not inside.is_empty:
            target = shapely.Point(place if place is not None else (
                (extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2))
            _, nearest = shapely.ops.nearest_points(target, inside)
            return float(nearest.x), float(nearest.y)
    return place


def _place_point(excerpt: Mapping[str, Any],
                 places: pd.DataFrame | None) -> tuple[float, float] | None:
    lat, lon = excerpt.get("lat"), excerpt.get("lon")
    if _finite(lat) and _finite(lon):
        return float(lon), float(lat)
    place_id = excerpt.get("place_id")
    if place_id and places is not None and not places.empty:
        rows = places[(places["place_id"] == place_id)].dropna(subset=["lat", "lon"])
        if not rows.empty:
            return float(rows["lon"].iloc[0]), float(rows["lat"].iloc[0])
    return None


def _inside(point: tuple[float, float], extent: Extent) -> bool:
    return extent[0] <= point[0] <= extent[2] and extent[1] <= point[1] <= extent[3]


def _finite(value: object) -> bool:
    try:
        return value is not None and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def citation_for(doc: Mapping[str, Any], text: str | None = None) -> str:
    """Format a short citation from a document's metadata.

    Parameters
    ----------
    doc
        A row of ``EvidenceIndex.documents`` (``author``, ``title``, ``outlet``,
        ``date``, ``url``; missing fields are left out).
    text
        The document's text: its first words stand in for a missing title.

    Returns
    -------
    str
        ``Author, "Title", Outlet, date. URL`` (see :func:`dashboard.core.citation.cite`).
    """
    return citation.cite(doc, text)


def excerpt_from_evidence(evidence: Any, doc_id: str, start: int, end: int) -> dict[str, Any]:
    """Build an excerpt dict from an evidence index (verbatim text, citation, anchor).

    Parameters
    ----------
    evidence
        An ``EvidenceIndex`` (``documents``, ``mentions``, ``corridor_links``, ``texts``).
    doc_id
        Document id.
    start, end
        Character span in ``evidence.texts[doc_id]``.

    Returns
    -------
    dict
        ``doc_id``, ``start``, ``end``, ``text``, ``citation``; ``place_id``/``lat``/``lon``
        of the first located mention in the span that is not a country, macro-region or
        sea (:data:`BROAD_PLACE_KINDS`), if any; ``corridor`` of the first corridor link
        overlapping the span, if any.

    Raises
    ------
    KeyError
        If ``doc_id`` is not in the index.
    ValueError
        If the span is outside the document.
    """
    text = evidence.texts[doc_id]
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}:{end} outside document {doc_id} ({len(text)} chars)")
    docs = evidence.documents
    meta = docs[docs["doc_id"] == doc_id]
    doc = meta.iloc[0].to_dict() if not meta.empty else {"doc_id": doc_id}
    excerpt: dict[str, Any] = {"doc_id": doc_id, "start": int(start), "end": int(end),
                               "text": text[start:end], "citation": citation_for(doc, text)}
    for key in ("title", "outlet", "date", "url"):
        if key in doc and isinstance(doc[key], str):
            excerpt[key] = doc[key]
    mentions = evidence.mentions
    inside = mentions[(mentions["doc_id"] == doc_id) & (mentions["start"] >= start)
                      & (mentions["end"] <= end)].dropna(subset=["lat", "lon"])
    if "kind" in inside:  # a town or port says more than a country's centre
        inside = inside[~inside["kind"].isin(list(BROAD_PLACE_KINDS))]
    if not inside.empty:
        first = inside.sort_values("start").iloc[0]
        excerpt.update(place_id=str(first["place_id"]), lat=float(first["lat"]),
                       lon=float(first["lon"]))
    links = evidence.corridor_links
    linked = links[(links["doc_id"] == doc_id) & (links["start"] < end) & (links["end"] > start)]
    if not linked.empty:
        excerpt["corridor"] = str(linked.sort_values("start")["corridor"].iloc[0])
    return excerpt


def source_domains(layers: ExportLayers, corridors: Sequence[str]) -> list[str]:
    """Return the distinct web domains of the selected corridors' sources, in order.

    Parameters
    ----------
    layers
        Layer data.
    corridors
        Corridor ids.

    Returns
    -------
    list[str]
        Host names without ``www.``.
    """
    hosts: list[str] = []
    for cid in corridors:
        for url in layers.index.get(cid, {}).get("sources") or []:
            host = (urlparse(str(url)).hostname or "").removeprefix("www.")
            if host and host not in hosts:
                hosts.append(host)
    return hosts


def data_credits(segments: gpd.GeoDataFrame) -> list[str]:
    """Return the licence credits owed for drawing ``segments``.

    Natural Earth always (the basemap); OpenStreetMap (ODbL) when a segment was traced on
    OpenStreetMap data; Global Energy Monitor when one was traced on GEM data
    (``geometry_source.kind == "traced"`` and its ``dataset``).

    Parameters
    ----------
    segments
        The segments drawn (``geometry_source`` column optional).

    Returns
    -------
    list[str]
        Credit lines, Natural Earth first.
    """
    credits = [NATURAL_EARTH_CREDIT]
    datasets = {str(src.get("dataset", "")) for src in segments.get(
        "geometry_source", pd.Series(dtype=object)) if isinstance(src, Mapping)
        and src.get("kind") == "traced"}
    if "OpenStreetMap" in datasets:
        credits.append(OSM_CREDIT)
    if "Global Energy Monitor" in datasets:
        credits.append(GEM_CREDIT)
    return credits


def attribution(request: ExportRequest, layers: ExportLayers, max_hosts: int = 12,
                drawn: gpd.GeoDataFrame | None = None) -> str:
    """Return the attribution line: data licences, corridor sources, excerpt outlets.

    Parameters
    ----------
    request
        The export request.
    layers
        Layer data.
    max_hosts
        Most source domains listed by name (the rest are counted).
    drawn
        The segments actually drawn (for the OpenStreetMap / GEM credits); the
        request's corridors and statuses when ``None``.

    Returns
    -------
    str
        One line of plain text, the licence credits first (see :func:`data_credits`).
    """
    ids = selected_corridors(request, layers)
    if drawn is None:
        drawn = corridor_subset(request, layers).segments
    hosts = source_domains(layers, ids)
    shown = ", ".join(hosts[:max_hosts])
    if len(hosts) > max_hosts:
        shown += f" and {len(hosts) - max_hosts} more"
    parts = data_credits(drawn)
    if hosts:
        parts.append(f"Corridor facts: South Caucasus Corridors Atlas from {shown}")
    outlets = []
    for excerpt in request.excerpts:
        outlet = excerpt.get("outlet") or urlparse(str(excerpt.get("url", ""))).hostname
        if outlet and outlet not in outlets:
            outlets.append(str(outlet))
    if outlets:
        parts.append("Excerpts: " + ", ".join(outlets))
    return ". ".join(parts) + "."


def default_filename(request: ExportRequest, fmt: str) -> str:
    """Return a download file name such as ``atlas-btc-zangezur-slide-2025-01-31.png``.

    Parameters
    ----------
    request
        The export request.
    fmt
        Key of :data:`FORMATS`.

    Returns
    -------
    str
        A file-system-safe name.
    """
    suffix = FORMATS[fmt][0]
    corridors = "-".join(request.corridors) if request.corridors else "all"
    kind = {"view": "view", "html": "map", "geojson": "layers", "csv": "excerpts"}.get(
        fmt, request.preset)
    stem = f"atlas-{corridors}-{kind}-{request.date}"
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in stem)
    return safe + suffix
