"""Credits of an export: Natural Earth, OpenStreetMap, Global Energy Monitor, sources."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlparse

import geopandas as gpd
import pandas as pd

from dashboard.core.export.model import (
    ExportLayers,
    ExportRequest,
    corridor_subset,
    selected_corridors,
)

NATURAL_EARTH_CREDIT = "Made with Natural Earth (public domain)"
OSM_CREDIT = "\u00a9 OpenStreetMap contributors (ODbL)"
GEM_CREDIT = "Global Energy Monitor, Global Oil Infrastructure Tracker (CC BY 4.0)"


def source_domains(layers: ExportLayers, corridors: Sequence[str]) -> list[str]:
    """Return the distinct web hosts (without ``www.``) of the corridors' sources, in order."""
    hosts: list[str] = []
    for cid in corridors:
        for url in layers.index.get(cid, {}).get("sources") or []:
            host = (urlparse(str(url)).hostname or "").removeprefix("www.")
            if host and host not in hosts:
                hosts.append(host)
    return hosts


def data_credits(segments: gpd.GeoDataFrame) -> list[str]:
    """Return the licence credits owed for drawing ``segments``, Natural Earth first.

    Natural Earth always (the basemap); OpenStreetMap (ODbL) when a segment was traced on
    OpenStreetMap data; Global Energy Monitor when one was traced on GEM data
    (``geometry_source.kind == "traced"`` and its ``dataset``).
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
    """Return the one-line attribution: data licences, corridor sources, excerpt outlets.

    The licence credits (:func:`data_credits`) are those of ``drawn``, the segments actually
    drawn (the request's corridors and statuses when ``None``); at most ``max_hosts`` source
    domains are named, the rest counted.
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

