"""``python -m dashboard corrections``: list the analyst's corrections, stale ones marked."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from dashboard.core.corpus import corrections as cr
from dashboard.core.corpus import store
from dashboard.core.corpus.errors import CorpusError
from dashboard.core.corpus.loader import load_corpus_safe
from dashboard.core.paths import seeds_dir

HELP = "List the corrections of places and corridor links (CSV), stale ones marked."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of ``corrections``."""
    parser.add_argument("--corpus", type=Path, default=None,
                        help="corpus folder (default ATLAS_SEEDS_DIR or seeds/)")
    parser.add_argument("--remove", metavar="ID", help="take one correction out instead")


def run(args: argparse.Namespace) -> int:
    """Print the table as CSV with a ``status`` column (current / stale); 0 on success."""
    folder = args.corpus or seeds_dir()
    if args.remove:
        try:
            gone = store.remove_correction(folder, args.remove)
        except CorpusError as exc:
            print(f"not removed: {exc}", file=sys.stderr)
            return 1
        print(f"removed {gone.id} ({gone.target} {gone.action} on {gone.surface!r})")
        return 0
    table = cr.read_corrections(folder)
    texts = {d.doc_id: d.text for d in load_corpus_safe(folder).documents}
    stale = {c.id for c in cr.stale_corrections(table, texts.get)}
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow([*cr.COLUMNS, "status"])
    for corr in table.rows:
        values = [getattr(corr, col) for col in cr.COLUMNS]
        writer.writerow([*values, "stale" if corr.id in stale else "current"])
    for problem in table.problems:
        print(problem, file=sys.stderr)
    return 0
