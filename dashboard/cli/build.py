"""``python -m dashboard build``: build (or load) the evidence index and summarise it."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dashboard.core.corpus.loader import CorpusError, corpus_files, skipped_entries
from dashboard.core.evidence import cachestore
from dashboard.core.evidence.cache import load_or_build
from dashboard.core.evidence.index import fingerprint
from dashboard.core.evidence.sql import EvidenceStore
from dashboard.core.parse.gazetteer import GazetteerError
from dashboard.core.paths import cache_dir, geodata_dir, seeds_dir

HELP = "Build the evidence index (places, excerpts, corridor links) from the corpus."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the options of ``build``.

    Parameters
    ----------
    parser
        The verb's parser.
    """
    parser.add_argument("--seeds", type=Path, default=None, help="corpus folder")
    parser.add_argument("--geodata", type=Path, default=None, help="geodata folder")
    parser.add_argument("--cache", type=Path, default=None, help="cache folder")
    parser.add_argument("--force", action="store_true", help="rebuild even if cached")
    parser.add_argument("--engine", choices=["local", "dask"], default="local",
                        help="run the analysis here (local) or on a Dask cluster (dask)")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="Dask scheduler address (default: a local cluster, one worker "
                        "per core)")
    parser.add_argument("--partitions", type=int, default=None, metavar="N",
                        help="Dask: number of corpus slices (default: from corpus and cluster)")


class ProgressBar:
    """A minimal text progress bar on a stream.

    Parameters
    ----------
    total
        Number of steps.
    stream
        Output stream (stderr by default).
    width
        Bar width in characters.
    """

    def __init__(self, total: int, stream=None, width: int = 30) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.stream = stream or sys.stderr
        self.width = width
        self.started = time.perf_counter()

    def step(self, label: str = "") -> None:
        """Advance by one step and redraw.

        Parameters
        ----------
        label
            Text shown after the bar (e.g. the current file).
        """
        self.done += 1
        filled = int(self.width * self.done / self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        elapsed = time.perf_counter() - self.started
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} {elapsed:5.1f}s {label[:40]:<40}")
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


def summary_rows(store: EvidenceStore) -> list[tuple[str, str]]:
    """Rows of the summary table, counted in SQL over the index files.

    Parameters
    ----------
    store
        The built index.

    Returns
    -------
    list of tuple of str
        ``(label, value)`` pairs.
    """
    unresolved = store.sql("SELECT coalesce(sum(n_unresolved), 0) AS n FROM documents")
    rows = [
        ("documents", str(store.count("documents"))),
        ("sentences", str(store.count("sentences"))),
        ("mentions", str(store.count("mentions"))),
        ("places", str(store.count("places"))),
        ("unresolved candidates", str(int(unresolved["n"].iloc[0]))),
    ]
    per = store.sql("SELECT corridor, count(*) AS n FROM corridor_links GROUP BY corridor "
                    "ORDER BY corridor")
    for cid, n in zip(per["corridor"], per["n"], strict=True):
        rows.append((f"excerpts: {cid}", str(int(n))))
    rows.append(("excerpts: all corridors", str(int(per["n"].sum()))))
    return rows


def format_table(rows: list[tuple[str, str]]) -> str:
    """Format label/value rows as a two-column text table.

    Parameters
    ----------
    rows
        ``(label, value)`` pairs.

    Returns
    -------
    str
        The table.
    """
    w1 = max(len(a) for a, _ in rows)
    w2 = max(len(b) for _, b in rows)
    line = f"+-{'-' * w1}-+-{'-' * w2}-+"
    body = [f"| {a:<{w1}} | {b:>{w2}} |" for a, b in rows]
    return "\n".join([line, *body, line])


def run(args: argparse.Namespace) -> int:
    """Build the index and print the summary.

    Parameters
    ----------
    args
        Parsed options.

    Returns
    -------
    int
        0 on success, 2 on unreadable input.
    """
    seeds = args.seeds or seeds_dir()
    geodata = args.geodata or geodata_dir()
    cache = args.cache or cache_dir()
    try:
        if args.force:
            cachestore.set_aside(Path(cache) / "evidence" / fingerprint(seeds, geodata))
        for message in skipped_entries(seeds):
            print(f"build: {message}", file=sys.stderr)
        bar = ProgressBar(len(corpus_files(seeds)) if Path(seeds).is_dir() else 0)
        folder = load_or_build(seeds, geodata, cache, engine=args.engine,
                               progress=lambda d: bar.step(d.file),
                               notice=lambda m: print(f"build: {m}", file=sys.stderr),
                               scheduler=args.scheduler, partitions=args.partitions)
    except (CorpusError, GazetteerError, OSError, ValueError) as exc:
        print(f"build: {exc}", file=sys.stderr)
        return 2
    if bar.done == 0:
        print("index up to date (loaded from cache)", file=sys.stderr)
    print(format_table(summary_rows(EvidenceStore(folder))))
    return 0
