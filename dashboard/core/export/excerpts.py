"""Excerpts in an export: where a numbered excerpt is pinned, and how it is cited."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd
import shapely
import shapely.ops

from dashboard.core.corpus import citation
from dashboard.core.corpus.outlets import default_registry
from dashboard.core.export.model import ExportLayers, Extent

#: place kinds too broad to pin an excerpt's call-out on (their point is a centroid).
BROAD_PLACE_KINDS = ("country", "macro_region", "sea")

def excerpt_anchor(excerpt: Mapping[str, Any], layers: ExportLayers,
                   places: pd.DataFrame | None,
                   extent: Extent | None = None) -> tuple[float, float] | None:
    """Return the ``(lon, lat)`` where an excerpt's call-out is drawn, or ``None``.

    The call-out is pinned to what the excerpt is about: the place it mentions (its own
    ``lat``/``lon``, else the coordinates of its ``place_id`` in ``places``); when that
    place is not inside ``extent``, or there is none, the point of its linked
    ``corridor`` inside ``extent`` nearest to the place (or to the frame's centre).
    Without an extent: the place, else the middle of the corridor's first segment.
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
    """Format ``Author, "Title", Outlet, date. URL`` from a row of ``EvidenceIndex.documents``.

    Missing fields are left out; the first words of ``text`` stand in for a missing title
    (see :func:`dashboard.core.corpus.citation.cite`).
    """
    return citation.cite(doc, text)


def with_registry_outlet(doc: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Return ``doc`` citing its registry outlet with its country, and the outlet fields.

    A document whose outlet the registry knows is cited as ``Outlet (CC)``; the fields
    are ``outlet``, ``outlet_country`` and ``outlet_type`` (``unknown outlet`` and blanks
    when it is not known; the citation then keeps the outlet the metadata states).
    """
    found = default_registry().resolve(doc.get("outlet"), doc.get("url"))
    if not found.by:
        return dict(doc), {"outlet": found.outlet, "outlet_country": "", "outlet_type": ""}
    cited = {**doc, "outlet": f"{found.outlet} ({found.country})"}
    return cited, {"outlet": found.outlet, "outlet_country": found.country,
                   "outlet_type": found.type}


def excerpt_from_evidence(evidence: Any, doc_id: str, start: int, end: int) -> dict[str, Any]:
    """Build the excerpt dict of ``[start, end)`` of a document of an ``EvidenceIndex``.

    Keys: ``doc_id``, ``start``, ``end``, verbatim ``text``, ``citation`` (its outlet and
    country from the registry, its date or "undated"), ``title``/``date``/``date_basis``/
    ``url`` when known, ``outlet``, ``outlet_country``, ``outlet_type``;
    ``place_id``/``lat``/``lon`` of the first located mention in the span that is not a
    country, macro-region or sea (:data:`BROAD_PLACE_KINDS`), if any; ``corridor`` of the
    first corridor link overlapping the span, if any.  Raises ``KeyError`` for an unknown
    document and ``ValueError`` for a span outside it.
    """
    text = evidence.texts[doc_id]
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}:{end} outside document {doc_id} ({len(text)} chars)")
    docs = evidence.documents
    meta = docs[docs["doc_id"] == doc_id]
    doc = meta.iloc[0].to_dict() if not meta.empty else {"doc_id": doc_id}
    doc, voice = with_registry_outlet(doc)
    dated = {**doc, "date": citation.clean(doc.get("date")) or "undated"}  # every pin says when
    excerpt: dict[str, Any] = {"doc_id": doc_id, "start": int(start), "end": int(end),
                               "text": text[start:end], "citation": citation_for(dated, text),
                               **voice}
    for key in ("title", "date", "date_basis", "url"):
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

