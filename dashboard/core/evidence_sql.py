"""The saved evidence index queried where it lies: DuckDB over its Parquet files.

:class:`EvidenceStore` answers the questions of :mod:`dashboard.core.query` (place and
corridor counts, a place's excerpts one page at a time, the places inside an excerpt)
with SQL pushed down to the Parquet files of :func:`dashboard.core.evidence.save_index`;
only the rows of the answer reach Python. The same SQL reads a partitioned folder
(``name.parquet/part-*.parquet``) of the Dask build. Results equal the pandas functions' (tested).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.core.evidence import PLACE_COLUMNS, TABLES
from dashboard.core.query import EXCERPT_COLUMNS, Filters

_INFO = [c for c in PLACE_COLUMNS if c not in ("mention_count", "doc_count")]


def _source(folder: Path, name: str) -> str:
    """Return the Parquet file of a table, or the parts in its folder (Dask build)."""
    single = folder / f"{name}.parquet"
    target = single / "*.parquet" if single.is_dir() else single
    return "'" + str(target).replace("'", "''") + "'"


class EvidenceStore:
    """Read-only SQL access to one saved evidence index.

    Parameters
    ----------
    folder
        Folder written by :func:`~dashboard.core.evidence.save_index` (or a Dask build).
    texts
        ``doc_id -> text`` when the texts are at hand; otherwise excerpts are read from
        ``texts.parquet`` (``doc_id``, ``text``) in ``folder``, one substring per row.
    """

    def __init__(self, folder: Path | str, texts: Mapping[str, str] | None = None) -> None:
        self.folder = Path(folder)
        self.texts = texts
        self._con = duckdb.connect(":memory:")
        for name in TABLES:
            rows = ", filename = true, file_row_number = true" if name == "mentions" else ""
            self._con.execute(f"CREATE VIEW {name} AS SELECT * FROM "
                              f"read_parquet({_source(self.folder, name)}{rows})")
        if texts is None:
            self._con.execute("CREATE VIEW texts AS SELECT * FROM read_parquet("
                              f"{_source(self.folder, 'texts')})")

    def _cursor(self, filters: Filters, matches: set[tuple[str, int]] | None):
        """Open a cursor (one per call: thread-safe) with the filter tables registered."""
        cur = self._con.cursor()
        if filters.sources is not None:
            cur.register("f_sources", pd.DataFrame({"doc_id": pd.Series(
                list(filters.sources), dtype="object")}))
        if filters.kinds is not None:
            cur.register("f_kinds", pd.DataFrame({"kind": pd.Series(
                list(filters.kinds), dtype="object")}))
        if matches is not None:
            keys = sorted(matches)
            cur.register("f_matches", pd.DataFrame({
                "doc_id": pd.Series([k[0] for k in keys], dtype="object"),
                "s_start": pd.Series([int(k[1]) for k in keys], dtype="int64")}))
        return cur

    @staticmethod
    def _where(filters: Filters, matches, start_col: str, kinds: bool) -> str:
        parts = ["TRUE"]
        if filters.sources is not None:
            parts.append("doc_id IN (SELECT doc_id FROM f_sources)")
        if kinds and filters.kinds is not None:
            parts.append("kind IN (SELECT kind FROM f_kinds)")
        if matches is not None:
            parts.append(f"(doc_id, {start_col}) IN (SELECT doc_id, s_start FROM f_matches)")
        return " AND ".join(parts)

    def _mentions_sql(self, filters: Filters, matches, kinds: bool = True) -> str:
        return ("SELECT * FROM mentions WHERE place_id IS NOT NULL AND place_id <> '' AND "
                + self._where(filters, matches, "sentence_start", kinds))

    def place_counts(self, filters: Filters,
                     matches: set[tuple[str, int]] | None = None) -> pd.DataFrame:
        """As :func:`dashboard.core.query.place_counts`, counted in SQL."""
        cur = self._cursor(filters, matches)
        info = ", ".join(f"p.{c}" for c in _INFO[1:])
        table = cur.execute(
            f"WITH m AS ({self._mentions_sql(filters, matches)}), "
            "c AS (SELECT place_id, count(*) AS mention_count, "
            "count(DISTINCT doc_id) AS doc_count FROM m GROUP BY place_id), "
            "p AS (SELECT * FROM places QUALIFY row_number() OVER (PARTITION BY place_id) = 1) "
            f"SELECT c.place_id, c.mention_count, c.doc_count, {info} FROM c "
            "LEFT JOIN p USING (place_id) "
            "ORDER BY c.mention_count DESC, p.name ASC NULLS LAST, c.place_id").df()
        return table

    def corridor_counts(self, filters: Filters, corridor_ids: Iterable[str],
                        matches: set[tuple[str, int]] | None = None) -> dict[str, int]:
        """As :func:`dashboard.core.query.corridor_counts`, counted in SQL."""
        cur = self._cursor(filters, matches)
        rows = cur.execute("SELECT corridor, count(*) FROM corridor_links WHERE "
                           + self._where(filters, matches, "start", False)
                           + " GROUP BY corridor").fetchall()
        counts = dict(rows)
        return {cid: int(counts.get(cid, 0)) for cid in corridor_ids}

    def _place_sentences(self, place_id: str, filters: Filters, matches) -> str:
        unfiltered = Filters(sources=filters.sources, kinds=None, query=filters.query)
        return (f"SELECT * FROM ({self._mentions_sql(unfiltered, matches, kinds=False)}) "
                "WHERE place_id = $place")

    def place_excerpt_count(self, place_id: str, filters: Filters,
                            matches: set[tuple[str, int]] | None = None) -> tuple[int, int]:
        """Count the excerpts of a place and the sources they come from."""
        cur = self._cursor(filters, matches)
        row = cur.execute(
            "SELECT count(DISTINCT (doc_id, sentence_start, sentence_end)), "
            f"count(DISTINCT doc_id) FROM ({self._place_sentences(place_id, filters, matches)})",
            {"place": place_id}).fetchone()
        return int(row[0]), int(row[1])

    def place_excerpts(self, place_id: str, filters: Filters,
                       matches: set[tuple[str, int]] | None = None,
                       offset: int = 0, limit: int | None = None) -> pd.DataFrame:
        """As :func:`dashboard.core.query.place_excerpts`, one page of it.

        Only rows ``offset .. offset + limit`` are built (all when ``limit`` is ``None``).
        """
        cur = self._cursor(filters, matches)
        page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
        groups = cur.execute(
            f"WITH m AS ({self._place_sentences(place_id, filters, matches)}), "
            "k AS (SELECT DISTINCT doc_id, sentence_start, sentence_end FROM m "
            f"ORDER BY doc_id, sentence_start, sentence_end{page}) "
            "SELECT doc_id, sentence_start, sentence_end, "
            "list([m.start, m.\"end\"] ORDER BY filename, file_row_number) AS spans "
            "FROM m SEMI JOIN k USING (doc_id, sentence_start, sentence_end) "
            "GROUP BY doc_id, sentence_start, sentence_end "
            "ORDER BY doc_id, sentence_start, sentence_end",
            {"place": place_id}).fetchall()
        return self._with_texts(cur, groups)

    def _with_texts(self, cur, groups: list[tuple]) -> pd.DataFrame:
        if not groups:
            texts = []
        elif self.texts is not None:
            texts = [self.texts[d][a:b] for d, a, b, _ in groups]
        else:
            keys = pd.DataFrame({"doc_id": pd.Series([g[0] for g in groups], dtype="object"),
                                 "a": pd.Series([int(g[1]) for g in groups], dtype="int64"),
                                 "b": pd.Series([int(g[2]) for g in groups], dtype="int64")})
            keys["i"] = range(len(keys))
            cur.register("f_spans", keys)
            found = dict(cur.execute(
                "SELECT k.i, substr(t.text, k.a + 1, k.b - k.a) FROM f_spans k "
                "JOIN texts t USING (doc_id)").fetchall())
            texts = [found[i] for i in range(len(groups))]
        rows = {"doc_id": [g[0] for g in groups], "start": [int(g[1]) for g in groups],
                "end": [int(g[2]) for g in groups], "text": texts,
                "spans": [[(int(a), int(b)) for a, b in g[3]] for g in groups]}
        return pd.DataFrame(rows, columns=EXCERPT_COLUMNS)

    def places_in_span(self, doc_id: str, start: int, end: int) -> pd.DataFrame:
        """As :func:`dashboard.core.query.places_in_span`, filtered in SQL."""
        return self._con.cursor().execute(
            "SELECT place_id, name, lat, lon FROM mentions WHERE doc_id = $d "
            "AND start >= $a AND \"end\" <= $b AND place_id IS NOT NULL AND place_id <> '' "
            "QUALIFY row_number() OVER (PARTITION BY place_id "
            "ORDER BY start, filename, file_row_number) = 1 "
            "ORDER BY start, filename, file_row_number",
            {"d": doc_id, "a": int(start), "b": int(end)}).df()


def save_texts(texts: Mapping[str, str], folder: Path | str) -> Path:
    """Write ``texts`` as ``texts.parquet`` (``doc_id``, ``text``) for reads by offset."""
    path = Path(folder) / "texts.parquet"
    pd.DataFrame({"doc_id": list(texts), "text": list(texts.values())}).to_parquet(
        path, index=False)
    return path
