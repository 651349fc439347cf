"""``python -m dashboard remove ID...``: take documents out of the corpus."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.core.corpus import ingest, store
from dashboard.core.paths import seeds_dir

HELP = "Remove documents (by id or file name) from the corpus folder and sources.csv."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of ``remove``.

    Parameters
    ----------
    parser
        The verb's parser.
    """
    parser.add_argument("ids", nargs="+", metavar="ID", help="document id or file name")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help="corpus folder (default ATLAS_SEEDS_DIR or seeds/)",
    )


def run(args: argparse.Namespace) -> int:
    """Remove each document; its file is kept in the folder's ``.removed/``.

    Parameters
    ----------
    args
        Parsed arguments.

    Returns
    -------
    int
        0 when every document was removed, 1 otherwise.
    """
    folder = args.corpus or seeds_dir()
    failures = 0
    for key in args.ids:
        try:
            file = store.remove_document(folder, key)
        except ingest.IngestError as exc:
            failures += 1
            print(f"not removed {exc}", file=sys.stderr)
            continue
        print(f"removed {file} (kept in {store.REMOVED_DIR}/)")
    return 1 if failures else 0
