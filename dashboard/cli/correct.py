"""``python -m dashboard correct DOC_ID START END``: review a place mention or a corridor link."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from dashboard.core.corpus import corrections as cr
from dashboard.core.corpus import store
from dashboard.core.corpus.errors import CorpusError
from dashboard.core.corpus.loader import read_document
from dashboard.core.corpus.sources_csv import read_sources_table
from dashboard.core.paths import seeds_dir

HELP = "Correct a place mention or a corridor link (kept in corrections.csv, applied on build)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of ``correct``."""
    parser.add_argument("doc_id", help="document id (or file name)")
    parser.add_argument("start", type=int, help="start offset (code points) of the mention "
                                                "or sentence")
    parser.add_argument("end", type=int, help="end offset (exclusive)")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--place", metavar="PLACE_ID", help="resolve the mention to this place")
    what.add_argument("--not-place", action="store_true", help="the mention is not a place "
                                                                "(or not this place)")
    what.add_argument("--confirm-place", action="store_true", help="the mention is right")
    what.add_argument("--corridor", metavar="ID", help="link the sentence to this corridor "
                                                       "(or confirm its link)")
    what.add_argument("--no-corridor", metavar="ID", help="remove the sentence's link")
    parser.add_argument("--scope", choices=cr.SCOPES, default="mention",
                        help="a place correction's reach: this mention, every identical "
                             "mention in the article, or in the corpus")
    parser.add_argument("--why", default="", help="reason, kept with the correction")
    parser.add_argument("--corpus", type=Path, default=None,
                        help="corpus folder (default ATLAS_SEEDS_DIR or seeds/)")


def _fields(args: argparse.Namespace) -> dict[str, str]:
    """Return the target, action and value the command line asks for."""
    if args.place:
        return {"target": "place", "action": "resolve", "value": args.place}
    if args.not_place:
        return {"target": "place", "action": "reject"}
    if args.confirm_place:
        return {"target": "place", "action": "confirm"}
    if args.corridor:
        return {"target": "corridor", "action": "add", "value": args.corridor}
    return {"target": "corridor", "action": "remove", "value": args.no_corridor}


def run(args: argparse.Namespace) -> int:
    """Record one correction; 0 when it was saved, 1 with a message otherwise."""
    folder = args.corpus or seeds_dir()
    try:
        row = read_sources_table(folder, strict=False).lookup()(args.doc_id) or {}
        file = row.get("file") or (args.doc_id if "." in args.doc_id else args.doc_id + ".txt")
        doc = read_document(Path(folder) / Path(file).name)
        fields = _fields(args)
        scope = args.scope if fields["target"] == "place" else "mention"
        corr = cr.new_correction(doc.text, doc_id=doc.doc_id, start=args.start, end=args.end,
                                 scope=scope, who=_who(), why=args.why, **fields)
        store.add_correction(folder, corr)
    except CorpusError as exc:
        print(f"not corrected: {exc}", file=sys.stderr)
        return 1
    print(f"saved {corr.id}: {corr.target} {corr.action} {corr.value or ''} "
          f"on {corr.surface!r} ({corr.scope}); run build to apply".replace("  ", " "))
    return 0


def _who() -> str:
    """Who makes a correction from the command line: the login name, else "command line"."""
    try:
        return f"{getpass.getuser()} (command line)"
    except (OSError, KeyError):
        return "command line"
