"""``python -m dashboard add FILE... [--title T --outlet O --date D --url U]``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dashboard.core.corpus import ingest, store
from dashboard.core.paths import seeds_dir

HELP = "Add articles (.txt, .md, .html, .pdf) to the corpus folder and sources.csv."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of ``add``.

    Parameters
    ----------
    parser
        The verb's parser.
    """
    parser.add_argument("files", nargs="+", metavar="FILE", help="article files to add")
    parser.add_argument("--title", default="", help="title (only with a single FILE)")
    parser.add_argument("--url", default="", help="address of the article (single FILE only)")
    parser.add_argument("--outlet", default="", help="publishing outlet")
    parser.add_argument("--author", default="", help="author")
    parser.add_argument("--date", default="", help="publication date, YYYY-MM-DD (default: "
                        "the page's metadata, a date in the URL or a dateline; else undated)")
    parser.add_argument("--licence", default="", help="licence of the text, e.g. 'CC BY 4.0'")
    parser.add_argument(
        "--encoding", default=None, help="force the encoding of text files (default: detect)"
    )
    parser.add_argument(
        "--max-mb",
        default=None,
        help=f"size limit per file in MB of 1,000,000 bytes (default {ingest.MAX_MB_ENV} or "
        f"{ingest.DEFAULT_MAX_MB:g})",
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help="corpus folder (default ATLAS_SEEDS_DIR or seeds/)",
    )


def run(args: argparse.Namespace) -> int:
    """Add each file; report one line per file.

    Parameters
    ----------
    args
        Parsed arguments.

    Returns
    -------
    int
        0 when every file was added, 1 when at least one was rejected (the others are
        still added), 2 on a usage error.
    """
    if len(args.files) > 1 and (args.title or args.url):
        print("add: --title and --url describe one article; give a single FILE", file=sys.stderr)
        return 2
    try:
        limit = (ingest.parse_limit_mb(args.max_mb, "--max-mb") if args.max_mb is not None
                 else ingest.max_bytes())
    except ValueError as exc:
        print(f"add: {exc}", file=sys.stderr)
        return 2
    folder = args.corpus or seeds_dir()
    meta = {k: getattr(args, k) for k in ("title", "author", "outlet", "date", "url", "licence")}
    failures = 0
    for name in args.files:
        path = Path(name)
        started = time.perf_counter()
        try:
            raw = ingest.read_limited(path, limit)
            prepared = ingest.prepare_file(raw, path.name, limit=limit, encoding=args.encoding)
            result = store.add_document(folder, prepared, meta)
        except ingest.IngestError as exc:
            failures += 1
            where = f" (corpus folder {Path(folder).name}/)" if exc.kind == "storage" else ""
            print(f"rejected {ingest.display_name(exc)}{where}", file=sys.stderr)
            continue
        except OSError as exc:  # a full or read-only corpus disk: nothing half-written
            failures += 1
            print(f"rejected {ingest.display_name(path.name)}: could not be written to the "
                  f"corpus folder {Path(folder).name}/ ({exc.strerror or exc})", file=sys.stderr)
            continue
        for note in prepared.notes:
            print(f"note: {ingest.display_name(note)}")
        print(
            f"added {ingest.display_name(path.name)} as {result.path.name} "
            f"({prepared.extraction}; {len(prepared.text)} characters; "
            f'"{ingest.display_name(result.row["title"])}") '
            f"in {time.perf_counter() - started:.2f} s"
        )
    return 1 if failures else 0
