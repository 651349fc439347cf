"""Questions the analyst asks of the evidence index, under the current filters: the one path.

Every function takes the index the app holds (a :class:`~dashboard.core.evidence.sql.
StoredIndex`, from :func:`dashboard.core.evidence.cache.open_index`) and answers in SQL,
DuckDB over the index's Parquet files; only the rows of the answer reach Python. There
is no second implementation in pandas: a rule of what an excerpt is lives here once.

An *excerpt* is a sentence: ``texts[doc_id][start:end]``, verbatim, with offsets.
The filters become one ``WHERE`` clause (:func:`where_sql`) over tables registered on a
cursor of their own (:func:`scoped_cursor`); a new restriction is added in those two.
Free-text search (:mod:`dashboard.core.evidence.search_sql`) hands in ``matches``, the
``(doc_id, sentence start)`` keys of the sentences that match; a place or corridor
"matches" when at least one of its excerpts does, which is how the map narrows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import pandas as pd

from dashboard.core.evidence.daterange import DAY_SQL, DateRange, iso_day
from dashboard.core.evidence.sql import PLACE_INFO, EvidenceStore, StoredIndex

if TYPE_CHECKING:
    from dashboard.core.evidence.search_sql import StoredSearch

EXCERPT_COLUMNS = ["doc_id", "start", "end", "text", "spans"]
CHIP_COLUMNS = ["place_id", "name", "lat", "lon"]
Matches = set[tuple[str, int]] | None


@dataclass(frozen=True)
class Filters:
    """Restrictions from the sidebar; ``None`` means no restriction."""

    sources: tuple[str, ...] | None = None
    kinds: tuple[str, ...] | None = None
    query: str = ""
    #: Publication dates shown (:mod:`dashboard.core.evidence.daterange`); ``None``: all.
    dates: DateRange | None = None
    #: Outlet facets (:mod:`dashboard.core.corpus.outlets`): registry country codes
    #: (``"unknown"`` for an unresolved outlet) and outlet types.
    outlet_countries: tuple[str, ...] | None = None
    outlet_types: tuple[str, ...] | None = None


def every_source(index: StoredIndex, sources: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """``None`` when ``sources`` names every document of ``index`` (no restriction).

    The map's default selection is every source; as ``None`` it costs no filter in SQL
    and no cache key of ten thousand ids.
    """
    if sources is None or len(sources) < len(index.documents):
        return sources
    return None if set(sources) >= set(index.documents["doc_id"]) else sources


def _scope(index: StoredIndex, filters: Filters) -> Filters:
    sources = every_source(index, filters.sources)
    return filters if sources is filters.sources else replace(filters, sources=None)


def dated(filters: Filters) -> DateRange | None:
    """Return the filters' date range when it leaves anything out, else ``None``."""
    return filters.dates if filters.dates is not None and filters.dates.active else None


def dated_ids(index: StoredIndex, dates: DateRange | None) -> set[str] | None:
    """Return the ids of the documents published inside ``dates`` (``None``: no restriction).

    The same predicate as :func:`where_sql`'s, asked of the ``documents`` table.
    """
    if dates is None or not dates.active:
        return None
    rows = index.store.cursor().execute(
        f"SELECT doc_id FROM documents WHERE {dates.predicate()}").fetchall()
    return {str(r[0]) for r in rows}


def matching_sentences(sentences: StoredSearch, query: str) -> set[tuple[str, int]]:
    """Return ``(doc_id, sentence_start)`` of the sentences matching ``query`` (blank: none)."""
    return sentences.match(query)


def _ids(values: Iterable[str]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": pd.Series(list(values), dtype="object")})


def scoped_cursor(store: EvidenceStore, filters: Filters, matches: Matches):
    """Open a fresh cursor (thread-safe) with the tables :func:`where_sql` refers to."""
    cur = store.cursor()
    if filters.sources is not None:
        cur.register("f_sources", _ids(filters.sources))
    if filters.kinds is not None:
        cur.register("f_kinds", pd.DataFrame({"kind": pd.Series(list(filters.kinds),
                                                                dtype="object")}))
    for name, values in (("f_countries", filters.outlet_countries),
                         ("f_types", filters.outlet_types)):
        if values is not None:
            store.voices()
            cur.register(name, pd.DataFrame({"v": pd.Series(list(values), dtype="object")}))
    if matches is not None:
        keys = sorted(matches)
        cur.register("f_matches", pd.DataFrame({
            "doc_id": pd.Series([k[0] for k in keys], dtype="object"),
            "s_start": pd.Series([int(k[1]) for k in keys], dtype="int64")}))
    return cur


def where_sql(filters: Filters, matches: Matches, start_col: str, kinds: bool = True) -> str:
    """Return the ``WHERE`` condition of the filters on a table with ``doc_id`` and ``start_col``.

    ``kinds`` applies the place-kind filter (mentions only; a place's own excerpts ignore it).
    """
    parts = ["TRUE"]
    if filters.sources is not None:
        parts.append("doc_id IN (SELECT doc_id FROM f_sources)")
    if kinds and filters.kinds is not None:
        parts.append("kind IN (SELECT kind FROM f_kinds)")
    for column, table, values in (("outlet_country", "f_countries", filters.outlet_countries),
                                  ("outlet_type", "f_types", filters.outlet_types)):
        if values is not None:
            parts.append(f"doc_id IN (SELECT doc_id FROM doc_outlets WHERE {column} IN "
                         f"(SELECT v FROM {table}))")
    if matches is not None:
        parts.append(f"(doc_id, {start_col}) IN (SELECT doc_id, s_start FROM f_matches)")
    dates = dated(filters)
    if dates is not None:  # the range's one rule, over the documents table
        parts.append(f"doc_id IN (SELECT doc_id FROM documents WHERE {dates.predicate()})")
    return " AND ".join(parts)


def _mentions_sql(filters: Filters, matches: Matches, kinds: bool = True) -> str:
    """Select the resolved place mentions under the filters."""
    return ("SELECT * FROM mentions WHERE place_id IS NOT NULL AND place_id <> '' AND "
            + where_sql(filters, matches, "sentence_start", kinds))


def place_counts(index: StoredIndex, filters: Filters, matches: Matches = None) -> pd.DataFrame:
    """Count mentions per place under the filters.

    Returns
    -------
    pandas.DataFrame
        ``place_id``, ``mention_count``, ``doc_count``, ``name``, ``kind``, ``country``,
        ``lat``, ``lon``; most mentioned first, then by name.
    """
    filters = _scope(index, filters)
    info = ", ".join(f"p.{c}" for c in PLACE_INFO[1:])
    return scoped_cursor(index.store, filters, matches).execute(
        f"WITH m AS ({_mentions_sql(filters, matches)}), "
        "c AS (SELECT place_id, count(*) AS mention_count, "
        "count(DISTINCT doc_id) AS doc_count FROM m GROUP BY place_id), "
        "p AS (SELECT * FROM places QUALIFY row_number() OVER (PARTITION BY place_id) = 1) "
        f"SELECT c.place_id, c.mention_count, c.doc_count, {info} FROM c "
        "LEFT JOIN p USING (place_id) "
        "ORDER BY c.mention_count DESC, p.name ASC NULLS LAST, c.place_id").df()


def corridor_counts(index: StoredIndex, filters: Filters, corridor_ids: Iterable[str],
                    matches: Matches = None) -> dict[str, int]:
    """Count excerpts per corridor under the filters (0 for corridors without any)."""
    filters = _scope(index, filters)
    rows = scoped_cursor(index.store, filters, matches).execute(
        "SELECT corridor, count(*) FROM corridor_links WHERE "
        + where_sql(filters, matches, "start", kinds=False) + " GROUP BY corridor").fetchall()
    counts = dict(rows)
    return {cid: int(counts.get(cid, 0)) for cid in corridor_ids}


def _page(offset: int, limit: int | None) -> str:
    return "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"


def _place_sql(filters: Filters, matches: Matches) -> str:
    """Select a place's mentions (``$place``) under the source filter and search, any kind."""
    return f"SELECT * FROM ({_mentions_sql(filters, matches, kinds=False)}) WHERE place_id = $place"


def place_excerpt_count(index: StoredIndex, place_id: str, filters: Filters,
                        matches: Matches = None) -> tuple[int, int]:
    """Count the excerpts of a place and the sources they come from."""
    filters = _scope(index, filters)
    row = scoped_cursor(index.store, filters, matches).execute(
        "SELECT count(DISTINCT (doc_id, sentence_start, sentence_end)), count(DISTINCT doc_id) "
        f"FROM ({_place_sql(filters, matches)})", {"place": place_id}).fetchone()
    return int(row[0]), int(row[1])


def place_excerpts(index: StoredIndex, place_id: str, filters: Filters, matches: Matches = None,
                   offset: int = 0, limit: int | None = None) -> pd.DataFrame:
    """Excerpts (sentences) mentioning a place, with its mentions as highlight spans.

    The kind filter does not apply (the place was chosen). Only rows ``offset ..
    offset + limit`` are read (all when ``limit`` is ``None``).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``start``, ``end``, ``text``, ``spans`` (the mentions, in stored
        order); one row per sentence, in document order.
    """
    filters = _scope(index, filters)
    cur = scoped_cursor(index.store, filters, matches)
    groups = cur.execute(
        f"WITH m AS ({_place_sql(filters, matches)}), "
        "k AS (SELECT DISTINCT doc_id, sentence_start, sentence_end FROM m "
        f"ORDER BY doc_id, sentence_start, sentence_end{_page(offset, limit)}) "
        "SELECT doc_id, sentence_start, sentence_end, "
        "list([m.start, m.\"end\"] ORDER BY filename, file_row_number) AS spans "
        "FROM m SEMI JOIN k USING (doc_id, sentence_start, sentence_end) "
        "GROUP BY doc_id, sentence_start, sentence_end "
        "ORDER BY doc_id, sentence_start, sentence_end", {"place": place_id}).fetchall()
    return _with_texts(cur, groups)


def _corridor_sql(filters: Filters, matches: Matches) -> str:
    return ("SELECT * FROM corridor_links WHERE corridor = $corridor AND "
            + where_sql(filters, matches, "start", kinds=False))


def corridor_excerpt_count(index: StoredIndex, corridor_id: str, filters: Filters,
                           matches: Matches = None) -> tuple[int, int]:
    """Count the excerpts linked to a corridor and the sources they come from."""
    filters = _scope(index, filters)
    row = scoped_cursor(index.store, filters, matches).execute(
        f"SELECT count(*), count(DISTINCT doc_id) FROM ({_corridor_sql(filters, matches)})",
        {"corridor": corridor_id}).fetchone()
    return int(row[0]), int(row[1])


def corridor_excerpts(index: StoredIndex, corridor_id: str, filters: Filters,
                      matches: Matches = None, offset: int = 0,
                      limit: int | None = None) -> pd.DataFrame:
    """Excerpts linked to a corridor, with the matched terms as highlight spans.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``start``, ``end``, ``text`` (verbatim slice), ``spans``
        (``(start, end)`` of the corridor terms), ``basis``; in document order.
    """
    filters = _scope(index, filters)
    cur = scoped_cursor(index.store, filters, matches)
    rows = cur.execute(
        f"SELECT doc_id, start, \"end\", term_spans, basis FROM ({_corridor_sql(filters, matches)})"
        f" ORDER BY doc_id, start{_page(offset, limit)}", {"corridor": corridor_id}).fetchall()
    table = _with_texts(cur, [(d, a, b, spans or []) for d, a, b, spans, _ in rows])
    return table.assign(basis=pd.Series([r[4] for r in rows], dtype="object"))


def _with_texts(cur, groups: list[tuple]) -> pd.DataFrame:
    """Excerpt rows of ``(doc_id, start, end, spans)``, texts read by offset in SQL."""
    texts: list[str] = []
    if groups:
        keys = pd.DataFrame({"doc_id": pd.Series([g[0] for g in groups], dtype="object"),
                             "a": pd.Series([int(g[1]) for g in groups], dtype="int64"),
                             "b": pd.Series([int(g[2]) for g in groups], dtype="int64")})
        keys["i"] = range(len(keys))
        cur.register("f_spans", keys)
        found = dict(cur.execute("SELECT k.i, substr(t.text, k.a + 1, k.b - k.a) FROM f_spans k "
                                 "JOIN texts t USING (doc_id)").fetchall())
        texts = [found[i] for i in range(len(groups))]
    rows = {"doc_id": [g[0] for g in groups], "start": [int(g[1]) for g in groups],
            "end": [int(g[2]) for g in groups], "text": texts,
            "spans": [[(int(a), int(b)) for a, b in g[3]] for g in groups]}
    return pd.DataFrame(rows, columns=EXCERPT_COLUMNS)


def places_in_span(index: StoredIndex, doc_id: str, start: int, end: int) -> pd.DataFrame:
    """Distinct resolved places mentioned inside ``texts[doc_id][start:end]``.

    Returns
    -------
    pandas.DataFrame
        ``place_id``, ``name``, ``lat``, ``lon`` in order of first mention.
    """
    return places_in_spans(index, [(doc_id, start, end)])[(str(doc_id), int(start), int(end))]


def places_in_spans(index: StoredIndex,
                    spans: Iterable[tuple[str, int, int]]) -> dict[tuple, pd.DataFrame]:
    """:func:`places_in_span` of each ``(doc_id, start, end)``, in one query (a page's chips)."""
    keys = list(dict.fromkeys((str(d), int(a), int(b)) for d, a, b in spans))
    if not keys:
        return {}
    cur = index.store.cursor()
    cur.register("f_chip_spans", pd.DataFrame({
        "doc_id": pd.Series([k[0] for k in keys], dtype="object"),
        "a": pd.Series([k[1] for k in keys], dtype="int64"),
        "b": pd.Series([k[2] for k in keys], dtype="int64")}))
    rows = cur.execute(
        "SELECT s.doc_id, s.a, s.b, m.place_id, m.name, m.lat, m.lon FROM mentions m "
        "JOIN f_chip_spans s ON m.doc_id = s.doc_id AND m.start >= s.a AND m.\"end\" <= s.b "
        "WHERE m.place_id IS NOT NULL AND m.place_id <> '' "
        "QUALIFY row_number() OVER (PARTITION BY s.doc_id, s.a, s.b, m.place_id "
        "ORDER BY m.start, m.filename, m.file_row_number) = 1 "
        "ORDER BY s.doc_id, s.a, s.b, m.start, m.filename, m.file_row_number").df()
    empty = pd.DataFrame({c: pd.Series(dtype="float64" if c in ("lat", "lon") else "object")
                          for c in CHIP_COLUMNS})
    out = dict.fromkeys(keys, empty)
    for (d, a, b), group in rows.groupby(["doc_id", "a", "b"], sort=False):
        out[(d, int(a), int(b))] = group[CHIP_COLUMNS].reset_index(drop=True)
    return out


def doc_rows(index: StoredIndex, table: str, doc_id: str) -> pd.DataFrame:
    """Rows of one document in ``table`` (``sentences``, ``mentions``, ``corridor_links``)."""
    return index.store.doc_rows(table, doc_id)


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
    """Page through an excerpts table already at hand (a search's ranked results)."""
    return Excerpts(len(table), table["doc_id"].nunique(),
                    lambda offset, limit: table.iloc[offset:offset + limit])


def place_excerpt_pages(index: StoredIndex, place_id: str, filters: Filters,
                        matches: Matches = None) -> Excerpts:
    """:func:`place_excerpts` counted, then read a page at a time."""
    total, sources = place_excerpt_count(index, place_id, filters, matches)
    return Excerpts(total, sources, lambda offset, limit: place_excerpts(
        index, place_id, filters, matches, offset=offset, limit=limit))


def corridor_excerpt_pages(index: StoredIndex, corridor_id: str, filters: Filters,
                           matches: Matches = None) -> Excerpts:
    """:func:`corridor_excerpts` counted, then read a page at a time."""
    total, sources = corridor_excerpt_count(index, corridor_id, filters, matches)
    return Excerpts(total, sources, lambda offset, limit: corridor_excerpts(
        index, corridor_id, filters, matches, offset=offset, limit=limit))


#: A row's month (``YYYY-MM``) from its document's date (``NULL``: undated).
MONTH_SQL = "left(" + DAY_SQL.format(col="d.date") + ", 7)"


def corridor_months(index: StoredIndex, filters: Filters,
                    matches: Matches = None) -> pd.DataFrame:
    """Count excerpts per month and corridor under the filters (dated articles only).

    Returns
    -------
    pandas.DataFrame
        ``month`` (``YYYY-MM``), ``corridor``, ``excerpts``, ``sources``; by month.
    """
    filters = _scope(index, filters)
    return scoped_cursor(index.store, filters, matches).execute(
        f"SELECT {MONTH_SQL} AS month, l.corridor, count(*) AS excerpts, "
        "count(DISTINCT l.doc_id) AS sources FROM (SELECT doc_id, corridor FROM corridor_links "
        f"WHERE {where_sql(filters, matches, 'start', kinds=False)}) l "
        f"JOIN documents d USING (doc_id) WHERE {MONTH_SQL} IS NOT NULL "
        "GROUP BY ALL ORDER BY month, l.corridor").df()


def place_months(index: StoredIndex, place_id: str, filters: Filters,
                 matches: Matches = None) -> pd.DataFrame:
    """Count a place's excerpts per month, split by the corridors their sentences link to.

    A sentence linked to two corridors counts once for each; one linked to none counts
    under corridor ``""``.

    Returns
    -------
    pandas.DataFrame
        ``month``, ``corridor``, ``excerpts``, ``sources``; by month.
    """
    filters = _scope(index, filters)
    return scoped_cursor(index.store, filters, matches).execute(
        "WITH s AS (SELECT DISTINCT doc_id, sentence_start AS start FROM "
        f"({_place_sql(filters, matches)})) "
        f"SELECT {MONTH_SQL} AS month, coalesce(l.corridor, '') AS corridor, "
        "count(*) AS excerpts, count(DISTINCT doc_id) AS sources "
        "FROM s JOIN documents d USING (doc_id) "
        "LEFT JOIN (SELECT DISTINCT doc_id, start, corridor FROM corridor_links) l "
        f"USING (doc_id, start) WHERE {MONTH_SQL} IS NOT NULL "
        "GROUP BY ALL ORDER BY month, corridor", {"place": place_id}).df()


def new_since_ids(index: StoredIndex, day: str) -> set[str]:
    """Return the ids of documents published or added on or after ``day`` (``YYYY-MM-DD``).

    Published: the range's day rule on ``date``; added: the day of ``added`` (uploads).
    """
    checked = iso_day(day)
    if checked is None:
        raise ValueError(f"not a day: {day!r}")
    added = ("left(coalesce(added, ''), 10)" if "added" in index.documents.columns
             else "''")
    rows = index.store.cursor().execute(
        f"SELECT doc_id FROM documents WHERE {DAY_SQL.format(col='date')} >= '{checked}' "
        f"OR {added} >= '{checked}'").fetchall()
    return {str(r[0]) for r in rows}


def document_counts(index: StoredIndex, filters: Filters) -> pd.DataFrame:
    """Count each document's place mentions and corridor excerpts under the filters.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``corridor`` (``""`` for the mentions row), ``n``: one row per
        document with its number of mentions (resolved or not) under ``corridor = ""``,
        and one per document and corridor with its number of excerpts.
    """
    filters = _scope(index, filters)
    links = where_sql(filters, None, "start", kinds=False)
    mentions = where_sql(replace(filters, kinds=None), None, "sentence_start", kinds=False)
    return scoped_cursor(index.store, filters, None).execute(
        f"SELECT doc_id, '' AS corridor, count(*) AS n FROM mentions WHERE {mentions} "
        f"GROUP BY doc_id UNION ALL SELECT doc_id, corridor, count(*) AS n "
        f"FROM corridor_links WHERE {links} GROUP BY doc_id, corridor").df()
