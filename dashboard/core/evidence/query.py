"""Questions the analyst asks of the evidence index, under the current filters.

All functions are pure and take an :class:`~dashboard.core.evidence.index.EvidenceIndex`
(duck-typed: ``documents``, ``sentences``, ``mentions``, ``places``,
``corridor_links`` DataFrames and the ``texts`` dict) plus a :class:`Filters`.
An index with a ``store`` (:class:`~dashboard.core.evidence.sql.StoredIndex`, what the
app holds) is answered by SQL over its files instead, with equal results (tested).
An *excerpt* is a sentence: ``texts[doc_id][start:end]``, verbatim, with offsets.

Free-text search follows :mod:`dashboard.core.evidence.search` (aliases, transliterations,
diacritics, phrases); a place or corridor "matches" when at least one of its excerpts
does, which is how the map narrows.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from dashboard.core.evidence.search import SearchIndex

EXCERPT_COLUMNS = ["doc_id", "start", "end", "text", "spans"]


@dataclass(frozen=True)
class Filters:
    """Restrictions from the sidebar; ``None`` means no restriction."""

    sources: tuple[str, ...] | None = None
    kinds: tuple[str, ...] | None = None
    query: str = ""
    #: Outlet facets (:mod:`dashboard.core.corpus.outlets`): registry country codes
    #: (``"unknown"`` for an unresolved outlet) and outlet types.
    outlet_countries: tuple[str, ...] | None = None
    outlet_types: tuple[str, ...] | None = None


def _store(index):
    """Return the SQL store behind a stored index (``None`` for an index in memory)."""
    return getattr(index, "store", None)


def every_source(index, sources: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """``None`` when ``sources`` names every document of ``index`` (no restriction).

    The map's default selection is every source; as ``None`` it costs no filter in SQL
    and no cache key of ten thousand ids.
    """
    if sources is None or len(sources) < len(index.documents):
        return sources
    return None if set(sources) >= set(index.documents["doc_id"]) else sources


def _sql_filters(index, filters: Filters) -> Filters:
    sources = every_source(index, filters.sources)
    return filters if sources is filters.sources else replace(filters, sources=None)


def matching_sentences(sentences: SearchIndex, query: str) -> set[tuple[str, int]]:
    """Return ``(doc_id, sentence_start)`` of the sentences matching ``query``.

    Parameters
    ----------
    sentences
        The corpus' :class:`~dashboard.core.evidence.search.SearchIndex`.
    query
        Search text; blank matches nothing.

    Returns
    -------
    set[tuple[str, int]]
        Keys of matching sentences (literal and entity hits; see
        :mod:`dashboard.core.evidence.search`).
    """
    return sentences.match(query)


def _restrict(frame: pd.DataFrame, filters: Filters, start_col: str,
              matches: set[tuple[str, int]] | None) -> pd.DataFrame:
    if filters.sources is not None:
        frame = frame[frame["doc_id"].isin(list(filters.sources))]
    if matches is not None:
        keys = list(zip(frame["doc_id"], frame[start_col].astype(int), strict=True))
        frame = frame[[k in matches for k in keys]]
    return frame


def filtered_mentions(index, filters: Filters,
                      matches: set[tuple[str, int]] | None = None) -> pd.DataFrame:
    """Return the place mentions that pass the filters.

    Parameters
    ----------
    index
        The evidence index.
    filters
        Source and kind restrictions.
    matches
        When given (a search is active), only mentions in these sentences.

    Returns
    -------
    pandas.DataFrame
        Rows of ``index.mentions`` that have a resolved place.
    """
    mentions = index.mentions
    mentions = mentions[mentions["place_id"].notna() & (mentions["place_id"] != "")]
    if filters.kinds is not None:
        mentions = mentions[mentions["kind"].isin(list(filters.kinds))]
    return _restrict(mentions, filters, "sentence_start", matches)


def place_counts(index, filters: Filters,
                 matches: set[tuple[str, int]] | None = None) -> pd.DataFrame:
    """Count mentions per place under the filters.

    Returns
    -------
    pandas.DataFrame
        ``place_id``, ``name``, ``kind``, ``country``, ``lat``, ``lon``,
        ``mention_count``, ``doc_count``, most mentioned first.
    """
    if _store(index) is not None:
        table = _store(index).place_counts(_sql_filters(index, filters), matches)
        if table.empty:
            return index.places.iloc[0:0].assign(mention_count=0, doc_count=0)
        return table
    mentions = filtered_mentions(index, filters, matches)
    if mentions.empty:
        return index.places.iloc[0:0].assign(mention_count=0, doc_count=0)
    counts = mentions.groupby("place_id").agg(
        mention_count=("doc_id", "size"), doc_count=("doc_id", "nunique")).reset_index()
    info = index.places.drop(columns=["mention_count", "doc_count"], errors="ignore")
    table = counts.merge(info, on="place_id", how="left")
    return table.sort_values(["mention_count", "name"], ascending=[False, True],
                             ignore_index=True)


def filtered_links(index, filters: Filters,
                   matches: set[tuple[str, int]] | None = None) -> pd.DataFrame:
    """Return corridor-sentence links under the source filter (and search)."""
    return _restrict(index.corridor_links, filters, "start", matches)


def corridor_counts(index, filters: Filters, corridor_ids: Iterable[str],
                    matches: set[tuple[str, int]] | None = None) -> dict[str, int]:
    """Count excerpts per corridor under the filters (0 for corridors without any)."""
    if _store(index) is not None:
        return _store(index).corridor_counts(_sql_filters(index, filters), corridor_ids, matches)
    links = filtered_links(index, filters, matches)
    counts = links.groupby("corridor").size().to_dict() if not links.empty else {}
    return {cid: int(counts.get(cid, 0)) for cid in corridor_ids}


def corridor_excerpts(index, corridor_id: str, filters: Filters,
                      matches: set[tuple[str, int]] | None = None) -> pd.DataFrame:
    """Excerpts linked to a corridor, with the matched terms as highlight spans.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``start``, ``end``, ``text`` (verbatim slice), ``spans``
        (list of ``(start, end)`` of the corridor terms), ``basis``; in document order.
    """
    if _store(index) is not None:
        return _store(index).corridor_excerpts(corridor_id, filters, matches)
    links = filtered_links(index, filters, matches)
    links = links[links["corridor"] == corridor_id].sort_values(["doc_id", "start"])
    rows = [
        {"doc_id": r.doc_id, "start": int(r.start), "end": int(r.end),
         "text": index.texts[r.doc_id][int(r.start):int(r.end)],
         "spans": [(int(a), int(b)) for a, b in (r.term_spans if r.term_spans is not None
                                                  else [])],
         "basis": r.basis}
        for r in links.itertuples(index=False)
    ]
    return pd.DataFrame(rows, columns=[*EXCERPT_COLUMNS, "basis"])


def place_excerpts(index, place_id: str, filters: Filters,
                   matches: set[tuple[str, int]] | None = None) -> pd.DataFrame:
    """Excerpts (sentences) mentioning a place, with its mentions as highlight spans.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``start``, ``end``, ``text``, ``spans``; one row per sentence.
    """
    if _store(index) is not None:
        return _store(index).place_excerpts(place_id, filters, matches)
    unfiltered_kinds = replace(filters, kinds=None)
    mentions = filtered_mentions(index, unfiltered_kinds, matches)
    mentions = mentions[mentions["place_id"] == place_id]
    if mentions.empty:
        return pd.DataFrame([], columns=EXCERPT_COLUMNS)
    mentions = mentions.sort_values(["doc_id", "sentence_start", "sentence_end"],
                                    kind="stable")
    keys = ["doc_id", "sentence_start", "sentence_end"]
    spans = list(zip(mentions["start"].astype(int).tolist(),
                     mentions["end"].astype(int).tolist(), strict=True))
    first = ~mentions.duplicated(keys).to_numpy()
    bounds = [*first.nonzero()[0].tolist(), len(mentions)]
    heads = mentions[first]
    docs = heads["doc_id"].tolist()
    starts = heads["sentence_start"].astype(int).tolist()
    ends = heads["sentence_end"].astype(int).tolist()
    texts = index.texts
    return pd.DataFrame({
        "doc_id": docs, "start": starts, "end": ends,
        "text": [texts[d][a:b] for d, a, b in zip(docs, starts, ends, strict=True)],
        "spans": [spans[a:b] for a, b in zip(bounds, bounds[1:], strict=False)],
    }, columns=EXCERPT_COLUMNS)


_DOC_ROWS: dict[int, tuple[weakref.ref, int, dict]] = {}
_DOC_ROWS_KEPT = 4


def _rows_of_doc(frame: pd.DataFrame, doc_id: str) -> np.ndarray:
    """Positions of ``doc_id``'s rows in ``frame`` (grouped once per frame, then looked up).

    The grouping is kept for the last few frames, by weak reference (it never keeps an
    index alive) and checked against the frame's identity and length.
    """
    cached = _DOC_ROWS.get(id(frame))
    if cached is None or cached[0]() is not frame or cached[1] != len(frame):
        while len(_DOC_ROWS) >= _DOC_ROWS_KEPT:
            _DOC_ROWS.pop(next(iter(_DOC_ROWS)))
        cached = (weakref.ref(frame), len(frame), frame.groupby("doc_id", sort=False).indices)
        _DOC_ROWS[id(frame)] = cached
    return cached[2].get(doc_id, np.empty(0, dtype=np.intp))


def places_in_span(index, doc_id: str, start: int, end: int) -> pd.DataFrame:
    """Distinct resolved places mentioned inside ``texts[doc_id][start:end]``.

    Returns
    -------
    pandas.DataFrame
        ``place_id``, ``name``, ``lat``, ``lon`` in order of first mention.
    """
    if _store(index) is not None:
        return _store(index).places_in_span(doc_id, start, end)
    m = index.mentions
    rows = _rows_of_doc(m, doc_id)
    contiguous = len(rows) > 0 and rows[-1] - rows[0] + 1 == len(rows)
    m = m.iloc[int(rows[0]):int(rows[-1]) + 1] if contiguous else m.iloc[rows]
    inside = m[(m["start"] >= start) & (m["end"] <= end)
               & m["place_id"].notna() & (m["place_id"] != "")]
    inside = inside.sort_values("start").drop_duplicates("place_id")
    return inside[["place_id", "name", "lat", "lon"]].reset_index(drop=True)


def places_in_spans(index, spans: Iterable[tuple[str, int, int]]) -> dict[tuple, pd.DataFrame]:
    """:func:`places_in_span` of each ``(doc_id, start, end)`` (one query on a store)."""
    if _store(index) is not None:
        return _store(index).places_in_spans(spans)
    return {(str(d), int(a), int(b)): places_in_span(index, d, int(a), int(b))
            for d, a, b in spans}


def doc_rows(index, table: str, doc_id: str) -> pd.DataFrame:
    """Rows of one document in ``table`` (``sentences``, ``mentions``, ``corridor_links``)."""
    if _store(index) is not None:
        return _store(index).doc_rows(table, doc_id)
    frame = getattr(index, table)
    return frame[frame["doc_id"] == doc_id]


@dataclass(frozen=True)
class Excerpts:
    """The excerpts of a selection, counted once and fetched a page at a time.

    Attributes
    ----------
    total, sources
        Number of excerpts and of the sources they come from.
    fetch
        ``fetch(offset, limit)`` returns rows ``offset .. offset + limit`` of the
        :func:`place_excerpts` / :func:`corridor_excerpts` table.
    """

    total: int
    sources: int
    fetch: Callable[[int, int], pd.DataFrame]

    def page(self, number: int, size: int) -> pd.DataFrame:
        """Rows of page ``number`` (from 1) of ``size`` rows."""
        return self.fetch((number - 1) * size, size)


def excerpt_pages(table: pd.DataFrame) -> Excerpts:
    """Page through an excerpts table already in memory."""
    return Excerpts(len(table), table["doc_id"].nunique(),
                    lambda offset, limit: table.iloc[offset:offset + limit])


def place_excerpt_pages(index, place_id: str, filters: Filters,
                        matches: set[tuple[str, int]] | None = None) -> Excerpts:
    """:func:`place_excerpts` counted, then read a page at a time."""
    store = _store(index)
    if store is None:
        return excerpt_pages(place_excerpts(index, place_id, filters, matches))
    filters = _sql_filters(index, filters)
    total, sources = store.place_excerpt_count(place_id, filters, matches)
    return Excerpts(total, sources, lambda offset, limit: store.place_excerpts(
        place_id, filters, matches, offset=offset, limit=limit))


def corridor_excerpt_pages(index, corridor_id: str, filters: Filters,
                           matches: set[tuple[str, int]] | None = None) -> Excerpts:
    """:func:`corridor_excerpts` counted, then read a page at a time."""
    store = _store(index)
    if store is None:
        return excerpt_pages(corridor_excerpts(index, corridor_id, filters, matches))
    filters = _sql_filters(index, filters)
    total, sources = store.corridor_excerpt_count(corridor_id, filters, matches)
    return Excerpts(total, sources, lambda offset, limit: store.corridor_excerpts(
        corridor_id, filters, matches, offset=offset, limit=limit))
