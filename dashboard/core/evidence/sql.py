"""The saved evidence index queried where it lies: DuckDB over its Parquet files.

:class:`EvidenceStore` answers the questions of :mod:`dashboard.core.evidence.query` (place and
corridor counts, a place's excerpts one page at a time, the places inside an excerpt)
with SQL pushed down to the Parquet files of :func:`dashboard.core.evidence.index.save_index`;
only the rows of the answer reach Python. The same SQL reads a partitioned folder
(``name.parquet/part-*.parquet``) of the Dask build. Results equal the pandas functions' (tested).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.core.evidence.index import PLACE_COLUMNS, TABLES
from dashboard.core.evidence.query import EXCERPT_COLUMNS, Filters
from dashboard.core.evidence.reprints import band_keys
from dashboard.core.evidence.search import normalise

_INFO = [c for c in PLACE_COLUMNS if c not in ("mention_count", "doc_count")]


def _quote(path: Path | str) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _parts(folders: Sequence[Path], name: str) -> list[str]:
    """Return each folder's Parquet file of a table, or its parts (Dask build)."""
    out = []
    for folder in folders:
        single = folder / f"{name}.parquet"
        if single.is_dir():
            out.append(str(single / "*.parquet"))
        elif single.is_file():
            out.append(str(single))
    return out


def _source(folders: Path | Sequence[Path], name: str) -> str:
    """``read_parquet`` argument for a table over one or several index folders."""
    folders = [Path(folders)] if isinstance(folders, str | Path) else list(folders)
    return "[" + ", ".join(_quote(p) for p in _parts(folders, name)) + "]"


def _layers(folder, removed: Iterable[str]) -> list[tuple[Path, frozenset[str]]]:
    """Normalise the ``folder`` argument of :class:`EvidenceStore` to ``(folder, ids)``."""
    items = [folder] if isinstance(folder, str | Path) else list(folder)
    everywhere = frozenset(removed)
    out = []
    for item in items:
        path, gone = (item, ()) if isinstance(item, str | Path) else item
        out.append((Path(path), frozenset(gone) | everywhere))
    return out


#: ``places.parquet`` recomputed from the mentions (several folders, removed documents).
PLACES_SQL = (
    "WITH m AS (SELECT *, row_number() OVER (ORDER BY filename, file_row_number) AS rn "
    "FROM mentions "
    "WHERE place_id IS NOT NULL) "
    "SELECT place_id, {firsts}, count(*) AS mention_count, "
    "count(DISTINCT doc_id) AS doc_count FROM m GROUP BY place_id "
    "ORDER BY mention_count DESC, name ASC NULLS LAST, min(rn)").format(
    firsts=", ".join(f"arg_min({c}, rn) FILTER (WHERE {c} IS NOT NULL) AS {c}"
                     for c in ("name", "kind", "country", "lat", "lon")))


class EvidenceStore:
    """Read-only SQL access to one saved evidence index (or several, read as one).

    Parameters
    ----------
    folder
        Folder written by :func:`~dashboard.core.evidence.index.save_index` (or a Dask build),
        or a list of such folders (a base index plus parts of added documents), each
        optionally with the ids of documents whose rows in it are left out
        (``(folder, ids)``; a later layer holds their new version).
    texts
        ``doc_id -> text`` when the texts are at hand; otherwise excerpts are read from
        ``texts.parquet`` (``doc_id``, ``text``) in ``folder``, one substring per row.
    removed
        Ids of documents whose rows are left out of every folder.
    """

    def __init__(self, folder: Path | str | Sequence[Path | tuple[Path, Iterable[str]]],
                 texts: Mapping[str, str] | None = None, removed: Iterable[str] = ()) -> None:
        layers = _layers(folder, removed)
        self.folders = [f for f, _ in layers]
        self.folder = self.folders[0]
        self.texts = texts
        self._con = duckdb.connect(":memory:")
        for k, (_, gone) in enumerate(layers):
            if gone:  # a table, not a registered frame: cursors see the catalog only
                ids = pd.DataFrame({"doc_id": pd.Series(sorted(gone), dtype="object")})
                self._con.register("gone_ids", ids)
                self._con.execute(f"CREATE TABLE removed_{k} AS SELECT doc_id FROM gone_ids")
                self._con.unregister("gone_ids")
        names = [n for n in (*TABLES, "search") if n != "places"]
        if texts is None:
            names.append("texts")
        for name in names:
            self._view(name, layers)
        if len(layers) == 1 and not layers[0][1]:
            self._con.execute("CREATE VIEW places AS SELECT * FROM "
                              f"read_parquet({_source(self.folders, 'places')})")
        else:
            self._con.execute(f"CREATE TABLE places AS {PLACES_SQL}")
        self._voices_ready = False

    def voices(self):
        """Create, once, the tables of who published what and of reprints; return a cursor.

        ``doc_outlets`` (:func:`dashboard.core.evidence.voices.outlet_table` of the
        documents) and ``reprints`` (:data:`dashboard.core.evidence.reprints.GROUPS_SQL`).
        """
        if not self._voices_ready:
            from dashboard.core.evidence.voices import create_tables

            create_tables(self._con, self.frame("documents"))
            self._voices_ready = True
        return self._con.cursor()

    def _view(self, name: str, layers: list[tuple[Path, frozenset[str]]]) -> None:
        """Create the view of a table: its files in every layer, less removed documents."""
        rows = ", filename = true, file_row_number = true" if name == "mentions" else ""
        if not any(gone for _, gone in layers):
            if _parts(self.folders, name):
                self._con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet("
                                  f"{_source(self.folders, name)}, union_by_name = true{rows})")
            return
        selects = [f"SELECT * FROM read_parquet({_source([f], name)}{rows})"
                   + (f" WHERE doc_id NOT IN (SELECT doc_id FROM removed_{k})" if gone else "")
                   for k, (f, gone) in enumerate(layers) if _parts([f], name)]
        if selects:
            self._con.execute(f"CREATE VIEW {name} AS " + " UNION ALL BY NAME ".join(selects))

    def has(self, name: str) -> bool:
        """Tell whether the store has the table ``name`` (``search`` is optional)."""
        row = self._con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = $n "
                                "AND NOT internal", {"n": name}).fetchone()
        return bool(row[0]) or name == "places"

    def sql(self, text: str, params: Mapping | Sequence | None = None) -> pd.DataFrame:
        """Run a read query on a fresh cursor (thread-safe) and return its rows."""
        return self._con.cursor().execute(text, params or {}).df()

    def frame(self, name: str) -> pd.DataFrame:
        """Return a whole table, for pages that need all of it (never the map page's path)."""
        frame = self.sql(f"SELECT * EXCLUDE (filename, file_row_number) FROM {name}"
                         if name == "mentions" else f"SELECT * FROM {name}")
        if name == "corridor_links":
            frame["terms"] = [[str(t) for t in v] if v is not None else [] for v in frame["terms"]]
            frame["term_spans"] = [[[int(a), int(b)] for a, b in v] if v is not None else []
                                   for v in frame["term_spans"]]
        return frame

    def doc_rows(self, name: str, doc_id: str) -> pd.DataFrame:
        """Return the rows of one document in a table, in stored order."""
        frame = self.sql(f"SELECT * FROM {name} WHERE doc_id = $d", {"d": doc_id})
        return frame.drop(columns=["filename", "file_row_number"], errors="ignore")

    def count(self, name: str) -> int:
        """Return the number of rows of a table."""
        return int(self._con.cursor().execute(f"SELECT count(*) FROM {name}").fetchone()[0])

    def text(self, doc_id: str) -> str | None:
        """Return the text of one document (``None`` when unknown)."""
        if self.texts is not None:
            return self.texts.get(doc_id)
        row = self._con.cursor().execute("SELECT text FROM texts WHERE doc_id = $d LIMIT 1",
                                         {"d": doc_id}).fetchone()
        return None if row is None else str(row[0])

    def leads(self, doc_ids: Iterable[str], n: int = 400) -> dict[str, str]:
        """Return the first ``n`` characters of each text (labels without a title)."""
        ids = list(dict.fromkeys(doc_ids))
        if not ids:
            return {}
        if self.texts is not None:
            return {d: self.texts[d][:n] for d in ids if d in self.texts}
        cur = self._con.cursor()
        cur.register("f_leads", pd.DataFrame({"doc_id": pd.Series(ids, dtype="object")}))
        return dict(cur.execute(f"SELECT doc_id, substr(text, 1, {int(n)}) FROM texts "
                                "SEMI JOIN f_leads USING (doc_id)").fetchall())

    def _cursor(self, filters: Filters, matches: set[tuple[str, int]] | None):
        """Open a cursor (one per call: thread-safe) with the filter tables registered."""
        cur = self._con.cursor()
        if filters.sources is not None:
            cur.register("f_sources", pd.DataFrame({"doc_id": pd.Series(
                list(filters.sources), dtype="object")}))
        if filters.kinds is not None:
            cur.register("f_kinds", pd.DataFrame({"kind": pd.Series(
                list(filters.kinds), dtype="object")}))
        for name, values in (("f_countries", filters.outlet_countries),
                             ("f_types", filters.outlet_types)):
            if values is not None:
                self.voices()
                cur.register(name, pd.DataFrame({"v": pd.Series(list(values), dtype="object")}))
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
        for column, table, values in (("outlet_country", "f_countries", filters.outlet_countries),
                                      ("outlet_type", "f_types", filters.outlet_types)):
            if values is not None:
                parts.append(f"doc_id IN (SELECT doc_id FROM doc_outlets WHERE {column} IN "
                             f"(SELECT v FROM {table}))")
        if matches is not None:
            parts.append(f"(doc_id, {start_col}) IN (SELECT doc_id, s_start FROM f_matches)")
        return " AND ".join(parts)

    def _mentions_sql(self, filters: Filters, matches, kinds: bool = True) -> str:
        return ("SELECT * FROM mentions WHERE place_id IS NOT NULL AND place_id <> '' AND "
                + self._where(filters, matches, "sentence_start", kinds))

    def place_counts(self, filters: Filters,
                     matches: set[tuple[str, int]] | None = None) -> pd.DataFrame:
        """As :func:`dashboard.core.evidence.query.place_counts`, counted in SQL."""
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
        """As :func:`dashboard.core.evidence.query.corridor_counts`, counted in SQL."""
        cur = self._cursor(filters, matches)
        rows = cur.execute("SELECT corridor, count(*) FROM corridor_links WHERE "
                           + self._where(filters, matches, "start", False)
                           + " GROUP BY corridor").fetchall()
        counts = dict(rows)
        return {cid: int(counts.get(cid, 0)) for cid in corridor_ids}

    def _place_sentences(self, place_id: str, filters: Filters, matches) -> str:
        unfiltered = replace(filters, kinds=None)
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
        """As :func:`dashboard.core.evidence.query.place_excerpts`, one page of it.

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

    def _corridor_sql(self, filters: Filters, matches) -> str:
        return ("SELECT * FROM corridor_links WHERE corridor = $corridor AND "
                + self._where(filters, matches, "start", False))

    def corridor_excerpt_count(self, corridor_id: str, filters: Filters,
                               matches: set[tuple[str, int]] | None = None) -> tuple[int, int]:
        """Count the excerpts linked to a corridor and the sources they come from."""
        cur = self._cursor(filters, matches)
        row = cur.execute(f"SELECT count(*), count(DISTINCT doc_id) FROM "
                          f"({self._corridor_sql(filters, matches)})",
                          {"corridor": corridor_id}).fetchone()
        return int(row[0]), int(row[1])

    def corridor_excerpts(self, corridor_id: str, filters: Filters,
                          matches: set[tuple[str, int]] | None = None,
                          offset: int = 0, limit: int | None = None) -> pd.DataFrame:
        """As :func:`dashboard.core.evidence.query.corridor_excerpts`, one page of it."""
        cur = self._cursor(filters, matches)
        page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
        rows = cur.execute(
            f"SELECT doc_id, start, \"end\", term_spans, basis FROM "
            f"({self._corridor_sql(filters, matches)}) ORDER BY doc_id, start{page}",
            {"corridor": corridor_id}).fetchall()
        table = self._with_texts(cur, [(d, a, b, spans or []) for d, a, b, spans, _ in rows])
        return table.assign(basis=[r[4] for r in rows])

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
        """As :func:`dashboard.core.evidence.query.places_in_span`, filtered in SQL."""
        return self._con.cursor().execute(
            "SELECT place_id, name, lat, lon FROM mentions WHERE doc_id = $d "
            "AND start >= $a AND \"end\" <= $b AND place_id IS NOT NULL AND place_id <> '' "
            "QUALIFY row_number() OVER (PARTITION BY place_id "
            "ORDER BY start, filename, file_row_number) = 1 "
            "ORDER BY start, filename, file_row_number",
            {"d": doc_id, "a": int(start), "b": int(end)}).df()

    def places_in_spans(self, spans: Iterable[tuple[str, int, int]]) -> dict[tuple, pd.DataFrame]:
        """:meth:`places_in_span` of several spans in one query (one page's chips)."""
        keys = list(dict.fromkeys((str(d), int(a), int(b)) for d, a, b in spans))
        empty = pd.DataFrame(columns=["place_id", "name", "lat", "lon"])
        if not keys:
            return {}
        cur = self._con.cursor()
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
        out = {k: empty for k in keys}
        for (d, a, b), group in rows.groupby(["doc_id", "a", "b"], sort=False):
            out[(d, int(a), int(b))] = group[["place_id", "name", "lat", "lon"]].reset_index(
                drop=True)
        return out


def save_texts(texts: Mapping[str, str], folder: Path | str) -> Path:
    """Write ``texts`` as ``texts.parquet`` (``doc_id``, ``text``) for reads by offset."""
    path = Path(folder) / "texts.parquet"
    pd.DataFrame({"doc_id": list(texts), "text": list(texts.values())}).to_parquet(
        path, index=False)
    return path


def save_search(sentences: pd.DataFrame, texts: Mapping[str, str], folder: Path | str) -> Path:
    """Write ``search.parquet``: the normalised text of every analysed sentence.

    Columns ``doc_id``, ``start``, ``end``, ``norm`` (:func:`.search.normalise`
    of the verbatim sentence), so search runs in SQL with the one matching rule, and
    ``bands`` (:func:`.reprints.band_keys`: how reprints are found).
    """
    path = Path(folder) / "search.parquet"
    search_frame(sentences, texts).to_parquet(path, index=False)
    return path


def search_frame(sentences: pd.DataFrame, texts: Mapping[str, str]) -> pd.DataFrame:
    """Rows of ``search.parquet`` for the analysed sentences of ``sentences``."""
    if "in_analysis" in sentences.columns and not sentences.empty:
        sentences = sentences[sentences["in_analysis"].astype(bool)]
    docs = sentences["doc_id"].astype(str).tolist()
    starts = sentences["start"].astype("int64").tolist()
    ends = sentences["end"].astype("int64").tolist()
    norms = [normalise(texts[d][a:b]) for d, a, b in zip(docs, starts, ends, strict=True)]
    return pd.DataFrame({
        "doc_id": pd.Series(docs, dtype="object"),
        "start": pd.Series(starts, dtype="int64"), "end": pd.Series(ends, dtype="int64"),
        "norm": pd.Series(norms, dtype="object"),
        "bands": pd.Series(band_keys(norms), dtype="object")})


class StoredTexts(Mapping[str, str]):
    """``doc_id -> text`` read from the store one document at a time (a few kept)."""

    def __init__(self, store: EvidenceStore, doc_ids: Sequence[str]) -> None:
        self.store = store
        self._ids = list(doc_ids)
        self._known = set(self._ids)
        self._kept: dict[str, str] = {}

    def __getitem__(self, doc_id: str) -> str:
        if doc_id in self._kept:
            return self._kept[doc_id]
        text = self.store.text(doc_id) if doc_id in self._known else None
        if text is None:
            raise KeyError(doc_id)
        while len(self._kept) >= 16:
            self._kept.pop(next(iter(self._kept)))
        self._kept[doc_id] = text
        return text

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._known

    def __iter__(self):
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def leads(self, doc_ids: Iterable[str], n: int = 400) -> dict[str, str]:
        """Return the first ``n`` characters of each text, in one query."""
        return self.store.leads(doc_ids, n)


class StoredIndex:
    """The evidence index as the app holds it: small tables in memory, the rest queried.

    ``documents`` and ``places`` (one row per source / place) are loaded; ``texts`` is a
    mapping read by document; ``mentions``, ``sentences`` and ``corridor_links`` are
    loaded only when a page asks for the whole table (:mod:`dashboard.core.evidence.query` asks
    :attr:`store` instead).
    """

    def __init__(self, store: EvidenceStore) -> None:
        self.store = store
        self.documents = store.frame("documents")
        self.places = store.frame("places")
        self.texts = StoredTexts(store, self.documents["doc_id"].astype(str).tolist())
        self.loaded: list[str] = []  # whole tables materialised so far (tests check it)

    def _whole(self, name: str) -> pd.DataFrame:
        self.loaded.append(name)
        return self.store.frame(name)

    @cached_property
    def mentions(self) -> pd.DataFrame:
        """The whole mentions table (loaded on first use)."""
        return self._whole("mentions")

    @cached_property
    def sentences(self) -> pd.DataFrame:
        """The whole sentences table (loaded on first use)."""
        return self._whole("sentences")

    @cached_property
    def corridor_links(self) -> pd.DataFrame:
        """The whole corridor links table (loaded on first use)."""
        return self._whole("corridor_links")

    def excerpt(self, doc_id: str, start: int, end: int) -> str:
        """Return the verbatim text ``texts[doc_id][start:end]``."""
        return self.texts[doc_id][start:end]
