"""Corridor geodata loaders: index, segments (lines) and nodes (points).

Reads ``geodata/corridors/index.json`` and ``geodata/corridors/<id>.geojson``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dashboard.core.paths import geodata_dir

if TYPE_CHECKING:  # imported where frames are built: reading the index needs no geopandas
    import geopandas as gpd

CORRIDOR_IDS: tuple[str, ...] = ("middle_corridor", "instc", "zangezur", "aras", "btc")

SEGMENT_COLUMNS: tuple[str, ...] = (
    "corridor",
    "segment_id",
    "name",
    "mode",
    "status",
    "countries",
    "approximate_geometry",
    "length_km",
    "sources",
    "notes",
)
NODE_COLUMNS: tuple[str, ...] = (
    "corridor",
    "node_id",
    "role",
    "name",
    "aliases",
    "country",
    "coord_quality",
    "source",
    "notes",
)
MODES: tuple[str, ...] = ("rail", "road", "sea", "pipeline", "multimodal")
STATUSES: tuple[str, ...] = (
    "operating",
    "under_construction",
    "planned",
    "proposed",
    "disputed",
)
ROLES: tuple[str, ...] = (
    "terminal",
    "port",
    "border_crossing",
    "junction",
    "pump_station",
    "city",
    "bridge",
)


def corridors_dir(geodata: Path | None = None) -> Path:
    """Return the folder holding the corridor files.

    Parameters
    ----------
    geodata
        Geodata root; defaults to :func:`dashboard.core.paths.geodata_dir`.

    Returns
    -------
    Path
        ``<geodata>/corridors``.
    """
    return (geodata or geodata_dir()) / "corridors"


def corridor_file(corridor_id: str, geodata: Path | None = None) -> Path:
    """Return the GeoJSON path of one corridor."""
    return corridors_dir(geodata) / f"{corridor_id}.geojson"


def load_corridor_index(geodata: Path | None = None) -> dict[str, dict]:
    """Load corridor-level facts keyed by corridor id.

    Parameters
    ----------
    geodata
        Geodata root; defaults to the repository ``geodata`` folder.

    Returns
    -------
    dict
        ``{corridor_id: entry}`` in :data:`CORRIDOR_IDS` order; each entry has ``id``,
        ``name``, ``aliases``, ``color``, ``description``, ``status``, ``countries``,
        ``length``, ``capacity``, ``operator``, ``key_dates``, ``sources`` and more.
    """
    doc = json.loads((corridors_dir(geodata) / "index.json").read_text(encoding="utf-8"))
    by_id = {entry["id"]: entry for entry in doc["corridors"]}
    return {cid: by_id[cid] for cid in CORRIDOR_IDS if cid in by_id}


def read_corridor_features(corridor_id: str, geodata: Path | None = None) -> list[dict]:
    """Return the raw GeoJSON features of one corridor file."""
    text = corridor_file(corridor_id, geodata).read_text(encoding="utf-8")
    return json.loads(text)["features"]


def _frame(features: list[dict], columns: tuple[str, ...]) -> gpd.GeoDataFrame:
    import geopandas as gpd

    if not features:
        return gpd.GeoDataFrame(columns=[*columns, "geometry"], geometry="geometry", crs=4326)
    frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    for col in columns:
        if col not in frame.columns:
            frame[col] = None
    ordered = [*columns, *[c for c in frame.columns if c not in columns and c != "geometry"]]
    return frame[[*ordered, "geometry"]]


def _features_of_type(feature_type: str, geodata: Path | None) -> list[dict]:
    feats = []
    for cid in CORRIDOR_IDS:
        path = corridor_file(cid, geodata)
        if path.exists():
            feats += [
                f
                for f in read_corridor_features(cid, geodata)
                if f["properties"].get("feature_type") == feature_type
            ]
    return feats


def load_segments(geodata: Path | None = None) -> gpd.GeoDataFrame:
    """Load all LineString segments of all corridors.

    Parameters
    ----------
    geodata
        Geodata root; defaults to the repository ``geodata`` folder.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326; columns :data:`SEGMENT_COLUMNS` (``countries`` and ``sources`` are
        Python lists) plus extra properties such as ``geometry_basis``.
    """
    return _frame(_features_of_type("segment", geodata), SEGMENT_COLUMNS).reset_index(drop=True)


def load_nodes(geodata: Path | None = None) -> gpd.GeoDataFrame:
    """Load all plotted Point nodes of all corridors.

    UNVERIFIED source locations are not included; they are listed per corridor in the
    index under ``unplaced_nodes``.

    Parameters
    ----------
    geodata
        Geodata root; defaults to the repository ``geodata`` folder.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326; columns :data:`NODE_COLUMNS` plus extra properties
        (``tolerance_m``, ``coord_quality_detail``, ...).
    """
    return _frame(_features_of_type("node", geodata), NODE_COLUMNS).reset_index(drop=True)


#: Colour of a corridor whose facts carry none.
DEFAULT_COLOUR = "#333333"


def corridor_label(facts: Mapping[str, Any], corridor_id: str = "") -> str:
    """Return a corridor's display label: its short name, else its name, else its id."""
    return str(facts.get("short_name") or facts.get("name") or corridor_id)


@dataclass(frozen=True)
class Corridor:
    """One corridor of ``index.json`` as the map, figures and exports draw it.

    ``facts`` is the whole ``index.json`` entry (dates, sources, owners...).
    """

    id: str
    name: str
    label: str
    colour: str
    facts: Mapping[str, Any]

    @classmethod
    def of(cls, corridor_id: str, facts: Mapping[str, Any]) -> Corridor:
        """Return the corridor of one ``index.json`` entry."""
        return cls(id=corridor_id, name=str(facts.get("name") or corridor_id),
                   label=corridor_label(facts, corridor_id),
                   colour=str(facts.get("color") or DEFAULT_COLOUR), facts=facts)


def corridors_of(index: Mapping[str, Mapping[str, Any]]) -> list[Corridor]:
    """Return the corridors of a :func:`load_corridor_index` mapping, in its order."""
    return [Corridor.of(cid, facts) for cid, facts in index.items()]


def corridor_palette(index: dict[str, dict]) -> tuple[list[str], list[str]]:
    """Return the ``(names, colours)`` of the corridors, in index order.

    The one source of corridor colours (``index.json`` ``color``) as an explicit colour
    scale for charts: ``domain=names, range=colours``.  Charts must pass both, because a
    categorical scale given only a range pairs it with the *sorted* domain.

    Returns the display labels (:func:`corridor_label`) and ``#rrggbb`` colours.
    """
    corridors = corridors_of(index)
    return [c.label for c in corridors], [c.colour for c in corridors]
