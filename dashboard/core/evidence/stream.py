"""Build the evidence index straight to its files, a batch of documents at a time.

:func:`build_to_folder` writes the same tables as :func:`dashboard.core.evidence.index.save_index`
of :func:`~dashboard.core.evidence.index.build_index`, with the texts as ``texts.parquet`` (read
by offset, :mod:`dashboard.core.evidence.sql`) and ``search.parquet`` (normalised analysed
sentences for search), but holds only one batch of rows at a time: each batch is appended
to the Parquet files as a row group; the places table is aggregated at the end by DuckDB
from ``mentions.parquet``. Peak memory is set by the batch size, not the corpus size.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.core.corpus.loader import Document
from dashboard.core.evidence.engine import paused_gc
from dashboard.core.evidence.index import (
    PLACE_COLUMNS,
    Analyse,
    Parser,
    index_from_results,
    places_table,
    process_document,
)
from dashboard.core.evidence.sql import evidence_sentences, search_frame

ROW_TABLES = ("documents", "sentences", "mentions", "corridor_links")
BATCH_DOCS = 500


class _Appender:
    """One Parquet file written a row group per batch.

    The first batch whose columns all have a type fixes the schema (a batch where a column
    is all empty is held back, at most eight batches, so an all-null column is not typed
    from it); later batches are cast to it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.writer: pq.ParquetWriter | None = None
        self.frames: list[pd.DataFrame] = []

    def add(self, frame: pd.DataFrame) -> None:
        """Append one batch's rows."""
        self.frames.append(frame)
        table = self._pending()
        if self.writer is None and len(self.frames) < 8 and any(
                pa.types.is_null(f.type) or _null_list(f.type) for f in table.schema):
            return
        self._flush(table)

    def _pending(self) -> pa.Table:
        frame = (self.frames[0] if len(self.frames) == 1
                 else pd.concat(self.frames, ignore_index=True))
        return pa.Table.from_pandas(frame, preserve_index=False)

    def _flush(self, table: pa.Table) -> None:
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.path, table.schema)
        self.writer.write_table(table.cast(self.writer.schema))
        self.frames = []

    def close(self, empty: pd.DataFrame) -> None:
        """Write what is held back and close the file (``empty`` when nothing came)."""
        if self.frames:
            self._flush(self._pending())
        if self.writer is None:
            empty.to_parquet(self.path, index=False)
        else:
            self.writer.close()


def _null_list(t: pa.DataType) -> bool:
    return pa.types.is_list(t) and pa.types.is_null(t.value_type)


def build_to_folder(docs: Iterable[Document], parser: Parser, folder: Path | str,
                    batch_docs: int = BATCH_DOCS,
                    progress: Callable[[Document], None] | None = None,
                    analyse: Analyse | None = None) -> int:
    """Analyse ``docs`` and write the index files into ``folder``, batch by batch.

    ``analyse`` replaces :func:`~dashboard.core.evidence.index.process_document` (a caller that
    has analysed a document already hands its result back).

    Returns
    -------
    int
        Number of documents written.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = {name: _Appender(folder / f"{name}.parquet")
           for name in (*ROW_TABLES, "texts", "search")}
    n = 0
    it = iter(docs)
    with paused_gc():
        while batch := list(itertools.islice(it, batch_docs)):
            results = []
            for doc in batch:
                results.append((analyse or process_document)(doc, parser))
                if progress is not None:
                    progress(doc)
            part = index_from_results(results)
            for name in ROW_TABLES:
                out[name].add(getattr(part, name))
            out["texts"].add(_texts_frame(part.texts))
            out["search"].add(search_frame(part.sentences, part.texts, evidence_sentences(part)))
            n += len(batch)
    empty = index_from_results([])
    for name in ROW_TABLES:
        out[name].close(getattr(empty, name))
    out["texts"].close(_texts_frame({}))
    out["search"].close(search_frame(empty.sentences, {}))
    write_places(folder)
    return n


def _texts_frame(texts: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": pd.Series(list(texts), dtype="object"),
                         "text": pd.Series(list(texts.values()), dtype="object")})


def write_places(folder: Path) -> None:
    """Aggregate ``mentions.parquet`` into ``places.parquet`` as :func:`places_table` does."""
    src = "'" + str(folder / "mentions.parquet").replace("'", "''") + "'"
    con = duckdb.connect(":memory:")
    firsts = ", ".join(f"arg_min({c}, rn) FILTER (WHERE {c} IS NOT NULL) AS {c}"
                       for c in ("name", "kind", "country", "lat", "lon"))
    table = con.execute(
        "WITH m AS (SELECT *, file_row_number AS rn FROM "
        f"read_parquet({src}, file_row_number = true) WHERE place_id IS NOT NULL) "
        f"SELECT place_id, {firsts}, count(*) AS mention_count, "
        "count(DISTINCT doc_id) AS doc_count, min(rn) AS first_rn FROM m GROUP BY place_id "
        "ORDER BY mention_count DESC, name ASC NULLS LAST, first_rn").df()
    if table.empty:
        table = places_table(pd.DataFrame())
    table[PLACE_COLUMNS].to_parquet(folder / "places.parquet", index=False)
