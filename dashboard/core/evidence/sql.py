"""The store: the built evidence index opened where it lies, DuckDB views over its Parquet files.

:class:`EvidenceStore` holds one DuckDB connection whose views (``documents``,
``sentences``, ``mentions``, ``places``, ``corridor_links``, ``texts``, ``search``) read
the files of a build (:mod:`dashboard.core.evidence.stream`, or the Dask engine's
partitioned ``name.parquet/part-*.parquet``), of several layered builds read as one, less
removed documents. The questions asked of it under the filters are in
:mod:`dashboard.core.evidence.query`, search in :mod:`dashboard.core.evidence.search_sql`;
:class:`StoredIndex` is what the app holds.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.core.evidence.index import PLACE_COLUMNS, TABLES
from dashboard.core.evidence.reprints import band_keys
from dashboard.core.evidence.search import normalise
from dashboard.core.evidence.voices_tables import create_tables

#: The columns of a place besides its counts.
PLACE_INFO = [c for c in PLACE_COLUMNS if c not in ("mention_count", "doc_count")]


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
    removed
        Ids of documents whose rows are left out of every folder.
    """

    def __init__(self, folder: Path | str | Sequence[Path | tuple[Path, Iterable[str]]],
                 removed: Iterable[str] = ()) -> None:
        layers = _layers(folder, removed)
        self.folders = [f for f, _ in layers]
        self.folder = self.folders[0]
        self._con = duckdb.connect(":memory:")
        for k, (_, gone) in enumerate(layers):
            if gone:  # a table, not a registered frame: cursors see the catalog only
                ids = pd.DataFrame({"doc_id": pd.Series(sorted(gone), dtype="object")})
                self._con.register("gone_ids", ids)
                self._con.execute(f"CREATE TABLE removed_{k} AS SELECT doc_id FROM gone_ids")
                self._con.unregister("gone_ids")
        names = [n for n in (*TABLES, "search", "texts") if n != "places"]
        for name in names:
            self._view(name, layers)
        if len(layers) == 1 and not layers[0][1]:
            self._con.execute("CREATE VIEW places AS SELECT * FROM "
                              f"read_parquet({_source(self.folders, 'places')})")
        else:
            self._con.execute(f"CREATE TABLE places AS {PLACES_SQL}")
        self._voices = threading.Lock()
        self._voices_ready = False

    def voices(self) -> duckdb.DuckDBPyConnection:
        """Create, once, the tables of who published what and of reprints; return a cursor.

        ``doc_outlets`` (:func:`dashboard.core.evidence.voices_tables.outlet_table` of the
        documents) and ``reprints`` (:data:`dashboard.core.evidence.reprints.GROUPS_SQL`).
        """
        with self._voices:
            if not self._voices_ready:
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

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """Return a fresh cursor of the connection (one per query: thread-safe)."""
        return self._con.cursor()

    def sql(self, text: str, params: Mapping | Sequence | None = None) -> pd.DataFrame:
        """Run a read query on a fresh cursor (thread-safe) and return its rows."""
        return self.cursor().execute(text, params or {}).df()

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
        return int(self.cursor().execute(f"SELECT count(*) FROM {name}").fetchone()[0])

    def text(self, doc_id: str) -> str | None:
        """Return the text of one document (``None`` when unknown)."""
        row = self.cursor().execute("SELECT text FROM texts WHERE doc_id = $d LIMIT 1",
                                         {"d": doc_id}).fetchone()
        return None if row is None else str(row[0])

    def leads(self, doc_ids: Iterable[str], n: int = 400) -> dict[str, str]:
        """Return the first ``n`` characters of each text (labels without a title)."""
        ids = list(dict.fromkeys(doc_ids))
        if not ids:
            return {}
        cur = self.cursor()
        cur.register("f_leads", pd.DataFrame({"doc_id": pd.Series(ids, dtype="object")}))
        return dict(cur.execute(f"SELECT doc_id, substr(text, 1, {int(n)}) FROM texts "
                                "SEMI JOIN f_leads USING (doc_id)").fetchall())


def evidence_sentences(part) -> set[tuple[str, int]]:
    """Return ``(doc_id, start)`` of the sentences of an index that are excerpts.

    A sentence is an excerpt when it is linked to a corridor or mentions a place: only
    those get reprint keys (the rest is never shown, so never collapsed).
    """
    links = zip(part.corridor_links["doc_id"], part.corridor_links["start"], strict=True)
    mentions = zip(part.mentions["doc_id"], part.mentions["sentence_start"], strict=True)
    return {(str(d), int(a)) for d, a in (*links, *mentions)}


def search_frame(sentences: pd.DataFrame, texts: Mapping[str, str],
                 keyed: set[tuple[str, int]] | None = None) -> pd.DataFrame:
    """Rows of ``search.parquet`` for the analysed sentences of ``sentences``.

    ``norm`` is the search form of the sentence; ``bands`` its reprint keys
    (:func:`dashboard.core.evidence.reprints.band_keys`), for the sentences in ``keyed``
    (:func:`evidence_sentences`; every sentence when ``None``), else ``[]``.
    """
    if "in_analysis" in sentences.columns and not sentences.empty:
        sentences = sentences[sentences["in_analysis"].astype(bool)]
    docs = sentences["doc_id"].astype(str).tolist()
    starts = sentences["start"].astype("int64").tolist()
    ends = sentences["end"].astype("int64").tolist()
    norms = [normalise(texts[d][a:b]) for d, a, b in zip(docs, starts, ends, strict=True)]
    chosen = (range(len(norms)) if keyed is None else
              [i for i, key in enumerate(zip(docs, starts, strict=True)) if key in keyed])
    bands: list[list[int]] = [[] for _ in norms]
    for i, row in zip(chosen, band_keys([norms[i] for i in chosen]), strict=True):
        bands[i] = row
    return pd.DataFrame({
        "doc_id": pd.Series(docs, dtype="object"),
        "start": pd.Series(starts, dtype="int64"), "end": pd.Series(ends, dtype="int64"),
        "norm": pd.Series(norms, dtype="object"),
        "bands": pd.Series(bands, dtype="object")})


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
