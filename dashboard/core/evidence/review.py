"""What an analyst reviews: the queue of uncertain mentions and the choices for one mention.

The queue is asked of the evidence store in SQL (the mentions table's ``certainty`` and
``review`` columns, written by the build); the choices come from the gazetteer: the other
places the parser weighed (``alternatives``), then any place whose name or alias matches
a search, each with its kind, country, distance from the parser's choice and population.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.core.evidence.search import normalise
from dashboard.core.parse.gazetteer import Place

#: Queue order: places with close rivals, then weak matches; reviewed mentions leave it.
CERTAINTY_ORDER = ("close", "weak", "clear")
QUEUE_COLUMNS = ["doc_id", "surface", "start", "end", "sentence_start", "sentence_end",
                 "place_id", "name", "kind", "country", "confidence", "certainty",
                 "alternatives"]

_COLUMNS_SQL = ", ".join(f'"{c}"' for c in QUEUE_COLUMNS)


def _has_review_columns(store) -> bool:
    cols = set(store.sql("SELECT * FROM mentions LIMIT 0").columns)
    return {"certainty", "review"} <= cols


def queue_counts(store) -> dict[str, int]:
    """Return how many unreviewed mentions are ``close`` and ``weak``, and how many reviewed."""
    if not _has_review_columns(store):
        return {"close": 0, "weak": 0, "reviewed": 0}
    row = store.sql(
        "SELECT count(*) FILTER (WHERE certainty = 'close' AND review = '') AS close, "
        "count(*) FILTER (WHERE certainty = 'weak' AND review = '') AS weak, "
        "count(*) FILTER (WHERE review <> '') AS reviewed FROM mentions").iloc[0]
    return {k: int(row[k]) for k in ("close", "weak", "reviewed")}


def review_queue(store, limit: int = 50, offset: int = 0) -> pd.DataFrame:
    """Return one page of unreviewed uncertain mentions, the least certain first."""
    if not _has_review_columns(store):
        return pd.DataFrame(columns=QUEUE_COLUMNS)
    return store.sql(
        f"SELECT {_COLUMNS_SQL} FROM mentions "
        "WHERE certainty IN ('close', 'weak') AND review = '' "
        "ORDER BY CASE certainty WHEN 'close' THEN 0 ELSE 1 END, confidence, doc_id, start "
        "LIMIT ? OFFSET ?", [int(limit), int(offset)])


@dataclass(frozen=True)
class Choice:
    """A gazetteer place offered for a mention."""

    place_id: str
    label: str
    km: float | None


def distance_km(a: Place, lat: float, lon: float) -> float:
    """Great-circle distance in km between a place and a point."""
    p1, p2 = math.radians(a.lat), math.radians(lat)
    dp, dl = p2 - p1, math.radians(lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def describe(place: Place, lat: float | None, lon: float | None,
             population: Mapping[str, int]) -> Choice:
    """Label a place for the choice list: name, kind, country, distance, population."""
    km = None if lat is None or lon is None else distance_km(place, lat, lon)
    parts = [place.name, place.kind, place.country or "no country"]
    if km is not None:
        parts.append("here" if km < 0.5 else f"{km:,.0f} km away")
    people = population.get(str(place.geonameid or ""))
    if people:
        parts.append(f"pop. {people:,}")
    return Choice(place.place_id, " · ".join(parts), km)


def choices(current: Mapping, gazetteer: Mapping[str, Place], population: Mapping[str, int],
            query: str = "", limit: int = 20) -> list[Choice]:
    """Places to offer for one mention row: the parser's rivals, then matches of ``query``.

    Parameters
    ----------
    current
        The mention row (``place_id``, ``lat``, ``lon``, ``alternatives``).
    gazetteer
        ``place_id -> Place``.
    population
        GeoNames id -> population (blank when unknown).
    query
        Words of a name to search the whole gazetteer for (case and accents ignored).
    """
    lat, lon = current.get("lat"), current.get("lon")
    ids = [p for p in str(current.get("alternatives") or "").split(";") if p in gazetteer]
    if query.strip():
        wanted = normalise(query).strip()
        hits = [p.place_id for p in gazetteer.values()
                if any(wanted in normalise(n) for n in (p.name, *p.aliases))]
        hits.sort(key=lambda pid: (normalise(gazetteer[pid].name) != wanted,
                                   -gazetteer[pid].prior, gazetteer[pid].name))
        ids += [pid for pid in hits if pid not in ids]
    ids = [pid for pid in ids if pid != current.get("place_id")][:limit]
    return [describe(gazetteer[pid], lat, lon, population) for pid in ids]
