"""Generated corpora for the benchmarks: any number of documents made from the seeds.

Texts come from :func:`bench_extract.synthetic_corpus` (random seed paragraphs, 8-20 per
document, fixed random seed), so the build benchmarks and the extract benchmark analyse
the same kind of text. Documents live in memory; :func:`write_corpus` puts them under a
temporary folder when a benchmark needs files (never under ``seeds/``).
"""

from __future__ import annotations

import csv
from pathlib import Path

import common  # noqa: F401  (puts the repository on sys.path)
from bench_extract import synthetic_corpus

from dashboard.core.corpus.loader import Document, document_from_text, load_corpus
from dashboard.core.paths import seeds_dir

OUTLETS = ("Bench Wire", "Generated Times", "Synthetic Review")


def seed_texts() -> list[str]:
    """Texts of the seed articles."""
    return [d.text for d in load_corpus(seeds_dir())]


def generate(n_docs: int, seed: int = 7, texts: list[str] | None = None) -> list[Document]:
    """Make ``n_docs`` documents (deterministic for a given ``seed``).

    Parameters
    ----------
    n_docs
        Number of documents.
    seed
        Random seed of the paragraph sampling.
    texts
        Source texts (the seeds by default).

    Returns
    -------
    list of Document
        Documents ``gen000000`` ... with metadata, furniture detection applied.
    """
    bodies = synthetic_corpus(texts if texts is not None else seed_texts(), n_docs, seed)
    return [
        document_from_text(body, f"gen{i:06d}.txt", {
            "title": f"Generated article {i}", "author": "", "outlet": OUTLETS[i % 3],
            "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", "url": ""})
        for i, body in enumerate(bodies)
    ]


def write_corpus(docs: list[Document], folder: Path) -> Path:
    """Write ``docs`` as text files plus ``sources.csv`` into ``folder``.

    Parameters
    ----------
    docs
        Documents.
    folder
        Target folder (created).

    Returns
    -------
    Path
        ``folder``.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for d in docs:
        (folder / d.file).write_text(d.text, encoding="utf-8")
    with (folder / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "file", "title", "author", "outlet", "date", "url", "basis"])
        for d in docs:
            writer.writerow([Path(d.file).stem, d.file, d.title, d.author, d.outlet, d.date,
                             d.url, "generated from the seed articles by bench/corpus_gen.py"])
    return folder


def replicate(base: list[Document], n_docs: int) -> list[Document]:
    """Make ``n_docs`` documents whose texts cycle through ``base`` (new ids and metadata).

    With :func:`replicate_index`, a large corpus and its index without analysing it all:
    document ``i`` has the text of ``base[i % len(base)]``, so its index rows are that
    document's rows under the new id.
    """
    return [
        document_from_text(base[i % len(base)].text, f"gen{i:06d}.txt", {
            "title": f"Generated article {i}", "author": "", "outlet": OUTLETS[i % 3],
            "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", "url": ""})
        for i in range(n_docs)
    ]


def replicate_index(base_folder: Path, base: list[Document], docs: list[Document],
                    out: Path) -> Path:
    """Write the index of :func:`replicate` ``docs`` by copying the rows of ``base``'s index.

    ``base_folder`` is the built index of ``base`` (one Parquet file per table). Every
    table is rewritten in DuckDB with the ids substituted (document rows take the new
    metadata); the places table is aggregated again. The result equals building ``docs``.
    """
    import duckdb
    import pandas as pd

    from dashboard.core.evidence.stream import write_places

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(":memory:")
    con.register("ids", pd.DataFrame({
        "i": range(len(docs)), "new_id": [d.doc_id for d in docs],
        "base_id": [base[i % len(base)].doc_id for i in range(len(docs))],
        "file": [d.file for d in docs], "title": [d.title for d in docs],
        "author": [d.author for d in docs], "outlet": [d.outlet for d in docs],
        "date": [d.date for d in docs], "url": [d.url for d in docs]}))
    meta = ("file", "title", "author", "outlet", "date", "url")
    for name in ("documents", "sentences", "mentions", "corridor_links", "texts", "search"):
        src = str(Path(base_folder) / f"{name}.parquet").replace("'", "''")
        swap = ["ids.new_id AS doc_id"] + ([f"ids.{c} AS {c}" for c in meta]
                                           if name == "documents" else [])
        cols = ", ".join(swap)
        target = str(out / f"{name}.parquet").replace("'", "''")
        con.execute(
            f"COPY (SELECT t.* EXCLUDE (file_row_number) REPLACE ({cols}) FROM "
            f"read_parquet('{src}', file_row_number = true) t "
            "JOIN ids ON t.doc_id = ids.base_id ORDER BY ids.i, t.file_row_number) "
            f"TO '{target}' (FORMAT parquet)")
    write_places(out)
    return out
