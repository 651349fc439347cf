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

from dashboard.core.corpus import Document, document_from_text, load_corpus
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
