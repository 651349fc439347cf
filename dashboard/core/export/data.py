"""Data exports: GeoJSON of the visible layers and places, CSV of the evidence excerpts."""

from __future__ import annotations

import io
import json
from typing import Any

import geopandas as gpd
import pandas as pd

from dashboard.core.export.extent import places_in_extent
from dashboard.core.export.model import (
    ExportLayers,
    ExportRequest,
    corridor_subset,
    selected_corridors,
)

SEGMENT_FIELDS = ("corridor", "segment_id", "name", "mode", "status", "countries",
                  "approximate_geometry", "sources", "notes")
NODE_FIELDS = ("corridor", "node_id", "role", "name", "aliases", "coord_quality", "source",
               "country")
PLACE_FIELDS = ("place_id", "name", "kind", "country", "mention_count", "doc_count")
CSV_COLUMNS = ("number", "pinned", "doc_id", "start", "end", "text", "citation", "title",
               "outlet", "outlet_country", "outlet_type", "date", "date_basis", "url", "also_in",
               "place_id", "corridor", "lat", "lon", "date_range")


def _features(frame: gpd.GeoDataFrame, fields: tuple[str, ...], layer: str,
              extra: dict[str, Any] | None = None) -> list[dict]:
    if frame.empty:
        return []
    columns = [c for c in fields if c in frame.columns]
    slim = frame[[*columns, "geometry"]].copy()
    slim.insert(0, "layer", layer)
    for key, value in (extra or {}).items():
        slim[key] = value
    doc = json.loads(slim.to_json(na="null", drop_id=True, to_wgs84=True))
    return doc["features"]


def layers_geojson(request: ExportRequest, layers: ExportLayers) -> bytes:
    """Return a UTF-8 GeoJSON FeatureCollection (RFC 7946) of the visible corridors and places.

    Every feature has a ``layer`` property: ``segment`` (LineString, with the
    corridor's ``color``), ``node`` (Point) or ``place`` (Point, only places inside
    the request's extent when one is set).  The collection carries the request's
    title, date, corridors and extent as a foreign member ``atlas``.
    """
    subset = corridor_subset(request, layers)
    features: list[dict] = []
    for corridor in subset.corridors:
        segs = subset.segments[subset.segments["corridor"] == corridor.id]
        features += _features(segs, SEGMENT_FIELDS, "segment", {"color": corridor.colour})
    features += _features(subset.nodes, NODE_FIELDS, "node")
    places = places_in_extent(request.places, request.extent)
    if not places.empty:
        points = gpd.GeoDataFrame(
            places.drop(columns=[c for c in ("geometry",) if c in places.columns]),
            geometry=gpd.points_from_xy(places["lon"].astype(float),
                                        places["lat"].astype(float)),
            crs="EPSG:4326",
        )
        features += _features(points, PLACE_FIELDS, "place")
    doc = {
        "type": "FeatureCollection",
        "atlas": {"title": request.title, "date": request.date,
                  **({"date_range": request.date_range} if request.date_range else {}),
                  "corridors": selected_corridors(request, layers),
                  "extent": list(request.extent) if request.extent else None},
        "features": features,
    }
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def excerpts_frame(request: ExportRequest) -> pd.DataFrame:
    """Return the exported excerpts (:data:`CSV_COLUMNS`).

    Every row of ``request.evidence`` (the selection's excerpts under the filters), then
    any picked excerpt not among them; a picked excerpt has ``pinned`` ``yes`` and its
    ``number`` on the figure, every other row ``pinned`` ``no`` and no number.
    """
    def span(item: dict) -> tuple:
        return str(item.get("doc_id")), int(item.get("start", -1)), int(item.get("end", -1))

    picked: dict[tuple, int] = {}
    for number, pin in enumerate(request.excerpts, start=1):
        picked.setdefault(span(pin), number)
    rows, matched = [], set()
    for item in request.evidence:
        number = picked.get(span(item))
        pin = request.excerpts[number - 1] if number is not None else {}
        matched.add(number)
        rows.append(_csv_row({**pin, **item}, number, request.date_range))
    rows += [_csv_row(pin, number, request.date_range)
             for number, pin in enumerate(request.excerpts, start=1) if number not in matched]
    return pd.DataFrame(rows, columns=list(CSV_COLUMNS))


def _csv_row(item: dict, number: int | None, date_range: str = "") -> dict:
    row = {column: item.get(column, "") for column in CSV_COLUMNS}
    row["date_range"] = date_range
    row["number"] = number if number is not None else ""
    row["pinned"] = "yes" if number is not None else "no"
    return row


#: First characters that make a spreadsheet read a cell as a formula (OWASP list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise_cell(value: object) -> object:
    """Return ``value`` safe for a spreadsheet (a formula-like text gets an apostrophe).

    A text cell that would start a formula gets a leading apostrophe, the spreadsheet
    convention for "this is text".
    Leading blanks are looked through (spreadsheets ignore them before ``=``).
    Non-text values are returned unchanged.
    """
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_START):
        return "'" + value
    return value


def excerpts_csv(request: ExportRequest) -> bytes:
    """Return the exported excerpts (:func:`excerpts_frame`) with their citations as CSV.

    UTF-8 with a byte-order mark so spreadsheet programs show non-Latin names
    correctly; excerpt text is verbatim (quoted as needed by the CSV writer) except
    that a text cell which a spreadsheet would run as a formula (``=``, ``+``, ``-``,
    ``@``, tab or line break first) starts with an apostrophe (:func:`neutralise_cell`);
    the GeoJSON export and the app keep the verbatim text.
    """
    buffer = io.StringIO()
    excerpts_frame(request).map(neutralise_cell).to_csv(buffer, index=False,
                                                        lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")
