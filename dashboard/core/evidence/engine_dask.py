"""Build the evidence index on a Dask cluster (``python -m dashboard build --engine dask``).

The per-document pipeline is exactly :func:`dashboard.core.evidence.index.process_document`;
Dask (``dask.distributed``) only decides where it runs:

1. the client reads the corpus and builds the parser once
   (:func:`dashboard.core.evidence.index.make_parser`), ships the parser to every worker
   (``Client.scatter(..., broadcast=True)``) and the documents in ``partitions``
   contiguous slices;
2. each worker task analyses one slice and writes that slice's rows as one Parquet
   part per table, ``<table>.parquet/part-NNNNN.parquet``, and returns a partial place
   aggregate (mention and document counts per place; a document lives in exactly one
   slice, so counts add up); the texts and the normalised sentences for search
   (``texts.parquet``, ``search.parquet``) are parts too;
3. the client combines the partial aggregates into ``places.parquet``.

The result is a *partitioned* index folder: ``pandas.read_parquet`` reads a folder of
parts in file-name order, so :func:`dashboard.core.evidence.index.load_index` (and with it the
app's cached loader) reads it exactly like a local one, rows in corpus order.
:func:`load_index_any` is the reader for either layout; :func:`is_partitioned` tells them
apart.

Workers write their parts straight into the target folder, so on a real cluster the
cache folder must be on storage shared by the workers and the app (an NFS or similar
mount at the same path). With ``collect=True`` the parts travel back to the client and
are written there instead (no shared storage needed; the client then holds every row).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.core.corpus.loader import Document
from dashboard.core.evidence import index as evidence
from dashboard.core.evidence.engine import paused_gc
from dashboard.core.evidence.index import EvidenceIndex, Parser
from dashboard.core.evidence.sql import evidence_sentences, search_frame

#: tables written as one Parquet part per slice (``places`` is aggregated on the client).
PARTITIONED_TABLES: tuple[str, ...] = ("documents", "sentences", "mentions", "corridor_links")
MANIFEST = "_partitions.json"
_PLACE_ATTRS = ["name", "kind", "country", "lat", "lon"]
_INT = pa.int64()
_FLOAT = pa.float64()
#: Arrow types of columns that can come out all-null (type-less) from an empty slice.
_TYPES: dict[str, pa.DataType] = {
    **{c: _INT for c in ("sent_id", "start", "end", "sentence_start", "sentence_end",
                         "n_chars", "n_sentences", "n_mentions", "n_unresolved")},
    **{c: _FLOAT for c in ("lat", "lon", "confidence")},
    "in_analysis": pa.bool_(),
    "terms": pa.list_(pa.large_string()),
    "term_spans": pa.list_(pa.list_(_INT)),
}
_DOCS_PER_PARTITION = 2000


def default_partitions(n_docs: int, n_threads: int) -> int:
    """Choose how many slices to cut the corpus into.

    Enough slices to keep every worker thread busy (four per thread, so a slow slice
    does not leave others idle), and at most ~2,000 documents per slice so one task's
    rows stay small; never more slices than documents.

    Parameters
    ----------
    n_docs
        Number of documents.
    n_threads
        Total worker threads of the cluster.

    Returns
    -------
    int
        Number of slices (at least 1).
    """
    wanted = max(4 * max(n_threads, 1), math.ceil(n_docs / _DOCS_PER_PARTITION))
    return max(1, min(n_docs, wanted))


def split(docs: Sequence[Document], partitions: int) -> list[list[Document]]:
    """Cut ``docs`` into ``partitions`` contiguous, nearly equal slices (order kept).

    Parameters
    ----------
    docs
        The documents.
    partitions
        Number of slices (clipped to ``1..len(docs)``).

    Returns
    -------
    list of list of Document
        Non-empty slices whose concatenation is ``docs`` (one empty slice when
        ``docs`` is empty).
    """
    docs = list(docs)
    n = max(1, min(partitions, len(docs)))
    size, extra = divmod(len(docs), n)
    out, pos = [], 0
    for i in range(n):
        step = size + (1 if i < extra else 0)
        out.append(docs[pos:pos + step])
        pos += step
    return out


def _arrow(frame: pd.DataFrame) -> pa.Table:
    """Convert a slice's table to Arrow with stable types and no pandas metadata.

    An empty slice yields type-less (null) columns; they get the column's known type,
    so every part of a table has one schema and the folder reads as one dataset.
    """
    table = pa.Table.from_pandas(frame, preserve_index=False)
    fields = []
    for f in table.schema:
        typ = _TYPES.get(f.name, pa.large_string()) if pa.types.is_null(f.type) else f.type
        fields.append(pa.field(f.name, typ))
    return table.cast(pa.schema(fields)).replace_schema_metadata(None)


def partial_places(mentions: pd.DataFrame) -> pd.DataFrame:
    """Per-place aggregate of one slice's mentions, in order of first mention.

    Parameters
    ----------
    mentions
        A slice's mentions table.

    Returns
    -------
    pandas.DataFrame
        ``place_id``, the place attributes (first non-null value) and the slice's
        ``mention_count`` and ``doc_count``.
    """
    cols = ["place_id", *_PLACE_ATTRS, "mention_count", "doc_count"]
    if mentions.empty:
        return pd.DataFrame(columns=cols)
    grouped = mentions.groupby("place_id", sort=False)
    first = grouped[_PLACE_ATTRS].first()
    return first.assign(
        mention_count=grouped.size(), doc_count=grouped["doc_id"].nunique()
    ).reset_index()[cols]


def combine_places(partials: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Combine slices' partial aggregates into the places table.

    Gives the same rows in the same order as
    :func:`dashboard.core.evidence.index.places_table` on all mentions, because slices are
    contiguous and combined in corpus order.

    Parameters
    ----------
    partials
        Outputs of :func:`partial_places`, in slice order.

    Returns
    -------
    pandas.DataFrame
        :data:`dashboard.core.evidence.index.PLACE_COLUMNS`.
    """
    parts = [p for p in partials if not p.empty]
    if not parts:
        return pd.DataFrame(columns=evidence.PLACE_COLUMNS)
    both = pd.concat(parts, ignore_index=True)
    grouped = both.groupby("place_id", sort=False)
    table = grouped[_PLACE_ATTRS].first().assign(
        mention_count=grouped["mention_count"].sum(), doc_count=grouped["doc_count"].sum()
    ).reset_index()
    table = table.sort_values(["mention_count", "name"], ascending=[False, True])
    return table[evidence.PLACE_COLUMNS].reset_index(drop=True)


def _part_name(i: int) -> str:
    return f"part-{i:05d}.parquet"


def write_part(tables: dict[str, pa.Table], folder: Path, i: int) -> None:
    """Write slice ``i``'s tables as ``<table>.parquet/part-NNNNN.parquet`` under ``folder``.

    Parameters
    ----------
    tables
        Arrow table per name of :data:`PARTITIONED_TABLES`.
    folder
        Index folder.
    i
        Slice number.
    """
    for name, table in tables.items():
        target = Path(folder) / f"{name}.parquet"
        target.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, target / _part_name(i))


def process_partition(
    docs: Sequence[Document], parser: Parser, i: int, folder: str | None
) -> tuple[pd.DataFrame, dict[str, pa.Table] | None, int]:
    """Analyse one slice (a Dask task).

    Parameters
    ----------
    docs
        The slice's documents.
    parser
        The shared parser.
    i
        Slice number.
    folder
        Index folder to write the parts into; ``None`` returns them instead.

    Returns
    -------
    tuple
        ``(partial places, tables or None, number of documents)``.
    """
    with paused_gc():
        part = evidence.index_from_results([evidence.process_document(d, parser) for d in docs])
        tables = {name: _arrow(getattr(part, name)) for name in PARTITIONED_TABLES}
        tables["texts"] = _arrow(pd.DataFrame({
            "doc_id": pd.Series(list(part.texts), dtype="object"),
            "text": pd.Series(list(part.texts.values()), dtype="object")}))
        tables["search"] = _arrow(search_frame(part.sentences, part.texts,
                                                 evidence_sentences(part)))
    if folder is not None:
        write_part(tables, Path(folder), i)
        tables = None
    return partial_places(part.mentions), tables, len(docs)


def run_on_client(
    client,
    docs: Sequence[Document],
    parser: Parser,
    folder: Path,
    partitions: int | None = None,
    collect: bool = False,
    progress: Callable[[Document], None] | None = None,
) -> None:
    """Analyse ``docs`` on the cluster behind ``client`` and write the index to ``folder``.

    ``client`` is a connected ``distributed.Client``; the parser is sent once to every
    worker; ``folder`` must be reachable by the workers unless ``collect`` (the parts then
    come back to the client and are written here); ``partitions`` defaults to
    :func:`default_partitions`; ``progress`` hears of every document once its slice is done.
    """
    from distributed import as_completed

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    docs = list(docs)
    threads = sum(client.nthreads().values())
    slices = split(docs, partitions or default_partitions(len(docs), threads))
    shared = client.scatter(parser, broadcast=True, hash=False)
    # documents go straight to the workers, not through the scheduler inside the tasks
    chunks = client.scatter(slices, hash=False)
    futures = [
        client.submit(process_partition, chunk, shared, i, None if collect else str(folder),
                      pure=False)
        for i, chunk in enumerate(chunks)
    ]
    number = {f.key: i for i, f in enumerate(futures)}
    partials: list[pd.DataFrame | None] = [None] * len(slices)
    for future in as_completed(futures):
        i = number[future.key]
        places, tables, _ = future.result()
        partials[i] = places
        if tables is not None:
            write_part(tables, folder, i)
        future.release()
        if progress is not None:
            for doc in slices[i]:
                progress(doc)
    combine_places(partials).to_parquet(folder / "places.parquet", index=False)
    (folder / MANIFEST).write_text(
        json.dumps({"engine": "dask", "partitions": len(slices), "documents": len(docs),
                    "tables": list(PARTITIONED_TABLES)}, indent=1),
        encoding="utf-8",
    )


def connect(
    scheduler: str | None = None, workers: int | None = None, stack: ExitStack | None = None
):
    """Connect to a scheduler, or start a ``LocalCluster`` on this machine.

    Parameters
    ----------
    scheduler
        Scheduler address (``tcp://host:8786``); ``None`` starts a local cluster of
        ``workers`` single-threaded worker processes (one per core by default).
    workers
        Local workers when no scheduler is given.
    stack
        Exit stack that closes the client (and the local cluster) when it closes.

    Returns
    -------
    distributed.Client
        The connected client.
    """
    from distributed import Client, LocalCluster

    stack = stack if stack is not None else ExitStack()
    if scheduler:
        return stack.enter_context(Client(scheduler))
    cluster = stack.enter_context(LocalCluster(
        n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
        dashboard_address=None))
    return stack.enter_context(Client(cluster))


def is_partitioned(folder: Path) -> bool:
    """Tell whether ``folder`` holds an index written by this engine.

    Parameters
    ----------
    folder
        Index folder.

    Returns
    -------
    bool
        True when the partition manifest is present.
    """
    return (Path(folder) / MANIFEST).is_file()


def load_index_any(folder: Path) -> EvidenceIndex:
    """Read an index folder written by either engine.

    Parameters
    ----------
    folder
        Index folder (local layout: one Parquet file per table; Dask layout: one
        folder of parts per table).

    Returns
    -------
    EvidenceIndex
        The index, rows in corpus order.
    """
    return evidence.load_index(Path(folder))
